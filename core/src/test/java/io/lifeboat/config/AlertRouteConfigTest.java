package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRouteConfigTest {
  private static AlertRouteConfig route() {
    AlertRouteConfig route = new AlertRouteConfig();
    route.setMatch(Map.of("alertname", "OrdersDown", "severity", "critical"));
    route.setRunbook("postgres-restore");
    route.setParams(Map.of("target", "{labels.target}", "incident_at", "{startsAt}", "note", "from {labels.alertname}"));
    return route;
  }

  @Test
  void matchesWhenEveryConfiguredLabelHasItsValue() {
    assertThat(route().matches(Map.of("alertname", "OrdersDown", "severity", "critical", "x", "y"))).isTrue();
    assertThat(route().matches(Map.of("alertname", "OrdersDown", "severity", "warning"))).isFalse();
    assertThat(route().matches(Map.of("alertname", "OrdersDown"))).isFalse();
  }

  @Test
  void fillsParametersFromLabelsAndStartTime() {
    Map<String, String> params = route().paramsFor(
        Map.of("alertname", "OrdersDown", "target", "orders"), "2026-01-31T03:00:00Z");

    assertThat(params).containsExactlyInAnyOrderEntriesOf(Map.of(
        "target", "orders", "incident_at", "2026-01-31T03:00:00Z", "note", "from OrdersDown"));
  }

  @Test
  void aMissingLabelIsNamed() {
    assertThatThrownBy(() -> route().paramsFor(Map.of("alertname", "OrdersDown"), "2026-01-31T03:00:00Z"))
        .hasMessageContaining("'target'");
  }
}
