package io.lifeboat.worker.tools;

import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configuration files of one target of each kind, as an operator writes them, for the tool checks' tests. */
public final class ToolConfigs {
  private ToolConfigs() {}

  /** The services every configuration names; never reached by a tool check. */
  public static final String COMMON = """
      storage:
        bucket: lifeboat-backups
      encryption:
        recipients: [/keys/ops.asc]
        signingKey: /keys/signer.sec.asc
      catalog:
        driverClass: org.postgresql.Driver
        url: jdbc:postgresql://127.0.0.1:1/never-reached
      """;

  public static final String POSTGRES = """
      targets:
        shop:
          kind: postgres
          host: 127.0.0.1
          database: shop
          user: lifeboat
          rpo: 1h
          rto: 30m
      """;

  public static final String REDIS = """
      targets:
        cache:
          kind: redis
          host: 127.0.0.1
          rpo: 1h
          rto: 30m
      """;

  public static final String ETCD = """
      targets:
        control-plane:
          kind: etcd
          endpoints: [http://127.0.0.1:2379]
          restore:
            dataDirectory: /var/lib/etcd-restored
          rpo: 1h
          rto: 30m
      """;

  public static final String FILES = """
      targets:
        uploads:
          kind: files
          paths: [/srv/uploads]
          rpo: 1h
          rto: 30m
      """;

  /** A cluster whose binaries are in {@code binDirectory}. */
  public static String cluster(String binDirectory) {
    return """
        targets:
          main:
            kind: postgres-cluster
            host: 127.0.0.1
            user: lifeboat
            walArchive:
              secretFile: /etc/lifeboat/wal-secret
            binDirectory: %s
            rpo: 5m
            rto: 1h
        """.formatted(binDirectory);
  }

  /** A configuration tree whose files matching *.conf are checked by {@code program}. */
  public static String config(String program) {
    return """
        targets:
          etc:
            kind: config
            paths: [/etc/shop]
            validators:
              - {glob: "*.conf", command: [%s, -t]}
            rpo: 1h
            rto: 30m
        """.formatted(program);
  }

  /** {@code targets} with the common services, written to {@code dir}/lifeboat.yml. */
  public static Path write(Path dir, String targets) throws Exception {
    return Files.writeString(dir.resolve("lifeboat.yml"), COMMON + targets);
  }

  public static LifeboatConfiguration load(Path dir, String targets) throws Exception {
    return LifeboatConfigLoader.load(write(dir, targets));
  }
}
