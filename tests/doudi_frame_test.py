"""doudi.evaluate_frame (python/doudi/frame.py, python/frame.cpp): pandas'
dtypes as read_csv gives them, "not given" cells, dates, floats exact or
refused, errors as a column, people frames. Usage: python3 doudi_frame_test.py SOURCE_DIR"""
import datetime
import decimal
import io
import os
import sys

import numpy as np
import pandas as pd

import doudi

SOURCE = sys.argv[1]
failures = 0


def check(condition, what):
    global failures
    if not condition:
        failures += 1
        print("check failed:", what, file=sys.stderr)


def path(relative):
    return os.path.join(SOURCE, relative)


D = decimal.Decimal
jining = doudi.Policy.load(path("policies/jining"))

# The reference workload read with pandas' defaults (int64, float64 incomes)
# gives the golden CLI output.
reference = doudi.Policy.load(path("policies/reference"))
frame = pd.read_csv(path("tests/data/reference_households_10k.csv"))
check(frame["members"].dtype == np.int64 and frame["monthly_income"].dtype == np.float64, "pandas' defaults")
out = doudi.evaluate_frame(reference, frame, date="2020-08-01")
expected = pd.read_csv(path("tests/data/reference_expected_10k.csv"), dtype=str)
names = [c for c in expected.columns if c != "id"]
check(list(out.columns) == ["id"] + names + ["errors"], f"columns: {list(out.columns)}")
check(out["errors"].isna().all(), "no row failed")
same = all((out[n].map(str) == expected[n]).all() for n in names)
check(same, "every output equals the golden CSV's text")
check(all(type(v) is D for v in out["total"]), "amounts are Decimal")
check(list(out["id"]) == list(frame["id"]), "ids kept in order")

# dtype=str gives the same.
as_text = doudi.evaluate_frame(reference, pd.read_csv(path("tests/data/reference_households_10k.csv"), dtype=str),
                               date=datetime.date(2020, 8, 1))
check(all((as_text[n] == out[n]).all() for n in names), "dtype=str, date as datetime.date: the same")

# numpy bools, nullable ints with pd.NA, NaN for a defaulted input, a Timestamp date.
h = pd.DataFrame({
    "id": ["a", "b", "c", "d"],
    "district": ["任城区", "任城区", "泗水县", "任城区"],
    "hukou": ["urban", "urban", "rural", "urban"],
    "members": pd.array([3, 3, 2, None], dtype="Int64"),
    "monthly_income": [D("900.00"), D("900.00"), D("100"), D("1")],
    "tekun": np.array([False, False, False, False]),
    "care": ["none", None, np.nan, "none"],
})
r = doudi.evaluate_frame(jining, h, date=pd.Timestamp("2020-08-01"))
# (630 - 300) x 3 twice; (445 - 50) x 2.
check(list(r["dibao"][:3]) == [D("990.00"), D("990.00"), D("790.00")], f"dibao: {list(r['dibao'])}")
check(r["errors"][0] is None and r["errors"][1] is None, "None / NaN where the input has a default: not given")
e = r["errors"][3]
check(isinstance(e, doudi.Failure) and e.field == "members" and e.household == "d" and e.row == 4,
      f"pd.NA where the input has no default: that row's error, as data: {e!r}")
check(r["dibao"][3] is None, "a failed row has no outputs")

# Floats: exact at the scale taken, others refused naming the column and dtype=str.
f = h.iloc[:1].copy()
f["monthly_income"] = [900.5]
# 900.5 / 3 = 300.17 (to the fen, half up): (630 - 300.17) x 3.
check(doudi.evaluate_frame(jining, f, date="2020-08-01")["dibao"][0] == D("989.49"), "900.5 is exact at 2 digits")
f["monthly_income"] = [0.1 + 0.2]
try:
    doudi.evaluate_frame(jining, f, date="2020-08-01")
    check(False, "an inexact float is refused")
except TypeError as err:
    check("monthly_income" in str(err) and "dtype=str" in str(err), f"the message: {err}")
f = h.iloc[:1].copy()
f["members"] = [3.0]
check(doudi.evaluate_frame(jining, f, date="2020-08-01")["dibao"][0] == D("990.00"), "3.0 for an integer")

# A people frame: members joined by `household`, in frame order; the same
# as evaluate_many on the households with their people.
programmes = doudi.Policy.load(path("policies/jining/programmes"))
meta = programmes.metadata("2020-08-01")["version"]
check(any(i["per_member"] for i in meta["inputs"]), "the programmes policy has member inputs")
hf = pd.DataFrame({"id": ["r1", "j2"], "district": ["任城区", "嘉祥县"], "hukou": ["urban", "rural"],
                   "monthly_income": ["1500.00", "400.00"]})
pf = pd.DataFrame({"household": ["r1", "j2", "r1", "j2", "r1"],
                   "birth_date": pd.Series([datetime.date(1972, 4, 2), pd.Timestamp("1948-01-20"), "1974-09-30",
                                            datetime.date(1950, 11, 2), "2002-06-18"], dtype=object)})
framed = doudi.evaluate_frame(programmes, hf, pf, date="2020-08-01")
dicts = [{"id": "r1", "district": "任城区", "hukou": "urban", "monthly_income": "1500.00",
          "people": [{"birth_date": "1972-04-02"}, {"birth_date": "1974-09-30"}, {"birth_date": "2002-06-18"}]},
         {"id": "j2", "district": "嘉祥县", "hukou": "rural", "monthly_income": "400.00",
          "people": [{"birth_date": "1948-01-20"}, {"birth_date": "1950-11-02"}]}]
direct = programmes.evaluate_many(dicts, "2020-08-01", on_error="error")
check(all(bool(r) for r in direct), f"the households evaluate: {direct}")
for name in [o["name"] for o in meta["outputs"]] + [o["name"] for o in meta["member_outputs"]]:
    check(list(framed[name]) == [r.get(name) if r else None for r in direct], f"people frame output {name}")
check(framed["errors"].isna().all(), "no errors with people")

if failures:
    print(failures, "check(s) failed", file=sys.stderr)
    sys.exit(1)
print("evaluate_frame: all checks passed")
