package io.lifeboat.activities.sources;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.sources.Destination;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The destinations declared in the configuration, by name: the one place a restore's {@link
 * Destination#server()} is looked up. A name never holds ':', so {@code host:port} is told apart.
 * Names starting with {@link DrillEnvironment#DESTINATION_PREFIX} are a drill's scratch places,
 * made and removed by the drill on this worker's host, so they are looked up there, never declared.
 */
public final class Destinations {
  /** No destination declared: every restore goes to its target's own server or paths. */
  public static final Destinations NONE = new Destinations(Map.of());

  private final Map<String, DeclaredDestination> byName;
  private final Function<String, Optional<DeclaredDestination>> scratch;

  public Destinations(Map<String, ? extends DeclaredDestination> byName) {
    this(byName, name -> Optional.empty());
  }

  /** With {@code scratch} resolving the scratch destinations of drills ({@code drill/<drill id>/<kind>}). */
  public Destinations(Map<String, ? extends DeclaredDestination> byName,
      Function<String, Optional<DeclaredDestination>> scratch) {
    this.byName = new TreeMap<>(byName);
    this.scratch = scratch;
  }

  /** A server given as {@code host:port}; {@code port} null means the target's own port. */
  public record HostPort(String host, Integer port) {
    @Override
    public String toString() {
      return host + ":" + (port == null ? "" : port);
    }
  }

  /** {@code server} as {@code host:port} ({@code [v6]:port} too), or empty when it names a destination. */
  public static Optional<HostPort> hostPort(String server) {
    int colon = server == null ? -1 : server.lastIndexOf(':');
    if (colon < 0 || server.endsWith("]")) {
      return Optional.empty();
    }
    String host = server.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String port = server.substring(colon + 1);
    if (host.isBlank() || !port.matches("[0-9]{0,5}")) {
      throw ApplicationFailure.newNonRetryableFailure("'" + server + "' is not host:port; give the server as"
          + " host:port (the port may be left out: host:) or the name of a destination", FailureTypes.BAD_REQUEST);
    }
    return Optional.of(new HostPort(host, port.isEmpty() ? null : Integer.valueOf(port)));
  }

  /**
   * The destination {@code name}, which must receive targets of {@code targetKind} and be
   * reached as {@code type}; refused, in one line naming what is declared, when it is not.
   */
  public <T extends DeclaredDestination> T named(String name, String targetKind, Class<T> type) {
    DeclaredDestination declared = byName.get(name);
    if (name != null && name.startsWith(DrillEnvironment.DESTINATION_PREFIX)) {
      declared = scratch.apply(name).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("scratch destination "
          + name + " of a drill is not on this worker: it was torn down, or the drill runs on another worker host",
          FailureTypes.BAD_REQUEST));
    }
    if (declared == null) {
      throw ApplicationFailure.newNonRetryableFailure("unknown destination '" + name + "'; declared destinations: "
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())) + " — add it under 'destinations:' in"
          + " the configuration (" + name + ": {kind: " + targetKind + ", ...})", FailureTypes.BAD_REQUEST);
    }
    if (!declared.kind().equals(targetKind) || !type.isInstance(declared)) {
      throw ApplicationFailure.newNonRetryableFailure("destination '" + name + "' is of kind " + declared.kind()
          + " and the target is of kind " + targetKind + "; nothing was changed. Restore onto a destination of kind "
          + targetKind + (ofKind(targetKind).isEmpty() ? " (none is declared)" : " (" + ofKind(targetKind) + ")"),
          FailureTypes.BAD_REQUEST);
    }
    return type.cast(declared);
  }

  private String ofKind(String kind) {
    return String.join(", ", byName.entrySet().stream().filter(e -> e.getValue().kind().equals(kind))
        .map(Map.Entry::getKey).toList());
  }
}
