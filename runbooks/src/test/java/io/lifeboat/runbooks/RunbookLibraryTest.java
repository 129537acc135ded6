package io.lifeboat.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookLibraryTest {
  @TempDir
  Path folder;

  @Test
  void findsTheShippedRunbooks() throws Exception {
    RunbookLibrary library = RunbookLibrary.shippedOnly();

    assertThat(library.names()).containsExactly("full-system-restore", "kubernetes-cluster-restore", "postgres-restore");
    assertThat(library.load("postgres-restore")).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("postgres-restore"));
    assertThat(library.load("no-such-runbook")).isEmpty();
    assertThat(library.source("../etc/passwd")).isEmpty();
  }

  @Test
  void theOperatorsFolderComesFirst() throws Exception {
    String own = RunbookLibrary.shippedOnly().source("postgres-restore").orElseThrow().replace("rto: 30m", "rto: 45m");
    Files.writeString(folder.resolve("postgres-restore.yaml"), own);
    Files.writeString(folder.resolve("broken.yaml"), "name: broken\nsteps: [");
    RunbookLibrary library = RunbookLibrary.withFolder(folder);

    assertThat(library.names()).containsExactly("broken", "full-system-restore", "kubernetes-cluster-restore", "postgres-restore");
    assertThat(library.load("postgres-restore").orElseThrow().objectives().rto()).hasMinutes(45);
    assertThatThrownBy(() -> library.load("broken"))
        .isInstanceOf(RunbookValidationException.class)
        .hasMessageStartingWith("broken.yaml:2:");
  }
}
