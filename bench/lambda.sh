#!/usr/bin/env bash
# Lambda init and warm invocation latency: the example package (functions-examples-lambda/target/function.zip, every
# function in one package) against plain Quarkus Funqy Amazon Lambda with the same greet function, both run by the
# official runtime interface client against a loopback Runtime API, launches alternating.
# Usage: bench/lambda.sh [launches=5] [warm invocations=2000]   (SKIP_BUILD=1 reuses the last build; APPCDS=off
# builds the package without its AppCDS archive, as it ships by default; MAVEN_ARGS are
# passed to every Maven call, e.g. MAVEN_ARGS="-Dmaven.repo.local=../m2-private -Dinvoker.test=none")
# Prints a Markdown table for bench/RESULTS.md; the raw output goes to bench/out/lambda-<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # APPCDS=off measures the package as it ships by default, without the archive (it is trained here for this JVM only)
  ./mvnw -B -q ${MAVEN_ARGS:-} install -DskipTests -Dbindery.appcds.train.skip=$([ "${APPCDS:-on}" = off ] && echo true || echo false)
  ./mvnw -B -q ${MAVEN_ARGS:-} -f bench/pom.xml package -DskipTests -pl funqy-lambda-baseline,lambda-bench
fi
OUT=$PWD/bench/out/lambda-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
{
  echo "Date: $(date -u +%Y-%m-%d) | Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr) | JDK: $(${JAVA:-java} -version 2>&1 | head -1)"
  echo "Command: bench/lambda.sh ${1:-5} ${2:-2000} (launched as Lambda does: the runtime client loads the package, -XX:TieredStopAtLevel=1, the package's AppCDS archive when it has one; init = process start to the first response)"
  ${JAVA:-java} -cp "bench/lambda-bench/target/classes:bench/lambda-bench/target/lib/*" dev.bindery.bench.lambda.LambdaBench \
    functions-examples-lambda/target/function.zip bench/funqy-lambda-baseline/target/function.zip "${1:-5}" "${2:-2000}" \
    2>"$OUT/stderr.log"
} | tee "$OUT/result.txt"
