#!/bin/sh
# The `lifeboat` namespace (temporal.namespace in lifeboat.yml) and the search attributes Lifeboat's
# runs set (io.lifeboat.workflows.common.RunAttributes), so the web UI can filter by them. Lifeboat
# also adds missing ones itself at start-up; doing it here keeps a fresh stack's first run from
# waiting on it. Safe to run at every `up`.
set -eu
ns=lifeboat
temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1 \
  || temporal operator namespace create --namespace "$ns" --retention 30d
# A new namespace reaches the server's namespace cache some seconds after it is created.
tries=0
until existing="$(temporal operator search-attribute list --namespace "$ns" 2>&1)"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "namespace $ns is still not usable after 2 minutes: $existing" >&2
    exit 1
  fi
  sleep 2
done
for name in LifeboatTarget LifeboatKind LifeboatRunType LifeboatBackupId LifeboatOutcome LifeboatRequestedBy LifeboatRunbook; do
  echo "$existing" | grep -qw "$name" \
    || temporal operator search-attribute create --namespace "$ns" --name "$name" --type Keyword
done
echo "namespace $ns is ready"
