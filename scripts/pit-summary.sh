#!/usr/bin/env bash
# Summarises a PIT mutations.xml: the score (KILLED and TIMED_OUT count as killed, as PIT counts them), the score
# per class, and every mutant that was not killed, sorted by class and line, for docs/TESTING.md.
#   scripts/pit-summary.sh <module>/target/pit-reports/mutations.xml
set -euo pipefail
xml=${1:?usage: scripts/pit-summary.sh <module>/target/pit-reports/mutations.xml}
# PIT writes one <mutation> element per line, and flushes the file in chunks while it runs: a whole line is a
# finished mutant, so a running analysis can be summarised too (its last, cut line is left out).
grep '<mutation .*</mutation>' "$xml" | sed -E \
  -e "s|.*status='([A-Z_]+)'.*<mutatedClass>([^<]*)</mutatedClass><mutatedMethod>([^<]*)</mutatedMethod>.*<lineNumber>([0-9]+)</lineNumber>.*<description>([^<]*)</description>.*|\1\t\2\t\3\t\4\t\5|" \
  -e 's/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' |
awk -F'\t' '
  { total++; n[$2]++ }
  $1 == "KILLED" || $1 == "TIMED_OUT" || $1 == "MEMORY_ERROR" || $1 == "RUN_ERROR" { killed++; k[$2]++; next }
  { lost[++nl] = $2 "\t" $4 "\t" $1 "\t" $3 "\t" $5 }
  END {
    printf "killed %d / %d = %.1f %%\n\nper class (killed / mutants):\n", killed, total, total ? 100 * killed / total : 0
    for (c in n) printf "  %s %d / %d\n", c, k[c], n[c] | "sort"
    close("sort")
    printf "\nnot killed (class, line, status, method, mutation):\n"
    for (i = 1; i <= nl; i++) print "  " lost[i] | "sort -t \"\t\" -k1,1 -k2,2n"
  }'
