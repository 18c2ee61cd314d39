"""doudi.dask (python/doudi/dask.py) on a LocalCluster with 2 worker
processes: the same results and the same exact totals as one process.
Usage: python3 doudi_dask_test.py SOURCE_DIR"""
import decimal
import os
import sys

import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

import doudi
import doudi.dask

SOURCE = sys.argv[1]
failures = 0


def check(condition, what):
    global failures
    if not condition:
        failures += 1
        print("check failed:", what, file=sys.stderr)


def main():
    policy = doudi.Policy.load(os.path.join(SOURCE, "policies/reference"))
    frame = pd.read_csv(os.path.join(SOURCE, "tests/data/reference_households_10k.csv"), dtype=str)
    frame.loc[17, "members"] = "many"  # one bad row: an error in its partition, the rest evaluated
    one = doudi.evaluate_frame(policy, frame, date="2020-08-01")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        check(len(client.scheduler_info()["workers"]) == 2, "two workers")
        ddf = dd.from_pandas(frame, npartitions=6)
        result = doudi.dask.evaluate(policy, ddf, date="2020-08-01")
        got = result.compute()
        names = [o["name"] for o in policy.outputs("2020-08-01")]
        check(list(got.columns) == list(one.columns), f"columns {list(got.columns)}")
        check(all((got[n].map(str) == one[n].map(str)).all() for n in names), "the same results as one process")
        check(got["errors"].notna().sum() == 1 and got["errors"][17].field == "members", "the bad row's error")
        totals = doudi.dask.totals(result, ["total", "dibao"])
        exact = sum((v for v in one["total"] if v is not None), decimal.Decimal(0))
        check(totals["sums"]["total"] == exact and type(totals["sums"]["total"]) is decimal.Decimal,
              f"exact total {totals['sums']['total']} == {exact}")
        check(totals["rows"] == 10000 and totals["failed"] == 1, "rows counted")
        raised = policy.with_settings("2020-08-01", ["dibao_standard[一类地区, urban]=700"])
        w = doudi.dask.whatif(policy, raised, ddf, date="2020-08-01")
        households = [dict(r) for r in frame.to_dict("records")]
        for h in households:
            for k in list(h):
                if h[k] is None or h[k] != h[k]:
                    del h[k]
        s = policy.whatif(households, "2020-08-01", raised)
        check(w["cost_before"] == s["all"]["cost_before"] and w["cost_after"] == s["all"]["cost_after"],
              f"what-if costs {w['cost_before']} {w['cost_after']} == {s['all']['cost_before']} {s['all']['cost_after']}")
        check(w["difference"] == s["difference"] and w["difference"] > 0, f"difference {w['difference']}")
        check(w["households"] == s["households"] and w["rejected"] == 1, "households compared")
    if failures:
        print(failures, "check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("doudi.dask on a LocalCluster: all checks passed")


if __name__ == "__main__":
    main()
