package io.lifeboat.workflows.lock;

import java.time.Instant;
import java.util.List;

/**
 * What a lock check found.
 *
 * @param checked false when there was nothing to check, {@code why} says why
 * @param lockedUntil the earliest end of the objects' locks; null when not checked
 * @param problems objects without the lock they should have; empty when all are locked
 */
public record LockReport(boolean checked, String why, int objects, Instant lockedUntil, List<String> problems) {
  public static LockReport notChecked(String why) {
    return new LockReport(false, why, 0, null, List.of());
  }

  public String describe() {
    if (!checked) {
      return "not checked: " + why;
    }
    return problems.isEmpty() ? objects + " objects locked until at least " + lockedUntil
        : String.join("; ", problems);
  }
}
