#!/usr/bin/env bash
# Tests for cli/test_command.cpp: `doudi test` as a user runs it: exit codes and messages for a failing case,
# bad test files, JUnit output and the published-coverage report. Run from
# the repository root (paths below are the ones a user would type).
set -u
doudi=$1
# expect, contains and $fails: see cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"
last_line() {  # last_line FILE TEXT DESCRIPTION
  if [ "$(tail -n 1 "$1")" != "$2" ]; then
    echo "FAIL: $3: the last line is not '$2':"; cat "$1"; fails=$((fails + 1))
  fi
}
files=tests/data/test_files

expect 1 "a failing case" -- "$doudi" test $files/failing.yaml --junit "$tmp/j.xml"
contains "$tmp/out" "$files/failing.yaml:7: FAIL 任城区 urban household of 3, expecting a fen too much" "case name and file:line"
contains "$tmp/out" "dibao: expected 990.01, actual 990.00, from rule 'dibao' at policies/jining/" "expected, actual and rule"
last_line "$tmp/out" "0 passed, 1 failed" "summary"
contains "$tmp/j.xml" '<failure message="dibao: expected 990.01, actual 990.00"' "junit failure"
contains "$tmp/j.xml" '</testsuites>' "junit complete"

expect 2 "malformed YAML" -- "$doudi" test $files/malformed.yaml
contains "$tmp/err" "$files/malformed.yaml:6: not valid YAML" "malformed file and line"
last_line "$tmp/out" "0 passed, 0 failed" "summary after a bad file"

expect 2 "an output the policy does not declare" -- "$doudi" test $files/unknown_output.yaml
contains "$tmp/err" "$files/unknown_output.yaml:7: case '任城区 urban household of 3': expect: policy jining.social_assistance version 2020.07 has no output 'pension'" "unknown output"

expect 2 "a missing path" -- "$doudi" test $files/nowhere.yaml
contains "$tmp/err" "no such test file or directory" "missing path"
expect 2 "no PATH" -- "$doudi" test

# Bad files beside good ones: every good case still runs, the exit is 2.
expect 2 "bad and failing files together" -- "$doudi" test $files/
last_line "$tmp/out" "0 passed, 1 failed" "good cases still run"

expect 0 "the published suite" -- "$doudi" test --published tests/published/published-standards.yaml tests/published/
contains "$tmp/out" "covered    jining-2020-07-tiers" "coverage report"
contains "$tmp/out" "uncovered  xianning-2017-growth" "uncovered with reasons"
contains "$tmp/out" "16 of 18 covered by a case" "at least 16 of the 18 published entries covered"
contains "$tmp/out" "covered    chibi-medical" "Hubei's entries covered"
printf 'jining:\n  - id: jining-2017-dibao\n  - id: nobody-knows\n' >"$tmp/p.yaml"
expect 0 "an entry with no case and no reason" -- "$doudi" test --published "$tmp/p.yaml" tests/published/
contains "$tmp/out" "uncovered  nobody-knows       no case and no reason given" "no reason given"

if [ $fails -eq 0 ]; then echo "doudi test cli tests passed"; exit 0; fi
echo "$fails doudi test cli test(s) failed"; exit 1
