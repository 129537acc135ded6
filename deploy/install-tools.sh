#!/usr/bin/env bash
# Installs the command-line tools Lifeboat and its tests drive: the PostgreSQL 15 client tools
# (pg_dump, pg_restore, psql), zstd and gpg (break-glass restores), haproxy, redis-server, etcd and etcdctl, the
# Temporal dev server (deploy/install-temporal.sh), and chromium with playwright-core
# (deploy/install-browser-driver.sh) for the test that reads a run in the Temporal web UI, and
# schemathesis (deploy/install-schemathesis.sh) for the test that fuzzes the API, and moto's server
# (deploy/install-moto.sh) for the tests of keys in AWS KMS and Secrets Manager.
# As root on Debian/Ubuntu it installs what is missing with apt-get; otherwise it names what is
# missing and how to install it, and fails. With --bench it also installs the baselines the
# benchmarks compare against (restic); the tests never need them.
set -euo pipefail

declare -A package_of=(
  [pg_dump]=postgresql-client-15
  [pg_restore]=postgresql-client-15
  [psql]=postgresql-client-15
  [zstd]=zstd
  [gpg]=gnupg
  [haproxy]=haproxy
  [redis-server]=redis-server
  [redis-cli]=redis-tools
  [curl]=curl
  # the web UI test drives Debian's build (Playwright's own browser downloads are not needed)
  [chromium]=chromium
  # postgres-cluster targets: recoveries run the server binaries; the tests run initdb and pgbench
  [/usr/lib/postgresql/15/bin/initdb]=postgresql-15
  [/usr/lib/postgresql/15/bin/pgbench]=postgresql-15
  [python3]=python3
  # the systemd units test checks them with systemd-analyze verify and security
  [systemd-analyze]=systemd
  # the metrics test scrapes Lifeboat with a real Prometheus server; promtool checks the alert rules
  [prometheus]=prometheus=2.42.0+ds-5+deb12u1
  [promtool]=prometheus=2.42.0+ds-5+deb12u1
  # the notification test posts alerts to a real Alertmanager
  [prometheus-alertmanager]=prometheus-alertmanager=0.25.0-1+b4
  # etcd targets: snapshot status/restore (etcdctl); the tests and test restores start etcd
  [etcd]=etcd-server=3.4.23-4+b4
  [etcdctl]=etcd-client=3.4.23-4+b4
  # the etcd TLS test makes its CA and certificates with openssl
  [openssl]=openssl
)

if [ "${1:-}" = "--bench" ]; then
  package_of[restic]=restic
  package_of[pgbackrest]=pgbackrest
fi

missing=()
for tool in "${!package_of[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package_of[$tool]}")
done
# The dump tools must be major version 15 (the embedded PostgreSQL's version) or newer.
if command -v pg_dump >/dev/null 2>&1; then
  major=$(pg_dump --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
  if [ "$major" -lt 15 ]; then missing+=(postgresql-client-15); fi
fi
# schemathesis lives in a virtual environment: Debian ships python3's venv module apart
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')
"$(dirname "$0")/install-temporal.sh"
"$(dirname "$0")/install-browser-driver.sh"
if [ ${#missing[@]} -eq 0 ]; then
  "$(dirname "$0")/install-moto.sh"
  exec "$(dirname "$0")/install-schemathesis.sh"
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts haproxy and redis on install; tests start private ones on free ports.
  # Its etcd service would hold 2379 with an empty cluster: nothing should answer there.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled --quiet etcd 2>/dev/null; then
    systemctl disable --now etcd >/dev/null 2>&1 || true
  fi
  "$(dirname "$0")/install-moto.sh"
  exec "$(dirname "$0")/install-schemathesis.sh"
fi
echo "error: missing tools: ${missing[*]}" >&2
echo "hint: install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) or run this script as root" >&2
exit 1
