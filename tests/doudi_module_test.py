"""The Python module (python/doudi_module.cpp), run with Debian's python3:
loading errors as exceptions with positions, amounts as decimal.Decimal,
explanations as dicts, and the reference workload byte-identical to the
golden CLI output. Usage: python3 doudi_module_test.py SOURCE_DIR"""
import csv
import decimal
import os
import sys
import threading

import doudi

SOURCE = sys.argv[1]
failures = 0


def check(condition, what):
    global failures
    if not condition:
        failures += 1
        print("check failed:", what, file=sys.stderr)


def raises(exc, f):
    try:
        f()
    except exc as e:
        return e
    return None


def path(relative):
    return os.path.join(SOURCE, relative)


# Loading errors come back as exceptions with every diagnostic's position.
bad = ("policy test.policy\nversion 1\neffective 2020-01-01\n"
       "household {\n  income : money per month\n  members : integer\n}\n"
       "rule a = income + members\noutput a\n")
e = raises(doudi.PolicyError, lambda: doudi.Policy.from_text(bad, "x.doudi"))
check(e is not None, "a bad policy raises PolicyError")
check(e is not None and e.diagnostics[0]["line"] == 8 and e.diagnostics[0]["column"] == 10,
      "the diagnostic is at 8:10")
check(e is not None and "x.doudi:8:10" in str(e), "the message names x.doudi:8:10")
check(raises(OSError, lambda: doudi.Policy.load("/nonexistent")) is not None, "a missing path raises OSError")

# Jining, by hand: 900.00 for 3 people in 任城区 is 300.00 a head; 2020.07's
# urban tier-1 standard is 630, so (630 - 300) x 3 = 990.00; 2017's is 570:
# (570 - 300) x 3 = 810.00.
jining = doudi.Policy.load(path("policies/jining"))
check([v["version"] for v in jining.versions()] == ["2016", "2017", "2020.07"], "jining versions")
check([o["name"] for o in jining.outputs("2020-08-01")] == ["per_capita_income", "standard", "dibao", "tekun", "total"],
      "jining outputs")
h = {"id": "renc-urban-3", "district": "任城区", "hukou": "urban", "members": 3,
     "monthly_income": decimal.Decimal("900.00")}
now = jining.evaluate(h, "2020-08-01")
check(type(now["dibao"]) is decimal.Decimal, "amounts are Decimal")
check(str(now["dibao"]) == "990.00", "dibao 990.00 in 2020")
check(str(jining.evaluate(h, "2018-01-01")["dibao"]) == "810.00", "dibao 810.00 in 2017")
check(raises(TypeError, lambda: jining.evaluate(dict(h, monthly_income=900.0), "2020-08-01")) is not None,
      "a float amount is refused")
check(raises(doudi.HouseholdError, lambda: jining.evaluate(dict(h, members="three"), "2020-08-01")) is not None,
      "an unreadable field raises HouseholdError")
check(raises(ValueError, lambda: jining.evaluate(h, "2020-13-01")) is not None, "a bad date raises ValueError")

explanation = jining.explain(h, "2020-08-01", "dibao")
derivation = explanation["outputs"][0]["derivation"]
check(explanation["outputs"][0]["value"] == "990.00", "the explanation's value")
check(any(l["table"] == "dibao_standard" and l["region"] == "一类地区"
          for r in derivation["uses"] for l in r["lookups"]) or
      any(l["table"] == "dibao_standard" for l in derivation["lookups"]), "the explanation shows the table cell")
check("低保金" in jining.explain_text(h, "2020-08-01"), "the text explanation")

examples = doudi.read_households(path("examples/jining/households.yaml"))
totals = [str(r["total"]) for r in jining.evaluate_many(examples, "2020-08-01")]
check(totals == ["990.00", "780.00", "0.00", "770.01", "1200.00", "750.00"], "README totals: %s" % totals)

# A household 2017 cannot evaluate (no urban tekun figure that year): raised
# by default, None with on_error="none", the others still evaluated.
tekun_urban = dict(h, id="t", tekun="true", care="partial")
check(raises(doudi.EvaluationError, lambda: jining.evaluate_many([h, tekun_urban], "2018-01-01")) is not None,
      "evaluate_many raises on a household that cannot be evaluated")
mixed = jining.evaluate_many([h, tekun_urban], "2018-01-01", on_error="none")
check(mixed[1] is None and str(mixed[0]["dibao"]) == "810.00", "on_error='none' gives None for it")

# The reference workload: the golden CLI output, byte for byte, from one
# thread and from two Python threads at once.
# Per-member outputs: {member index in people: value}; rules see the date as evaluation_date.
programmes = doudi.Policy.load(path("policies/jining/programmes"))
orphan = {"id": "o", "district": "泗水县", "hukou": "rural", "monthly_income": 0,
          "people": [{"birth_date": "2002-08-02", "orphan": True, "study": "secondary_vocational",
                      "no_guardian": True, "care": "self"}]}
at17 = programmes.evaluate(orphan, "2020-08-01")
at18 = programmes.evaluate(orphan, "2020-08-02")
check(str(at17["tekun"]) == "750.00" and str(at18["tekun"]) == "0.00", "tekun to 18, by evaluation_date")
check(at17["orphan_aid"] == {} and at18["orphan_aid"] == {0: decimal.Decimal("10000.00")},
      "per-member output by member index, in Decimal")
check(programmes.evaluate_many([orphan], "2020-08-02")[0]["orphan_aid"] == at18["orphan_aid"],
      "evaluate_many gives the same per-member values")

reference = doudi.Policy.load(path("policies/reference"))
with open(path("tests/data/reference_households_10k.csv"), newline="", encoding="utf-8") as f:
    households = list(csv.DictReader(f))
with open(path("tests/data/reference_expected_10k.csv"), "rb") as f:
    expected = f.read()
names = [o["name"] for o in reference.outputs("2020-08-01")]


def as_csv(results):
    lines = ["id," + ",".join(names)]
    for h, r in zip(households, results):
        lines.append(",".join([h["id"]] + [str(r[n]) for n in names]))
    return ("\n".join(lines) + "\n").encode("utf-8")


results = reference.evaluate_many(households, "2020-08-01", threads=2)
check(as_csv(results) == expected, "reference workload equals the golden CSV")
check(all(type(r["total"]) is decimal.Decimal for r in results), "every total is a Decimal")
outcome = {}
threads = [threading.Thread(target=lambda k=k: outcome.__setitem__(k, as_csv(reference.evaluate_many(households, "2020-08-01", threads=1))))
           for k in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check(outcome.get(0) == expected and outcome.get(1) == expected, "two Python threads at once")

if failures:
    print(failures, "check(s) failed", file=sys.stderr)
    sys.exit(1)
print("python module: all checks passed")
