package io.lifeboat.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which tool restores: etcd 3.5's etcdutl wherever it is on the PATH, before 3.4's etcdctl. Only
 * the choice is tested here (an executable named etcdutl in a directory of the PATH): no etcd 3.5
 * is installed on this machine; the restores themselves are tested with 3.4's etcdctl.
 */
class EtcdToolsTest {
  @TempDir Path dir;

  @Test
  void etcdutlIsPreferredWhereverItIsOnThePath() throws Exception {
    Path etcdutl = Files.createFile(dir.resolve("etcdutl"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));

    assertThat(new EtcdTools("/usr/bin:" + dir).tool()).isEqualTo(etcdutl.toString());
    assertThat(new EtcdTools("/usr/bin").tool()).isEqualTo("/usr/bin/etcdctl");
  }

  @Test
  void aFileThatIsNotExecutableIsNotATool() throws Exception {
    Files.createFile(dir.resolve("etcdutl"));

    assertThat(new EtcdTools(dir + ":/usr/bin").tool()).isEqualTo("/usr/bin/etcdctl");
  }
}
