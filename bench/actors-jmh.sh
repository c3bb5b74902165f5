#!/usr/bin/env bash
# Actors (JMH, one member, embedded Infinispan store): the latency of an actor call (increment: a turn reading and
# saving one state key; get: read-only) with persistence on and off, next to the same increment as a plain function
# on the state store through the same dispatcher and a raw Infinispan transactional put (SampleTime, µs); calls/s of
# 8 callers on one actor id against one id each (Throughput); then the reminder harness: N active reminders on one
# member, their firing lateness, registration time and heap. Prints the tables for bench/RESULTS.md.
# Usage: bench/actors-jmh.sh [extra JMH options]   (SKIP_BUILD=1 reuses the last build; PERSISTENCE=on,off picks the
#        latency parameter; REMINDERS=10000,50000,100000 PER_ACTOR=10 PERIOD=60 SPREAD=60 LEAD=30 the harness's, in
#        seconds; SCAN=30 the runtime's scan interval; REMINDERS=0 skips it, JMH=0 skips the JMH part)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/out/actors-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # the bench profile puts bench/ in the root reactor: what it measures is built alongside, nothing is installed
  mvn -B -q -o package -Pbench -pl bench/actors-jmh -am -DskipTests -Dinvoker.skip
fi
JAVA=${JAVA:-java}
CP="bench/actors-jmh/target/classes:bench/actors-jmh/target/lib/*"
if [ "${JMH:-1}" != 0 ]; then
  $JAVA -cp "$CP" org.openjdk.jmh.Main ActorCallBenchmark -p persistence=${PERSISTENCE:-on,off} \
    -rf json -rff "$OUT/latency.json" "$@" | tee "$OUT/latency.txt"
  $JAVA -cp "$CP" org.openjdk.jmh.Main ContendedCallBenchmark -rf json -rff "$OUT/contended.json" "$@" \
    | tee "$OUT/contended.txt"
fi
if [ "${REMINDERS:-10000,50000,100000}" != 0 ]; then
  $JAVA -Xmx2g -cp "$CP" dev.bindery.bench.actors.ReminderLoad \
    --reminders "${REMINDERS:-10000,50000,100000}" --per-actor "${PER_ACTOR:-10}" --period "${PERIOD:-60}" \
    --spread "${SPREAD:-60}" --lead "${LEAD:-30}" --scan "${SCAN:-30}" \
    2> "$OUT/reminders.log" | tee "$OUT/reminders.txt"
fi
SETTINGS="PERSISTENCE=${PERSISTENCE:-on,off} REMINDERS=${REMINDERS:-10000,50000,100000} PER_ACTOR=${PER_ACTOR:-10} PERIOD=${PERIOD:-60} SPREAD=${SPREAD:-60} LEAD=${LEAD:-30} SCAN=${SCAN:-30}"
python3 - "$OUT" "$JAVA" "$SETTINGS" "$@" <<'PY'
import json, sys, subprocess, os, datetime
out, java = sys.argv[1], sys.argv[2]
jdk = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"Date: {datetime.date.today()} | Machine: {os.cpu_count()} cores ({cpu}), load {os.getloadavg()[0]:.1f} | JDK: {jdk}")
print(f"Command: {sys.argv[3]} bench/actors-jmh.sh {' '.join(sys.argv[4:])}")
path = os.path.join(out, "latency.json")
if os.path.exists(path):
  rows = {}
  for r in json.load(open(path)):
    rows.setdefault(r["params"]["persistence"], {})[r["benchmark"].rsplit(".", 1)[1]] = r["primaryMetric"]
  print()
  print("Local call, one caller (SampleTime; calls/s = 1 / mean):")
  print("| persistence | path | p50 (µs) | p99 (µs) | calls/s | p50 / function | p50 / raw put | p50 target ≤ 100 µs |")
  print("|---|---|---|---|---|---|---|---|")
  names = [("actorIncrement", "actor increment"), ("actorGet", "actor get (read-only)"),
           ("functionIncrement", "plain function increment (state store, ETag)"), ("rawTransactionalPut", "raw Infinispan transactional put")]
  for persistence in ["on", "off"]:
    r = rows.get(persistence)
    if not r: continue
    base = r.get("functionIncrement", {}).get("scorePercentiles", {}).get("50.0")
    raw = r.get("rawTransactionalPut", {}).get("scorePercentiles", {}).get("50.0")
    for key, label in names:
      if key not in r: continue
      p = r[key]["scorePercentiles"]
      ratio = lambda b: f"{p['50.0'] / b:.2f}" if b else "–"
      target = ("met" if p["50.0"] <= 100 else "MISSED") if key.startswith("actor") else "–"
      print(f"| {persistence} | {label} | {p['50.0']:.1f} | {p['99.0']:.1f} | {1e6 / r[key]['score']:,.0f} | {ratio(base)} | {ratio(raw)} | {target} |")
path = os.path.join(out, "contended.json")
if os.path.exists(path):
  print()
  print("Contended, 8 callers (Throughput, calls/s):")
  print("| persistence | path | calls/s | ± (99.9 %) |")
  print("|---|---|---|---|")
  for r in json.load(open(path)):
    m = r["primaryMetric"]
    print(f"| {r['params']['persistence']} | {r['benchmark'].rsplit('.', 1)[1]} | {m['score']:,.0f} | {m['scoreError'] if isinstance(m['scoreError'], str) else format(m['scoreError'], ',.0f')} |")
path = os.path.join(out, "reminders.txt")
if os.path.exists(path):
  print()
  print("Reminders on one member (persistence on):")
  seen = set()
  for line in open(path):
    if line.startswith("|") and line not in seen:
      seen.add(line)
      print(line, end="")
PY
