package io.lifeboat.api.wire;

/** Why a run failed: the innermost application failure's message and its type (e.g. IntegrityFailure). */
public record RunFailure(String message, String type) {}
