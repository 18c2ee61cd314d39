#!/usr/bin/env bash
# Tests for cli/check_command.cpp: `doudi check` runs every `require` of every
# version and of the province a version is bound by, reports a violation
# with both sides, their operands and the figures that would satisfy it
# (--verbose: every check; --version: one version) and exits 1; bad usage
# exits 2.
# Run from the repository root.
set -u
doudi=$1
source "$(dirname "$0")/cli_lib.sh"

expect 1 "check finds Jining's 2017 rural tekun violation" -- "$doudi" check policies/jining --date 2020-08-01
contains "$tmp/out" "violation: 特困人员基本生活标准不低于当地低保标准的1.3倍: tekun_basic >= 1.3 * dibao_standard" "the violated require"
contains "$tmp/out" "  left:  470" "its left side"
contains "$tmp/out" "  right: 1.3 × 380 = 494" "its right side, with its operands"
contains "$tmp/out" "16 checks, 1 violations, 6 could not be checked, 1 skipped (a figure written n/a), 1 warnings, 6 province rules not applicable" "the summary"
contains "$tmp/out" "policies/shandong/2018.doudi:" "the rule is the province's"
contains "$tmp/out" "bound by shandong: policy shandong.social_assistance version 2018 (rule in force from 2018-01-01)" "the province's version"
# Shandong's own 529 a month and 1496 a year against the 1.41 it states.
expect 1 "check finds Shandong's ratio" -- "$doudi" check policies/shandong --date 2018-08-01
contains "$tmp/out" "violation: 城乡低保标准差距由2013年2.01缩小到目前的1.41" "the stated ratio"
contains "$tmp/out" "left:  4.24" "529 x 12 / 1496"
# --verbose shows every check with its values and margin; --version limits it;
# a violated bound says the figure that would satisfy it.
expect 1 "check --verbose" -- "$doudi" check policies/jining --date 2020-08-01 --verbose --version 2020.07
contains "$tmp/out" "holds: 特困人员基本生活标准不低于当地低保标准的1.3倍" "a check that holds is shown"
contains "$tmp/out" "margin: " "its margin"
contains "$tmp/out" "not applicable: 重点救助对象政策范围内住院救助比例达到70%以上" "a province rule that does not apply, with why"
expect 1 "check --version" -- "$doudi" check policies/jining --date 2020-08-01 --version 2017
contains "$tmp/out" "would hold with tekun_basic[rural] at least 494 (published 470), or dibao_standard[rural] at most 361 (published 380)" "the figures that would satisfy it"
contains "$tmp/out" "right: 1.3 × 380 = 494" "the operands"
expect 2 "check --version of an unknown version" -- "$doudi" check policies/jining --version 2031
expect 1 "check shows a ratio with its operands" -- "$doudi" check policies/wenshang --date 2020-08-01
contains "$tmp/out" "left:  590 / 445 ≈ 1.3258" "590 / 445, not 118/89"
# Jinan's policy has no medical assistance: those province rules do not apply.
expect 1 "check of Jinan, bound by Shandong" -- "$doudi" check policies/jinan --date 2021-02-01
contains "$tmp/out" "province rules not applicable" "rules about what Jinan does not have"
expect 2 "check on a missing policy" -- "$doudi" check policies/nope
contains "$tmp/err" "policies/nope: error: no such policy file or directory" "the missing path"
expect 2 "check with a bad --date" -- "$doudi" check policies/jining --date 2020-13-01
contains "$tmp/err" "doudi check: --date '2020-13-01' is not a date written YYYY-MM-DD" "the bad date"
[ "$fails" = 0 ] || exit 1
