#!/usr/bin/env bash
# Tests for cli/explain_command.cpp: `doudi explain` shows each output with
# the rules, inputs, table cells and roundings it used, citing positions and
# sources; a bad --date exits 2. Run from the repository root.
set -u
doudi=$1
source "$(dirname "$0")/cli_lib.sh"

expect 0 "explain Jining's households" -- "$doudi" explain policies/jining examples/jining/households.yaml --date 2020-08-01
contains "$tmp/out" "household renc-urban-3 (examples/jining/households.yaml: household 1 (id renc-urban-3))" "the household and where it was read"
contains "$tmp/out" "    rounded 300 to 300.00 (to 0.01, half_up) at policies/jining/2016.doudi:42:36" "a rounding, with its position"
contains "$tmp/out" "低保标准 dibao_standard[一类地区, urban] = 630, 任城区 being in 一类地区" "the table cell and the district's region"
contains "$tmp/out" "低保金 dibao = 990.00" "the output"
expect 2 "explain with a bad --date" -- "$doudi" explain policies/jining examples/jining/households.yaml --date 2020-02-30
contains "$tmp/err" "doudi explain: --date '2020-02-30' is not a date written YYYY-MM-DD" "the bad date"
[ "$fails" = 0 ] || exit 1
