#!/usr/bin/env bash
# Runs irctest (progval/irctest, the IRC server conformance suite) against Piazza's IRC door:
# starts a server (memory store, a temporary data directory, --irc-port on a free port), runs
# irctest's external_server controller with its standard marker filter, minus the tests listed
# in tests/irctest-deselect.txt (features Piazza deliberately lacks, each with its reason), and
# prints, as its last line,
#   irctest: N passed, N failed, N skipped, N deselected
# It exits non-zero when a test failed or none ran. Needs a built server (scripts/test.sh builds
# it) and python3-pytest; the irctest tree is taken from $IRCTEST_DIR (default: ../shared/tools/irctest).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
configuration=${CONFIGURATION:-Release}
irctest=${IRCTEST_DIR:-$root/../shared/tools/irctest}
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
if [ ! -x "$server" ]; then
  log "no server at $server: build src/Piazza.Server first"
  echo "irctest: 0 passed, 1 failed, 0 skipped, 0 deselected"
  exit 1
fi

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
irc_port=$(free_port)
data=$(mktemp -d)
work=$(mktemp -d)
server_log="$data/server.log"

# irctest opens many connections and sends bursts: flood control is raised so that it does not
# turn seconds into minutes (the door's flood control is the same code as the NDJSON door's,
# tested there).
"$server" --port "$port" --irc-port "$irc_port" --irc-server-name My.Little.Server --store memory --data-dir "$data" \
  --rate-burst 1000 --rate-per-second 1000 --log-level Warning >"$server_log" 2>&1 &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  rm -rf "$data" "$work"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  if "$python" -c "import socket,sys; socket.create_connection(('127.0.0.1',$irc_port),1)" 2>/dev/null; then
    break
  fi
  sleep 0.2
done

# A copy of the tree, so that pytest's caches and bytecode never write into the shared one.
cp -r "$irctest/." "$work/"
deselect=()
if [ -f "$deselect_file" ]; then
  while IFS= read -r line; do
    test_id=${line%%#*}
    test_id=$(printf '%s' "$test_id" | tr -d '[:space:]')
    [ -n "$test_id" ] && deselect+=(--deselect "$test_id")
  done <"$deselect_file"
fi

cd "$work"
output="$work/pytest.out"
IRCTEST_SERVER_HOSTNAME=127.0.0.1 IRCTEST_SERVER_PORT=$irc_port \
  timeout 600 "$python" -m pytest -p no:cacheprovider -q -rf \
  --controller irctest.controllers.external_server \
  -m 'not services and not implementation-specific and not deprecated and not strict' \
  "${deselect[@]}" irctest/server_tests/ "$@" 2>&1 | tee "$output" >&2
summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed|skipped|deselected)' "$output" | tail -n 1)
count() { printf '%s' "$summary" | grep -oE "[0-9]+ $1" | grep -oE '[0-9]+' || echo 0; }
passed=$(count passed); failed=$(count failed); skipped=$(count skipped); deselected=$(count deselected)
errors=$(count error)
failed=$((failed + errors))
if [ -z "$summary" ]; then
  log "pytest printed no summary: counted as one failure"
  failed=$((failed + 1))
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
  log "the server died during the run:"
  tail -n 20 "$server_log" >&2
  failed=$((failed + 1))
fi
echo "irctest: $passed passed, $failed failed, $skipped skipped, $deselected deselected"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
