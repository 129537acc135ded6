package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code worker:}: where a separate worker process serves its /metrics. */
class WorkerConfigTest {
  private static final String REST_OF_FILE = """
      storage: {bucket: lifeboat-backups}
      encryption: {recipients: [/keys/ops.asc], signingKey: /keys/signer.sec.asc}
      catalog: {driverClass: org.postgresql.Driver, url: "jdbc:postgresql://localhost:5432/lifeboat"}
      """;

  @TempDir Path directory;

  @Test
  void servesMetricsOnLoopbackByDefault() throws Exception {
    assertThat(load("").getWorker().metricsListener()).contains(new InetSocketAddress("127.0.0.1", 9464));
  }

  @Test
  void mapsAnAddressAndServesNoneWhenBlank() throws Exception {
    assertThat(load("worker: {metricsAddress: \"0.0.0.0:9100\"}\n").getWorker().metricsListener())
        .contains(new InetSocketAddress("0.0.0.0", 9100));
    assertThat(load("worker: {metricsAddress: \"[::1]:9100\"}\n").getWorker().metricsListener())
        .contains(new InetSocketAddress("::1", 9100));
    assertThat(load("worker: {metricsAddress: \"metrics.internal:65535\"}\n").getWorker().getMetricsAddress())
        .isEqualTo("metrics.internal:65535");
    assertThat(load("worker: {metricsAddress: \"\"}\n").getWorker().metricsListener()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.1:65536", ":9464", "127.0.0.1:9464/metrics", "::1:9464"})
  void anAddressThatIsNotHostAndPortIsRefusedInOneLine(String address) throws Exception {
    Path file = Files.writeString(directory.resolve("lifeboat.yml"), REST_OF_FILE
        + "worker: {metricsAddress: \"" + address + "\"}\n");

    Throwable thrown = catchThrowable(() -> LifeboatConfigLoader.load(file, Map.of()));

    assertThat(thrown).isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file " + file + " has an error: 'worker.metricsAddress' is not host:port (e.g."
            + " 127.0.0.1:9464 or 0.0.0.0:9464); set it to \"\" to serve no metrics.");
  }

  private LifeboatConfiguration load(String worker) throws IOException, ConfigException {
    return LifeboatConfigLoader.load(Files.writeString(directory.resolve("lifeboat.yml"), REST_OF_FILE + worker),
        Map.of());
  }
}
