#!/usr/bin/env bash
# Runs the documented scenarios (docs/performance.md) against a fresh Release server each run.
#   tools/Piazza.Bench/scenarios.sh SCENARIO [RUNS] [extra bench options...]
# SCENARIO: A, B, C (closed loop; WINDOW=n changes its window; DURATION=s shortens A-C), D (10,000 idle), D50 (50,000 idle:
# needs an open-file hard limit above 50,000 for both processes), Dmax (19,500 idle: the most a
# hard limit of 20,000 allows).
# Prints the bench's JSON line for each run; the server's own output goes to $OUT/server-*.log.
# NICE=-10 runs both processes at that scheduling priority (root only), to shield the figures from
# unrelated work on a shared machine; docs/performance.md says which runs used it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
scenario=${1:?scenario A, B, C, D, D50 or Dmax}
runs=${2:-1}
shift $(( $# >= 2 ? 2 : 1 ))
port=${PORT:-5900}
out=${OUT:-$root/artifacts/bench}
mkdir -p "$out"

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build src/Piazza.Server -c Release -nologo -v:q >/dev/null
  dotnet build tools/Piazza.Bench -c Release -nologo -v:q >/dev/null
fi

server_args=(--port "$port" --rate-burst 1000000 --rate-per-second 1000000 --log-level Warning)
case "$scenario" in
  A) bench_args=(fanout --clients 100 --senders 10 --rate 200 --duration "${DURATION:-20}") ;;
  B) bench_args=(fanout --clients 1000 --senders 10 --rate 100 --duration "${DURATION:-20}") ;;
  C) bench_args=(fanout --clients 1000 --senders 10 --rate max --window "${WINDOW:-300}" --duration "${DURATION:-20}") ;;
  D) bench_args=(idle --clients 10000 --hold 10); server_args+=(--max-connections 60000) ;;
  D50) bench_args=(idle --clients 50000 --hold 10); server_args+=(--max-connections 60000) ;;
  Dmax) bench_args=(idle --clients 19500 --hold 10); server_args+=(--max-connections 60000) ;;
  *) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac

# Both processes hold one descriptor per connection: raise the soft limit as far as allowed.
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

prio=()
if [ -n "${NICE:-}" ]; then
  prio=(nice -n "$NICE")
fi

for run in $(seq 1 "$runs"); do
  "${prio[@]}" dotnet src/Piazza.Server/bin/Release/net10.0/Piazza.Server.dll "${server_args[@]}" >"$out/server-$scenario-$run.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  # Let the freshly started server settle before its baseline memory is read.
  sleep 1
  "${prio[@]}" dotnet tools/Piazza.Bench/bin/Release/net10.0/Piazza.Bench.dll "${bench_args[@]}" --port "$port" \
    --server-pid "$server" --json --no-progress "$@" || true
  kill -TERM "$server"
  wait "$server" || true
done
