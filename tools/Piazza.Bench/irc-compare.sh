#!/usr/bin/env bash
# The IRC door against InspIRCd and ngIRCd on the same IRC load (docs/performance.md, "IRC door
# against InspIRCd and ngIRCd"): scenario B and the saturation sweep, with the load generator
# speaking IRC (fanout --irc), against each server in turn, a fresh server per run.
#   tools/Piazza.Bench/irc-compare.sh [RUNS] [SERVERS] [CASES]
# RUNS: runs per case (default 3). SERVERS: any of piazza inspircd ngircd (default all three,
# space-separated in one argument). CASES: any of B W100 W300 W600 (default all): B is scenario B
# (1,000 clients, 10 senders, 100 msg/s open loop); Wn is the closed loop of scenario C with
# window n (the saturation sweep).
# Piazza runs with the SQLite store in a fresh data directory and --sync full (durability on,
# the default), flood control raised as for every bench run. InspIRCd and ngIRCd get a
# configuration written here with their flood control off (InspIRCd: fakelag off, commandrate
# and threshold raised; ngIRCd: MaxPenaltyTime 0) and connection limits raised, so all three
# face the same load. Clients connect 32 at a time: with 512 joins in flight ngIRCd 26.1 stopped
# accepting after about 740 connections. Prints one line per run: server, case, uptime's load averages, then the
# bench's JSON. Servers' output goes to $OUT (artifacts/bench/irc by default).
# Needs: apt-get install -y inspircd ngircd (Debian 12 serves InspIRCd 3.15 and ngIRCd 26.1).
# NICE=-10 runs servers and bench at that priority (root only); DURATION= changes the 20 s.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
runs=${1:-3}
servers=${2:-piazza inspircd ngircd}
cases=${3:-B W100 W300 W600}
out=${OUT:-$root/artifacts/bench/irc}
duration=${DURATION:-20}
mkdir -p "$out"

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build src/Piazza.Server -c Release -nologo -v:q >/dev/null
  dotnet build tools/Piazza.Bench -c Release -nologo -v:q >/dev/null
fi

ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
prio=()
if [ -n "${NICE:-}" ]; then
  prio=(nice -n "$NICE")
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_listening() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1" >&2
  return 1
}

# start_server NAME PORT DIR LOG: starts it in the background; sets $server_pid.
start_server() {
  local name=$1 port=$2 dir=$3 log=$4
  case "$name" in
    piazza)
      "${prio[@]}" dotnet src/Piazza.Server/bin/Release/net10.0/Piazza.Server.dll --port "$(free_port)" --irc-port "$port" \
        --store sqlite --sync full --data-dir "$dir/data" \
        --rate-burst 1000000 --rate-per-second 1000000 --log-level Warning >"$log" 2>&1 &
      ;;
    inspircd)
      echo "bench" >"$dir/motd"
      cat >"$dir/inspircd.conf" <<CONF
<server name="irc.bench" description="bench" network="bench">
<admin name="bench" nick="bench" email="bench@localhost">
<bind address="127.0.0.1" port="$port" type="clients">
<connect name="bench" allow="*" timeout="60" pingfreq="600" hardsendq="67108864" softsendq="8388608" recvq="65536" threshold="1000000" commandrate="100000000" fakelag="no" localmax="100000" globalmax="100000" maxchans="100" useident="no" limit="100000" resolvehostnames="no">
<performance softlimit="20000" somaxconn="4096" netbuffersize="65536" quietbursts="yes" clonesonconnect="no">
<pid file="$dir/inspircd.pid">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="$dir/inspircd.log">
<dns server="127.0.0.1" timeout="1">
<files motd="$dir/motd">
<channels users="100" opers="100">
<limits maxnick="30">
<whowas groupsize="0" maxgroups="0">
CONF
      "${prio[@]}" inspircd --config "$dir/inspircd.conf" --nofork --runasroot >"$log" 2>&1 &
      ;;
    ngircd)
      cat >"$dir/ngircd.conf" <<CONF
[Global]
Name = irc.bench
Info = bench
Listen = 127.0.0.1
Ports = $port
MotdPhrase = bench
PidFile = $dir/ngircd.pid
[Limits]
MaxConnections = 0
MaxConnectionsIP = 0
MaxJoins = 0
MaxNickLength = 30
MaxPenaltyTime = 0
PingTimeout = 600
PongTimeout = 600
[Options]
DNS = no
Ident = no
PAM = no
CONF
      "${prio[@]}" /usr/sbin/ngircd --nodaemon --config "$dir/ngircd.conf" >"$log" 2>&1 &
      ;;
    *) echo "unknown server $name" >&2; exit 2 ;;
  esac
  server_pid=$!
}

for case_name in $cases; do
  case "$case_name" in
    B) bench_args=(fanout --irc --clients 1000 --senders 10 --rate 100 --duration "$duration") ;;
    W*) bench_args=(fanout --irc --clients 1000 --senders 10 --rate max --window "${case_name#W}" --duration "$duration") ;;
    *) echo "unknown case $case_name" >&2; exit 2 ;;
  esac
  for run in $(seq 1 "$runs"); do
    for name in $servers; do
      dir=$(mktemp -d "/tmp/piazza-irc-bench-$name-XXXX")
      port=$(free_port)
      start_server "$name" "$port" "$dir" "$out/$name-$case_name-$run.log"
      wait_listening "$port"
      # Let the freshly started server settle before its baseline memory is read.
      sleep 1
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      result=$("${prio[@]}" dotnet tools/Piazza.Bench/bin/Release/net10.0/Piazza.Bench.dll "${bench_args[@]}" --port "$port" \
        --server-pid "$server_pid" --json --no-progress --settle-timeout 300 --connect-concurrency 32 --join-timeout 120 || true)
      [ -n "$result" ] || result='{"error":"the bench did not report"}'
      echo "$name $case_name run=$run load=[$load] $result"
      kill -TERM "$server_pid" 2>/dev/null || true
      wait "$server_pid" 2>/dev/null || true
      rm -rf "$dir"
    done
  done
done
