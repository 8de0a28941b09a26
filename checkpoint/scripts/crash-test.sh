#!/usr/bin/env bash
# The long crash test: the test pipeline (NumberPipeline) in a child JVM, SIGKILLed at random instants KILLS times (default 500),
# restarted each time, its output compared byte for byte with the reference. About 0.4 s per kill on 2 cores.
#   checkpoint/scripts/crash-test.sh [KILLS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
kills="${1:-500}"
seed_arg=()
[ -n "${2:-}" ] && seed_arg=("-Dkernkit.crash.seed=$2")
exec ./mvnw -B -pl checkpoint verify -Dtest='CrashRestartTest#aPipelineKilled*' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkernkit.crash.kills="$kills" "${seed_arg[@]}"
