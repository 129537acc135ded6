package io.lifeboat.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

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
        "the codec endpoint needs one of the API's tokens"));
    assertThat(loopback.refusal("Bearer guessed")).isPresent();
    assertThat(everywhere.refusal(null)).isPresent();
    assertThat(loopback.refusal(null)).as("with tokens configured, a proxy in front of loopback must not open it")
        .isPresent();
    CodecAccess devServer = new CodecAccess(true, false, t -> false, List.of());
    assertThat(devServer.refusal(null)).as("no tokens, loopback: the dev server's UI passes none").isEmpty();
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
