package io.lifeboat.api.wire;

/**
 * What a run made of a signal.
 *
 * @param accepted true when the run acted on it; false when it refused it (see {@code note});
 *     null when the run had not answered yet (it will; {@code GET} the run to see)
 */
public record SignalOutcome(String runId, String signal, String by, Boolean accepted, String note) {}
