package io.lifeboat.workflows.runbook;

import java.time.Duration;

/**
 * One step of a runbook.
 *
 * @param timeout how long one attempt may take (for {@code approve}: how long to wait for a person)
 * @param retries further attempts after a failed one, before {@code onFailure} applies
 */
public record Step(
    String name, StepType type, StepArguments with, Duration timeout, int retries, OnFailure onFailure) {}
