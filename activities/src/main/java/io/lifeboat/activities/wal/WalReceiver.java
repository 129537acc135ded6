package io.lifeboat.activities.wal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lifeboat.activities.artifact.IntegrityException;
import io.lifeboat.activities.artifact.WrongKeyException;
import io.lifeboat.activities.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of {@code archive_command} and {@code restore_command} for one target: a
 * small HTTP server (the {@code lifeboat-wal} client talks to it with curl) that keeps the JVM
 * out of PostgreSQL's per-file path.
 *
 * <ul>
 *   <li>{@code PUT /wal/<target>/<file>} with the file as body: 200 only once the file is stored
 *       in the bucket (compressed, encrypted, SHA-256 recorded); any other answer means "not
 *       archived", and PostgreSQL keeps the file and asks again.
 *   <li>{@code POST /wal/<target>/<file>} with a {@value #IDENTITY} header and no body: 200 when
 *       the worker pushed this very file ahead (same {@link WalPushAhead#identity identity}) and
 *       it is stored; 412 otherwise, and the client sends the file with a PUT. A server whose
 *       archiver keeps up with push-ahead thus never sends a segment twice.
 *   <li>{@code GET /wal/<target>/<file>}: the file, checked (its signature too), or 404 when the
 *       archive does not hold it (PostgreSQL asks for files that do not exist; that is normal); a
 *       file that fails a check is answered 500 with the reason, never sent.
 * </ul>
 *
 * Every request carries {@code Authorization: Bearer <secret>}.
 */
public final class WalReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalReceiver.class);
  /** PostgreSQL's largest segment size (initdb --wal-segsize) plus room for a history file. */
  private static final long MAX_FILE_BYTES = (1L << 30) + (1 << 20);
  /** The header of a {@code POST}: the file's identity as the client reads it. */
  static final String IDENTITY = "Lifeboat-File-Identity";

  private final String target;
  private final byte[] secret;
  private final WalArchive archive;
  private final WalArchives reads;
  private final BiConsumer<String, WalFileName> archived;
  private final WalPushAhead pushAhead;
  private final HttpServer server;
  private final ExecutorService requests;

  private WalReceiver(String target, byte[] secret, WalArchives reads, BiConsumer<String, WalFileName> archived,
      WalPushAhead pushAhead, HttpServer server, ExecutorService requests) {
    this.target = target;
    this.secret = secret;
    this.archive = reads.primary();
    this.reads = reads;
    this.archived = archived;
    this.pushAhead = pushAhead;
    this.server = server;
    this.requests = requests;
  }

  /**
   * Listens on {@code listen} for the target's archive and restore commands.
   *
   * @param pushAhead null when the worker cannot read the server's {@code pg_wal}
   */
  public static WalReceiver start(String target, InetSocketAddress listen, String secret, WalArchive archive,
      WalPushAhead pushAhead) {
    return start(target, listen, secret, WalArchives.primaryOnly(archive), (t, f) -> {}, pushAhead);
  }

  /**
   * Listens on {@code listen}: archives into the primary of {@code reads}, serves files from
   * where {@code reads} finds them (an off-site copy when the primary is gone), and tells
   * {@code archived} the target's name and the file after each file is stored.
   *
   * @param pushAhead null when the worker cannot read the server's {@code pg_wal}
   */
  public static WalReceiver start(String target, InetSocketAddress listen, String secret, WalArchives reads,
      BiConsumer<String, WalFileName> archived, WalPushAhead pushAhead) {
    HttpServer server;
    try {
      server = HttpServer.create(listen, 64);
    } catch (IOException e) {
      throw new UncheckedIOException("the WAL receiver of target " + target + " cannot listen on " + listen + ": "
          + e.getMessage() + " (another worker or program holds the port? set walArchive.listen)", e);
    }
    AtomicInteger count = new AtomicInteger();
    ExecutorService requests = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "wal-receiver-" + target + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    WalReceiver receiver = new WalReceiver(target, secret.getBytes(StandardCharsets.UTF_8), reads, archived,
        pushAhead, server, requests);
    server.createContext("/wal/", receiver::handle);
    server.setExecutor(requests);
    server.start();
    LOG.info("WAL receiver of target {} listening on {}", target, server.getAddress());
    return receiver;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        respond(exchange, 401, "wrong or missing secret: the client must send the target's walArchive secret");
        return;
      }
      String[] path = exchange.getRequestURI().getPath().split("/");
      if (path.length != 4 || !path[2].equals(target)) {
        respond(exchange, 404, "this receiver archives target " + target + "; use /wal/" + target + "/<file>");
        return;
      }
      Optional<WalFileName> file = WalFileName.parse(path[3]);
      if (file.isEmpty()) {
        respond(exchange, 400, "'" + path[3] + "' is not a WAL file name (segment, .history, .backup or .partial)");
        return;
      }
      switch (exchange.getRequestMethod()) {
        case "PUT" -> archive(exchange, file.get());
        case "POST" -> confirmPushedAhead(exchange, file.get());
        case "GET" -> fetch(exchange, file.get());
        default -> respond(exchange, 405, "use PUT to archive, POST to confirm a file pushed ahead, GET to fetch");
      }
    } catch (WalConflictException e) {
      LOG.error("target {}: {}", target, e.getMessage());
      respondQuietly(exchange, 409, e.getMessage());
    } catch (IntegrityException | WrongKeyException e) {
      LOG.error("target {}: {}", target, e.getMessage());
      respondQuietly(exchange, 500, e.getMessage());
    } catch (StorageException | UncheckedIOException e) {
      LOG.warn("target {}: {}", target, e.getMessage());
      respondQuietly(exchange, 503, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("target {}: WAL request failed", target, e);
      respondQuietly(exchange, 500, "the WAL receiver failed: " + e);
    } finally {
      exchange.close();
    }
  }

  private void archive(HttpExchange exchange, WalFileName file) throws IOException {
    long length = contentLength(exchange);
    if (length < 0 || length > MAX_FILE_BYTES) {
      respond(exchange, 413, "a WAL file must be sent with its length, at most " + MAX_FILE_BYTES + " bytes");
      return;
    }
    byte[] body = new byte[(int) length];
    try (InputStream in = exchange.getRequestBody()) {
      int read = in.readNBytes(body, 0, body.length);
      if (read != body.length) {
        respond(exchange, 400, "the body of " + file + " ended after " + read + " of " + length + " bytes");
        return;
      }
    }
    WalArchive.Archived archived = pushedAhead(file, pushed -> Arrays.equals(pushed.bytes(), body))
        .orElseGet(() -> archive.push(target, file, body, body.length));
    if (pushAhead != null) {
      pushAhead.ahead(file);
    }
    this.archived.accept(target, file);
    respond(exchange, 200, (archived.alreadyArchived() ? "already archived " : "archived ") + file);
  }

  private void confirmPushedAhead(HttpExchange exchange, WalFileName file) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String identity = exchange.getRequestHeaders().getFirst(IDENTITY);
    Optional<WalArchive.Archived> archived = identity == null ? Optional.empty()
        : pushedAhead(file, pushed -> identity.strip().equals(pushed.identity()));
    if (pushAhead != null) {
      pushAhead.ahead(file);
    }
    if (archived.isEmpty()) {
      respond(exchange, 412, file + " was not pushed ahead as this file; send it with PUT");
      return;
    }
    this.archived.accept(target, file);
    respond(exchange, 200, "archived " + file + " (pushed ahead)");
  }

  /** The push started ahead for this file, once stored, when {@code same} holds for what it read. */
  private Optional<WalArchive.Archived> pushedAhead(WalFileName file, Predicate<WalPushAhead.Pushed> same) {
    if (pushAhead == null) {
      return Optional.empty();
    }
    Optional<CompletableFuture<WalPushAhead.Pushed>> started = pushAhead.claim(file);
    if (started.isEmpty()) {
      return Optional.empty();
    }
    try {
      WalPushAhead.Pushed pushed = started.get().get();
      return same.test(pushed) ? Optional.of(pushed.archived()) : Optional.empty();
    } catch (ExecutionException e) {
      LOG.debug("pushing {} ahead failed, archiving it now: {}", file, e.getCause().getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while archiving " + file, e);
    }
  }

  private void fetch(HttpExchange exchange, WalFileName file) throws IOException {
    Optional<byte[]> bytes = reads.fetch(target, file);
    if (bytes.isEmpty()) {
      respond(exchange, 404, file + " is not in the archive of target " + target);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, bytes.get().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes.get());
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8), secret);
  }

  private static long contentLength(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      return header == null ? -1 : Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void respond(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void respondQuietly(HttpExchange exchange, int status, String message) {
    try {
      respond(exchange, status, message);
    } catch (IOException | RuntimeException ignored) {
      // the client went away or headers were sent: it sees a failed request either way
    }
  }

  @Override
  public void close() {
    server.stop(1);
    requests.shutdownNow();
  }
}
