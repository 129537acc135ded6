package io.lifeboat.workflows.common;

import java.util.List;

/** Live state of a run: what it is doing now and every step so far. */
public record RunProgress(String runType, String status, List<StepState> steps) {}
