#!/usr/bin/env bash
# The robustness run: the whole test suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang), then each libFuzzer target from its seed
# corpus in tests/fuzz/corpus/ for FUZZ_SECONDS (60 under CI, else 15).
# A sanitizer report, a crash, a hang or a leak fails the run. Registered in
# ctest as robustness.sanitizers_and_fuzzing (it excludes itself inside).
set -euo pipefail
root=$(cd "$1" && pwd)
out=${2:-$root/build-robustness}
seconds=${FUZZ_SECONDS:-$([ -n "${CI:-}" ] && echo 60 || echo 15)}

if ! command -v clang++ >/dev/null; then
  echo "robustness: clang++ is missing (bash setup.sh installs clang)" >&2
  exit 1
fi
echo "robustness: building with clang, ASan + UBSan, into $out"
CC=clang CXX=clang++ cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDOUDI_SANITIZE=ON -DDOUDI_FUZZ=ON >/dev/null
if ! cmake --build "$out" -j"$(nproc)" >"$out/build.log" 2>&1; then
  tail -40 "$out/build.log"
  exit 1
fi

echo "robustness: the test suite under the sanitizers"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir "$out" --output-on-failure -E '^robustness\.' | tail -5

for target in fuzz_policy fuzz_household fuzz_csv_quotes fuzz_yaml_documents; do
  corpus=$(mktemp -d)
  case $target in
    fuzz_policy) cp "$root"/tests/fuzz/corpus/policy/* "$corpus"/ ;;
    fuzz_household) cp "$root"/tests/fuzz/corpus/csv/* "$root"/tests/fuzz/corpus/yaml/* "$corpus"/ ;;
    fuzz_csv_quotes | fuzz_yaml_documents) printf '\x00\x10\x00\x01\x20\x04' >"$corpus/seed" ;;  # the input is a list of edits
  esac
  echo "robustness: $target for $seconds s"
  (cd "$corpus" && "$out/tests/fuzz/$target" "$corpus" -max_total_time="$seconds" -max_len=4096 \
     -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$out/$target.log" 2>&1) || {
    tail -60 "$out/$target.log"
    echo "robustness: $target found a problem; the input is in $corpus (crash-*, timeout-*, leak-*)"
    exit 1
  }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$out/$target.log" | sed "s/^/  $target: /"
  rm -rf "$corpus"
done
echo "robustness: no sanitizer report, no crash, no hang"
