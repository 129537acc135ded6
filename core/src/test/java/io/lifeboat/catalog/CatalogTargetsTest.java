package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dropwizard.util.Duration;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogTargetsTest {
  private Catalog catalog;

  @BeforeEach
  void freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
  }

  @Test
  void syncStoresKindAndObjectives() {
    catalog.syncTargets(Map.of("orders", postgres(Duration.minutes(15), Duration.hours(1))));

    assertThat(catalog.listTargets())
        .singleElement()
        .satisfies(
            target -> {
              assertThat(target.name()).isEqualTo("orders");
              assertThat(target.kind()).isEqualTo("postgres");
              assertThat(target.rpo()).isEqualTo(java.time.Duration.ofMinutes(15));
              assertThat(target.rto()).isEqualTo(java.time.Duration.ofHours(1));
              assertThat(target.updatedAt()).isBefore(Instant.now().plusSeconds(1));
            });
  }

  @Test
  void syncAddsUpdatesAndRemovesTargets() {
    Map<String, TargetConfig> before = new LinkedHashMap<>();
    before.put("orders", postgres(Duration.minutes(15), Duration.hours(1)));
    before.put("legacy", postgres(Duration.hours(24), Duration.hours(8)));
    catalog.syncTargets(before);

    Map<String, TargetConfig> after = new LinkedHashMap<>();
    after.put("orders", postgres(Duration.minutes(5), Duration.hours(1)));
    after.put("billing", postgres(Duration.hours(1), Duration.hours(4)));
    catalog.syncTargets(after);

    assertThat(catalog.listTargets())
        .extracting(TargetEntry::name, TargetEntry::rpo)
        .containsExactly(
            tuple("billing", java.time.Duration.ofHours(1)),
            tuple("orders", java.time.Duration.ofMinutes(5)));
  }

  @Test
  void syncingUnchangedTargetsKeepsTheirUpdateTime() {
    Map<String, TargetConfig> targets = Map.of("orders", postgres(Duration.minutes(15), Duration.hours(1)));
    catalog.syncTargets(targets);
    List<TargetEntry> first = catalog.listTargets();

    catalog.syncTargets(targets);

    assertThat(catalog.listTargets()).isEqualTo(first);
  }

  @Test
  void syncWithNoTargetsEmptiesTheTable() {
    catalog.syncTargets(Map.of("orders", postgres(Duration.minutes(15), Duration.hours(1))));

    catalog.syncTargets(Map.of());

    assertThat(catalog.listTargets()).isEmpty();
  }

  private static PostgresTargetConfig postgres(Duration rpo, Duration rto) {
    PostgresTargetConfig target = new PostgresTargetConfig();
    target.setHost("db");
    target.setDatabase("app");
    target.setUser("backup");
    target.setRpo(rpo);
    target.setRto(rto);
    return target;
  }
}
