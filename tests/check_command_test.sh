#!/usr/bin/env bash
# Tests for cli/check_command.cpp: `doudi check` runs every `require` of every
# version, reports a violation with its sources and exits 1; bad usage exits 2.
# Run from the repository root.
set -u
doudi=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/cli_lib.sh"

expect 1 "check finds Jining's 2017 rural tekun violation" -- "$doudi" check policies/jining --date 2020-08-01
contains "$tmp/out" "violation: 特困人员基本生活标准不低于当地低保标准的1.3倍: tekun_basic >= 1.3 * dibao_standard" "the violated require"
contains "$tmp/out" "  left:  470" "its left side"
contains "$tmp/out" "  right: 494" "its right side"
contains "$tmp/out" "12 checks, 1 violations, 6 could not be checked, 1 skipped (a figure written n/a), 1 warnings" "the summary"
expect 2 "check on a missing policy" -- "$doudi" check policies/nope
contains "$tmp/err" "policies/nope: error: no such policy file or directory" "the missing path"
expect 2 "check with a bad --date" -- "$doudi" check policies/jining --date 2020-13-01
contains "$tmp/err" "doudi check: --date '2020-13-01' is not a date written YYYY-MM-DD" "the bad date"
[ "$fails" = 0 ] || exit 1
