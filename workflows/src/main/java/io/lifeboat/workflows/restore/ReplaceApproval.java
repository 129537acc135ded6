package io.lifeboat.workflows.restore;

import java.time.Duration;

/**
 * What a target asks of a restore that replaces the data it holds: a second person's approval
 * (four-eyes), within {@code window}, or none ({@code replaceApproval: none} in its configuration).
 */
public record ReplaceApproval(boolean required, Duration window) {}
