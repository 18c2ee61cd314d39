#!/usr/bin/env bash
# One case for every class of bad input in issue 8's list, run as a user runs
# doudi: each must exit 2 (a policy or a file that cannot be used) or 1 (a household rejected) and name the right place (policy: file:line:col and
# the line with a caret; household: file, row or household, id and field).
# Also: the errors file accounts for every rejected row, and the summary for
# every row read.
set -u
doudi=$1
root=$2
source "$(dirname "$0")/cli_lib.sh"
jining="$root/policies/jining"
hdr='policy p\nversion 1\neffective 2020-01-01\n'
csv="$root/examples/jining/households.csv"

# ---- policy files ----
printf "${hdr}rule a = 1 +\noutput a\n" >"$tmp/syntax.doudi"
expect 2 "syntax error" -- "$doudi" run "$tmp/syntax.doudi" "$csv"
contains "$tmp/err" "syntax.doudi:5:1: error: expected a value after the operator" "syntax error: place and what was expected"
contains "$tmp/err" "    5 | output a" "syntax error: the line"

printf "${hdr}rule a = b + 1\noutput a\n" >"$tmp/unknown.doudi"
expect 2 "unknown name" -- "$doudi" run "$tmp/unknown.doudi" "$csv"
contains "$tmp/err" "unknown.doudi:4:10: error: unknown name 'b'" "unknown name: place"

printf "${hdr}household { m : money }\nrule a = m + 2020-01-01\noutput a\n" >"$tmp/type.doudi"
expect 2 "type mismatch" -- "$doudi" run "$tmp/type.doudi" "$csv"
contains "$tmp/err" "type.doudi:5:10: error: '+' takes numbers, not money and date" "type mismatch: place"

printf "${hdr}household { m : money\n n : integer }\nrule a = m + n\noutput a\n" >"$tmp/unit.doudi"
expect 2 "money and a count mixed" -- "$doudi" run "$tmp/unit.doudi" "$csv"
contains "$tmp/err" "unit.doudi:6:10: error:" "money + integer: place"
contains "$tmp/err" "money only adds to money" "money + integer: why"

printf "${hdr}household { m : money per month\n y : money per year }\nrule a = m + y\noutput a\n" >"$tmp/period.doudi"
expect 2 "unit mismatch (per month and per year)" -- "$doudi" run "$tmp/period.doudi" "$csv"
contains "$tmp/err" "period.doudi:6:10: error: cannot add money per month and money per year" "unit mismatch: place and both units"

printf "${hdr}enum k = {a, b}\nhousehold { x : k }\ntable t : money by k\n  a 1\noutput v money = t\n" >"$tmp/cell.doudi"
expect 2 "missing table cell" -- "$doudi" run "$tmp/cell.doudi" "$csv"
contains "$tmp/err" "cell.doudi:6:7: error: table 't' has no cell for [b]" "missing cell: place and cell"

printf "${hdr}rule a = 1\nrule a = 2\noutput a\n" >"$tmp/dup.doudi"
expect 2 "duplicate definition" -- "$doudi" run "$tmp/dup.doudi" "$csv"
contains "$tmp/err" "dup.doudi:5:6: error: 'a' is already defined as a rule at" "duplicate: both places"

printf "${hdr}rule a \"\xff\xfe\" = 1\noutput a\n" >"$tmp/utf.doudi"
expect 2 "invalid UTF-8" -- "$doudi" run "$tmp/utf.doudi" "$csv"
contains "$tmp/err" "utf.doudi:4:9: error: the file is not valid UTF-8 here" "invalid UTF-8: place"

: >"$tmp/empty.doudi"
expect 2 "empty policy" -- "$doudi" run "$tmp/empty.doudi" "$csv"
contains "$tmp/err" "empty.doudi: error: the policy file is empty" "empty policy"

head -c 5000000 /dev/zero | tr '\0' '#' >"$tmp/big.doudi"
expect 2 "enormous policy" -- "$doudi" run "$tmp/big.doudi" "$csv"
contains "$tmp/err" "big.doudi: error: the policy file is larger than the limit of 4 MiB" "enormous policy: the bound named"

printf "${hdr}rule a = 1 +\nrule b = c\nrule d = 1 +\noutput a\n" >"$tmp/several.doudi"
expect 2 "several errors" -- "$doudi" check "$tmp/several.doudi"
contains "$tmp/err" "several.doudi:5:1:" "first of several syntax errors"

printf "${hdr}rule a = b\nrule c = d\noutput a\noutput c\n" >"$tmp/several2.doudi"
expect 2 "several checker errors together" -- "$doudi" check "$tmp/several2.doudi"
contains "$tmp/err" "several2.doudi:4:10: error: unknown name 'b'" "first of several"
contains "$tmp/err" "several2.doudi:5:10: error: unknown name 'd'" "second of several, in the same run"

# ---- household files ----
h='id,district,hukou,members,monthly_income,tekun,care'
printf "$h\na,火星区,urban,3,900,0,none\n" >"$tmp/district.csv"
expect 1 "unknown district" -- "$doudi" run "$jining" "$tmp/district.csv" --date 2020-08-01
contains "$tmp/err" "district.csv: line 2 (id a): field 'district': unknown district '火星区'" "unknown district"

printf 'id,district,hukou,members,tekun,care\na,任城区,urban,3,0,none\n' >"$tmp/missing.csv"
expect 2 "missing column" -- "$doudi" run "$jining" "$tmp/missing.csv" --date 2020-08-01
contains "$tmp/err" "missing.csv: line 1 (header): field 'monthly_income': missing column" "missing column"

printf -- '- id: a\n  district: 任城区\n  hukou: urban\n  members: 3\n' >"$tmp/missing.yaml"
expect 1 "missing field" -- "$doudi" run "$jining" "$tmp/missing.yaml" --date 2020-08-01
contains "$tmp/err" "missing.yaml: household 1 (id a): field 'monthly_income': missing" "missing field"

printf "$h,color\na,任城区,urban,3,900,0,none,red\n" >"$tmp/extra.csv"
expect 2 "extra column" -- "$doudi" run "$jining" "$tmp/extra.csv" --date 2020-08-01
contains "$tmp/err" "extra.csv: line 1 (header): field 'color': the policy has no household input of this name" "extra column"

printf -- '- id: a\n  district: 任城区\n  hukou: urban\n  members: 3\n  monthly_income: 900\n  colour: red\n' >"$tmp/extra.yaml"
expect 1 "extra field" -- "$doudi" run "$jining" "$tmp/extra.yaml" --date 2020-08-01
contains "$tmp/err" "extra.yaml: household 1 (id a): field 'colour': the policy has no household input" "extra field"

printf "$h\na,任城区,urban,three,900,0,none\n" >"$tmp/type.csv"
expect 1 "wrong type" -- "$doudi" run "$jining" "$tmp/type.csv" --date 2020-08-01
contains "$tmp/err" "type.csv: line 2 (id a): field 'members': 'three' is not" "wrong type"

printf -- '- id: a\n  district: 任城区\n  hukou: city\n  members: 3\n  monthly_income: 900\n' >"$tmp/enum.yaml"
expect 1 "not a value of the enumeration" -- "$doudi" run "$jining" "$tmp/enum.yaml" --date 2020-08-01
contains "$tmp/err" "enum.yaml: household 1 (id a): field 'hukou': 'city' is not a value of hukou" "bad enumeration value"
if grep -q "field 'hukou': missing" "$tmp/err"; then echo "FAIL: a bad value is also reported missing"; fails=$((fails + 1)); fi

printf "$h\na,任城区,urban,-3,900,0,none\nb,任城区,urban,3,-1,0,none\n" >"$tmp/negative.csv"
expect 1 "negative members and income, which Jining forbids" -- "$doudi" run "$jining" "$tmp/negative.csv" --date 2020-08-01
contains "$tmp/err" "negative.csv: line 2 (id a): field 'members': -3 is below the least the policy allows (at least 1)" "negative members"
contains "$tmp/err" "negative.csv: line 3 (id b): field 'monthly_income': -1 is below the least the policy allows (at least 0)" "negative income"

printf -- '- id: a\n  district: 任城区\n  hukou: urban\n  members: [3\n' >"$tmp/bad.yaml"
expect 2 "malformed YAML" -- "$doudi" run "$jining" "$tmp/bad.yaml" --date 2020-08-01
contains "$tmp/err" "bad.yaml: not valid YAML/JSON at line 5, column 1" "malformed YAML: place"

printf '[{"id": "a", "district": "任城区",\n "members": }' >"$tmp/bad.json"
expect 2 "malformed JSON" -- "$doudi" run "$jining" "$tmp/bad.json" --date 2020-08-01
contains "$tmp/err" "bad.json: not valid YAML/JSON at line" "malformed JSON: place"

printf "$h\na,任城区,urban,3,900,0,none,9\nb,任城区,urban,3\n" >"$tmp/columns.csv"
expect 1 "too many and too few fields" -- "$doudi" run "$jining" "$tmp/columns.csv" --date 2020-08-01
contains "$tmp/err" "columns.csv: line 2 (id a): the row has 8 fields but the header names 7 columns" "too many fields"
contains "$tmp/err" "columns.csv: line 3 (id b): the row has 4 fields but the header names 7 columns" "too few fields"

# ---- nothing lost: rows read = written + rejected, and the errors file ----
{ printf "$h\n"; for i in $(seq 1 3000); do
    if [ $((i % 500)) = 0 ]; then echo "r$i,火星区,urban,3,900,0,none"; else echo "r$i,任城区,urban,3,$((i % 2000)),0,none"; fi
  done; } >"$tmp/many.csv"
expect 1 "errors file" -- "$doudi" run "$jining" "$tmp/many.csv" --date 2020-08-01 --format csv -o "$tmp/out.csv" --errors "$tmp/errors.csv" --threads 2
contains "$tmp/err" "3000 household(s) read: 2994 evaluated and written, 6 rejected (listed in $tmp/errors.csv)" "summary accounts for every row"
written=$(($(wc -l <"$tmp/out.csv") - 1))
rejected=$(($(wc -l <"$tmp/errors.csv") - 1))
[ "$written" = 2994 ] || { echo "FAIL: $written rows written, expected 2994"; fails=$((fails + 1)); }
[ "$rejected" = 6 ] || { echo "FAIL: $rejected errors-file rows, expected 6"; fails=$((fails + 1)); }
contains "$tmp/errors.csv" "file,row,line,id,field,reason" "errors file header"
contains "$tmp/errors.csv" "$tmp/many.csv,500,501,r500,district,unknown district '火星区'" "errors file row: row, line, id, field, reason"
compgen -G "$tmp/errors.csv.*.tmp" >/dev/null && { echo "FAIL: errors.csv.tmp left behind"; fails=$((fails + 1)); }

# ---- help and exit codes ----
for c in run check history diff explain index-report test whatif arrears; do
  expect 0 "$c --help" -- "$doudi" "$c" --help
done
expect 2 "unknown command" -- "$doudi" frobnicate

[ "$fails" = 0 ] && echo "all error classes named their place" || exit 1
