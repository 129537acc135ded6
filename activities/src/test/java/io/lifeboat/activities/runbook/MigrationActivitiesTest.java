package io.lifeboat.activities.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.workflows.runbook.Migration;
import io.lifeboat.workflows.runbook.PasswordVariables;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationActivitiesTest {
  private static EmbeddedPostgres postgres;

  @TempDir
  Path migrations;

  private final MigrationActivitiesImpl migrate = new MigrationActivitiesImpl();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void emptyDatabase() throws Exception {
    query("drop table if exists orders; drop table if exists lifeboat_migrations");
  }

  private static String query(String sql) throws Exception {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      if (!statement.execute(sql)) {
        return null;
      }
      try (ResultSet result = statement.getResultSet()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }

  private Migration files(String... entries) {
    return new Migration(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, List.of(entries), null);
  }

  @Test
  void appliesADirectoryInNameOrderOnce() throws Exception {
    Files.writeString(migrations.resolve("001_orders.sql"), "create table orders (id int primary key);");
    Files.writeString(migrations.resolve("002_status.sql"),
        "alter table orders add column status text not null default 'new'; insert into orders values (1, 'paid');");
    Files.writeString(migrations.resolve("README"), "not a migration");

    String first = migrate.migrate(files(migrations.toString()));
    String again = migrate.migrate(files(migrations.toString()));

    assertThat(first).isEqualTo("applied 001_orders.sql, 002_status.sql");
    assertThat(again).isEqualTo("applied nothing; already applied: 001_orders.sql, 002_status.sql");
    assertThat(query("select status from orders where id = 1")).isEqualTo("paid");
  }

  @Test
  void aFailingFileLeavesNothingOfItselfBehind() throws Exception {
    Files.writeString(migrations.resolve("001_orders.sql"), "create table orders (id int primary key);");
    Files.writeString(migrations.resolve("002_broken.sql"), "insert into orders values (1); select no_such_column;");

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> migrate.migrate(files(migrations.toString())));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith("migration failed: 002_broken.sql: ERROR: column \"no_such_column\"");
    assertThat(query("select count(*) from orders")).isEqualTo("0");
    assertThat(query("select string_agg(file, ',') from lifeboat_migrations")).isEqualTo("001_orders.sql");
  }

  @Test
  void refusesAFileThatChangedAfterItWasApplied() throws Exception {
    Path file = migrations.resolve("001_orders.sql");
    Files.writeString(file, "create table orders (id int primary key);");
    migrate.migrate(files(file.toString()));
    Files.writeString(file, "create table orders (id bigint primary key);");

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> migrate.migrate(files(file.toString())));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("001_orders.sql was applied before with different content; migrations must not change once applied");
  }

  @Test
  void runsACommandInstead() {
    Migration command = new Migration(null, null, null, List.of(), "echo schema is current");

    assertThat(migrate.migrate(command)).isEqualTo("migration command done: schema is current");
  }

  @Test
  void aPasswordVariableNotListedForRunbooksStopsTheMigrationBeforeItConnects() throws Exception {
    Files.writeString(migrations.resolve("001_orders.sql"), "create table orders (id int primary key);");
    Migration secretAsPassword = new Migration(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
        "LIFEBOAT_DECRYPTION_KEY", List.of(migrations.toString()), null);
    MigrationActivitiesImpl listing =
        new MigrationActivitiesImpl(new DatabaseCredentials(new PasswordVariables(Set.of("APP_DB_PASSWORD"))));

    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class,
        () -> listing.migrate(secretAsPassword));

    assertThat(refused.getOriginalMessage()).startsWith("password_env names LIFEBOAT_DECRYPTION_KEY, which runbooks"
        + " may not read (allowed: APP_DB_PASSWORD); if LIFEBOAT_DECRYPTION_KEY holds a database password, add it to"
        + " runbooks.passwordVariables");
    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(query("select to_regclass('lifeboat_migrations')::text")).as("nothing applied").isNull();
  }
}
