package io.lifeboat.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.api.wire.Requester;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.RunbookSignal;
import io.lifeboat.api.wire.StartRunbook;
import io.lifeboat.api.wire.StartBackup;
import io.lifeboat.api.wire.StartArchiveCheck;
import io.lifeboat.api.wire.StartRecovery;
import io.lifeboat.api.wire.StartDrill;
import io.lifeboat.api.wire.StartRestore;
import io.lifeboat.api.wire.StartVerification;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Lifeboat REST API as the CLI calls it: one method per endpoint, data as Jackson trees,
 * started runs as {@link RunReference}s. Every failure, including an API that is not running,
 * becomes a {@link LifeboatApiException}.
 */
public final class LifeboatClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final String user;
  private final String token;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final ObjectMapper json = new ObjectMapper();

  /** Calls the API at {@code base} (e.g. {@code http://localhost:8080}) as the local OS user. */
  public LifeboatClient(URI base) {
    this(base, System.getProperty("user.name", "anonymous"));
  }

  public LifeboatClient(URI base, String user) {
    this(base, user, null);
  }

  /** {@code token}, when not null, is sent as {@code Authorization: Bearer}; the API then knows who calls. */
  public LifeboatClient(URI base, String user, String token) {
    this(base, user, token, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), REQUEST_TIMEOUT);
  }

  private LifeboatClient(URI base, String user, String token, HttpClient http, Duration requestTimeout) {
    this.base = base;
    this.user = user;
    this.token = token;
    this.http = http;
    this.requestTimeout = requestTimeout;
  }

  /**
   * The same client, but a request without an answer within {@code timeout} fails as
   * {@link LifeboatApiException#isUnreachable() unreachable}: what a poller wants, to tell a hung
   * API from a slow one sooner than the default of a minute allows.
   */
  public LifeboatClient withRequestTimeout(Duration timeout) {
    return new LifeboatClient(base, user, token, http, timeout);
  }

  public URI baseUri() {
    return base;
  }

  /** {@code GET /api/v1/targets}: each target with its objectives and newest backups. */
  public JsonNode targets() {
    return get("/api/v1/targets");
  }

  /** {@code POST /api/v1/targets/{target}/backups}. */
  public RunReference startBackup(String target, String reason) {
    return startTenantBackup(target, new StartBackup(reason));
  }

  /** {@code POST /api/v1/targets/{target}/backups} of one tenant ({@code schema}) or every matching one ({@code schemas}). */
  public RunReference startTenantBackup(String target, StartBackup backup) {
    return post("/api/v1/targets/" + segment(target) + "/backups", backup);
  }

  /** {@code POST /api/v1/targets/{target}/retention}; a dry run deletes nothing. */
  public RunReference startRetention(String target, boolean dryRun, String reason) {
    String query = "?dryRun=" + dryRun + (reason == null ? "" : "&reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8));
    return post("/api/v1/targets/" + segment(target) + "/retention" + query, java.util.Map.of());
  }

  /** {@code POST /api/v1/copies/sync}; {@code location} and {@code target} null for all. */
  public RunReference startCopySync(String location, String target) {
    java.util.List<String> query = new java.util.ArrayList<>();
    if (location != null) {
      query.add("location=" + URLEncoder.encode(location, StandardCharsets.UTF_8));
    }
    if (target != null) {
      query.add("target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }
    return post("/api/v1/copies/sync" + (query.isEmpty() ? "" : "?" + String.join("&", query)), java.util.Map.of());
  }

  /** {@code GET /api/v1/backups}, newest first; {@code target} null for every target. */
  public JsonNode backups(String target, int limit) {
    return backups(target, null, limit);
  }

  /** As {@link #backups(String, int)}; with {@code schema}, one tenant's backups of {@code target}. */
  public JsonNode backups(String target, String schema, int limit) {
    String query = "?limit=" + limit;
    if (target != null) {
      query += "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }
    if (schema != null) {
      query += "&schema=" + URLEncoder.encode(schema, StandardCharsets.UTF_8);
    }
    return get("/api/v1/backups" + query);
  }

  /** {@code GET /api/v1/backups/{id}}. */
  public JsonNode backup(String backupId) {
    return get("/api/v1/backups/" + segment(backupId));
  }

  /** {@code POST /api/v1/backups/{id}/verifications}. */
  public RunReference startVerification(String backupId, boolean testRestore) {
    return post("/api/v1/backups/" + segment(backupId) + "/verifications", new StartVerification(testRestore));
  }

  /** {@code POST /api/v1/recoveries}. */
  public RunReference startRecovery(StartRecovery recovery) {
    return post("/api/v1/recoveries", recovery);
  }

  /** {@code POST /api/v1/archive-checks}. */
  public RunReference startArchiveCheck(String target) {
    return post("/api/v1/archive-checks", new StartArchiveCheck(target));
  }

  /** {@code POST /api/v1/restores}. */
  public RunReference startRestore(StartRestore restore) {
    return post("/api/v1/restores", restore);
  }

  /** {@code GET /api/v1/runs}, newest first. */
  public JsonNode runs(int limit) {
    return runs(null, null, null, limit);
  }

  /**
   * {@code GET /api/v1/runs}, newest first, of one target, type (BACKUP, VERIFY...) and status
   * (RUNNING, COMPLETED, FAILED); each null for any.
   */
  public JsonNode runs(String target, String type, String status, int limit) {
    StringBuilder query = new StringBuilder("?limit=").append(limit);
    appendParam(query, "target", target);
    appendParam(query, "type", type);
    appendParam(query, "status", status);
    return get("/api/v1/runs" + query);
  }

  private static void appendParam(StringBuilder query, String name, String value) {
    if (value != null) {
      query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  /**
   * {@code GET /api/v1/runs/{runId}}: the run as indexed, with its live status and progress.
   * Answers from the moment a start returned its {@link RunReference}.
   */
  public JsonNode run(String runId) {
    // The run id's own slash stays a separator: servers refuse an encoded one (%2F).
    String path = Arrays.stream(runId.split("/", -1)).map(LifeboatClient::segment).collect(Collectors.joining("/"));
    return get("/api/v1/runs/" + path);
  }

  /** {@code GET /api/v1/runbooks}: names, descriptions, parameters, problems. */
  public JsonNode runbooks() {
    return get("/api/v1/runbooks");
  }

  /** {@code POST /api/v1/runbooks/{name}/runs}; {@code key} may be null. */
  public RunReference startRunbook(String name, Map<String, String> params, String key) {
    return post("/api/v1/runbooks/" + segment(name) + "/runs", new StartRunbook(params, key));
  }

  /** {@code GET /api/v1/runbooks/{name}/runs/{runId}}: the run with every step's state. */
  public JsonNode runbookRun(String name, String runId) {
    return get("/api/v1/runbooks/" + segment(name) + "/runs/" + runPath(runId));
  }

  /** {@code POST .../signals/{signal}}: the run's answer ({@code accepted}, {@code note}). */
  public JsonNode signalRunbook(String name, String runId, String signal, String reason, String step) {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve(
            "/api/v1/runbooks/" + segment(name) + "/runs/" + runPath(runId) + "/signals/" + segment(signal)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(write(new RunbookSignal(reason, step)))));
    return read(response);
  }

  /**
   * {@code POST /api/v1/restores/{runId}/signals/{approve|reject|override}}: a second person's word
   * on a restore waiting to replace data.
   */
  public JsonNode signalRestore(String runId, String signal, String reason) {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve(
            "/api/v1/restores/" + runPath(runId) + "/signals/" + segment(signal)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(write(new RunbookSignal(reason, null)))));
    return read(response);
  }

  /** {@code GET /api/v1/runs/{runId}/report}: Markdown ({@code md}) or JSON text ({@code json}). */
  public String report(String runId, String format) {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve(
        "/api/v1/runs/" + runPath(runId) + "/report?format=" + segment(format))).GET());
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** {@code PUT} ({@code hold}) or {@code DELETE /api/v1/backups/{id}/legal-hold?reason=...}. */
  public JsonNode legalHold(String backupId, boolean hold, String reason) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/backups/" + segment(backupId)
        + "/legal-hold?reason=" + URLEncoder.encode(reason == null ? "" : reason, StandardCharsets.UTF_8)));
    return read(send(hold ? request.PUT(HttpRequest.BodyPublishers.noBody()) : request.DELETE()));
  }

  /** {@code GET /api/v1/audit}, newest first; of one run, or all if {@code runId} is null. */
  public JsonNode audit(String runId, int limit) {
    String query = "?limit=" + limit;
    if (runId != null) {
      query += "&runId=" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
    }
    return get("/api/v1/audit" + query);
  }

  /** {@code POST /api/v1/drills}: a drill of a runbook or of one target's restore. */
  public RunReference startDrill(StartDrill drill) {
    return post("/api/v1/drills", drill);
  }

  /** {@code GET /api/v1/drills}, newest first; of those that restored {@code target}, or all if null. */
  public JsonNode drills(String target, int limit) {
    StringBuilder query = new StringBuilder("?limit=").append(limit);
    appendParam(query, "target", target);
    return get("/api/v1/drills" + query);
  }

  /** {@code GET /api/v1/drills/{drillId}}: the drill as the catalog indexes it. */
  public JsonNode drill(String drillId) {
    return get("/api/v1/drills/" + segment(drillId));
  }

  /** {@code GET /api/v1/drills/{drillId}/report}: the stored report, {@code json}, {@code md} or {@code html}. */
  public byte[] drillReport(String drillId, String format) {
    return send(HttpRequest.newBuilder(base.resolve(
        "/api/v1/drills/" + segment(drillId) + "/report?format=" + segment(format))).GET()).body();
  }

  private static String runPath(String runId) {
    // The run id's own slash stays a separator: servers refuse an encoded one (%2F).
    return Arrays.stream(runId.split("/", -1)).map(LifeboatClient::segment).collect(Collectors.joining("/"));
  }

  private JsonNode get(String path) {
    return read(send(HttpRequest.newBuilder(base.resolve(path)).GET()));
  }

  private RunReference post(String path, Object body) {
    HttpResponse<byte[]> response =
        send(HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(write(body))));
    try {
      return json.treeToValue(read(response), RunReference.class);
    } catch (JsonProcessingException e) {
      throw new LifeboatApiException(response.statusCode(),
          "unexpected answer from POST " + response.uri() + ": " + e.getOriginalMessage(), null, null, null, null, e);
    }
  }

  /** The response when its status is a success; every other outcome as a LifeboatApiException. */
  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    request.timeout(requestTimeout).header("Accept", "application/json, text/markdown, text/html").header(Requester.HEADER, user);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpRequest built = request.build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new LifeboatApiException(LifeboatApiException.UNREACHABLE,
          "the Lifeboat API at " + base + " is not reachable",
          null, "start it with `./lifeboat dev` or `./lifeboat server CONFIG`", null, null, e);
    } catch (HttpTimeoutException e) {
      throw new LifeboatApiException(LifeboatApiException.UNREACHABLE,
          "the Lifeboat API at " + base + " did not answer " + built.method() + " " + built.uri().getPath()
              + " within " + seconds(requestTimeout),
          null, "check that it is running and not stuck; its log says what it is doing", null, null, e);
    } catch (IOException e) {
      throw new LifeboatApiException(LifeboatApiException.UNREACHABLE,
          "the Lifeboat API at " + base + " did not answer: " + e, null, null, null, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LifeboatApiException(LifeboatApiException.UNREACHABLE, "interrupted while calling " + base,
          null, null, null, null, e);
    }
    if (response.statusCode() >= 400) {
      throw refusal(built, response.statusCode(), read(response));
    }
    return response;
  }

  private JsonNode read(HttpResponse<byte[]> response) {
    try {
      return response.body().length == 0 ? json.missingNode() : json.readTree(response.body());
    } catch (IOException e) {
      // Not JSON (a proxy's or Jetty's error page, say): the status alone says more than HTML.
      return json.missingNode();
    }
  }

  // Lifeboat's own errors are {error, field, hint}; Dropwizard's (unknown path, say) {code, message}.
  private static LifeboatApiException refusal(HttpRequest request, int status, JsonNode body) {
    String error = text(body, "error");
    if (error == null) {
      error = text(body, "message");
    }
    if (error == null) {
      error = "HTTP " + status + " from " + request.method() + " " + request.uri();
    }
    return new LifeboatApiException(status, error, text(body, "field"), text(body, "hint"),
        text(body, "workflowId"), text(body, "runId"), null);
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  private byte[] write(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write request body " + body, e);
    }
  }

  /** "30 s", "1.5 s". */
  static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0)) + " s";
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
