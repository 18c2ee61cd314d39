#!/usr/bin/env bash
# `doudi run` on a CSV file as a script runs it (stderr not a terminal):
# the same bytes with 1 and 2 threads and the default, the reference.py
# golden output, and on stderr nothing but the final summary (no progress
# line), with or without --quiet.
set -u
doudi=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

households="$root/tests/data/reference_households_10k.csv"
expected="$root/tests/data/reference_expected_10k.csv"
for threads in 1 2 default; do
  opt=(); [ "$threads" != default ] && opt=(--threads "$threads")
  "$doudi" run "$root/policies/reference" "$households" --date 2020-08-01 --format csv "${opt[@]}" \
    >"$tmp/out-$threads.csv" 2>"$tmp/err-$threads" || fail "threads $threads: exit $?"
  cmp -s "$tmp/out-$threads.csv" "$expected" || fail "threads $threads: output differs from the golden file"
  lines=$(wc -l <"$tmp/err-$threads")
  [ "$lines" = 1 ] || { fail "threads $threads: stderr has $lines lines, expected the summary only"; cat "$tmp/err-$threads"; }
  grep -q '^doudi run: 10000 household(s) read: 10000 evaluated and written, 0 rejected in ' "$tmp/err-$threads" ||
    { fail "threads $threads: no final summary"; cat "$tmp/err-$threads"; }
  grep -q $'\r\|\033' "$tmp/err-$threads" && fail "threads $threads: a progress line reached a file"
done
"$doudi" run "$root/policies/reference" "$households" --date 2020-08-01 --format csv --quiet \
  >"$tmp/q.csv" 2>"$tmp/q.err" || fail "--quiet: exit $?"
cmp -s "$tmp/q.csv" "$expected" || fail "--quiet: output differs"
[ "$(wc -l <"$tmp/q.err")" = 1 ] || fail "--quiet: more than the summary on stderr"
"$doudi" run "$root/policies/reference" "$households" --threads -1 >/dev/null 2>&1 && fail "--threads -1 accepted"

if [ $fails -eq 0 ]; then echo "cli batch tests passed"; exit 0; fi
echo "$fails cli batch test(s) failed"; exit 1
