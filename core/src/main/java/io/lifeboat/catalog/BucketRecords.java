package io.lifeboat.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The objects the catalog's history is kept as in the bucket, under {@code <prefix>/_lifeboat/},
 * and their keys (relative to the prefix). The format is a contract like the manifest's
 * (docs/rebuild.md): {@code catalog rebuild} reads what any earlier version wrote.
 *
 * <ul>
 *   <li>{@code _lifeboat/runs/<workflow id>/<Temporal run id>.json}: a run, rewritten when it ends;
 *   <li>{@code _lifeboat/audit/<12-digit sequence>.json}: one audit event, never rewritten, carrying
 *       the SHA-256 of the event before it;
 *   <li>{@code _lifeboat/verifications/<backup id>/<time>.json}: one passed verification;
 *   <li>{@code _lifeboat/copies/<backup id>/<location>/<checked time>.json}: one check of an off-site copy.
 * </ul>
 *
 * Times are kept to the microsecond, as the catalog keeps them, so a rebuilt row equals the original.
 */
public final class BucketRecords {
  public static final String ROOT = "_lifeboat/";
  public static final String RUNS = ROOT + "runs/";
  public static final String AUDIT = ROOT + "audit/";
  public static final String VERIFICATIONS = ROOT + "verifications/";
  public static final String COPIES = ROOT + "copies/";
  public static final int FORMAT = 1;

  private static final DateTimeFormatter KEY_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  private BucketRecords() {}

  /** As the catalog's timestamptz keeps it. */
  public static Instant micros(@Nullable Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
  }

  // ---- runs

  /** One run, as {@code _lifeboat/runs/…} holds it. */
  @JsonPropertyOrder(alphabetic = true)
  public record Run(int format, String runId, String type, String target, String backupId, String status,
      Instant startedAt, Instant endedAt, Duration achievedRpo, Duration achievedRto, Duration rpoObjective,
      Duration rtoObjective, String requestedBy, String reason, String error) {
    RunEntry entry() {
      return new RunEntry(runId, RunEntry.Type.valueOf(type), target, backupId, RunEntry.Status.valueOf(status),
          startedAt, endedAt, achievedRpo, achievedRto, rpoObjective, rtoObjective, requestedBy, reason, error);
    }
  }

  public static String runKey(String runId) {
    int slash = runId.lastIndexOf('/');
    String workflow = slash < 0 ? runId : runId.substring(0, slash);
    String run = slash < 0 ? "run" : runId.substring(slash + 1);
    return RUNS + safe(workflow) + "/" + safe(run) + ".json";
  }

  static byte[] run(RunEntry r) {
    return write(new Run(FORMAT, r.runId(), r.type().name(), r.target(), r.backupId(), r.status().name(),
        r.startedAt(), r.endedAt(), r.achievedRpo(), r.achievedRto(), r.rpoObjective(), r.rtoObjective(),
        r.requestedBy(), r.reason(), r.error()));
  }

  public static RunEntry readRun(byte[] json) {
    return read(json, Run.class).entry();
  }

  // ---- audit

  /**
   * One audit event. {@code previousSha256} is the SHA-256 of the previous event's object bytes
   * (null for the first event of the chain): removing, changing or reordering an event breaks it.
   */
  @JsonPropertyOrder(alphabetic = true)
  public record AuditEvent(int format, long sequence, Instant at, String principal, String action, String runId,
      String runbook, String step, String reason, String outcome, String detail, String previousSha256) {
    public AuditEntry entry() {
      return new AuditEntry(sequence, at, principal, action, runId, runbook, step, reason, outcome, detail);
    }
  }

  public static String auditKey(long sequence) {
    return AUDIT + String.format("%012d", sequence) + ".json";
  }

  static byte[] audit(long sequence, AuditEntry e, @Nullable String previousSha256) {
    return write(new AuditEvent(FORMAT, sequence, e.at(), e.principal(), e.action(), e.runId(), e.runbook(),
        e.step(), e.reason(), e.outcome(), e.detail(), previousSha256));
  }

  public static AuditEvent readAudit(byte[] json) {
    return read(json, AuditEvent.class);
  }

  // ---- verifications

  @JsonPropertyOrder(alphabetic = true)
  public record Verification(int format, String backupId, Instant verifiedAt) {}

  public static String verificationKey(String backupId, Instant at) {
    return VERIFICATIONS + safe(backupId) + "/" + KEY_TIME.format(at) + ".json";
  }

  static byte[] verification(String backupId, Instant at) {
    return write(new Verification(FORMAT, backupId, at));
  }

  public static Verification readVerification(byte[] json) {
    return read(json, Verification.class);
  }

  // ---- copies

  @JsonPropertyOrder(alphabetic = true)
  public record Copy(int format, String backupId, String location, String bucket, String manifestKey, String status,
      Instant copiedAt, Instant checkedAt, String error) {
    public CopyEntry entry() {
      return new CopyEntry(backupId, location, bucket, manifestKey, CopyEntry.Status.valueOf(status), copiedAt,
          checkedAt, error);
    }
  }

  public static String copyKey(CopyEntry c) {
    return COPIES + safe(c.backupId()) + "/" + safe(c.location()) + "/" + KEY_TIME.format(c.checkedAt()) + ".json";
  }

  static byte[] copy(CopyEntry c) {
    return write(new Copy(FORMAT, c.backupId(), c.location(), c.bucket(), c.manifestKey(), c.status().name(),
        c.copiedAt(), c.checkedAt(), c.error()));
  }

  public static CopyEntry readCopy(byte[] json) {
    return read(json, Copy.class).entry();
  }

  /** A name as one path segment of a key: anything but letters, digits, '.', '_', '-' and ':' becomes '_'. */
  static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._:-]", "_");
  }

  private static byte[] write(Object record) {
    try {
      return MAPPER.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + record, e);
    }
  }

  private static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a Lifeboat " + type.getSimpleName().toLowerCase() + " record: "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}
