package io.lifeboat.activities.catalog;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BucketHistory.ChainedAudit;
import io.lifeboat.catalog.BucketRecords;
import io.lifeboat.manifest.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The audit trail as the bucket keeps it: one object per event, in sequence order, each carrying
 * the SHA-256 of the object before it. Reading it checks the chain; a changed, removed or
 * inserted event breaks it at that point, and the break is named. (Removing the newest events
 * leaves an intact, shorter chain: the catalog's count, or an Object Lock on the bucket, tells.)
 */
public final class AuditChain {
  private AuditChain() {}

  /** The events in sequence order, and every break or unreadable object, one line each. */
  public record Read(List<ChainedAudit> events, List<String> problems) {
    public boolean intact() {
      return problems.isEmpty();
    }
  }

  public static Read read(ObjectStore bucket) {
    List<ChainedAudit> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String previous = null;
    long previousSequence = 0;
    for (String key : bucket.list(bucket.key(BucketRecords.AUDIT))) {
      byte[] bytes = bucket.get(key);
      BucketRecords.AuditEvent event;
      try {
        event = BucketRecords.readAudit(bytes);
      } catch (IllegalArgumentException unreadable) {
        problems.add(key + ": " + unreadable.getMessage() + "; the chain cannot be checked past it");
        previous = Sha256.of(bytes);
        continue;
      }
      String sha256 = Sha256.of(bytes);
      if (!key.endsWith(BucketRecords.auditKey(event.sequence()))) {
        problems.add(key + ": holds event " + event.sequence() + "; an event was moved or renamed");
      }
      if (event.sequence() <= previousSequence) {
        problems.add(key + ": sequence " + event.sequence() + " does not follow " + previousSequence);
      }
      // The first event chains to nothing: removing it leaves a second that chains to something.
      if (!Objects.equals(previous, event.previousSha256())) {
        problems.add(key + ": event " + event.sequence() + " chains to " + event.previousSha256()
            + " but the event before it hashes to " + previous + "; an event was changed, removed or inserted");
      }
      events.add(new ChainedAudit(event.entry(), event.previousSha256(), sha256));
      previous = sha256;
      previousSequence = event.sequence();
    }
    return new Read(List.copyOf(events), List.copyOf(problems));
  }
}
