#!/usr/bin/env bash
# Installs moto's server (moto_server), a local implementation of AWS KMS and Secrets Manager that
# the secret store tests (core/.../secrets/AwsSecretStoresTest, tests/.../KeyRotationEndToEndTest)
# start on a free port, pinned with all its dependencies by deploy/moto/requirements.txt, in a
# Python virtual environment.
#
# Installed once per machine, outside any clone, into $LIFEBOAT_CACHE/moto (default
# ~/.cache/lifeboat), like schemathesis. When the requirements there already equal ours it does
# nothing. Without python3's venv module it prints one line and exits 0: only those tests need it,
# and they then fail naming this script.
set -euo pipefail

cache="${LIFEBOAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lifeboat}"
dir="$cache/moto"
pinned="$(dirname "$0")/moto/requirements.txt"

if cmp -s "$pinned" "$dir/requirements.txt" && [ -x "$dir/bin/moto_server" ]; then
  exit 0
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "note: python3 with its venv module not found, so moto (for the secret store tests) is not installed; install python3-venv and run $0 again." >&2
  exit 0
fi
echo "installing moto (pinned in $pinned) into $dir" >&2
rm -rf "$dir"
mkdir -p "$cache"
python3 -m venv "$dir"
"$dir/bin/pip" install --quiet --disable-pip-version-check --no-input --only-binary=:all: -r "$pinned"
cp "$pinned" "$dir/requirements.txt"
