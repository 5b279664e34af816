#!/usr/bin/env bash
# The one test command: installs what the tests need (on a fresh machine, as root), builds the
# solution, runs every test project and prints, as its last line,
#   tests: N passed, N failed, N skipped
# It exits non-zero if any test failed, a test run crashed, or no test ran.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
configuration=${CONFIGURATION:-Release}
results="$root/TestResults"

log() { printf '[test.sh] %s\n' "$*" >&2; }

install_prerequisites() {
  # What the tests use beyond the .NET SDK: Chromium for the GUI's end-to-end tests, Xvfb to
  # open a real app window, iproute2/iptables for network-namespace fault tests, procps for ps,
  # util-linux (unshare) and mount for the full-filesystem store test's tmpfs in a mount namespace,
  # openssl for the TLS tests.
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb xauth)
  command -v ip >/dev/null 2>&1 || need+=(iproute2)
  command -v iptables >/dev/null 2>&1 || need+=(iptables)
  command -v ps >/dev/null 2>&1 || need+=(procps)
  command -v unshare >/dev/null 2>&1 || need+=(util-linux)
  command -v mount >/dev/null 2>&1 || need+=(mount)
  # openssl: the TLS tests run Debian's own client (s_client) against the server.
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  # systemd: systemd-analyze verifies deploy/piazza.service (installing the package starts nothing in a container).
  command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
  # redis-server: the Redis store's tests start their own servers on free ports.
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  # haproxy: docs/scaling.md's load balancer configuration is checked (haproxy -c) and run in front of two nodes.
  command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
  # tzdata: a protocol test reads timestamps under a local time zone other than UTC.
  [ -e /usr/share/zoneinfo/Asia/Tokyo ] || need+=(tzdata)
  # irssi and WeeChat run headless in tmux against the IRC door (tests/Piazza.IrcClients.Tests);
  # ngIRCd is the reference server that checks the harness itself.
  command -v irssi >/dev/null 2>&1 || need+=(irssi)
  command -v weechat >/dev/null 2>&1 || need+=(weechat-curses)
  command -v tmux >/dev/null 2>&1 || need+=(tmux)
  [ -x /usr/sbin/ngircd ] || need+=(ngircd)
  fc-list 2>/dev/null | grep -i 'noto color emoji' >/dev/null || need+=(fonts-noto-color-emoji)
  fc-list 2>/dev/null | grep -i 'dejavu' >/dev/null || need+=(fonts-dejavu-core)
  fc-list 2>/dev/null | grep -i 'wenquanyi' >/dev/null || need+=(fonts-wqy-zenhei)
  # irctest (scripts/irctest.sh) runs on Debian's pytest and the modules its tests import.
  /usr/bin/python3 -c 'import pytest, xdist, filelock, ecdsa, websockets' 2>/dev/null \
    || need+=(python3-pytest python3-pytest-xdist python3-filelock python3-ecdsa python3-websockets)
  if [ ${#need[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    log "missing ${need[*]} and not root: tests that need them will report a skip reason"
    return 0
  fi
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need[@]}" >/dev/null
}

install_prerequisites

rm -rf "$results"
mkdir -p "$results"

log "building ($configuration)"
if ! dotnet build Piazza.slnx -c "$configuration" -nologo -v:q; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

passed=0; failed=0; skipped=0; crashed=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log "running $name"
  dotnet test "$project" -c "$configuration" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
  trx="$results/$name.trx"
  counters=$(grep -o '<Counters [^>]*' "$trx" 2>/dev/null | head -n 1)
  if [ -z "$counters" ]; then
    log "$name produced no results: counted as one failure"
    crashed=$((crashed + 1))
    continue
  fi
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); s=$(get notExecuted)
  # xunit's skipped tests (Assert.Skip, and [Fact(Explicit = true)] measurements run on demand) are
  # reported as outcome NotExecuted but not in the notExecuted counter: count them as total - executed.
  total=$(get total); executed=$(get executed)
  not_run=$(( ${total:-0} - ${executed:-0} ))
  [ "$not_run" -gt "${s:-0}" ] && s=$not_run
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${s:-0}))
done

# irctest, the IRC server conformance suite, against the IRC door: its counts join the totals
# (its deselected tests, features Piazza deliberately lacks, are listed in tests/irctest-deselect.txt).
log "running irctest"
irctest_summary=$(CONFIGURATION="$configuration" scripts/irctest.sh 2>"$results/irctest.log" | tail -n 1)
log "${irctest_summary:-irctest: no summary}"
irctest_count() { printf '%s' "$irctest_summary" | grep -oE "[0-9]+ $1" | grep -oE '[0-9]+' || echo 0; }
if [ -z "$irctest_summary" ]; then
  crashed=$((crashed + 1))
fi
passed=$((passed + $(irctest_count passed)))
failed=$((failed + $(irctest_count failed)))
skipped=$((skipped + $(irctest_count skipped)))

failed=$((failed + crashed))
# Name every failed test (and the first line of its message) just above the summary, so the tail of
# a long log says what failed without scrolling back through thousands of lines.
list_failures() {
  /usr/bin/python3 - "$results" <<'PY' 2>/dev/null || grep -ho 'testName="[^"]*"[^>]*outcome="Failed"' "$results"/*.trx
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        m = r.find("t:Output/t:ErrorInfo/t:Message", ns)
        first = (m.text or "").strip().splitlines()[0] if m is not None and m.text else ""
        print(f"FAILED {r.get('testName')}: {first[:300]}")
PY
  grep -h '^FAILED \|^ERROR ' "$results/irctest.log" 2>/dev/null | head -n 20
}
if [ "$failed" -ne 0 ]; then
  log "failed tests:"
  list_failures
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
