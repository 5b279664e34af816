#!/usr/bin/env bash
# Runs irctest (progval/irctest, the IRC server conformance suite) against Piazza's IRC door:
# irctest's external_server controller with its standard marker filter, a fresh server for each
# test (memory store, a temporary data directory, --irc-port on a free port; see
# tests/irctest/piazza_server.py), minus the tests listed in tests/irctest-deselect.txt (features
# Piazza deliberately lacks, each with its reason). It prints, as its last line,
#   irctest: N passed, N failed, N skipped, N deselected
# where "deselected" counts the tests of that list (the marker filter's are not counted).
# Arguments, if any, are what pytest runs instead (a file, or a test id, to run a part).
# It exits non-zero when a test failed or none ran. Needs a built server (scripts/test.sh builds
# it) and python3-pytest; the irctest tree is taken from $IRCTEST_DIR (default: tests/irctest/suite,
# irctest (MIT) at the commit in its SOURCE_COMMIT, with the two local changes its RUNNING-HERE.md lists).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
configuration=${CONFIGURATION:-Release}
irctest=${IRCTEST_DIR:-$root/tests/irctest/suite}
server="$root/src/Piazza.Server/bin/$configuration/net10.0/Piazza.Server"
deselect_file="$root/tests/irctest-deselect.txt"

log() { printf '[irctest.sh] %s\n' "$*" >&2; }

# Debian's python3, which has Debian's pytest (apt: python3-pytest python3-pytest-xdist ...).
python=${PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=python3

if [ ! -d "$irctest/irctest/server_tests" ]; then
  log "no irctest tree at $irctest (set IRCTEST_DIR)"
  echo "irctest: 0 passed, 1 failed, 0 skipped, 0 deselected"
  exit 1
fi
if ! "$python" -c 'import pytest' 2>/dev/null; then
  log "$python has no pytest: apt-get install python3-pytest python3-pytest-xdist python3-filelock python3-ecdsa python3-websockets"
  echo "irctest: 0 passed, 1 failed, 0 skipped, 0 deselected"
  exit 1
fi
if [ ! -x "$server" ]; then
  log "no server at $server: build src/Piazza.Server first"
  echo "irctest: 0 passed, 1 failed, 0 skipped, 0 deselected"
  exit 1
fi

work=$(mktemp -d)
logs="$work/server-logs"
mkdir -p "$logs"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# A copy of the tree, so that pytest's caches and bytecode never write into the shared one.
cp -r "$irctest/." "$work/"
cd "$work"
output="$work/pytest.out"
# Without arguments pytest collects what irctest's pytest.ini names (the server tests and
# irctest's own self-tests: 465 with the marker filter), as the reference figures were counted.
targets=("$@")
markers='not services and not implementation-specific and not deprecated and not strict'
# How many tests the marker filter alone leaves out, so that the list's own count can be told.
marker_deselected=$(IRCTEST_SERVER_HOSTNAME=127.0.0.1 IRCTEST_SERVER_PORT=1 "$python" -m pytest -p no:cacheprovider \
  --collect-only -q --controller irctest.controllers.external_server -m "$markers" ${targets[@]+"${targets[@]}"} 2>/dev/null \
  | grep -oE '\(([0-9]+) deselected\)' | grep -oE '[0-9]+' || echo 0)
# Each test gets a fresh server (tests/irctest/piazza_server.py); irctest opens many connections
# and sends bursts, so flood control is raised to keep seconds from turning into minutes (the
# door's flood control is the NDJSON door's code, tested there).
PIAZZA_SERVER="$server" PIAZZA_SERVER_LOGS="$logs" PIAZZA_DESELECT="$deselect_file" \
PIAZZA_SERVER_ARGS="--irc-server-name My.Little.Server --rate-burst 1000 --rate-per-second 1000 --log-level Warning" \
IRCTEST_SERVER_HOSTNAME=127.0.0.1 IRCTEST_SERVER_PORT=1 PYTHONPATH="$root/tests/irctest" PYTHONDONTWRITEBYTECODE=1 \
  timeout 900 "$python" -m pytest -p no:cacheprovider -p piazza_server -q -rf \
  --controller irctest.controllers.external_server \
  -m "$markers" \
  ${targets[@]+"${targets[@]}"} 2>&1 | tee "$output" >&2
summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed|skipped|deselected)' "$output" | tail -n 1)
count() { printf '%s' "$summary" | grep -oE "[0-9]+ $1" | grep -oE '[0-9]+' || echo 0; }
passed=$(count passed); failed=$(count failed); skipped=$(count skipped); deselected=$(count deselected)
errors=$(count error)
deselected=$((deselected - marker_deselected))
failed=$((failed + errors))
if [ -z "$summary" ]; then
  log "pytest printed no summary: counted as one failure"
  failed=$((failed + 1))
fi
if grep -lE 'Unhandled exception|failed unexpectedly' "$logs"/*.log >/dev/null 2>&1; then
  log "a server logged an unexpected failure:"
  grep -hE -A5 'Unhandled exception|failed unexpectedly' "$logs"/*.log | head -n 40 >&2
  failed=$((failed + 1))
fi
echo "irctest: $passed passed, $failed failed, $skipped skipped, $deselected deselected"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
