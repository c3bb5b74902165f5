#!/usr/bin/env bash
# State benchmark (JMH, SampleTime): Bindery's StateStore on embedded Infinispan vs the raw Infinispan API on the same
# cache, in one run. Prints p50/p99 per operation and the ratios for bench/RESULTS.md.
# Usage: bench/state-jmh.sh [extra JMH options]   (SKIP_BUILD=1 reuses the last build; INCLUDE=regex picks benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/out/state-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q install -DskipTests
  mvn -B -q -f bench/pom.xml package -DskipTests -pl state-jmh
fi
JAVA=${JAVA:-java}
$JAVA -cp "bench/state-jmh/target/classes:bench/state-jmh/target/lib/*" org.openjdk.jmh.Main "${INCLUDE:-EmbeddedStateBenchmark}" \
  -rf json -rff "$OUT/result.json" "$@" | tee "$OUT/jmh.txt"
python3 - "$OUT/result.json" "$JAVA" <<'PY'
import json, sys, subprocess, os, datetime
results = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["scorePercentiles"] for r in json.load(open(sys.argv[1]))}
jdk = subprocess.run([sys.argv[2], "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"Date: {datetime.date.today()} | Machine: {os.cpu_count()} cores | JDK: {jdk}")
print("| operation | Bindery p50 (µs) | raw Infinispan p50 (µs) | p50 ratio | Bindery p99 (µs) | raw p99 (µs) | p99 ratio |")
print("|---|---|---|---|---|---|---|")
for name, ours, raw in [("get", "binderyGet", "rawGet"), ("save (last-write-wins)", "binderySave", "rawPut"),
                        ("save with ETag (compare-and-set)", "binderySaveWithEtag", "rawCompareAndSet")]:
    if ours not in results: continue
    o, r = results[ours], results[raw]
    print(f"| {name} | {o['50.0']:.2f} | {r['50.0']:.2f} | {o['50.0']/r['50.0']:.2f} | {o['99.0']:.2f} | {r['99.0']:.2f} | {o['99.0']/r['99.0']:.2f} |")
PY
