#!/usr/bin/env bash
# `doudi run POLICY HOUSEHOLDS.csv --people PEOPLE.csv`: every way a roster
# can be wrong is a rejected row with its place and reason, the good
# households are still evaluated, and the summary and errors file account
# for every row; a policy that reads members refuses household rows without
# people. People in household order and shuffled give the same bytes.
set -u
doudi=$1
root=$2
source "$(dirname "$0")/cli_lib.sh"
policy="$root/policies/reference-members"

cat >"$tmp/households.csv" <<'CSV'
id,district,hukou,members,monthly_income,rigid_expenditure
A,任城区,urban,2,500.00,0
B,任城区,rural,,300.00,0
C,金乡县,urban,3,100.00,0
D,金乡县,urban,1,100.00,0
E,金乡县,urban,1,100.00,0
F,金乡县,rural,,600.00,0
CSV
cat >"$tmp/people.csv" <<'CSV'
household,出生日期,ill,disability,tekun,care
A,1952-02-29,0,none,0,none
A,1960-08-01,0,mild,0,none
C,1980-01-01,1,none,0,none
C,1985-01-01,0,none,0,none
Z,1990-01-01,0,none,0,none
E,1990-13-01,0,none,0,none
F,1960-08-01,0,severe,0,none
CSV
expect 1 "bad rosters" -- "$doudi" run "$policy" "$tmp/households.csv" --people "$tmp/people.csv" \
  --date 2020-08-01 --format csv --errors "$tmp/errors.csv"
contains "$tmp/out" "A,2,760.00,126.00,60.00" "a good household: both people 60 or over on the day (one born on 29 February, one turning 60 on the evaluation day)"
contains "$tmp/out" "F,1,0.00,0.00,0.00,445.00" "a one-person household: single-person cover for a severe disability"
contains "$tmp/err" "households.csv: line 3 (id B): no people: $tmp/people.csv has no person of household 'B'" "a household without people"
contains "$tmp/err" "households.csv: line 4 (id C): field 'members': the household states 3 members but $tmp/people.csv lists 2 people for it" "member count mismatch names both numbers"
contains "$tmp/err" "people.csv: line 7 (household E): field 'birth_date': '1990-13-01' is not a date" "a bad person field names the people file's line"
contains "$tmp/err" "people.csv: line 6 (household Z): field 'household': no household with id 'Z'" "an orphan person"
contains "$tmp/err" "is not in household order" "the index join says so"
contains "$tmp/err" "7 household(s) read: 2 evaluated and written, 5 rejected" "summary accounts for every row"
[ "$(wc -l <"$tmp/errors.csv")" = 6 ] || { echo "FAIL: errors file has $(wc -l <"$tmp/errors.csv") lines, expected 6"; fails=$((fails + 1)); }
contains "$tmp/errors.csv" "people.csv,5,7,E,birth_date" "errors file: a person's field, its household's row and its own line"

# Without --people: refused, saying what is missing.
expect 2 "a member policy on household rows without people" -- "$doudi" run "$policy" "$tmp/households.csv" --date 2020-08-01
contains "$tmp/err" "the policy reads its households' people (member inputs birth_date" "what is missing"
contains "$tmp/err" "give them with --people PEOPLE.csv" "how to give it"

# A people file without `household`, a households file without `id`.
printf 'birth_date\n1950-01-01\n' >"$tmp/nohousehold.csv"
expect 2 "people file without household column" -- "$doudi" run "$policy" "$tmp/households.csv" --people "$tmp/nohousehold.csv" --date 2020-08-01
contains "$tmp/err" "nohousehold.csv: line 1 (header): field 'household': missing column" "no household column"
printf 'district,hukou,monthly_income\n任城区,urban,100\n' >"$tmp/noid.csv"
expect 2 "households file without id" -- "$doudi" run "$policy" "$tmp/noid.csv" --people "$tmp/people.csv" --date 2020-08-01
contains "$tmp/err" "noid.csv: line 1 (header): field 'id': missing column: --people joins" "no id column"

# explain and index-report read the same two files, with the same rejections.
expect 2 "explain with --people" -- "$doudi" explain "$policy" "$tmp/households.csv" --people "$tmp/people.csv" --date 2020-08-01 --output addon
contains "$tmp/out" "A" "explain: a good household is explained"
contains "$tmp/err" "field 'members': the household states 3 members but $tmp/people.csv lists 2 people for it" "explain: the mismatch"
contains "$tmp/err" "no household with id 'Z'" "explain: the orphan"
expect 2 "explain without --people" -- "$doudi" explain "$policy" "$tmp/households.csv" --date 2020-08-01
contains "$tmp/err" "give them with --people PEOPLE.csv" "explain: refused without people"
expect 0 "index-report with --people" -- "$doudi" index-report "$policy" "$root/tests/data/members_households_10k.csv" \
  --people "$root/tests/data/members_people_10k_shuffled.csv" --date 2020-08-01
contains "$tmp/out" "10000" "index-report: every household counted"

# In household order and shuffled: the same bytes, 1 and 2 threads.
data="$root/tests/data"
for threads in 1 2; do
  expect 0 "ordered people, $threads thread(s)" -- "$doudi" run "$policy" "$data/members_households_10k.csv" \
    --people "$data/members_people_10k.csv" --date 2020-08-01 --format csv --threads $threads -o "$tmp/ordered$threads.csv"
  expect 0 "shuffled people, $threads thread(s)" -- "$doudi" run "$policy" "$data/members_households_10k.csv" \
    --people "$data/members_people_10k_shuffled.csv" --date 2020-08-01 --format csv --threads $threads -o "$tmp/shuffled$threads.csv"
  cmp -s "$tmp/ordered$threads.csv" "$data/members_expected_10k.csv" || { echo "FAIL: ordered, $threads thread(s)"; fails=$((fails + 1)); }
  cmp -s "$tmp/shuffled$threads.csv" "$data/members_expected_10k.csv" || { echo "FAIL: shuffled, $threads thread(s)"; fails=$((fails + 1)); }
done
[ "$fails" = 0 ] && echo "all roster cases pass"
exit "$fails"
