package io.lifeboat.workflows.sources;

/**
 * Where a restore puts a backup of {@code source}.
 *
 * @param place what the source's kind restores into — a database, a directory — or null for the
 *     target's own place (its configured database, its original paths)
 * @param server where that place is: the name of a configured destination ({@code destinations:}
 *     in the configuration: a standby, a server in another region, with its own credentials),
 *     {@code host:port} of a server reached with the target's own credentials, or null for the
 *     target's own server or machine
 * @param skipRoles refuse, naming them, when the destination lacks roles the data needs, instead of
 *     creating them (PostgreSQL; other kinds have none)
 * @param noOwner restore with the connecting user as owner of everything (PostgreSQL)
 */
public record Destination(TargetRef source, String place, String server, boolean skipRoles, boolean noOwner) {

  /** The target's own server, creating the roles the data needs that the server lacks. */
  public Destination(TargetRef source, String place) {
    this(source, place, null, false, false);
  }

  public String target() {
    return source.target();
  }
}
