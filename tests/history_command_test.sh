#!/usr/bin/env bash
# Tests for cli/history_command.cpp: `doudi history` lists a table's cells
# version by version with the change; `doudi diff` shows what differs
# between two versions; an unknown version exits 2. Run from the repository root.
set -u
doudi=$1
source "$(dirname "$0")/cli_lib.sh"

expect 0 "history of dibao_standard" -- "$doudi" history policies/jining dibao_standard
contains "$tmp/out" "history of dibao_standard in policy jining.social_assistance" "the heading"
contains "$tmp/out" "  [urban]                570.00   +50 (+9.6%)" "the 2017 raise, money at its scale"
contains "$tmp/out" "  [一类地区, urban]      630.00   +60 (+10.5%)  from [urban] 570.00" "the 2020 tier, from the cell it replaces"
expect 0 "diff of 2017 and 2020.07" -- "$doudi" diff policies/jining 2017 2020.07
contains "$tmp/out" "  [二类地区, rural]         380 → 445       +65 (+17.1%)  (was [rural])" "a changed cell"
expect 2 "diff against a version that does not exist" -- "$doudi" diff policies/jining 2017 9999
contains "$tmp/err" "doudi diff: no version '9999' (versions: 2016, 2017, 2020.07)" "the versions listed"
[ "$fails" = 0 ] || exit 1
