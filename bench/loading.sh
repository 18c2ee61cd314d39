#!/usr/bin/env bash
# Loading at scale (issue 18, F15): `doudi check` on generated policies that
# once took quadratic time or memory — a region of N districts on one line,
# an enumeration of N values, N rules each an unknown name (N diagnostics), a
# sum of N terms, a table of N cells, a chain of N one-line amendments —
# each at N and 2N. Prints wall time and peak RSS; linear loading shows about
# twice the time at 2N. Nothing is asserted: these are figures.
#   bash bench/loading.sh [BUILD_DIR] [N]     (default build, 20000)
set -euo pipefail
build=${1:-build}
n=${2:-20000}
doudi=$(realpath "$build/doudi")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$n" <<'PY'
import datetime, os, sys
work, n = sys.argv[1], int(sys.argv[2])
head = "policy p\nversion 1\neffective 2020-01-01\n"
def write(name, text):
    open(os.path.join(work, name), "w").write(text)
for k in (n, 2 * n):
    write(f"districts-{k}.doudi", head + "region A = {" + ", ".join(f"d{i}" for i in range(k)) + "}\nrule a = 1\noutput a\n")
    write(f"enum-{k}.doudi", head + "enum e = {" + ", ".join(f"v{i}" for i in range(k)) + "}\nrule a = 1\noutput a\n")
    write(f"diagnostics-{k}.doudi", head + "".join(f"rule r{i} = nope{i}\n" for i in range(k)) + "output r0\n")
    write(f"sum-{k}.doudi", head + "rule a = " + " + ".join("1" for _ in range(k)) + "\noutput a\n")
    cells = min(k, 50000)  # a table holds at most 100,000 cells
    write(f"table-{k}.doudi", head + "enum e = {" + ", ".join(f"v{i}" for i in range(cells)) + "}\n"
          + "table t : money by e\n" + "".join(f"  v{i} {i}\n" for i in range(cells))
          + "household {\n  x : e\n}\nrule a = t[x]\noutput a\n")
    chain = os.path.join(work, f"chain-{k // 10}")
    os.makedirs(chain)
    open(os.path.join(chain, "0000.doudi"), "w").write(
        "policy c\nversion 0\neffective 2000-01-01\nenum hukou = {urban, rural}\nhousehold {\n  hukou : hukou\n}\n"
        "table s : money by hukou\n  urban 600  rural 450\nrule dibao = s\noutput dibao\n")
    day = datetime.date(2000, 1, 2)
    for i in range(1, k // 10 + 1):
        open(os.path.join(chain, f"{i:05d}.doudi"), "w").write(
            f"policy c\nversion {i}\neffective {day + datetime.timedelta(days=i)}\namends {i - 1}\n"
            f"set s[urban] = {600 + i}\n")
PY
printf '%-22s %10s %10s\n' "policy" "seconds" "peak MB"
for kind in districts enum diagnostics sum table chain; do
  for k in "$n" $((2 * n)); do
    target="$work/$kind-$k.doudi"
    [ "$kind" = chain ] && target="$work/chain-$((k / 10))"
    label="$kind $k"
    [ "$kind" = chain ] && label="chain of $((k / 10))"
    /usr/bin/time -f "%e %M" -o "$work/time" "$doudi" check "$target" >/dev/null 2>&1 || true
    read -r seconds kb < <(tail -1 "$work/time")
    printf '%-22s %10s %10s\n' "$label" "$seconds" "$((kb / 1024))"
  done
done
