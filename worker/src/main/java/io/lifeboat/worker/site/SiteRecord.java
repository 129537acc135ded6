package io.lifeboat.worker.site;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BucketRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * What a new host needs to run Lifeboat again, kept in the bucket under {@code _lifeboat/site/}
 * (docs/recover-lifeboat.md): the configuration without its secrets, the runbooks, and the public
 * keys (the recipients backups are encrypted to, the keys that verify manifest signatures).
 * Never a private key, a password or a token: those come from the operator's secret store.
 */
public final class SiteRecord {
  public static final String SITE = BucketRecords.ROOT + "site/";
  public static final String CONFIG = SITE + "lifeboat.yml";
  public static final String RUNBOOKS = SITE + "runbooks/";
  public static final String KEYS = SITE + "keys/";

  private SiteRecord() {}

  /** What to publish: the configuration file as written (before ${VAR} substitution) and what it names. */
  public record Site(Path configFile, Path runbooksFolder, List<Path> publicKeyFiles, List<PGPPublicKeyRing> signingKeys) {}

  /**
   * Writes the site's record; a runbook or key no longer in use is removed from it. Idempotent.
   *
   * @return the keys written, relative to the prefix
   */
  public static List<String> publish(ObjectStore bucket, Site site) {
    List<String> written = new ArrayList<>();
    List<String> before = bucket.list(bucket.key(SITE));
    put(bucket, CONFIG, ConfigRedaction.redact(read(site.configFile())).getBytes(StandardCharsets.UTF_8), written);
    if (Files.isDirectory(site.runbooksFolder())) {
      try (Stream<Path> files = Files.list(site.runbooksFolder())) {
        for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
          put(bucket, RUNBOOKS + file.getFileName(), bytes(file), written);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("listing the runbooks in " + site.runbooksFolder(), e);
      }
    }
    for (Path key : site.publicKeyFiles()) {
      put(bucket, KEYS + key.getFileName(), bytes(key), written);
    }
    int n = 0;
    for (PGPPublicKeyRing ring : site.signingKeys()) {
      try {
        put(bucket, KEYS + "signing-public-" + (++n) + ".pgp", ring.getEncoded(), written);
      } catch (IOException e) {
        throw new UncheckedIOException("encoding the signing public key", e);
      }
    }
    for (String stale : before) {
      if (written.stream().noneMatch(w -> bucket.key(w).equals(stale))) {
        bucket.delete(stale);
      }
    }
    return written;
  }

  /**
   * Copies the site's record from the bucket into {@code to}: {@code lifeboat.yml}, {@code runbooks/},
   * {@code keys/}. Refuses to overwrite a file that is there already.
   *
   * @return the files written
   */
  public static List<Path> fetch(ObjectStore bucket, Path to) {
    List<String> keys = bucket.list(bucket.key(SITE));
    if (keys.stream().noneMatch(k -> k.equals(bucket.key(CONFIG)))) {
      throw new IllegalStateException("no Lifeboat site record in s3://" + bucket.bucket() + "/" + bucket.key(SITE)
          + ": check --bucket and --prefix; a server writes it at start");
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (String key : keys) {
      String relative = key.substring(bucket.key(SITE).length());
      Path file = to.resolve(relative).normalize();
      if (!file.startsWith(to) || relative.isEmpty()) {
        continue; // a key that would leave the folder is not ours
      }
      if (Files.exists(file)) { // checked for all first: nothing is written when one is in the way
        throw new IllegalStateException(file + " exists already: fetch into an empty folder, or move it away");
      }
      files.put(key, file);
    }
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, Path> entry : files.entrySet()) {
      String key = entry.getKey();
      Path file = entry.getValue();
      try {
        Files.createDirectories(file.getParent());
        Files.write(file, bucket.get(key));
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + file, e);
      }
      written.add(file);
    }
    return written;
  }

  private static void put(ObjectStore bucket, String relative, byte[] bytes, List<String> written) {
    bucket.put(bucket.key(relative), bytes);
    written.add(relative);
  }

  private static String read(Path file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
