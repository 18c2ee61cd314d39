"""doudi on Dask: evaluate a Dask DataFrame of households partition by
partition (doudi.evaluate_frame on each), and what-if totals combined
exactly (decimal.Decimal sums, never float).

    import doudi, doudi.dask
    from dask.distributed import Client, LocalCluster
    client = Client(LocalCluster(n_workers=2))
    ddf = dask.dataframe.read_csv("households-*.csv", dtype=str)
    out = doudi.dask.evaluate(policy, ddf, date="2020-08-01")      # a Dask DataFrame
    doudi.dask.totals(out, ["total"])                              # {'total': Decimal(...)}
    doudi.dask.whatif(policy, alternative, ddf, date="2020-08-01")

A Policy pickles as the recipe that made it (its path or text, then
version / settings / reform), so each worker loads it once from the same
files; the policy's files must be readable at that path on every worker.
"""
import decimal

from . import _doudi
from .frame import _date_text, evaluate_frame


def _meta(policy, date, ddf):
    import pandas as pd

    names = [o["name"] for o in policy.outputs(date)]
    columns = (["id"] if "id" in ddf.columns else []) + names + ["errors"]
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


def _evaluate_partition(part, policy, date, threads):
    out = evaluate_frame(policy, part, date=date, threads=threads)
    for c in out.columns:
        out[c] = out[c].astype(object)
    return out


def evaluate(policy, ddf, *, date, threads=1):
    """A Dask DataFrame of the outputs of every row of `ddf` (a Dask
    DataFrame of households, as for doudi.evaluate_frame): the same columns
    and values as evaluate_frame on the whole, partition by partition.
    `threads` is the doudi threads per partition (1: let Dask parallelise)."""
    if isinstance(policy, str):
        policy = _doudi.Policy.load(policy)
    date = _date_text(date)
    return ddf.map_partitions(_evaluate_partition, policy, date, threads, meta=_meta(policy, date, ddf))


def _partition_totals(frame, columns):
    sums = {c: decimal.Decimal(0) for c in columns}
    rows = failed = 0
    for c in columns:
        for v in frame[c].tolist():
            if v is not None:
                sums[c] += v
    rows = len(frame)
    failed = int(frame["errors"].notna().sum()) if "errors" in frame.columns else 0
    return {"sums": sums, "rows": rows, "failed": failed}


def _combine(parts, columns):
    total = {"sums": {c: decimal.Decimal(0) for c in columns}, "rows": 0, "failed": 0}
    for p in parts:
        for c in columns:
            total["sums"][c] += p["sums"][c]
        total["rows"] += p["rows"]
        total["failed"] += p["failed"]
    return total


def totals(result, columns):
    """Exact Decimal sums of output `columns` of evaluate()'s result, with
    the rows counted and the failed ones: {"sums": {column: Decimal},
    "rows": n, "failed": n}. Each partition sums its own in Decimal; the
    partial sums are added in Decimal — the same total as one process."""
    import dask

    parts = [dask.delayed(_partition_totals)(p, list(columns)) for p in result.to_delayed()]
    return _combine(dask.compute(*parts), list(columns))


def _partition_whatif(part, policy, alternative, date, benefit):
    before = evaluate_frame(policy, part, date=date, threads=1)
    after = evaluate_frame(alternative, part, date=date, threads=1)
    out = {"households": 0, "rejected": 0, "covered_before": 0, "covered_after": 0,
           "cost_before": decimal.Decimal(0), "cost_after": decimal.Decimal(0), "gain": 0, "lose": 0}
    for b, a, eb, ea in zip(before[benefit].tolist(), after[benefit].tolist(),
                            before["errors"].tolist(), after["errors"].tolist()):
        if eb is not None or ea is not None:
            out["rejected"] += 1
            continue
        out["households"] += 1
        out["covered_before"] += b > 0
        out["covered_after"] += a > 0
        out["cost_before"] += b if b > 0 else 0
        out["cost_after"] += a if a > 0 else 0
        out["gain"] += a > b
        out["lose"] += a < b
    return out


def whatif(policy, alternative, ddf, *, date, benefit="total"):
    """The households of `ddf` under `policy` and `alternative` (e.g.
    policy.with_settings(...)), compared by the output `benefit`: households
    compared and rejected, covered before and after (benefit > 0), the cost
    before and after (Decimal, summed exactly across partitions), the
    difference, and how many gain or lose."""
    import dask

    date = _date_text(date)
    parts = dask.compute(*[dask.delayed(_partition_whatif)(p, policy, alternative, date, benefit)
                           for p in ddf.to_delayed()])
    total = {"households": 0, "rejected": 0, "covered_before": 0, "covered_after": 0,
             "cost_before": decimal.Decimal(0), "cost_after": decimal.Decimal(0), "gain": 0, "lose": 0}
    for p in parts:
        for k in total:
            total[k] += p[k]
    total["difference"] = total["cost_after"] - total["cost_before"]
    return total
