package io.lifeboat.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.files.DirectoryDestination;
import io.lifeboat.activities.postgres.PostgresDestination;
import io.lifeboat.activities.redis.RedisDestination;
import io.lifeboat.activities.services.ShellCommand;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.drill.ScratchPlace;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill's scratch environment made of real processes: a PostgreSQL cluster by the machine's
 * initdb, a daemonized redis-server, directories. They outlive the call that made them, a retry
 * finds them again, and tear-down leaves no process, no listening port and no file behind — also
 * after the postmaster was killed outright.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScratchEnvironmentsTest {
  private static final String DRILL = "drill-20261204-203000-orders";
  private static final List<String> ALL = List.of("postgres", "redis", "files", "config");

  @TempDir Path temp;
  private Path root;
  private ScratchEnvironments environments;

  @BeforeEach
  void setUp() throws Exception {
    // the scratch PostgreSQL runs as the postgres OS user when tests run as root: it must reach its directory
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    root = temp.resolve("drills");
    environments = new ScratchEnvironments(root, Path.of("/usr/lib/postgresql"), "postgres");
  }

  @AfterEach
  void tearDown() {
    for (String drill : environments.environments()) {
      environments.tearDown(drill);
    }
  }

  @Test
  void preparesServersThatAnswerAndDirectoriesThenRemovesThemAll() throws Exception {
    DrillEnvironment environment = environments.prepare(DRILL, ALL);

    ScratchPlace postgres = environment.place("postgres").orElseThrow();
    ScratchPlace redis = environment.place("redis").orElseThrow();
    assertThat(environment.places()).extracting(ScratchPlace::kind).containsExactlyElementsOf(ALL);
    assertThat(environment.root()).isEqualTo(root.resolve(DRILL).toString());
    assertThat(postgres.destination()).isEqualTo("drill/" + DRILL + "/postgres");
    assertThat(postgres.host()).isEqualTo("127.0.0.1");
    assertThat(postgres.user()).isEqualTo("postgres");
    try (Connection c = connect(postgres.port(), "postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE orders");
    }
    try (Connection c = connect(postgres.port(), "orders"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("postgres");
    }
    assertThat(ScratchRedis.pings(redis.port())).as("redis answers PING").isTrue();
    assertThat(Path.of(environment.place("files").orElseThrow().directory())).isEmptyDirectory();
    assertThat(Path.of(environment.place("config").orElseThrow().directory())).isEmptyDirectory();
    assertThat(root.resolve(DRILL).resolve("environment.json")).isRegularFile();
    assertThat(environments.environments()).containsExactly(DRILL);

    assertThat(environments.prepare(DRILL, ALL)).as("a retry finds the same environment").isEqualTo(environment);

    ProcessHandle postmaster = pid(root.resolve(DRILL).resolve("postgres/data/postmaster.pid"));
    ProcessHandle redisServer = pid(root.resolve(DRILL).resolve("redis/redis.pid"));
    String removed = environments.tearDown(DRILL);

    assertThat(removed).isEqualTo("removed the scratch environment of " + DRILL + ": stopped PostgreSQL on "
        + postgres.address() + ", stopped Redis on " + redis.address() + ", deleted " + root.resolve(DRILL));
    assertThat(postmaster.isAlive()).isFalse();
    assertThat(redisServer.isAlive()).isFalse();
    assertThat(ScratchProcesses.answers(postgres.port())).isFalse();
    assertThat(ScratchProcesses.answers(redis.port())).isFalse();
    assertThat(root.resolve(DRILL)).doesNotExist();
    assertThat(environments.environments()).isEmpty();
    assertThat(environments.tearDown(DRILL)).as("a second tear-down has nothing left to do")
        .isEqualTo("nothing to remove for " + DRILL + ": no scratch environment under " + root);
  }

  @Test
  void aRetryRestartsAKilledServerOnItsPortAndTearDownStillRemovesEverything() throws Exception {
    ScratchPlace before = environments.prepare(DRILL, List.of("postgres", "redis")).place("postgres").orElseThrow();
    killOutright(pid(root.resolve(DRILL).resolve("postgres/data/postmaster.pid")));

    ScratchPlace after = environments.prepare(DRILL, List.of("postgres", "redis")).place("postgres").orElseThrow();

    assertThat(after).isEqualTo(before);
    try (Connection c = connect(after.port(), "postgres")) {
      assertThat(c.isValid(5)).isTrue();
    }

    ProcessHandle postmaster = pid(root.resolve(DRILL).resolve("postgres/data/postmaster.pid"));
    ProcessHandle redisServer = pid(root.resolve(DRILL).resolve("redis/redis.pid"));
    killOutright(postmaster);
    Files.delete(root.resolve(DRILL).resolve("environment.json"));

    assertThat(environments.tearDown(DRILL)).isEqualTo("removed the scratch environment of " + DRILL
        + ": stopped Redis, deleted " + root.resolve(DRILL));
    assertThat(redisServer.isAlive()).isFalse();
    assertThat(ScratchProcesses.answers(after.port())).isFalse();
    assertThat(root.resolve(DRILL)).doesNotExist();
  }

  @Test
  void tearDownOfADrillThatMadeNothingIsDone() {
    assertThat(environments.tearDown("drill-never-prepared"))
        .isEqualTo("nothing to remove for drill-never-prepared: no scratch environment under " + root);
  }

  @Test
  void tearDownNeverFollowsALinkOutOfTheRoot() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("production"));
    Files.writeString(outside.resolve("keep.txt"), "precious");
    Files.createDirectories(root.resolve("drill-links").resolve("files"));
    Files.createSymbolicLink(root.resolve("drill-links").resolve("files").resolve("data"), outside);
    Files.createSymbolicLink(root.resolve("drill-linked"), outside);

    environments.tearDown("drill-links");
    environments.tearDown("drill-linked");

    assertThat(root.resolve("drill-links")).doesNotExist();
    assertThat(root.resolve("drill-linked")).doesNotExist();
    assertThat(outside.resolve("keep.txt")).hasContent("precious");
  }

  @Test
  void aDrillIdThatIsNotOneIsRefusedBeforeAnyPathIsMade() {
    for (String bad : new String[] {"../etc", "drill-../../x", "Drill-Upper", "drill-a/b", ""}) {
      assertThatThrownBy(() -> environments.prepare(bad, List.of("files")))
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getType()).isEqualTo("BadRequest");
          })
          .hasMessageContaining("'" + bad + "' is not a drill id; nothing was created or removed. A drill id is"
              + " 'drill-' followed by lowercase letters, digits and '-' (drill-20261204-203000-orders)");
      assertThatThrownBy(() -> environments.tearDown(bad)).isInstanceOf(ApplicationFailure.class);
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void anUnknownKindIsRefusedBeforeAnythingIsMade() {
    assertThatThrownBy(() -> environments.prepare(DRILL, List.of("files", "mongodb")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue())
        .hasMessageContaining("a drill cannot have a scratch place of kind 'mongodb'; nothing was created. Kinds"
            + " with scratch places: postgres, redis, files, config");
    assertThat(root).doesNotExist();
  }

  @Test
  void missingPostgresBinariesAreNamedWithTheirPackage() {
    ScratchEnvironments without = new ScratchEnvironments(root, temp.resolve("no-postgresql"), "postgres");

    assertThatThrownBy(() -> without.prepare(DRILL, List.of("postgres")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue())
        .hasMessageContaining("no PostgreSQL server binaries (initdb, pg_ctl) under " + temp.resolve("no-postgresql")
            + "/<major>/bin for a drill's scratch server; install the Debian package postgresql, or set"
            + " verification.postgresBinaries");
  }

  @Test
  void scratchDestinationsResolveToWhatWasMade() throws Exception {
    DrillEnvironment environment = environments.prepare(DRILL, ALL);
    ScratchPlace postgres = environment.place("postgres").orElseThrow();
    ScratchPlace redis = environment.place("redis").orElseThrow();

    PostgresDestination pg = (PostgresDestination) environments.destination(postgres.destination()).orElseThrow();
    assertThat(pg.server().host()).isEqualTo("127.0.0.1");
    assertThat(pg.server().port()).isEqualTo(postgres.port());
    assertThat(pg.server().user()).isEqualTo("postgres");
    assertThat(pg.server().password()).isNull();
    try (Connection c = pg.server().connect("postgres")) {
      assertThat(c.isValid(5)).isTrue();
    }
    DirectoryDestination files = (DirectoryDestination) environments.destination("drill/" + DRILL + "/files")
        .orElseThrow();
    assertThat(files.kind()).isEqualTo("files");
    assertThat(files.directory()).isEqualTo(root.resolve(DRILL).resolve("files"));

    // the restore commands stop and start exactly this server
    RedisDestination cache = (RedisDestination) environments.destination(redis.destination()).orElseThrow();
    assertThat(cache.port()).isEqualTo(redis.port());
    assertThat(cache.restore().rdbPath()).isEqualTo(root.resolve(DRILL).resolve("redis/dump.rdb"));
    assertThat(ShellCommand.sh(cache.restore().stopCommand(), Duration.ofSeconds(20)).succeeded()).isTrue();
    awaitAnswering(redis.port(), false);
    assertThat(ShellCommand.sh(cache.restore().stopCommand(), Duration.ofSeconds(20)).succeeded())
        .as("stopping a stopped server is fine").isTrue();
    assertThat(ShellCommand.sh(cache.restore().startCommand(), Duration.ofSeconds(20)).succeeded()).isTrue();
    awaitAnswering(redis.port(), true);

    assertThat(environments.destination("drill/" + DRILL + "/etcd")).isEmpty();
    assertThat(environments.destination("drill/drill-other/postgres")).isEmpty();
    assertThat(environments.destination("drill/../postgres")).isEmpty();
    assertThat(environments.destination("standby")).isEmpty();
  }

  @Test
  void destinationsRefuseADrillDestinationNotOnThisWorker() throws Exception {
    environments.prepare(DRILL, List.of("files"));
    Destinations destinations = new Destinations(Map.of(), environments::destination);

    assertThat(destinations.named("drill/" + DRILL + "/files", "files", DirectoryDestination.class).directory())
        .isEqualTo(root.resolve(DRILL).resolve("files"));
    assertThatThrownBy(() -> destinations.named("drill/drill-gone/postgres", "postgres", PostgresDestination.class))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue())
        .hasMessageContaining("scratch destination drill/drill-gone/postgres of a drill is not on this worker: it was"
            + " torn down, or the drill runs on another worker host");
    assertThatThrownBy(() -> Destinations.NONE.named("drill/" + DRILL + "/files", "files", DirectoryDestination.class))
        .as("a worker without drills knows none").hasMessageContaining("is not on this worker");
  }

  private static Connection connect(int port, String database) throws Exception {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("sslmode", "disable");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
  }

  private static ProcessHandle pid(Path pidFile) throws Exception {
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    return ProcessHandle.of(pid).orElseThrow();
  }

  /** {@code kill -9}, and waits until the server and what it started are gone, as after a crash. */
  private static void killOutright(ProcessHandle postmaster) throws Exception {
    List<ProcessHandle> children = postmaster.children().toList();
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(postmaster.pid())).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
    postmaster.onExit().get(10, TimeUnit.SECONDS);
    for (ProcessHandle child : children) {
      child.onExit().get(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitAnswering(int port, boolean answering) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ScratchRedis.pings(port) != answering && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(ScratchRedis.pings(port)).isEqualTo(answering);
  }
}
