"""A table of households in pandas, evaluated in one call: the Jining
example households (examples/jining/households.csv) read with pandas'
defaults, their benefits as a DataFrame of decimal.Decimal, and the month's
total — exact, never float. Run from the repository root after building:

    PYTHONPATH=build/python /usr/bin/python3 examples/python/pandas_frame.py
"""
import decimal

import pandas as pd

import doudi

policy = doudi.Policy.load("policies/jining")
households = pd.read_csv("examples/jining/households.csv")  # int64 members, float64 incomes, …
results = doudi.evaluate_frame(policy, households, date="2020-08-01")
print(results[["id", "dibao", "tekun", "total"]].to_string(index=False))
evaluated = results[results["errors"].isna()]
total = sum(evaluated["total"], decimal.Decimal("0.00"))
print(f"total of {len(evaluated)} household(s): {total}")
for failure in results["errors"].dropna():
    print(f"not evaluated: {failure}")
