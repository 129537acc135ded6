package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.worker.LifeboatWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped units started by systemd 252 itself: systemd runs as PID 1 of new namespaces
 * (PID, mount, network, UTS, IPC, cgroup; {@code unshare}), with /etc and /var as overlays and the
 * rest of what it touches on tmpfs, so the host is left as it was (the cgroups systemd made are
 * removed after). In place of the launcher, a probe (test resources, systemd-sandbox/) does inside
 * the unit's sandbox what a worker does: a JVM compiles hot code, writes its state directory,
 * java.io.tmpdir, /var/tmp and /dev/shm, opens TCP and Unix sockets and starts a child;
 * PostgreSQL 15's initdb, server, psql, pg_dump and pg_restore run as the service user; and writes
 * the sandbox must refuse (directories of mode 1777 outside the state directory, /home, the host's
 * /tmp) fail. A second probe is stopped by {@code systemctl
 * stop}, to see the stop sequence. Last, the real Lifeboat worker (the tests' classpath in place of
 * the release's lib/) runs a backup and a verification under the worker unit, sharing the host's
 * network to reach the test's Temporal, S3Proxy and PostgreSQL.
 *
 * <p>Needs root, unshare, overlayfs and systemd (Debian package {@code systemd}); otherwise skipped
 * with the reason.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SystemdSandboxTest {
  private static final Path SYSTEMD_BINARY = Path.of("/lib/systemd/systemd");
  private static final List<String> NAMESPACES = List.of("unshare", "--pid", "--fork", "--mount", "--uts", "--ipc",
      "--cgroup", "--mount-proc");
  /** boot.sh's answer when this kernel cannot mount an overlay. */
  private static final int NO_OVERLAY = 97;

  @ParameterizedTest
  @ValueSource(strings = {"server", "worker"})
  void theUnitsSandboxLetsTheWorkerAndItsToolsRunAndRefusesTheRest(String command, @TempDir Path work)
      throws Exception {
    Shell.Result booted = boot(command, "run", work);

    assumeTrue(booted.exit() != NO_OVERLAY, "this kernel cannot mount an overlay: " + booted.output());
    Path state = work.resolve("var-up/lib/lifeboat");
    Path report = state.resolve("report.txt");
    assertThat(report).as("the unit did not run its ExecStart; systemd's exit %s: %s", booted.exit(), booted.output())
        .exists();
    String probe = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(probe)
        .as(probe)
        .contains("args: " + command + " /etc/lifeboat/lifeboat.yml")
        .contains("uid=990(lifeboat) gid=990(lifeboat)")
        .contains("NoNewPrivs:\t1", "CapEff:\t0000000000000000", "CapBnd:\t0000000000000000")
        .contains("JAVA PROBE PASSED")
        .contains("INITDB OK", "POSTGRES STARTED", "PSQL OVER TCP OK", "PG_DUMP OVER A UNIX SOCKET OK",
            "PG_RESTORE OK", "POSTGRES STOPPED", "PROBE DONE")
        .doesNotContain("FAIL ");
    // StateDirectory= made it for the service user alone, and UMask=0077 kept what it wrote private.
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    assertThat(Files.getAttribute(state, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(990);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-------");
  }

  /**
   * {@code systemctl stop} as an operator runs it, while the JVM has a child process running: SIGTERM
   * reaches the JVM alone (KillMode=mixed), so its shutdown hook drains with the child still
   * there, and its exit status 143 counts as a clean stop (SuccessExitStatus=143), not a failure.
   */
  @ParameterizedTest
  @ValueSource(strings = {"server", "worker"})
  void stoppingTheUnitLetsTheJvmDrainWithItsChildrenAndCountsAsClean(String command, @TempDir Path work)
      throws Exception {
    Shell.Result booted = boot(command, "stop", work);

    assumeTrue(booted.exit() != NO_OVERLAY, "this kernel cannot mount an overlay: " + booted.output());
    Path stopped = work.resolve("var-up/lib/stopped.txt");
    assertThat(stopped).as("the stopper did not run; systemd's exit %s: %s", booted.exit(), booted.output()).exists();
    Path hook = work.resolve("var-up/lib/lifeboat/stop.txt");
    assertThat(hook).exists();
    assertThat(Files.readAllLines(hook)).containsExactly("started", "hook: child alive true",
        "hook: child alive after the drain true", "hook: done");
    assertThat(Files.readAllLines(stopped))
        .containsExactlyInAnyOrder("Result=success", "ExecMainStatus=143", "ActiveState=inactive");
  }

  /**
   * The real Lifeboat worker, started by systemd under the shipped unit (sharing the host's
   * network, to reach the test's Temporal, S3Proxy and PostgreSQL), runs a backup's and a
   * verification's activities, the verification with its test restore into a scratch server made by
   * initdb in the unit's private /tmp. Workflow tasks stay with a worker in this JVM, which runs no
   * activities: every activity ran under the unit.
   */
  @Test
  void theRealWorkerBacksUpAndVerifiesUnderTheWorkerUnit(@TempDir Path work) throws Exception {
    assumeSystemdCanBootHere();
    Path m2 = Path.of(System.getProperty("user.home"), ".m2");
    List<String> classpath = new ArrayList<>();
    for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
        .split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (path.startsWith(m2)) {
        classpath.add(Path.of("/opt/lifeboat/m2").resolve(m2.relativize(path)).toString());
      } else if (Files.exists(path) && (path.startsWith("/home") || path.startsWith("/root") || path.startsWith("/tmp"))) {
        // the build's own classes and jars, where the unit cannot see them (ProtectHome, PrivateTmp):
        // boot.sh copies work/cp to /opt/lifeboat/cp before systemd starts
        String copy = "cp/" + classpath.size() + (Files.isDirectory(path) ? "" : ".jar");
        copyTree(path, work.resolve(copy));
        classpath.add("/opt/lifeboat/" + copy);
      } else if (Files.exists(path)) {
        classpath.add(path.toString());
      }
    }
    Files.writeString(work.resolve("classpath"), String.join(":", classpath));
    Path stackDir = Files.createDirectories(work.resolve("test-stack"));
    try (LifeboatStack stack = LifeboatStack.start(stackDir, List.of("sandboxed"), LifeboatWorker.Role.WORKFLOWS)) {
      try (Connection db = stack.embedded.postgres().connect("sandboxed")) {
        SampleDatabase.create(db, 1);
      }
      Path keys = stackDir.resolve("keys");
      Files.createDirectories(work.resolve("keys"));
      try (Stream<Path> files = Files.list(keys)) {
        for (Path key : files.toList()) {
          Files.copy(key, work.resolve("keys").resolve(key.getFileName()));
        }
      }
      Files.writeString(work.resolve("lifeboat.yml"), Files.readString(stack.embedded.configFile())
          .replace(keys.toAbsolutePath().toString(), "/etc/lifeboat/keys"));

      Set<Path> cgroupsBefore = systemdCgroups();
      Process systemd = start("worker", "worker", work, List.of(), List.of("M2=" + m2));
      try {
        BackupWorkflow backupRun = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("sandboxed"));
        WorkflowClient.start(backupRun::backup, new BackupRequest("sandboxed", "under systemd", "tester"));
        BackupResult backup = WorkflowStub.fromTyped(backupRun).getResult(90, TimeUnit.SECONDS, BackupResult.class);
        VerifyWorkflow verifyRun = stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backup.backupId()));
        WorkflowClient.start(verifyRun::verify, new VerifyRequest(backup.backupId(), true, "tester"));
        VerifyResult verified = WorkflowStub.fromTyped(verifyRun).getResult(60, TimeUnit.SECONDS, VerifyResult.class);

        assertThat(verified.testRestore().comparison().compared()).isPositive();
        for (String workflowId : List.of(BackupWorkflow.workflowId("sandboxed"),
            VerifyWorkflow.workflowId(backup.backupId()))) {
          List<String> identities = stack.client().fetchHistory(workflowId).getEvents().stream()
              .filter(event -> event.hasActivityTaskStartedEventAttributes())
              .map(event -> event.getActivityTaskStartedEventAttributes().getIdentity()).toList();
          assertThat(identities).as("the workers that ran %s's activities", workflowId).isNotEmpty()
              .allSatisfy(identity -> assertThat(identity).endsWith("@lifeboat-sandbox"));
        }
      } catch (RuntimeException | AssertionError | TimeoutException e) {
        throw new AssertionError(e.getMessage() + "\nthe worker's output:\n"
            + readIfThere(work.resolve("var-up/lib/lifeboat/lifeboat.log")), e);
      } finally {
        systemd.destroyForcibly().waitFor(); // unshare's --kill-child takes systemd and its namespace along
        removeNew(cgroupsBefore);
      }
    }
  }

  private static String readIfThere(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "(none: " + file + ")";
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(source, target);
        }
      }
    }
  }

  /** Boots systemd in new namespaces with the unit of {@code command} and the probe {@code probe}. */
  private static Shell.Result boot(String command, String probe, Path work) throws Exception {
    assumeSystemdCanBootHere();
    Set<Path> cgroupsBefore = systemdCgroups();
    try {
      Process systemd = start(command, probe, work, List.of("--net"), List.of());
      try {
        assertThat(systemd.waitFor(150, TimeUnit.SECONDS)).as("systemd ended within 150 s").isTrue();
        return new Shell.Result(systemd.exitValue(),
            new String(systemd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } finally {
        systemd.destroyForcibly().waitFor();
      }
    } finally {
      removeNew(cgroupsBefore);
    }
  }

  /** Starts {@code boot.sh} under unshare, systemd's PID 1 to be. */
  private static Process start(String command, String probe, Path work, List<String> moreNamespaceOptions,
      List<String> moreEnvironment) throws Exception {
    Path javaHome = Path.of(System.getProperty("java.home"));
    assumeTrue(!javaHome.startsWith("/home") && !javaHome.startsWith("/root"),
        "the test JVM lives under /home or /root, which the unit hides (ProtectHome=yes): " + javaHome);
    for (String resource : List.of("boot.sh", "lifeboat-run-probe.sh", "lifeboat-stop-probe.sh",
        "lifeboat-worker-probe.sh", "SandboxProbe.java", "StopProbe.java")) {
      try (var in = SystemdSandboxTest.class.getResourceAsStream("/systemd-sandbox/" + resource)) {
        Files.copy(in, work.resolve(resource));
      }
    }
    String name = "lifeboat-" + command + ".service";
    // --kill-child: when unshare ends (or is killed), systemd and its whole namespace end too.
    List<String> boot = new ArrayList<>(NAMESPACES);
    boot.add("--kill-child");
    boot.addAll(moreNamespaceOptions);
    boot.addAll(List.of("env", "UNIT=" + SystemdUnitsTest.SYSTEMD.resolve(name).toAbsolutePath().normalize(),
        "NAME=" + name, "PROBE=" + probe, "WORK=" + work, "JAVA_HOME=" + javaHome));
    boot.addAll(moreEnvironment);
    boot.addAll(List.of("bash", work.resolve("boot.sh").toString()));
    return new ProcessBuilder(boot).redirectErrorStream(true).start();
  }

  /**
   * The cgroups systemd makes (init.scope, system.slice, the unit's) in the shared hierarchies:
   * its cgroup namespace is rooted at the test JVM's cgroups, so they outlive the namespace.
   */
  private static Set<Path> systemdCgroups() throws IOException {
    Set<Path> found = new TreeSet<>();
    Path root = Path.of("/sys/fs/cgroup");
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> all = Files.find(root, 5, (path, attributes) -> attributes.isDirectory()
        && path.getFileName().toString().matches(".+\\.(slice|scope|service)"))) {
      all.forEach(found::add);
    }
    return found;
  }

  /**
   * Removes the cgroups the boot left, deepest first, once the namespace's processes are gone
   * (a cgroup still holding a process is busy: tried again for up to 10 s, then left).
   */
  private static void removeNew(Set<Path> before) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<Path> made = new ArrayList<>(systemdCgroups());
      made.removeAll(before);
      if (made.isEmpty()) {
        return;
      }
      made.sort(Comparator.comparingInt(Path::getNameCount).reversed());
      for (Path cgroup : made) {
        try {
          Files.delete(cgroup); // rmdir: cgroupfs removes an empty cgroup with its files
        } catch (IOException e) {
          if (attempt == 49) {
            System.err.println("left " + cgroup + ": " + e.getMessage());
          }
        }
      }
      Thread.sleep(200);
    }
  }

  private static void assumeSystemdCanBootHere() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "booting systemd in namespaces needs root; the units are checked by SystemdUnitsTest only");
    assumeTrue(Files.isExecutable(SYSTEMD_BINARY),
        "systemd is not installed (Debian package systemd, deploy/install-tools.sh)");
    assumeTrue(Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/initdb")),
        "PostgreSQL 15's server binaries are not installed (deploy/install-tools.sh)");
    List<String> probe = new ArrayList<>(NAMESPACES);
    probe.add("true");
    Shell.Result namespaces;
    try {
      namespaces = Shell.exec(probe);
    } catch (IOException e) {
      namespaces = new Shell.Result(-1, e.getMessage());
    }
    assumeTrue(namespaces.exit() == 0, "cannot make namespaces with unshare here: " + namespaces.output());
  }
}
