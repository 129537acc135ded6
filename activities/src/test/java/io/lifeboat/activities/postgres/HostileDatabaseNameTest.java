package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A database name is a name wherever it goes, on a real PostgreSQL with the real pg_dump and
 * pg_restore: {@code x host=evil} given to {@code pg_restore --dbname} is not read as a connection
 * string (which would send the credentials to another host), and a name holding {@code ?} cannot
 * add options to a JDBC connection.
 */
@Timeout(60)
class HostileDatabaseNameTest {
  private static final String HOSTILE = "x host=evil";
  private static final String QUOTES = "o'brien \\ x";

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private PostgresServer server;
  private String source;
  private CopySchema copying;

  /** {@link SchemaCopy#copy} as an activity: it heartbeats, as it does on a worker. */
  @ActivityInterface
  public interface CopySchema {
    void copy(String from, String schema, String to);
  }

  @BeforeEach
  void databases() throws SQLException {
    EmbeddedPostgresFixture.Database database = EmbeddedPostgresFixture.newDatabase();
    source = database.name();
    server = new PostgresServer(database.host(), database.port(), EmbeddedPostgresFixture.USER, null, null);
    try (Connection admin = server.connect(source); Statement sql = admin.createStatement()) {
      sql.execute("CREATE SCHEMA shop; CREATE TABLE shop.orders (id int); INSERT INTO shop.orders VALUES (7)");
      for (String name : new String[] {HOSTILE, QUOTES}) {
        sql.execute("DROP DATABASE IF EXISTS " + quoted(name));
        sql.execute("CREATE DATABASE " + quoted(name));
      }
    }
    PostgresServer on = server;
    env.registerActivitiesImplementations((CopySchema) (from, schema, to) -> SchemaCopy.copy(on, from, schema, to));
    copying = env.newActivityStub(CopySchema.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void pgRestoreIntoANameHoldingAConnectionStringRestoresIntoThatDatabaseOnTheSameServer() throws SQLException {
    copying.copy(source, "shop", HOSTILE);

    assertThat(firstOrder(HOSTILE)).isEqualTo(7);
  }

  @Test
  void pgDumpFromSuchANameAndQuotesAndBackslashesInANameStayPartOfIt() throws SQLException {
    copying.copy(source, "shop", HOSTILE);
    copying.copy(HOSTILE, "shop", QUOTES);

    assertThat(firstOrder(QUOTES)).isEqualTo(7);
  }

  @Test
  void aNameThatExistsNowhereIsRefusedByTheServerAsAName() {
    assertThatThrownBy(() -> copying.copy(source, "shop", "nowhere host=evil"))
        .isInstanceOf(ActivityFailure.class)
        .rootCause().hasMessageContaining("database \"nowhere host=evil\" does not exist");
  }

  @Test
  void aJdbcDatabaseNameCannotAddConnectionOptions() {
    assertThatThrownBy(() -> server.connect("nowhere?socketFactory=java.lang.String"))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("database \"nowhere?socketFactory=java.lang.String\" does not exist");
  }

  @Test
  void theDbnameOptionQuotesAsLibpqDoes() {
    assertThat(PostgresServer.dbnameOption("a b")).isEqualTo("--dbname=dbname='a b'");
    assertThat(PostgresServer.dbnameOption("it's\\")).isEqualTo("--dbname=dbname='it\\'s\\\\'");
  }

  private int firstOrder(String database) throws SQLException {
    try (Connection connection = server.connect(database); Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT id FROM shop.orders")) {
      assertThat(rows.next()).isTrue();
      return rows.getInt(1);
    }
  }

  private static String quoted(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
