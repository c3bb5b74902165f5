#!/usr/bin/env bash
# Kafka end to end: Bindery publish → function against a raw kafka-clients produce/consume loop, on one KRaft broker
# started in the benchmark's JVM, rounds alternating. Usage: bench/pubsub-kafka.sh [events] [rounds]
# (SKIP_BUILD=1 reuses the last build). Prints a Markdown table for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q install -DskipTests
  mvn -B -q -f bench/pom.xml package -DskipTests -pl pubsub-kafka-bench
fi
OUT=$PWD/bench/out/pubsub-kafka-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
${JAVA:-java} -Xmx1g ${JAVA_OPTS:-} -cp "bench/pubsub-kafka-bench/target/classes:bench/pubsub-kafka-bench/target/lib/*" \
  dev.bindery.bench.pubsub.KafkaEndToEnd "${1:-50000}" "${2:-3}" 2>"$OUT/stderr.log" | tee "$OUT/result.txt"
