package io.lifeboat.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifeboatClientTest {
  @Test
  void anApiThatIsNotRunningIsReportedWithHowToStartIt() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + closedPort);

    assertThatThrownBy(() -> new LifeboatClient(base).targets())
        .asInstanceOf(type(LifeboatApiException.class))
        .satisfies(e -> {
          assertThat(e.isUnreachable()).isTrue();
          assertThat(e.getMessage()).isEqualTo("the Lifeboat API at " + base + " is not reachable"
              + " (start it with `./lifeboat dev` or `./lifeboat server CONFIG`)");
        });
  }

  @Test
  void anApiThatTakesConnectionsButNeverAnswersFailsAfterTheRequestTimeout() throws IOException {
    // The kernel accepts connections into the backlog without accept(): a hung API, as a client sees it.
    try (ServerSocket hung = new ServerSocket(0)) {
      URI base = URI.create("http://127.0.0.1:" + hung.getLocalPort());
      LifeboatClient client = new LifeboatClient(base).withRequestTimeout(Duration.ofMillis(500));

      long start = System.nanoTime();
      assertThatThrownBy(client::targets)
          .asInstanceOf(type(LifeboatApiException.class))
          .satisfies(e -> {
            assertThat(e.isUnreachable()).isTrue();
            assertThat(e.error()).isEqualTo("the Lifeboat API at " + base + " did not answer GET /api/v1/targets"
                + " within 0.5 s");
          });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aWatcherSeesAChangeWhenTheStatusOrAStepsStateChangesNotWhenDetailsDo() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode dumping = run(json, "RUNNING", "{'name':'dump','status':'RUNNING','detail':null}");
    JsonNode dumpingLater = run(json, "RUNNING", "{'name':'dump','status':'RUNNING','detail':'42 MB'}");
    JsonNode dumped = run(json, "RUNNING", "{'name':'dump','status':'DONE','detail':'99 MB'}");
    JsonNode noProgress = json.readTree("{\"status\":\"COMPLETED\",\"progress\":null}");

    assertThat(RunWatcher.stateOf(dumping)).isEqualTo(RunWatcher.stateOf(dumpingLater));
    assertThat(RunWatcher.stateOf(dumping)).isNotEqualTo(RunWatcher.stateOf(dumped));
    assertThat(RunWatcher.stateOf(noProgress)).containsExactly("COMPLETED");
  }

  private static JsonNode run(ObjectMapper json, String status, String step) throws IOException {
    String run = "{'status':'" + status + "','progress':{'steps':[" + step + "]}}";
    return json.readTree(run.replace('\'', '"'));
  }
}
