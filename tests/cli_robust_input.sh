#!/usr/bin/env bash
# Issue 18, "silent wrong input", as a user meets it on the command line: a
# second YAML document, a repeated key, a household with several bad members,
# a stray quote in a CSV, blank lines, CR-only line endings, a repeated id
# column, an over-long id and a date out of range are each said plainly, with
# every row still accounted for.
set -u
doudi=$1
root=$2
source "$(dirname "$0")/cli_lib.sh"
ref="$root/policies/reference"
programmes="$root/policies/jining/programmes"
csv="$root/examples/reference/households.csv"
hh() { printf '  - id: %s\n    district: 邹城市\n    hukou: rural\n    members: 1\n    monthly_income: %s\n' "$1" "$2"; }

# F6: two documents joined
{ echo "households:"; hh a 0; echo "---"; echo "households:"; hh b 0; } >"$tmp/two.yaml"
expect 2 "F6: a second YAML document is a file error" -- "$doudi" run "$ref" "$tmp/two.yaml" --date 2024-01-01
contains "$tmp/err" "two.yaml: line 7: a second YAML document starts here" "F6: its line"

# F7: a repeated key in a household (YAML and JSON)
{ echo "households:"; hh a 90000.00; echo "    monthly_income: 0"; } >"$tmp/repeat.yaml"
expect 1 "F7: a repeated key rejects the household" -- "$doudi" run "$ref" "$tmp/repeat.yaml" --date 2024-01-01
contains "$tmp/err" "field 'monthly_income': line 7: given a second time for the household" "F7: key and line"
contains "$tmp/err" "1 household(s) read: 0 evaluated and written, 1 rejected" "F7: not evaluated"
printf '[{"id": "a", "district": "邹城市", "hukou": "rural", "members": 1, "monthly_income": "9000.00", "monthly_income": "0"}]\n' >"$tmp/repeat.json"
expect 1 "F7: JSON too" -- "$doudi" run "$ref" "$tmp/repeat.json" --date 2024-01-01
contains "$tmp/err" "given a second time for the household" "F7: JSON key"

# F10: two bad members are one rejected household, one errors-file row
cat >"$tmp/members.yaml" <<'YAML'
households:
  - {id: a, district: 任城区, hukou: urban, monthly_income: 400.00, people: [{birth_date: 19x8-01-20}, {birth_date: 1950-13-02}]}
  - {id: b, district: 任城区, hukou: urban, monthly_income: 400.00, people: [{birth_date: 9999-12-31}, {birth_date: bad}]}
  - {id: c, district: 任城区, hukou: urban, monthly_income: 400.00, people: [{birth_date: 1948-01-20}]}
YAML
expect 1 "F10: bad members" -- "$doudi" run "$programmes" "$tmp/members.yaml" --date 2020-08-01 --errors "$tmp/errors.csv"
contains "$tmp/err" "3 household(s) read: 1 evaluated and written, 2 rejected" "F10: each household once"
contains "$tmp/err" "'9999-12-31' is outside the dates a household file may give (1900-01-01 to 2200-12-31)" "a date out of range"
rows=$(($(wc -l <"$tmp/errors.csv") - 1))
[ "$rows" = 2 ] || { echo "FAIL: F10: $rows errors-file rows, expected 2"; cat "$tmp/errors.csv"; fails=$((fails + 1)); }

# F11: a stray quote rejects its row; the rows after it are read
{ head -1 "$csv"; sed -n 2p "$csv" | sed 's/^1,/1,"/'; tail -n +3 "$csv"; } >"$tmp/quote.csv"
expect 1 "F11: a stray quote" -- "$doudi" run "$ref" "$tmp/quote.csv" --date 2024-01-01 --format csv
contains "$tmp/err" "quote.csv: line 2: a quoted field runs past 100 lines or 64 KiB, or never closes" "F11: located"
contains "$tmp/err" "20 household(s) read: 19 evaluated and written, 1 rejected" "F11: the rest read"

# blank lines are no households
{ head -3 "$csv"; echo; tail -n +4 "$csv"; echo; } >"$tmp/blank.csv"
expect 0 "a blank line is no household" -- "$doudi" run "$ref" "$tmp/blank.csv" --date 2024-01-01 --format csv
contains "$tmp/err" "20 household(s) read: 20 evaluated and written, 0 rejected" "blank lines: not rejected"

# CR-only line endings, a repeated id column, an over-long id
tr '\n' '\r' <"$csv" >"$tmp/cr.csv"
expect 2 "CR-only line endings" -- "$doudi" run "$ref" "$tmp/cr.csv" --date 2024-01-01
contains "$tmp/err" "line endings: this file uses CR-only (old Mac) line endings" "CR: said as line endings"
{ echo "id,$(head -1 "$csv")"; tail -n +2 "$csv" | sed 's/^/x,/'; } >"$tmp/two-ids.csv"
expect 2 "a repeated id column" -- "$doudi" run "$ref" "$tmp/two-ids.csv" --date 2024-01-01
contains "$tmp/err" "the column appears twice" "repeated id column"
long=$(printf 'x%.0s' $(seq 300))
{ head -1 "$csv"; sed -n 2p "$csv" | sed "s/^1,/$long,/"; tail -n +3 "$csv"; } >"$tmp/long-id.csv"
expect 1 "an id over 256 bytes" -- "$doudi" run "$ref" "$tmp/long-id.csv" --date 2024-01-01 --format csv
contains "$tmp/err" "an id may be at most 256 bytes; this one has 300" "long id: said"
contains "$tmp/err" "20 household(s) read: 19 evaluated and written, 1 rejected" "long id: one row"

# F19: an id that is not UTF-8 is its row's bad field; JSON output stays valid
{ head -1 "$csv"; sed -n 2p "$csv" | sed 's/^1,/\xff\xfe,/'; tail -n +3 "$csv"; } >"$tmp/bytes.csv"
expect 1 "F19: an id that is not UTF-8" -- "$doudi" run "$ref" "$tmp/bytes.csv" --date 2024-01-01 --format json
contains "$tmp/err" "field 'id': the id is not UTF-8 text" "F19: said"
contains "$tmp/err" "20 household(s) read: 19 evaluated and written, 1 rejected" "F19: one row"
/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$tmp/out" ||
  { echo "FAIL: F19: the JSON output is not valid UTF-8 JSON"; fails=$((fails + 1)); }

# F16: a policy reads only regular files within its folder, never waiting or without bound
expect 2 "F16: run /dev/zero" -- timeout 20 "$doudi" run /dev/zero "$csv" --date 2024-01-01
contains "$tmp/err" "/dev/zero: error: not a regular file" "F16: a device is refused"
expect 2 "F16: --reform /dev/zero" -- timeout 20 "$doudi" whatif "$ref" "$csv" --reform /dev/zero --date 2024-01-01
contains "$tmp/err" "not a regular file" "F16: a reform that is a device"
mkdir -p "$tmp/jinan" "$tmp/outside"
cp "$root"/policies/jinan/* "$tmp/jinan/"
cp "$tmp/jinan/statistics.yaml" "$tmp/outside/statistics.yaml"
ln -sf /dev/zero "$tmp/jinan/statistics.yaml"
expect 2 "F16: a series file linked to /dev/zero" -- timeout 20 "$doudi" check "$tmp/jinan"
contains "$tmp/err" "leads outside the policy's folder (to /dev/zero)" "F16: series to a device"
ln -sf "$tmp/outside/statistics.yaml" "$tmp/jinan/statistics.yaml"
expect 2 "F16: a series file linked outside the folder" -- timeout 20 "$doudi" check "$tmp/jinan"
contains "$tmp/err" "leads outside the policy's folder" "F16: series outside"
rm "$tmp/jinan/statistics.yaml"; ln -s loop.yaml "$tmp/jinan/statistics.yaml"; ln -s statistics.yaml "$tmp/jinan/loop.yaml"
expect 2 "F16: a loop of links" -- timeout 20 "$doudi" check "$tmp/jinan"
contains "$tmp/err" "cannot follow the series data file" "F16: a loop is located, not an internal error"
mkdir -p "$tmp/looped"
cp "$root"/policies/jinan/* "$tmp/looped/"
ln -s 2022.doudi "$tmp/looped/2022.doudi"  # a link to itself
expect 2 "F16: a version file that is a loop of links" -- timeout 20 "$doudi" check "$tmp/looped"
contains "$tmp/err" "2022.doudi: error: cannot read the file: Too many levels of symbolic links" "F16: named, not skipped"

# F11: a record past 4 MiB stops the file, saying how many lines were not read
{ head -2 "$csv"; printf '2,"'; head -c 5000000 /dev/zero | tr '\0' x; printf '\n'; sed -n 3,4p "$csv"; } >"$tmp/long-record.csv"
expect 2 "F11: a record past 4 MiB" -- "$doudi" run "$ref" "$tmp/long-record.csv" --date 2024-01-01 --format csv
contains "$tmp/err" "long-record.csv: line 3: a record runs past 4 MiB without ending" "F11: its line"
contains "$tmp/err" "the rest of the file, from this line, was not read (3 line(s))" "F11: the lines not read"

if [ "$fails" -gt 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "cli robust input: all passed"
