package io.lifeboat.activities.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.lifeboat.activities.runbook.RecordingEndpoint.Answer;
import io.lifeboat.activities.runbook.RecordingEndpoint;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.ServiceActivities.ServiceStatus;
import io.lifeboat.workflows.runbook.ServiceControl;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceActivitiesTest {
  @TempDir
  Path dir;

  private ServiceActivitiesImpl services(String systemctl) {
    return new ServiceActivitiesImpl(HttpClient.newHttpClient(), systemctl, Optional.empty(), Duration.ofSeconds(5));
  }

  @Test
  void commandProviderRunsTheOperatorsCommandsAndConfirmsWithStatus() {
    // a "service" is a marker file: present means running
    String marker = dir + "/{service}.running";
    ServiceControl control = new ServiceControl("command", List.of("app", "worker"),
        "touch " + marker, "rm -f " + marker, "test -e " + marker);
    ServiceActivitiesImpl services = services("systemctl");

    List<ServiceStatus> started = services.startServices(control);
    List<ServiceStatus> stopped = services.stopServices(control);

    assertThat(started).extracting(ServiceStatus::service, ServiceStatus::running)
        .containsExactly(tuple("app", true), tuple("worker", true));
    assertThat(stopped).extracting(ServiceStatus::running).containsExactly(false, false);
    assertThat(dir.resolve("app.running")).doesNotExist();
    assertThat(services.stopServices(control)).as("stopping a stopped service succeeds").hasSize(2);
  }

  @Test
  void commandProviderPassesAServiceNameToTheShellAsOneQuotedWord() throws Exception {
    String hostile = "app'; touch " + dir + "/pwned; echo '$(touch " + dir + "/pwned2)";
    ServiceControl control = new ServiceControl("command", List.of(hostile),
        "printf %s {service} > " + dir + "/started", "true", null);

    services("systemctl").startServices(control);

    assertThat(dir.resolve("started")).hasContent(hostile);
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(dir.resolve("pwned2")).doesNotExist();
    assertThat(CommandServices.command("stop {service}", "it's")).isEqualTo("stop 'it'\\''s'");
  }

  @Test
  void aSystemdServiceNamedLikeAnOptionIsRefused() {
    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class, () -> services("/bin/echo")
        .stopServices(new ServiceControl("systemd", List.of("--host=evil"), null, null, null)));

    assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(refused.getOriginalMessage()).startsWith("service '--host=evil' is not a systemd unit name");
  }

  @Test
  void commandProviderReportsAFailingCommand() {
    ServiceControl control = new ServiceControl("command", List.of("app"), "echo cannot start; exit 3", "true", null);

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> services("systemctl").startServices(control));

    assertThat(failure.getType()).isEqualTo(FailureTypes.TOOL_FAILED);
    assertThat(failure.getOriginalMessage()).isEqualTo("start command for app failed: exit 3: cannot start");
  }

  @Test
  void httpProviderPostsAndPollsStatusUntilTheServiceStopped() throws Exception {
    Set<String> running = ConcurrentHashMap.newKeySet();
    running.add("app");
    // the service takes one status poll to stop after being asked, as real ones do
    int[] polls = {0};
    try (RecordingEndpoint app = new RecordingEndpoint(request -> {
      if (request.startsWith("POST /stop/")) {
        return new Answer(202, "");
      }
      if (request.startsWith("GET /status/app") && polls[0]++ >= 1) {
        running.remove("app");
      }
      return new Answer(running.contains("app") ? 200 : 503, "");
    })) {
      ServiceControl control = new ServiceControl("http", List.of("app"),
          app.url("/start/{service}"), app.url("/stop/{service}"), app.url("/status/{service}"));

      List<ServiceStatus> stopped = services("systemctl").stopServices(control);

      assertThat(stopped).containsExactly(new ServiceStatus("app", false, "HTTP 503"));
      assertThat(app.requests).containsExactly("POST /stop/app", "GET /status/app", "GET /status/app");
    }
  }

  /**
   * No systemd runs in this container, so systemctl is a stand-in script that keeps unit states
   * in files; what is tested is the commands Lifeboat gives and how it reads their answers.
   */
  @Test
  void systemdProviderUsesSystemctl() throws Exception {
    Path systemctl = dir.resolve("systemctl");
    Files.writeString(systemctl, """
        #!/bin/sh
        echo "$@" >> %1$s/calls
        case "$1" in
          start) touch %1$s/"$2" ;;
          stop) rm -f %1$s/"$2" ;;
          is-active) if [ -e %1$s/"$2" ]; then echo active; else echo inactive; exit 3; fi ;;
        esac
        """.formatted(dir));
    Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    ServiceControl control = new ServiceControl("systemd", List.of("app.service"), null, null, null);

    List<ServiceStatus> started = services(systemctl.toString()).startServices(control);
    List<ServiceStatus> stopped = services(systemctl.toString()).stopServices(control);

    assertThat(started).containsExactly(new ServiceStatus("app.service", true, "active"));
    assertThat(stopped).containsExactly(new ServiceStatus("app.service", false, "inactive"));
    assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly(
        "start app.service", "is-active app.service", "stop app.service", "is-active app.service");
  }
}
