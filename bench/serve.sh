#!/usr/bin/env bash
# `doudi serve` under wrk on localhost (keep-alive), Jining's policy:
#   1. GET /v1/health                   — the trivial endpoint: what wrk and HTTP cost alone
#   2. POST /v1/evaluate, one household — requests/s, p50/p99
#   3. POST /v1/evaluate, 1,000 households a request — households/s
# Each run reports wrk's own CPU time (how much of the 2 cores the client took)
# and the server's.
#   bash bench/serve.sh [--duration S] [--connections N] [--threads N]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10 connections=64 threads=64
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "usage: bench/serve.sh [--duration S] [--connections N] [--threads N]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d /tmp/doudi-serve-bench.XXXXXX)
trap 'kill -TERM $server 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
districts = ["任城区", "兖州区", "曲阜市", "金乡县", "梁山县", "泗水县"]
def household(i):
    return {"id": f"h{i}", "district": districts[i % len(districts)], "hukou": "urban" if i % 2 else "rural",
            "members": str(1 + i % 5), "monthly_income": f"{(i * 37) % 2000}.{i % 100:02d}"}
for name, n in [("one", 1), ("list", 1000)]:
    with open(f"{work}/{name}.json", "w", encoding="utf-8") as f:
        json.dump({"policy": "jining.social_assistance", "date": "2020-08-01",
                   "households": [household(i) for i in range(n)]}, f, ensure_ascii=False)
PY
for name in one list; do
  cat > "$work/$name.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/$name.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
done

"${DOUDI:-build/doudi}" serve policies/jining --port 0 --threads "$threads" --quiet 2>"$work/server.log" &
server=$!
for _ in $(seq 50); do grep -q listening "$work/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$work/server.log")
url="http://127.0.0.1:$port"
curl -sf -X POST --data-binary @"$work/one.json" "$url/v1/evaluate" >/dev/null
echo "doudi serve on $url, $threads threads; wrk 1 thread, $connections connections, ${duration}s each; $(nproc) cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine takes cores from both)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
run() {  # label, connections, wrk arguments…
  local label=$1 c=$2; shift 2
  local before after
  before=$(cpu_ticks)
  /usr/bin/time -f "%U %S" -o "$work/wrk.time" wrk -t1 -c"$c" -d"${duration}s" --latency "$@" >"$work/wrk.out"
  after=$(cpu_ticks)
  local rps p50 p99 wrk_cpu server_cpu errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk.out" | tr '\n' ' ' || true)
  wrk_cpu=$(awk -v d="$duration" '{printf "%.0f%%", ($1 + $2) * 100 / d}' "$work/wrk.time")
  server_cpu=$(awk -v b="$before" -v a="$after" -v d="$duration" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.0f%%", (a - b) * 100 / hz / d}')
  # server CPU time per request: what a request costs whatever else the machine runs
  local per_request
  per_request=$(awk -v b="$before" -v a="$after" -v d="$duration" -v r="$rps" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.0f", (a - b) / hz * 1e6 / (r * d)}')  # not an amount: microseconds
  printf '%-34s %10s req/s  p50 %-8s p99 %-8s wrk CPU %-5s server CPU %-5s (%s us/request) %s\n' \
    "$label" "$rps" "$p50" "$p99" "$wrk_cpu" "$server_cpu" "$per_request" "${errors:-no errors}"
  echo "$rps" >"$work/last.rps"
}
run "GET /v1/health" "$connections" "$url/v1/health"
run "POST /v1/evaluate (1 household)" "$connections" -s "$work/one.lua" "$url/v1/evaluate"
run "POST /v1/evaluate (1,000 households)" 4 -s "$work/list.lua" "$url/v1/evaluate"
awk '{printf "%-34s %10.0f households/s\n", "  = households in lists", $1 * 1000}' "$work/last.rps"
