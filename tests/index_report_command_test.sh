#!/usr/bin/env bash
# Tests for cli/index_report_command.cpp (the report itself:
# interpreter/studies/index_report.cpp): grades, the score histogram and the
# households near a band boundary of Jinxiang's hardship index; a bad --bin
# exits 2. Run from the repository root.
set -u
doudi=$1
source "$(dirname "$0")/cli_lib.sh"
policy=policies/jining/jinxiang
households=examples/jinxiang/households.yaml

expect 0 "index-report on Jinxiang" -- "$doudi" index-report $policy $households --date 2020-08-01
contains "$tmp/out" "index hardship \"困难指数\" in policy jinxiang.hardship_index version 2020, on 2020-08-01: 3 households" "the heading"
contains "$tmp/out" "  severe     特困            1   33.3%" "a grade with its share"
contains "$tmp/out" "  [    60,     70)         1  ████████████████████████████████████████" "a histogram bin"
contains "$tmp/out" "  >= 35 (general / moderate): 0 households from 34 to 36: 0 general, 0 moderate" "a boundary"
expect 0 "index-report in bins of 25" -- "$doudi" index-report $policy $households --date 2020-08-01 --bin 25
contains "$tmp/out" "score distribution (bins of 25 points):" "the bin width"
expect 2 "a bin width of 0" -- "$doudi" index-report $policy $households --date 2020-08-01 --bin 0
contains "$tmp/err" "doudi index-report: --bin takes a positive number of points, e.g. 10" "the refusal"
expect 2 "an index the policy does not have" -- "$doudi" index-report $policy $households --date 2020-08-01 --index nope
contains "$tmp/err" "has no index named 'nope'" "the unknown index"
[ "$fails" = 0 ] || exit 1
