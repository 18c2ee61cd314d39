#!/usr/bin/env bash
# Tests for cli/arrears_command.cpp (back pay: interpreter/studies/arrears.cpp):
# Jining's 2020 raise paid at the 2017 rates for July and August, month by
# month; a household that cannot be worked out is named; a backwards range
# exits 2. Run from the repository root.
set -u
doudi=$1
source "$(dirname "$0")/cli_lib.sh"

# One household of the file has no 2017 figure (its cell is n/a): its tekun
# output is n/a, so it cannot be summed; it is reported and the command
# exits 2, the others are worked out.
expect 2 "arrears for July and August 2020" -- "$doudi" arrears policies/jining examples/jining/households.csv --from 2020-07 --to 2020-08 --paid 2017
contains "$tmp/out" "back pay: policy jining.social_assistance, 2020-07 to 2020-08, paid under version 2017 (effective 2017-01-01)" "the heading"
contains "$tmp/out" "  2020-07  version 2020.07   990.00   810.00     +180.00  180.00" "a month owed"
contains "$tmp/out" "  total                     1980.00  1620.00     +360.00  360.00" "the household's total"
contains "$tmp/out" "5 household(s): due 6580.02, paid 5220.02, owed 1360.00" "the totals"
contains "$tmp/err" "line 6 (id zouc-urban-tekun-partial): version 2017: output 'tekun' is n/a, so the household is not in the sums: rule 'tekun_support': table 'tekun_basic' has no figure" "the household left out, named with the n/a output"
expect 2 "a range that runs backwards" -- "$doudi" arrears policies/jining examples/jining/households.csv --from 2020-09 --to 2020-07 --paid 2017
contains "$tmp/err" "doudi arrears: --from 2020-09 is after --to 2020-07" "the refusal"
[ "$fails" = 0 ] || exit 1
