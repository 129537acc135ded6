package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.StartDrill;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.drill.DrillReport;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /api/v1/drills}: a start is checked (runbook or target, parameters) before a DrillWorkflow
 * starts under the drill's id; lists and entries come from the catalog, reports from the bucket
 * (here a map in place of the worker's storage client: the bucket itself is the worker's, tested there).
 * No worker here runs the drill.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DrillsEndpointTest {
  private static final EmbeddedPostgresFixture.Database CATALOG_DATABASE = EmbeddedPostgresFixture.newDatabase();
  private static final Map<String, byte[]> BUCKET = new ConcurrentHashMap<>();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP =
      ApiFixture.app(WithBucket.class, CATALOG_DATABASE);
  private static final Instant AT = Instant.parse("2026-09-01T03:00:00Z");

  private final List<String> started = new ArrayList<>();

  /** The API with its drill reports read from {@link #BUCKET}, as the worker attaches the real bucket. */
  public static final class WithBucket extends LifeboatApplication {
    public WithBucket() {
      super(bucket(), (configuration, environment) -> {});
    }

    private static DrillReportBucket bucket() {
      DrillReportBucket reports = new DrillReportBucket();
      reports.readFrom(key -> Optional.ofNullable(BUCKET.get(key)));
      return reports;
    }
  }

  @AfterEach
  void terminate() {
    for (String id : started) {
      try {
        FakeWorker.get().client().newUntypedWorkflowStub(id).terminate("test over");
      } catch (RuntimeException e) {
        // already ended
      }
    }
  }

  @Test
  void startsADrillOfATargetUnderItsDrillId() {
    RunReference run = start(new StartDrill(null, "orders", null, "quarterly", true, null));

    assertThat(run.workflowId()).matches("drill-\\d{8}-\\d{6}-orders");
    assertThat(run.type()).isEqualTo("DRILL");
    assertThat(run.target()).isEqualTo("orders");
    WorkflowStub stub = FakeWorker.get().client().newUntypedWorkflowStub(run.workflowId());
    var described = stub.describe();
    assertThat(run.runId()).isEqualTo(run.workflowId() + "/" + described.getExecution().getRunId());
    assertThat(described.getWorkflowType()).isEqualTo("DrillWorkflow");
    assertThat(ApiFixture.client(APP).audit(null, 10)).anySatisfy(event -> {
      assertThat(event.path("runId").asText()).isEqualTo(run.runId());
      assertThat(event.path("outcome").asText()).isEqualTo("ACCEPTED");
    });
  }

  @Test
  void startsADrillOfARunbookWithItsParameters() {
    RunReference run = start(new StartDrill("postgres-restore", null, Map.of("target", "orders", "database",
        "orders", "app_service", "orders.service", "health_url", "http://localhost:8080/health",
        "jdbc_url", "jdbc:postgresql://localhost/orders"), null, false, true));

    assertThat(run.workflowId()).matches("drill-\\d{8}-\\d{6}-postgres-restore");
  }

  @Test
  void refusesABadStartWithOneLineNamingWhatIsKnownAndStartsNothing() {
    LifeboatClient client = ApiFixture.client(APP);

    assertRefused(() -> client.startDrill(new StartDrill(null, null, null, null, false, null)), 400,
        "a drill needs exactly one of runbook and target");
    assertRefused(() -> client.startDrill(new StartDrill("postgres-restore", "orders", null, null, false, null)), 400,
        "a drill needs exactly one of runbook and target");
    assertRefused(() -> client.startDrill(new StartDrill("nope", null, null, null, false, null)), 404,
        "no runbook 'nope'");
    assertRefused(() -> client.startDrill(new StartDrill(null, "nope", null, null, false, null)), 404,
        "unknown target 'nope'");
    assertRefused(() -> client.startDrill(new StartDrill(null, "orders", Map.of("x", "1"), null, false, null)), 400,
        "a target's drill takes no parameters, got x");
    assertRefused(() -> client.startDrill(new StartDrill("postgres-restore", null, Map.of(), null, false, null)), 400,
        "target");
  }

  @Test
  void listsDrillsFromTheCatalogAndServesTheirReports() {
    Catalog catalog = new Catalog(CATALOG_DATABASE.dataSource());
    DrillEntry runbook = entry("drill-20260901-030000-full", "full", List.of("orders", "billing"), AT, true);
    DrillEntry orders = entry("drill-20260902-030000-orders", "orders", List.of("orders"), AT.plusSeconds(86_400),
        false);
    DrillEntry billing = entry("drill-20260903-030000-billing", "billing", List.of("billing"),
        AT.plusSeconds(2 * 86_400), true);
    List.of(runbook, orders, billing).forEach(catalog::recordDrill);
    BUCKET.put(DrillReport.key(orders.drillId(), "md"), "# Drill of orders\n".getBytes(StandardCharsets.UTF_8));
    BUCKET.put(DrillReport.key(orders.drillId(), "html"), "<!doctype html><p>orders".getBytes(StandardCharsets.UTF_8));
    LifeboatClient client = ApiFixture.client(APP);

    assertThat(client.drills(null, 10)).extracting(d -> d.path("drillId").asText())
        .containsExactly(billing.drillId(), orders.drillId(), runbook.drillId());
    assertThat(client.drills("orders", 1)).extracting(d -> d.path("drillId").asText())
        .containsExactly(orders.drillId());
    JsonNode one = client.drill(runbook.drillId());
    assertThat(one.path("targets")).extracting(JsonNode::asText).containsExactly("orders", "billing");
    assertThat(one.path("startedAt").asText()).isEqualTo("2026-09-01T03:00:00Z");
    assertThat(one.path("achievedRtoMillis").asLong()).isEqualTo(60_000L);
    assertThat(new String(client.drillReport(orders.drillId(), "md"), StandardCharsets.UTF_8))
        .isEqualTo("# Drill of orders\n");
    assertThat(new String(client.drillReport(orders.drillId(), "html"), StandardCharsets.UTF_8))
        .startsWith("<!doctype html>");

    assertRefused(() -> client.drill("drill-nope"), 404, "no drill 'drill-nope' in the catalog");
    assertRefused(() -> client.drillReport(orders.drillId(), "json"), 404,
        "drill '" + orders.drillId() + "' has no report at _lifeboat/drills/" + orders.drillId() + "/report.json");
    assertRefused(() -> client.drillReport("drill-nope", "md"), 404, "no drill 'drill-nope' in the catalog");
    assertRefused(() -> client.drillReport(orders.drillId(), "pdf"), 400, "format must be json, md or html");
    assertRefused(() -> client.drills(null, 0), 400, "limit must be a whole number from 1 to 1000");
  }

  private RunReference start(StartDrill drill) {
    RunReference run = ApiFixture.client(APP).startDrill(drill);
    started.add(run.workflowId());
    return run;
  }

  private static void assertRefused(Runnable call, int status, String error) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(LifeboatApiException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.getMessage()).contains(error);
    });
  }

  private static DrillEntry entry(String id, String subject, List<String> targets, Instant at, boolean passed) {
    return new DrillEntry(id, subject, targets.size() == 1, targets, "alice", at, at.plusSeconds(60), passed,
        passed ? "passed" : "failed", 60_000L, 600_000L, 7_200_000L, 3_600_000L, DrillReport.key(id, "json"));
  }
}
