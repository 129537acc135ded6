package io.lifeboat.activities.wal;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.ArtifactWriter.EncodedArtifact;
import io.lifeboat.activities.storage.ObjectMissingException;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.ObjectStore.ObjectInfo;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;

/**
 * A target's WAL archive in the bucket: one object per archived file, self-describing so the
 * archive can be listed and checked without the catalog.
 *
 * <pre>
 * &lt;prefix&gt;/&lt;target&gt;/wal/&lt;timeline&gt;/&lt;file name&gt;.zst.pgp
 * </pre>
 *
 * Each object is the file through zstd and OpenPGP, stored with one PutObject whose metadata
 * holds the SHA-256 of the stored bytes, and the CRC-32C and size of the file itself (which a
 * second push of the same name is compared with). Beside it, {@code <file name>.zst.pgp.sig} is a
 * detached signature of the file ({@link WalSignatures}), written first; a file is handed out only
 * once its signature checks.
 */
public final class WalArchive {
  public static final String FOLDER = "wal";
  public static final String SUFFIX = ".zst.pgp";
  static final String SHA256 = "sha256";
  static final String RAW_CRC32C = "raw-crc32c";
  static final String RAW_BYTES = "raw-bytes";
  public static final String SIGNATURE_SUFFIX = ".sig";

  private final ObjectStore store;
  private final ArtifactWriter writer;
  private final ArtifactReader reader;
  private final WalSignatures signatures;

  public WalArchive(ObjectStore store, ArtifactWriter writer, ArtifactReader reader, WalSignatures signatures) {
    this.store = store;
    this.writer = writer;
    this.reader = reader;
    this.signatures = signatures;
  }

  /** The folder of a target's archive: {@code <prefix>/<target>/wal/}. */
  public String folder(String target) {
    return store.key(target + "/" + FOLDER + "/");
  }

  public String key(String target, WalFileName file) {
    return folder(target) + file.timelineHex() + "/" + file.name() + SUFFIX;
  }

  /**
   * Stores a file unless the archive holds it already, and returns once the object is stored.
   * Archiving the same file twice is a success; a file of the same name with other content is
   * refused ({@link WalConflictException}): the object in the bucket stays as it was.
   */
  public Archived push(String target, WalFileName file, byte[] raw, int length) {
    String key = key(target, file);
    Optional<ObjectInfo> existing = store.head(key);
    if (existing.isPresent()) {
      Archived archived = alreadyArchived(target, file, existing.get(), crc32c(raw, length), length);
      if (!store.exists(signatureKey(key))) {
        // archived before WAL was signed, or the signature was lost: sign what PostgreSQL sent now
        store.put(signatureKey(key), signatures.sign(target, file, raw, length));
      }
      return archived;
    }
    // The signature first: an object is never there without one (a retry signs again).
    store.put(signatureKey(key), signatures.sign(target, file, raw, length));
    EncodedArtifact encoded = writer.encode(raw, length);
    store.put(key, encoded.bytes(), Map.of(SHA256, encoded.sha256(), RAW_CRC32C, crc32c(raw, length),
        RAW_BYTES, Long.toString(encoded.rawBytes())));
    return new Archived(file, key, encoded.rawBytes(), encoded.bytes().length, false);
  }

  private static Archived alreadyArchived(String target, WalFileName file, ObjectInfo existing, String crc32c,
      int length) {
    String storedCrc = existing.metadata().get(RAW_CRC32C);
    String storedBytes = existing.metadata().get(RAW_BYTES);
    if (!crc32c.equals(storedCrc) || !Integer.toString(length).equals(storedBytes)) {
      throw new WalConflictException(file + " is already archived for target " + target + " with other content"
          + " (" + storedBytes + " bytes, CRC-32C " + storedCrc + "; this file: " + length + " bytes, CRC-32C "
          + crc32c + "); the archived copy was kept. Two clusters may be archiving into one target: give each"
          + " cluster its own target");
    }
    return new Archived(file, existing.key(), length, existing.size(), true);
  }

  /** CRC-32C of the file (hardware-assisted: cheap beside compression and encryption), as hex. */
  private static String crc32c(byte[] raw, int length) {
    CRC32C crc = new CRC32C();
    crc.update(raw, 0, length);
    return String.format("%08x", crc.getValue());
  }

  /** The bucket (or off-site location) this archive is in. */
  public ObjectStore store() {
    return store;
  }

  /** The SHA-256 of a file's stored bytes as recorded when it was archived; null when absent. */
  public String storedSha256(String target, WalFileName file) {
    return store.head(key(target, file)).map(o -> o.metadata().get(SHA256)).orElse(null);
  }

  /** The key of the detached signature of the object at {@code key}. */
  public static String signatureKey(String key) {
    return key + SIGNATURE_SUFFIX;
  }

  public boolean contains(String target, WalFileName file) {
    return store.exists(key(target, file));
  }

  /** The size of the files the archive holds, from one segment's metadata; empty when it holds none. */
  public Optional<Long> segmentBytes(String target, WalFileName segment) {
    return store.head(key(target, segment)).map(o -> Long.parseLong(o.metadata().getOrDefault(RAW_BYTES, "0")));
  }

  /**
   * The file as archived, decrypted and checked (SHA-256 of the stored bytes, OpenPGP integrity,
   * zstd checksum, then its signature); empty when the archive does not hold it.
   *
   * @throws WalSignatureException when its signature is missing or does not vouch for it
   */
  public Optional<byte[]> fetch(String target, WalFileName file) {
    String key = key(target, file);
    Optional<ObjectInfo> info = store.head(key);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(
        (int) Math.min(Integer.MAX_VALUE - 8, Long.parseLong(info.get().metadata().getOrDefault(RAW_BYTES, "0"))));
    reader.read(key, info.get().metadata().get(SHA256), out, bytes -> {});
    byte[] raw = out.toByteArray();
    signatures.check(target, file, raw, signature(key).orElse(null), key, info.get().lastModified());
    return Optional.of(raw);
  }

  /** The detached signature stored beside the object at {@code key}; empty when there is none. */
  Optional<byte[]> signature(String key) {
    try {
      return Optional.of(store.get(signatureKey(key)));
    } catch (ObjectMissingException e) {
      return Optional.empty();
    }
  }

  /**
   * Deletes the target's archived files that lie before {@code keepFrom} (by position, whatever
   * their timeline: segments, {@code .partial} and {@code .backup} files), except timeline
   * history files, which are tiny and needed to follow timelines, and objects written after
   * {@code lockedAfter} (still under Object Lock; null when nothing is locked).
   *
   * @return how many files were deleted, or on a dry run would be
   */
  public int prune(String target, WalFileName keepFrom, Instant lockedAfter, boolean dryRun,
      IntConsumer progress) {
    String from = position(keepFrom);
    int count = 0;
    for (ArchivedFile archived : list(target)) {
      WalFileName file = archived.file();
      if (file.type() == WalFileName.Type.HISTORY || position(file).compareTo(from) >= 0
          || (lockedAfter != null && archived.archivedAt().isAfter(lockedAfter))) {
        continue;
      }
      if (!dryRun) {
        store.delete(key(target, file));
        store.delete(signatureKey(key(target, file)));
      }
      progress.accept(++count);
    }
    return count;
  }

  /** The log and segment part of a file name (the 16 hex digits after the timeline). */
  private static String position(WalFileName file) {
    return file.name().substring(8, 24);
  }

  /** Every file archived for a target, in name order (timeline, then position). */
  public List<ArchivedFile> list(String target) {
    return files(store.listInfo(folder(target))).sorted((a, b) -> a.file().compareTo(b.file())).toList();
  }

  /**
   * The files archived for a target whose keys sort after {@code after}'s, in key order; every
   * file when {@code after} is null. Keys sort by timeline, then by file name: what PostgreSQL
   * archives next sorts after what it archived before (but for a {@code .partial} or
   * {@code .backup} file, which may sort before a file already archived).
   */
  public List<ArchivedFile> listAfter(String target, WalFileName after) {
    return files(store.listInfo(folder(target), after == null ? null : key(target, after))).toList();
  }

  private static java.util.stream.Stream<ArchivedFile> files(List<ObjectInfo> objects) {
    return objects.stream()
        .filter(o -> o.key().endsWith(SUFFIX))
        .flatMap(o -> {
          String name = o.key().substring(o.key().lastIndexOf('/') + 1, o.key().length() - SUFFIX.length());
          return WalFileName.parse(name).stream().map(f -> new ArchivedFile(f, o.size(), o.lastModified()));
        });
  }

  /** One archived file as listed: its stored size and when it was stored. */
  public record ArchivedFile(WalFileName file, long storedBytes, Instant archivedAt) {}

  /**
   * A file in the archive after a push.
   *
   * @param alreadyArchived true when the archive held it before this push
   */
  public record Archived(WalFileName file, String key, long rawBytes, long storedBytes, boolean alreadyArchived) {}
}
