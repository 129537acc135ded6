package io.lifeboat.workflows.runbook;

import java.util.List;

/**
 * Which services to control and how.
 *
 * @param provider {@code systemd}, {@code command}, {@code http} or {@code kubernetes} (services are
 *     {@code namespace/deployment})
 * @param start for {@code command} a shell command, for {@code http} a URL to POST to; {@code {service}}
 *     stands for each service name. Unused by {@code systemd}. Likewise {@code stop} and {@code status}.
 */
public record ServiceControl(String provider, List<String> services, String start, String stop, String status) {}
