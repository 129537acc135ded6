package io.lifeboat.api.wire;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/drills}: rehearse a runbook, or one target's restore, in a scratch
 * environment. Exactly one of {@code runbook} and {@code target}.
 *
 * @param parameters the runbook's parameters (defaults fill the rest); a target's drill takes none
 * @param keep leave the scratch environment running afterwards for inspection
 * @param waitForApprovals approval steps wait for people; absent: the configuration's
 *     {@code drills.approvals}
 */
public record StartDrill(String runbook, String target, Map<String, String> parameters, String reason, boolean keep,
    Boolean waitForApprovals) {}
