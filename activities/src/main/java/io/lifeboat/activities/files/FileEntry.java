package io.lifeboat.activities.files;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a backup's file index: a directory, a symbolic link or a regular file of the tree,
 * with its metadata as it was read and, for a file, the SHA-256 of its content and where that
 * content is stored: the data at {@code offset} in the tar stream of object {@code object} of
 * backup {@code backup} (this backup, or an earlier one when the file had not changed).
 *
 * @param path the original absolute path
 * @param root the configured path the entry was found under
 * @param mode the permission bits with setuid, setgid and sticky ({@code st_mode & 07777})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record FileEntry(
    String path,
    String root,
    String type,
    int mode,
    long uid,
    long gid,
    String user,
    String group,
    long size,
    long mtime,
    int mtimeNanos,
    Long inode,
    String link,
    String sha256,
    String backup,
    String object,
    Long offset) {

  static final String FILE = "file";
  static final String DIRECTORY = "dir";
  static final String SYMLINK = "symlink";

  boolean isFile() {
    return FILE.equals(type);
  }

  boolean isDirectory() {
    return DIRECTORY.equals(type);
  }

  boolean isSymlink() {
    return SYMLINK.equals(type);
  }

  /** Whether {@code earlier}'s stored content can stand for this file: same file, unchanged. */
  boolean unchangedSince(FileEntry earlier) {
    return earlier != null && earlier.isFile() && isFile() && earlier.sha256 != null
        && earlier.size == size && earlier.mtime == mtime && earlier.mtimeNanos == mtimeNanos
        && java.util.Objects.equals(earlier.inode, inode);
  }

  /** This entry, with its content stored where {@code earlier}'s is. */
  FileEntry storedAs(FileEntry earlier) {
    return withContent(earlier.sha256, earlier.backup, earlier.object, earlier.offset);
  }

  FileEntry withContent(String sha256, String backup, String object, Long offset) {
    return new FileEntry(path, root, type, mode, uid, gid, user, group, size, mtime, mtimeNanos, inode, link,
        sha256, backup, object, offset);
  }
}
