package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bodies that cannot be read (truncated, wrong types, numbers too big for their field, values past
 * the JSON reader's limits, odd characters in names) get a 400 with one line naming the field
 * where there is one, and start nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnparseableBodiesTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = ApiFixture.app(CATALOG);
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void nothingWasStarted() {
    assertThat(RawHttp.get(APP.getLocalPort(), "/metrics").body()).doesNotContain("lifeboat_runs_started_total");
    assertThat(new Catalog(CATALOG.dataSource()).listRuns(10)).isEmpty();
  }

  @Test
  void aTruncatedBodyNamesTheFieldItStoppedIn() throws Exception {
    JsonNode error = refused(400, "/api/v1/restores", "{\"target\":\"orders\",\"backup\":\"lat");

    assertThat(error.path("field").asText()).isEqualTo("backup");
    assertThat(error.path("error").asText()).startsWith("field 'backup' is not valid JSON");
  }

  @Test
  void aBodyCutAfterAFieldNameNamesIt() throws Exception {
    JsonNode error = refused(400, "/api/v1/restores", "{\"target\":\"orders\",\"database\":");

    assertThat(error.path("field").asText()).isEqualTo("database");
  }

  @Test
  void aListWhereTextBelongsNamesTheField() throws Exception {
    JsonNode error = refused(400, "/api/v1/restores", "{\"target\":[\"orders\"],\"backup\":\"latest\",\"database\":\"x\"}");

    assertThat(error.path("field").asText()).isEqualTo("target");
  }

  @Test
  void aNumberTooBigForItsFieldNamesTheField() throws Exception {
    JsonNode error = refused(400, "/api/v1/targets/orders/backups",
        "{\"schemas\":\"tenant_*\",\"concurrency\":99999999999999999999999}");

    assertThat(error.path("field").asText()).isEqualTo("concurrency");
    assertThat(error.path("error").asText()).startsWith("field 'concurrency' is a number too large or too small");
  }

  /** The reader's size limit stops it before any field is known: the error says what is too large. */
  @Test
  void aNumberWithThousandsOfDigitsIsRefusedAsTooLarge() throws Exception {
    JsonNode error = refused(400, "/api/v1/targets/orders/backups",
        "{\"schemas\":\"tenant_*\",\"concurrency\":" + "9".repeat(5_000) + "}");

    assertThat(error.path("error").asText()).startsWith("request body is too large: Number value length (5000)")
        .doesNotContain("99999999999999999999");
  }

  @Test
  void aFractionOrAnExponentWhereAWholeNumberBelongsNamesTheField() throws Exception {
    for (String number : new String[] {"1.5", "1e400", "-1e-400", "\"two\"", "true"}) {
      JsonNode error = refused(400, "/api/v1/targets/orders/backups",
          "{\"schemas\":\"tenant_*\",\"concurrency\":" + number + "}");
      assertThat(error.path("field").asText()).as(number).isEqualTo("concurrency");
    }
  }

  @Test
  void deepNestingIsABadRequest() throws Exception {
    JsonNode error = refused(400, "/api/v1/restores", "{\"target\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");

    assertThat(error.path("error").asText()).doesNotContain("\n");
  }

  @Test
  void oddCharactersInNamesAreRefusedNamingTheField() throws Exception {
    for (String database : new String[] {"orders\\u0000", "ord\\\"ers; drop", "\\uD800", "名前", " ", "a\\nb"}) {
      JsonNode error = refused(400, "/api/v1/restores",
          "{\"target\":\"orders\",\"backup\":\"latest\",\"database\":\"" + database + "\"}");
      assertThat(error.path("field").asText()).as(database).isEqualTo("database");
      assertThat(error.path("error").asText()).as(database).doesNotContain("\n");
    }
  }

  @Test
  void anUnknownTargetWithOddCharactersIsNotFoundAndNamed() throws Exception {
    JsonNode error = refused(404, "/api/v1/targets/%E2%80%AEx%20y%C2%A0/backups", "{}");

    assertThat(error.path("field").asText()).isEqualTo("target");
  }

  @Test
  void aNulCharacterInAQueryParameterIsABadRequestNamingIt() throws Exception {
    for (String path : new String[] {"/api/v1/drills?target=or%00ders", "/api/v1/runs?target=%00", "/api/v1/backups?target=a%00"}) {
      HttpResponse<String> response = RawHttp.get(APP.getLocalPort(), path);
      assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).path("field").asText()).as(path).isEqualTo("target");
    }
  }

  private static JsonNode refused(int status, String path, String body) throws Exception {
    HttpResponse<String> response = RawHttp.postJson(APP.getLocalPort(), path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.path("error").asText()).as(response.body()).isNotBlank().doesNotContain("\n");
    return error;
  }
}
