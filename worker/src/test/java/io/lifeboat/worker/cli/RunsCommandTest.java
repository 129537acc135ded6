package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code lifeboat runs} filters by query parameters the API applies; type and status are taken in
 * any case. The API is {@link ScriptedApi}, a real HTTP server that records what it was asked.
 */
class RunsCommandTest {
  @Test
  void theFiltersBecomeQueryParametersWithTypeAndStatusInCapitals() throws Exception {
    try (ScriptedApi api = ScriptedApi.onFreePort().answer("GET /api/v1/runs", "[]")) {
      int exit = Main.commandLine().execute("runs", "--target", "orders", "--type", "backup", "--status", "Failed",
          "--limit", "5", "--json", "--api", api.uri().toString());

      assertThat(exit).isZero();
      assertThat(api.requests()).containsExactly("GET /api/v1/runs?limit=5&target=orders&type=BACKUP&status=FAILED");
    }
  }

  @Test
  void withoutFiltersOnlyTheLimitIsSent() throws Exception {
    try (ScriptedApi api = ScriptedApi.onFreePort().answer("GET /api/v1/runs", "[]")) {
      int exit = Main.commandLine().execute("runs", "--json", "--api", api.uri().toString());

      assertThat(exit).isZero();
      assertThat(api.requests()).containsExactly("GET /api/v1/runs?limit=20");
    }
  }
}
