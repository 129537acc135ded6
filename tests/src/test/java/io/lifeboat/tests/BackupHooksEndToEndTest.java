package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks from the configuration file, run by the worker around real backups: a before hook that
 * works and one that fails (no backup is stored, the after hook runs all the same).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackupHooksEndToEndTest {
  @TempDir Path dir;

  @Test
  void theConfiguredHooksRunAroundABackupAndAFailedBeforeHookMeansNoBackup() throws Exception {
    Path uploads = Files.createDirectories(dir.resolve("uploads"));
    Files.writeString(uploads.resolve("invoice.txt"), "invoice 42");
    Path log = dir.resolve("hooks.log");
    String targets = """
          uploads:
            kind: files
            paths: [%1$s]
            rpo: 1h
            rto: 15m
            hooks:
              before:
                command: [sh, -c, 'echo "before $LIFEBOAT_TARGET" >> %2$s']
              after:
                command: [sh, -c, 'echo "after $LIFEBOAT_TARGET" >> %2$s']
                timeout: 10s
          orders:
            kind: files
            paths: [%1$s]
            rpo: 1h
            rto: 15m
            hooks:
              before:
                command: [sh, -c, 'echo "orders app refuses to pause: replica lag" >&2; exit 7']
              after:
                command: [sh, -c, 'echo "after $LIFEBOAT_TARGET" >> %2$s']
        """.formatted(uploads, log);
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(), targets)) {
      BackupWorkflow uploadsBackup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("uploads"));
      uploadsBackup.backup(new BackupRequest("uploads", "test", "alice"));

      assertThat(Files.readAllLines(log)).containsExactly("before uploads", "after uploads");
      assertThat(stack.catalog.listBackups("uploads", 10)).hasSize(1);
      assertThat(WorkflowStub.fromTyped(uploadsBackup).query("progress", RunProgress.class).steps())
          .filteredOn(s -> s.name().endsWith("-hook"))
          .allSatisfy(s -> assertThat(s.detail()).startsWith("command hook exited 0 after "));

      BackupWorkflow ordersBackup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("orders"));
      assertThatThrownBy(() -> ordersBackup.backup(new BackupRequest("orders", "test", "alice")))
          .isInstanceOf(WorkflowFailedException.class)
          .satisfies(e -> {
            assertThat(Failures.type(e)).isEqualTo(FailureTypes.HOOK_FAILED);
            assertThat(Failures.message(e.getCause())).startsWith("before hook of orders failed, so no backup was"
                + " taken: command hook exited 7 after ").endsWith(": orders app refuses to pause: replica lag");
          });
      assertThat(stack.catalog.listBackups("orders", 10)).isEmpty();
      assertThat(Files.readAllLines(log)).containsExactly("before uploads", "after uploads", "after orders");
    }
  }
}
