#!/usr/bin/env bash
# Actor calls over HTTP on loopback, two members of one Infinispan cluster (the packaged example app twice, its default
# store clustered over JGroups TCP): a call reaching the member that owns the actor (local) against one reaching the
# other member and forwarded to the owner, with the plain function greet on the same member as the baseline, in turns.
#
# Usage: bench/actors-load.sh   (env: ROUNDS=3 DURATION=15s WARMUP=5s CONNECTIONS="1 16" XMX=512m SKIP_BUILD=1)
# Prints a Markdown table for bench/RESULTS.md; wrk outputs and member logs go to bench/out/<timestamp>-actors/.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-"1 16"}
XMX=${XMX:-512m}
JAVA=${JAVA:-java}
OUT=$PWD/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-actors
mkdir -p "$OUT"

. bench/wrk-lib.sh
need_wrk

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q package -pl functions-examples -am -DskipTests -Dinvoker.skip
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HTTP=("$(free_port)" "$(free_port)")
JG=("$(free_port)" "$(free_port)")
HOSTS="127.0.0.1[${JG[0]}],127.0.0.1[${JG[1]}]"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

for i in 0 1; do
  data=$(mktemp -d)
  (cd functions-examples/target/quarkus-app && PORT=${HTTP[$i]} EXAMPLES_SECRETS_FILE=../../secrets/local.json \
    exec $JAVA -Xmx$XMX \
      -Dbindery.state.default.mode=clustered -Dbindery.state.default.data-dir="$data/default" \
      -Dbindery.state.default.cluster.name=bindery-bench-${JG[0]} -Dbindery.state.default.cluster.bind-address=127.0.0.1 \
      -Dbindery.state.default.cluster.bind-port=${JG[$i]} -Dbindery.state.default.cluster.initial-hosts="$HOSTS" \
      -Dbindery.actors.advertised-url=http://127.0.0.1:${HTTP[$i]} -Dbindery.state.orders.data-dir="$data/orders" \
      -Dbindery.bindings.uploads.file="$data/uploads" -Dbindery.bindings.uploads-failed.file="$data/uploads-failed" \
      -Dbindery.bindings.reports.file="$data/reports" -Dquarkus.otel.enabled=false \
      -jar quarkus-run.jar) > "$OUT/member-$i.log" 2>&1 &
  PIDS+=($!)
done
for i in 0 1; do
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:${HTTP[$i]}/q/health/ready" >/dev/null && break
    sleep 0.2
  done
done
A=http://127.0.0.1:${HTTP[0]}
forwarded() { curl -s "$A/q/metrics" | awk '/^bindery_actor_forwarded_total\{.*type="Cart"/ { n += $NF } END { print n + 0 }'; }

# find a cart the first member owns and one the second member owns: a call through the first member is forwarded
# only for the latter
LOCAL= REMOTE=
for n in $(seq 1 64); do
  before=$(forwarded)
  curl -sf -o /dev/null -X POST "$A/v1.0/actors/Cart/bench-$n/method/contents" -H 'content-type: application/json' -d '{}'
  after=$(forwarded)
  if awk -v a="$after" -v b="$before" 'BEGIN { exit !(a > b) }'; then REMOTE=${REMOTE:-bench-$n}; else LOCAL=${LOCAL:-bench-$n}; fi
  [ -n "$LOCAL" ] && [ -n "$REMOTE" ] && break
done
echo "local actor: $LOCAL, forwarded actor: $REMOTE" | tee "$OUT/ids.txt"

declare -A URL=(
  [function]="$A/greet"
  [actor-local]="$A/v1.0/actors/Cart/$LOCAL/method/contents"
  [actor-forwarded]="$A/v1.0/actors/Cart/$REMOTE/method/contents"
)
run() { # kind connections seconds -> wrk output file
  local kind=$1 c=$2 d=$3 file=$4
  wrk -t1 -c"$c" -d"$d" --latency -s bench/actor-call.lua "${URL[$kind]}" > "$file"
}
for kind in function actor-local actor-forwarded; do run "$kind" 4 "$WARMUP" "$OUT/warmup-$kind.txt"; done
for round in $(seq 1 "$ROUNDS"); do
  kinds=(function actor-local actor-forwarded)
  [ $((round % 2)) = 0 ] && kinds=(actor-forwarded actor-local function)
  for c in $CONNECTIONS; do
    for kind in "${kinds[@]}"; do run "$kind" "$c" "$DURATION" "$OUT/$kind-c$c-r$round.txt"; done
  done
done

jdk=$($JAVA -version 2>&1 | head -1)
echo
echo "Date: $(date -u +%F) | Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) | JDK: $jdk | Command: bench/actors-load.sh (ROUNDS=$ROUNDS DURATION=$DURATION)"
echo
echo "| connections | call | p50 (ms, range) | p99 (ms, range) | req/s (range) | p50 / function p50 |"
echo "|---|---|---|---|---|---|"
for c in $CONNECTIONS; do
  base=$(for r in $(seq 1 "$ROUNDS"); do to_ms "$(awk '/ 50%/ { print $2 }' "$OUT/function-c$c-r$r.txt")"; done | median)
  for kind in function actor-local actor-forwarded; do
    p50s=() p99s=() rps=()
    for r in $(seq 1 "$ROUNDS"); do
      f="$OUT/$kind-c$c-r$r.txt"
      p50s+=("$(to_ms "$(awk '/ 50%/ { print $2 }' "$f")")")
      p99s+=("$(to_ms "$(awk '/ 99%/ { print $2 }' "$f")")")
      rps+=("$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$f")")
    done
    range() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'; }
    med=$(printf '%s\n' "${p50s[@]}" | median)
    echo "| $c | $kind | $(range "${p50s[@]}") | $(range "${p99s[@]}") | $(range "${rps[@]}") | $(ratio "$med" "$base") |"
  done
done
