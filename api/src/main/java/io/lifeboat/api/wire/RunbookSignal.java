package io.lifeboat.api.wire;

/**
 * Body of {@code POST .../signals/{approve|reject|retry|skip|abort}}.
 *
 * @param reason why, for the run's record and the audit trail; required
 * @param step the waiting step it answers; needed only when several steps wait
 */
public record RunbookSignal(String reason, String step) {}
