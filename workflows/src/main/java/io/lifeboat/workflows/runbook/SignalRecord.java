package io.lifeboat.workflows.runbook;

import java.time.Instant;

/** A signal the run received, and whether it acted on it; refused signals say why. */
public record SignalRecord(String signal, Decision decision, Instant at, boolean accepted, String note) {}
