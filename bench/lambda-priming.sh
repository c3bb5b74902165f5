#!/usr/bin/env bash
# The first invocations of the example Lambda package after start-up, with SnapStart's priming done at start-up
# (BINDERY_LAMBDA_PRIME_ON_START=true, what a restored snapshot has done) and without, launches alternating; run by the
# official runtime interface client against a loopback Runtime API, with Lambda's -XX:TieredStopAtLevel=1.
# Usage: bench/lambda-priming.sh [launches per mode=10]   (SKIP_BUILD=1 reuses the last build)
# Prints a Markdown table for bench/RESULTS.md; the raw output goes to bench/out/lambda-priming-<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q package -Pbench -pl bench/lambda-bench,functions-examples-lambda -am -DskipTests -Dinvoker.test=none
fi
OUT=$PWD/bench/out/lambda-priming-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
{
  echo "Date: $(date -u +%Y-%m-%d) | Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr) | JDK: $(${JAVA:-java} -version 2>&1 | head -1)"
  echo "Command: bench/lambda-priming.sh ${1:-10}"
  ${JAVA:-java} -cp "bench/lambda-bench/target/classes:bench/lambda-bench/target/lib/*" dev.bindery.bench.lambda.PrimingBench \
    functions-examples-lambda/target/function.zip "${1:-10}" 2>"$OUT/stderr.log"
} | tee "$OUT/result.txt"
