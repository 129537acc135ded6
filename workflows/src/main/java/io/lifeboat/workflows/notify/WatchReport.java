package io.lifeboat.workflows.notify;

import java.util.List;

/**
 * What one watch saw.
 *
 * @param hostQueues the worker hosts' queues whose disks were checked
 * @param findings one line per disk and per lagging copy location
 * @param failures checks that could not be done (a host gone between the listing and its check), one line each
 */
public record WatchReport(List<String> hostQueues, List<String> findings, List<String> failures) {}
