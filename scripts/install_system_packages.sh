#!/usr/bin/env bash
# Installs the Debian packages the portal needs, only those missing: PostgreSQL, Redis,
# Chromium (for the browser tests), gettext (make messages) and the Python venv module.
set -euo pipefail
missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)  # the HTTP load test (bench/http_load.py)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)  # make messages (Spanish, locale/es)
python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
