package io.lifeboat.worker;

import io.lifeboat.activities.cluster.ClusterTarget;
import io.lifeboat.activities.cluster.ClusterTargets;
import io.lifeboat.activities.config.ConfigFileValidator;
import io.lifeboat.activities.drill.ScratchEnvironments;
import io.lifeboat.activities.files.FileSetTarget;
import io.lifeboat.activities.files.FileSetTargets;
import io.lifeboat.activities.kubernetes.KubernetesConnection;
import io.lifeboat.activities.kubernetes.KubernetesDestination;
import io.lifeboat.activities.kubernetes.KubernetesTarget;
import io.lifeboat.activities.kubernetes.KubernetesTargets;
import io.lifeboat.activities.hooks.Hook;
import io.lifeboat.activities.hooks.TargetHooks;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.PostgresTarget;
import io.lifeboat.activities.postgres.PostgresTargets;
import io.lifeboat.activities.redis.RedisTarget;
import io.lifeboat.activities.etcd.EtcdTarget;
import io.lifeboat.activities.etcd.EtcdTargets;
import io.lifeboat.activities.redis.RedisTargets;
import io.lifeboat.activities.files.DirectoryDestination;
import io.lifeboat.activities.postgres.PostgresDestination;
import io.lifeboat.activities.redis.RedisDestination;
import io.lifeboat.activities.sources.DeclaredDestination;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.config.ConfigTargetConfig;
import io.lifeboat.config.DestinationConfig;
import io.lifeboat.config.FilesDestinationConfig;
import io.lifeboat.config.PostgresDestinationConfig;
import io.lifeboat.config.RedisDestinationConfig;
import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.HookConfig;
import io.lifeboat.config.HooksConfig;
import io.lifeboat.config.KubernetesConnectionConfig;
import io.lifeboat.config.KubernetesDestinationConfig;
import io.lifeboat.config.KubernetesTargetConfig;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.RedisTargetConfig;
import io.lifeboat.config.EtcdTargetConfig;
import io.lifeboat.config.TargetConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration's targets, as the activities of each kind see them. */
final class Targets {
  private Targets() {}

  static PostgresTargets postgres(Map<String, TargetConfig> configured) {
    Map<String, PostgresTarget> targets = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof PostgresTargetConfig pg) {
        targets.put(name, new PostgresTarget(name,
            new PostgresServer(pg.getHost(), pg.getPort(), pg.getUser(), pg.getPassword(), pg.getSslMode()),
            pg.getDatabase(), pg.getDatabases(), target.getRpo().toJavaDuration(), target.getRto().toJavaDuration()));
      }
    });
    return new PostgresTargets(targets);
  }

  static FileSetTargets files(Map<String, TargetConfig> configured) {
    Map<String, FileSetTarget> targets = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof FilesTargetConfig files) {
        targets.put(name, new FileSetTarget(name, files.getPaths().stream().map(Path::of).toList(),
            List.copyOf(files.getExcludes()),
            Path.of(files.getScratchDirectory() == null ? System.getProperty("java.io.tmpdir") : files.getScratchDirectory()),
            target.getRpo().toJavaDuration(), target.getRto().toJavaDuration()));
      } else if (target instanceof ConfigTargetConfig config) {
        // secrets are excludes: never read, never stored
        List<String> excludes = new ArrayList<>(config.getExcludes());
        excludes.addAll(config.getSecrets());
        targets.put(name, new FileSetTarget(name, config.getPaths().stream().map(Path::of).toList(),
            List.copyOf(excludes),
            Path.of(config.getScratchDirectory() == null ? System.getProperty("java.io.tmpdir")
                : config.getScratchDirectory()),
            target.getRpo().toJavaDuration(), target.getRto().toJavaDuration(), ConfigTargetConfig.KIND,
            List.copyOf(config.getIncludes())));
      }
    });
    return new FileSetTargets(targets);
  }

  static RedisTargets redis(Map<String, TargetConfig> configured) {
    Map<String, RedisTarget> targets = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof RedisTargetConfig redis) {
        RedisTargetConfig.Restore restore = redis.getRestore();
        targets.put(name, new RedisTarget(name, redis.getHost(), redis.getPort(), redis.getPassword(),
            redis.getSampleKeys(),
            Path.of(redis.getScratchDirectory() == null ? System.getProperty("java.io.tmpdir") : redis.getScratchDirectory()),
            restore == null ? null : new RedisTarget.Restore(Path.of(restore.getRdbPath()), restore.getStopCommand(),
                restore.getStartCommand(), restore.getStartTimeout().toJavaDuration()),
            target.getRpo().toJavaDuration(), target.getRto().toJavaDuration()));
      }
    });
    return new RedisTargets(targets);
  }

  static EtcdTargets etcd(Map<String, TargetConfig> configured) {
    Map<String, EtcdTarget> targets = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof EtcdTargetConfig etcd) {
        EtcdTargetConfig.Restore restore = etcd.getRestore();
        targets.put(name, new EtcdTarget(name, List.copyOf(etcd.getEndpoints()), etcd.getUser(), etcd.getPassword(),
            optionalPath(etcd.getCaFile()), optionalPath(etcd.getCertFile()), optionalPath(etcd.getKeyFile()),
            Path.of(etcd.getScratchDirectory() == null ? System.getProperty("java.io.tmpdir") : etcd.getScratchDirectory()),
            restore == null ? null : new EtcdTarget.Restore(Path.of(restore.getDataDirectory()), restore.getName(),
                restore.getInitialCluster(), restore.getInitialAdvertisePeerUrls(), restore.getStopCommand(),
                restore.getStartCommand(), restore.getStartTimeout().toJavaDuration()),
            target.getRpo().toJavaDuration(), target.getRto().toJavaDuration()));
      }
    });
    return new EtcdTargets(targets);
  }

  private static Path optionalPath(String path) {
    return path == null ? null : Path.of(path);
  }

  static KubernetesTargets kubernetes(Map<String, TargetConfig> configured) {
    Map<String, KubernetesTarget> targets = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof KubernetesTargetConfig k8s) {
        targets.put(name, new KubernetesTarget(name, connection(k8s.getConnection()), List.copyOf(k8s.getNamespaces()),
            k8s.getLabelSelector(), k8s.isHelmReleases(), k8s.isClusterResources(), k8s.exportedResources(),
            k8s.getScratchDirectory() == null ? journals() : Path.of(k8s.getScratchDirectory()),
            target.getRpo().toJavaDuration(), target.getRto().toJavaDuration()));
      }
    });
    return new KubernetesTargets(targets);
  }

  /**
   * Where a Kubernetes restore journals what it replaces unless the target says: under the state
   * directory ($LIFEBOAT_HOME), which outlives a restart of the worker (a systemd unit's private
   * /tmp does not), so a rollback after one still finds the journal; the temporary directory without it.
   */
  private static Path journals() {
    String home = System.getenv("LIFEBOAT_HOME");
    return home == null || home.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"))
        : Path.of(home, "kubernetes-journals");
  }

  private static KubernetesConnection connection(KubernetesConnectionConfig c) {
    return new KubernetesConnection(c.getKubeconfig(), c.getContext(), c.getServer(), c.getTokenFile(), c.getCaFile());
  }

  static ClusterTargets clusters(Map<String, TargetConfig> configured) {
    Map<String, ClusterTarget> targets = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof PostgresClusterTargetConfig cluster) {
        PostgresClusterTargetConfig.WalArchive wal = cluster.getWalArchive();
        int colon = wal.getListen().lastIndexOf(':');
        targets.put(name, new ClusterTarget(name,
            new PostgresServer(cluster.getHost(), cluster.getPort(), cluster.getUser(), cluster.getPassword(),
                cluster.getSslMode()),
            new ClusterTarget.Wal(wal.getListen().substring(0, colon),
                Integer.parseInt(wal.getListen().substring(colon + 1)), Path.of(wal.getSecretFile()),
                wal.getDataDirectory() == null ? null : Path.of(wal.getDataDirectory()), wal.getPushAhead(),
                Path.of(wal.getClient())),
            Path.of(cluster.getBinDirectory()), cluster.getOsUser(),
            target.getRpo().toJavaDuration(), target.getRto().toJavaDuration()));
      }
    });
    return new ClusterTargets(targets);
  }

  /**
   * The destinations declared under {@code destinations:}, as the sources of their kinds reach them,
   * and the scratch destinations of the drills in {@code scratch}.
   */
  static Destinations destinations(Map<String, DestinationConfig> configured, ScratchEnvironments scratch) {
    Map<String, DeclaredDestination> destinations = new LinkedHashMap<>();
    configured.forEach((name, destination) -> destinations.put(name, destination(name, destination)));
    return new Destinations(destinations, scratch::destination);
  }

  /** Where this worker makes drills' scratch environments, with the PostgreSQL binaries test restores use. */
  /**
   * Where this worker writes scratch and staging data: the temporary directory (test restores,
   * private clusters), the drills' scratch root and each target's own scratch directory.
   */
  static List<Path> scratchDirectories(LifeboatConfiguration config) {
    List<Path> directories = new ArrayList<>();
    directories.add(Path.of(System.getProperty("java.io.tmpdir")));
    directories.add(config.getDrills().scratchRoot());
    config.getTargets().values().forEach(target -> {
      String own = target instanceof ConfigTargetConfig c ? c.getScratchDirectory()
          : target instanceof FilesTargetConfig f ? f.getScratchDirectory()
          : target instanceof RedisTargetConfig r ? r.getScratchDirectory()
          : target instanceof EtcdTargetConfig e ? e.getScratchDirectory()
          : target instanceof KubernetesTargetConfig k ? k.getScratchDirectory() : null;
      if (own != null) {
        directories.add(Path.of(own));
      }
    });
    return directories;
  }

  static ScratchEnvironments scratchEnvironments(LifeboatConfiguration config) {
    return new ScratchEnvironments(config.getDrills().scratchRoot(),
        Path.of(config.getVerification().getPostgresBinaries()), config.getVerification().getOsUser());
  }

  private static DeclaredDestination destination(String name, DestinationConfig destination) {
    if (destination instanceof PostgresDestinationConfig pg) {
      return new PostgresDestination(
          new PostgresServer(pg.getHost(), pg.getPort(), pg.getUser(), pg.getPassword(), pg.getSslMode()));
    }
    if (destination instanceof RedisDestinationConfig redis) {
      RedisTargetConfig.Restore restore = redis.getRestore();
      return new RedisDestination(redis.getHost(), redis.getPort(), redis.getPassword(),
          new RedisTarget.Restore(Path.of(restore.getRdbPath()), restore.getStopCommand(), restore.getStartCommand(),
              restore.getStartTimeout().toJavaDuration()));
    }
    if (destination instanceof KubernetesDestinationConfig k8s) {
      return new KubernetesDestination(connection(k8s.getConnection()), k8s.getNamespaces());
    }
    if (destination instanceof FilesDestinationConfig files) {
      return new DirectoryDestination(files.kind(), Path.of(files.getDirectory()));
    }
    throw new IllegalStateException("destination " + name + " is of kind " + destination.kind()
        + ", which this worker cannot restore onto; update the worker");
  }

  /** The hooks of each target that has some, as the worker runs them. */
  static Map<String, TargetHooks> hooks(Map<String, TargetConfig> configured) {
    Map<String, TargetHooks> hooks = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      HooksConfig config = target.getHooks();
      if (config != null && (config.getBefore() != null || config.getAfter() != null)) {
        hooks.put(name, new TargetHooks(hook(target, config.getBefore()), hook(target, config.getAfter())));
      }
    });
    return hooks;
  }

  private static Hook hook(TargetConfig target, HookConfig hook) {
    if (hook == null) {
      return null;
    }
    Duration timeout = hook.getTimeout().toJavaDuration();
    if (hook.getCommand() != null) {
      return new Hook.Command(hook.getCommand(), hook.getEnvironment(), timeout);
    }
    if (hook.getHttp() != null) {
      HookConfig.Http http = hook.getHttp();
      return new Hook.Http(http.getMethod(), URI.create(http.getUrl()), http.getExpectStatus(), http.getHeaders(),
          timeout);
    }
    // SQL runs on the target's own database; on a cluster or several databases, on the one every server has.
    if (target instanceof PostgresTargetConfig pg) {
      return new Hook.Sql(hook.getSql(),
          new PostgresServer(pg.getHost(), pg.getPort(), pg.getUser(), pg.getPassword(), pg.getSslMode()),
          pg.connectedDatabase(), timeout);
    }
    if (target instanceof PostgresClusterTargetConfig cluster) {
      return new Hook.Sql(hook.getSql(), new PostgresServer(cluster.getHost(), cluster.getPort(), cluster.getUser(),
          cluster.getPassword(), cluster.getSslMode()), PostgresServer.MAINTENANCE_DATABASE, timeout);
    }
    throw new IllegalStateException("a " + target.kind() + " target cannot run an sql hook; the configuration"
        + " should have been refused at load");
  }

  /** The validation commands of each {@code kind: config} target. */
  static Map<String, ConfigFileValidator> configValidators(Map<String, TargetConfig> configured) {
    Map<String, ConfigFileValidator> validators = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof ConfigTargetConfig config) {
        validators.put(name, new ConfigFileValidator(config.getValidators().stream()
            .map(v -> new ConfigFileValidator.Command(v.getGlob(), List.copyOf(v.getCommand()))).toList()));
      }
    });
    return validators;
  }
}
