package io.lifeboat.activities.postgres;

import java.time.Duration;

/** A declared PostgreSQL target: its server, its own database and its recovery objectives. */
public record PostgresTarget(String name, PostgresServer server, String database, Duration rpo, Duration rto) {}
