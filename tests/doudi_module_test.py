"""The Python package (python/module.cpp, policy.cpp, doudi/_types.py), run with Debian's python3:
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

# A household 2017 has no figure for (no urban tekun standard that year): its
# tekun and total are n/a (None), its other outputs given.
tekun_urban = dict(h, id="t", tekun="true", care="partial")
partial = jining.evaluate_many([h, tekun_urban], "2018-01-01")
check(partial[1]["tekun"] is None and partial[1]["total"] is None and str(partial[1]["standard"]) == "570.00",
      f"n/a outputs are None, the others given: {partial[1]!r}")
# A household that cannot be evaluated at all (here: a division by zero):
# raised by default, None with on_error="none", the others still evaluated.
shares = doudi.Policy.from_text(
    "policy test.shares\nversion 1\neffective 2020-01-01\n"
    "household {\n  members : integer\n  income : money per month\n}\n"
    "rule share = round(income / members, 0.01, half_up)\noutput share\n", "shares.doudi")
one = {"id": "a", "members": "2", "income": "10"}
zero = {"id": "z", "members": "0", "income": "10"}
check(raises(doudi.EvaluationError, lambda: shares.evaluate_many([one, zero], "2020-06-01")) is not None,
      "evaluate_many raises on a household that cannot be evaluated")
mixed = shares.evaluate_many([one, zero], "2020-06-01", on_error="none")
check(mixed[1] is None and str(mixed[0]["share"]) == "5.00", "on_error='none' gives None for it")
# on_error="error": a doudi.Failure with the reason, as data (falsy).
failed = shares.evaluate_many([one, zero], "2020-06-01", on_error="error")
check(isinstance(failed[1], doudi.Failure) and not failed[1], "on_error='error' gives a Failure")
check(failed[1].code == "evaluation_error" and failed[1].row == 2 and failed[1].field != "" and failed[1].reason != "",
      f"the failure's place: {failed[1]!r}")
failed = jining.evaluate_many([h, tekun_urban], "2018-01-01", on_error="error")
check(failed[0].version == "2017" and failed[0].fingerprint == jining.fingerprint and failed[0].household == "renc-urban-3",
      "results carry household, version and fingerprint")
bad_row = jining.evaluate_many([h, dict(h, id="x", members="three")], "2020-08-01", on_error="error")[1]
check(bad_row.code == "household_error" and bad_row.household == "x" and bad_row.field == "members"
      and "three" in bad_row.reason and bad_row.row == 2, f"a household error as data: {bad_row!r}")
e = raises(doudi.HouseholdError, lambda: jining.evaluate(dict(h, members="three"), "2020-08-01"))
check(e is not None and e.field == "members" and e.household == "renc-urban-3" and "three" in e.reason,
      "the exception carries the place too")
check(doudi.__version__ == "0.1.0", "doudi.__version__")

# Metadata: the same document as the C++ Metadata::json (and doudi serve's).
meta = jining.metadata("2020-08-01")
check(meta["name"] == "jining.social_assistance" and meta["fingerprint"] == jining.fingerprint, "metadata head")
inputs = {f["name"]: f for f in meta["version"]["inputs"]}
check(inputs["monthly_income"]["at_least"] == "0" and inputs["monthly_income"]["unit"] == "per month"
      and inputs["monthly_income"]["scale"] == 2 and inputs["monthly_income"]["required"], "an input's facts")
check(inputs["care"]["default"] == "none" and inputs["care"]["values"][2] == {"name": "partial", "label": "部分丧失"},
      "enumeration values with labels and a default")
check([r["name"] for r in inputs["district"]["regions"]] == ["一类地区", "二类地区"], "districts by region group")
check(jining.inputs("2020-08-01") == meta["version"]["inputs"], "inputs() is the document's")
table = jining.table("2020-08-01", "dibao_standard")
check(table["cells"][("二类地区", "rural")] == decimal.Decimal("445"), "a table's figure by its keys")
check(jining.table("2020-08-01", "care_standard")["cells"][("none",)] is None, "n/a is None")

# Named versions, set figures, reforms and what-if.
check(str(jining.version("2017").evaluate(h, "2020-08-01")["dibao"]) == "810.00", "a named version")
raised = jining.with_settings("2020-08-01", ["dibao_standard[一类地区, urban]=660"])
r = raised.evaluate(h, "2020-08-01")
check(str(r["dibao"]) == "1080.00" and r.version == "2020.07+set" and r.fingerprint != jining.fingerprint, "set figures")
reform = jining.with_reform("2020-08-01", "set dibao_standard[一类地区, urban] = 700\n")
check(str(reform.evaluate(h, "2020-08-01")["dibao"]) == "1200.00", "reform text")
summary = jining.whatif([h, dict(h, id="b", district="泗水县", members=2, monthly_income="100.00")], "2020-08-01", raised)
check(summary["difference"] == decimal.Decimal("90") and summary["households"] == 2 and summary["gain"] == 1,
      f"what-if summary: {summary['difference']}")
import pickle
again = pickle.loads(pickle.dumps(raised))
check(again.fingerprint == raised.fingerprint and str(again.evaluate(h, "2020-08-01")["dibao"]) == "1080.00",
      "a changed policy pickles as its recipe")

# CSV files in chunks through doudi run's pipeline.
chunks = []
summary = jining.evaluate_csv(path("examples/jining/households.csv"), "2020-08-01",
                              lambda good, bad: chunks.append((good, bad)), chunk_rows=2)
check(summary["rows"] == sum(len(g) + len(b) for g, b in chunks) and summary["rows"] > 0, "every row in some chunk")
check(all(type(o["total"]) is decimal.Decimal for g, _ in chunks for o in g), "chunk outputs are Decimal")

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
