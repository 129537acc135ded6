package io.lifeboat.api.wire;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/runbooks/{name}/runs}.
 *
 * @param params values of the runbook's parameters; defaults fill the rest
 * @param key makes the start idempotent: a second start with the same key while the first run
 *     is going is refused (409) and names it. Letters, digits, '.', '_', '-', ':'; absent: a new run
 */
public record StartRunbook(Map<String, String> params, String key) {}
