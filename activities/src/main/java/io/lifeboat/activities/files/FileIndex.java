package io.lifeboat.activities.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The index object of a file-set backup: JSON lines, a header line then one {@link FileEntry}
 * per line in walk order (depth first, names sorted). After {@code gpg -d | zstd -d} it reads
 * with any JSON tool, which is how an operator finds a file by hand.
 */
final class FileIndex {
  static final String OBJECT = "index.jsonl.zst.pgp";
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The first line: format and the configured paths. */
  record Header(int format, String target, List<String> roots) {}

  /** A whole index: its header and its entries in walk order. */
  record Contents(Header header, List<FileEntry> entries) {
    List<String> roots() {
      return header.roots();
    }
  }

  private FileIndex() {}

  /** The index object of a file-set backup; fails non-retryable when it has none. */
  static Manifest.StoredObject object(SignedManifest backup) {
    return backup.manifest().objects().stream()
        .filter(o -> o.name().equals(OBJECT)).findFirst()
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup " + backup.manifest().backupId()
            + " has no " + OBJECT + "; it is not a file-set backup", FailureTypes.BAD_REQUEST));
  }

  /** Reads a backup's whole index out of storage (decrypted, its SHA-256 checked). */
  static Contents read(StoredBackups stored, SignedManifest backup) {
    List<Header> header = new ArrayList<>(1);
    List<FileEntry> entries = new ArrayList<>();
    stored.read(backup, object(backup), reader(header::add, entries::add), bytes -> {});
    if (header.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("the index of backup " + backup.manifest().backupId()
          + " is empty; restore another backup", FailureTypes.INTEGRITY);
    }
    return new Contents(header.get(0), entries);
  }

  static byte[] line(Object value) {
    try {
      byte[] json = JSON.writeValueAsBytes(value);
      byte[] line = new byte[json.length + 1];
      System.arraycopy(json, 0, line, 0, json.length);
      line[json.length] = '\n';
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A sink for a decoded index: parses each line as it arrives and hands the entries on, so an
   * index streams out of storage without being held whole.
   */
  static OutputStream reader(Consumer<Header> header, Consumer<FileEntry> entries) {
    return new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
      private boolean headerSeen;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
          if (b[i] == '\n') {
            pending.write(b, start, i - start);
            parse(pending.toByteArray());
            pending.reset();
            start = i + 1;
          }
        }
        pending.write(b, start, off + len - start);
      }

      private void parse(byte[] line) throws IOException {
        if (line.length == 0) {
          return;
        }
        if (!headerSeen) {
          headerSeen = true;
          Header h = JSON.readValue(line, Header.class);
          if (h.format() > FORMAT) {
            throw new IOException("file index format " + h.format() + " is newer than this Lifeboat reads ("
                + FORMAT + "); upgrade Lifeboat");
          }
          header.accept(h);
          return;
        }
        entries.accept(JSON.readValue(line, FileEntry.class));
      }
    };
  }
}
