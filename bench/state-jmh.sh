#!/usr/bin/env bash
# State benchmark (JMH, SampleTime): Bindery's StateStore vs the raw Infinispan API on the same cache, embedded and
# remote (Hot Rod server in-process), in one run. Prints p50/p99 per operation and the ratios for bench/RESULTS.md.
# Usage: bench/state-jmh.sh [extra JMH options]   (SKIP_BUILD=1 reuses the last build; INCLUDE=regex picks benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/out/state-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q install -DskipTests
  mvn -B -q -f bench/pom.xml package -DskipTests -pl state-jmh,state-remote-jmh
fi
JAVA=${JAVA:-java}
# Embedded (16.0.9) and remote (16.0.7 client and in-process server) run from their own class paths.
for kind in embedded remote; do
  module=state-jmh; include=${INCLUDE:-EmbeddedStateBenchmark}
  if [ $kind = remote ]; then module=state-remote-jmh; include=${INCLUDE_REMOTE:-RemoteStateBenchmark}; fi
  $JAVA -cp "bench/$module/target/classes:bench/$module/target/lib/*" org.openjdk.jmh.Main "$include" \
    -rf json -rff "$OUT/$kind.json" "$@" | tee "$OUT/$kind.txt"
done
python3 - "$OUT" "$JAVA" <<'PY'
import json, sys, subprocess, os, datetime
jdk = subprocess.run([sys.argv[2], "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"Date: {datetime.date.today()} | Machine: {os.cpu_count()} cores | JDK: {jdk}")
print("| store | operation | host telemetry | Bindery p50 (µs) | raw Infinispan p50 (µs) | p50 ratio | Bindery p99 (µs) | raw p99 (µs) | p99 ratio |")
print("|---|---|---|---|---|---|---|---|---|")
for kind in ["embedded", "remote"]:
  path = os.path.join(sys.argv[1], kind + ".json")
  if not os.path.exists(path): continue
  results = {}
  for r in json.load(open(path)):
    results[(r["benchmark"].rsplit(".", 1)[1], r.get("params", {}).get("telemetry", "off"))] = r["primaryMetric"]["scorePercentiles"]
  for telemetry in ["on", "off"]:
    for name, ours, raw in [("get", "binderyGet", "rawGet"), ("save (last-write-wins)", "binderySave", "rawPut"),
                            ("save with ETag (compare-and-set)", "binderySaveWithEtag", "rawCompareAndSet")]:
      if (ours, telemetry) not in results: continue
      o, r = results[(ours, telemetry)], results[(raw, telemetry)]
      print(f"| {kind} | {name} | {telemetry} | {o['50.0']:.2f} | {r['50.0']:.2f} | {o['50.0']/r['50.0']:.2f} | {o['99.0']:.2f} | {r['99.0']:.2f} | {o['99.0']/r['99.0']:.2f} |")
PY
