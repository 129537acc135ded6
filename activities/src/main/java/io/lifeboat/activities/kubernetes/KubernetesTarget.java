package io.lifeboat.activities.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code kind: kubernetes} target as its source sees it.
 *
 * @param namespaces exported whole; empty: wherever {@code labelSelector} matches
 * @param labelSelector only objects with these labels; null: every object
 * @param resources the resource kinds exported, in restore order ({@link ResourceKinds})
 * @param scratchDirectory where restores keep the fetched backup and what they replaced
 */
public record KubernetesTarget(String name, KubernetesConnection connection, List<String> namespaces,
    String labelSelector, boolean helmReleases, boolean clusterResources, List<String> resources,
    Path scratchDirectory, Duration rpo, Duration rto) {}
