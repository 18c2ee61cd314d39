#!/usr/bin/env bash
# Tests for cli/run_command.cpp: `doudi run` as a user runs it: exit codes and messages for good runs, bad
# usage, a policy that does not check, and bad household data.
set -u
doudi=$1
root=$2
# expect, contains and $fails: see cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"

expect 0 "jining example households" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.yaml" --date 2020-08-01
contains "$tmp/out" "990.00" "the 任城区 household of 3 gets 990"
expect 0 "csv format" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2020-08-01 --format csv
contains "$tmp/out" "renc-urban-3,300.00,630.00,990.00,0.00,990.00" "csv row"
expect 0 "json format" -- "$doudi" run "$root/policies/wenshang" "$root/examples/wenshang/households.yaml" --date 2020-08-01 --format json
contains "$tmp/out" '"dibao": "680.00"' "json amount"
expect 0 "output file" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2020-08-01 --format csv -o "$tmp/o.csv"
contains "$tmp/o.csv" "id,per_capita_income,standard,dibao,tekun,total" "output file header"
compgen -G "$tmp/o.csv.*.tmp" >/dev/null && { echo "FAIL: temporary file left behind"; fails=$((fails + 1)); }

expect 2 "no arguments" -- "$doudi" run
expect 2 "unknown format" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --format xml
expect 2 "bad date" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2020-02-30
contains "$tmp/err" "is not a date" "bad date message"
expect 2 "date before the first version" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2015-12-31
contains "$tmp/err" "the earliest takes effect on 2016-01-01" "earliest date named"

printf 'policy p\nversion 1\neffective 2020-01-01\nrule a = b + 1\noutput a\n' >"$tmp/bad.doudi"
expect 2 "policy that does not check" -- "$doudi" run "$tmp/bad.doudi" "$root/examples/jining/households.csv"
contains "$tmp/err" "bad.doudi:4:10: error: unknown name 'b'" "policy error position"

printf 'id,district,hukou,members,monthly_income\nx,北京,urban,2,100\ny,任城区,urban,2,100\n' >"$tmp/h.csv"
expect 1 "bad household row" -- "$doudi" run "$root/policies/jining" "$tmp/h.csv" --date 2020-08-01 --format csv
contains "$tmp/err" "h.csv: line 2 (id x): field 'district': unknown district '北京'" "household error names file, line, field"
contains "$tmp/out" "y,50.00,630.00,1160.00,0.00,1160.00" "good rows still evaluated"
contains "$tmp/err" "2 household(s) read: 1 evaluated and written, 1 rejected" "summary counts every row"

expect 0 "help" -- "$doudi" run --help

# doudi check: Wenshang's published 590/445 = 1.326 breaks its own 1.3:1 ratio.
expect 1 "check finds the Wenshang ratio" -- "$doudi" check "$root/policies/wenshang" --date 2020-08-01
contains "$tmp/out" "violation: 城乡低保标准分别达到1.3:1以内" "the ratio rule is named"
contains "$tmp/out" "left:  590 / 445 ≈ 1.3258" "the left side's value"
contains "$tmp/out" "right: 1.3" "the right side's value"
contains "$tmp/out" "source: 汶上: 城乡低保标准分别达到1.3:1以内" "the source"
# Jining 2017's rural tekun 470 < 1.3 x 380 = 494 once the 2018 rule applies.
expect 1 "check finds Jining 2017's tekun standard below 1.3x" -- "$doudi" check "$root/policies/jining" --date 2020-08-01
contains "$tmp/out" "version 2017 (in force 2017-01-01 to 2020-06-30)" "the version"
contains "$tmp/out" "left:  470" "tekun basic"
contains "$tmp/out" "right: 1.3 × 380 = 494" "1.3 x dibao"
printf 'policy p\nversion 1\neffective 2020-01-01\nrule a = 1\noutput a\nrequire a >= 1\n' >"$tmp/ok.doudi"
expect 0 "check passes" -- "$doudi" check "$tmp/ok.doudi" --date 2020-06-01
contains "$tmp/out" "1 checks, 0 violations" "summary"
expect 2 "check of a broken policy" -- "$doudi" check "$tmp/bad.doudi"

# doudi history and diff
expect 0 "history of a table" -- "$doudi" history "$root/policies/jining" dibao_standard
contains "$tmp/out" "[urban]                520.00" "2016 urban, money at its scale"
contains "$tmp/out" "[urban]                570.00   +50 (+9.6%)" "2017 urban, +50"
contains "$tmp/out" "[二类地区, rural]      445.00   +65 (+17.1%)  from [rural] 380.00" "2020 tier 2 rural"
expect 0 "history of a cell" -- "$doudi" history "$root/policies/jining" "dibao_standard[一类地区, urban]"
contains "$tmp/out" "[一类地区, urban]      630.00   +60 (+10.5%)  from [urban] 570.00" "cell history"
expect 2 "history of an unknown name" -- "$doudi" history "$root/policies/jining" nothing
expect 0 "diff" -- "$doudi" diff "$root/policies/jining" 2017 2020.07
contains "$tmp/out" "[一类地区, urban]         570 → 630       +60 (+10.5%)  (was [urban])" "a changed cell"
contains "$tmp/out" "[full]                    340 → 580       +240 (+70.6%)" "care"
expect 2 "diff of an unknown version" -- "$doudi" diff "$root/policies/jining" 2017 2031

# doudi explain
expect 0 "explain text" -- "$doudi" explain "$root/policies/jining" "$root/examples/jining/households.yaml" --date 2020-08-01 --output dibao
contains "$tmp/out" "低保标准 dibao_standard[一类地区, urban] = 630, 任城区 being in 一类地区" "the cell and its region group"
contains "$tmp/out" "source: ●城市低保标准" "the source of the table"
expect 0 "explain json" -- "$doudi" explain "$root/policies/reference" "$root/examples/reference/households.csv" --date 2020-08-01 --format json
contains "$tmp/out" '"derivation": {"rule": "dibao"' "json derivation"
expect 2 "explain an unknown output" -- "$doudi" explain "$root/policies/jining" "$root/examples/jining/households.yaml" --date 2020-08-01 --output nothing
contains "$tmp/err" "the policy has no output 'nothing'" "unknown output named"

# doudi index-report
expect 0 "index report" -- "$doudi" index-report "$root/policies/reference" "$root/tests/data/reference_households_10k.csv" --date 2020-08-01
contains "$tmp/out" "severe     特困          411    4.1%" "grade counts (as reference.py grades them)"
contains "$tmp/out" ">= 35 (general / moderate): 394 households from 34 to 36" "households near a boundary"
expect 2 "index report on a policy without an index" -- "$doudi" index-report "$root/policies/jining" "$root/examples/jining/households.csv" --date 2020-08-01

# An output that needs a figure written n/a (2017 publishes no urban tekun
# standard) is n/a, with the reason; the household's other outputs are given
# and it counts as evaluated (exit 0).
expect 0 "an n/a figure makes outputs n/a, not a rejection" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2017-08-01 --format csv
contains "$tmp/out" "zouc-urban-tekun-partial,0.00,570.00,0.00,n/a,n/a" "the n/a outputs, the others given"
contains "$tmp/out" "renc-urban-3,300.00,570.00,810.00,0.00,810.00" "the other households as usual"
contains "$tmp/err" "line 6 (id zouc-urban-tekun-partial): output 'tekun' is n/a: rule 'tekun_support': table 'tekun_basic' has no figure for this household (the cell is written n/a) (at " "the reason, with the n/a cell's place"
contains "$tmp/err" "6 household(s) read: 6 evaluated and written (1 with outputs that are n/a" "the summary counts them"
expect 0 "n/a in JSON" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.csv" --date 2017-08-01 --format json
contains "$tmp/out" '"tekun": "n/a", "total": "n/a"}, "not_applicable": [{"output": "tekun", "reason": "rule '"'"'tekun_support'"'"'' "JSON names the n/a outputs with the reason"
expect 0 "n/a in explain" -- "$doudi" explain "$root/policies/jining" "$root/examples/jining/households.csv" --date 2017-08-01 --output tekun
contains "$tmp/out" "tekun = n/a" "explain shows n/a"
contains "$tmp/out" "no figure: rule 'tekun_support': table 'tekun_basic' has no figure" "explain gives the reason"

# --verbose says which path evaluated the households: every household of the
# reference workload by the compiled program; YAML by the exact evaluator.
expect 0 "--verbose on CSV" -- "$doudi" run "$root/policies/reference" "$root/tests/data/reference_households_10k.csv" --date 2020-08-01 --format csv -v -o "$tmp/v.csv"
contains "$tmp/err" "of the 10000 evaluated, 10000 by the compiled program and 0 by the exact evaluator" "the compiled path's count"
expect 0 "--verbose on YAML" -- "$doudi" run "$root/policies/jining" "$root/examples/jining/households.yaml" --date 2020-08-01 --verbose
contains "$tmp/err" "of the 6 evaluated, 0 by the compiled program and 6 by the exact evaluator" "the exact path's count"

if [ $fails -eq 0 ]; then echo "cli tests passed"; exit 0; fi
echo "$fails cli test(s) failed"; exit 1
