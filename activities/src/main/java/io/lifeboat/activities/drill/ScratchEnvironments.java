package io.lifeboat.activities.drill;

import java.nio.file.Path;

/** Placeholder so that {@code lifeboat drill teardown} compiles; replaced by the real class on merge. */
public final class ScratchEnvironments {
  public ScratchEnvironments(Path root, Path postgresBinaries, String osUser) {}

  public String tearDown(String drillId) {
    throw new UnsupportedOperationException("scratch environments are not built in yet");
  }
}
