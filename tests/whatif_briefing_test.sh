#!/usr/bin/env bash
# Tests for the briefing options of cli/whatif_command.cpp (--title, a
# reform's description, --unit, --from/--to, the breakdowns) and
# cli/arrears_command.cpp (--summary), on tests/data/whatif_briefing.csv and
# arrears_briefing.csv, against figures worked out by hand from Jining's
# published standards (sources/004: 一类地区 urban 630, rural 475; 二类地区
# urban 590, rural 445; tekun 一类 urban 930, 二类 rural 580; care partial
# 290, self 170; 2017: urban 570, rural 380), dibao = (standard − per-capita
# income) × members:
#   renc-urban-3    任城区 urban 3, 900  -> pci 300: 990, at 660: 1080
#   renc-urban-new  任城区 urban 2, 1290 -> pci 645: 0, at 660: 30 (newly covered)
#   yanz-urban-1    兖州区 urban 1, 0    -> 630, at 660: 660
#   quf-rural       曲阜市 rural 2, 1200 -> pci 600 >= 475: 0
#   weis-rural-2    微山县 rural 2, 500  -> (475 − 250) × 2 = 450
#   jinx-rural-4    金乡县 rural 4, 1000 -> (445 − 250) × 4 = 780
#   liangs-urban    梁山县 urban 3, 1000 -> pci 333.33: 256.67 × 3 = 770.01
#   yut-urban-2     鱼台县 urban 2, 1300 -> pci 650 >= 590: 0
#   zouc tekun      邹城市 urban partial -> 930 + 290 = 1220
#   sis tekun       泗水县 rural self    -> 580 + 170 = 750
# before 5590.01 a month, after 5740.01 (+150: +90 +30 +30); covered 7 -> 8.
# Run from the repository root.
set -u
doudi=$1
source "$(dirname "$0")/cli_lib.sh"
data=tests/data/whatif_briefing.csv
reform=examples/reforms/jining_tier1_660.doudi
# matches FILE REGEX DESCRIPTION: a line of the file matches the extended regex
matches() {
  if ! grep -qE -- "$2" "$1"; then
    echo "FAIL: $3: /$2/ not in output:"; cat "$1"; fails=$((fails + 1))
  fi
}

expect 0 "whatif with a title" -- env SOURCE_DATE_EPOCH=1609459200 "$doudi" whatif policies/jining $data \
  --date 2020-08-01 --reform $reform --title "一类地区城市低保标准提至660元" --report "$tmp/r.html"
head -1 "$tmp/out" | grep -qxF "一类地区城市低保标准提至660元" || { echo "FAIL: the title is not the first line"; fails=$((fails + 1)); }
contains "$tmp/out" "一类地区城市低保标准由630元提高到660元" "the reform's description"
contains "$tmp/out" "低保标准 dibao_standard[一类地区, urban]: 630 → 660  (source: ●城市低保标准" "the scenario in words, with the table's source"
contains "$tmp/out" "  data: whatif_briefing.csv (10 rows)" "the data file's name, not its path, and its rows"
contains "$tmp/out" "reform file jining_tier1_660.doudi" "the reform by its file name"
contains "$tmp/out" "  run: 2021-01-01 00:00 UTC" "the time of the run (SOURCE_DATE_EPOCH)"
matches "$tmp/out" "^  policy fingerprint: sha1:[0-9a-f]{40}$" "the policy's fingerprint"
matches "$tmp/out" "^monthly cost +5590\.01 +5740\.01 +\+150\.00$" "the monthly cost"
matches "$tmp/out" "^annual cost \(x12\) +67080\.12 +68880\.12 +\+1800\.00$" "the annual cost"
matches "$tmp/out" "^households covered +7 +8 +\+1$" "coverage"
matches "$tmp/out" "^newly covered \(households / people\) +1 / 2$" "newly covered"
# by region: households, covered before, after, new, people before, after, cost before, after, existing, new, change, annual
matches "$tmp/out" "^一类地区 +6 +4 +5 +1 +7 +9 +3290\.00 +3440\.00 +3410\.00 +30\.00 +\+150\.00 +\+1800\.00$" "一类地区"
matches "$tmp/out" "^二类地区 +4 +3 +3 +0 +8 +8 +2300\.01 +2300\.01 +2300\.01 +0\.00 +0\.00 +0\.00$" "二类地区"
matches "$tmp/out" "^任城区 一类地区 +2 +1 +2 +1 +3 +5 +990\.00 +1110\.00 +1080\.00 +30\.00 +\+120\.00 +\+1440\.00$" "by district: 任城区"
matches "$tmp/out" "^济宁经济技术开发区 二类地区 +0 +0 +0 +0 +0 +0 +0\.00" "by district: a district without households is listed"
matches "$tmp/out" "^urban 城市 +6 +4 +5 +1 +8 +10 +3610\.01 +3760\.01 +3730\.01 +30\.00 +\+150\.00" "by hukou: urban"
matches "$tmp/out" "^rural 农村 +4 +3 +3 +0 +7 +7 +1980\.00 +1980\.00 +1980\.00 +0\.00 +0\.00" "by hukou: rural"
matches "$tmp/out" "^  of which dibao 低保金 +per month +3620\.01 +3770\.01 +\+150\.00$" "by output: dibao, under the total"
matches "$tmp/out" "^  of which tekun 特困人员供养金 +per month +1970\.00 +1970\.00 +0\.00$" "by output: tekun"
grep -qE "per_capita_income|^standard" "$tmp/out" && { echo "FAIL: a non-benefit output is reported as cost"; fails=$((fails + 1)); }
for d in 任城区 兖州区 曲阜市 微山县 金乡县 梁山县 鱼台县 邹城市 泗水县; do contains "$tmp/r.html" ">$d" "the report names $d"; done
contains "$tmp/r.html" "<title>一类地区城市低保标准提至660元</title>" "the report's title"
contains "$tmp/r.html" "whatif_briefing.csv — 10 rows" "the report's data line"
grep -qF "$PWD" "$tmp/r.html" && { echo "FAIL: the report holds an absolute path"; fails=$((fails + 1)); }

expect 0 "whatif --unit wan --from --to" -- "$doudi" whatif policies/jining $data --reform $reform \
  --unit wan --from 2021-07 --to 2021-12
contains "$tmp/out" "what-if: policy jining.social_assistance on 2021-07-01" "without --date, the first day of --from"
contains "$tmp/out" "amounts in 万元" "the unit is said"
matches "$tmp/out" "^monthly cost +0\.559001 +0\.574001 +\+0\.015000$" "the monthly cost in 万元, exactly"
matches "$tmp/out" "^cost 2021-07 to 2021-12 \(6 months\) +3\.354006 +3\.444006 +\+0\.090000$" "the budget months' cost: 6 × 150 = 900 元"
matches "$tmp/out" "change 6 months" "the groups' change over the budget months"

expect 0 "whatif --from --to in yuan" -- "$doudi" whatif policies/jining $data --reform $reform --from 2021-10 --to 2021-12
matches "$tmp/out" "^cost 2021-10 to 2021-12 \(3 months\) +16770\.03 +17220\.03 +\+450\.00$" "3 months: 3 × 150"
expect 2 "--from without --to" -- "$doudi" whatif policies/jining $data --reform $reform --from 2021-07
contains "$tmp/err" "give both --from YYYY-MM and --to YYYY-MM" "both are asked for"
expect 2 "--from after --to" -- "$doudi" whatif policies/jining $data --reform $reform --from 2021-12 --to 2021-07
contains "$tmp/err" "--from 2021-12 is after --to 2021-07" "the order is checked"
expect 2 "a bad month" -- "$doudi" whatif policies/jining $data --reform $reform --from 2021-13 --to 2021-12
contains "$tmp/err" "'2021-13' is not a month written YYYY-MM" "the month is named"
expect 2 "a bad unit" -- "$doudi" whatif policies/jining $data --reform $reform --unit jiao
expect 0 "whatif --set: no description" -- "$doudi" whatif policies/jining $data --date 2020-08-01 \
  --set 'dibao_standard[二类地区, rural]=450'
contains "$tmp/out" "低保标准 dibao_standard[二类地区, rural]: 445 → 450" "the --set figure in words"
matches "$tmp/out" "^monthly cost +5590\.01 +5610\.01 +\+20\.00$" "金乡县 rural 4: (450 − 250) × 4 = 800, +20"

# arrears --summary: 2017 paid (任城区 (570 − 300) × 3 = 810, 兖州区 570, 微山县 (380 − 250) × 2 = 260,
# 金乡县 (380 − 250) × 4 = 520: 2160 a month); due June 2160, July and August 990 + 630 + 450 + 780 = 2850.
expect 0 "arrears --summary" -- "$doudi" arrears policies/jining tests/data/arrears_briefing.csv --from 2020-06 --to 2020-08 --paid 2017 --summary
contains "$tmp/out" "4 household(s): due 7860.00, paid 6480.00, owed 1380.00" "the totals"
grep -q "^household " "$tmp/out" && { echo "FAIL: --summary printed a household's table"; fails=$((fails + 1)); }
expect 0 "arrears --summary --format csv" -- "$doudi" arrears policies/jining tests/data/arrears_briefing.csv --from 2020-06 --to 2020-08 --paid 2017 --summary --format csv
[ "$(cat "$tmp/out")" = "households,rejected,due,paid,difference,owed
4,0,7860.00,6480.00,1380.00,1380.00" ] || { echo "FAIL: arrears --summary csv:"; cat "$tmp/out"; fails=$((fails + 1)); }

if [ $fails -gt 0 ]; then
  echo "$fails failure(s)"
  exit 1
fi
echo "all whatif briefing checks passed"
