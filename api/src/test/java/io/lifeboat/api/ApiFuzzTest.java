package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.CatalogRows;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Schemathesis (installed by deploy/install-schemathesis.sh) derives about a thousand malformed
 * requests from the API's own OpenAPI description (negative data only: wrong types, missing and
 * extra fields, out-of-range numbers, odd strings in paths, queries, headers and bodies) and sends
 * them to the real application with a real catalog. None may get a 5xx; none may start a workflow
 * or record a run or a backup. Refusals may be audited, nothing else is written.
 *
 * <p>Checks used: {@code not_a_server_error}. Response schema conformance is left out: the
 * description names the error body but not every status each operation can refuse with.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ApiFuzzTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = ApiFixture.app(CATALOG);
  /** About 14 operations that take parameters or bodies × this many examples ≈ 1,000 requests. */
  private static final int EXAMPLES_PER_OPERATION = 83;
  private static final String SEED = "14";

  @Test
  void malformedRequestsGetNoServerErrorAndStartNothing() throws Exception {
    Catalog catalog = new Catalog(CATALOG.dataSource());
    CatalogRows.backup(catalog, "20260101T000000Z-aaaaaa", "orders", Instant.now().minusSeconds(600));
    Set<String> before = executions();

    Path log = Files.createTempFile("schemathesis", ".log");
    String api = "http://127.0.0.1:" + APP.getLocalPort();
    ProcessBuilder command = new ProcessBuilder(schemathesis(), "run", api + "/api/v1/openapi.yaml",
        "--base-url", api,
        "--checks", "not_a_server_error",
        "--data-generation-method", "negative",
        "--hypothesis-seed", SEED,
        "--hypothesis-max-examples", String.valueOf(EXAMPLES_PER_OPERATION),
        "--hypothesis-phases", "explicit,generate",
        "--hypothesis-database", "none",
        // Operations whose path holds a patterned id ({backupId}, {runId}, {drillId}, a runbook
        // {name}): Hypothesis filters away nearly every negative example for them and gives up;
        // their bodies and odd ids are covered by UnparseableBodiesTest and the resource tests.
        // The dashboard's static {file}: some generated paths are dropped by Jetty's own URI
        // parsing before Lifeboat sees them (connection closed); DashboardPageTest covers the
        // unknown and traversing names that reach it.
        "--exclude-path-regex", ".*\\{(backupId|runId|drillId|name|file)\\}.*",
        "--request-timeout", "10000",
        "--workers", "1",
        "--header", "X-Lifeboat-User: fuzz",
        "--no-color")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    command.environment().put("PYTHONUNBUFFERED", "1");
    Process run = command.start();
    boolean finished = run.waitFor(110, TimeUnit.SECONDS);
    if (!finished) {
      run.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);

    assertThat(finished).as("schemathesis finished in time:\n%s", output).isTrue();
    assertThat(run.exitValue()).as("schemathesis found server errors:\n%s", output).isZero();
    Matcher checked = Pattern.compile("not_a_server_error\\s+(\\d+) / (\\d+) passed").matcher(output);
    assertThat(checked.find()).as("schemathesis summary:\n%s", output).isTrue();
    System.out.println("schemathesis: " + checked.group(0));
    assertThat(Integer.parseInt(checked.group(2))).as("requests checked").isBetween(800, 2_000);
    Set<String> after = executions();
    after.removeAll(before);
    assertThat(after).as("workflows started by malformed requests").isEmpty();
    assertThat(catalog.listRuns(1_000)).isEmpty();
    assertThat(catalog.listBackups(null, 1_000)).extracting("backupId").containsExactly("20260101T000000Z-aaaaaa");
    assertThat(catalog.listAudit(null, 10_000)).extracting(AuditEntry::outcome).doesNotContain(AuditEntry.ACCEPTED);
    assertThat(RawHttp.get(APP.getLocalPort(), "/metrics").body()).doesNotContain("lifeboat_runs_started_total");
  }

  private static String schemathesis() {
    String cache = System.getenv("LIFEBOAT_CACHE");
    if (cache == null) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      cache = (xdg != null ? xdg : System.getProperty("user.home") + "/.cache") + "/lifeboat";
    }
    Path binary = Path.of(cache, "schemathesis", "bin", "schemathesis");
    assertThat(binary).as("schemathesis is not installed; run deploy/install-schemathesis.sh").isExecutable();
    return binary.toString();
  }

  /**
   * Every execution of the test namespace, open or closed, as workflow id and run id. The test
   * server is shared by the test JVM, so the check compares before and after.
   */
  private static Set<String> executions() {
    var stub = FakeWorker.get().client().getWorkflowServiceStubs().blockingStub();
    String namespace = FakeWorker.get().client().getOptions().getNamespace();
    Set<String> runs = new HashSet<>();
    stub.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setMaximumPageSize(10_000).build())
        .getExecutionsList().forEach(e -> runs.add(e.getExecution().getWorkflowId() + "/" + e.getExecution().getRunId()));
    stub.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setMaximumPageSize(10_000).build())
        .getExecutionsList().forEach(e -> runs.add(e.getExecution().getWorkflowId() + "/" + e.getExecution().getRunId()));
    return runs;
  }
}
