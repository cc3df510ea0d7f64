#!/usr/bin/env bash
# Set up everything moatscan needs on a Debian machine: Debian's Chromium (Playwright drives it;
# it cannot download a browser of its own here), a virtual environment in .venv, and the
# project installed into it with pinned versions (requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ "${MOATSCAN_WITH_REDIS:-0}" = 1 ] && ! command -v redis-server >/dev/null 2>&1; then
  need_apt+=(redis-server)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install ${need_apt[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

stamp=.venv/.moatscan-installed
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  echo "setup: installing moatscan and its pinned dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.txt -e '.[test]'
  touch "$stamp"
fi
echo "setup: ready ($(.venv/bin/moatscan --version), $(chromium --version 2>/dev/null | head -1))"
