package io.lifeboat.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.postgres.ToolProcess;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cancelled attempt stops its child process at once instead of running on beside the retry.
 * Temporal's activity test environment delivers the cancellation through the heartbeat, as a
 * server does; the child is a real process.
 */
class HeartbeatTest {
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @ActivityInterface
  public interface LongTool {
    void runTool();
  }

  static final class SleepingTool implements LongTool {
    final CompletableFuture<ProcessHandle> started = new CompletableFuture<>();

    @Override
    public void runTool() {
      try (Heartbeat heartbeat = Heartbeat.start("sleep");
          ToolProcess tool = ToolProcess.start(List.of("sleep", "600"), Map.of())) {
        heartbeat.onStop(tool::close);
        started.complete(ProcessHandle.of(pidOf(tool)).orElseThrow());
        try {
          tool.waitForSuccess();
        } catch (RuntimeException e) {
          heartbeat.throwIfStopped();
          throw e;
        }
      }
    }

    private static long pidOf(ToolProcess tool) {
      // the newest child of this JVM named sleep: the tool just started
      return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("sleep"))
          .mapToLong(ProcessHandle::pid).max().orElseThrow();
    }
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aCancelledAttemptKillsItsChildProcessAndSaysItWasCancelled() throws Exception {
    SleepingTool activity = new SleepingTool();
    env.registerActivitiesImplementations(activity);
    LongTool stub = env.newActivityStub(LongTool.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(15)).setHeartbeatTimeout(Duration.ofSeconds(3)).build());
    CompletableFuture<Void> attempt = CompletableFuture.runAsync(stub::runTool);
    ProcessHandle sleep = activity.started.get(10, TimeUnit.SECONDS);
    assertThat(sleep.isAlive()).isTrue();

    env.requestCancelActivity();

    assertThatThrownBy(() -> attempt.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(CanceledFailure.class);
    sleep.onExit().get(5, TimeUnit.SECONDS);
    assertThat(sleep.isAlive()).as("the child process was stopped with its attempt").isFalse();
  }
}
