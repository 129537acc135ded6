package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

/** {@code lifeboat status} judges freshness by the newest *verified* backup, from the API's answer. */
class StatusCommandTest {
  private static final String TARGETS = """
      [
        {"name": "fresh", "kind": "postgres", "objectives": {"rpo": "PT1H", "rto": "PT15M"},
         "newestBackup": {"backupId": "f2", "ageSeconds": 60},
         "newestVerifiedBackup": {"backupId": "f1", "ageSeconds": 1800}, "rpoBreached": false,
         "copies": [{"location": "offsite", "lagSeconds": 0}, {"location": "vault", "lagSeconds": 7500}]},
        {"name": "stale", "kind": "postgres", "objectives": {"rpo": "PT1H", "rto": "PT15M"},
         "newestBackup": {"backupId": "s2", "ageSeconds": 60},
         "newestVerifiedBackup": {"backupId": "s1", "ageSeconds": 9000}, "rpoBreached": false},
        {"name": "cluster", "kind": "postgres-cluster", "objectives": {"rpo": "PT1H", "rto": "PT15M"},
         "newestBackup": {"backupId": "c1", "ageSeconds": 60},
         "newestVerifiedBackup": {"backupId": "c1", "ageSeconds": 60}, "rpoBreached": false,
         "copies": [{"location": "offsite", "lagSeconds": 0}],
         "walCopies": [{"location": "offsite", "pendingFiles": 2, "lagSeconds": 65,
                        "newestCopied": "000000010000000000000007", "error": null},
                       {"location": "vault", "pendingFiles": null, "lagSeconds": null}]},
        {"name": "never", "kind": "files", "objectives": {"rpo": "P1D", "rto": "PT1H"},
         "newestBackup": {"backupId": "n1", "ageSeconds": 10},
         "newestVerifiedBackup": null, "rpoBreached": false,
         "copies": [{"location": "offsite", "lagSeconds": null}]}
      ]""";

  @Test
  void aTargetWhoseNewestVerifiedBackupIsOlderThanItsRpoIsBreachedEvenWithAFreshUnverifiedOne() throws Exception {
    JsonNode targets = new ObjectMapper().readTree(TARGETS);
    ArrayNode statuses = StatusCommand.freshness(targets);

    assertThat(statuses).extracting(s -> s.path("target").asText() + " " + s.path("breached").asBoolean())
        .containsExactly("fresh false", "stale true", "cluster false", "never true");
    String table = StatusCommand.table(statuses);
    assertThat(table).contains(
        "fresh            1h         f1                         30m            1m             offsite 0s, vault 2h5m ok");
    assertThat(table).contains("stale            1h         s1                         2h30m          1m             -   ");
    assertThat(table).contains("offsite never");
    assertThat(table).contains("BREACHED (1h30m over)");
    assertThat(table).contains("BREACHED (no verified backup)");
    assertThat(table).contains(
        "WAL of cluster at offsite: 2 files behind, oldest 1m5s (last copied 000000010000000000000007)\n");
    assertThat(table).contains("WAL of cluster at vault: never copied (");
  }

  @Test
  void agesAreCompact() {
    assertThat(StatusCommand.age(12)).isEqualTo("12s");
    assertThat(StatusCommand.age(250)).isEqualTo("4m10s");
    assertThat(StatusCommand.age(7500)).isEqualTo("2h5m");
    assertThat(StatusCommand.age(3 * 86_400 + 4 * 3600)).isEqualTo("3d4h");
  }
}
