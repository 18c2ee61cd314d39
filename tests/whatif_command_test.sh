#!/usr/bin/env bash
# Tests for cli/whatif_command.cpp: `doudi whatif` (and `doudi arrears`) as a user runs them: summaries, the
# detail CSV and the HTML report written under temporary names, exit codes
# and messages for bad usage. Run from the repository root.
set -u
doudi=$1
# expect, contains and $fails: see cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"
csv=examples/jining/households.csv

expect 0 "whatif --set" -- "$doudi" whatif policies/jining $csv --date 2020-08-01 \
  --set 'dibao_standard[一类地区,urban]=660' --detail "$tmp/d.csv" --report "$tmp/r.html"
contains "$tmp/out" "monthly cost                          4510.01   4600.01    +90.00" "monthly cost before, after, change"
contains "$tmp/out" "annual cost (x12)                    54120.12  55200.12  +1080.00" "annual cost"
contains "$tmp/out" "renc-urban-3     一类地区  990.00  1080.00  +90.00" "the largest change, with its region"
contains "$tmp/d.csv" "renc-urban-3,300.00,300.00,0.00,630.00,660.00,30.00,990.00,1080.00,90.00,0.00,0.00,0.00,990.00,1080.00,90.00" "detail row"
contains "$tmp/r.html" "二类地区" "the report names the region groups"
compgen -G "$tmp/*.tmp" >/dev/null && { echo "FAIL: temporary file left behind"; fails=$((fails + 1)); }

expect 0 "several --set, before and between the positionals" -- "$doudi" whatif --set 'dibao_standard[一类地区, urban]=660' \
  policies/jining --set 'dibao_standard[二类地区,urban]=600' $csv --date 2020-08-01
contains "$tmp/out" "monthly cost                          4510.01   4630.01   +120.00" "both cells changed"

expect 0 "whatif --reform" -- "$doudi" whatif policies/jining $csv --date 2020-08-01 \
  --reform examples/reforms/jining_tier1_660.doudi
contains "$tmp/out" "+90.00" "the reform costs 90 a month"
expect 0 "whatif --against" -- "$doudi" whatif policies/jining examples/jining/households.yaml \
  --date 2018-01-01 --against 2020.07
contains "$tmp/out" "monthly cost                          3420.01   4490.01   +1070.00" "2017 against 2020.07"

expect 2 "a bad cell address" -- "$doudi" whatif policies/jining $csv --date 2020-08-01 --set 'dibao_standard[一类地区, urbn]=660'
contains "$tmp/err" "table 'dibao_standard': 'urbn' is not a value of key 'hukou'" "the table and the key are named"
expect 2 "an unknown table" -- "$doudi" whatif policies/jining $csv --date 2020-08-01 --set 'dibao=660'
contains "$tmp/err" "rule 'dibao' reads the household" "a rule that reads the household cannot be set"
expect 2 "no alternative" -- "$doudi" whatif policies/jining $csv --date 2020-08-01
contains "$tmp/err" "exactly one of --set" "the alternatives are named"
expect 2 "two alternatives" -- "$doudi" whatif policies/jining $csv --against 2017 --reform examples/reforms/jining_tier1_660.doudi
expect 2 "unknown version" -- "$doudi" whatif policies/jining $csv --date 2020-08-01 --against 2031
contains "$tmp/err" "no version '2031' (versions: 2016, 2017, 2020.07)" "the versions are listed"
expect 2 "a reform that does not check" -- "$doudi" whatif policies/jining $csv --date 2018-01-01 \
  --reform examples/reforms/jining_tier1_660.doudi
contains "$tmp/err" "一类地区" "2017 has no 一类地区"
# 2017 publishes no urban tekun standard: that household's tekun is n/a, so
# it is left out of the sums, named with the output, and counted apart.
expect 1 "a household with an output a version leaves n/a" -- "$doudi" whatif policies/jining $csv --date 2018-01-01 --against 2020.07
contains "$tmp/err" "id zouc-urban-tekun-partial): version 2017: output 'tekun' is n/a, so the household is not in the sums" "the household is named with the output"
contains "$tmp/err" "5 household(s) compared, 0 rejected, 1 left out for an output that is n/a" "the count"
contains "$tmp/out" "households: 5 evaluated, 0 rejected, 1 with an output that is n/a (a figure not published: not in the sums, see above)" "the summary is still printed, counting it apart"
contains "$tmp/out" "(6 rows)" "every row of the file is accounted for"
expect 0 "whatif help" -- "$doudi" whatif --help
contains "$tmp/out" "--against" "help lists the options"

expect 0 "arrears table" -- "$doudi" arrears policies/jining examples/jining/households.yaml --from 2020-06 --to 2020-08 --paid 2017
contains "$tmp/out" "2020-07  version 2020.07   990.00   810.00     +180.00  180.00" "a month owed"
contains "$tmp/out" "2020-06  version 2017      810.00   810.00        0.00    0.00" "a month not owed"
contains "$tmp/out" "6 household(s): due" "the totals"
expect 0 "arrears csv" -- "$doudi" arrears policies/jining examples/jining/households.yaml --from 2020-06 --to 2020-08 --paid 2017 --format csv
contains "$tmp/out" "id,month,version,due,paid,difference,owed" "csv header"
contains "$tmp/out" "renc-urban-3,2020-07,2020.07,990.00,810.00,180.00,180.00" "csv month"
contains "$tmp/out" "renc-urban-3,total,,2790.00,2430.00,360.00,360.00" "csv total"
expect 0 "arrears paid above what was due" -- "$doudi" arrears policies/jining examples/jining/households.yaml --from 2020-06 --to 2020-06 --paid 2020.07
contains "$tmp/out" "not clawed back" "overpaid months are said"
expect 2 "arrears bad month" -- "$doudi" arrears policies/jining $csv --from 2020-13 --to 2020-12 --paid 2017
contains "$tmp/err" "'2020-13' is not a month written YYYY-MM" "bad month"
expect 2 "arrears before the first version" -- "$doudi" arrears policies/jining $csv --from 2015-01 --to 2016-02 --paid 2017
contains "$tmp/err" "the earliest takes effect on 2016-01-01" "earliest date named"
expect 2 "arrears without --paid" -- "$doudi" arrears policies/jining $csv --from 2020-06 --to 2020-08
expect 0 "arrears help" -- "$doudi" arrears --help

# --threads: the summary and the detail rows do not depend on it.
for n in 1 3; do
  expect 0 "whatif --threads $n" -- "$doudi" whatif policies/reference tests/data/reference_households_10k.csv \
    --date 2020-08-01 --set 'dibao_standard[一类地区,urban]=660' --threads $n --detail "$tmp/d$n.csv"
  grep -v "^  run: " "$tmp/out" >"$tmp/summary$n.txt"  # the time of the run may differ
done
cmp -s "$tmp/summary1.txt" "$tmp/summary3.txt" || { echo "FAIL: the summary depends on --threads"; fails=$((fails + 1)); }
cmp -s "$tmp/d1.csv" "$tmp/d3.csv" || { echo "FAIL: the detail rows depend on --threads"; fails=$((fails + 1)); }
[ -s "$tmp/d1.csv" ] || { echo "FAIL: no detail rows"; fails=$((fails + 1)); }
# A household id given twice (the same file named twice): counted once, the repeat rejected as `run` does
expect 1 "whatif: repeated ids" -- "$doudi" whatif policies/jining $csv $csv --date 2020-08-01 \
  --set 'dibao_standard[一类地区,urban]=660'
contains "$tmp/out" "households: 6 evaluated, 6 rejected" "whatif: each repeat rejected"
contains "$tmp/err" "field 'id': the id 'renc-urban-3' was given to an earlier household of this run" "whatif: the repeat named"

if [ $fails -gt 0 ]; then
  echo "$fails failure(s)"
  exit 1
fi
echo "all whatif/arrears command checks passed"
