#!/usr/bin/env bash
# `doudi fmt`: the shipped policies are in the canonical layout; --check lists
# a file that is not and exits 1 writing nothing; --diff prints a unified diff
# that `patch` applies to give the formatted file; fmt rewrites it; a file
# that does not parse is reported with file:line:col and left as it is.
# Usage: cli_fmt.sh DOUDI SOURCE_DIR
set -euo pipefail
doudi=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$doudi" fmt --check "$src/policies" "$src/examples" \
  || fail "the shipped policies are not formatted: run doudi fmt policies examples"

cp -r "$src/policies/wenshang" "$tmp/w"
file="$tmp/w/2020.doudi"
cp "$file" "$tmp/expected"
"$doudi" fmt "$tmp/expected" >/dev/null
# spoil the layout (spaces only, outside quotes): indent declarations, squeeze
# and widen the gaps in rows and rules
sed -i -e 's/^rule \([a-z_]*\) /  rule   \1   /' -e 's/^  \([a-z_]*\) */    \1 /' -e 's/ \* / */g' \
  -e 's/round(\(.*\), /round( \1 ,/' "$file"
cp "$file" "$tmp/spoiled"
cmp -s "$tmp/spoiled" "$tmp/expected" && fail "the spoiling changed nothing"

set +e
out=$("$doudi" fmt --check "$tmp/w"); rc=$?
set -e
[ "$rc" = 1 ] || fail "--check on a spoiled file exited $rc, not 1"
[ "$out" = "$file" ] || fail "--check listed '$out', not $file"
cmp -s "$file" "$tmp/spoiled" || fail "--check changed the file"

set +e
"$doudi" fmt --diff "$file" >"$tmp/change.diff"; rc=$?
set -e
[ "$rc" = 1 ] || fail "--diff exited $rc, not 1"
grep -q '^@@ -[0-9]*,[0-9]* +[0-9]*,[0-9]* @@$' "$tmp/change.diff" || fail "--diff printed no hunk"
cmp -s "$file" "$tmp/spoiled" || fail "--diff changed the file"
cp "$tmp/spoiled" "$tmp/patched"
patch -s "$tmp/patched" "$tmp/change.diff" || fail "patch could not apply the --diff output"
cmp -s "$tmp/patched" "$tmp/expected" || fail "the patched file is not the formatted one"

out=$("$doudi" fmt "$tmp/w")
[ "$out" = "formatted $file" ] || fail "fmt printed '$out'"
cmp -s "$file" "$tmp/expected" || fail "fmt of the spoiled file is not fmt of the original"
"$doudi" fmt --check "$file" || fail "--check after fmt still finds a change"
out=$("$doudi" fmt "$file")
[ -z "$out" ] || fail "fmt of a formatted file rewrote it: $out"

printf 'policy p\nversion 1\neffective 2020-01-01\nrule a = (1 +\n' >"$tmp/bad.doudi"
cp "$tmp/bad.doudi" "$tmp/bad.before"
set +e
"$doudi" fmt "$tmp/bad.doudi" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "a file that does not parse: exit $rc, not 2"
grep -q "bad.doudi:[0-9]*:[0-9]*: error" "$tmp/err" || fail "no file:line:col in: $(cat "$tmp/err")"
cmp -s "$tmp/bad.doudi" "$tmp/bad.before" || fail "the file that does not parse was changed"
echo "cli_fmt: ok"
