package io.lifeboat.activities.drill;

import io.lifeboat.activities.files.DirectoryDestination;
import io.lifeboat.activities.postgres.PostgresDestination;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.redis.RedisDestination;
import io.lifeboat.activities.redis.RedisTarget;
import io.lifeboat.activities.sources.DeclaredDestination;
import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.drill.ScratchPlace;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scratch environments of drills on this worker's host: under {@code root/<drill id>/}, a
 * PostgreSQL server made by initdb, a Redis server, and plain directories, each on a free port of
 * 127.0.0.1, all recorded in {@code environment.json}. The servers outlive the activity that started
 * them (the drill's later activities restore into them) and the worker; only {@link #tearDown}
 * removes them. Production is never among them: a drill can only name what is here.
 */
public final class ScratchEnvironments {
  /** A drill id becomes a directory name: nothing that could climb out of the root. */
  private static final Pattern DRILL_ID = Pattern.compile("drill-[a-z0-9-]+");
  private static final List<String> KINDS = List.of("postgres", "redis", "files", "config");

  private final Path root;
  private final Path postgresBinaries;
  private final String osUser;

  /**
   * @param root where drills' environments are made ({@code drills.scratchDirectory})
   * @param postgresBinaries holds {@code <major>/bin/initdb} ({@code verification.postgresBinaries})
   * @param osUser who runs the scratch PostgreSQL when the worker is root ({@code verification.osUser})
   */
  public ScratchEnvironments(Path root, Path postgresBinaries, String osUser) {
    this.root = root.toAbsolutePath().normalize();
    this.postgresBinaries = postgresBinaries;
    this.osUser = osUser;
  }

  /**
   * Creates, or on a retry finds and restarts, the scratch places of {@code kinds} for a drill, and
   * records them. A place kept from an earlier attempt keeps its port while that is free.
   */
  public DrillEnvironment prepare(String drillId, List<String> kinds) {
    Path drill = directoryOf(drillId);
    for (String kind : kinds) {
      if (!KINDS.contains(kind)) {
        throw ApplicationFailure.newNonRetryableFailure("a drill cannot have a scratch place of kind '" + kind
            + "'; nothing was created. Kinds with scratch places: " + String.join(", ", KINDS),
            FailureTypes.BAD_REQUEST);
      }
    }
    Map<String, ScratchPlace> before = new LinkedHashMap<>();
    EnvironmentFile.read(drill).ifPresent(e -> e.places().forEach(p -> before.put(p.kind(), p)));
    List<String> wanted = new ArrayList<>(before.keySet());
    kinds.stream().filter(k -> !wanted.contains(k)).distinct().forEach(wanted::add);
    try (PreparationProgress progress = new PreparationProgress("drill-prepare")) {
      createDirectory(root);
      createDirectory(drill);
      List<ScratchPlace> places = new ArrayList<>();
      for (String kind : wanted) {
        progress.now("preparing the scratch " + kind + " of " + drillId);
        places.add(place(drillId, drill, kind, Optional.ofNullable(before.get(kind)).map(ScratchPlace::port)
            .orElse(null)));
        // recorded as each is made, so that a retry or a sweep finds what an attempt that died started
        EnvironmentFile.write(drill, new DrillEnvironment(drillId, drill.toString(), List.copyOf(places)));
      }
      DrillEnvironment environment = new DrillEnvironment(drillId, drill.toString(), List.copyOf(places));
      EnvironmentFile.write(drill, environment);
      return environment;
    }
  }

  private ScratchPlace place(String drillId, Path drill, String kind, Integer port) {
    String destination = DrillEnvironment.destinationName(drillId, kind);
    Path directory = drill.resolve(kind);
    return switch (kind) {
      case "postgres" -> {
        ScratchPostgres postgres = new ScratchPostgres(directory, postgresBinaries, osUser);
        int listening = postgres.run(port);
        yield new ScratchPlace(kind, destination, ScratchProcesses.LOOPBACK, listening, ScratchPostgres.SUPERUSER,
            postgres.data().toString());
      }
      case "redis" -> {
        int listening = new ScratchRedis(directory).run(port);
        yield new ScratchPlace(kind, destination, ScratchProcesses.LOOPBACK, listening, null, directory.toString());
      }
      default -> {
        createDirectory(directory);
        yield new ScratchPlace(kind, destination, null, null, null, directory.toString());
      }
    };
  }

  /**
   * Stops the drill's servers and deletes its directory; done when nothing is left, also when
   * nothing was ever made or a server was already killed. Says in one line what it removed.
   */
  public String tearDown(String drillId) {
    Path drill = directoryOf(drillId);
    if (!Files.exists(drill, LinkOption.NOFOLLOW_LINKS)) {
      return "nothing to remove for " + drillId + ": no scratch environment under " + root;
    }
    List<String> removed = new ArrayList<>();
    try (PreparationProgress progress = new PreparationProgress("drill-teardown")) {
      if (!Files.isSymbolicLink(drill)) {
        progress.now("stopping the scratch servers of " + drillId);
        Optional<DrillEnvironment> recorded = EnvironmentFile.read(drill);
        if (new ScratchPostgres(drill.resolve("postgres"), postgresBinaries, osUser).stop()) {
          removed.add("stopped PostgreSQL" + at(recorded, "postgres"));
        }
        if (new ScratchRedis(drill.resolve("redis")).stop()) {
          removed.add("stopped Redis" + at(recorded, "redis"));
        }
      }
      progress.now("deleting " + drill);
      DirectoryTrees.delete(drill); // never follows a link: what one points at stays
    }
    removed.add("deleted " + drill);
    return "removed the scratch environment of " + drillId + ": " + String.join(", ", removed);
  }

  private static String at(Optional<DrillEnvironment> recorded, String kind) {
    return recorded.flatMap(e -> e.place(kind)).map(p -> " on " + p.address()).orElse("");
  }

  /**
   * The scratch destination {@code name} ({@code drill/<drill id>/<kind>}) as the source of its kind
   * reaches it; empty when no environment on this host has it.
   */
  public Optional<DeclaredDestination> destination(String name) {
    if (name == null || !name.startsWith(DrillEnvironment.DESTINATION_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = name.substring(DrillEnvironment.DESTINATION_PREFIX.length()).split("/", -1);
    if (parts.length != 2 || !DRILL_ID.matcher(parts[0]).matches()) {
      return Optional.empty();
    }
    Path drill = root.resolve(parts[0]);
    return EnvironmentFile.read(drill).flatMap(e -> e.place(parts[1])).map(place -> switch (place.kind()) {
      case "postgres" -> new PostgresDestination(new PostgresServer(place.host(), place.port(), place.user(), null,
          "disable", "the drill's scratch server " + name + "'s"));
      case "redis" -> {
        ScratchRedis redis = new ScratchRedis(Path.of(place.directory()));
        yield new RedisDestination(place.host(), place.port(), null, new RedisTarget.Restore(redis.rdb(),
            redis.stopCommand(), redis.startCommand(place.port()), ScratchRedis.START_TIMEOUT));
      }
      default -> new DirectoryDestination(place.kind(), Path.of(place.directory()));
    });
  }

  /** The drills with an environment (or what is left of one) under the root, for a sweep of forgotten ones. */
  public List<String> environments() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString()).filter(n -> DRILL_ID.matcher(n).matches()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  /** {@code root/<drill id>}; a drill id that is not one is refused before it names any path. */
  private Path directoryOf(String drillId) {
    if (drillId == null || !DRILL_ID.matcher(drillId).matches()) {
      throw ApplicationFailure.newNonRetryableFailure("'" + drillId + "' is not a drill id; nothing was created or"
          + " removed. A drill id is 'drill-' followed by lowercase letters, digits and '-' (drill-20261204-203000-orders)",
          FailureTypes.BAD_REQUEST);
    }
    Path drill = root.resolve(drillId).normalize();
    if (!drill.getParent().equals(root)) {
      throw new IllegalStateException(drill + " is not directly under " + root);
    }
    return drill;
  }

  /** Readable by the PostgreSQL OS user, which must reach its directory through it. */
  private static void createDirectory(Path directory) {
    try {
      boolean made = !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS);
      if (!made) {
        refuseForeign(directory);
      }
      Files.createDirectories(directory);
      if (made && ScratchProcesses.ROOT) {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * A scratch directory someone else owns, or others may write to, could be swapped under the
   * worker (which may be root) to make it write elsewhere: refused, saying how to fix it.
   */
  private static void refuseForeign(Path directory) throws IOException {
    PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    String me = System.getProperty("user.name");
    boolean writableByOthers = attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)
        || attributes.permissions().contains(PosixFilePermission.GROUP_WRITE);
    if (!attributes.owner().getName().equals(me) || writableByOthers) {
      throw ApplicationFailure.newNonRetryableFailure("the drills' scratch directory " + directory + " is owned by "
          + attributes.owner().getName() + " with permissions " + PosixFilePermissions.toString(attributes.permissions())
          + "; it must belong to " + me + " and be writable by no one else: fix it, or set drills.scratchDirectory"
          + " elsewhere", FailureTypes.BAD_REQUEST);
    }
  }
}
