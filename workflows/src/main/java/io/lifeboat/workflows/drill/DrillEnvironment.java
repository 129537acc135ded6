package io.lifeboat.workflows.drill;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scratch environment of one drill: everything it created, and so everything it may write
 * to. Made by {@link DrillActivities#prepare}, removed by {@link DrillActivities#tearDown}.
 *
 * @param root the directory holding all of it on the worker's host
 * @param taskQueue the task queue of that host's worker: the rehearsal and the teardown run there,
 *     where 127.0.0.1 is the scratch servers' host; null runs them on the shared queue
 */
public record DrillEnvironment(String drillId, String root, List<ScratchPlace> places, String taskQueue) {
  public DrillEnvironment(String drillId, String root, List<ScratchPlace> places) {
    this(drillId, root, places, null);
  }

  /** The task queue only the worker on {@code host} polls, beside the shared {@code taskQueue}. */
  public static String hostQueue(String taskQueue, String host) {
    return taskQueue + "@" + host;
  }

  /** The same environment, reached through {@code queue}. */
  public DrillEnvironment on(String queue) {
    return new DrillEnvironment(drillId, root, places, queue);
  }

  /** The prefix of every scratch destination name; no declared destination may start with it. */
  public static final String DESTINATION_PREFIX = "drill/";

  public static String destinationName(String drillId, String kind) {
    return DESTINATION_PREFIX + drillId + "/" + kind;
  }

  /**
   * The environment a drill will have, with placeholder addresses: the isolation check runs on it
   * before anything is created, so a runbook that cannot be isolated is refused with nothing made.
   */
  public static DrillEnvironment planned(String drillId, List<String> kinds) {
    List<ScratchPlace> places = kinds.stream().distinct().map(kind -> switch (kind) {
      case "postgres" -> new ScratchPlace(kind, destinationName(drillId, kind), "127.0.0.1", 1, "postgres",
          "/scratch/" + kind);
      case "redis" -> new ScratchPlace(kind, destinationName(drillId, kind), "127.0.0.1", 2, null, "/scratch/" + kind);
      default -> new ScratchPlace(kind, destinationName(drillId, kind), null, null, null, "/scratch/" + kind);
    }).toList();
    return new DrillEnvironment(drillId, "/scratch", places);
  }

  public Optional<ScratchPlace> place(String kind) {
    return places.stream().filter(p -> p.kind().equals(kind)).findFirst();
  }

  /**
   * What a runbook parameter's {@code drill:} mapping may name: {@code scratch.KIND} (the
   * destination), {@code scratch.KIND.address}, {@code .host}, {@code .port}, {@code .user} and
   * {@code .directory}.
   */
  public Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    for (ScratchPlace place : places) {
      String key = "scratch." + place.kind();
      values.put(key, place.destination());
      if (place.host() != null) {
        values.put(key + ".address", place.address());
        values.put(key + ".host", place.host());
        values.put(key + ".port", String.valueOf(place.port()));
      }
      if (place.user() != null) {
        values.put(key + ".user", place.user());
      }
      values.put(key + ".directory", place.directory());
    }
    return values;
  }

  /** The scratch values a mapping may name, whatever was created: for the parser and its messages. */
  public static List<String> knownValues() {
    return List.of("scratch.postgres", "scratch.postgres.address", "scratch.postgres.host", "scratch.postgres.port",
        "scratch.postgres.user", "scratch.postgres.directory", "scratch.redis", "scratch.redis.address",
        "scratch.redis.host", "scratch.redis.port", "scratch.redis.directory", "scratch.files",
        "scratch.files.directory", "scratch.config", "scratch.config.directory");
  }
}
