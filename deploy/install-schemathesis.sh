#!/usr/bin/env bash
# Installs schemathesis, which the API fuzz test (api/.../ApiFuzzTest) points at the API's OpenAPI
# description, pinned with all its dependencies by deploy/schemathesis/requirements.txt, in a
# Python virtual environment.
#
# Installed once per machine, outside any clone, into $LIFEBOAT_CACHE/schemathesis (default
# ~/.cache/lifeboat), like the Temporal CLI and playwright-core. When the requirements there already
# equal ours it does nothing. Without python3's venv module it prints one line and exits 0: only
# the fuzz test needs it, and that test then fails naming this script.
set -euo pipefail

cache="${LIFEBOAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lifeboat}"
dir="$cache/schemathesis"
pinned="$(dirname "$0")/schemathesis/requirements.txt"

if cmp -s "$pinned" "$dir/requirements.txt" && [ -x "$dir/bin/schemathesis" ]; then
  exit 0
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "note: python3 with its venv module not found, so schemathesis (for the API fuzz test) is not installed; install python3-venv and run $0 again." >&2
  exit 0
fi
echo "installing schemathesis (pinned in $pinned) into $dir" >&2
rm -rf "$dir"
mkdir -p "$cache"
python3 -m venv "$dir"
"$dir/bin/pip" install --quiet --disable-pip-version-check --no-input --only-binary=:all: -r "$pinned"
cp "$pinned" "$dir/requirements.txt"
