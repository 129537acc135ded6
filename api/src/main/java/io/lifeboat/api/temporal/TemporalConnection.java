package io.lifeboat.api.temporal;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.dropwizard.lifecycle.Managed;
import io.lifeboat.config.TemporalConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC connection to the Temporal frontend and the workflow client on it. The API and the
 * worker both build theirs with {@link #open}; as a {@link Managed} it closes the channel after
 * everything registered later (a worker, say) has stopped.
 */
public final class TemporalConnection implements Managed {
  // A progress query on a run whose worker is gone would otherwise hold an API thread for the
  // SDK's default of ten seconds; the API answers without live progress sooner instead.
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
  /** How often the SDK's own metrics reach the registry: fresher than a usual 15 s scrape interval. */
  private static final com.uber.m3.util.Duration SDK_METRICS_EVERY = com.uber.m3.util.Duration.ofSeconds(5);

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String taskQueue;
  private final Optional<PayloadEncryption> encryption;
  private final Scope sdkMetrics;

  private TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client, String taskQueue,
      Optional<PayloadEncryption> encryption, Scope sdkMetrics) {
    this.sdkMetrics = sdkMetrics;
    this.stubs = stubs;
    this.client = client;
    this.taskQueue = taskQueue;
    this.encryption = encryption;
  }

  /**
   * Connects lazily: nothing is dialled until the first call, so the API starts (and reports
   * Temporal unhealthy) while the cluster is down. With {@code temporal.payloadKeys}, every payload
   * is encrypted ({@link SummariesInClear}); workers built on this client inherit it.
   *
   * @throws IllegalArgumentException naming the key and the fix when a payload key is unusable
   */
  public static TemporalConnection open(TemporalConfig config) {
    return open(config, new NoopScope());
  }

  /**
   * As {@link #open(TemporalConfig)}, with the SDK's client and worker metrics ({@code temporal_*})
   * in {@code registry}: the process's /metrics shows its polls, requests and task latencies.
   */
  public static TemporalConnection open(TemporalConfig config, MeterRegistry registry) {
    return open(config, new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(SDK_METRICS_EVERY));
  }

  private static TemporalConnection open(TemporalConfig config, Scope sdkMetrics) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(config.getTarget())
            .setRpcQueryTimeout(QUERY_TIMEOUT)
            .setMetricsScope(sdkMetrics);
    if (config.getTls() != null && config.getTls().isEnabled()) {
      options.setSslContext(TemporalTls.sslContext(config.getTls()));
    }
    Optional<PayloadEncryption> encryption = config.getPayloadKeys().isEmpty()
        ? Optional.empty() : Optional.of(PayloadEncryption.of(config.getPayloadKeys()));
    WorkflowClientOptions.Builder clientOptions = WorkflowClientOptions.newBuilder().setNamespace(config.getNamespace());
    encryption.ifPresent(codec -> clientOptions.setDataConverter(SummariesInClear.around(codec)));
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    WorkflowClient client = WorkflowClient.newInstance(stubs, clientOptions.build());
    return new TemporalConnection(stubs, client, config.getTaskQueue(), encryption, sdkMetrics);
  }

  public WorkflowClient client() {
    return client;
  }

  /** The codec of this connection's payloads; empty when {@code temporal.payloadKeys} lists none. */
  public Optional<PayloadEncryption> encryption() {
    return encryption;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String namespace() {
    return client.getOptions().getNamespace();
  }

  /** The task queue Lifeboat's workflows run on. */
  public String taskQueue() {
    return taskQueue;
  }

  @Override
  public void stop() throws InterruptedException {
    stubs.shutdown();
    if (!stubs.awaitTermination(5, TimeUnit.SECONDS)) {
      stubs.shutdownNow();
    }
    try {
      sdkMetrics.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // only the last few seconds of SDK metrics are lost
    }
  }
}
