#!/usr/bin/env bash
# `doudi run` as a user runs it: exit codes and messages for good runs, bad
# usage, a policy that does not check, and bad household data.
set -u
doudi=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {  # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"; cat "$tmp/err"; fails=$((fails + 1))
  fi
}
contains() {  # contains FILE TEXT DESCRIPTION
  if ! grep -qF -- "$2" "$1"; then
    echo "FAIL: $3: '$2' not in output:"; cat "$1"; fails=$((fails + 1))
  fi
}

expect 0 "jining example households" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.yaml" --date 2020-08-01
contains "$tmp/out" "990.00" "the 任城区 household of 3 gets 990"
expect 0 "csv format" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2020-08-01 --format csv
contains "$tmp/out" "renc-urban-3,300.00,630.00,990.00,0.00,990.00" "csv row"
expect 0 "json format" -- "$doudi" run "$root/policies/wenshang" "$root/examples/wenshang/households.yaml" --date 2020-08-01 --format json
contains "$tmp/out" '"dibao": "680.00"' "json amount"
expect 0 "output file" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2020-08-01 --format csv -o "$tmp/o.csv"
contains "$tmp/o.csv" "id,per_capita_income,standard,dibao,tekun,total" "output file header"
[ -e "$tmp/o.csv.tmp" ] && { echo "FAIL: temporary file left behind"; fails=$((fails + 1)); }

expect 2 "no arguments" -- "$doudi" run
expect 2 "unknown format" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --format xml
expect 2 "bad date" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2020-02-30
contains "$tmp/err" "is not a date" "bad date message"
expect 2 "date before the first version" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2016-01-01
contains "$tmp/err" "the earliest takes effect on 2017-01-01" "earliest date named"

printf 'policy p\nversion 1\neffective 2020-01-01\nrule a = b + 1\noutput a\n' >"$tmp/bad.doudi"
expect 2 "policy that does not check" -- "$doudi" run "$tmp/bad.doudi" "$root/examples/jining/households.csv"
contains "$tmp/err" "bad.doudi:4:10: error: unknown name 'b'" "policy error position"

printf 'id,district,hukou,members,monthly_income\nx,北京,urban,2,100\ny,任城区,urban,2,100\n' >"$tmp/h.csv"
expect 2 "bad household row" -- "$doudi" run "$root/policies/jining" "$tmp/h.csv" --date 2020-08-01 --format csv
contains "$tmp/err" "h.csv: line 2 (id x): field 'district': unknown district '北京'" "household error names file, line, field"
contains "$tmp/out" "y,50.00,630.00,1160.00,0.00,1160.00" "good rows still evaluated"
contains "$tmp/err" "1 household(s) evaluated, 1 rejected" "summary counts"

expect 0 "help" -- "$doudi" run --help

if [ $fails -eq 0 ]; then echo "cli tests passed"; exit 0; fi
echo "$fails cli test(s) failed"; exit 1
