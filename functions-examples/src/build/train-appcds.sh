#!/usr/bin/env bash
# Trains the application's AppCDS archive. The archive Quarkus builds holds the classes of static initialisation only
# (its generation run stops there); this run starts the packaged application for real, serves one event, waits for
# readiness and exits, so the archive also holds the classes of runtime initialisation, of the first request (most of
# the time to the first served event) and of the background starts that readiness waits for.
# With "aot" and a JDK 25 or newer (a JDK home or its java), the same run trains that JDK's AOT cache instead
# (JEP 483 classes loaded and linked, JEP 515 method profiles; JEP 514's one step): the JVM records during the run and,
# at exit, writes app.aot (a second JVM assembles it, some seconds). The run uses the JVM options the generated Knative
# Service sets (JAVA_TOOL_OPTIONS of ../knative/service.yaml), since the cache holds what was recorded under them.
# Usage: train-appcds.sh <quarkus-app directory> [aot <JDK 25+>]. Needs bash only (no curl).
set -euo pipefail
app=$1
if [ "${2:-}" = aot ]; then
  jdk=${3:-}
  [ -n "$jdk" ] || { echo "No AOT cache trained: set aot.java to a JDK 25 or newer to train app.aot"; exit 0; }
  java=$jdk
  [ -d "$jdk" ] && java=$jdk/bin/java
  "$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
    || { echo "aot.java=$jdk is not a JDK 25 or newer (no -XX:AOTCacheOutput)" >&2; exit 1; }
  archive=app.aot record=-XX:AOTCacheOutput
  options=$(awk '/name: JAVA_TOOL_OPTIONS/ { getline; sub(/^ *value: */, ""); gsub(/^"|"$/, ""); print; exit }' \
    "$app/../knative/service.yaml" 2>/dev/null || true)
else
  java=${JAVA_HOME:+$JAVA_HOME/bin/}java archive=app-cds.jsa record=-XX:ArchiveClassesAtExit options=
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$app"
rm -f "$archive.trained"
# state and bindings in a scratch directory: the training leaves nothing behind
PORT=0 "$java" $options "$record=$archive.trained" \
  -Dbindery.state.default.data-dir="$work/state/default" -Dbindery.state.orders.data-dir="$work/state/orders" \
  -Dbindery.bindings.uploads.file="$work/uploads" -Dbindery.bindings.uploads-failed.file="$work/uploads-failed" \
  -Dbindery.bindings.reports.file="$work/reports" \
  -jar quarkus-run.jar > "$work/app.log" 2>&1 &
pid=$!
port=
for _ in $(seq 600); do
  port=$(sed -n 's/.*Listening on: http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$work/app.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "The application did not start" >&2; kill "$pid"; exit 1; }
body='{"name":"Ada"}'
# the port is logged as the server binds it; on a loaded machine the first connection can still be refused
connected=
for _ in $(seq 50); do
  if exec 3<>"/dev/tcp/127.0.0.1/$port"; then connected=1; break; fi
  sleep 0.1
done 2>/dev/null
[ -n "$connected" ] || { echo "The application refused connections on port $port" >&2; kill "$pid"; exit 1; }
printf 'POST / HTTP/1.1\r\nHost: localhost\r\nce-specversion: 1.0\r\nce-id: training\r\nce-source: /appcds\r\nce-type: greet\r\ncontent-type: application/json\r\ncontent-length: %d\r\nConnection: close\r\n\r\n%s' "${#body}" "$body" >&3
reply=$(cat <&3)
exec 3>&-
case "$reply" in
  "HTTP/1.1 200"*) ;;
  *) echo "The training event failed: $reply" >&2; kill "$pid"; exit 1 ;;
esac
# then until readiness is UP: the state stores, subscriptions and input bindings start in the background, and their
# classes belong in the archive too (without them, start-up to readiness loads some 2,600 classes from the jars)
ready=
for _ in $(seq 600); do
  if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
    printf 'GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
    status=$(head -c 12 <&3)
    exec 3>&-
    [ "$status" = "HTTP/1.1 200" ] && { ready=1; break; }
  fi
  kill -0 "$pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
  sleep 0.1
done 2>/dev/null
[ -n "$ready" ] || { echo "The application did not become ready" >&2; kill "$pid"; exit 1; }
# readiness does not wait for the store the actor runtime opens in the background: wait for it too (its log line)
for _ in $(seq 600); do
  grep -q "State store '.*' (.*) opened in" "$work/app.log" && break
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid" || true
[ -s "$archive.trained" ] || { echo "No archive was written" >&2; cat "$work/app.log" >&2; exit 1; }
mv -f "$archive.trained" "$archive"
echo "$archive trained with one event and readiness ($("$java" -version 2>&1 | sed -n 2p)): $app/$archive"
