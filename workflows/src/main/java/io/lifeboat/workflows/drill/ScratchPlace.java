package io.lifeboat.workflows.drill;

/**
 * One place a drill created and may write to: a PostgreSQL or Redis server started for it, or a
 * directory. A drill's restores go to {@link #destination}; its checks may reach {@link #address}.
 *
 * @param kind the target kind it receives: postgres, redis, files or config
 * @param destination the name a restore's {@code to} gives for it ("drill/&lt;drill id&gt;/postgres")
 * @param host where a server listens (null for a directory)
 * @param port its port (null for a directory)
 * @param user who connects to it (the scratch PostgreSQL superuser; null otherwise)
 * @param directory a directory's path, or a server's data directory
 */
public record ScratchPlace(String kind, String destination, String host, Integer port, String user, String directory) {

  /** {@code host:port}, or null for a directory. */
  public String address() {
    return host == null ? null : host + ":" + port;
  }

  /** One line for a report: "PostgreSQL 15 on 127.0.0.1:41234 (data in /var/lib/...)". */
  public String describe() {
    return switch (kind) {
      case "postgres" -> "PostgreSQL on " + address() + " (data in " + directory + ")";
      case "redis" -> "Redis on " + address() + " (data in " + directory + ")";
      default -> kind + " directory " + directory;
    };
  }
}
