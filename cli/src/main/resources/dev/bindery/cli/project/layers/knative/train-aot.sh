#!/usr/bin/env bash
# Trains the image's start-up archive: Dockerfile.jvm runs it while the image is built, with the image's own JVM (an
# archive is used only by the very JVM build that wrote it). It starts the packaged app from a scratch directory (what
# the app writes stays there), waits until it is ready and stops it; at exit the JVM writes what it loaded, linked and
# profiled. "aot" (a JDK 25 or newer): the AOT cache app.aot, recorded under the JVM options of the Knative Service
# (JAVA_TOOL_OPTIONS of its service.yaml), as the cache holds what was recorded under them; "appcds": an AppCDS archive,
# app-cds.jsa. To train the first event's classes too, send one of your events where it waits for readiness.
# Usage: train-aot.sh <quarkus-app directory> aot|appcds <JDK home> [<service.yaml>]. Needs bash only (no curl).
set -euo pipefail
set -f # the JVM options below are split into words, never globbed
app=$(cd "$1" && pwd) kind=$2 java=$3/bin/java service=${4:-}
case "$kind" in
  aot)
    "$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
      || { echo "$3 is not a JDK 25 or newer (no -XX:AOTCacheOutput): build with STARTUP_ARCHIVE=appcds" >&2; exit 1; }
    archive=app.aot record=-XX:AOTCacheOutput options=
    if [ -n "$service" ] && [ ! -f "$service" ]; then
      echo "No $service (built without the Knative manifests): trained without the Service's JVM options"
      service=
    fi
    [ -z "$service" ] || options=$(awk '/name: JAVA_TOOL_OPTIONS/ { getline; sub(/^ *value: */, ""); gsub(/^"|"$/, ""); print; exit }' "$service")
    ;;
  appcds) archive=app-cds.jsa record=-XX:ArchiveClassesAtExit options= ;;
  *) echo "Unknown archive '$kind': aot or appcds" >&2; exit 2 ;;
esac
work=$(mktemp -d) pid=
# whatever ends the script, the application does not outlive it
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
rm -f "$app/$archive.trained"
: > app.log # there before the first look for the port
# compressed oops explicitly on, as the image runs with them (the archive records their mode)
PORT=0 "$java" $options -XX:+UseCompressedOops "$record=$app/$archive.trained" -jar "$app/quarkus-run.jar" > app.log 2>&1 &
pid=$!
ready=
for _ in $(seq 600); do
  port=$(sed -n 's/.*Listening on: http:\/\/[^:]*:\([0-9]*\).*/\1/p' app.log | head -1)
  if [ -n "$port" ] && exec 3<>"/dev/tcp/127.0.0.1/$port"; then
    printf 'GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
    status=$(head -c 12 <&3)
    exec 3>&-
    [ "$status" = "HTTP/1.1 200" ] && { ready=1; break; }
  fi
  kill -0 "$pid" 2>/dev/null || { cat app.log >&2; exit 1; }
  sleep 0.1
done 2>/dev/null
[ -n "$ready" ] || { echo "The application did not become ready:" >&2; cat app.log >&2; kill "$pid"; exit 1; }
kill -TERM "$pid"
wait "$pid" || true
pid=
[ -s "$app/$archive.trained" ] || { echo "No archive was written:" >&2; cat app.log >&2; exit 1; }
mv -f "$app/$archive.trained" "$app/$archive"
echo "$archive trained up to readiness ($("$java" -version 2>&1 | sed -n 2p))"
