package io.lifeboat.activities.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.manifest.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds trees of real files for the file-set tests and describes them for comparison. */
final class FileTrees {
  private FileTrees() {}

  /**
   * A tree with what a restore must keep: nested directories with their own modes, setuid and
   * private files, an empty file and an empty directory, relative and absolute symlinks, a
   * foreign owner, nanosecond mtimes, a long non-ASCII name, and things the excludes drop.
   */
  static void sample(Path root, int randomFiles, int fileSize, long seed) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(root.resolve("uploads/2024/01"));
    Files.createDirectories(root.resolve("empty"));
    Files.createDirectories(root.resolve("cache"));
    Files.writeString(root.resolve("cache/big.bin"), "excluded");
    Files.writeString(root.resolve("uploads/draft.tmp"), "excluded too");
    for (int i = 0; i < randomFiles; i++) {
      byte[] data = new byte[fileSize + random.nextInt(fileSize)];
      if (i % 2 == 0) {
        random.nextBytes(data);
      } else {
        for (int j = 0; j < data.length; j++) {
          data[j] = (byte) ('a' + (j / 7 + i) % 26);
        }
      }
      Files.write(root.resolve("uploads/2024/01/file-" + i + ".bin"), data);
    }
    Files.writeString(root.resolve("uploads/readme.txt"), "hello\n");
    Files.write(root.resolve("uploads/empty.dat"), new byte[0]);
    Path script = root.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setAttribute(script, "unix:mode", 04755);
    Path secret = root.resolve("uploads/private.key");
    Files.writeString(secret, "not really a key");
    Files.setAttribute(secret, "unix:mode", 0600);
    Path longName = root.resolve("uploads/" + "ü".repeat(60) + "-" + "x".repeat(80) + ".txt");
    Files.writeString(longName, "long");
    Files.setAttribute(root.resolve("uploads/2024"), "unix:mode", 0750);
    Files.createSymbolicLink(root.resolve("latest"), Path.of("uploads/2024/01"));
    Files.createSymbolicLink(root.resolve("uploads/passwd"), Path.of("/etc/passwd"));
    Files.setAttribute(root.resolve("uploads/readme.txt"), "unix:uid", 1234);
    Files.setAttribute(root.resolve("uploads/readme.txt"), "unix:gid", 2345);
    Files.setLastModifiedTime(root.resolve("uploads/readme.txt"),
        FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z")));
    Files.setLastModifiedTime(root.resolve("uploads/2024"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
  }

  /** Every entry under {@code root} by relative path: type, mode, owner, mtime, content hash or link. */
  static Map<String, String> describe(Path root) {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,isDirectory,isSymbolicLink",
            LinkOption.NOFOLLOW_LINKS);
        String what;
        if ((Boolean) a.get("isSymbolicLink")) {
          what = "link->" + Files.readSymbolicLink(p);
        } else if ((Boolean) a.get("isDirectory")) {
          what = "dir";
        } else {
          what = "file " + Sha256.of(Files.readAllBytes(p));
        }
        String mtime = (Boolean) a.get("isSymbolicLink") ? "" : " mtime=" + ((FileTime) a.get("lastModifiedTime")).toInstant();
        String mode = (Boolean) a.get("isSymbolicLink") ? "" : " mode=" + Integer.toOctalString((Integer) a.get("mode") & 07777);
        tree.put(root.relativize(p).toString(), what + mode + " owner=" + a.get("uid") + ":" + a.get("gid") + mtime);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tree;
  }

  static void assertSameTree(Path restored, Path original) {
    Map<String, String> expected = describe(original);
    expected.keySet().removeIf(k -> k.startsWith("cache") || k.endsWith(".tmp"));
    assertThat(describe(restored)).containsExactlyEntriesOf(expected);
  }
}
