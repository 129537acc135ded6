package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lifeboat.worker.schedules.ScheduleSync;
import io.lifeboat.workflows.notify.WatchReport;
import io.lifeboat.workflows.notify.WatchWorkflow;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch on the real Temporal dev server with a real worker: with notifications routed, the
 * worker's start makes the Schedule {@code schedule:watch} every {@code notifications.watchEvery};
 * triggered, the watch lists the hosts polling the queue (from the server's pollers) and checks
 * this host's scratch disks on its own queue; without notifications a sync deletes the schedule.
 * The disk's level is this machine's (WatchActivitiesTest drives the levels); the channel is a
 * receiver in the test, so whatever it is, nothing waits on an unreachable one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WatchEndToEndTest {
  @TempDir Path dir;

  @Test
  void theWorkerSchedulesTheWatchWhichChecksEachPollingHostsDisksOnItsOwnQueue() throws Exception {
    SharedTemporal.requireRealServer();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("shop"), "", """
        notifications:
          channels:
            hook: {type: webhook, url: "http://127.0.0.1:%d/hook"}
          routes:
            - {channels: [hook]}
          watchEvery: 7 minutes
        """.formatted(receiver.getAddress().getPort()))) {
      String queue = stack.config.getTemporal().getTaskQueue();
      ScheduleHandle schedule = ScheduleClient.newInstance(stack.client().getWorkflowServiceStubs(),
          ScheduleClientOptions.newBuilder().setNamespace(stack.embedded.namespace()).build())
          .getHandle(WatchWorkflow.SCHEDULE_ID);

      assertThat(schedule.describe().getSchedule().getSpec().getIntervals()).extracting(ScheduleIntervalSpec::getEvery)
          .containsExactly(Duration.ofMinutes(7));
      schedule.trigger();
      String workflowId = startedBy(schedule);
      WatchReport report = stack.client().newUntypedWorkflowStub(workflowId).getResult(60, TimeUnit.SECONDS,
          WatchReport.class);

      String host = InetAddress.getLocalHost().getHostName();
      assertThat(report.hostQueues()).containsExactly(queue + "@" + host);
      assertThat(report.failures()).isEmpty();
      assertThat(report.findings()).anySatisfy(line -> assertThat(line).matches("(ok|warning|critical): scratch disk"
          + " of .* on " + java.util.regex.Pattern.quote(host) + " has [0-9.]+% free"));

      List<ScheduleSync.Outcome> withoutWatch = new ScheduleSync(stack.client(), queue)
          .sync(stack.config.getTargets(), stack.config.getDrills());
      assertThat(withoutWatch).extracting(ScheduleSync.Outcome::scheduleId, ScheduleSync.Outcome::change)
          .contains(org.assertj.core.groups.Tuple.tuple(WatchWorkflow.SCHEDULE_ID, "DELETED"));
    } finally {
      receiver.stop(0);
    }
  }

  /** The workflow id of the run the schedule's trigger started. */
  private static String startedBy(ScheduleHandle schedule) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      ScheduleDescription described = schedule.describe();
      if (!described.getInfo().getRecentActions().isEmpty()) {
        return ((ScheduleActionExecutionStartWorkflow) described.getInfo().getRecentActions().get(0).getAction())
            .getWorkflowId();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the triggered schedule started no watch within 30 s");
  }
}
