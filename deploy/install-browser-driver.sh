#!/usr/bin/env bash
# Installs playwright-core, the library the web UI test (tests/src/test/js/web-ui-run.mjs) drives
# Debian's chromium with, pinned by deploy/browser-driver/package-lock.json (version and
# integrity hash), with `npm ci`.
#
# Installed once per machine, outside any clone, into $LIFEBOAT_CACHE/node (default
# ~/.cache/lifeboat), like the Temporal CLI. When the lockfile there already equals ours it does
# nothing. Without npm it prints one line and exits 0: only the web UI test needs it, and that
# test then fails naming this script.
set -euo pipefail

cache="${LIFEBOAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lifeboat}"
dir="$cache/node"
pinned="$(dirname "$0")/browser-driver"

if cmp -s "$pinned/package-lock.json" "$dir/package-lock.json" && [ -d "$dir/node_modules/playwright-core" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "note: npm not found, so playwright-core (for the web UI test) is not installed; install Node.js 20+ and run $0 again." >&2
  exit 0
fi
echo "installing playwright-core (pinned in $pinned/package-lock.json) into $dir" >&2
mkdir -p "$dir"
cp "$pinned/package.json" "$pinned/package-lock.json" "$dir/"
# --ignore-scripts: nothing runs at install (playwright-core has no install scripts; this keeps it so).
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
