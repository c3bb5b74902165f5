#!/usr/bin/env bash
# The pipeline's added latency (JMH, SampleTime): a binary-mode HTTP CloudEvent decoded, routed, bound, invoked,
# replied and encoded, with metrics and tracing on, against calling the function directly; requests arrive at
# 1,000/s (and back to back). Prints p50/p99 and the added latency for bench/RESULTS.md.
# Usage: bench/pipeline-jmh.sh [extra JMH options]   (SKIP_BUILD=1 reuses the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/out/pipeline-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q install -DskipTests
  mvn -B -q -f bench/pom.xml package -DskipTests -pl pipeline-jmh
fi
JAVA=${JAVA:-java}
$JAVA -cp "bench/pipeline-jmh/target/classes:bench/pipeline-jmh/target/lib/*" org.openjdk.jmh.Main PipelineBenchmark \
  -p rate=${RATES:-1000,0} -p telemetry=${TELEMETRY:-on,off} -rf json -rff "$OUT/pipeline.json" "$@" | tee "$OUT/pipeline.txt"
python3 - "$OUT" "$JAVA" <<'PY'
import json, sys, subprocess, os, datetime
jdk = subprocess.run([sys.argv[2], "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"Date: {datetime.date.today()} | Machine: {os.cpu_count()} cores | JDK: {jdk}")
rows = {}
for r in json.load(open(os.path.join(sys.argv[1], "pipeline.json"))):
  name = r["benchmark"].rsplit(".", 1)[1]
  key = (r["params"]["rate"], r["params"]["telemetry"])
  rows.setdefault(key, {})[name] = r["primaryMetric"]["scorePercentiles"]
print("| requests/s | metrics + tracing | direct call p50 / p99 (µs) | pipeline p50 / p99 (µs) | added p50 (µs) | added p99 (µs) |")
print("|---|---|---|---|---|---|")
for (rate, telemetry), r in sorted(rows.items(), key=lambda kv: (kv[0][0] == "0", kv[0][1] != "on")):
  d, p = r["direct"], r["pipeline"]
  print(f"| {'back to back' if rate == '0' else rate} | {telemetry} | {d['50.0']:.2f} / {d['99.0']:.2f} | {p['50.0']:.2f} / {p['99.0']:.2f} | {p['50.0'] - d['50.0']:.2f} | {p['99.0'] - d['99.0']:.2f} |")
PY
