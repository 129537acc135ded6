package io.lifeboat.activities.traffic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One server line of {@code show servers state}: its operational state and its administrative
 * flags (maintenance, drain). Columns are found by the header's names, which vary by version.
 */
record HaproxyServerState(
    String backend, String server, int operationalState, int adminFlags, int checkResult, int checkState) {
  private static final int RUNNING = 2;
  /** CHK_ST_ENABLED: haproxy health-checks this server. */
  private static final int CHECKS_ENABLED = 0x04;
  /** CHK_RES_PASSED and CHK_RES_CONDPASS. */
  private static final int PASSED = 3;
  private static final int CONDITIONALLY_PASSED = 4;
  /**
   * haproxy's SRV_ADMF_MAINT: forced, inherited and DNS-resolution maintenance. The configuration
   * flag (0x04, a server written "disabled") only remembers how it started and stays set after
   * "state ready", so it must not count.
   */
  private static final int MAINTENANCE = 0x01 | 0x02 | 0x20;
  /** SRV_ADMF_DRAIN: forced and inherited drain. */
  private static final int DRAIN = 0x08 | 0x10;

  /**
   * A server just taken out of maintenance counts as running until its health checks have failed
   * a few times, so where haproxy checks it, a passed check is required too.
   */
  boolean takesTraffic() {
    boolean checked = (checkState & CHECKS_ENABLED) == 0 || checkResult == PASSED || checkResult == CONDITIONALLY_PASSED;
    return operationalState == RUNNING && (adminFlags & (MAINTENANCE | DRAIN)) == 0 && checked;
  }

  boolean inMaintenance() {
    return (adminFlags & MAINTENANCE) != 0;
  }

  String describe() {
    String admin = inMaintenance() ? "maint" : (adminFlags & DRAIN) != 0 ? "drain" : "ready";
    String operational = switch (operationalState) {
      case 0 -> "stopped";
      case 1 -> "starting";
      case 2 -> "running";
      default -> "stopping";
    };
    String check = (checkState & CHECKS_ENABLED) == 0 ? ""
        : checkResult == PASSED || checkResult == CONDITIONALLY_PASSED ? "" : checkResult == 2 ? " (check failed)"
        : " (not checked yet)";
    return server + " " + admin + "/" + operational + check;
  }

  static List<HaproxyServerState> parse(String answer) {
    List<String> header = null;
    List<HaproxyServerState> servers = new ArrayList<>();
    for (String line : answer.split("\n")) {
      if (line.startsWith("# ")) {
        header = Arrays.asList(line.substring(2).trim().split(" "));
      } else if (header != null && !line.isBlank()) {
        String[] fields = line.trim().split(" ");
        servers.add(new HaproxyServerState(
            fields[header.indexOf("be_name")],
            fields[header.indexOf("srv_name")],
            Integer.parseInt(fields[header.indexOf("srv_op_state")]),
            Integer.parseInt(fields[header.indexOf("srv_admin_state")]),
            Integer.parseInt(fields[header.indexOf("srv_check_result")]),
            Integer.parseInt(fields[header.indexOf("srv_check_state")])));
      }
    }
    return servers;
  }
}
