#!/usr/bin/env python3
"""Checks the manifests `helm template` rendered from the Lifeboat chart (read from stdin).

Every document must parse; the kinds and their counts must be the expected ones; every Service,
PodDisruptionBudget, NetworkPolicy and ServiceMonitor must select pods (or Services) the chart
makes; every Lifeboat container must run as non-root on a read-only root file system with /tmp and
the state directory writable, mount the config Secret and the key Secrets, and probe ports it
declares; the configuration's ports must be the ones the pods declare, and it names a decryption
key exactly where one is mounted (Lifeboat loads it at start-up); the PrometheusRule and the
dashboard must be the shipped files. One line per failure, exit 1; "ok" with a summary otherwise.
"""
import argparse
import json
import pathlib
import sys

import yaml

DEPLOY = pathlib.Path(__file__).resolve().parent.parent
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--kinds", required=True, help="Kind=count,... expected exactly")
    parser.add_argument("--config-secret", required=True)
    parser.add_argument("--decryption-secret")
    parser.add_argument("--service-account-token", action="store_true",
                        help="the token is mounted (serviceAccount.automountToken, for kubernetes targets)")
    args = parser.parse_args()

    docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
    kinds = {}
    for d in docs:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    expected = {k: int(v) for k, v in (p.split("=") for p in args.kinds.split(","))}
    check(kinds == expected, f"kinds {kinds}, expected {expected}")

    by_kind = lambda kind: [d for d in docs if d["kind"] == kind]
    for d in docs:
        name = d["metadata"]["name"]
        check(len(name) <= 63 and name.startswith("lifeboat"), f"{d['kind']} {name}: name not lifeboat-* of at most 63")
        check(d["metadata"].get("labels", {}).get("app.kubernetes.io/name") == "lifeboat",
              f"{d['kind']} {name}: no app.kubernetes.io/name label")

    pods = {}  # deployment name -> (pod labels, container)
    for dep in by_kind("Deployment"):
        name = dep["metadata"]["name"]
        spec = dep["spec"]["template"]["spec"]
        labels = dep["spec"]["template"]["metadata"]["labels"]
        check(matches(dep["spec"]["selector"]["matchLabels"], labels), f"{name}: selector does not match its pods")
        check(spec["securityContext"].get("runAsNonRoot") is True, f"{name}: pod not runAsNonRoot")
        check(spec["securityContext"].get("runAsUser") == 10001, f"{name}: pod not running as uid 10001")
        check(spec.get("automountServiceAccountToken") is args.service_account_token,
              f"{name}: automountServiceAccountToken is {spec.get('automountServiceAccountToken')}")
        (container,) = spec["containers"]
        pods[name] = (labels, container)
        sc = container["securityContext"]
        check(sc.get("readOnlyRootFilesystem") is True, f"{name}: root file system writable")
        check(sc.get("allowPrivilegeEscalation") is False, f"{name}: privilege escalation allowed")
        check(sc.get("capabilities", {}).get("drop") == ["ALL"], f"{name}: capabilities not all dropped")
        check(container["image"].startswith("lifeboat:"), f"{name}: image {container['image']}")
        component = labels["app.kubernetes.io/component"]
        check(container["args"] == [component, "/etc/lifeboat/lifeboat.yml"], f"{name}: args {container['args']}")
        volumes = {v["name"]: v for v in spec["volumes"]}
        mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
        config = mounts.get("/etc/lifeboat/lifeboat.yml")
        if check(config is not None, f"{name}: no /etc/lifeboat/lifeboat.yml mounted"):
            check(volumes[config["name"]]["secret"]["secretName"] == args.config_secret,
                  f"{name}: config from {volumes[config['name']]}, expected Secret {args.config_secret}")
        for path, secret in [("/etc/lifeboat/keys/recipients", "lifeboat-recipients"),
                             ("/etc/lifeboat/keys/signing", "lifeboat-signing"),
                             ("/etc/lifeboat/keys/decryption", args.decryption_secret)]:
            mount = mounts.get(path)
            if secret is None:
                check(mount is None, f"{name}: {path} mounted though no decryption key is configured")
            elif check(mount is not None and mount.get("readOnly"), f"{name}: {path} not mounted read-only"):
                check(volumes[mount["name"]].get("secret", {}).get("secretName") == secret,
                      f"{name}: {path} is not Secret {secret}")
        for path in ["/tmp", "/var/lib/lifeboat"]:
            mount = mounts.get(path)
            if check(mount is not None, f"{name}: {path} not mounted"):
                check("emptyDir" in volumes[mount["name"]], f"{name}: {path} is not an emptyDir")
        env = {e["name"]: e.get("value") for e in container.get("env", [])}
        check(env.get("LIFEBOAT_HOME") == "/var/lib/lifeboat", f"{name}: LIFEBOAT_HOME not the state directory")
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        probes = ["startupProbe", "livenessProbe"] + (["readinessProbe"] if component == "server" else [])
        for probe in probes:
            get = container.get(probe, {}).get("httpGet")
            if check(get is not None, f"{name}: no {probe}"):
                check(get["port"] in ports, f"{name}: {probe} on undeclared port {get['port']}")
        if component == "server":
            check(container["readinessProbe"]["httpGet"]["path"] == "/healthcheck", f"{name}: readiness not /healthcheck")
            check(set(ports) == {"http", "admin"}, f"{name}: ports {ports}")
        else:
            check(set(ports) == {"metrics"}, f"{name}: ports {ports}")

    def selected(selector):
        return [n for n, (labels, _) in pods.items() if matches(selector, labels)]

    for svc in by_kind("Service"):
        name = svc["metadata"]["name"]
        hits = selected(svc["spec"]["selector"])
        if check(len(hits) == 1, f"Service {name} selects {hits}"):
            declared = {p["name"] for p in pods[hits[0]][1]["ports"]}
            for port in svc["spec"]["ports"]:
                check(port["targetPort"] in declared, f"Service {name}: targetPort {port['targetPort']} not on the pod")
    for pdb in by_kind("PodDisruptionBudget"):
        check(len(selected(pdb["spec"]["selector"]["matchLabels"])) == 1, f"PDB {pdb['metadata']['name']} selects no Deployment")
    for policy in by_kind("NetworkPolicy"):
        check(len(selected(policy["spec"]["podSelector"]["matchLabels"])) == 1,
              f"NetworkPolicy {policy['metadata']['name']} selects no Deployment")
    for monitor in by_kind("ServiceMonitor"):
        services = [s for s in by_kind("Service") if matches(monitor["spec"]["selector"]["matchLabels"], s["metadata"]["labels"])]
        service_ports = {p["name"] for s in services for p in s["spec"]["ports"]}
        for endpoint in monitor["spec"]["endpoints"]:
            check(endpoint["port"] in service_ports, f"ServiceMonitor: port {endpoint['port']} on no selected Service")
            check(endpoint["path"] == "/metrics", f"ServiceMonitor: path {endpoint['path']}")
            jobs = [r.get("replacement") for r in endpoint.get("relabelings", []) if r.get("targetLabel") == "job"]
            check(len(jobs) == 1 and jobs[0].startswith("lifeboat"), f"ServiceMonitor: job of {endpoint['port']} is {jobs}")

    for secret in by_kind("Secret"):
        check(secret["metadata"]["name"] == args.config_secret, f"Secret {secret['metadata']['name']} is not the config")
        config = yaml.safe_load(secret["stringData"]["lifeboat.yml"])
        for connectors, port in [("applicationConnectors", "http"), ("adminConnectors", "admin")]:
            for pod, (labels, container) in pods.items():
                declared = {p["name"]: p["containerPort"] for p in container["ports"]}
                if port in declared:
                    check(config["server"][connectors][0]["port"] == declared[port],
                          f"config server.{connectors} port is not {pod}'s {port} port")
        for pod, (labels, container) in pods.items():
            declared = {p["name"]: p["containerPort"] for p in container["ports"]}
            if "metrics" in declared:
                check(config["worker"]["metricsAddress"] == f"0.0.0.0:{declared['metrics']}",
                      f"config worker.metricsAddress is not 0.0.0.0:{declared['metrics']}")
        key = config.get("encryption", {}).get("decryptionKey")
        if args.decryption_secret:
            check(key is not None and key.get("file", "").startswith("/etc/lifeboat/keys/decryption/"),
                  f"config decryptionKey {key} is not the mounted decryption key")
        else:
            check(key is None, "config has a decryptionKey though none is mounted: Lifeboat would not start")
    for rule in by_kind("PrometheusRule"):
        shipped = yaml.safe_load((DEPLOY / "prometheus" / "lifeboat-rules.yml").read_text())
        check(rule["spec"] == shipped, "PrometheusRule spec is not deploy/prometheus/lifeboat-rules.yml")
    for dashboard in by_kind("ConfigMap"):
        shipped = json.loads((DEPLOY / "grafana" / "lifeboat-dashboard.json").read_text())
        check(json.loads(dashboard["data"]["lifeboat-dashboard.json"]) == shipped,
              "dashboard ConfigMap is not deploy/grafana/lifeboat-dashboard.json")

    if failures:
        for failure in failures:
            print(f"{args.scenario}: FAIL {failure}")
        sys.exit(1)
    print(f"{args.scenario}: ok, {len(docs)} manifests ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")


if __name__ == "__main__":
    main()
