#!/usr/bin/env bash
# Merges PIT mutations.xml files of the same main code (a full run and class-limited runs of tests written
# after it) into one list, a mutant per line, on standard output: a mutant counts as killed if any run killed it.
# Runs of different main code must not be merged: their mutants differ. Summarise the result with
# scripts/pit-summary.sh:
#   scripts/pit-union.sh full/mutations.xml extra1/mutations.xml ... > union.xml && scripts/pit-summary.sh union.xml
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/pit-union.sh mutations.xml [mutations.xml ...]" >&2; exit 2; }
# The key is everything that names the mutant (class, method, descriptor, line, mutator, indexes), not its result.
grep -h '<mutation .*</mutation>' "$@" | awk '
  {
    key = $0
    sub(/^<mutation [^>]*>/, "", key); sub(/<killingTest>.*$/, "", key); sub(/<blocks>.*$/, "", key)
    killed = $0 ~ /status=.(KILLED|TIMED_OUT|MEMORY_ERROR|RUN_ERROR)./
    if (!(key in line) || (killed && !(key in won))) { line[key] = $0; if (killed) won[key] = 1 }
    if (!(key in order)) { order[key] = ++n; keys[n] = key }
  }
  END { for (i = 1; i <= n; i++) print line[keys[i]] }'
