package io.lifeboat.worker.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigRedactionTest {
  @Test
  void secretsAreLeftOutAndReferencesToWhereTheyComeFromKept() {
    String redacted = ConfigRedaction.redact("""
        storage:
          bucket: backups
          accessKey: AKIAEXAMPLE
          secretKey: ${S3_SECRET}
        encryption:
          signingKey: /etc/lifeboat/signing.sec.asc
          signingKeyPassphrase: hunter2
          decryptionKey:
            passphraseEnv: LIFEBOAT_KEY_PASSPHRASE
        catalog:
          url: jdbc:postgresql://db:5432/lifeboat
          password: s3cret
        auth:
          tokens:
            - principal: ops
              token: tok-123
        targets:
          orders:
            kind: postgres
            password: 1234
            url: postgres://app:inline-pass@db/orders
        """);

    assertThat(redacted).doesNotContain("AKIAEXAMPLE", "hunter2", "s3cret", "tok-123", "1234", "inline-pass")
        .contains("${S3_SECRET}", "LIFEBOAT_KEY_PASSPHRASE", "/etc/lifeboat/signing.sec.asc", "bucket: backups",
            "principal: ops", "postgres://app:<redacted>@db/orders", "jdbc:postgresql://db:5432/lifeboat");
  }

  @Test
  void defaultsOfReferencesHeadersAndSecretsInUrlQueriesAreLeftOutToo() {
    String redacted = ConfigRedaction.redact("""
        targets:
          shop: {kind: postgres, password: "${PG_PW:-hunter2}"}
        hooks:
          notify: {headers: {Authorization: "Bearer abc123", X-Api-Key: k3y}}
        catalog:
          url: "jdbc:postgresql://db/catalog?user=lifeboat&password=pa55&ssl=true"
        """);

    assertThat(redacted).doesNotContain("hunter2", "abc123", "k3y", "pa55")
        .contains("${PG_PW:-<redacted>}", "user=lifeboat", "ssl=true");
  }

  @Test
  void secretReferencesAreKeptAndSecretsThatMerelyHoldAColonAreNot() {
    String redacted = ConfigRedaction.redact("""
        catalog: {password: "${vault:secret/lifeboat/catalog#password}"}
        encryption:
          signingKeySecret: "aws-secretsmanager:lifeboat/signing"
          decryptionKeys: [{secret: "aws-kms:/etc/lifeboat/key.kms"}]
        targets:
          shop: {password: "shop:hunter2", token: "${vault:secret/x}"}
        """);

    assertThat(redacted)
        .contains("password: ${vault:secret/lifeboat/catalog#password}")
        .contains("signingKeySecret: aws-secretsmanager:lifeboat/signing")
        .contains("secret: aws-kms:/etc/lifeboat/key.kms")
        .doesNotContain("hunter2")
        .doesNotContain("secret/x");
  }

  @Test
  void notificationChannelsKeepTheirHostsButNotTheirTokens() {
    String redacted = ConfigRedaction.redact("""
        notifications:
          channels:
            chat: {type: slack, url: "https://hooks.slack.com/services/T000/B000/XXXXSECRET"}
            hook: {type: webhook, url: "https://ops.internal/lifeboat/${HOOK_TOKEN}"}
            pager: {type: pagerduty, routingKey: R0UT1NGKEY}
            mail: {type: email, host: smtp.internal, password: m4il}
            am: {type: alertmanager, url: "http://lifeboat:am-pa55@alertmanager.internal:9093"}
            hook2: {type: webhook, url: "https://bot:w3bh00k@ops.internal/lifeboat/${HOOK_TOKEN}"}
        """);

    assertThat(redacted).doesNotContain("XXXXSECRET", "R0UT1NGKEY", "m4il", "am-pa55", "w3bh00k")
        .contains("http://<redacted>@alertmanager.internal:9093")
        .contains("https://hooks.slack.com/<redacted>", "https://ops.internal/lifeboat/${HOOK_TOKEN}",
            "smtp.internal");
  }

  @Test
  void payloadKeysKeepTheirIdsOnly() {
    String redacted = ConfigRedaction.redact("""
        temporal:
          payloadKeys:
            - id: k2026
              key: q1w2e3r4t5y6u7i8o9p0q1w2e3r4t5y6u7i8o9p0abc=
            - id: k2025
              key: ${OLD_PAYLOAD_KEY}
        """);

    assertThat(redacted).doesNotContain("q1w2e3r4")
        .contains("id: k2026", "id: k2025", "${OLD_PAYLOAD_KEY}", ConfigRedaction.REDACTED);
  }

  @Test
  void aFileThatIsNotYamlIsRefusedWithOneLine() {
    assertThatThrownBy(() -> ConfigRedaction.redact("storage: [unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the configuration is not YAML: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
