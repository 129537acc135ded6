package io.lifeboat.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreesTest {
  @TempDir
  Path dir;

  @Test
  void deletesATreeWithReadOnlyDirectoriesButNotWhatItsSymlinksPointAt() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.txt"), "kept");
    Path tree = Files.createDirectories(dir.resolve("tree/etc/app"));
    Files.writeString(tree.resolve("app.conf"), "port = 8080");
    Files.createSymbolicLink(tree.resolve("link"), outside);
    Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("r-xr-xr-x"));

    DirectoryTrees.delete(dir.resolve("tree"));

    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(outside).hasContent("kept");
  }

  @Test
  void aTreeThatIsNotThereIsAlreadyDeleted() {
    DirectoryTrees.delete(dir.resolve("missing"));

    assertThat(dir.resolve("missing")).doesNotExist();
  }
}
