#!/usr/bin/env bash
# Fuzzes every Jazzer target (@FuzzTest) for a given time each, one after the other.
#   bench/fuzz.sh [duration]        duration per target as Jazzer reads it (default 10m): 30s, 5m, 1h
# Crashers are written next to the target's seeds (src/test/resources/<package>/<TestClass>Inputs/<method>/) and
# then run as regression inputs by every build; libFuzzer's growing corpus goes to .cifuzz-corpus/ (git-ignored).
# Without JAZZER_FUZZ the same tests only run their committed inputs (the normal build does that).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10m}"
TARGETS=(
  "function-host/core:HttpExchangeFuzzTest"
  "lambda:AwsEventsFuzzTest"
  "bindings-camel:BindingReadersFuzzTest"
  "bindings-camel-aws:SqsReaderFuzzTest"
  "pubsub-kafka:KafkaRecordReaderFuzzTest"
  "function-host/core:SecretFilesFuzzTest"
  "function-host/core:CredentialsFuzzTest"
  "function-host/core:ScheduleFuzzTest"
)
mkdir -p bench/out
status=0
for target in "${TARGETS[@]}"; do
  module="${target%%:*}"
  test="${target##*:}"
  log="bench/out/fuzz-${test}.log"
  echo "== ${test} (${module}) for ${DURATION}"
  # coverage feedback also from the CloudEvents SDK and Jackson, which parse what the targets are given
  if JAZZER_FUZZ=1 mvn -B -o -q test -pl "${module}" -am -Dtest="${test}" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.max_duration="${DURATION}" \
      -Djazzer.instrumentation_includes='dev.bindery.**:io.cloudevents.**:com.fasterxml.jackson.**' \
      > "${log}" 2>&1; then
    result="no crash"
  else
    result="FAILED (see ${log})"
    status=1
  fi
  runs="$(grep -a -o 'Done [0-9]* runs in [0-9]* second(s)' "${log}" | tail -1 || true)"
  echo "   ${runs:-no fuzzing summary}: ${result}"
  grep -a -o 'Test unit written to [^ ]*' "${log}" | sed 's/^/   /' || true
done
exit "${status}"
