package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code lifeboat status}: is every target recoverable within its RPO? Only a verified backup
 * counts: an unverified one may not restore. Exits 3 when any target is breached, for scripts
 * and monitoring. Beside it, how far each off-site location's copies are behind.
 */
@Command(name = "status",
    description = "Per target: the newest verified backup's age against the RPO; BREACHED when older (exit 3).")
final class StatusCommand implements Callable<Integer> {
  static final int BREACHED_EXIT = 3;

  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    ArrayNode statuses = freshness(options.client().targets());
    boolean breached = false;
    for (JsonNode s : statuses) {
      breached |= s.path("breached").asBoolean();
    }
    if (options.json) {
      System.out.println(ClientOptions.json(statuses));
    } else {
      System.out.print(table(statuses));
    }
    return breached ? BREACHED_EXIT : 0;
  }

  /** The API's target statuses judged by their newest verified backup. */
  static ArrayNode freshness(JsonNode targets) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode t : targets) {
      Duration rpo = Duration.parse(t.path("objectives").path("rpo").asText());
      JsonNode verified = t.path("newestVerifiedBackup");
      JsonNode newest = t.path("newestBackup");
      ObjectNode s = out.addObject();
      s.put("target", t.path("name").asText());
      s.put("rpoSeconds", rpo.toSeconds());
      boolean hasVerified = verified.isObject();
      s.put("verifiedBackupId", hasVerified ? verified.path("backupId").asText() : null);
      if (hasVerified) {
        s.put("verifiedAgeSeconds", verified.path("ageSeconds").asLong());
      } else {
        s.putNull("verifiedAgeSeconds");
      }
      if (newest.isObject()) {
        s.put("newestAgeSeconds", newest.path("ageSeconds").asLong());
      } else {
        s.putNull("newestAgeSeconds");
      }
      s.put("breached", !hasVerified || verified.path("ageSeconds").asLong() > rpo.toSeconds());
      ArrayNode copies = s.putArray("copies");
      for (JsonNode c : t.path("copies")) {
        copies.addObject().put("location", c.path("location").asText()).set("lagSeconds", c.path("lagSeconds"));
      }
      if (t.path("walCopies").isArray() && !t.path("walCopies").isEmpty()) {
        s.set("walCopies", t.path("walCopies"));
      }
      if (t.path("drill").isObject()) {
        s.set("drill", t.path("drill"));
      }
    }
    return out;
  }

  static String table(ArrayNode statuses) {
    StringBuilder out = new StringBuilder();
    String format = "%-16s %-10s %-26s %-14s %-14s %-20s %s%n";
    out.append(String.format(format, "TARGET", "RPO", "NEWEST VERIFIED", "VERIFIED AGE", "NEWEST AGE", "COPY LAG",
        "STATE"));
    for (JsonNode s : statuses) {
      boolean hasVerified = !s.path("verifiedAgeSeconds").isNull();
      String state;
      if (!s.path("breached").asBoolean()) {
        state = "ok";
      } else if (!hasVerified) {
        state = "BREACHED (no verified backup)";
      } else {
        state = "BREACHED (" + age(s.path("verifiedAgeSeconds").asLong() - s.path("rpoSeconds").asLong()) + " over)";
      }
      out.append(String.format(format, s.path("target").asText(), age(s.path("rpoSeconds").asLong()),
          hasVerified ? s.path("verifiedBackupId").asText() : "-",
          hasVerified ? age(s.path("verifiedAgeSeconds").asLong()) : "-",
          s.path("newestAgeSeconds").isNull() ? "-" : age(s.path("newestAgeSeconds").asLong()), copyLag(s), state));
    }
    for (JsonNode s : statuses) {
      for (JsonNode w : s.path("walCopies")) {
        out.append(walLag(s.path("target").asText(), w));
      }
    }
    for (JsonNode s : statuses) {
      if (s.path("drill").isObject()) {
        out.append(drill(s.path("target").asText(), s.path("drill")));
      }
    }
    return out.toString();
  }

  /**
   * "drill of orders: PASSED 3d ago (RTO 42.0 s / 2h 00m, RPO 3m 00s / 1h 00m)", then the overdue
   * line when there is one: "orders: drill overdue: last passing drill 95d ago, interval 90d".
   */
  private static String drill(String target, JsonNode d) {
    StringBuilder out = new StringBuilder();
    if (d.path("drillId").isTextual()) {
      long ago = Duration.between(Instant.parse(d.path("startedAt").asText()),
          Instant.now()).toSeconds();
      out.append("drill of ").append(target).append(": ").append(d.path("passed").asBoolean() ? "PASSED " : "FAILED ")
          .append(age(Math.max(0, ago))).append(" ago (RTO ")
          .append(DrillsCommand.measure(d.path("achievedRtoMillis"), d.path("rtoObjectiveMillis"))).append(", RPO ")
          .append(DrillsCommand.measure(d.path("achievedRpoMillis"), d.path("rpoObjectiveMillis"))).append(") ")
          .append(d.path("drillId").asText()).append('\n');
    }
    if (d.path("problem").isTextual()) {
      out.append(target).append(": ").append(d.path("problem").asText()).append('\n');
    }
    return out.toString();
  }

  /** "WAL of main at offsite: 2 files behind, oldest 1m5s (last copied 0000…0007)"; the last failure if any. */
  private static String walLag(String target, JsonNode w) {
    String where = "WAL of " + target + " at " + w.path("location").asText() + ": ";
    if (!w.path("pendingFiles").isNumber()) {
      return where + "never copied (" + (w.path("error").isTextual() ? w.path("error").asText()
          : "copied continuously only to locations with afterEachBackup; else by `lifeboat copies sync`") + ")\n";
    }
    long pending = w.path("pendingFiles").asLong();
    String state = pending == 0 ? "up to date" : pending + " files behind, oldest " + age(w.path("lagSeconds").asLong());
    String last = w.path("newestCopied").isTextual() ? " (last copied " + w.path("newestCopied").asText() + ")" : "";
    String error = w.path("error").isTextual() ? "; last attempt failed: " + w.path("error").asText() : "";
    return where + state + last + error + "\n";
  }

  /** "offsite 0s, vault never"; "-" without off-site locations. */
  private static String copyLag(JsonNode status) {
    List<String> lags = new ArrayList<>();
    for (JsonNode c : status.path("copies")) {
      JsonNode lag = c.path("lagSeconds");
      lags.add(c.path("location").asText() + " " + (lag.isNumber() ? age(lag.asLong()) : "never"));
    }
    return lags.isEmpty() ? "-" : String.join(", ", lags);
  }

  /** 3d4h, 2h5m, 4m10s, 12s: compact, largest units first. */
  static String age(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
    }
    return seconds / 86_400 + "d" + (seconds % 86_400 / 3600 == 0 ? "" : seconds % 86_400 / 3600 + "h");
  }
}
