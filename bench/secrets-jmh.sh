#!/usr/bin/env bash
# Secrets benchmark (JMH, AverageTime): one secret read through the host with its cache (SecretRegistry.get, default
# cache-ttl), through the host with cache-ttl=0 (the store read on every call, as Dapr does), and by the store's backend
# alone, for the file, kubernetes-dir and vault stores (Vault played by a JDK HTTP server on loopback), in one run.
# Prints ns/op per fork as ranges and the cached/uncached ratios for bench/RESULTS.md.
# Usage: bench/secrets-jmh.sh [extra JMH options]   (SKIP_BUILD=1 reuses the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/out/secrets-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # the bench profile puts bench/ in the root reactor: what it measures is built alongside, nothing is installed
  mvn -B -q -o package -Pbench -pl bench/secrets-jmh -am -DskipTests -Dinvoker.skip
fi
JAVA=${JAVA:-java}
$JAVA -cp "bench/secrets-jmh/target/classes:bench/secrets-jmh/target/lib/*" org.openjdk.jmh.Main SecretReadBenchmark \
  -rf json -rff "$OUT/secrets.json" "$@" | tee "$OUT/secrets.txt"
python3 - "$OUT" "$JAVA" <<'PY'
import json, sys, subprocess, os, datetime, statistics
jdk = subprocess.run([sys.argv[2], "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"Date: {datetime.date.today()} | Machine: {os.cpu_count()} cores | JDK: {jdk}")
forks = {}
for r in json.load(open(os.path.join(sys.argv[1], "secrets.json"))):
  name, store = r["benchmark"].rsplit(".", 1)[1], r["params"]["store"]
  forks[(store, name)] = [statistics.mean(iterations) for iterations in r["primaryMetric"]["rawData"]]
def cell(scores):
  return f"{statistics.median(scores):,.1f} ({min(scores):,.1f}–{max(scores):,.1f})"
print("ns/op: median of the forks (range over the forks); ratio = cached / uncached time (range: extremes of the forks)")
print("| store | cached registry.get | uncached registry.get (cache-ttl=0) | backend alone | cached / uncached | uncached / cached |")
print("|---|---|---|---|---|---|")
for store in ["file", "kubernetes-dir", "vault"]:
  if (store, "cached") not in forks: continue
  c, u, b = forks[(store, "cached")], forks[(store, "uncached")], forks[(store, "backend")]
  ratio = statistics.median(c) / statistics.median(u)
  print(f"| {store} | {cell(c)} | {cell(u)} | {cell(b)} | {ratio:.5f} ({min(c) / max(u):.5f}–{max(c) / min(u):.5f}) "
        f"| {1 / ratio:,.0f}× ({min(u) / max(c):,.0f}–{max(u) / min(c):,.0f}) |")
PY
