#!/usr/bin/env bash
# Issue 18, "lost or corrupted output", as a user meets it on the command
# line: a failed write to standard output is exit 2 with the reason (F1); two
# runs writing one -o file never mix (F2); two outputs naming one file, or an
# output naming an input, are refused before anything is written (F3);
# --threads past four per core is a usage error (F5); index-report's
# histogram stays short whatever the bin width (F13).
set -u
doudi=$1
root=$2
source "$(dirname "$0")/cli_lib.sh"
ref="$root/policies/reference"
big="$root/tests/data/reference_households_10k.csv"
jining="$root/policies/jining"
csv="$root/examples/jining/households.csv"
no_temporaries() {  # FOLDER DESCRIPTION
  compgen -G "$1/*.tmp" >/dev/null && { echo "FAIL: $2: a temporary was left behind:"; ls "$1"; fails=$((fails + 1)); }
}

# ---- F1: standard output that cannot be written ----
if [ -w /dev/full ]; then
  for format in csv json table; do
    expect 2 "F1: run --format $format > /dev/full" -- sh -c "exec \"\$0\" run \"\$1\" \"\$2\" --date 2024-01-01 --format $format >/dev/full" "$doudi" "$ref" "$big"
    contains "$tmp/err" "writing standard output failed: No space left on device" "F1: $format: the reason"
    said=$(grep -c "writing standard output failed" "$tmp/err")
    [ "$said" = 1 ] || { echo "FAIL: F1: $format: the failure said $said times"; fails=$((fails + 1)); }
    if grep -q "evaluated and written" "$tmp/err"; then echo "FAIL: F1: $format: the summary still says written"; fails=$((fails + 1)); fi
  done
  expect 2 "F1: explain > /dev/full" -- sh -c 'exec "$0" explain "$1" "$2" --date 2020-08-01 >/dev/full' "$doudi" "$jining" "$csv"
  contains "$tmp/err" "doudi: writing standard output failed" "F1: explain: the reason"
  expect 2 "F1: check > /dev/full" -- sh -c 'exec "$0" check "$1" >/dev/full' "$doudi" "$jining"
  contains "$tmp/err" "writing standard output failed" "F1: check: the reason"
else
  echo "note: /dev/full is not writable here: F1 not tested"
fi

# ---- F2: two runs writing one -o file ----
"$doudi" run "$ref" "$big" --date 2024-01-01 --format csv -o "$tmp/a.csv" -q 2>/dev/null
"$doudi" run "$ref" "$big" --date 2024-01-01 --format json -o "$tmp/b.json" -q 2>/dev/null
for round in 1 2 3; do
  "$doudi" run "$ref" "$big" --date 2024-01-01 --format csv -o "$tmp/same" -q 2>/dev/null &
  one=$!
  "$doudi" run "$ref" "$big" --date 2024-01-01 --format json -o "$tmp/same" -q 2>/dev/null &
  two=$!
  wait $one; c1=$?
  wait $two; c2=$?
  [ "$c1" = 0 ] && [ "$c2" = 0 ] || { echo "FAIL: F2: round $round: exits $c1 $c2"; fails=$((fails + 1)); }
  if ! cmp -s "$tmp/same" "$tmp/a.csv" && ! cmp -s "$tmp/same" "$tmp/b.json"; then
    echo "FAIL: F2: round $round: the file is neither run's output whole"; fails=$((fails + 1))
  fi
  no_temporaries "$tmp" "F2: round $round"
done

# ---- F3: outputs that are one file, or an input ----
expect 2 "F3: -o X --errors X" -- "$doudi" run "$jining" "$csv" --date 2020-08-01 -o "$tmp/x.csv" --errors "$tmp/x.csv"
contains "$tmp/err" "doudi run: -o and --errors name the same file ($tmp/x.csv)" "F3: the clash named"
[ -e "$tmp/x.csv" ] && { echo "FAIL: F3: -o X --errors X wrote X"; fails=$((fails + 1)); }
ln -s "$tmp/x.csv" "$tmp/link.csv"
expect 2 "F3: -o X --errors LINK-TO-X" -- "$doudi" run "$jining" "$csv" --date 2020-08-01 -o "$tmp/x.csv" --errors "$tmp/link.csv"
contains "$tmp/err" "name the same file" "F3: a link to the same file"
cp "$csv" "$tmp/h.csv"
expect 2 "F3: -o onto the household file" -- "$doudi" run "$jining" "$tmp/h.csv" --date 2020-08-01 --format csv -o "$tmp/h.csv"
contains "$tmp/err" "-o $tmp/h.csv is also the input HOUSEHOLDS" "F3: the input named"
cmp -s "$csv" "$tmp/h.csv" || { echo "FAIL: F3: the household file was changed"; fails=$((fails + 1)); }
expect 2 "F3: whatif --report X --detail X" -- "$doudi" whatif "$jining" "$csv" --date 2020-08-01 \
  --set 'dibao_standard[一类地区,urban]=660' --detail "$tmp/r.html" --report "$tmp/r.html"
contains "$tmp/err" "--detail and --report name the same file" "F3: whatif's clash"
expect 2 "F3: doc -o onto the policy" -- "$doudi" doc "$root/policies/jinan/2020-04.doudi" -o "$root/policies/jinan/./2020-04.doudi"
contains "$tmp/err" "is also the input POLICY" "F3: doc"
expect 0 "F3: -o and --errors both /dev/null" -- "$doudi" run "$jining" "$csv" --date 2020-08-01 -o /dev/null --errors /dev/null
no_temporaries "$tmp" "F3"

# ---- F5: --threads ----
cores=$(nproc)
most=$((4 * cores))
expect 2 "F5: run --threads 100000" -- "$doudi" run "$ref" "$big" --date 2024-01-01 --threads 100000 -o "$tmp/t.csv"
contains "$tmp/err" "--threads 100000 is more than $most (four per core" "F5: run: the bound"
[ -e "$tmp/t.csv" ] && { echo "FAIL: F5: -o written"; fails=$((fails + 1)); }
expect 0 "F5: run --threads $most" -- "$doudi" run "$ref" "$big" --date 2024-01-01 --threads $most --format csv -o "$tmp/t.csv" -q
cmp -s "$tmp/t.csv" "$tmp/a.csv" || { echo "FAIL: F5: --threads $most changed the output"; fails=$((fails + 1)); }
expect 2 "F5: whatif --threads 100000" -- "$doudi" whatif "$jining" "$csv" --date 2020-08-01 \
  --set 'dibao_standard[一类地区,urban]=660' --threads 100000
contains "$tmp/err" "doudi whatif: --threads 100000 is more than $most" "F5: whatif: the bound"
expect 2 "F5: whatif --threads -1" -- "$doudi" whatif "$jining" "$csv" --date 2020-08-01 \
  --set 'dibao_standard[一类地区,urban]=660' --threads -1
no_temporaries "$tmp" "F5"

# ---- F13: index-report's histogram ----
expect 0 "F13: index-report --bin 0.00001" -- "$doudi" index-report "$jining/jinxiang" "$root/examples/jinxiang/households.yaml" --date 2020-08-01 --bin 0.00001
contains "$tmp/out" "empty bins)" "F13: empty bins collapsed"
lines=$(wc -l <"$tmp/out")
[ "$lines" -lt 40 ] || { echo "FAIL: F13: $lines lines for 3 households"; fails=$((fails + 1)); }

if [ "$fails" -gt 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "all passed"
