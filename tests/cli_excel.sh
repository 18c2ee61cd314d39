#!/usr/bin/env bash
# Working with Excel, end to end: a GB18030 CSV (as Excel on Chinese Windows
# saves "CSV"), an .xlsx roster (households, and households with a people
# roster) and a CSV headed by the policy's labels give the same results as
# the UTF-8 CSV; doudi's --excel CSV and .xlsx outputs, read back with
# Python's csv and openpyxl, hold the right values, cell types, number
# formats, header labels, frozen pane and about sheet; unknown columns are
# named in one error, or ignored, or passed through.
set -u
doudi=$1
root=$2
python=${3:-python3}
source "$(dirname "$0")/cli_lib.sh"
policy="$root/policies/jining"
csv="$root/examples/jining/households.csv"
run() { "$doudi" run "$@" --date 2020-08-01; }

run "$policy" "$csv" --format csv -o "$tmp/utf8.out" 2>"$tmp/utf8.err" || { echo "FAIL: UTF-8 run"; exit 1; }
contains "$tmp/utf8.err" "read as UTF-8" "summary: UTF-8"

# GB18030, detected and asked for.
iconv -f UTF-8 -t GB18030 "$csv" >"$tmp/gb.csv"
if LC_ALL=C grep -q '任城区' "$tmp/gb.csv"; then echo "FAIL: iconv did not convert"; fails=$((fails + 1)); fi
expect 0 "GB18030 CSV, detected" -- run "$policy" "$tmp/gb.csv" --format csv
cmp -s "$tmp/out" "$tmp/utf8.out" || { echo "FAIL: GB18030 results differ"; diff "$tmp/out" "$tmp/utf8.out"; fails=$((fails + 1)); }
contains "$tmp/err" "gb.csv read as GB18030" "summary: GB18030"
expect 0 "GB18030 CSV, --encoding gb18030" -- run "$policy" "$tmp/gb.csv" --format csv --encoding gb18030
cmp -s "$tmp/out" "$tmp/utf8.out" || { echo "FAIL: --encoding gb18030 results differ"; fails=$((fails + 1)); }
contains "$tmp/err" "(--encoding)" "summary: the encoding was asked for"
# A bad row in a GB18030 file: its error, and the errors file, are UTF-8.
{ cat "$csv"; echo "bad-row,微山县,urban,3,abc,0,none"; } | iconv -f UTF-8 -t GB18030 >"$tmp/gb-bad.csv"
expect 1 "GB18030 CSV with a bad row" -- run "$policy" "$tmp/gb-bad.csv" --format csv --errors "$tmp/errors.csv"
contains "$tmp/err" "line 8 (id bad-row): field 'monthly_income': 'abc' is not a number" "GB18030: the bad row's error"
"$python" -c "import sys; [open(f, encoding='utf-8', errors='strict').read() for f in sys.argv[1:]]" \
  "$tmp/err" "$tmp/errors.csv" || { echo "FAIL: errors are not UTF-8"; fails=$((fails + 1)); }
# --encoding utf-8 forced on GB18030 bytes: refused row by row, messages still UTF-8.
expect 1 "GB18030 read as UTF-8 when told" -- run "$policy" "$tmp/gb.csv" --format csv --encoding utf-8
"$python" -c "import sys; open(sys.argv[1], encoding='utf-8', errors='strict').read()" "$tmp/err" ||
  { echo "FAIL: errors for a mis-told encoding are not UTF-8"; fails=$((fails + 1)); }

# Labels as headers (the register's Chinese headings).
sed '1s/.*/id,所在县(市、区),hukou,members,monthly_income,tekun,care/' "$csv" >"$tmp/labels.csv"
expect 0 "label headers" -- run "$policy" "$tmp/labels.csv" --format csv
cmp -s "$tmp/out" "$tmp/utf8.out" || { echo "FAIL: label-header results differ"; fails=$((fails + 1)); }

# .xlsx rosters written by openpyxl: numbers as numbers, dates as dates.
"$python" - "$csv" "$tmp" "$root" <<'PY' || { echo "FAIL: writing the .xlsx rosters"; exit 1; }
import csv, datetime, sys
import openpyxl
src, tmp, root = sys.argv[1:4]
def typed(head, v):
    try:
        if head in ("members", "tekun"): return int(v)
        if head in ("monthly_income", "rigid_expenditure"): return float(v)  # as Excel stores a typed number
        if head == "birth_date": return datetime.date.fromisoformat(v)
    except ValueError:
        pass  # a bad value stays text, as a user typed it
    return v
def save(rows, path, title="花名册"):
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = title
    ws.append(rows[0])
    for r in rows[1:]: ws.append([typed(h, v) for h, v in zip(rows[0], r)])
    wb.save(path)
rows = list(csv.reader(open(src, encoding="utf-8")))
save(rows, f"{tmp}/roster.xlsx")
save(rows + [["bad-row", "微山县", "urban", "3", "abc", "0", "none"]], f"{tmp}/roster-bad.xlsx")
# Households with people: the first 40 households of the member workload.
hh = list(csv.reader(open(f"{root}/tests/data/members_households_10k.csv", encoding="utf-8")))[:41]
ids = {r[0] for r in hh[1:]}
people = [r for r in csv.reader(open(f"{root}/tests/data/members_people_10k.csv", encoding="utf-8"))]
people = [people[0]] + [r for r in people[1:] if r[0] in ids]
for name, table in (("households", hh), ("people", people)):
    with open(f"{tmp}/m-{name}.csv", "w", encoding="utf-8", newline="") as f: csv.writer(f, lineterminator="\n").writerows(table)
    save(table, f"{tmp}/m-{name}.xlsx", "Sheet1")
PY
expect 0 ".xlsx roster" -- run "$policy" "$tmp/roster.xlsx" --format csv
cmp -s "$tmp/out" "$tmp/utf8.out" || { echo "FAIL: .xlsx results differ"; diff "$tmp/out" "$tmp/utf8.out"; fails=$((fails + 1)); }
contains "$tmp/err" "roster.xlsx read as xlsx, sheet '花名册'" "summary: the sheet"
cp "$tmp/roster.xlsx" "$tmp/roster.dat"
expect 0 ".xlsx under another name (zip magic)" -- run "$policy" "$tmp/roster.dat" --format csv
cmp -s "$tmp/out" "$tmp/utf8.out" || { echo "FAIL: .xlsx by content differs"; fails=$((fails + 1)); }
# The same bad row gives the same error from the .xlsx as from the CSV (row 8 = line 8).
expect 1 ".xlsx with a bad row" -- run "$policy" "$tmp/roster-bad.xlsx" --format csv
grep -v '^doudi run:' "$tmp/err" | sed 's/roster-bad.xlsx/F/' >"$tmp/xlsx-bad.err"
iconv -f GB18030 -t UTF-8 "$tmp/gb-bad.csv" >"$tmp/bad.csv"
"$doudi" run "$policy" "$tmp/bad.csv" --date 2020-08-01 --format csv >/dev/null 2>"$tmp/csv-bad.raw"
grep -v '^doudi run:' "$tmp/csv-bad.raw" | sed "s#$tmp/bad.csv#F#" >"$tmp/csv-bad.err"
sed -i "s#$tmp/F#F#" "$tmp/xlsx-bad.err"
cmp -s "$tmp/xlsx-bad.err" "$tmp/csv-bad.err" || { echo "FAIL: .xlsx and CSV errors differ"; diff "$tmp/xlsx-bad.err" "$tmp/csv-bad.err"; fails=$((fails + 1)); }
contains "$tmp/xlsx-bad.err" "F: line 8 (id bad-row): field 'monthly_income'" ".xlsx error names the sheet row"
# Households and people both as .xlsx (birth dates as date cells) = the CSVs.
mp="$root/policies/reference-members"
"$doudi" run "$mp" "$tmp/m-households.csv" --people "$tmp/m-people.csv" --date 2020-08-01 --format csv >"$tmp/m-csv.out" 2>/dev/null
expect 0 ".xlsx households with an .xlsx people roster" -- \
  "$doudi" run "$mp" "$tmp/m-households.xlsx" --people "$tmp/m-people.xlsx" --date 2020-08-01 --format csv
cmp -s "$tmp/out" "$tmp/m-csv.out" || { echo "FAIL: .xlsx rosters differ"; diff "$tmp/out" "$tmp/m-csv.out" | head; fails=$((fails + 1)); }
[ "$(wc -l <"$tmp/out")" = 41 ] || { echo "FAIL: expected 40 households"; fails=$((fails + 1)); }

# Unknown columns: one error naming them all; ignore; pass.
sed '1s/$/,姓名,身份证号/; 2,$s/$/,张三,370811199001011234/' "$csv" | sed '2s/^renc-urban-3/0012/' >"$tmp/extra.csv"
expect 2 "unknown columns refused" -- run "$policy" "$tmp/extra.csv" --format csv
contains "$tmp/err" "2 column(s) name no household input of the policy (by name or label): '姓名', '身份证号'" "unknown: one message"
expect 0 "unknown columns ignored" -- run "$policy" "$tmp/extra.csv" --format csv --extra-columns ignore
contains "$tmp/err" "are ignored: '姓名', '身份证号'" "ignored: said"
expect 0 "unknown columns passed" -- run "$policy" "$tmp/extra.csv" --format csv --extra-columns pass
contains "$tmp/out" "id,姓名,身份证号,per_capita_income" "passed: header beside id"
contains "$tmp/out" "0012,张三,370811199001011234,300.00" "passed: values beside id"
cp "$tmp/out" "$tmp/pass.out"

# The Excel outputs, read back.
expect 0 "--excel CSV" -- run "$policy" "$tmp/extra.csv" --format csv --excel --extra-columns pass -o "$tmp/excel.csv"
expect 0 "--format xlsx" -- run "$policy" "$tmp/extra.csv" --format xlsx --extra-columns pass -o "$tmp/results.xlsx"
expect 2 "--format xlsx needs -o" -- run "$policy" "$csv" --format xlsx
"$python" - "$tmp" <<'PY' || fails=$((fails + 1))
import csv, sys
from decimal import Decimal
import openpyxl
tmp = sys.argv[1]
bad = []
def check(ok, what):
    if not ok: bad.append(what)
plain = list(csv.reader(open(f"{tmp}/pass.out", encoding="utf-8")))  # the pass run's plain CSV
raw = open(f"{tmp}/excel.csv", "rb").read()
check(raw.startswith(b"\xef\xbb\xbf"), "excel csv: BOM")
check(raw.count(b"\r\n") == raw.count(b"\n") == len(plain), "excel csv: CRLF on every line")
rows = list(csv.reader(open(f"{tmp}/excel.csv", encoding="utf-8-sig", newline="")))
check(rows[0][:4] == ["id", "姓名", "身份证号", "家庭人均月收入 (per_capita_income)"], f"excel csv: header {rows[0][:4]}")
check("低保金 (dibao)" in rows[0], "excel csv: bilingual dibao")
check(rows[1][0] == '="0012"', f"excel csv: numeric id kept as text {rows[1][0]!r}")
check(rows[2][0] == "jinx-rural-4", "excel csv: a plain id as it is")
check(rows[1][2] == '370811199001011234', "excel csv: passed column")
check([r[3:] for r in rows[1:]] == [r[3:] for r in plain[1:]], "excel csv: the same amounts")
wb = openpyxl.load_workbook(f"{tmp}/results.xlsx")
check(wb.sheetnames == ["results", "about"], f"xlsx: sheets {wb.sheetnames}")
ws = wb["results"]
check(ws.freeze_panes == "B2", f"xlsx: frozen pane {ws.freeze_panes}")
head = [c.value for c in ws[1]]
check(head == rows[0], f"xlsx: header labels {head}")
for r, want in zip(ws.iter_rows(min_row=2, max_row=ws.max_row), plain[1:]):
    check(r[0].data_type == "s" and r[0].value == want[0], f"xlsx: id text {r[0].value!r}")
    check(r[2].data_type == "s" and r[2].value == want[2], "xlsx: passed column as text")
    for cell, text in zip(r[3:], want[3:]):
        check(cell.data_type == "n", f"xlsx: amount is a number cell {cell.value!r}")
        check(cell.number_format == "0.00", f"xlsx: declared decimals {cell.number_format}")
        check(Decimal(repr(cell.value)) == Decimal(text), f"xlsx: {cell.value!r} != {text}")
check(ws.max_row == len(plain), f"xlsx: {ws.max_row} rows")
about = {r[0].value: r[1].value for r in wb["about"].iter_rows(min_row=2)}
check(about.get("policy") == "jining.social_assistance", f"about: policy {about.get('policy')}")
check(about.get("version") == "2020.07", "about: version")
check(str(about.get("fingerprint", "")).startswith("sha1:"), "about: fingerprint")
check(about.get("date") == "2020-08-01", "about: date")
check("source" in about and "济宁" in about["source"], "about: sources")
for b in bad: print("FAIL:", b)
sys.exit(1 if bad else 0)
PY

[ "$fails" = 0 ] && echo "cli_excel: all passed"
exit "$fails"
