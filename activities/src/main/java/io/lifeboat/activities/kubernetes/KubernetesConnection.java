package io.lifeboat.activities.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to reach a Kubernetes API server: a kubeconfig (and a context of it), a server with a token
 * file and a CA file, or — all null — the service account of the pod the worker runs in. The
 * client speaks through the JDK's HTTP client, so that no second Netty sits beside Temporal's.
 */
public record KubernetesConnection(String kubeconfig, String context, String server, String tokenFile,
    String caFile) {
  /** The in-cluster service account. */
  public static final KubernetesConnection IN_CLUSTER = new KubernetesConnection(null, null, null, null, null);

  /** Where it points, for messages. */
  public String describe() {
    if (server != null) {
      return "API server " + server;
    }
    if (kubeconfig != null) {
      return "kubeconfig " + kubeconfig + (context == null ? "" : " (context " + context + ")");
    }
    return "the in-cluster API server (service account)";
  }

  /** A client for one activity; close it. Nothing is sent until the first call. */
  public KubernetesClient client() {
    Config config;
    if (kubeconfig != null) {
      Path file = Path.of(kubeconfig);
      if (!Files.isReadable(file)) {
        throw ApplicationFailure.newNonRetryableFailure("kubeconfig " + kubeconfig + " cannot be read by the"
            + " worker; put it there, readable by the worker's user", FailureTypes.INVALID_CONFIGURATION);
      }
      config = Config.fromKubeconfig(context, file.toFile());
    } else if (server != null) {
      ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(server);
      if (tokenFile != null) {
        builder.withOauthToken(read(tokenFile));
      }
      if (caFile != null) {
        builder.withCaCertFile(caFile);
      }
      config = builder.build();
    } else {
      config = inCluster();
    }
    config.setRequestRetryBackoffLimit(0); // Temporal retries the activity; a refusal must come back at once
    config.setConnectionTimeout(10_000);
    config.setRequestTimeout(30_000);
    return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  private static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /**
   * The pod's own service account, and nothing else: not a kubeconfig that happens to be in the
   * worker's home directory, which would point a backup at whatever cluster it names.
   */
  private static Config inCluster() {
    String host = System.getenv("KUBERNETES_SERVICE_HOST");
    Path token = SERVICE_ACCOUNT.resolve("token");
    if (host == null || !Files.isReadable(token)) {
      throw ApplicationFailure.newNonRetryableFailure("no connection is configured and the worker does not run in a"
          + " Kubernetes pod with a service account; set connection: {kubeconfig: /path} or {server: https://host:6443,"
          + " tokenFile: /path, caFile: /path}", FailureTypes.INVALID_CONFIGURATION);
    }
    String port = System.getenv().getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    return new ConfigBuilder(Config.empty()).withMasterUrl("https://" + (host.contains(":") ? "[" + host + "]" : host)
        + ":" + port).withOauthToken(read(token.toString()))
        .withCaCertFile(SERVICE_ACCOUNT.resolve("ca.crt").toString()).build();
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("token file " + file + " cannot be read by the worker ("
          + e.getMessage() + "); put the token there, readable by the worker's user",
          FailureTypes.INVALID_CONFIGURATION);
    }
  }
}
