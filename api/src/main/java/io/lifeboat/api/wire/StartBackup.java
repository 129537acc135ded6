package io.lifeboat.api.wire;

/** Body of {@code POST /targets/{target}/backups}; {@code reason} is free text kept with the run. */
public record StartBackup(String reason) {}
