package io.lifeboat.activities.files;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The file-set targets declared in the configuration, by name. */
public final class FileSetTargets {
  private final Map<String, FileSetTarget> byName;

  public FileSetTargets(Map<String, FileSetTarget> byName) {
    this.byName = new TreeMap<>(byName);
  }

  public FileSetTarget get(String name) {
    return find(name).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("unknown target '" + name
        + "'; declared file-set targets: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
        + " — add it under 'targets:' with kind: files", FailureTypes.UNKNOWN_TARGET));
  }

  public Optional<FileSetTarget> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }
}
