package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code lifeboat retention} prints each decision, then what was (or would be) deleted, WAL included. */
class RetentionCommandTest {
  private static String result(boolean dryRun, String wal) {
    return """
        {"target": "main", "dryRun": %s, "policy": {"keepLast": 1},
         "decisions": [
           {"backupId": "b2", "recoveryPoint": "2026-11-22T06:00:00Z", "keep": true, "keptBy": ["newest"]},
           {"backupId": "b1", "recoveryPoint": "2026-11-21T06:00:00Z", "keep": false, "keptBy": []}],
         "deleted": %s, "wal": %s}""".formatted(dryRun, dryRun ? "[]" : "[\"b1\"]", wal);
  }

  @Test
  void walPrunedWithTheBackupsIsSummedUp() throws Exception {
    String pruned = "{\"keptFrom\": \"000000010000000000000005\", \"files\": 3, \"note\": null}";
    assertThat(RetentionCommand.table(new ObjectMapper().readTree(result(false, pruned))))
        .contains("1 kept, 1 deleted").contains("archived WAL: 3 files before 000000010000000000000005 deleted");
    assertThat(RetentionCommand.table(new ObjectMapper().readTree(result(true, pruned))))
        .contains("1 would be deleted").contains("3 files before 000000010000000000000005 would be deleted");
  }

  @Test
  void aTargetWithoutWalSaysNothingAboutIt() throws Exception {
    String none = "{\"keptFrom\": null, \"files\": 0, \"note\": \"no base backup kept: all archived WAL kept\"}";
    assertThat(RetentionCommand.table(new ObjectMapper().readTree(result(false, none)))).doesNotContain("WAL");
    assertThat(RetentionCommand.table(new ObjectMapper().readTree(result(false, "null")))).doesNotContain("WAL");
  }

  @Test
  void eachTenantsDecisionsComeUnderItsSchemaAfterTheTargetsOwn() throws Exception {
    String result = """
        {"target": "saas", "dryRun": true, "policy": {"keepLast": 1}, "deleted": [], "wal": null,
         "decisions": [
           {"backupId": "w1", "recoveryPoint": "2026-11-22T06:00:00Z", "keep": true, "keptBy": ["newest"]},
           {"backupId": "a2", "recoveryPoint": "2026-11-22T05:00:00Z", "keep": true, "keptBy": ["newest"],
            "schema": "tenant_a"},
           {"backupId": "a1", "recoveryPoint": "2026-11-21T05:00:00Z", "keep": false, "keptBy": [],
            "schema": "tenant_a"},
           {"backupId": "b1", "recoveryPoint": "2026-11-21T04:00:00Z", "keep": true, "keptBy": ["newest"],
            "schema": "tenant_b"}]}""";

    String table = RetentionCommand.table(new ObjectMapper().readTree(result));

    assertThat(table.lines().map(line -> line.split(" ")[0]))
        .containsExactly("BACKUP", "w1", "schema", "a2", "a1", "schema", "b1", "dry");
    assertThat(table).contains("schema tenant_a:\n", "schema tenant_b:\n", "1 would be deleted");
  }
}
