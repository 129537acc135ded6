package io.lifeboat.workflows.drill;

import io.lifeboat.workflows.runbook.Runbook;
import java.util.Map;

/**
 * What a drill will rehearse, read by the worker from the runbook library or the target's
 * configuration: the runbook (for a target, one made for it: fetch, checksum, restore, check),
 * the values of its parameters, and the kind of every target it restores.
 *
 * @param subject the runbook's name, or the target's
 * @param ofTarget true when the drill rehearses one target's restore rather than a runbook
 * @param parameters every parameter's value for the drill (supplied or default), before the
 *     drill's own mapping of production places
 * @param targetKinds target → its kind (postgres, redis, files, config...), for every target a
 *     restore step of the runbook names
 * @param waitForApprovals approval steps wait for people rather than being approved by the drill
 */
public record DrillPlan(
    String subject,
    boolean ofTarget,
    Runbook runbook,
    Map<String, String> parameters,
    Map<String, String> targetKinds,
    boolean waitForApprovals) {}
