package io.lifeboat.api.wire;

/** Body of {@code POST /archive-checks}: list a {@code postgres-cluster} target's WAL archive and find gaps. */
public record StartArchiveCheck(String target) {}
