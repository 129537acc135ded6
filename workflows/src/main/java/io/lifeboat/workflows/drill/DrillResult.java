package io.lifeboat.workflows.drill;

/** A drill that passed: its report, and where it is kept. */
public record DrillResult(DrillReport report, String reportKey) {}
