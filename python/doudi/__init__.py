"""doudi (兜底): social-assistance benefit standards as policy files,
evaluated in exact decimal.

    import doudi
    policy = doudi.Policy.load("policies/jining")
    policy.evaluate({"district": "任城区", "hukou": "urban", "members": 3,
                     "monthly_income": "900.00"}, "2020-08-01")["total"]   # Decimal('990.00')

    frame = doudi.evaluate_frame(policy, pd.read_csv("households.csv", dtype=str), date="2020-08-01")

Amounts are decimal.Decimal, never float. `doudi.dask.evaluate` runs the same
over a Dask DataFrame's partitions (import doudi.dask; needs python3-dask).
"""
from ._doudi import (EvaluationError, HouseholdError, Policy, PolicyError,  # noqa: F401
                     __version__, read_households)
from ._types import Failure, Outputs  # noqa: F401
from .frame import evaluate_frame  # noqa: F401

__all__ = ["Policy", "PolicyError", "HouseholdError", "EvaluationError", "Outputs", "Failure",
           "read_households", "evaluate_frame", "__version__"]


def __getattr__(name):
    # `doudi.dask` on first use, so importing doudi does not import Dask.
    if name == "dask":
        import importlib
        return importlib.import_module(".dask", __name__)
    raise AttributeError(f"module 'doudi' has no attribute {name!r}")
