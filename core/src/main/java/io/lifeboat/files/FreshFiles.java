package io.lifeboat.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The temporary files a restore writes before renaming them into place. Whatever already sits at
 * such a path (a file left by an earlier attempt, or a symlink someone planted there to make the
 * restore write elsewhere) is removed itself, never followed, and the file is created new: a link
 * that appears in between makes the creation fail instead of being written through.
 */
public final class FreshFiles {
  private FreshFiles() {}

  /** A new, empty file at {@code path}, open for writing; what was at {@code path} (not a directory) is gone. */
  public static FileChannel create(Path path) throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path); // deletes a symlink itself, not what it points to
    }
    return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
  }
}
