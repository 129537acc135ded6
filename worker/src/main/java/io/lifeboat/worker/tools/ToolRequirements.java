package io.lifeboat.worker.tools;

import io.lifeboat.config.ConfigTargetConfig;
import io.lifeboat.config.EtcdTargetConfig;
import io.lifeboat.config.HookConfig;
import io.lifeboat.config.HooksConfig;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.RedisTargetConfig;
import io.lifeboat.config.TargetConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The programs each declared target's activities run as processes, by kind; a kind not listed
 * runs none (files, and every kind that works through a library or a network API). Only what the
 * activities really start is listed: zstd and OpenPGP run in process, haproxy is driven through its
 * runtime API socket, so neither {@code zstd}, {@code gpg} nor {@code haproxy} is needed on a worker.
 *
 * <p>Left out on purpose, as each has a fallback or its own clear message when used: the empty
 * PostgreSQL clusters of test restores and drills ({@code verification.postgresBinaries}, without
 * which a test restore runs on the source's server and says so), a drill's scratch redis-server, a
 * redis target's restore stop and start commands (shell lines, not a program name).
 */
public final class ToolRequirements {
  /**
   * The oldest PostgreSQL client tools Lifeboat runs: its own catalog and tests use 15, and a dump
   * written by a newer pg_dump cannot be read by an older pg_restore. Whether pg_dump is as new as
   * each server is checked at every backup, when the server's version is known.
   */
  public static final int POSTGRES_CLIENT_MAJOR = 15;
  private static final Pattern DEBIAN_BIN = Pattern.compile("/usr/lib/postgresql/(\\d+)/bin/?");

  private ToolRequirements() {}

  /** What every target in {@code targets} needs, target by target in their order. */
  public static List<ToolRequirement> of(Map<String, TargetConfig> targets) {
    List<ToolRequirement> needed = new ArrayList<>();
    targets.forEach((name, target) -> {
      needed.addAll(ofKind(name, target));
      needed.addAll(hooks(name, target));
    });
    return needed;
  }

  /** The programs of a target's {@code before} and {@code after} command hooks, whatever its kind. */
  private static List<ToolRequirement> hooks(String name, TargetConfig target) {
    HooksConfig hooks = target.getHooks();
    List<ToolRequirement> needed = new ArrayList<>();
    if (hooks != null) {
      hook(name, target.kind(), "before", hooks.getBefore()).ifPresent(needed::add);
      hook(name, target.kind(), "after", hooks.getAfter()).ifPresent(needed::add);
    }
    return needed;
  }

  private static Optional<ToolRequirement> hook(String name, String kind, String when, HookConfig hook) {
    if (hook == null || hook.getCommand() == null || hook.getCommand().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ToolRequirement(name, kind, hook.getCommand().get(0), 0,
        "it runs as the target's " + when + " hook: install it, or change that hook's command", true));
  }

  private static List<ToolRequirement> ofKind(String name, TargetConfig target) {
    String kind = target.kind();
    if (target instanceof PostgresTargetConfig) {
      String install = "install the Debian package postgresql-client-" + POSTGRES_CLIENT_MAJOR;
      // pg_dump backs up (a tenant schema too); pg_restore restores, test-restores and copies tenant schemas
      return List.of(new ToolRequirement(name, kind, "pg_dump", POSTGRES_CLIENT_MAJOR, install),
          new ToolRequirement(name, kind, "pg_restore", POSTGRES_CLIENT_MAJOR, install));
    }
    if (target instanceof PostgresClusterTargetConfig cluster) {
      return cluster(name, kind, cluster.getBinDirectory());
    }
    if (target instanceof RedisTargetConfig) {
      // redis-cli --rdb takes the snapshot; verification loads it into a redis-server of its own
      return List.of(new ToolRequirement(name, kind, "redis-cli", 0, "install the Debian package redis-tools"),
          new ToolRequirement(name, kind, "redis-server", 0, "install the Debian package redis-server"));
    }
    if (target instanceof EtcdTargetConfig) {
      // etcdctl reads a snapshot's status and restores it (etcd 3.5's etcdutl is used instead when
      // present, and Debian's etcd-client ships etcdctl for both); etcd proves a restored data directory
      return List.of(new ToolRequirement(name, kind, "etcdctl", 0, "install the Debian package etcd-client"),
          new ToolRequirement(name, kind, "etcd", 0, "install the Debian package etcd-server"));
    }
    if (target instanceof ConfigTargetConfig config) {
      Set<String> programs = new LinkedHashSet<>();
      config.getValidators().forEach(v -> programs.add(v.getCommand().get(0)));
      return programs.stream().map(program -> new ToolRequirement(name, kind, program, 0,
          "it runs as one of the target's validators: install it, or change or remove that validator", true))
          .toList();
    }
    return List.of();
  }

  /**
   * A cluster's base backups run pg_basebackup of its {@code binDirectory}, its recoveries pg_ctl
   * (which starts postgres) from there and tar to unpack the base backup.
   */
  private static List<ToolRequirement> cluster(String name, String kind, String binDirectory) {
    Path bin = Path.of(binDirectory);
    Matcher debian = DEBIAN_BIN.matcher(binDirectory);
    String client = debian.matches() ? "install the Debian package postgresql-client-" + debian.group(1)
        : "install PostgreSQL's binaries of the cluster's major version there, or set binDirectory to where they are";
    String server = debian.matches() ? "install the Debian package postgresql-" + debian.group(1) : client;
    return List.of(new ToolRequirement(name, kind, bin.resolve("pg_basebackup").toString(), 0, client),
        new ToolRequirement(name, kind, bin.resolve("pg_ctl").toString(), 0, server),
        new ToolRequirement(name, kind, bin.resolve("postgres").toString(), 0, server),
        new ToolRequirement(name, kind, "tar", 0, "install the Debian package tar"));
  }
}
