package io.lifeboat.workflows.runbook;

/**
 * Moves traffic from one backend server to another.
 *
 * @param provider {@code haproxy} or {@code webhook}
 * @param endpoint haproxy: the admin socket ({@code /run/haproxy/admin.sock} or {@code host:port});
 *     webhook: the URL that receives the switch as JSON
 * @param backend haproxy: the backend holding both servers; webhook: passed along
 */
public record TrafficSwitch(String provider, String endpoint, String backend, String from, String to) {
  /** The switch that undoes this one. */
  public TrafficSwitch reversed() {
    return new TrafficSwitch(provider, endpoint, backend, to, from);
  }
}
