"""The same households spread over a Dask cluster (here a LocalCluster of 2
worker processes on this machine; a real deployment points the Client at its
scheduler): each partition evaluated by doudi, and what raising 一类地区's
urban dibao standard to 660 would cost, summed exactly across partitions.
Run from the repository root after building:

    PYTHONPATH=build/python /usr/bin/python3 examples/python/dask_whatif.py
"""
import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

import doudi
import doudi.dask


def main():
    policy = doudi.Policy.load("policies/jining")
    raised = policy.with_settings("2020-08-01", ["dibao_standard[一类地区, urban]=660"])
    households = dd.from_pandas(pd.read_csv("examples/jining/households.csv", dtype=str), npartitions=3)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
        results = doudi.dask.evaluate(policy, households, date="2020-08-01")
        print(results[["id", "total"]].compute().to_string(index=False))
        print("total:", doudi.dask.totals(results, ["total"])["sums"]["total"])
        w = doudi.dask.whatif(policy, raised, households, date="2020-08-01")
        print(f"660 for 一类地区 urban: {w['cost_before']} -> {w['cost_after']} a month "
              f"({w['difference']:+}), {w['gain']} household(s) gain")


if __name__ == "__main__":
    main()
