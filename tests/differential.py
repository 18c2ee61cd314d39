#!/usr/bin/env python3
"""Every shipped policy's example households (and a few bad ones) through the
CLI (`doudi run`), the C++ API, the C API and the Python module: the outputs
must be identical text, and the same households must be rejected for the same
field. Usage: differential.py DOUDI CPP_DUMP C_DUMP ROOT (PYTHONPATH has the module)."""
import csv
import os
import re
import subprocess
import sys
import tempfile

doudi_cli, cpp_dump, c_dump, root = sys.argv[1:5]
import doudi  # noqa: E402

DATE = "2020-08-01"
CASES = [
    ("policies/jining", "examples/jining/households.yaml"),
    ("policies/jining", "examples/jining/households.csv"),
    ("policies/wenshang", "examples/wenshang/households.yaml"),
    ("policies/reference", "examples/reference/households.csv"),
    ("policies/jining/jinxiang", "examples/jinxiang/households.yaml"),
    ("policies/jining/programmes", "examples/jining-programmes/households.yaml"),
]
tmp = tempfile.mkdtemp()
BAD = {
    "jining-bad.yaml": ("policies/jining", """households:
  - {id: ok, district: 任城区, hukou: urban, members: 3, monthly_income: 900.00}
  - {id: negative-income, district: 任城区, hukou: urban, members: 3, monthly_income: -5}
  - {id: nobody, district: 任城区, hukou: urban, members: 0, monthly_income: 100.00}
  - {id: mars, district: 火星区, hukou: urban, members: 3, monthly_income: 100.00}
  - {id: no-income, district: 任城区, hukou: urban, members: 3}
"""),
    "jining-bad.csv": ("policies/jining", """id,district,hukou,members,monthly_income,tekun,care
ok,任城区,urban,3,900.00,0,none
negative-income,任城区,urban,3,-5,0,none
nobody,任城区,urban,0,100.00,0,none
odd,任城区,urban,3,100.001,0,none
"""),
    "programmes-bad.yaml": ("policies/jining/programmes", """- id: members-disagree
  district: 任城区
  hukou: urban
  members: 3
  monthly_income: 0
  people:
    - {birth_date: 1970-01-01}
- id: fine
  district: 任城区
  hukou: urban
  monthly_income: 0
  people:
    - {birth_date: 1970-01-01}
"""),
}
for name, (policy, text) in BAD.items():
    with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
        f.write(text)
    CASES.append((policy, os.path.join(tmp, name)))

FIELD = re.compile(r"field '([^']*)'")


def field_of(message):
    m = FIELD.search(message)
    return m.group(1) if m else ""


def from_dump(program, policy, path):
    out = subprocess.run([program, policy, path, DATE], capture_output=True, text=True, check=True).stdout
    rows, rejected = [], set()
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1] == "REJECTED":
            rejected.add((parts[0], field_of(parts[2] if len(parts) > 2 else "")))
        else:
            rows.append(tuple(parts))
    return rows, rejected


def from_cli(policy, path, width):
    out, errors = os.path.join(tmp, "out.csv"), os.path.join(tmp, "errors.csv")
    subprocess.run([doudi_cli, "run", policy, path, "--date", DATE, "--format", "csv", "-o", out,
                    "--errors", errors, "--threads", "1", "--quiet"], capture_output=True, check=False)
    with open(out, encoding="utf-8") as f:
        rows = [tuple(r[: width + 1]) for r in list(csv.reader(f))[1:]]
    with open(errors, encoding="utf-8") as f:
        rejected = {(r["id"], r["field"]) for r in csv.DictReader(f)}
    return rows, rejected


def from_python(policy, path):
    p = doudi.Policy.load(policy)
    names = [o["name"] for o in p.outputs(DATE)]
    households = doudi.read_households(path)
    rows, rejected = [], set()
    for h in households:
        try:
            r = p.evaluate(h, DATE)
            rows.append(tuple([h["id"]] + [str(r[n]) for n in names]))
        except (doudi.HouseholdError, doudi.EvaluationError) as e:
            rejected.add((h["id"], field_of(str(e))))
    many = p.evaluate_many(households, DATE, on_error="none")
    assert [m is None for m in many] == [any(h["id"] == r[0] for r in rejected) for h in households], \
        "evaluate_many rejects other households than evaluate"
    return rows, rejected


failures = 0
for policy, households in CASES:
    policy_path = os.path.join(root, policy)
    path = households if os.path.isabs(households) else os.path.join(root, households)
    cpp = from_dump(cpp_dump, policy_path, path)
    width = len(cpp[0][0]) - 1 if cpp[0] else len(doudi.Policy.load(policy_path).outputs(DATE))
    views = {"C++ API": cpp, "C API": from_dump(c_dump, policy_path, path),
             "Python": from_python(policy_path, path), "CLI": from_cli(policy_path, path, width)}
    base_rows, base_rejected = views["CLI"]
    for name, (rows, rejected) in views.items():
        if rows != base_rows or rejected != base_rejected:
            failures += 1
            print(f"FAIL: {policy} {os.path.basename(path)}: {name} differs from the CLI")
            print(f"  CLI rows {base_rows}\n  {name} rows {rows}")
            print(f"  CLI rejected {sorted(base_rejected)}\n  {name} rejected {sorted(rejected)}")
    print(f"{policy} {os.path.basename(path)}: {len(base_rows)} evaluated, {len(base_rejected)} rejected")
if failures:
    sys.exit(1)
print("differential: every way in agrees")
