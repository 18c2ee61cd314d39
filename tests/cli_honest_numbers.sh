#!/usr/bin/env bash
# Issue 15, "Honest numbers on every path", as a user meets it on the command
# line: exit codes 0/1/2, a missing file is a file error, `-` is standard
# input, --threads -1 is a usage error, repeated ids and members against people
# are rejected rows, reform files are not taken on trust, a what-if counts only
# the benefit, per month, with other units beside it, and says which of the
# policy's rules its alternative breaks. And files: -o to a FIFO or device is
# written straight, and SIGINT/SIGTERM leave no temporary behind.
set -u
doudi=$1
root=$2
source "$(dirname "$0")/cli_lib.sh"
jining="$root/policies/jining"
csv="$root/examples/jining/households.csv"
yaml="$root/examples/jining/households.yaml"
hdr='policy p\nversion 1\neffective 2020-01-01\n'
lacks() {
  if grep -qF -- "$2" "$1"; then echo "FAIL: $3: '$2' is in the output:"; cat "$1"; fails=$((fails + 1)); fi
}

# ---- exit codes -------------------------------------------------------------
expect 0 "every household evaluated: 0" -- "$doudi" run "$jining" "$csv" --date 2020-08-01
printf 'id,district,hukou,members,monthly_income,tekun,care\na,任城区,urban,3,900.00,0,none\nb,火星区,urban,3,900.00,0,none\n' >"$tmp/one-bad.csv"
expect 1 "a rejected household: 1" -- "$doudi" run "$jining" "$tmp/one-bad.csv" --date 2020-08-01
contains "$tmp/err" "2 household(s) read: 1 evaluated and written, 1 rejected" "rejected: summary"
expect 2 "a missing input file: 2" -- "$doudi" run "$jining" "$csv" "$tmp/nowhere.csv" --date 2020-08-01
contains "$tmp/err" "nowhere.csv: cannot read the household file" "missing file: named"
contains "$tmp/err" "6 household(s) read: 6 evaluated and written, 0 rejected" "missing file: not a household read"
contains "$tmp/err" "1 file(s) could not be used" "missing file: counted as a file"
expect 2 "a missing YAML file: 2" -- "$doudi" run "$jining" "$tmp/nowhere.yaml" --date 2020-08-01
contains "$tmp/err" "0 household(s) read" "missing YAML file: no household read"
expect 2 "--threads -1 is a usage error" -- "$doudi" run "$jining" "$csv" --threads -1 --date 2020-08-01
contains "$tmp/err" "--threads '-1' is not a number of threads" "--threads -1: plain words"
expect 0 "--help shows the exit codes" -- "$doudi" run --help
contains "$tmp/out" "1 the run completed but some households were rejected" "--help: exit code 1"

# ---- standard input ---------------------------------------------------------
"$doudi" run "$jining" "$csv" --date 2020-08-01 --format csv >"$tmp/file.csv" 2>/dev/null
"$doudi" run "$jining" - --date 2020-08-01 --format csv <"$csv" >"$tmp/stdin.csv" 2>"$tmp/err"
cmp -s "$tmp/file.csv" "$tmp/stdin.csv" || { echo "FAIL: CSV on standard input differs from the file"; fails=$((fails + 1)); }
"$doudi" run "$jining" "$yaml" --date 2020-08-01 --format csv >"$tmp/file.csv" 2>/dev/null
"$doudi" run "$jining" - --date 2020-08-01 --format csv <"$yaml" >"$tmp/stdin.csv" 2>"$tmp/err"
cmp -s "$tmp/file.csv" "$tmp/stdin.csv" || { echo "FAIL: YAML on standard input differs from the file"; fails=$((fails + 1)); }
printf 'id,district,hukou,members,monthly_income,tekun,care\na,火星区,urban,3,900.00,0,none\n' >"$tmp/bad.csv"
expect 1 "a bad row on standard input" -- sh -c "\"$doudi\" run \"$jining\" - --date 2020-08-01 <\"$tmp/bad.csv\""
contains "$tmp/err" "<stdin>: line 2 (id a): field 'district'" "standard input: named <stdin>"

# ---- repeated ids -----------------------------------------------------------
printf 'id,district,hukou,members,monthly_income,tekun,care\na,任城区,urban,3,900.00,0,none\nb,任城区,urban,3,900.00,0,none\na,任城区,urban,2,100.00,0,none\n' >"$tmp/dup.csv"
for threads in 1 2; do
  expect 1 "a repeated id in CSV (threads $threads)" -- "$doudi" run "$jining" "$tmp/dup.csv" --date 2020-08-01 --format csv --threads $threads --errors "$tmp/dup-errors.csv"
  contains "$tmp/err" "dup.csv: line 4 (id a): field 'id': the id 'a' was given to an earlier household" "repeated CSV id: the second is named"
  contains "$tmp/err" "3 household(s) read: 2 evaluated and written, 1 rejected" "repeated CSV id: counted"
  [ "$(grep -c '^a,' "$tmp/out")" = 1 ] || { echo "FAIL: the repeated id was written"; cat "$tmp/out"; fails=$((fails + 1)); }
  contains "$tmp/dup-errors.csv" "dup.csv,3,4,a,id," "repeated CSV id: an errors-file row"
done
expect 1 "a repeated id across files" -- "$doudi" run "$jining" "$csv" "$yaml" --date 2020-08-01
contains "$tmp/err" "households.yaml: household 1 (id renc-urban-3): field 'id': the id 'renc-urban-3' was given to an earlier household" "repeated id across files"

# ---- members against the people listed --------------------------------------
printf -- "- id: m\n  hukou: rural\n  members: 3\n  monthly_income: 0\n  people:\n    - {age: 70}\n" >"$tmp/members.yaml"
expect 1 "members 3 with one person listed" -- "$doudi" run "$jining/jinxiang" "$tmp/members.yaml" --date 2020-08-01
contains "$tmp/err" "field 'members': 3 member(s) given but 1 listed under people: they must agree" "members vs people: why"

# ---- reform files -----------------------------------------------------------
printf 'policy jining.social_assistance\namends 2020.07\nset dibao_standard[一类地区, urban] = 660\n' >"$tmp/jining-reform.doudi"
expect 2 "a reform for another policy" -- "$doudi" whatif "$root/policies/reference" "$root/examples/reference/households.csv" --date 2020-08-01 --reform "$tmp/jining-reform.doudi"
contains "$tmp/err" "jining-reform.doudi:1:8: error: the reform is for policy 'jining.social_assistance', but it is run with policy 'reference" "reform policy mismatch"
printf 'policy no.such_policy\nset dibao_standard[一类地区, urban] = 660\n' >"$tmp/nosuch.doudi"
expect 2 "a reform naming a policy that does not exist" -- "$doudi" whatif "$jining" "$csv" --date 2020-08-01 --reform "$tmp/nosuch.doudi"
contains "$tmp/err" "the reform is for policy 'no.such_policy'" "reform naming no policy"
printf 'policy jining.social_assistance\nversion x\namends 2017\neffective 2021-01-01\nset dibao_standard[一类地区, urban] = 660\n' >"$tmp/later.doudi"
expect 0 "a reform amending another version, effective later" -- "$doudi" whatif "$jining" "$csv" --date 2020-08-01 --reform "$tmp/later.doudi"
contains "$tmp/out" "later.doudi:3:8: note: the reform says 'amends 2017', but it is applied to version 2020.07" "amends not the baseline: said"
contains "$tmp/out" "note: the reform takes effect 2021-01-01, after the date of the run (2020-08-01)" "effective after --date: said"

# ---- what-if: the benefit, per month, other units beside --------------------
cat >"$tmp/periods.doudi" <<'POLICY'
policy p
version 1
effective 2020-01-01
household {
  basic : money per month
  members : integer at least 1
}
rule tekun_monthly : money per month = basic
rule annual : money per year = round(basic * 12, 1, up)
rule per_head : money per month = round(basic / members, 0.01, half_up)
output per_head
output annual
output tekun_monthly
POLICY
printf 'id,basic,members\na,1000.00,2\nb,456.58,1\n' >"$tmp/periods.csv"
printf 'rule tekun_monthly : money per month = basic + 10\n' >"$tmp/more.doudi"
expect 2 "several money outputs, no total, no benefit line" -- "$doudi" whatif "$tmp/periods.doudi" "$tmp/periods.csv" --date 2020-08-01 --reform "$tmp/more.doudi"
contains "$tmp/err" "say which are amounts paid with a line such as 'benefit per_head, annual, tekun_monthly'" "no benefit: what to write"
printf 'benefit annual, tekun_monthly\n' >>"$tmp/periods.doudi"
expect 0 "per-month and per-year benefits" -- "$doudi" whatif "$tmp/periods.doudi" "$tmp/periods.csv" --date 2020-08-01 --reform "$tmp/more.doudi" --report "$tmp/periods.html"
contains "$tmp/out" "monthly cost                              1456.58   1476.58   +20.00" "monthly cost: per-month amounts only"
contains "$tmp/out" "cost per year (annual), not in the cost  17479.00  17479.00     0.00" "per-year amounts beside, in their unit"
lacks "$tmp/out" "70935.58" "per-year figures never added to per-month ones"
contains "$tmp/periods.html" "per year (annual) 元, not in the cost" "report: per-year amounts beside"
lacks "$tmp/periods.html" "per_head" "report: a per-capita figure is not summed"
expect 0 "Jining: the report sums only the benefit" -- "$doudi" whatif "$jining" "$csv" --date 2020-08-01 --set 'dibao_standard[一类地区, urban]=660' --report "$tmp/jining.html"
contains "$tmp/out" "benefit: output 'total' (救助金合计) per month;" "Jining: the benefit said"
contains "$tmp/out" "monthly cost                          4510.01   4600.01    +90.00" "Jining: monthly cost"
lacks "$tmp/jining.html" "per_capita_income" "Jining report: no per-capita income in the totals"
lacks "$tmp/jining.html" ">standard " "Jining report: no standard in the totals"

# ---- what-if: the province's rules -----------------------------------------
programmes="$root/policies/jining/programmes"
expect 0 "--set breaking a require" -- "$doudi" whatif "$jining" "$csv" --date 2020-08-01 --set 'dibao_standard[一类地区, urban]=660' --report "$tmp/rules.html"
contains "$tmp/out" "the alternative breaks 1 of the policy's rules (require):" "require: said with the summary"
contains "$tmp/out" "violation: 城市低保平均标准达到每人每月610元" "require: which"
contains "$tmp/rules.html" "城市低保平均标准达到每人每月610元" "require: in the report"
expect 0 "--set within the rules" -- "$doudi" whatif "$programmes" "$root/examples/jining-programmes/households.yaml" --date 2020-08-01 --set gradual_exit_months=5
lacks "$tmp/out" "breaks" "no violation, no word"
contains "$tmp/out" "one-off cost (temporary + education), not in the cost" "programmes: one-off amounts (a temporary grant too) beside"
lacks "$tmp/out" "12515.00" "programmes: the temporary grants (8850) are not added to the monthly total (3665)"
contains "$tmp/out" "cost per year (medical), not in the cost" "programmes: per-year amounts beside"

# ---- files: a device or FIFO is written straight; a signal leaves no temporary --
mkfifo "$tmp/out.fifo"
cat "$tmp/out.fifo" >"$tmp/from_fifo" &
reader=$!
expect 0 "-o a FIFO" -- "$doudi" run "$jining" "$yaml" --date 2020-08-01 --format csv -o "$tmp/out.fifo"
for _ in $(seq 40); do kill -0 "$reader" 2>/dev/null || break; sleep 0.05; done
kill -0 "$reader" 2>/dev/null && { echo "FAIL: -o FIFO: nothing was written to the FIFO"; fails=$((fails + 1)); kill "$reader"; }
wait "$reader"
[ -p "$tmp/out.fifo" ] || { echo "FAIL: -o FIFO: the FIFO was replaced by a plain file"; fails=$((fails + 1)); }
compgen -G "$tmp/out.fifo*.tmp" >/dev/null && { echo "FAIL: -o FIFO: a .tmp file was written beside it"; fails=$((fails + 1)); }
contains "$tmp/from_fifo" "renc-urban-3," "-o FIFO: the rows went through the FIFO"
set -m  # job control: a background run gets SIGINT as a foreground one does (not ignored)
for sig in INT TERM; do
  mkfifo "$tmp/in-$sig.yaml"
  "$doudi" run "$jining" "$tmp/in-$sig.yaml" --date 2020-08-01 -o "$tmp/sig-$sig.csv" --errors "$tmp/sig-$sig-errors.csv" \
    >/dev/null 2>"$tmp/sig-$sig.err" &
  pid=$!
  exec 7>"$tmp/in-$sig.yaml"  # doudi now waits for the rest of its input
  for _ in $(seq 100); do compgen -G "$tmp/sig-$sig.csv.*.tmp" >/dev/null && break; sleep 0.05; done
  compgen -G "$tmp/sig-$sig.csv.*.tmp" >/dev/null || { echo "FAIL: SIG$sig: the run did not start writing"; fails=$((fails + 1)); }
  kill -"$sig" "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: SIG$sig: the run went on after the signal"; fails=$((fails + 1)); kill -KILL "$pid"
  fi
  wait "$pid"
  code=$?
  exec 7>&-
  [ "$code" -ne 0 ] || { echo "FAIL: SIG$sig: exit 0 after the signal"; fails=$((fails + 1)); }
  for f in "$tmp"/sig-$sig.csv.*.tmp "$tmp"/sig-$sig-errors.csv.*.tmp "$tmp/sig-$sig.csv"; do
    [ -e "$f" ] && { echo "FAIL: SIG$sig: $f left behind"; fails=$((fails + 1)); }
  done
  contains "$tmp/sig-$sig.err" "interrupted" "SIG$sig: the run says it was interrupted"
done
set +m

if [ "$fails" -gt 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "cli honest numbers: all passed"
