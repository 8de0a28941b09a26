#!/usr/bin/env bash
# Runs N kernkit launchers at once on a stale tree (default 3) and fails unless every one of them succeeds.
# The launcher serialises its rebuild with a lock; without it, parallel builds wrote into the same target/
# folders and one run failed with "class file truncated".
#   scripts/launcher-race.sh [N]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
touch "$root/cli/src/main/java/org/kernkit/cli/Kernkit.java"   # makes the tree stale
pids=()
for i in $(seq 1 "$n"); do
  "$root/kernkit" --version >"$out/$i.out" 2>"$out/$i.err" &
  pids+=($!)
done
failed=0
ok=0
for i in $(seq 1 "$n"); do
  if ! wait "${pids[$((i - 1))]}" || ! grep -q '^kernkit ' "$out/$i.out"; then
    echo "launcher $i of $n failed:" >&2
    cat "$out/$i.err" >&2
    failed=1
  else
    ok=$((ok + 1))
  fi
done
builds=$(grep -l 'building cli' "$out"/*.err | wc -l)
echo "$n launchers at once on a stale tree: $ok succeeded, $builds rebuilt the jar"
exit "$failed"
