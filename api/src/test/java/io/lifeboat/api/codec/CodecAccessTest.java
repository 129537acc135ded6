package io.lifeboat.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecAccessTest {
  private static final String TOKEN = "Bearer the-ui-token-0123456789";

  @Test
  void aTokenTheUiPassesMustBeOneOfTheApisWhereverTheApiListens() {
    CodecAccess everywhere = new CodecAccess(false, true, TOKEN::equals, List.of());
    CodecAccess loopback = new CodecAccess(true, true, TOKEN::equals, List.of());

    assertThat(everywhere.refusal(TOKEN)).isEmpty();
    assertThat(everywhere.refusal("Bearer guessed")).hasValueSatisfying(r -> assertThat(r).startsWith(
        "the codec endpoint was sent a token that is not one of auth.tokens"));
    assertThat(loopback.refusal("Bearer guessed")).isPresent();
    assertThat(everywhere.refusal(null)).isPresent();
    assertThat(loopback.refusal(null)).as("the dev server's UI passes no token").isEmpty();
    assertThat(new CodecAccess(false, false, t -> true, List.of()).refusal(TOKEN))
        .as("without tokens configured, only loopback decides").isPresent();
  }

  @Test
  void onlyTheUisOriginsAreAllowed() {
    CodecAccess access = new CodecAccess(true, false, t -> false, List.of("https://temporal.example.com/"));

    assertThat(access.allows("https://temporal.example.com")).isTrue();
    assertThat(access.allows("https://temporal.example.com.evil.io")).isFalse();
    assertThat(access.allows("null")).isFalse();
  }
}
