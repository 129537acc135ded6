package io.lifeboat.activities.postgres;

import io.lifeboat.activities.process.ChildEnvironment;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running command-line tool (pg_dump, pg_restore, psql) whose data flows through stdin/stdout
 * and whose stderr is kept (its tail) for the error message.
 */
public final class ToolProcess implements AutoCloseable {
  private static final int STDERR_KEEP = 8192;

  private final List<String> command;
  private final Process process;
  private final Thread stderrReader;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private ToolProcess(List<String> command, Process process) {
    this.command = command;
    this.process = process;
    this.stderrReader = new Thread(this::drainStderr, command.get(0) + "-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
  }

  /** Starts {@code command} with {@code environment} (its PG* variables) and nothing of the worker's. */
  public static ToolProcess start(List<String> command, Map<String, String> environment) {
    ProcessBuilder builder = ChildEnvironment.builder(command, environment);
    try {
      return new ToolProcess(command, builder.start());
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(command.get(0) + " could not be started (" + e.getMessage()
          + "); install the PostgreSQL client tools of the server's major version (Debian: postgresql-client-15)",
          FailureTypes.TOOL_FAILED);
    }
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Waits for the tool; a non-zero exit is a failure that carries the tool's own words. */
  public void waitForSuccess() {
    try {
      int code = process.waitFor();
      stderrReader.join();
      if (code != 0) {
        throw ApplicationFailure.newFailure(command.get(0) + " exited with " + code + ": " + stderrTail(),
            FailureTypes.TOOL_FAILED);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " interrupted", e);
    }
  }

  /** The tool's failure when it has already exited (or exits within a moment) with a non-zero code. */
  public Optional<ApplicationFailure> failureIfExited() {
    try {
      if (process.waitFor(2, TimeUnit.SECONDS) && process.exitValue() != 0) {
        stderrReader.join(1000);
        return Optional.of(ApplicationFailure.newFailure(command.get(0) + " exited with " + process.exitValue()
            + ": " + stderrTail(), FailureTypes.TOOL_FAILED));
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  public String stderrTail() {
    synchronized (stderr) {
      String text = stderr.toString(StandardCharsets.UTF_8).strip();
      return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
    }
  }

  private void drainStderr() {
    byte[] buffer = new byte[4096];
    try (InputStream in = process.getErrorStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (stderr) {
          if (stderr.size() < STDERR_KEEP * 4) {
            stderr.write(buffer, 0, n);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
