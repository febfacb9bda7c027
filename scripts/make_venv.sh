#!/usr/bin/env bash
# Creates the virtualenv that builds and serves the site (the Makefile's first step), or stops at
# once with ONE line that says what to install. Without these checks, an old Python fails only
# after pip has printed hundreds of lines, and a Debian or Ubuntu Python without its venv package
# leaves a half-made virtualenv behind.
# Usage: scripts/make_venv.sh [PYTHON] [VENV]     (defaults: python3 .venv)
# It runs only what it finds on PATH, so the tests can check it with stand-in executables.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
cd "$(dirname "$0")/.."

readonly MIN_MINOR=11  # Material for MkDocs 9.8 needs Python 3.11 or newer

fail() {
  echo "error: $*" >&2
  exit 1
}

# Sets major and minor from `$1 --version`, or stops.
read_version() {
  local version
  version=$("$1" --version 2>&1 || true)
  [[ $version =~ ^Python\ ([0-9]+)\.([0-9]+) ]] ||
    fail "$1 --version printed \"$version\", not a Python version: run make with PYTHON=/path/to/python3"
  major=${BASH_REMATCH[1]}
  minor=${BASH_REMATCH[2]}
}

too_old() { ((major != 3 || minor < MIN_MINOR)); }

if [ -x "$venv/bin/python" ]; then
  # An existing virtualenv is kept (pip below brings it up to date with requirements.txt), unless
  # an older Python made it.
  read_version "$venv/bin/python"
  ! too_old ||
    fail "$venv was made with Python $major.$minor, and the site needs Python 3.$MIN_MINOR or newer: remove $venv and run make again with PYTHON set to a newer Python"
else
  command -v "$python" >/dev/null 2>&1 ||
    fail "$python not found: install Python 3.$MIN_MINOR or newer (Debian/Ubuntu: sudo apt-get install python3 python3-venv; macOS: brew install python), or run make with PYTHON=/path/to/python3"
  read_version "$python"
  ! too_old ||
    fail "$python is Python $major.$minor; the site needs Python 3.$MIN_MINOR or newer: install one (Ubuntu 22.04: sudo apt-get install python3.$MIN_MINOR python3.$MIN_MINOR-venv; macOS: brew install python) and run make again with PYTHON set to it, e.g. make PYTHON=python3.$MIN_MINOR serve"

  new_folder=true
  [ ! -e "$venv" ] || new_folder=false
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    # venv leaves a virtualenv without pip behind when ensurepip is missing: remove what it made.
    [ "$new_folder" = false ] || rm -rf "$venv"
    fail "$python cannot create a virtualenv: on Debian/Ubuntu run sudo apt-get install python3.$minor-venv (the python3-venv package), then run make again"
  fi
fi

# requirements.txt is the lock file made from requirements.in (make lock): every package, the
# indirect ones too, at one version with its hashes. --require-hashes refuses anything else.
"$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
