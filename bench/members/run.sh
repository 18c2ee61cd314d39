#!/usr/bin/env bash
# bench/members/run.sh: the member-level workload (WORKLOAD.md) measured beside
# the flat one, and checked byte for byte.
#
# Design note. Builds nothing (cmake --build build first). Generates, once,
# N households with their people in household order and shuffled
# (gen.py N 1 DIR [--shuffle-people]) and the flat workload's N households
# (../gen.py N 1), then runs one heavy job at a time under /usr/bin/time:
# the flat `doudi run` (the yardstick the issue names), the member run with
# people in order and shuffled, the hand-written baseline, and the
# programmes policy on --programmes households with people. Every output is
# compared with reference.py's (computed once and cached: it takes minutes
# at 1M) and with the baseline's.
#
# Usage: bash bench/members/run.sh [--dir DIR] [--rows N] [--programmes N]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$ROOT/build"
DIR=/tmp/doudi-bench-members
ROWS=1000000
PROGRAMMES=100000
DATE=2020-08-01
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) DIR="$2"; shift 2 ;;
    --rows) ROWS="$2"; shift 2 ;;
    --programmes) PROGRAMMES="$2"; shift 2 ;;
    *) sed -n 's/^# \{0,1\}//; 15p' "${BASH_SOURCE[0]}"; exit 2 ;;
  esac
done
for f in "$BUILD/doudi" "$BUILD/bench_members_baseline"; do
  [[ -x "$f" ]] || { echo "run.sh: $f missing: build first" >&2; exit 1; }
done
mkdir -p "$DIR"
ORDERED="$DIR/ordered-$ROWS"
SHUFFLED="$DIR/shuffled-$ROWS"
FLAT="$DIR/flat-$ROWS.csv"
GOLDEN="$DIR/golden-$ROWS.csv"
[[ -s "$ORDERED/people.csv" ]] || python3 "$ROOT/bench/members/gen.py" "$ROWS" 1 "$ORDERED"
[[ -s "$SHUFFLED/people.csv" ]] || python3 "$ROOT/bench/members/gen.py" "$ROWS" 1 "$SHUFFLED" --shuffle-people
FLAT_GEN="$ROOT/bench/gen.py"
[[ -f "$FLAT_GEN" ]] || FLAT_GEN="$ROOT/../shared/bench/gen.py"
[[ -s "$FLAT" ]] || python3 "$FLAT_GEN" "$ROWS" 1 > "$FLAT"
[[ -s "$GOLDEN" || ! -s "$ORDERED/golden.csv" ]] || cp "$ORDERED/golden.csv" "$GOLDEN"
if [[ ! -s "$GOLDEN" ]]; then
  echo "computing reference.py's answer -> $GOLDEN (takes a while)"
  python3 "$ROOT/bench/members/reference.py" "$ORDERED" > "$GOLDEN.tmp" && mv "$GOLDEN.tmp" "$GOLDEN"
fi

wall() { grep -m1 'Elapsed (wall clock)' "$1" | sed -E 's/.*: //'; }
cpu() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f s", u + s }' "$1"; }
rss() { grep -m1 'Maximum resident set size' "$1" | awk '{ printf "%.0f MiB", $NF / 1024 }'; }
timed() {  # NAME COMMAND...: runs it under /usr/bin/time, prints wall, CPU and peak memory
  local name=$1
  shift
  /usr/bin/time -v "$@" 2> "$DIR/$name.log" || { echo "$name failed:"; tail -5 "$DIR/$name.log"; exit 1; }
  printf '%-34s wall %-9s cpu %-9s peak %s\n' "$name" "$(wall "$DIR/$name.log")" "$(cpu "$DIR/$name.log")" "$(rss "$DIR/$name.log")"
}

echo "== $ROWS households, $(wc -l < "$ORDERED/people.csv") people lines, $(nproc) cores"
for round in 1 2; do
  timed "flat-run-$round" "$BUILD/doudi" run "$ROOT/policies/reference" "$FLAT" --date "$DATE" --format csv -o "$DIR/flat-out.csv"
  timed "members-ordered-$round" "$BUILD/doudi" run "$ROOT/policies/reference-members" "$ORDERED/households.csv" \
    --people "$ORDERED/people.csv" --date "$DATE" --format csv -o "$DIR/ordered-out.csv"
done
timed members-shuffled "$BUILD/doudi" run "$ROOT/policies/reference-members" "$SHUFFLED/households.csv" \
  --people "$SHUFFLED/people.csv" --date "$DATE" --format csv -o "$DIR/shuffled-out.csv"
timed members-ordered-1-thread "$BUILD/doudi" run "$ROOT/policies/reference-members" "$ORDERED/households.csv" \
  --people "$ORDERED/people.csv" --date "$DATE" --format csv --threads 1 -o "$DIR/ordered-out-t1.csv"
timed members-baseline "$BUILD/bench_members_baseline" "$ORDERED" "$DIR/baseline-out.csv"

echo "== checks"
status=0
for out in ordered-out ordered-out-t1 shuffled-out baseline-out; do
  if cmp -s "$DIR/$out.csv" "$GOLDEN"; then echo "$out.csv == reference.py"; else echo "MISMATCH: $out.csv" >&2; status=1; fi
done
exit $status
