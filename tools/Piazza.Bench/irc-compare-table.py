#!/usr/bin/env python3
"""Turns irc-compare.sh's output (one line per run) into the Markdown table of docs/performance.md:
medians of the runs of each server and case, with every run's p99 and deliveries/s listed.
   tools/Piazza.Bench/irc-compare-table.py artifacts/bench/irc/results.txt"""
import json
import re
import statistics
import sys

runs = {}
order = []
for line in open(sys.argv[1] if len(sys.argv) > 1 else "/dev/stdin"):
    m = re.match(r"(\S+) (\S+) run=(\d+) load=\[([^\]]*)\] (.*)$", line.strip())
    if not m:
        continue
    server, case, _, load, body = m.groups()
    try:
        report = json.loads(body)
    except json.JSONDecodeError:
        report = {"error": body}
    key = (server, case)
    if key not in runs:
        order.append(key)
    runs.setdefault(key, []).append((load, report))


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ms(v):
    return "-" if v is None else (f"{v:.0f} ms" if v >= 100 else f"{v:.1f} ms" if v >= 10 else f"{v:.2f} ms")


print("| case | server | deliveries/s | p50 | p99 | p99.9 | lost / out of order | server CPU per million deliveries | server peak RSS | runs ok | load average (1 min) | runs: p99; deliveries/s |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for key in sorted(order, key=lambda k: (k[1], ["piazza", "inspircd", "ngircd"].index(k[0]) if k[0] in ["piazza", "inspircd", "ngircd"] else 9)):
    server, case = key
    good = [r for _, r in runs[key] if "latencyMs" in r]
    loads = [l.split()[0] for l, _ in runs[key]]
    if not good:
        print(f"| {case} | {server} | no run completed | | | | | | | 0 / {len(runs[key])} | {', '.join(loads)} | {'; '.join(r.get('error', '?')[:80] for _, r in runs[key])} |")
        continue
    dps = med([r["deliveriesPerSecond"] for r in good])
    p50 = med([r["latencyMs"]["p50"] for r in good])
    p99 = med([r["latencyMs"]["p99"] for r in good])
    p999 = med([r["latencyMs"]["p999"] for r in good])
    lost = med([r["lost"] for r in good])
    ooo = med([r["outOfOrder"] for r in good])
    cpu = med([(r.get("server") or {}).get("cpuSecondsPerMillionDeliveries") for r in good])
    rss = med([(r.get("server") or {}).get("peakRssKiB") for r in good])
    ok = sum(1 for r in good if r.get("ok"))
    each = ", ".join(f"{ms(r['latencyMs']['p99'])}; {r['deliveriesPerSecond']:,.0f}" for r in good)
    print(f"| {case} | {server} | {dps:,.0f} | {ms(p50)} | {ms(p99)} | {ms(p999)} | {lost:.0f} / {ooo:.0f} | "
          f"{'-' if cpu is None else f'{cpu:.2f} s'} | {'-' if rss is None else f'{rss / 1024:.0f} MiB'} | {ok} / {len(runs[key])} | {', '.join(loads)} | {each} |")
