package io.lifeboat.worker;

import io.lifeboat.activities.files.FileSetTarget;
import io.lifeboat.activities.files.FileSetTargets;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.PostgresTarget;
import io.lifeboat.activities.postgres.PostgresTargets;
import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.TargetConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration's targets, as the activities of each kind see them. */
final class Targets {
  private Targets() {}

  static PostgresTargets postgres(Map<String, TargetConfig> configured) {
    Map<String, PostgresTarget> targets = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof PostgresTargetConfig pg) {
        targets.put(name, new PostgresTarget(name,
            new PostgresServer(pg.getHost(), pg.getPort(), pg.getUser(), pg.getPassword(), pg.getSslMode()),
            pg.getDatabase(), target.getRpo().toJavaDuration(), target.getRto().toJavaDuration()));
      }
    });
    return new PostgresTargets(targets);
  }

  static FileSetTargets files(Map<String, TargetConfig> configured) {
    Map<String, FileSetTarget> targets = new LinkedHashMap<>();
    configured.forEach((name, target) -> {
      if (target instanceof FilesTargetConfig files) {
        targets.put(name, new FileSetTarget(name, files.getPaths().stream().map(Path::of).toList(),
            List.copyOf(files.getExcludes()),
            Path.of(files.getScratchDirectory() == null ? System.getProperty("java.io.tmpdir") : files.getScratchDirectory()),
            target.getRpo().toJavaDuration(), target.getRto().toJavaDuration()));
      }
    });
    return new FileSetTargets(targets);
  }
}
