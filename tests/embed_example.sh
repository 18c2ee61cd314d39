#!/usr/bin/env bash
# examples/embed against the installed package: installs BUILD_DIR to a
# temporary prefix, configures and builds examples/embed there with
# find_package(doudi), runs it on the Jining example households, and checks
# its lines are those of `doudi run --format csv` on the same file.
# Usage: embed_example.sh BUILD_DIR SOURCE_DIR DOUDI
set -euo pipefail
build=$1 source=$2 doudi=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/doudi-embed.XXXXXX")
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
test -f "$work/prefix/include/doudi/policy.h" || { echo "embed: headers not installed"; exit 1; }
test -f "$work/prefix/include/doudi/doudi.h" || { echo "embed: C header not installed"; exit 1; }
cmake -S "$source/examples/embed" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" \
  || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j2 >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

"$work/build/jining_amounts" "$source/policies/jining" "$source/examples/jining/households.yaml" \
  >"$work/embed.csv" 2>"$work/embed.err"
"$doudi" run "$source/policies/jining" "$source/examples/jining/households.yaml" --date 2020-08-01 \
  --format csv >"$work/cli.csv" 2>/dev/null
if ! cmp -s "$work/embed.csv" "$work/cli.csv"; then
  echo "embed: the example's output differs from doudi run's:"
  diff "$work/embed.csv" "$work/cli.csv" || true
  exit 1
fi
# The six totals of README.md: 990.00 + 780.00 + 0.00 + 770.01 + 1200.00 + 750.00.
grep -qx "total of all households: 4490.01" "$work/embed.err" || { echo "embed: wrong total:"; cat "$work/embed.err"; exit 1; }
# With no household file it evaluates one built in code: (630 - 300) x 3.
"$work/build/jining_amounts" "$source/policies/jining" 2>/dev/null | grep -qx "renc-urban-3,300.00,630.00,990.00,0.00,990.00" \
  || { echo "embed: the household built in code is wrong"; exit 1; }
echo "embed: examples/embed built against the installed package and matches doudi run"
