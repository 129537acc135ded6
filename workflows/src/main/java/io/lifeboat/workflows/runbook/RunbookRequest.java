package io.lifeboat.workflows.runbook;

import java.util.Map;

/**
 * Start a runbook.
 *
 * @param parameters values for the runbook's parameters; defaults fill the rest
 * @param startedBy the principal who started the run; four-eyes: they cannot approve it
 */
public record RunbookRequest(Runbook runbook, Map<String, String> parameters, String startedBy) {}
