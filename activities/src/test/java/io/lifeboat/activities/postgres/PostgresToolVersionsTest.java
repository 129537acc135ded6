package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL tools' major versions against what they work on, refused in one line naming the
 * package to install: a pg_dump older than the server (before anything is written), a pg_restore
 * older than the pg_dump that wrote a backup (before anything is changed). The server is the real
 * embedded PostgreSQL 15 and the tools the machine's 15; the other versions are the ones the worker
 * recorded at start (no PostgreSQL 14 or 16 tools are installed here).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresToolVersionsTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static BackupBackend backend;
  private TestActivityEnvironment environment;

  @BeforeAll
  static void start() {
    backend = BackupBackend.on(s3);
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  @AfterEach
  void close() {
    if (environment != null) {
      environment.close();
    }
  }

  @Test
  void aPgDumpOlderThanTheServerIsRefusedBeforeAnythingIsWritten() {
    EmbeddedPostgresFixture.Database db = EmbeddedPostgresFixture.newDatabase();
    SourceActivities source = source(db, "pg_dump (PostgreSQL) 14.11 (Debian 14.11-1.pgdg120+2)");

    ActivityFailure failed = catchThrowableOfType(() -> source.backup(new SourceBackupRequest(TargetRef.of("shop"),
        "20260101T000000Z-old", "backup:shop", "run", null)), ActivityFailure.class);

    ApplicationFailure refused = (ApplicationFailure) failed.getCause();
    assertThat(refused.getType()).isEqualTo(FailureTypes.TOOL_FAILED);
    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(refused.getOriginalMessage()).matches("target shop runs PostgreSQL 15\\.[0-9]+ and this worker's"
        + " pg_dump is 14 \\(pg_dump \\(PostgreSQL\\) 14\\.11 \\(Debian 14\\.11-1\\.pgdg120\\+2\\)\\), which cannot"
        + " dump a newer server; nothing was written: install the Debian package postgresql-client-15"
        + " \\(pg_dump 15 or newer\\) on the worker");
    assertThat(backend.store().list("")).as("nothing of it in the bucket").noneMatch(key -> key.contains("-old"));
  }

  @Test
  void aPgDumpOfTheServersMajorVersionBacksUp() {
    EmbeddedPostgresFixture.Database db = EmbeddedPostgresFixture.newDatabase();
    SourceActivities source = source(db, "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)");

    assertThat(source.backup(new SourceBackupRequest(TargetRef.of("shop"), "20260101T000000Z-same", "backup:shop",
        "run", null)).backupId()).isEqualTo("20260101T000000Z-same");
  }

  @Test
  void aBackupWrittenByANewerPgDumpIsRefusedBeforeThisPgRestoreReadsIt() {
    EmbeddedPostgresFixture.Database db = EmbeddedPostgresFixture.newDatabase();
    // the dump is real (the machine's pg_dump 15); its manifest records the version the worker said it had
    SourceActivities source = source(db, "pg_dump (PostgreSQL) 16.4 (Debian 16.4-1.pgdg120+1)");
    SourceBackupResult backup = source.backup(new SourceBackupRequest(TargetRef.of("shop"), "20260101T000000Z-newer",
        "backup:shop", "run", null));
    backend.index(backup);
    String backupId = backup.backupId();

    ActivityFailure failed = catchThrowableOfType(() -> source.checkIntegrity(backupId), ActivityFailure.class);

    ApplicationFailure refused = (ApplicationFailure) failed.getCause();
    assertThat(refused.getType()).isEqualTo(FailureTypes.TOOL_FAILED);
    assertThat(refused.getOriginalMessage()).isEqualTo("backup 20260101T000000Z-newer was written by pg_dump"
        + " (PostgreSQL) 16.4 (Debian 16.4-1.pgdg120+1) and this worker's pg_restore is 15, which cannot read it;"
        + " nothing was changed: install the Debian package postgresql-client-16 (pg_restore 16 or newer) on the"
        + " worker");
  }

  @Test
  void aBackupOfThisMajorVersionIsRead() {
    PgRestore.requireReadable("b", Map.of("pg_dump", "pg_dump (PostgreSQL) 15.18"), 15);
    PgRestore.requireReadable("b", Map.of("pg_dump", "pg_dump (PostgreSQL) 14.1"), 15);
    PgRestore.requireReadable("b", Map.of("pg_dump", "not installed"), 15);
    PgRestore.requireReadable("b", null, 15);
    PgRestore.requireReadable("b", Map.of("pg_dump", "pg_dump (PostgreSQL) 16.1"), 0);
    assertThat(PgRestore.localMajor()).as("the machine's pg_restore").isEqualTo(15);
  }

  @Test
  void theMajorVersionIsReadFromPgDumpsVersionLine() {
    assertThat(PgDump.clientMajor("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)")).isEqualTo(15);
    assertThat(PgDump.clientMajor("pg_dump (PostgreSQL) 9.6.24")).isEqualTo(9);
    assertThat(PgDump.clientMajor("not installed")).as("unknown: pg_dump itself decides").isZero();
    assertThat(PgDump.clientMajor(null)).isZero();
  }

  private SourceActivities source(EmbeddedPostgresFixture.Database db, String pgDumpVersion) {
    PostgresTargets targets = new PostgresTargets(Map.of("shop", new PostgresTarget("shop",
        new PostgresServer(db.host(), db.port(), EmbeddedPostgresFixture.USER, null, null), db.name(),
        Duration.ofHours(1), Duration.ofHours(1))));
    environment = TestActivityEnvironment.newInstance();
    return OneSourceActivities.stub(environment, new PostgresDatabaseSource(targets, backend.catalog(),
        backend.stored(), new PgDump(targets, backend.backups(), backend.writer(), backend.encryption(),
            Map.of("lifeboat", "test", "pg_dump", pgDumpVersion))), "shop", backend.catalog());
  }
}
