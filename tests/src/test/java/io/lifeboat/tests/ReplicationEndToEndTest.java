package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.StorageConfig;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.DatabaseFingerprint;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.replication.ReplicationRequest;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Off-site copies against the real thing: a backup copied to a second bucket of S3Proxy with its
 * checksums verified, restored from there once the primary's objects are gone, and a corrupted
 * off-site object detected and recorded.
 */
class ReplicationEndToEndTest {
  private static final String TARGET = "rep";
  private static final String OFFSITE_BUCKET = "lifeboat-offsite";

  @TempDir Path dir;

  @Test
  void copiesVerifiesRestoresFromTheCopyAndDetectsCorruption() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(TARGET), false)) {
      try (Connection db = stack.embedded.postgres().connect(TARGET)) {
        SampleDatabase.create(db, 1);
      }
      stack.config.getStorage().setCopies(List.of(offsite(stack.config.getStorage())));
      LifeboatWorker worker = new LifeboatWorker(stack.config, new MetricRegistry());
      worker.start();
      LifeboatWorker offsiteWorker = null;
      try {
        DatabaseFingerprint source = DatabaseFingerprint.of(stack.server(), TARGET);
        BackupResult backup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
            .backup(new BackupRequest(TARGET, "replication test", "tester"));

        List<CopyReport> reports = replicate(stack, backup.backupId(), false);
        assertThat(reports).singleElement().satisfies(r -> {
          assertThat(r.location()).isEqualTo("offsite");
          assertThat(r.intact()).isTrue();
          assertThat(r.copied()).isEqualTo(r.objects()).isGreaterThanOrEqualTo(3);
        });
        assertThat(stack.catalog.copiesOf(backup.backupId())).singleElement().satisfies(c -> {
          assertThat(c.status()).isEqualTo(CopyEntry.Status.COPIED);
          assertThat(c.bucket()).isEqualTo(OFFSITE_BUCKET);
        });
        // Copying again writes nothing: every object there is intact.
        assertThat(replicate(stack, backup.backupId(), false)).singleElement()
            .satisfies(r -> assertThat(r.copied()).isZero());

        // The primary loses the backup; a worker reading the off-site bucket restores it.
        ObjectStore primary = stack.worker.backups().objects();
        primary.list(primary.key(TARGET + "/")).forEach(primary::delete);
        assertThat(primary.list(primary.key(TARGET + "/"))).isEmpty();
        LifeboatConfiguration offsiteConfig = LifeboatConfigLoader.load(stack.embedded.configFile());
        offsiteConfig.getStorage().setBucket(OFFSITE_BUCKET);
        offsiteConfig.getTemporal().setTaskQueue("offsite-restore");
        offsiteWorker = new LifeboatWorker(offsiteConfig, new MetricRegistry());
        offsiteWorker.start();
        RestoreWorkflow restore = stack.client().newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder()
            .setTaskQueue("offsite-restore").setWorkflowId(RestoreWorkflow.workflowId(TARGET, "rep_from_offsite"))
            .build());
        restore.restore(new RestoreRequest(TARGET, backup.backupId(), "rep_from_offsite", false, null, "tester"));
        assertThat(DatabaseFingerprint.of(stack.server(), "rep_from_offsite")).isEqualTo(source);

        // Someone (or bit rot) changes an object of the copy: the check finds it and says which.
        ObjectStore offsite = offsiteWorker.backups().objects();
        String dump = offsite.list(offsite.key(TARGET + "/")).stream()
            .filter(k -> k.endsWith(".pgp")).findFirst().orElseThrow();
        offsite.put(dump, "not a backup".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> replicate(stack, backup.backupId(), true))
            .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY))
            .satisfies(e -> assertThat(Failures.message(e.getCause())).contains("offsite: ").contains("SHA-256"));
        assertThat(stack.catalog.copiesOf(backup.backupId())).singleElement().satisfies(c -> {
          assertThat(c.status()).isEqualTo(CopyEntry.Status.CORRUPT);
          assertThat(c.error()).contains(dump.substring(dump.lastIndexOf('/') + 1));
        });
      } finally {
        worker.stop();
        if (offsiteWorker != null) {
          offsiteWorker.stop();
        }
      }
    }
  }

  private static List<CopyReport> replicate(LifeboatStack stack, String backupId, boolean checkOnly) {
    return stack.workflow(ReplicationWorkflow.class, ReplicationWorkflow.workflowId(backupId))
        .replicate(new ReplicationRequest(backupId, checkOnly, "tester"));
  }

  /** A second bucket of the same S3Proxy, with its own entry (and credentials) in the configuration. */
  private static CopyLocationConfig offsite(StorageConfig primary) {
    CopyLocationConfig copy = new CopyLocationConfig();
    copy.setName("offsite");
    copy.setEndpoint(primary.getEndpoint());
    copy.setRegion(primary.getRegion());
    copy.setBucket(OFFSITE_BUCKET);
    copy.setPrefix(primary.getPrefix());
    copy.setAccessKey(primary.getAccessKey());
    copy.setSecretKey(primary.getSecretKey());
    copy.setPathStyle(primary.isPathStyle());
    copy.setAfterEachBackup(false); // this test copies by hand (AutomaticReplicationEndToEndTest: the other way)
    return copy;
  }
}
