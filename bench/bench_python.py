"""bench_python.py: doudi.evaluate_frame against `doudi run` on the same
households (bench/README.md, "The embedding API"). Generates N households
with the reference workload's generator, times the CLI writing CSV, then
pd.read_csv + evaluate_frame (best of --repeat), and prints the time per
household of each and their ratio.

WORKLOAD_DIR (as bench/run.sh) says where gen.py is.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/bench_python.py [--rows N] [--dir DIR] [--repeat N]
"""
import argparse
import os
import subprocess
import sys
import time

import pandas as pd

import doudi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200000)
    ap.add_argument("--dir", default="/tmp/doudi-bench-python")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    households = os.path.join(args.dir, f"households_{args.rows}.csv")
    if not os.path.exists(households):
        places = [os.path.join(ROOT, "bench"), os.environ.get("WORKLOAD_DIR", ""),
                  os.path.join(ROOT, "..", "shared", "bench"), "/work/shared/bench"]
        gen = next(os.path.join(p, "gen.py") for p in places if p and os.path.exists(os.path.join(p, "gen.py")))
        with open(households, "w") as out:
            subprocess.run([sys.executable, gen, str(args.rows), "1"], stdout=out, check=True)
    policy_path = os.path.join(ROOT, "policies", "reference")
    doudi_bin = os.path.join(ROOT, "build", "doudi")
    cli = []
    for _ in range(args.repeat):
        t = time.perf_counter()  # not an amount: elapsed time
        subprocess.run([doudi_bin, "run", policy_path, households, "--date", "2020-08-01", "--format", "csv",
                        "-o", os.path.join(args.dir, "cli.csv")], check=True, stderr=subprocess.DEVNULL)
        cli.append(time.perf_counter() - t)
    policy = doudi.Policy.load(policy_path)
    frame_times, read_times = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()  # not an amount: elapsed time
        frame = pd.read_csv(households)
        r = time.perf_counter()
        out = doudi.evaluate_frame(policy, frame, date="2020-08-01")
        frame_times.append(time.perf_counter() - r)
        read_times.append(r - t)
    assert out["errors"].isna().all()
    n = args.rows
    best_cli, best_frame, best_read = min(cli), min(frame_times), min(read_times)
    print(f"households:                      {n}")
    print(f"doudi run (CSV in, CSV out):     {best_cli:.3f} s  {best_cli / n * 1e6:.2f} us/household")
    print(f"evaluate_frame (frame in, out):  {best_frame:.3f} s  {best_frame / n * 1e6:.2f} us/household "
          f"({best_frame / best_cli:.2f}x the CLI)")
    print(f"pd.read_csv + evaluate_frame:    {best_read + best_frame:.3f} s  "
          f"({(best_read + best_frame) / best_cli:.2f}x the CLI)")


if __name__ == "__main__":
    main()
