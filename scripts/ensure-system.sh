#!/usr/bin/env bash
# Installs and starts what the test suite needs outside Python, idempotently:
#  - Debian's chromium (browser tests drive it through Playwright; no browser download)
#  - npm (axe-core for the accessibility checks is an npm package)
#  - a running PostgreSQL on 127.0.0.1:5432 with the `test` database (trust auth)
# Runs as root (CI, this project's machines) or through sudo when available.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-system: not root and no sudo; skipping system packages" >&2; exit 0; fi
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
# npm: the accessibility tests install axe-core from the npm registry into their work folder
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# fonts so that screenshots show text
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "ensure-system: installing ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "ensure-system: starting PostgreSQL" >&2
  ver=$(ls /etc/postgresql | sort -V | tail -n 1)
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if pg_isready -q -h 127.0.0.1 -p 5432; then
  # the test suite connects as postgres to database `test` with trust auth over TCP
  if ! psql -h 127.0.0.1 -U postgres -d test -Atc 'select 1' >/dev/null 2>&1; then
    $SUDO -u postgres psql -qc "CREATE DATABASE test" >/dev/null 2>&1 || true
  fi
  psql -h 127.0.0.1 -U postgres -d test -Atc 'select 1' >/dev/null
  echo "ensure-system: PostgreSQL ready" >&2
else
  echo "ensure-system: PostgreSQL is not running on 127.0.0.1:5432" >&2
  exit 1
fi
