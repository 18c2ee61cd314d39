"""What-if, as an analyst would run it in a notebook: the Jining example
households under the 2017 standards and under those of July 2020, household
by household, and the monthly difference summed — in decimal.Decimal, never
float. Run from the repository root after building (bash setup.sh):

    PYTHONPATH=build/python /usr/bin/python3 examples/python/whatif_2017_vs_2020.py
"""
import csv
import decimal

import doudi

policy = doudi.Policy.load("policies/jining")
with open("examples/jining/households.csv", newline="", encoding="utf-8") as f:
    households = list(csv.DictReader(f))  # every value stays text: read exactly

before_date, after_date = "2017-06-01", "2020-08-01"
# None for a household a version cannot evaluate (2017 published no urban
# tekun standard): reported, and left out of the sums.
before = policy.evaluate_many(households, before_date, on_error="none")
after = policy.evaluate_many(households, after_date, on_error="none")

print(f"{'household':<26}{policy.version_in_force(before_date):>10}{policy.version_in_force(after_date):>10}{'change':>10}")
change = decimal.Decimal("0.00")
for h, b, a in zip(households, before, after):
    if b is None or a is None:
        print(f"{h['id']:<26}  not comparable: a version cannot evaluate it")
        continue
    d = a["total"] - b["total"]
    change += d
    print(f"{h['id']:<26}{b['total']:>10}{a['total']:>10}{d:>+10}")
print(f"{'total per month':<46}{change:>+10}")
print(f"{'total per year':<46}{change * 12:>+10}")
