#!/usr/bin/env bash
# bench/run.sh: runs the reference-workload benchmark and prints a summary.
#
# Design note. Builds nothing: it expects build/ to hold bench_baseline,
# bench_doudi and doudi (cmake --build build). It generates the household file
# once (gen.py N 1) and keeps it, runs one heavy job at a time, and checks
# doudi's output byte for byte: always against bench_baseline's output (which
# is itself checked against reference.py), and against reference.py's golden
# file when one is cached in the work directory or --golden asks for it
# (reference.py on 1M rows takes a while, so it is not run by default).
#
# Usage: bash bench/run.sh [--dir DIR] [--rows N] [--golden] [--repeat N]
#   --dir DIR   where households, outputs and logs go (default /tmp/doudi-bench)
#   --rows N    households to generate (default 1000000)
#   --golden    compute reference.py's golden CSV if it is not cached yet
#   --repeat N  evaluation-only passes per program (default 3; best is kept)
# Environment: WORKLOAD_DIR = where gen.py and reference.py live (default:
# bench/ if they are there, else ../shared/bench beside the repository).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
DIR=/tmp/doudi-bench
ROWS=1000000
GOLDEN=0
REPEAT=3
DATE=2020-08-01
POLICY="$ROOT/policies/reference"

usage() { sed -n 's/^# \{0,1\}//; 12,18p' "${BASH_SOURCE[0]}"; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) DIR="$2"; shift 2 ;;
    --rows) ROWS="$2"; shift 2 ;;
    --golden) GOLDEN=1; shift ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    *) usage ;;
  esac
done

if [[ -z "${WORKLOAD_DIR:-}" ]]; then
  if [[ -f "$ROOT/bench/gen.py" ]]; then WORKLOAD_DIR="$ROOT/bench"; else WORKLOAD_DIR="$ROOT/../shared/bench"; fi
fi
for f in "$BUILD/bench_baseline" "$BUILD/bench_doudi" "$BUILD/doudi"; do
  [[ -x "$f" ]] || { echo "run.sh: $f missing: build first (cmake --build build -j2)" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time (GNU time) is needed for peak RSS" >&2; exit 1; }

mkdir -p "$DIR"
HOUSEHOLDS="$DIR/households-$ROWS-seed1.csv"
GOLDEN_CSV="$DIR/golden-$ROWS-seed1.csv"
BASELINE_CSV="$DIR/baseline.csv"
DOUDI_CSV="$DIR/doudi.csv"

# ---- inputs -------------------------------------------------------------------

if [[ ! -s "$HOUSEHOLDS" ]]; then
  echo "generating $ROWS households -> $HOUSEHOLDS"
  python3 "$WORKLOAD_DIR/gen.py" "$ROWS" 1 > "$HOUSEHOLDS.tmp" && mv "$HOUSEHOLDS.tmp" "$HOUSEHOLDS"
fi
if [[ ! -s "$GOLDEN_CSV" && $GOLDEN == 1 ]]; then
  echo "computing the golden answer with reference.py -> $GOLDEN_CSV (takes a while)"
  python3 "$WORKLOAD_DIR/reference.py" "$HOUSEHOLDS" > "$GOLDEN_CSV.tmp" && mv "$GOLDEN_CSV.tmp" "$GOLDEN_CSV"
fi

# ---- helpers ------------------------------------------------------------------
# (the machine may be shared: run when it is otherwise idle, and repeat)

# field LOG PATTERN: the number before "UNIT" on the first line matching PATTERN.
ns_per_household() { grep -m1 "$2" "$1" | sed -E 's/.* ([0-9.]+) ns\/household.*/\1/'; }
per_second() { grep -m1 "$2" "$1" | sed -E 's/.*: ([0-9]+) households\/s.*/\1/'; }
wall_time() { grep -m1 'Elapsed (wall clock)' "$1" | sed -E 's/.*: //'; }
peak_rss_mib() { grep -m1 'Maximum resident set size' "$1" | awk '{ printf "%.0f", $NF / 1024 }'; }

# ---- runs (one at a time) -----------------------------------------------------

echo "== bench_baseline end to end ($ROWS households)"
/usr/bin/time -v "$BUILD/bench_baseline" "$HOUSEHOLDS" "$BASELINE_CSV" 2> "$DIR/baseline-e2e.log"
grep -m1 '^baseline' "$DIR/baseline-e2e.log"

echo "== bench_baseline evaluation only"
"$BUILD/bench_baseline" --eval-only "$HOUSEHOLDS" --repeat "$REPEAT" 2> "$DIR/baseline-eval.log"
cat "$DIR/baseline-eval.log"

echo "== bench_doudi"
"$BUILD/bench_doudi" "$POLICY" "$HOUSEHOLDS" --date "$DATE" --repeat "$REPEAT" | tee "$DIR/doudi-bench.log"

for threads in 1 2; do
  echo "== doudi run --threads $threads (whole process)"
  /usr/bin/time -v "$BUILD/doudi" run "$POLICY" "$HOUSEHOLDS" --date "$DATE" --format csv \
    --threads "$threads" -o "$DIR/doudi-t$threads.csv" 2> "$DIR/doudi-run-t$threads.log"
  echo "wall $(wall_time "$DIR/doudi-run-t$threads.log"), peak RSS $(peak_rss_mib "$DIR/doudi-run-t$threads.log") MiB"
done
cp "$DIR/doudi-t2.csv" "$DOUDI_CSV"

# What-if: the same households under the version in force and under one with a
# changed standard (two evaluations per household, plus the aggregation).
WHATIF_SET='dibao_standard[一类地区,urban]=660'
echo "== doudi whatif --set $WHATIF_SET (whole process)"
/usr/bin/time -v "$BUILD/doudi" whatif "$POLICY" "$HOUSEHOLDS" --date "$DATE" --set "$WHATIF_SET" \
  > "$DIR/doudi-whatif.txt" 2> "$DIR/doudi-whatif.log"
echo "wall $(wall_time "$DIR/doudi-whatif.log"), peak RSS $(peak_rss_mib "$DIR/doudi-whatif.log") MiB"

# ---- checks -------------------------------------------------------------------

echo "== checks"
status=0
for out in "$DIR/doudi-t1.csv" "$DIR/doudi-t2.csv"; do
  if cmp "$out" "$BASELINE_CSV"; then
    echo "$(basename "$out") == bench_baseline output"
  else
    echo "MISMATCH: $(basename "$out") differs from bench_baseline output" >&2; status=1
  fi
done
if [[ -s "$GOLDEN_CSV" ]]; then
  for out in "$DIR/doudi-t1.csv" "$DIR/doudi-t2.csv" "$BASELINE_CSV"; do
    if cmp "$out" "$GOLDEN_CSV"; then
      echo "$(basename "$out") == reference.py golden"
    else
      echo "MISMATCH: $(basename "$out") differs from reference.py's golden file" >&2; status=1
    fi
  done
else
  echo "(no cached reference.py golden file; pass --golden to compute and check it)"
fi

# ---- summary ------------------------------------------------------------------

B_E2E_NS=$(ns_per_household "$DIR/baseline-e2e.log" 'end-to-end')
B_EVAL_NS=$(ns_per_household "$DIR/baseline-eval.log" 'ns/household')
D_E2E1_NS=$(ns_per_household "$DIR/doudi-bench.log" 'end-to-end, 1 thread')
D_E2E2_NS=$(ns_per_household "$DIR/doudi-bench.log" 'end-to-end, 2 thread')
D_EVAL1_NS=$(ns_per_household "$DIR/doudi-bench.log" 'eval-only, 1 thread')
D_EVAL2_NS=$(ns_per_household "$DIR/doudi-bench.log" 'eval-only, 2 thread')
D_EXACT_NS=$(ns_per_household "$DIR/doudi-bench.log" 'exact Evaluator')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "-"; else printf "%.2fx", a / b }'; }

echo
echo "== summary: $ROWS households (seed 1), policy in force on $DATE, $(nproc) cores"
printf '%-46s %15s %15s %9s\n' "measure" "bench_baseline" "doudi" "ratio"
printf '%-46s %15s %15s %9s\n' "end to end in process, 1 thread, ns/household" "$B_E2E_NS" "$D_E2E1_NS" "$(ratio "$D_E2E1_NS" "$B_E2E_NS")"
printf '%-46s %15s %15s %9s\n' "end to end in process, 2 threads, ns/household" "$B_E2E_NS" "${D_E2E2_NS:--}" "$(ratio "${D_E2E2_NS:-}" "$B_E2E_NS")"
printf '%-46s %15s %15s %9s\n' "evaluation only, 1 thread, ns/household" "$B_EVAL_NS" "$D_EVAL1_NS" "$(ratio "$D_EVAL1_NS" "$B_EVAL_NS")"
printf '%-46s %15s %15s %9s\n' "evaluation only, 2 threads, ns/household" "$B_EVAL_NS" "$D_EVAL2_NS" "$(ratio "$D_EVAL2_NS" "$B_EVAL_NS")"
printf '%-46s %15s %15s\n' "exact Evaluator (tree walk), ns/household" "" "$D_EXACT_NS"
printf '%-46s %15s %15s\n' "whole process wall, --threads 1" "$(wall_time "$DIR/baseline-e2e.log")" "$(wall_time "$DIR/doudi-run-t1.log")"
printf '%-46s %15s %15s\n' "whole process wall, --threads 2" "$(wall_time "$DIR/baseline-e2e.log")" "$(wall_time "$DIR/doudi-run-t2.log")"
printf '%-46s %15s %15s\n' "whole process peak RSS MiB, --threads 1" "$(peak_rss_mib "$DIR/baseline-e2e.log")" "$(peak_rss_mib "$DIR/doudi-run-t1.log")"
printf '%-46s %15s %15s\n' "whole process peak RSS MiB, --threads 2" "$(peak_rss_mib "$DIR/baseline-e2e.log")" "$(peak_rss_mib "$DIR/doudi-run-t2.log")"
printf '%-46s %15s %15s\n' "doudi whatif --set (whole process) wall" "" "$(wall_time "$DIR/doudi-whatif.log")"
printf '%-46s %15s %15s\n' "doudi whatif --set peak RSS MiB" "" "$(peak_rss_mib "$DIR/doudi-whatif.log")"
echo "(whole process = doudi run ... --format csv --threads N -o FILE; baseline = bench_baseline IN OUT, one thread)"
exit $status
