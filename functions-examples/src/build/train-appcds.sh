#!/usr/bin/env bash
# Trains the application's AppCDS archive. The archive Quarkus builds holds the classes of static initialisation only
# (its generation run stops there); this run starts the packaged application for real, serves one event, waits for
# readiness and exits, so the archive also holds the classes of runtime initialisation, of the first request (most of
# the time to the first served event) and of the background starts that readiness waits for.
# With "aot" and a JDK 25 or newer (a JDK home or its java), the same run trains that JDK's AOT cache instead
# (JEP 483 classes loaded and linked, JEP 515 method profiles; JEP 514's one step): the JVM records during the run and,
# at exit, writes app.aot (a second JVM assembles it, some seconds). The run uses the JVM options the generated Knative
# Service sets (JAVA_TOOL_OPTIONS of its service.yaml, by default ../knative/service.yaml beside the quarkus-app
# directory), since the cache holds what was recorded under them.
# An archive is used only by the very JVM build that wrote it: the build trains them for its own JDKs, the image
# (src/main/docker/Dockerfile.jvm) trains its own with this script and the image's JVM.
# Usage: train-appcds.sh <quarkus-app directory> [aot|appcds <JDK> [<service.yaml>]]
#   (appcds is the default, with JAVA_HOME's java when no JDK is given). Needs bash only (no curl).
set -euo pipefail
set -f # the JVM options below are split into words, never globbed
app=$1 kind=${2:-appcds} jdk=${3:-} service=${4:-$1/../knative/service.yaml}
[ -z "${4:-}" ] || [ -f "$4" ] \
  || echo "No $4 (built without the Knative manifests): trained without the Service's JVM options"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -z "$jdk" ] || java=$jdk
[ ! -d "$jdk" ] || java=$jdk/bin/java
case "$kind" in
  aot)
    [ -n "$jdk" ] || { echo "No AOT cache trained: set aot.java to a JDK 25 or newer to train app.aot"; exit 0; }
    "$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
      || { echo "$jdk is not a JDK 25 or newer (no -XX:AOTCacheOutput): no AOT cache" >&2; exit 1; }
    archive=app.aot record=-XX:AOTCacheOutput
    options=$(awk '/name: JAVA_TOOL_OPTIONS/ { getline; sub(/^ *value: */, ""); gsub(/^"|"$/, ""); print; exit }' \
      "$service" 2>/dev/null || true)
    ;;
  appcds) archive=app-cds.jsa record=-XX:ArchiveClassesAtExit options= ;;
  *) echo "Unknown archive '$kind': aot or appcds" >&2; exit 2 ;;
esac
work=$(mktemp -d) pid=
# whatever ends the script, the application does not outlive it
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$app"
rm -f "$archive.trained"
: > "$work/app.log" # there before the first look for the port
# state and bindings in a scratch directory: the training leaves nothing behind. Compressed oops explicitly on, as the
# image runs with them (the archive records their mode; a JVM with another refuses it)
PORT=0 "$java" $options -XX:+UseCompressedOops "$record=$archive.trained" \
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
pid=
[ -s "$archive.trained" ] || { echo "No archive was written" >&2; cat "$work/app.log" >&2; exit 1; }
mv -f "$archive.trained" "$archive"
echo "$archive trained with one event and readiness ($("$java" -version 2>&1 | sed -n 2p)): $app/$archive"
