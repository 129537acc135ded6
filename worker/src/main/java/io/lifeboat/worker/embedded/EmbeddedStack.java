package io.lifeboat.worker.embedded;

import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.config.PayloadKeyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything Lifeboat needs on embedded defaults: the Temporal dev server (a child process, with
 * its web UI; the in-memory test server where it is not installed), S3Proxy over a local folder,
 * a private PostgreSQL 15 for the catalog (and the demo's data), generated OpenPGP keys, a generated
 * key that encrypts Temporal payloads ({@link PayloadKeyFile}), and the configuration file that
 * points at all of them (readable by its owner only: it holds that key and S3Proxy's secret).
 */
public final class EmbeddedStack implements AutoCloseable {
  public static final String BUCKET = "lifeboat";
  public static final String CATALOG_DATABASE = "lifeboat_catalog";

  private final Path home;
  private final Path keys;
  private final EmbeddedTemporal temporal;
  private final String namespace;
  private final int apiPort;
  private final EmbeddedS3 s3;
  private final EmbeddedPostgres15 postgres;
  private final PayloadKeyConfig payloadKey;
  private final List<AutoCloseable> closeLast;
  private final Path configFile;

  private EmbeddedStack(Path home, Path keys, EmbeddedTemporal temporal, String namespace, int apiPort, EmbeddedS3 s3,
      EmbeddedPostgres15 postgres, PayloadKeyConfig payloadKey, List<AutoCloseable> closeLast) throws IOException {
    this.home = home;
    this.keys = keys;
    this.temporal = temporal;
    this.namespace = namespace;
    this.apiPort = apiPort;
    this.s3 = s3;
    this.postgres = postgres;
    this.payloadKey = payloadKey;
    this.closeLast = closeLast;
    this.configFile = home.resolve("lifeboat.yml");
    if (!Files.exists(configFile)) {
      Files.createFile(configFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(configFile, configuration(List.of(), ""));
  }

  /**
   * Starts the stack with its state under {@code home} (the Temporal dev server's SQLite file
   * too, so runs survive a restart) and its OpenPGP keys in {@code keys} (generated once, kept
   * across stacks). Preferred ports (7233 for Temporal, 8233 for its web UI, 8080 for the API) are
   * used when free; otherwise free ones are picked. The web UI decodes payloads through the API's
   * codec endpoint.
   */
  public static EmbeddedStack start(Path home, Path keys, int preferredTemporalPort, int preferredApiPort)
      throws Exception {
    Files.createDirectories(home);
    int apiPort = FreePorts.preferred(preferredApiPort);
    EmbeddedTemporal temporal = EmbeddedTemporal.start(home.resolve("temporal.db"), preferredTemporalPort,
        home.resolve("temporal.log"), codecEndpoint(apiPort));
    return start(home, keys, temporal, "default", apiPort, true);
  }

  /**
   * Starts the stack on a Temporal server that outlives it (tests share one per JVM), in
   * {@code namespace}, which must exist.
   */
  public static EmbeddedStack start(Path home, Path keys, EmbeddedTemporal temporal, String namespace)
      throws Exception {
    Files.createDirectories(home);
    return start(home, keys, temporal, namespace, FreePorts.any(), false);
  }

  /** Where the web UI asks the API of a stack listening on {@code apiPort} to decode payloads. */
  public static String codecEndpoint(int apiPort) {
    return "http://127.0.0.1:" + apiPort + "/codec";
  }

  private static EmbeddedStack start(Path home, Path keys, EmbeddedTemporal temporal, String namespace,
      int apiPort, boolean ownsTemporal) throws Exception {
    List<AutoCloseable> started = new ArrayList<>();
    if (ownsTemporal) {
      started.add(temporal);
    }
    try {
      EmbeddedS3 s3 = EmbeddedS3.start(home.resolve("s3"), FreePorts.any());
      started.add(s3);
      EmbeddedPostgres15 postgres = EmbeddedPostgres15.start(home.resolve("postgres"), FreePorts.any());
      started.add(postgres);
      postgres.createDatabase(CATALOG_DATABASE);
      if (!Files.exists(keys.resolve("backup.sec.asc"))) {
        Files.createDirectories(keys);
        OpenPgpKeys.generate("Lifeboat backups (embedded)", keys.resolve("backup.pub.asc"), keys.resolve("backup.sec.asc"));
        OpenPgpKeys.generate("Lifeboat manifests (embedded)", keys.resolve("signing.pub.asc"),
            keys.resolve("signing.sec.asc"));
      }
      PayloadKeyConfig payloadKey = PayloadKeyFile.loadOrCreate(home);
      Collections.reverse(started);
      return new EmbeddedStack(home, keys, temporal, namespace, apiPort, s3, postgres, payloadKey, started);
    } catch (Exception e) {
      Collections.reverse(started);
      for (AutoCloseable c : started) {
        c.close();
      }
      throw e;
    }
  }

  public Path home() {
    return home;
  }

  public Path configFile() {
    return configFile;
  }

  /** The file that keeps the key encrypting this stack's Temporal payloads. */
  public Path payloadKeyFile() {
    return home.resolve(PayloadKeyFile.NAME);
  }

  public EmbeddedPostgres15 postgres() {
    return postgres;
  }

  public String temporalTarget() {
    return temporal.target();
  }

  public EmbeddedTemporal temporal() {
    return temporal;
  }

  public String namespace() {
    return namespace;
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  /** Declares PostgreSQL targets on the embedded server (rewrites the configuration file). */
  public void declareTargets(List<Target> targets) throws IOException {
    declareTargets(targets, "");
  }

  /**
   * Declares PostgreSQL targets on the embedded server and {@code moreTargets}: YAML entries of
   * any kind, indented under {@code targets:} (rewrites the configuration file).
   */
  public void declareTargets(List<Target> targets, String moreTargets) throws IOException {
    Files.writeString(configFile, configuration(targets, moreTargets));
  }

  /** A PostgreSQL target on the embedded server, with objectives as Dropwizard durations ("1h"). */
  public record Target(String name, String database, String rpo, String rto) {}

  private String configuration(List<Target> targets, String moreTargets) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("""
        # Generated by Lifeboat for its embedded stack; rewritten at every start.
        server:
          applicationConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: %d
          adminConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: 0
          requestLog:
            appenders: []
        logging:
          level: WARN
          loggers:
            io.lifeboat: INFO
            # said once in plain words by `lifeboat dev`: the API listens on loopback only, without tokens
            io.lifeboat.api.auth.AccessControl: ERROR
            io.temporal: ERROR
        temporal:
          target: %s
          namespace: %s
          taskQueue: lifeboat
          payloadKeys:
            - id: %s
              key: %s
          webUiOrigins: [%s]
        storage:
          endpoint: %s
          region: us-east-1
          bucket: %s
          prefix: backups
          accessKey: %s
          secretKey: %s
          pathStyle: true
          partSize: 16MiB
          uploadConcurrency: 4
        encryption:
          recipients: [%s]
          signingKey: %s
          verificationKeys: [%s]
          decryptionKey:
            file: %s
        catalog:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
        """.formatted(apiPort, temporalTarget(), namespace, payloadKey.getId(), payloadKey.getKey(),
        String.join(", ", webUiOrigins()), s3.endpoint(), BUCKET, EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY,
        key("backup.pub.asc"), key("signing.sec.asc"), key("signing.pub.asc"), key("backup.sec.asc"),
        postgres.jdbcUrl(CATALOG_DATABASE), EmbeddedPostgres15.USER));
    yaml.append(targets.isEmpty() && moreTargets.isBlank() ? "targets: {}\n" : "targets:\n");
    for (Target target : targets) {
      yaml.append("""
            %s:
              kind: postgres
              host: 127.0.0.1
              port: %d
              database: %s
              user: %s
              rpo: %s
              rto: %s
          """.formatted(target.name(), postgres.port(), target.database(), EmbeddedPostgres15.USER,
          target.rpo(), target.rto()));
    }
    return yaml.append(moreTargets).toString();
  }

  /** The web UI as a browser names it, by address and by name. */
  private List<String> webUiOrigins() {
    return temporal.webUi().map(ui -> List.of(ui, ui.replace("127.0.0.1", "localhost"))).orElse(List.of());
  }

  private String key(String name) {
    return keys.resolve(name).toAbsolutePath().toString();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : closeLast) {
      c.close();
    }
  }
}
