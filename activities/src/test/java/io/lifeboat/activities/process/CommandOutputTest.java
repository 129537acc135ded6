package io.lifeboat.activities.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandOutputTest {
  @Test
  void keepsTheExitCodeAndWhatBothStreamsSaid() throws Exception {
    CommandOutput done = CommandOutput.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));

    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(done.succeeded()).isFalse();
    assertThat(done.output()).isEqualTo("out\nerr");
  }

  @Test
  void aCommandThatIsNotInstalledCannotStart() {
    assertThatThrownBy(() -> CommandOutput.run(List.of("lifeboat-no-such-tool")))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> CommandOutput.run(List.of("lifeboat-no-such-tool"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aCommandThatEndsInTimeIsKept() throws Exception {
    assertThat(CommandOutput.run(List.of("sh", "-c", "echo done"), Duration.ofSeconds(30)))
        .contains(new CommandOutput(0, "done"));
  }

  @Test
  void aCommandStillRunningAfterTheTimeoutIsKilled() throws Exception {
    long started = System.nanoTime();

    assertThat(CommandOutput.run(List.of("sleep", "30"), Duration.ofMillis(200))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }
}
