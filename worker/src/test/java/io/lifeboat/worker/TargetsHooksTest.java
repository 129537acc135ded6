package io.lifeboat.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import io.lifeboat.activities.hooks.Hook;
import io.lifeboat.activities.hooks.TargetHooks;
import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.HookConfig;
import io.lifeboat.config.HooksConfig;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.TargetConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The configured hooks as the worker runs them: an sql hook goes to the target's own server and database. */
@Timeout(30)
class TargetsHooksTest {
  @Test
  void eachHookBecomesWhatTheWorkerRuns() {
    PostgresTargetConfig shop = new PostgresTargetConfig();
    shop.setHost("shop-db");
    shop.setDatabase("shop");
    shop.setUser("backup");
    shop.setPassword("pw");
    shop.setHooks(hooks(sql("CHECKPOINT"), http("https://shop.internal/resume")));
    PostgresClusterTargetConfig main = new PostgresClusterTargetConfig();
    main.setHost("main-db");
    main.setUser("replicator");
    main.setHooks(hooks(sql("CHECKPOINT"), null));
    FilesTargetConfig uploads = new FilesTargetConfig();
    uploads.setHooks(hooks(null, command("/usr/local/bin/thaw", "/srv/uploads")));
    FilesTargetConfig logs = new FilesTargetConfig();
    logs.setHooks(new HooksConfig());
    Map<String, TargetConfig> configured = new LinkedHashMap<>();
    configured.put("shop", shop);
    configured.put("main", main);
    configured.put("uploads", uploads);
    configured.put("logs", logs);
    configured.put("plain", new FilesTargetConfig());

    Map<String, TargetHooks> hooks = Targets.hooks(configured);

    assertThat(hooks).containsOnlyKeys("shop", "main", "uploads");
    Hook.Sql checkpoint = (Hook.Sql) hooks.get("shop").before();
    assertThat(checkpoint.sql()).isEqualTo("CHECKPOINT");
    assertThat(checkpoint.database()).isEqualTo("shop");
    assertThat(checkpoint.server().host()).isEqualTo("shop-db");
    assertThat(checkpoint.server().password()).isEqualTo("pw");
    assertThat(checkpoint.timeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    Hook.Http resume = (Hook.Http) hooks.get("shop").after();
    assertThat(resume.url()).isEqualTo(URI.create("https://shop.internal/resume"));
    assertThat(resume.method()).isEqualTo("POST");
    Hook.Sql clusterCheckpoint = (Hook.Sql) hooks.get("main").before();
    assertThat(clusterCheckpoint.database()).isEqualTo("postgres");
    assertThat(clusterCheckpoint.server().host()).isEqualTo("main-db");
    assertThat(hooks.get("main").after()).isNull();
    assertThat(((Hook.Command) hooks.get("uploads").after()).argv())
        .containsExactly("/usr/local/bin/thaw", "/srv/uploads");
    assertThat(hooks.get("uploads").after().toString()).isEqualTo("command hook");
  }

  private static HooksConfig hooks(HookConfig before, HookConfig after) {
    HooksConfig hooks = new HooksConfig();
    hooks.setBefore(before);
    hooks.setAfter(after);
    return hooks;
  }

  private static HookConfig sql(String sql) {
    HookConfig hook = new HookConfig();
    hook.setSql(sql);
    return hook;
  }

  private static HookConfig http(String url) {
    HookConfig.Http http = new HookConfig.Http();
    http.setUrl(url);
    HookConfig hook = new HookConfig();
    hook.setHttp(http);
    hook.setTimeout(Duration.seconds(10));
    return hook;
  }

  private static HookConfig command(String... argv) {
    HookConfig hook = new HookConfig();
    hook.setCommand(List.of(argv));
    return hook;
  }
}
