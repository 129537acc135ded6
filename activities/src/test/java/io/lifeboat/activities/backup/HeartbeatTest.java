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

  @ActivityInterface
  public interface NestedWork {
    void work();
  }

  /** An outer heartbeat (a whole test restore) around an inner one (counting a table). */
  static final class Nested implements NestedWork {
    @Override
    public void work() {
      try (Heartbeat outer = Heartbeat.start("outer", () -> "outer")) {
        try (Heartbeat inner = Heartbeat.start("inner", () -> "counting orders")) {
          sleep(7000);
        }
        sleep(4000);
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void onlyTheInnermostHeartbeatTellsWhatTheAttemptIsDoing() {
    List<Object> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String.class, beats::add);
    env.registerActivitiesImplementations(new Nested());

    env.newActivityStub(NestedWork.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(4)).build()).work();

    int first = beats.indexOf("counting orders");
    int last = beats.lastIndexOf("counting orders");
    assertThat(last - first).as("beats while the inner one runs: %s", beats).isGreaterThanOrEqualTo(1);
    assertThat(beats.subList(first, last + 1)).as("while the inner one runs").containsOnly("counting orders");
    assertThat(beats.subList(last + 1, beats.size())).as("after it").isNotEmpty().containsOnly("outer");
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
