#!/usr/bin/env bash
# Service invocation benchmark: a function calling another app's `greet` through Bindery's Invoker, against the same
# call made by hand with a plain Vert.x WebClient, in one run. The callee is the packaged example app, the caller the
# bench/invoke-caller app (functions viaInvoker and viaWebClient); wrk drives the caller, so both paths pay the same
# caller ingress and callee, and the difference is what the Invoker adds (resolution, span per attempt, headers,
# outcome mapping, metrics; no resiliency policy configured).
#
# Usage: bench/invoke-load.sh   (env: ROUNDS=3 DURATION=20s WARMUP=10s RATE=1000 PACED_CONNECTIONS=10 CONNECTIONS=32
#        XMX=512m SKIP_BUILD=1 to reuse the packages)
# Two phases per round, the two functions taking turns: paced at about RATE calls/s (latency), then as fast as
# possible with CONNECTIONS connections (throughput). Prints a Markdown table; raw outputs go to bench/out/<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
RATE=${RATE:-1000}
PACED_CONNECTIONS=${PACED_CONNECTIONS:-10}
CONNECTIONS=${CONNECTIONS:-32}
XMX=${XMX:-512m}
JAVA=${JAVA:-java}
CALLER_PORT=${CALLER_PORT:-18080}
CALLEE_PORT=${CALLEE_PORT:-18081}
OUT=$PWD/bench/out/invoke-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
PACE_MS=$(( PACED_CONNECTIONS * 1000 / RATE ))

. bench/wrk-lib.sh
need_wrk
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q install -DskipTests
  mvn -B -q -f bench/pom.xml package -pl invoke-caller -DskipTests
fi

# both apps without tracing export (nothing would collect it), the same for both paths
COMMON="QUARKUS_OTEL_SDK_DISABLED=true"
(cd functions-examples/target/quarkus-app && exec env $COMMON PORT=$CALLEE_PORT $JAVA -Xmx$XMX -jar quarkus-run.jar) \
  > "$OUT/callee.log" 2>&1 &
CALLEE=$!
(cd bench/invoke-caller/target/quarkus-app && exec env $COMMON PORT=$CALLER_PORT $JAVA -Xmx$XMX \
  -Dcallee.url=http://127.0.0.1:$CALLEE_PORT -jar quarkus-run.jar) > "$OUT/caller.log" 2>&1 &
CALLER=$!
trap 'kill $CALLER $CALLEE 2>/dev/null || true' EXIT

URL="http://127.0.0.1:$CALLER_PORT/"
call() { # function -> HTTP status of one call through the caller
  curl -s -o "$OUT/$1.reply.txt" -w '%{http_code}' -X POST "$URL" -H 'content-type: application/json' \
    -H 'ce-specversion: 1.0' -H 'ce-id: probe' -H "ce-type: $1" -H 'ce-source: /bench' -d '{"name":"Ada"}' 2>/dev/null || true
}
for _ in $(seq 600); do
  [ "$(call viaInvoker)" = 200 ] && [ "$(call viaWebClient)" = 200 ] && break
  kill -0 $CALLER $CALLEE 2>/dev/null || { echo "an app died, see $OUT" >&2; exit 1; }
  sleep 0.1
done
for f in viaInvoker viaWebClient; do
  grep -q 'Hello, Ada!' "$OUT/$f.reply.txt" || { echo "$f does not reply with the greeting, see $OUT" >&2; exit 1; }
done

range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "–" hi }'; }
run() { # function phase round -> wrk output file
  local f="$OUT/$1.$2.run$3.txt"
  if [ "$2" = paced ]; then
    FUNCTION=$1 PACE_MS=$PACE_MS wrk -t2 -c"$PACED_CONNECTIONS" -d"$DURATION" --latency -s bench/invoke-paced.lua "$URL" > "$f"
  else
    FUNCTION=$1 PACE_MS=0 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/invoke-paced.lua "$URL" > "$f"
  fi
  if grep -q 'Non-2xx\|Socket errors' "$f"; then echo "$1 answered errors, see $f" >&2; exit 1; fi
  echo "$f"
}

for f in viaInvoker viaWebClient; do
  FUNCTION=$f PACE_MS=0 wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/invoke-paced.lua "$URL" > "$OUT/$f.warmup.txt"
done
declare -A RPS P50 P99 MAX
for r in $(seq "$ROUNDS"); do
  for f in viaWebClient viaInvoker; do
    out=$(run "$f" paced "$r")
    P50[$f]="${P50[$f]:-} $(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
    P99[$f]="${P99[$f]:-} $(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
    RPS[$f]="${RPS[$f]:-} $(awk '/Requests\/sec/ { print $2 }' "$out")"
    out=$(run "$f" max "$r")
    MAX[$f]="${MAX[$f]:-} $(awk '/Requests\/sec/ { print $2 }' "$out")"
  done
done

med() { printf '%s\n' $1 | median; }
rng() { printf '%s\n' $1 | range; }
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", a - b }'; }
{
  echo "Date: $(date -u +%Y-%m-%d) | Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr) | JDK: $($JAVA -version 2>&1 | head -1)"
  echo "Command: ROUNDS=$ROUNDS DURATION=$DURATION RATE=$RATE PACED_CONNECTIONS=$PACED_CONNECTIONS CONNECTIONS=$CONNECTIONS bench/invoke-load.sh (caller, callee and wrk share the cores; medians, ranges over the rounds)"
  echo
  echo "| | Invoker | plain WebClient | Invoker − WebClient | Invoker / WebClient |"
  echo "|---|---|---|---|---|"
  echo "| paced calls/s (target $RATE) | $(med "${RPS[viaInvoker]}") | $(med "${RPS[viaWebClient]}") | | |"
  echo "| p50 latency at the paced rate (ms) | $(med "${P50[viaInvoker]}") ($(rng "${P50[viaInvoker]}")) | $(med "${P50[viaWebClient]}") ($(rng "${P50[viaWebClient]}")) | $(diff_ms "$(med "${P50[viaInvoker]}")" "$(med "${P50[viaWebClient]}")") | $(ratio "$(med "${P50[viaInvoker]}")" "$(med "${P50[viaWebClient]}")") |"
  echo "| p99 latency at the paced rate (ms) | $(med "${P99[viaInvoker]}") ($(rng "${P99[viaInvoker]}")) | $(med "${P99[viaWebClient]}") ($(rng "${P99[viaWebClient]}")) | $(diff_ms "$(med "${P99[viaInvoker]}")" "$(med "${P99[viaWebClient]}")") | $(ratio "$(med "${P99[viaInvoker]}")" "$(med "${P99[viaWebClient]}")") |"
  echo "| throughput, $CONNECTIONS connections (calls/s) | $(med "${MAX[viaInvoker]}") ($(rng "${MAX[viaInvoker]}")) | $(med "${MAX[viaWebClient]}") ($(rng "${MAX[viaWebClient]}")) | | $(ratio "$(med "${MAX[viaInvoker]}")" "$(med "${MAX[viaWebClient]}")") |"
} | tee "$OUT/table.md"
