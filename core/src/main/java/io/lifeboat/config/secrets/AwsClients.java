package io.lifeboat.config.secrets;

import io.lifeboat.config.AwsStoreConfig;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/** Configures an AWS SDK client builder from {@code secretStores.aws}: region, endpoint, short timeouts. */
final class AwsClients {
  private AwsClients() {}

  static <B extends AwsClientBuilder<B, C>, C> C build(AwsClientBuilder<B, C> builder, AwsStoreConfig config) {
    builder.region(Region.of(config.getRegion()));
    if (config.getEndpoint() != null) {
      builder.endpointOverride(config.getEndpoint());
    }
    if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)));
    }
    builder.overrideConfiguration(ClientOverrideConfiguration.builder()
        .retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(30)).build());
    return builder.build();
  }

  /** Where a client sends its requests, for messages. */
  static String where(AwsStoreConfig config) {
    return config.getEndpoint() != null ? config.getEndpoint().toString() : "AWS region " + config.getRegion();
  }
}
