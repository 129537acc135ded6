package io.lifeboat.activities.traffic;

import io.lifeboat.activities.runbook.PollPause;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Switches an haproxy backend from one server to another through the runtime API: the new server
 * is made ready first so there is no moment without a server, then the old one drains (no new
 * connections, live ones finish) and goes into maintenance. {@code show servers state} confirms.
 * Repeating a switch that is done already changes nothing, so retries are safe.
 */
final class HaproxyTraffic {
  private static final Duration POLL = Duration.ofMillis(250);

  private final Duration settleWithin;

  /** @param settleWithin how long the new server may take to pass haproxy's own health checks */
  HaproxyTraffic(Duration settleWithin) {
    this.settleWithin = settleWithin;
  }

  String redirect(TrafficSwitch change) {
    HaproxyRuntimeApi api = new HaproxyRuntimeApi(change.endpoint());
    String backend = HaproxyRuntimeApi.name("backend", change.backend());
    String to = HaproxyRuntimeApi.name("server", change.to());
    String from = HaproxyRuntimeApi.name("server", change.from());
    try {
      command(api, "set server " + backend + "/" + to + " state ready");
      command(api, "set server " + backend + "/" + from + " state drain");
      command(api, "set server " + backend + "/" + from + " state maint");
      return confirm(api, change);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot talk to " + api + ": " + e.getMessage() + " (is its stats socket 'level admin'?)",
          FailureTypes.TOOL_FAILED);
    }
  }

  /** haproxy answers an empty line on success and a sentence on refusal (unknown backend or server). */
  private static void command(HaproxyRuntimeApi api, String command) throws IOException {
    String answer = api.execute(command);
    if (!answer.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          api + " refused '" + command + "': " + answer, FailureTypes.BAD_REQUEST);
    }
  }

  private String confirm(HaproxyRuntimeApi api, TrafficSwitch change) throws IOException {
    long deadline = System.nanoTime() + settleWithin.toNanos();
    while (true) {
      List<HaproxyServerState> servers = HaproxyServerState.parse(api.execute("show servers state " + change.backend()));
      HaproxyServerState to = server(servers, change, change.to());
      HaproxyServerState from = server(servers, change, change.from());
      String seen = "backend " + change.backend() + ": "
          + servers.stream().map(HaproxyServerState::describe).collect(Collectors.joining(", "));
      if (to.takesTraffic() && from.inMaintenance()) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        throw ApplicationFailure.newFailure(
            change.to() + " does not take traffic after " + settleWithin.toSeconds() + "s; " + seen,
            FailureTypes.TOOL_FAILED);
      }
      PollPause.between(seen, POLL);
    }
  }

  private static HaproxyServerState server(List<HaproxyServerState> servers, TrafficSwitch change, String name) {
    return servers.stream().filter(s -> s.server().equals(name)).findFirst().orElseThrow(
        () -> ApplicationFailure.newNonRetryableFailure(
            "backend " + change.backend() + " has no server " + name, FailureTypes.BAD_REQUEST));
  }
}
