#!/usr/bin/env bash
# The pipeline's added latency (JMH, SampleTime): a binary-mode HTTP CloudEvent decoded, routed, bound, invoked,
# replied and encoded, with metrics and tracing on, against calling the function directly; requests arrive at
# 1,000/s (and back to back). The security stage runs in the pipeline: disabled (auth=off, the default host), or on
# with an API token (auth=token) or a JWT verified against a cached JWKS key (auth=jwt). Prints p50/p99, the added
# latency over the direct call, and what token and jwt add over off in the same run, for bench/RESULTS.md.
# Usage: bench/pipeline-jmh.sh [extra JMH options]   (SKIP_BUILD=1 reuses the last build;
#        RATES=1000,0 TELEMETRY=on,off AUTHS=off,token,jwt RECENTS=off,on pick the parameters; RECENTS=on adds the
#        recent-events stage of the host admin endpoints)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/out/pipeline-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # the bench profile puts bench/ in the root reactor: what it measures is built alongside, nothing is installed
  mvn -B -q -o package -Pbench -pl bench/pipeline-jmh -am -DskipTests -Dinvoker.skip
fi
JAVA=${JAVA:-java}
$JAVA -cp "bench/pipeline-jmh/target/classes:bench/pipeline-jmh/target/lib/*" org.openjdk.jmh.Main PipelineBenchmark \
  -p rate=${RATES:-1000,0} -p telemetry=${TELEMETRY:-on,off} -p auth=${AUTHS:-off,token,jwt} -p recent=${RECENTS:-off} -rf json -rff "$OUT/pipeline.json" "$@" | tee "$OUT/pipeline.txt"
python3 - "$OUT" "$JAVA" <<'PY'
import json, sys, subprocess, os, datetime
jdk = subprocess.run([sys.argv[2], "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"Date: {datetime.date.today()} | Machine: {os.cpu_count()} cores | JDK: {jdk}")
rows = {}
for r in json.load(open(os.path.join(sys.argv[1], "pipeline.json"))):
  name = r["benchmark"].rsplit(".", 1)[1]
  key = (r["params"]["rate"], r["params"]["telemetry"], r["params"].get("auth", "off"), r["params"].get("recent", "off"))
  rows.setdefault(key, {})[name] = r["primaryMetric"]["scorePercentiles"]
AUTHS = ["off", "token", "jwt"]
order = lambda key: (key[0] == "0", key[1] != "on", AUTHS.index(key[2]), key[3] != "off")
rate_of = lambda rate: "back to back" if rate == "0" else rate
print("| requests/s | metrics + tracing | auth | recent events | direct call p50 / p99 (µs) | pipeline p50 / p99 (µs) | added p50 (µs) | added p99 (µs) |")
print("|---|---|---|---|---|---|---|---|")
for (rate, telemetry, auth, recent), r in sorted(rows.items(), key=lambda kv: order(kv[0])):
  d, p = r["direct"], r["pipeline"]
  print(f"| {rate_of(rate)} | {telemetry} | {auth} | {recent} | {d['50.0']:.2f} / {d['99.0']:.2f} | {p['50.0']:.2f} / {p['99.0']:.2f} | {p['50.0'] - d['50.0']:.2f} | {p['99.0'] - d['99.0']:.2f} |")
TARGET = {"token": 20, "jwt": 100}  # issue 17: p50 added by the security stage, µs
added = [(k, rows[k]["pipeline"], rows[(k[0], k[1], "off", k[3])]["pipeline"]) for k in sorted(rows, key=order)
         if k[2] != "off" and (k[0], k[1], "off", k[3]) in rows]
if added:
  print()
  print("The security stage on, over security off (pipeline vs pipeline, same run):")
  print("| requests/s | metrics + tracing | auth | added p50 (µs) | added p99 (µs) | p50 target (µs) |")
  print("|---|---|---|---|---|---|")
  for (rate, telemetry, auth, recent), on, off in added:
    p50 = on['50.0'] - off['50.0']
    print(f"| {rate_of(rate)} | {telemetry} | {auth} | {p50:.2f} | {on['99.0'] - off['99.0']:.2f} | ≤ {TARGET[auth]} ({'met' if p50 <= TARGET[auth] else 'MISSED'}) |")
recent = [(k, rows[k]["pipeline"], rows[(k[0], k[1], k[2], "off")]["pipeline"]) for k in sorted(rows, key=order)
          if k[3] == "on" and (k[0], k[1], k[2], "off") in rows]
if recent:
  print()
  print("The recent-events stage on, over off (pipeline vs pipeline, same run):")
  print("| requests/s | metrics + tracing | auth | added p50 (µs) | added p99 (µs) | on / off p50 |")
  print("|---|---|---|---|---|---|")
  for (rate, telemetry, auth, _), on, off in recent:
    print(f"| {rate_of(rate)} | {telemetry} | {auth} | {on['50.0'] - off['50.0']:.2f} | {on['99.0'] - off['99.0']:.2f} | {on['50.0'] / off['50.0']:.3f} |")
PY
