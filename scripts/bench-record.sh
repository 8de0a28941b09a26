#!/usr/bin/env bash
# Runs one component's JMH benchmarks, with the peers in the same run, and records the result so that every figure
# in docs/ has a command and the commit it measured:
#   docs/bench/results/<component>-<commit>.json   JMH's results (the input of ./kernkit bench-report)
#   docs/bench/results/<component>-<commit>.txt    the command, the commit, the JDK, the machine, and the load
#                                                   (uptime) before and after
#   docs/bench/results/<component>-<commit>.log    JMH's own text output (per-fork lines, profiler output)
# then redraws the component's charts into docs/bench/charts.
#
#   scripts/bench-record.sh COMPONENT [EXTRA JMH ARGS]     COMPONENT: flexarray clock vfat vfat-build checkpoint vmbus
#
# The tree must be clean (the commit names the code measured). Runs are serialised on /tmp/kernkit-bench.lock, so
# two recordings never share the cores with each other.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

component=${1:-}
[ -n "$component" ] || { echo "usage: scripts/bench-record.sh flexarray|clock|vfat|vfat-build|checkpoint|vmbus [JMH ARGS]" >&2; exit 2; }
shift
case "$component" in
  # Every issue-15 target at 2^16 and 2^24 with every peer (long[], fastutil, one MemorySegment, and the 16 KiB-page
  # long[][] of Elasticsearch's design, the same shape as ours), two forks (the memory-bound 2^24 figures move by
  # tens of percent between forks), about 11 minutes.
  flexarray)  benchmarks=('FlexArrayAccessBench.(random(Get|Put)(FlexHeap|FlexNative|LongArray|FastutilBigArrays|MemorySegment|Paged16k)|sum(LongArray|FastutilBigArrays|MemorySegment|Paged16k|FlexHeapReduce|FlexNativeReduce))$' -f 2 -wi 3 -i 5 -w 1s -r 1s) ;;
  clock)      benchmarks=("org.kernkit.bench.clock.ClockRead" -f 2 -wi 3 -i 5 -w 1s -r 1s) ;;
  # vfat build of a 1 GiB tree against mkfs.fat + mcopy -s (each with and without a final sync).
  vfat-build) benchmarks=(VfatBuildBenchmark -p sizeMiB=1024 -f 1 -wi 2 -i 5) ;;
  vfat)       benchmarks=("org.kernkit.bench.vfat.Vfat(Copy|ManyFiles)" -f 1 -wi 1 -i 3) ;;
  checkpoint) benchmarks=("org.kernkit.bench.checkpoint" -f 1 -wi 3 -i 5 -w 1s -r 2s) ;;
  # One thread (ring cost) and two threads (hand-off); the log's [cpu-share] lines tell forks on two CPUs from
  # forks whose threads shared one.
  vmbus)      benchmarks=("org.kernkit.bench.vmbus.(RingCost|ThreadRing)Benchmark" -f 3 -wi 3 -i 5 -w 1s -r 1s) ;;
  *) echo "bench-record: unknown component '$component' (flexarray, clock, vfat, vfat-build, checkpoint, vmbus)" >&2; exit 2 ;;
esac

# Results and charts of earlier recordings may be waiting to be committed with their write-up; any other change
# would make the commit name code that was not measured.
if [ -n "$(git status --porcelain -- . ':!docs/bench/results' ':!docs/bench/charts')" ]; then
  echo "bench-record: the tree has uncommitted changes; commit first, so that the results name the code measured" >&2
  exit 1
fi
commit=$(git rev-parse --short=7 HEAD)
results="docs/bench/results/$component-$commit"
mkdir -p docs/bench/results docs/bench/charts

exec 8>/tmp/kernkit-bench.lock
flock 8
{
  echo "command: ./kernkit bench ${benchmarks[*]} $* -rf json -rff $results.json"
  echo "commit: $commit ($(git log -1 --format=%cd --date=iso-strict))"
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "started: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results.txt"
./kernkit bench "${benchmarks[@]}" "$@" -rf json -rff "$results.json" | tee "$results.log"
echo "ended: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results.txt"
grep -m1 -E '^# VM version' "$results.log" | sed 's/^# /jdk: /' >> "$results.txt" || true
flock -u 8
./kernkit bench-report "$results.json" -o docs/bench/charts
cat "$results.txt"
