package io.lifeboat.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may do what, over real HTTP against the whole application with tokens configured: the role
 * is the matched method's, whatever the spelling of the path; a token limited to a target changes
 * nothing else; every 401 and 403 is in the audit trail.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AccessControlTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = new DropwizardAppExtension<>(
      LifeboatApplication.class,
      ResourceHelpers.resourceFilePath("lifeboat-auth-test.yml"),
      ConfigOverride.config("catalog.url", CATALOG.jdbcUrl()),
      ConfigOverride.config("temporal.target", FakeWorker.get().target()),
      ConfigOverride.config("runbooks.folder", ResourceHelpers.resourceFilePath("runbooks")));
  private static final String OPERATOR = "operator-token-0123456789";
  private static final String APPROVER = "approver-token-0123456789";
  private static final String VIEWER = "viewer-token-0123456789";
  private static final String ADMIN = "admin-token-0123456789";
  private static final String LEDGER_ONLY = "ledger-token-0123456789";
  private static final String APPROVE = "/api/v1/runbooks/gate/runs/X/signals/approve";

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    // a connection of its own: Jetty closes one after refusing an ambiguous path, and a pooled
    // connection closed under the client would fail the next request for no fault of the server's
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<AuditEntry> audit() {
    return new Catalog(CATALOG.dataSource()).listAudit(null, 10_000);
  }

  @Test
  void anOperatorReachesNoApprovalHandlerWhateverThePathLooksLike() throws Exception {
    List<String> spellings = List.of(
        APPROVE + ";x=1",
        "/api/v1/runbooks/gate/runs/X/signals/reject;x=1",
        "/api/v1/runbooks/gate/runs/X/signals;x=1/approve",
        "/api/v1/runbooks/gate/runs/X;x=1/signals/approve",
        "/api/v1/runbooks/gate/runs/X/signals/approve/",
        "/api/v1/runbooks/gate/runs/X/signals//approve",
        "/api/v1/runbooks/gate/runs/X//signals/approve",
        "/api/v1/runbooks/gate//runs/X/signals/approve",
        "//api/v1/runbooks/gate/runs/X/signals/approve",
        "/api/v1/runbooks/gate/runs/X/signals%2Fapprove",
        "/api/v1/runbooks/gate/runs/X%2Fsignals/approve",
        "/api/v1/runbooks/gate/runs/runbook:gate:k%2Fr/signals/approve",
        "/api/v1/runbooks/gate/runs/X/signals/%61pprove",
        "/api/v1/runbooks/gate/runs/X/signals/APPROVE",
        "/api/v1/runbooks/gate/runs/X/SIGNALS/approve",
        "/api/v1/runbooks/gate/runs/X/signals/Reject");

    for (String path : spellings) {
      HttpResponse<String> answer = call("POST", path, OPERATOR, "{\"reason\":\"let me through\"}");
      if (answer.statusCode() == 400) { // Jetty refuses an ambiguous path before any of Lifeboat sees it
        assertThat(answer.body()).as(path).startsWith("<html>").contains("Ambiguous URI");
        continue;
      }
      assertThat(answer.statusCode()).as(path + ": " + answer.body()).isIn(403, 404, 405);
      if (answer.statusCode() == 403) {
        assertThat(answer.body()).as(path).contains("needs the approver role");
      }
    }

    // the handler audits every signal it sees, accepted or refused: it saw none of oscar's
    assertThat(audit()).noneMatch(e -> e.principal().equals("oscar")
        && (e.action().equals("approve") || e.action().equals("reject")));
    assertThat(audit()).anyMatch(e -> e.principal().equals("oscar") && e.outcome().equals(RefusalAudit.FORBIDDEN)
        && e.action().equals("POST " + APPROVE + ";x=1") && e.detail().contains("needs the approver role"));
  }

  @Test
  void anApproverWhoseTokenIsKeptAsAHashAndAnAdminReachTheHandler() throws Exception {
    HttpResponse<String> approver = call("POST", APPROVE, APPROVER, "{\"reason\":\"incident confirmed\"}");
    HttpResponse<String> admin = call("POST", APPROVE, ADMIN, "{\"reason\":\"break glass\"}");

    // the handler's own answer: X is no run id
    assertThat(approver.statusCode()).as(approver.body()).isEqualTo(400);
    assertThat(approver.body()).contains("\"field\":\"runId\"", "'X' is not a run of runbook gate");
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(400);
    assertThat(audit()).anyMatch(e -> e.principal().equals("paula") && e.action().equals("approve"));
    assertThat(call("POST", "/api/v1/runbooks/gate/runs/X/signals/abort", APPROVER, "{\"reason\":\"x\"}")
        .statusCode()).isEqualTo(403);
  }

  @Test
  void aRestoreWaitingToReplaceDataIsApprovedByAnApproverAndOverriddenByAnAdminOnly() throws Exception {
    String restore = "/api/v1/restores/restore:ledger:ledger/no-such-run/signals/";

    HttpResponse<String> operator = call("POST", restore + "approve", OPERATOR, "{\"reason\":\"mine\"}");
    HttpResponse<String> approver = call("POST", restore + "approve", APPROVER, "{\"reason\":\"checked\"}");
    HttpResponse<String> approverOverride = call("POST", restore + "override", APPROVER, "{\"reason\":\"hurry\"}");
    HttpResponse<String> notARestore = call("POST", "/api/v1/restores/backup:ledger/r1/signals/override", ADMIN,
        "{\"reason\":\"sole on call\"}");

    assertThat(operator.statusCode()).as(operator.body()).isEqualTo(403);
    assertThat(operator.body()).contains("needs the approver role");
    // the handler's own answer: no such run is waiting
    assertThat(approver.statusCode()).as(approver.body()).isEqualTo(409);
    assertThat(approver.body()).contains("restore 'restore:ledger:ledger/no-such-run' is not running");
    assertThat(approverOverride.statusCode()).as(approverOverride.body()).isEqualTo(403);
    assertThat(approverOverride.body()).contains("needs the admin role");
    assertThat(notARestore.statusCode()).as(notARestore.body()).isEqualTo(400);
    assertThat(notARestore.body()).contains("\"field\":\"runId\"", "is not a restore's run id");
    assertThat(audit()).anyMatch(e -> e.principal().equals("paula") && e.action().equals("approve")
        && "restore:ledger:ledger/no-such-run".equals(e.runId()) && e.outcome().equals("REFUSED"));
    assertThat(audit()).anyMatch(e -> e.principal().equals("ada") && e.action().equals("override")
        && e.outcome().equals("REFUSED"));
  }

  @Test
  void aViewerReadsAndChangesNothing() throws Exception {
    assertThat(call("GET", "/api/v1/targets", VIEWER, null).statusCode()).isEqualTo(200);
    HttpResponse<String> start = call("POST", "/api/v1/targets/ledger/backups", VIEWER, "{}");
    assertThat(start.statusCode()).isEqualTo(403);
    assertThat(start.body()).contains("vera (viewer) may not POST /api/v1/targets/ledger/backups",
        "needs the operator role");
  }

  @Test
  void everyRefusalWithoutAValidTokenIsAuditedWithWhereItCameFrom() throws Exception {
    HttpResponse<String> none = call("GET", "/api/v1/audit", null, null);
    HttpResponse<String> wrong = call("POST", "/api/v1/restores", "guessed-token-0123456789", "{}");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"lifeboat\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/openapi.yaml", null, null).statusCode()).isEqualTo(200);
    assertThat(audit()).filteredOn(e -> e.outcome().equals(RefusalAudit.UNAUTHORIZED))
        .extracting(e -> e.principal() + " " + e.action())
        .contains("unknown GET /api/v1/audit", "unknown POST /api/v1/restores");
    assertThat(audit()).filteredOn(e -> e.action().equals("POST /api/v1/restores")).first()
        .satisfies(e -> assertThat(e.detail()).startsWith("a valid API token is needed (from 127.0.0.1)"));
  }

  @Test
  void aFloodOfBadTokensFromOneAddressLeavesTenRecordsYetEveryRefusalIsCounted() throws Exception {
    double before = rejected401();

    for (int i = 0; i < 15; i++) {
      assertThat(fromAnotherLoopbackAddress("GET /api/v1/targets")).startsWith("HTTP/1.1 401");
    }

    assertThat(audit()).filteredOn(e -> e.detail() != null && e.detail().endsWith("(from 127.0.0.2)"))
        .hasSize(RefusalLimit.PER_MINUTE)
        .allSatisfy(e -> assertThat(e.detail()).isEqualTo("a valid API token is needed (from 127.0.0.2)"));
    assertThat(rejected401()).isEqualTo(before + 15);
  }

  /** A request sent from 127.0.0.2, so that its refusals are limited apart from the other tests'. */
  private static String fromAnotherLoopbackAddress(String requestLine) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.2", 0));
      socket.connect(new InetSocketAddress("127.0.0.1", APP.getLocalPort()), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer guessed-token-0123456789\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private double rejected401() throws Exception {
    Matcher counted = Pattern.compile("lifeboat_requests_rejected_total\\{status=\"401\"} (\\S+)")
        .matcher(call("GET", "/metrics", null, null).body());
    return counted.find() ? Double.parseDouble(counted.group(1)) : 0;
  }

  @Test
  void aTokenLimitedToOneTargetChangesThatTargetOnly() throws Exception {
    HttpResponse<String> other = call("POST", "/api/v1/targets/payroll/backups", LEDGER_ONLY, "{}");
    HttpResponse<String> restore = call("POST", "/api/v1/restores", LEDGER_ONLY,
        "{\"target\":\"payroll\",\"backup\":\"latest\",\"database\":\"payroll_copy\"}");
    HttpResponse<String> runbook = call("POST", "/api/v1/runbooks/gate/runs", LEDGER_ONLY,
        "{\"params\":{\"ticket\":\"INC-1\"}}");
    HttpResponse<String> signal = call("POST", "/api/v1/runbooks/gate/runs/X/signals/abort", LEDGER_ONLY,
        "{\"reason\":\"x\"}");

    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("lena may act only on ledger, not on target 'payroll'");
    assertThat(restore.statusCode()).as(restore.body()).isEqualTo(403);
    HttpResponse<String> elsewhere = call("POST", "/api/v1/restores", LEDGER_ONLY,
        "{\"target\":\"ledger\",\"backup\":\"latest\",\"toHost\":\"evil.example.com\"}");
    assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(403);
    assertThat(elsewhere.body()).contains("lena may restore only onto the targets it is limited to");
    assertThat(runbook.statusCode()).isEqualTo(403);
    assertThat(runbook.body()).contains("can reach any target");
    assertThat(signal.statusCode()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/targets", LEDGER_ONLY, null).statusCode()).isEqualTo(200);

    HttpResponse<String> own = call("POST", "/api/v1/targets/ledger/backups", LEDGER_ONLY, "{\"reason\":\"scoped\"}");
    try {
      assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
    } finally {
      WorkflowStub started = FakeWorker.get().client().newUntypedWorkflowStub("backup:ledger");
      started.terminate("test over");
    }
    assertThat(audit()).anyMatch(e -> e.principal().equals("lena") && e.outcome().equals(RefusalAudit.FORBIDDEN)
        && e.action().equals("POST /api/v1/targets/payroll/backups"));
    // refused by the resource itself (the target is in the body), audited all the same
    assertThat(audit()).anyMatch(e -> e.principal().equals("lena") && e.outcome().equals(RefusalAudit.FORBIDDEN)
        && e.action().equals("POST /api/v1/restores") && e.detail().contains("not on target 'payroll'"));
  }
}
