#!/usr/bin/env bash
# Validates the Helm chart without a cluster: `helm lint`, then `helm template` in three settings
# (defaults; every option on; an existing config Secret without workers), each rendering checked by
# check-manifests.py (kinds, names, selectors that match their pods, the config Secret and keys
# mounted, probes on declared ports, non-root read-only containers, the shipped rules and dashboard).
#
# Not part of ./run-tests: the first run builds helm from source with `go install` (pinned; a few
# minutes, about 200 MB of Go modules), once per machine, into $LIFEBOAT_CACHE (default
# ~/.cache/lifeboat). Needs Go and python3 with PyYAML (Debian: apt-get install golang python3-yaml).
# The tests module's HelmChartTest runs this script when that helm is already there.
#
# Usage: deploy/helm/check.sh      prints one line per check and "helm chart check: pass" at the end
set -euo pipefail
cd "$(dirname "$0")"

helm_version=v4.3.2
cache="${LIFEBOAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lifeboat}"
helm="$cache/helm-$helm_version/helm"

if [ ! -x "$helm" ]; then
  command -v go >/dev/null 2>&1 || { echo "go is needed to install helm $helm_version: apt-get install golang, then run $0 again" >&2; exit 1; }
  echo "installing helm $helm_version with go install into $(dirname "$helm") (builds from source; minutes)" >&2
  GOBIN="$cache/helm-$helm_version.partial" GOFLAGS=-mod=mod go install "helm.sh/helm/v4/cmd/helm@$helm_version"
  rm -rf "$cache/helm-$helm_version" && mv "$cache/helm-$helm_version.partial" "$cache/helm-$helm_version"
fi
python3 -c 'import yaml' 2>/dev/null || { echo "python3 with PyYAML is needed: apt-get install python3-yaml" >&2; exit 1; }

echo "helm $helm_version: $("$helm" version --short 2>/dev/null)"
"$helm" lint --strict lifeboat 2>/dev/null
"$helm" lint --strict lifeboat --set serviceMonitor.enabled=true,prometheusRule.enabled=true,networkPolicy.enabled=true 2>/dev/null

render() { # NAME CHECKER-OPTIONS -- HELM-OPTIONS
  local name="$1"; shift
  local checks=()
  while [ "$1" != "--" ]; do checks+=("$1"); shift; done; shift
  "$helm" template lifeboat lifeboat --namespace backup "$@" 2>/dev/null \
    | python3 check-manifests.py --scenario "$name" "${checks[@]}"
}

render defaults \
  --kinds Deployment=2,Service=2,Secret=1,ServiceAccount=1,PodDisruptionBudget=2 \
  --config-secret lifeboat-config -- 
render everything-on \
  --kinds Deployment=2,Service=2,Secret=1,ServiceAccount=1,PodDisruptionBudget=2,ServiceMonitor=1,PrometheusRule=1,NetworkPolicy=2,ConfigMap=1 \
  --config-secret lifeboat-config --decryption-secret lifeboat-decryption --service-account-token -- \
  --set serviceMonitor.enabled=true,prometheusRule.enabled=true,networkPolicy.enabled=true,serviceAccount.automountToken=true \
  --set grafanaDashboard.enabled=true,keys.decryptionSecret=lifeboat-decryption
render existing-config-no-workers \
  --kinds Deployment=1,Service=1,ServiceAccount=1 --config-secret my-lifeboat-config -- \
  --set existingConfigSecret=my-lifeboat-config,worker.enabled=false,podDisruptionBudget.enabled=false
echo "helm chart check: pass"
