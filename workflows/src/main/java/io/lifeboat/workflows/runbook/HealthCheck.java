package io.lifeboat.workflows.runbook;

import java.time.Duration;

/**
 * A check that a recovered component serves again, repeated every {@code every} until it passes
 * or {@code within} has passed.
 *
 * @param kind {@code http}, {@code tcp} or {@code sql}
 * @param target the URL, {@code host:port}, or JDBC URL
 * @param expectStatus http: the status expected
 * @param expectBody http: text the body must contain; null for any
 * @param query sql: a query returning one value, compared as text with {@code expect}
 * @param passwordEnv sql: name of the worker's environment variable holding the password, so no
 *     secret travels through workflow history
 */
public record HealthCheck(
    String kind,
    String target,
    int expectStatus,
    String expectBody,
    String query,
    String expect,
    String user,
    String passwordEnv,
    Duration within,
    Duration every) {}
