#!/usr/bin/env bash
# Fuzzes the Protocol codec with afl-fuzz for a while, on demand (not part of scripts/test.sh).
#   tools/Piazza.Fuzz/fuzz.sh [seconds]        default 300
# Needs afl++ (Debian's afl++ package; installed here when run as root). Builds the target, instruments a copy of
# Piazza.Protocol.dll with the SharpFuzz.CommandLine tool, runs afl-fuzz on the seed corpus and
# prints executions, paths, crashes and hangs. Findings stay in fuzz/findings/ (git-ignored);
# replay them with the uninstrumented build (the instrumented copy runs only under afl):
#   dotnet tools/Piazza.Fuzz/bin/Release/net10.0/Piazza.Fuzz.dll fuzz/findings/default/crashes
set -euo pipefail

seconds=${1:-300}
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/artifacts/fuzz"
findings="$root/fuzz/findings"
cd "$root"

if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
  else
    echo "fuzz.sh: afl-fuzz not found; install afl++ (apt-get install afl++)" >&2
    exit 2
  fi
fi

dotnet build tools/Piazza.Fuzz -c Release -nologo -v:q
rm -rf "$work/bin"
mkdir -p "$work"
cp -r tools/Piazza.Fuzz/bin/Release/net10.0 "$work/bin"

if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi
# Instrument only the code under test: the codec and the validation rules.
"$work/tools/sharpfuzz" "$work/bin/Piazza.Protocol.dll"

# A new run starts from the seed corpus; to resume an earlier one, pass -i - yourself.
rm -rf "$findings"
mkdir -p "$findings"
# The dotnet host is not instrumented itself (SharpFuzz reports coverage through the
# forkserver), and the container's core_pattern and CPU governor are not ours to change.
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1
afl-fuzz -i tools/Piazza.Fuzz/corpus -o "$findings" -t 5000 -m none -V "$seconds" \
  -- dotnet "$work/bin/Piazza.Fuzz.dll" >"$work/afl.log" 2>&1 || { tail -n 30 "$work/afl.log"; exit 1; }

stats="$findings/default/fuzzer_stats"
get() { sed -n "s/^$1 *: *//p" "$stats"; }
crashes=$(get saved_crashes); hangs=$(get saved_hangs)
echo "fuzz: $(get execs_done) executions in $(get run_time) s ($(get execs_per_sec)/s), corpus $(get corpus_count), crashes $crashes, hangs $hangs"
if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
  echo "fuzz: findings in $findings/default/crashes and hangs; replay: dotnet tools/Piazza.Fuzz/bin/Release/net10.0/Piazza.Fuzz.dll $findings/default/crashes"
  exit 1
fi
