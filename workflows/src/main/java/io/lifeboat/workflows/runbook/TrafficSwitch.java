package io.lifeboat.workflows.runbook;

/**
 * Moves traffic from one backend server to another.
 *
 * @param provider {@code haproxy}, {@code webhook} or {@code route53}
 * @param endpoint haproxy: the admin socket ({@code /run/haproxy/admin.sock} or {@code host:port});
 *     webhook: the URL that receives the switch as JSON; route53: the hosted zone id
 * @param backend haproxy: the backend holding both servers; webhook: passed along; route53: the
 *     DNS name of both record sets, whose set identifiers {@code from} and {@code to} are
 */
public record TrafficSwitch(String provider, String endpoint, String backend, String from, String to) {
  /** The switch that undoes this one. */
  public TrafficSwitch reversed() {
    return new TrafficSwitch(provider, endpoint, backend, to, from);
  }
}
