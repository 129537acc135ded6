package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A separate worker process ({@code lifeboat worker}, optional {@code worker:} section). Inside
 * {@code lifeboat server} the worker's metrics are on the API's {@code /metrics} instead.
 *
 * <pre>
 * worker:
 *   metricsAddress: 127.0.0.1:9464   # where /metrics is served for Prometheus; "" serves none
 * </pre>
 */
public class WorkerConfig {
  /** 0 to 65535. */
  private static final String PORT = "([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

  /** Loopback by default: the outcomes name targets and runbooks, which a scraper elsewhere needs opened to it. */
  @NotNull
  @Pattern(regexp = "|(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]+):" + PORT,
      message = "is not host:port (e.g. 127.0.0.1:9464 or 0.0.0.0:9464); set it to \"\" to serve no metrics")
  @JsonProperty
  private String metricsAddress = "127.0.0.1:9464";

  public String getMetricsAddress() {
    return metricsAddress;
  }

  public void setMetricsAddress(String metricsAddress) {
    this.metricsAddress = metricsAddress;
  }

  /** Where the worker's /metrics listens; empty when switched off. */
  public Optional<InetSocketAddress> metricsListener() {
    if (metricsAddress == null || metricsAddress.isBlank()) {
      return Optional.empty();
    }
    int colon = metricsAddress.lastIndexOf(':');
    String host = metricsAddress.substring(0, colon).replaceAll("^\\[|\\]$", "");
    return Optional.of(new InetSocketAddress(host, Integer.parseInt(metricsAddress.substring(colon + 1))));
  }
}
