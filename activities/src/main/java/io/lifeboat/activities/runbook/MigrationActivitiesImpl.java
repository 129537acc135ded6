package io.lifeboat.activities.runbook;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.activities.services.ShellCommand;
import io.lifeboat.manifest.Sha256;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.Migration;
import io.lifeboat.workflows.runbook.MigrationActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs SQL files against a restored database, each once: every file runs in its own transaction
 * together with its entry in {@code lifeboat_migrations}, so a retry after a crash skips exactly
 * what was committed. Or runs the operator's migration command.
 */
public class MigrationActivitiesImpl implements MigrationActivities {
  private static final String JOURNAL = """
      create table if not exists lifeboat_migrations (
        file text primary key,
        sha256 text not null,
        applied_at timestamptz not null default now())""";

  private final Duration commandTimeout;
  private final DatabaseCredentials credentials;

  /** No {@code password_env} may be read; see {@link DatabaseCredentials}. */
  public MigrationActivitiesImpl() {
    this(Duration.ofHours(1), DatabaseCredentials.none());
  }

  public MigrationActivitiesImpl(DatabaseCredentials credentials) {
    this(Duration.ofHours(1), credentials);
  }

  public MigrationActivitiesImpl(Duration commandTimeout, DatabaseCredentials credentials) {
    this.commandTimeout = commandTimeout;
    this.credentials = credentials;
  }

  @Override
  public String migrate(Migration migration) {
    if (migration.command() != null) {
      CommandOutput outcome = ShellCommand.sh(migration.command(), commandTimeout);
      if (!outcome.succeeded()) {
        throw ApplicationFailure.newFailure(
            "migration command failed (exit " + outcome.exitCode() + "): " + outcome.output(), FailureTypes.TOOL_FAILED);
      }
      return "migration command done" + (outcome.output().isEmpty() ? "" : ": " + outcome.output());
    }
    return applyFiles(migration);
  }

  private String applyFiles(Migration migration) {
    List<Path> files = sqlFiles(migration.files());
    List<String> applied = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(
        migration.database(), credentials.of(migration.user(), migration.passwordEnv()))) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(JOURNAL);
      }
      connection.setAutoCommit(false);
      for (Path file : files) {
        String sql = Files.readString(file);
        String name = file.getFileName().toString();
        String sha256 = Sha256.of(sql.getBytes(StandardCharsets.UTF_8));
        Optional<String> recorded = recorded(connection, name);
        if (recorded.isPresent()) {
          if (!recorded.get().equals(sha256)) {
            throw ApplicationFailure.newNonRetryableFailure(
                name + " was applied before with different content; migrations must not change once applied",
                FailureTypes.BAD_REQUEST);
          }
          skipped.add(name);
          continue;
        }
        apply(connection, name, sql, sha256);
        applied.add(name);
        PollPause.between("applied " + name, Duration.ZERO);
      }
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("migration failed: " + e.getMessage(), FailureTypes.TOOL_FAILED);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot read migration: " + e.getMessage(), FailureTypes.BAD_REQUEST);
    }
    return "applied " + (applied.isEmpty() ? "nothing" : String.join(", ", applied))
        + (skipped.isEmpty() ? "" : "; already applied: " + String.join(", ", skipped));
  }

  private static void apply(Connection connection, String name, String sql, String sha256) throws SQLException {
    try (Statement statement = connection.createStatement();
        PreparedStatement record = connection.prepareStatement(
            "insert into lifeboat_migrations (file, sha256) values (?, ?)")) {
      statement.execute(sql);
      record.setString(1, name);
      record.setString(2, sha256);
      record.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw new SQLException(name + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> recorded(Connection connection, String name) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("select sha256 from lifeboat_migrations where file = ?")) {
      query.setString(1, name);
      try (ResultSet result = query.executeQuery()) {
        Optional<String> sha256 = result.next() ? Optional.of(result.getString(1)) : Optional.empty();
        connection.commit();
        return sha256;
      }
    }
  }

  /** Files as given; a directory stands for its {@code *.sql} files in name order. */
  private static List<Path> sqlFiles(List<String> entries) {
    List<Path> files = new ArrayList<>();
    for (String entry : entries) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        try (Stream<Path> listing = Files.list(path)) {
          listing.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw ApplicationFailure.newNonRetryableFailure(
            "migration " + entry + " does not exist on this worker", FailureTypes.BAD_REQUEST);
      }
    }
    return files;
  }
}
