#!/usr/bin/env bash
# HTTP ingress load benchmark: the example `greet` function in binary mode on Bindery, against the same function on
# plain Quarkus Funqy (knative-events) and a raw Vert.x server returning the same bytes, in one run on this machine.
#
# Usage: bench/http-load.sh            (env: ROUNDS=3 DURATION=20s WARMUP=10s CONNECTIONS=32 STARTS=5 XMX=512m;
#        TARGETS="bindery funqy" picks targets; STARTUP_ONLY=1 measures start-ups alone, in turns;
#        BEFORE_APP=<dir of another build's quarkus-app> adds the target bindery-before, to compare a change;
#        the target bindery-tokens is bindery with security on and an API token, which every request carries:
#        TARGETS="bindery bindery-tokens" prints tokens on / tokens off; MAVEN_ARGS is passed to every mvn call, e.g.
#        MAVEN_ARGS=-Dmaven.repo.local=<dir> to build without installing into the shared local repository;
#        AOT_JAVA=<java of a JDK 25+> adds the targets bindery-aot, the same jars on that JDK with the AOT cache the
#        build trained (app.aot, -Daot.java; AOT_APP=<another quarkus-app> to try another build, e.g.
#        functions-examples/target/jvm-image/aot/deployments: the image's, as JvmImageIT trains it from the
#        Dockerfile), and funqy-aot, Funqy on that JDK with an AOT cache this script trains once with one served event)
# Prints a Markdown table for bench/RESULTS.md; raw wrk outputs and server logs go to bench/out/<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
STARTS=${STARTS:-5}
XMX=${XMX:-512m}
PORT=${PORT:-18080}
JAVA=${JAVA:-java}
AOT_JAVA=${AOT_JAVA:-}
OUT=$PWD/bench/out/$(date -u +%Y%m%dT%H%M%SZ)
export BENCH_API_TOKEN=${BENCH_API_TOKEN:-bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}
mkdir -p "$OUT"

. bench/wrk-lib.sh
need_wrk

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q ${MAVEN_ARGS:-} install -DskipTests
  mvn -B -q ${MAVEN_ARGS:-} -f bench/pom.xml package -DskipTests
fi

# Bindery runs as the generated Knative Service runs it: with the JVM options the Service sets as JAVA_TOOL_OPTIONS
# (bindery.knative.jvm-options); bindery-before with BEFORE_JVM_OPTIONS (default: the same).
SERVICE_JVM_OPTIONS=$(awk '/name: JAVA_TOOL_OPTIONS/ { getline; sub(/^ *value: */, ""); gsub(/^"|"$/, ""); print; exit }' \
  functions-examples/target/knative/service.yaml)
BEFORE_JVM_OPTIONS=${BEFORE_JVM_OPTIONS-$SERVICE_JVM_OPTIONS}
# Each target: the directory to launch from, then the command. Bindery runs as it ships: with its AppCDS archive,
# which the JVM only accepts when launched from the quarkus-app directory; bindery-plain is the same jar without it.
declare -A DIR=(
  [bindery]=functions-examples/target/quarkus-app
  [bindery-plain]=functions-examples/target/quarkus-app
  [bindery-before]=${BEFORE_APP:-functions-examples/target/quarkus-app}
  [bindery-tokens]=functions-examples/target/quarkus-app
  [bindery-aot]=${AOT_APP:-functions-examples/target/quarkus-app}
  [funqy]=bench/funqy-baseline/target/quarkus-app
  [funqy-aot]=bench/funqy-baseline/target/quarkus-app
  [vertx]=bench/vertx-raw/target
)
declare -A CMD=(
  [bindery]="$JAVA -Xmx$XMX $SERVICE_JVM_OPTIONS -XX:SharedArchiveFile=app-cds.jsa -jar quarkus-run.jar"
  [bindery-plain]="$JAVA -Xmx$XMX $SERVICE_JVM_OPTIONS -jar quarkus-run.jar"
  [bindery-before]="$JAVA -Xmx$XMX $BEFORE_JVM_OPTIONS -XX:SharedArchiveFile=app-cds.jsa -jar quarkus-run.jar"
  [bindery-tokens]="$JAVA -Xmx$XMX $SERVICE_JVM_OPTIONS -XX:SharedArchiveFile=app-cds.jsa -jar quarkus-run.jar"
  [bindery-aot]="$AOT_JAVA -Xmx$XMX $SERVICE_JVM_OPTIONS -XX:AOTCache=app.aot -jar quarkus-run.jar"
  [funqy]="$JAVA -Xmx$XMX -jar quarkus-run.jar"
  [funqy-aot]="$AOT_JAVA -Xmx$XMX -XX:AOTCache=app.aot -jar quarkus-run.jar"
  [vertx]="$JAVA -Xmx$XMX -cp classes:lib/* dev.bindery.bench.vertx.RawGreetServer"
)
# Bindery runs with metrics and tracing on: every request gets the HTTP server span and the function span, exported
# over OTLP/HTTP to a stand-in collector (bench/otlp-sink.py) on another port.
OTLP_PORT=${OTLP_PORT:-14318}
TRACING="QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:$OTLP_PORT"
declare -A ENVS=(
  [bindery]="$TRACING"
  [bindery-plain]="$TRACING"
  [bindery-before]="$TRACING"
  [bindery-aot]="$TRACING"
  # security on with one named API token (bindery.security.tokens.bench.value); default action allow, so the
  # token's caller may call greet: what is added is reading the header, the token check and the caller's extensions
  [bindery-tokens]="$TRACING BINDERY_SECURITY_ENABLED=true BINDERY_SECURITY_TOKENS_BENCH_VALUE=$BENCH_API_TOKEN"
)
# What a target's requests carry besides the event: its curl header and its wrk script.
declare -A HEADER=([bindery-tokens]="bindery-api-token: $BENCH_API_TOKEN")
declare -A SCRIPT=([bindery-tokens]=bench/greet-binary-token.lua)
TARGETS=(${TARGETS:-bindery bindery-plain funqy vertx})
URL="http://127.0.0.1:$PORT/"

auth() { # name -> sets AUTH, the curl options of the target's credential
  AUTH=()
  [ -z "${HEADER[$1]:-}" ] || AUTH=(-H "${HEADER[$1]}")
}

probe() {
  curl -s -o /dev/null -w '%{http_code}' -X POST "$URL" -H 'content-type: application/json' -H 'ce-specversion: 1.0' \
    -H 'ce-id: probe' -H 'ce-type: greet' -H 'ce-source: /bench' "${AUTH[@]}" -d '{"name":"Ada"}' 2>/dev/null || true
}

ready() { # with security on, health on the main port needs the credential too
  curl -s -o /dev/null -w '%{http_code}' "${AUTH[@]}" "http://127.0.0.1:$PORT/q/health/ready" 2>/dev/null || true
}

start() { # name -> sets PID, STARTUP_MS (launch to first served event) and READY_MS (launch to readiness UP, Bindery)
  local t0 t1
  auth "$1"
  t0=$(date +%s%N)
  (cd "${DIR[$1]}" && exec env ${ENVS[$1]:-} PORT=$PORT ${CMD[$1]}) >> "$OUT/$1.server.log" 2>&1 &
  PID=$!
  until [ "$(probe)" = 200 ]; do
    kill -0 "$PID" 2>/dev/null || { echo "$1 died, see $OUT/$1.server.log" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  STARTUP_MS=$(( (t1 - t0) / 1000000 ))
  READY_MS=
  if [[ "$1" == bindery* ]]; then
    until [ "$(ready)" = 200 ]; do
      kill -0 "$PID" 2>/dev/null || { echo "$1 died, see $OUT/$1.server.log" >&2; exit 1; }
      sleep 0.01
    done
    READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  fi
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; sleep 1; }
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$PID/status"; }

# The *-aot targets need a JDK 25+ and their cache: bindery-aot the build's; funqy-aot's is trained here, by the same
# command recording (-XX:AOTCacheOutput) through one served event.
for name in "${TARGETS[@]}"; do
  [[ "$name" == *-aot ]] || continue
  [ -n "$AOT_JAVA" ] || { echo "$name needs AOT_JAVA=<java of a JDK 25+>" >&2; exit 1; }
  if [ "$name" = funqy-aot ] && [ ! -s "${DIR[$name]}/app.aot" ]; then
    CMD[funqy-aot-training]=${CMD[$name]/-XX:AOTCache=/-XX:AOTCacheOutput=}
    DIR[funqy-aot-training]=${DIR[$name]}
    start funqy-aot-training
    stop
  fi
  [ -s "${DIR[$name]}/app.aot" ] || { echo "$name: no ${DIR[$name]}/app.aot (build with -Daot.java=...)" >&2; exit 1; }
done

python3 bench/otlp-sink.py "$OTLP_PORT" > "$OUT/otlp-sink.log" 2>&1 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT

declare -A RPS P50 P99 START RSS STARTS_OF READY READIES_OF
# Start-up: the targets take turns, launch after launch, so drift on the machine hits them alike.
for _ in $(seq "$STARTS"); do
  for name in "${TARGETS[@]}"; do
    start "$name"
    STARTS_OF[$name]="${STARTS_OF[$name]:-} $STARTUP_MS"
    [ -z "$READY_MS" ] || READIES_OF[$name]="${READIES_OF[$name]:-} $READY_MS"
    stop
  done
done
for name in "${TARGETS[@]}"; do
  START[$name]=$(printf '%s\n' ${STARTS_OF[$name]} | median)
  echo "$name: first response ${START[$name]} ms (${STARTS_OF[$name]# })" | tee -a "$OUT/summary.txt" >&2
  if [ -n "${READIES_OF[$name]:-}" ]; then
    READY[$name]=$(printf '%s\n' ${READIES_OF[$name]} | median)
    echo "$name: ready ${READY[$name]} ms (${READIES_OF[$name]# })" | tee -a "$OUT/summary.txt" >&2
  fi
done
if [ "${STARTUP_ONLY:-0}" = 1 ]; then
  for name in "${TARGETS[@]}"; do
    [ -z "${READY[$name]:-}" ] || echo "$name ready / funqy first response: $(awk -v a="${READY[$name]}" -v b="${START[funqy]}" 'BEGIN { printf "%.2f", a / b }')"
    [ "$name" = funqy ] || echo "$name / funqy first response: $(awk -v a="${START[$name]}" -v b="${START[funqy]}" 'BEGIN { printf "%.2f", a / b }')"
  done
  exit 0
fi
for name in "${TARGETS[@]}"; do
  if [ "$name" = bindery-plain ]; then # the same jar as bindery: only its start-up differs
    continue
  fi
  start "$name"
  curl -s -i -X POST "$URL" -H 'content-type: application/json' -H 'ce-specversion: 1.0' -H 'ce-id: 1' \
    -H 'ce-type: greet' -H 'ce-source: /bench' "${AUTH[@]}" -d '{"name":"Ada"}' > "$OUT/$name.reply.txt"
  grep -q 'Hello, Ada!' "$OUT/$name.reply.txt" || { echo "$name does not answer greet" >&2; exit 1; }
  if [ -n "${HEADER[$name]:-}" ]; then # the credential is checked: without it, 401
    AUTH=()
    [ "$(probe)" = 401 ] || { echo "$name answers greet without its credential" >&2; exit 1; }
    auth "$name"
  fi
  script=${SCRIPT[$name]:-bench/greet-binary.lua}
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$URL" > "$OUT/$name.warmup.txt"
  rps=(); p50=(); p99=()
  for r in $(seq "$ROUNDS"); do
    f="$OUT/$name.run$r.txt"
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$URL" > "$f"
    if grep -q 'Non-2xx' "$f"; then echo "$name answered non-2xx, see $f" >&2; exit 1; fi
    rps+=("$(awk '/Requests\/sec/ { print $2 }' "$f")")
    p50+=("$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")")
    p99+=("$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")")
  done
  RSS[$name]=$(rss_mb)
  stop
  RPS[$name]=$(printf '%s\n' "${rps[@]}" | median)
  P50[$name]=$(printf '%s\n' "${p50[@]}" | median)
  P99[$name]=$(printf '%s\n' "${p99[@]}" | median)
  echo "$name: ${RPS[$name]} req/s (runs: ${rps[*]}), p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, RSS ${RSS[$name]} MB" | tee -a "$OUT/summary.txt" >&2
done

if [[ -n "${BEFORE_APP:-}" && -n "${RPS[bindery-before]:-}" && -n "${RPS[bindery]:-}" ]]; then
  echo "after / before: requests/s $(ratio "${RPS[bindery]}" "${RPS[bindery-before]}"), p50 $(ratio "${P50[bindery]}" "${P50[bindery-before]}"), p99 $(ratio "${P99[bindery]}" "${P99[bindery-before]}")" | tee -a "$OUT/summary.txt"
fi
if [[ -n "${RPS[bindery-tokens]:-}" && -n "${RPS[bindery]:-}" ]]; then
  echo "tokens on / tokens off: requests/s $(ratio "${RPS[bindery-tokens]}" "${RPS[bindery]}") (target >= 0.95), p50 $(ratio "${P50[bindery-tokens]}" "${P50[bindery]}"), p99 $(ratio "${P99[bindery-tokens]}" "${P99[bindery]}")" | tee -a "$OUT/summary.txt"
fi
# the full table needs every target
for needed in bindery bindery-plain funqy vertx; do
  [[ -n "${START[$needed]:-}" ]] || exit 0
done
{
  echo "Date: $(date -u +%Y-%m-%d) | Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr) | JDK: $($JAVA -version 2>&1 | head -1)"
  echo "Bindery with metrics (Prometheus registry) and tracing on (OTLP/HTTP export to a local sink), with its Knative Service's JVM options (${SERVICE_JVM_OPTIONS:-none}); Funqy as it ships (no OpenTelemetry)"
  echo "Command: ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS STARTS=$STARTS XMX=$XMX bench/http-load.sh (wrk -t2 -c$CONNECTIONS, server and wrk share the cores; medians)"
  echo
  echo "| | Bindery greet (binary CE) | plain Funqy knative-events | raw Vert.x, same bytes | Bindery / Funqy | Bindery / raw Vert.x |"
  echo "|---|---|---|---|---|---|"
  echo "| launch to first response without AppCDS (ms) | ${START[bindery-plain]} | ${START[funqy]} | ${START[vertx]} | $(ratio "${START[bindery-plain]}" "${START[funqy]}") | $(ratio "${START[bindery-plain]}" "${START[vertx]}") |"
  echo "| requests/s | ${RPS[bindery]} | ${RPS[funqy]} | ${RPS[vertx]} | $(ratio "${RPS[bindery]}" "${RPS[funqy]}") | $(ratio "${RPS[bindery]}" "${RPS[vertx]}") |"
  echo "| p50 latency (ms) | ${P50[bindery]} | ${P50[funqy]} | ${P50[vertx]} | $(ratio "${P50[bindery]}" "${P50[funqy]}") | $(ratio "${P50[bindery]}" "${P50[vertx]}") |"
  echo "| p99 latency (ms) | ${P99[bindery]} | ${P99[funqy]} | ${P99[vertx]} | $(ratio "${P99[bindery]}" "${P99[funqy]}") | $(ratio "${P99[bindery]}" "${P99[vertx]}") |"
  echo "| launch to first response, as shipped with AppCDS (ms) | ${START[bindery]} | ${START[funqy]} | ${START[vertx]} | $(ratio "${START[bindery]}" "${START[funqy]}") | $(ratio "${START[bindery]}" "${START[vertx]}") |"
  echo "| launch to readiness UP, as shipped (ms) | ${READY[bindery]} | – | – | – | – |"
  echo "| RSS after the runs (MB, -Xmx$XMX) | ${RSS[bindery]} | ${RSS[funqy]} | ${RSS[vertx]} | $(ratio "${RSS[bindery]}" "${RSS[funqy]}") | $(ratio "${RSS[bindery]}" "${RSS[vertx]}") |"
} | tee "$OUT/table.md"
