#!/usr/bin/env bash
# Measures this checkout's app against the one built from another commit (default: the commit
# before the kept-alive transport), each in its own JVM, with the same sandbox and load.
# Usage: src/bench/compare-builds.sh [COMMIT]    BENCH_SECONDS=10 by default; BENCH_JFR=1 also records
# each app with Java Flight Recorder into target/bench-before.jfr and target/bench-after.jfr.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-63100e7}
old=target/bench-base
rm -rf "$old"
git worktree prune
git worktree add --force --detach "$old" "$base" >/dev/null
build() {
  (cd "$1" && mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
}
build "$old"
build .
BUILDS="before=$old,after=." mvn -q exec:java -Dexec.mainClass=org.contactlookup.bench.TransportComparison
git worktree remove --force "$old"
