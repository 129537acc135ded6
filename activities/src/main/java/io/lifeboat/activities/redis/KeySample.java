package io.lifeboat.activities.redis;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Redis backup's manifest records in {@code rowCounts}: {@code dbsize} and
 * {@code expires} (keys, and keys with a TTL, in database 0 at the snapshot) and, for a sample
 * of keys, {@code key:<type>:<name>} → -1 (no TTL) or the epoch millisecond it expires at.
 */
final class KeySample {
  static final String DBSIZE = "dbsize";
  static final String EXPIRES = "expires";
  static final String KEY = "key:";
  /** A key with a TTL may expire this close to its recorded expiry without being a mismatch. */
  private static final long CLOCK_SLACK_MS = 2_000;

  private KeySample() {}

  /** One sampled key: its type ({@code string}, {@code hash}, ...) and expiry (-1: none). */
  record Key(String name, String type, long expiresAt) {
    boolean hasTtl() {
      return expiresAt >= 0;
    }

    String entry() {
      return KEY + type + ":" + name;
    }
  }

  /** Up to {@code max} keys of database 0 (names that are not UTF-8 are left out), with their types and expiries. */
  static List<Key> take(RedisClient redis, int max) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    String cursor = "0";
    do {
      @SuppressWarnings("unchecked")
      List<Object> reply = (List<Object>) redis.call("SCAN", cursor, "COUNT", "1000");
      cursor = new String((byte[]) reply.get(0), StandardCharsets.US_ASCII);
      @SuppressWarnings("unchecked")
      List<Object> keys = (List<Object>) reply.get(1);
      for (Object key : keys) {
        String name = utf8((byte[]) key);
        if (name != null && names.size() < max) {
          names.add(name);
        }
      }
    } while (!cursor.equals("0") && names.size() < max);
    return describe(redis, new ArrayList<>(names));
  }

  /** The current type and expiry of each named key; keys that no longer exist are left out. */
  static List<Key> describe(RedisClient redis, List<String> names) {
    List<Object[]> commands = new ArrayList<>();
    for (String name : names) {
      commands.add(new Object[] {"TYPE", name});
      commands.add(new Object[] {"PTTL", name});
    }
    long now = System.currentTimeMillis();
    List<Object> replies = commands.isEmpty() ? List.of() : redis.pipeline(commands);
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String type = String.valueOf(replies.get(2 * i));
      long pttl = (Long) replies.get(2 * i + 1);
      if (!type.equals("none") && pttl != -2) {
        keys.add(new Key(names.get(i), type, pttl >= 0 ? now + pttl : -1));
      }
    }
    return keys;
  }

  /**
   * The keys of {@code before} whose type and TTL class are the same {@code after} the snapshot:
   * those are in the RDB as sampled. A key written during the snapshot is left out.
   */
  static List<Key> stable(List<Key> before, List<Key> after) {
    Map<String, Key> now = new TreeMap<>();
    after.forEach(k -> now.put(k.name(), k));
    return before.stream().filter(k -> {
      Key later = now.get(k.name());
      return later != null && later.type().equals(k.type()) && later.hasTtl() == k.hasTtl();
    }).toList();
  }

  static Map<String, Long> rowCounts(long dbsize, long expires, List<Key> sample) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(DBSIZE, dbsize);
    counts.put(EXPIRES, expires);
    sample.forEach(k -> counts.put(k.entry(), k.expiresAt()));
    return counts;
  }

  static List<Key> sampled(Map<String, Long> rowCounts) {
    List<Key> keys = new ArrayList<>();
    rowCounts.forEach((entry, expiresAt) -> {
      if (entry.startsWith(KEY)) {
        String rest = entry.substring(KEY.length());
        int colon = rest.indexOf(':');
        keys.add(new Key(rest.substring(colon + 1), rest.substring(0, colon), expiresAt));
      }
    });
    return keys;
  }

  /** What a server's database 0 does not have of what the manifest recorded. */
  record Comparison(long keys, int sampled, List<String> mismatches) {}

  static Comparison compare(RedisClient redis, Map<String, Long> rowCounts) {
    List<String> mismatches = new ArrayList<>();
    List<Key> expected = sampled(rowCounts);
    Map<String, Key> found = new TreeMap<>();
    describe(redis, expected.stream().map(Key::name).toList()).forEach(k -> found.put(k.name(), k));
    long now = System.currentTimeMillis();
    for (Key key : expected) {
      Key actual = found.get(key.name());
      if (actual == null) {
        if (!key.hasTtl() || key.expiresAt() > now + CLOCK_SLACK_MS) {
          mismatches.add("key '" + key.name() + "' (" + key.type() + ") is missing");
        }
      } else if (!actual.type().equals(key.type())) {
        mismatches.add("key '" + key.name() + "' is a " + actual.type() + ", was a " + key.type());
      } else if (actual.hasTtl() != key.hasTtl()) {
        mismatches.add("key '" + key.name() + "' " + (key.hasTtl() ? "lost its TTL" : "gained a TTL"));
      }
    }
    long dbsize = redis.callLong("DBSIZE");
    long wanted = rowCounts.getOrDefault(DBSIZE, -1L);
    long expiring = rowCounts.getOrDefault(EXPIRES, 0L);
    // keys with a TTL may have expired since the snapshot; no other key may be missing or extra
    if (wanted >= 0 && (dbsize > wanted || dbsize < wanted - expiring)) {
      mismatches.add("DBSIZE is " + dbsize + ", the backup holds " + wanted + " keys"
          + (expiring > 0 ? " (" + expiring + " with a TTL, which may have expired since)" : ""));
    }
    return new Comparison(dbsize, expected.size(), mismatches);
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
