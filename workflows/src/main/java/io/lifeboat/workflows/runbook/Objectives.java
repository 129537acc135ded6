package io.lifeboat.workflows.runbook;

import java.time.Duration;

/** Recovery objectives a run is measured against; {@code rpo} is null when the runbook declares none. */
public record Objectives(Duration rto, Duration rpo) {}
