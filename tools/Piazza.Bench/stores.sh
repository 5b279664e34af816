#!/usr/bin/env bash
# Runs the version 2 measurements (docs/performance.md, "Version 2") against a fresh Release server
# per run, with the store under test:
#   STORE=memory|full|normal tools/Piazza.Bench/stores.sh SCENARIO [RUNS] [extra bench options...]
# STORE: memory (--store memory), full (--store sqlite --sync full, the default) or normal
# (--store sqlite --sync normal). Each SQLite run gets a new temporary data directory, removed after.
# SCENARIO: C (1,000 clients, one room, closed loop), E (2,000 clients in 200 rooms of 10, all
# sending), catchup (10,000 events missed over 10 rooms), history (1,000,000 events in one room:
# the server's RSS before and after, then pages of 200).
# Prints, per run, the load average and the bench's JSON line; the server's output goes to $OUT.
# NICE=-10 runs both processes at that priority (root only). SERVER_DLL runs another build of the server
# (default: this tree's Release build). E runs the bench with receive continuations on the thread
# pool (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0): with 2,000 connections each getting small
# frames, one socket engine thread was the bench's bottleneck.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
scenario=${1:?scenario C, E, catchup or history}
runs=${2:-1}
shift $(( $# >= 2 ? 2 : 1 ))
store=${STORE:-full}
port=${PORT:-5900}
out=${OUT:-$root/artifacts/bench}
mkdir -p "$out"

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build src/Piazza.Server -c Release -nologo -v:q >/dev/null
  dotnet build tools/Piazza.Bench -c Release -nologo -v:q >/dev/null
fi

case "$store" in
  memory) store_args=(--store memory) ;;
  full) store_args=(--store sqlite --sync full) ;;
  normal) store_args=(--store sqlite --sync normal) ;;
  *) echo "unknown STORE $store (memory, full or normal)" >&2; exit 2 ;;
esac

server_args=(--port "$port" --rate-burst 1000000 --rate-per-second 1000000 --log-level Warning "${store_args[@]}")
with_data_dir=()
case "$scenario" in
  C) bench_args=(fanout --clients 1000 --senders 10 --rate max --window "${WINDOW:-300}" --duration "${DURATION:-20}") ;;
  E) export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-0}
     bench_args=(rooms --clients "${CLIENTS:-2000}" --room-size 10 --rate "${RATE:-max}" --window "${WINDOW:-1}" --duration "${DURATION:-20}"); with_data_dir=(1) ;;
  catchup) bench_args=(catchup --rooms 10 --missed 10000) ;;
  history) bench_args=(history --events "${EVENTS:-1000000}"); with_data_dir=(1) ;;
  *) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac

ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
prio=()
if [ -n "${NICE:-}" ]; then
  prio=(nice -n "$NICE")
fi

for run in $(seq 1 "$runs"); do
  data=$(mktemp -d /tmp/piazza-bench-data.XXXXXX)
  "${prio[@]}" env -u DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS dotnet "${SERVER_DLL:-src/Piazza.Server/bin/Release/net10.0/Piazza.Server.dll}" "${server_args[@]}" --data-dir "$data" \
    >"$out/server-$store-$scenario-$run.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  sleep 1
  extra=()
  if [ ${#with_data_dir[@]} -gt 0 ] && [ "$store" != memory ]; then
    extra=(--data-dir "$data")
  fi
  echo "{\"store\":\"$store\",\"scenario\":\"$scenario\",\"run\":$run,\"start\":\"$(date -u +%H:%M:%S)\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
  "${prio[@]}" dotnet "${BENCH_DLL:-tools/Piazza.Bench/bin/Release/net10.0/Piazza.Bench.dll}" "${bench_args[@]}" --port "$port" \
    --server-pid "$server" --json --no-progress "${extra[@]}" "$@" || true
  echo "{\"end\":\"$(date -u +%H:%M:%S)\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
  kill -TERM "$server"
  wait "$server" || true
  # The database files once the server has stopped (and checkpointed its WAL), for the size per million events.
  echo "{\"dataBytesAfterStop\":$(find "$data" -maxdepth 1 -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')}"
  rm -rf "$data"
done
