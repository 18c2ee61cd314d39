"""`doudi serve` as a platform meets it: each case starts its own server on a
free 127.0.0.1 port, sends bounded traffic to it, and stops it.

    serve_test.py DOUDI SOURCE_DIR OUT_DIR CASE

Every JSON answer received is validated against the server's own
/openapi.json (the schema of its path, method and status), so the document
is tested against real responses. Cases: evaluate, errors, reload, sigterm,
load, log.
"""
import copy
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import jsonschema
import yaml

DOUDI, SOURCE, OUT, CASE = sys.argv[1:5]
os.makedirs(OUT, exist_ok=True)
JINING = os.path.join(SOURCE, "policies/jining")
PROGRAMMES = os.path.join(SOURCE, "policies/jining/programmes")


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


class Server:
    """A `doudi serve` process on a free port (--port 0: it prints the port)."""

    def __init__(self, policies, *flags):
        self.log = open(os.path.join(OUT, f"{CASE}-server.log"), "w+")
        self.proc = subprocess.Popen([DOUDI, "serve", *policies, "--port", "0", *flags],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        self.log.write(line)
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        check(match, f"the server did not say where it listens: {line!r}")
        self.port = int(match.group(1))
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line)
            self.log.write(line)
            self.log.flush()

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=5)
        return code


class Contract:
    """Validates answers against the served OpenAPI document."""

    def __init__(self, doc):
        self.doc = self._nullable(copy.deepcopy(doc))
        self.count = 0

    def _nullable(self, node):  # OpenAPI 3.0's `nullable` as JSON Schema's type list
        if isinstance(node, dict):
            if node.pop("nullable", False) and "type" in node:
                node["type"] = [node["type"], "null"]
            return {k: self._nullable(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self._nullable(v) for v in node]
        return node

    def validate(self, method, path, status, body):
        template = "/v1/policies/{name}" if path.startswith("/v1/policies/") else path.split("?")[0]
        operation = self.doc["paths"].get(template, {}).get(method.lower())
        responses = operation["responses"] if operation else None
        if responses is None or str(status) not in responses:
            # paths the document does not describe answer with Error (404, 405)
            schema_ref = "#/components/schemas/Error"
            check(status in (404, 405), f"{method} {path} gave {status}, which the document does not describe")
        else:
            schema = responses[str(status)]["content"]["application/json"]["schema"]
            schema_ref = schema.get("$ref", json.dumps(schema))
        schema = {"allOf": [{"$ref": schema_ref} if schema_ref.startswith("#") else json.loads(schema_ref)],
                  "components": self.doc["components"]}
        try:
            jsonschema.Draft7Validator(schema).validate(body)
        except jsonschema.ValidationError as e:
            fail(f"{method} {path} ({status}) does not match {schema_ref}: {e.message} at {list(e.absolute_path)}")
        self.count += 1


CONTRACT = None


def request(conn, method, path, body=None, raw=None, validate=True):
    data = raw if raw is not None else (json.dumps(body, ensure_ascii=False).encode() if body is not None else None)
    conn.request(method, path, body=data, headers={"Content-Type": "application/json"} if data is not None else {})
    response = conn.getresponse()
    text = response.read()
    try:
        answer = json.loads(text)
    except ValueError:
        fail(f"{method} {path}: the answer is not JSON: {text[:200]!r}")
    if validate and CONTRACT:
        CONTRACT.validate(method, path, response.status, answer)
    return response.status, answer, response


def start(policies, *flags):
    global CONTRACT
    server = Server(policies, *flags)
    conn = server.connection()
    status, doc, _ = request(conn, "GET", "/openapi.json", validate=False)
    check(status == 200 and doc.get("openapi", "").startswith("3."), "GET /openapi.json is not an OpenAPI 3 document")
    CONTRACT = Contract(doc)
    return server, conn


def households_of(yaml_file):
    """A YAML household file's households with every value as text (as doudi reads them)."""
    with open(yaml_file, encoding="utf-8") as f:
        data = yaml.load(f, Loader=yaml.BaseLoader)
    return data["households"] if isinstance(data, dict) else data


def doudi_run_json(policy, households, date):
    path = os.path.join(OUT, f"{CASE}-households.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(households, f, ensure_ascii=False)
    run = subprocess.run([DOUDI, "run", policy, path, "--date", date, "--format", "json"],
                         capture_output=True, text=True)
    return json.loads(run.stdout), run.returncode


def case_evaluate():
    server, conn = start([JINING, PROGRAMMES])
    for policy, name, file in [(JINING, "jining.social_assistance", "examples/jining/households.yaml"),
                               (PROGRAMMES, None, "examples/jining-programmes/households.yaml")]:
        households = households_of(os.path.join(SOURCE, file))
        expected, code = doudi_run_json(policy, households, "2020-08-01")
        check(code == 0, f"doudi run on {file} failed")
        name = name or expected["policy"]
        status, got, _ = request(conn, "POST", "/v1/evaluate",
                                 {"policy": name, "date": "2020-08-01", "households": households})
        check(status == 200, f"evaluate {file}: status {status}: {got}")
        check(re.fullmatch(r"sha1:[0-9a-f]{40}", got.pop("fingerprint")), "no fingerprint")
        check(got == expected, f"evaluate {file} differs from doudi run --format json:\n{got}\n{expected}")
        print(f"evaluate = doudi run --format json for {len(households)} households of {file}")
    # 2017 publishes no urban tekun standard: that household's tekun and total are n/a with the reason, its
    # other outputs given, exactly as doudi run --format json says (and as the OpenAPI document describes).
    households = households_of(os.path.join(SOURCE, "examples/jining/households.yaml")) + [
        {"id": "zouc", "district": "邹城市", "hukou": "urban", "members": "1", "monthly_income": "0",
         "tekun": "true", "care": "partial"}]
    expected, code = doudi_run_json(JINING, households, "2017-08-01")
    status, got, _ = request(conn, "POST", "/v1/evaluate",
                             {"policy": "jining.social_assistance", "date": "2017-08-01", "households": households})
    got.pop("fingerprint", None)
    check(status == 200 and code == 0 and got == expected, f"n/a outputs differ from doudi run:\n{got}\n{expected}")
    na = got["results"][-1]
    check(na["outputs"]["tekun"] == "n/a" and na["outputs"]["standard"] == "570.00" and
          [n["output"] for n in na["not_applicable"]] == ["tekun", "total"] and
          "tekun_basic" in na["not_applicable"][0]["reason"], f"the n/a household: {na}")
    # A JSON number for an amount: exact at the scale is accepted, as in a file; not exact is refused in place.
    households = [{"id": "n1", "district": "任城区", "hukou": "urban", "members": 3, "monthly_income": 900.5},
                  {"id": "n2", "district": "任城区", "hukou": "urban", "members": 3, "monthly_income": 900.125},
                  {"id": "n3", "district": "nowhere", "hukou": "urban", "members": 3, "monthly_income": "1"}]
    raw = json.dumps({"policy": "jining.social_assistance", "date": "2020-08-01", "households": households},
                     ensure_ascii=False).replace("900.5,", "900.50,")
    status, got, _ = request(conn, "POST", "/v1/evaluate", raw=raw.encode())
    check(status == 422, f"a list with bad households: status {status}")
    results = got["results"]
    check([r["id"] for r in results] == ["n1", "n2", "n3"], f"results out of place: {results}")
    check(results[0]["outputs"]["dibao"] == "989.49", f"900.50 as a JSON number: {results[0]}")
    check(results[1]["errors"][0]["field"] == "monthly_income", f"900.125 at scale 2 not refused: {results[1]}")
    check(results[2]["errors"][0]["field"] == "district", f"bad district: {results[2]}")
    expected, code = doudi_run_json(JINING, households, "2020-08-01")
    check(code == 1 and [r["id"] for r in expected["results"]] == ["n1"] and
          expected["results"][0] == results[0], "the CLI reads the same JSON numbers differently")
    # a member's bad value names the member
    status, got, _ = request(conn, "POST", "/v1/evaluate", {
        "policy": "jining.assistance_programmes", "date": "2020-08-01",
        "households": [{"id": "m", "district": "任城区", "hukou": "urban", "monthly_income": "0",
                        "people": [{"birth_date": "1980-01-01"}, {"birth_date": "1990-02-30"}]}]})
    e = got["results"][0]["errors"][0]
    check(status == 422 and e["field"] == "birth_date" and e["member"] == 2, f"member error: {got['results']}")
    # explain: the objects `doudi explain --format json` prints
    one = households_of(os.path.join(SOURCE, "examples/jining/households.yaml"))[:2]
    path = os.path.join(OUT, "explain.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(one, f, ensure_ascii=False)
    cli = json.loads(subprocess.run([DOUDI, "explain", JINING, path, "--date", "2020-08-01", "--format", "json"],
                                    capture_output=True, text=True, check=True).stdout)
    status, got, _ = request(conn, "POST", "/v1/explain", {"date": "2020-08-01", "policy": "jining.social_assistance",
                                                          "households": one})
    check(status == 200 and got["explanations"] == cli, "explain differs from doudi explain --format json")
    # whatif: the summary `doudi whatif` prints
    csv_path = os.path.join(SOURCE, "examples/jining/households.csv")
    cli = subprocess.run([DOUDI, "whatif", JINING, csv_path, "--date", "2020-08-01", "--set",
                          "dibao_standard[一类地区, urban]=660"], capture_output=True, text=True, check=True).stdout
    with open(csv_path, encoding="utf-8") as f:
        csv_text = f.read()
    status, got, _ = request(conn, "POST", "/v1/whatif", {"policy": "jining.social_assistance", "date": "2020-08-01",
                                                         "households_csv": csv_text, "detail": True,
                                                         "set": {"dibao_standard[一类地区, urban]": 660}})
    # The same text but the lines only the command knows: its data file's name and rows, and the time it ran.
    def same_briefing(text):
        return [line for line in text.splitlines() if not line.startswith(("  data: ", "  run: "))]
    check(status == 200 and same_briefing(got["text"]) == same_briefing(cli),
          f"whatif text differs from doudi whatif:\n{got.get('text')}\n{cli}")
    check(got["summary"]["cost"]["monthly_change"] in cli, "the summary's change is not the CLI's")
    status, got2, _ = request(conn, "POST", "/v1/whatif", {"policy": "jining.social_assistance", "date": "2020-08-01",
                                                          "households_csv": csv_text,
                                                          "reform": open(os.path.join(SOURCE, "examples/reforms/jining_tier1_660.doudi"), encoding="utf-8").read()})
    check(status == 200 and got2["summary"]["cost"] == got["summary"]["cost"], "reform text and --set disagree")
    yaml_households = households_of(os.path.join(SOURCE, "examples/jining/households.yaml"))
    cli = subprocess.run([DOUDI, "whatif", JINING, os.path.join(SOURCE, "examples/jining/households.yaml"), "--date",
                          "2020-08-01", "--against", "2017"], capture_output=True, text=True, check=True).stdout
    status, got3, _ = request(conn, "POST", "/v1/whatif", {"policy": "jining.social_assistance", "date": "2020-08-01",
                                                          "households": yaml_households, "against": "2017"})
    check(status == 200 and same_briefing(got3["text"]) == same_briefing(cli), f"whatif on a households list differs from doudi whatif:\n{got3.get('text')}\n{cli}")
    # metadata
    status, got, _ = request(conn, "GET", "/v1/policies")
    check(status == 200 and len(got["policies"]) == 2, "GET /v1/policies")
    status, got, _ = request(conn, "GET", "/v1/policies/jining.social_assistance?date=2020-08-01")
    check(status == 200 and got["version"]["version"] == "2020.07", "GET /v1/policies/{name}")
    district = [i for i in got["version"]["inputs"] if i["name"] == "district"][0]
    check([r["name"] for r in district["regions"]] == ["一类地区", "二类地区"], f"districts by region: {district}")
    hukou = [i for i in got["version"]["inputs"] if i["name"] == "hukou"][0]
    check(hukou["values"] == [{"name": "urban", "label": "城市"}, {"name": "rural", "label": "农村"}], f"hukou: {hukou}")
    status, got, _ = request(conn, "GET", "/v1/policies/jining.social_assistance?date=2016-08-01")
    check(status == 200 and got["version"]["version"] != "2020.07", "?date picks the version in force")
    status, got, _ = request(conn, "GET", "/v1/health")
    check(status == 200 and got["status"] == "ok", "health")
    check(server.stop() == 0, "the server did not exit 0 on SIGTERM")
    print(f"{CONTRACT.count} answers matched the OpenAPI document")


def case_errors():
    server, conn = start([JINING], "--max-body", "100000")
    ok = {"date": "2020-08-01", "households": [{"district": "任城区", "hukou": "urban", "members": 3, "monthly_income": "900"}]}

    def expect(status, code, **kw):
        got_status, got, _ = request(conn, kw.pop("method", "POST"), kw.pop("path", "/v1/evaluate"), **kw)
        check(got_status == status and got["error"]["code"] == code,
              f"expected {status} {code}, got {got_status} {got}")
        return got["error"]

    e = expect(400, "malformed_json", raw=b'{"date": "2020-08-01",\n  "households": [tru]}')
    check((e["line"], e["column"]) == (2, 21), f"line and column where the bad token ends: {e}")
    expect(400, "malformed_json", raw=json.dumps(ok).encode()[:40])  # truncated
    expect(400, "malformed_json", raw=b"")
    expect(400, "invalid_utf8", raw='{"date": "2020-08-01", "households": [{"district": "任'.encode() + b"\xff\xfe\"}]}")
    expect(400, "too_deep", raw=b'{"households": ' + b"[" * 30000 + b"]" * 30000 + b"}")
    expect(400, "invalid_request", body={"households": {"a": 1}})
    expect(400, "invalid_request", body={"date": "2020-08-01", "households": [], "bogus": 1})
    expect(413, "body_too_large", raw=b'{"households": [' + b'{"members": "1"},' * 20000 + b'{}]}')
    expect(404, "not_found", method="GET", path="/v1/nothing")
    expect(404, "unknown_policy", body=dict(ok, policy="nowhere"))
    e = expect(405, "method_not_allowed", method="GET", path="/v1/evaluate")
    _, _, response = request(conn, "GET", "/v1/evaluate")
    check(response.getheader("Allow") == "POST", "405 without Allow: POST")
    expect(405, "method_not_allowed", method="DELETE", path="/v1/health")
    expect(422, "not_in_force", body=dict(ok, date="2000-01-01"))
    expect(422, "unknown_version", body=dict(ok, version="1999"))
    expect(422, "invalid_alternative", path="/v1/whatif", body=dict(ok, set={"nothing[x]": "1"}))
    expect(422, "invalid_alternative", path="/v1/whatif", body=dict(ok, reform="rule dibao = nothing_here"))
    # After all of that the server still answers, and the connection was never cut mid-answer.
    status, got, _ = request(conn, "POST", "/v1/evaluate", ok)
    check(status == 200 and got["results"][0]["outputs"]["dibao"] == "990.00", f"after errors: {got}")
    check(server.stop() == 0, "exit code on SIGTERM")
    print(f"every bad body got its code; {CONTRACT.count} answers matched the OpenAPI document")


def load(server, threads, per_thread, body, check_answer, stop_on_error=False):
    """Sends `per_thread` requests from each of `threads` keep-alive connections."""
    errors, answers = [], []
    lock = threading.Lock()

    def worker():
        conn = server.connection()
        for _ in range(per_thread):
            try:
                status, got, _ = request(conn, "POST", "/v1/evaluate", body, validate=False)
                with lock:
                    answers.append((status, got))
                problem = check_answer(status, got)
                if problem:
                    with lock:
                        errors.append(problem)
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    errors.append(f"{type(e).__name__}: {e}")
                if stop_on_error:
                    return
                conn = server.connection()

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    return pool, errors, answers


JINING_BODY = {"policy": "jining.social_assistance", "date": "2020-08-01",
               "households": [{"id": "a", "district": "任城区", "hukou": "urban", "members": 3, "monthly_income": "900.00"},
                              {"id": "b", "district": "兖州区", "hukou": "urban", "members": 2, "monthly_income": "0"}]}


def jining_answer(status, got):
    """None when `got` is JINING_BODY's right answer, else what is wrong."""
    if status != 200 or [r["outputs"]["dibao"] for r in got["results"]] != ["990.00", "1260.00"]:
        return f"bad answer {status} {got}"
    return None


def case_reload():
    directory = tempfile.mkdtemp(prefix="doudi-reload-")
    policy = os.path.join(directory, "jining")
    shutil.copytree(JINING, policy, ignore=shutil.ignore_patterns("jinxiang", "programmes"))
    # beside the province it is `bound by`
    shutil.copytree(os.path.join(SOURCE, "policies/shandong"), os.path.join(directory, "shandong"))
    version_file = os.path.join(policy, "2020-07.doudi")
    original = open(version_file, encoding="utf-8").read()
    check("630" in original, "the 2020-07 version has no 630 to change")
    server, conn = start([policy], "--quiet", "--threads", "16")
    # dibao of a (3 people, 900) and b (2 people, 0) under the standard s: (s-300)*3 and s*2.
    expected = {"630": ("990.00", "1260.00"), "660": ("1080.00", "1320.00")}
    fingerprints = {}

    def current_fingerprint():
        return request(server.connection(), "GET", "/v1/policies")[1]["policies"][0]["fingerprint"]

    fingerprints[current_fingerprint()] = "630"

    def check_answer(status, got):
        if status != 200:
            return f"status {status}: {got}"
        standard = fingerprints.get(got["fingerprint"])
        values = tuple(r["outputs"]["dibao"] for r in got["results"])
        if standard is None:
            return f"unknown fingerprint {got['fingerprint']}"
        if values != expected[standard]:
            return f"mixed versions: {values} under the {standard} fingerprint"
        return None

    changed = original.replace("630", "660")
    pool, errors, answers = load(server, 8, 120, JINING_BODY, check_answer)
    time.sleep(0.3)
    # the next fingerprint is known before the swap (the same files give the same hash)
    with open(version_file, "w", encoding="utf-8") as f:
        f.write(changed)
    probe = tempfile.mkdtemp(prefix="doudi-probe-")
    shutil.copytree(policy, os.path.join(probe, "jining"))
    shutil.copytree(os.path.join(SOURCE, "policies/shandong"), os.path.join(probe, "shandong"))
    fp_server, _ = Server([os.path.join(probe, "jining")], "--quiet"), None
    fingerprints[request(fp_server.connection(), "GET", "/v1/policies", validate=False)[1]["policies"][0]["fingerprint"]] = "660"
    fp_server.stop()
    server.proc.send_signal(signal.SIGHUP)
    # Wait (bounded) until the swap is seen: under the sanitizers loading takes
    # longer than the load above lasts. One answer under the new set is then
    # checked directly, so both versions are known to have been served.
    new_fingerprint = next(f for f, v in fingerprints.items() if v == "660")
    deadline = time.time() + 20
    while current_fingerprint() != new_fingerprint and time.time() < deadline:
        time.sleep(0.05)
    status, got, _ = request(conn, "POST", "/v1/evaluate", JINING_BODY)
    direct = check_answer(status, got)
    check(direct is None, f"after the reload: {direct}")
    served_directly = {fingerprints.get(got.get("fingerprint"), "?")}
    # a set that does not check is refused, and the old one keeps serving
    with open(version_file, "w", encoding="utf-8") as f:
        f.write(changed + "\nrule broken = no_such_name\n")
    status, got, _ = request(conn, "POST", "/v1/reload")
    check(status == 422 and got["error"]["code"] == "reload_refused", f"a bad set was not refused: {status} {got}")
    time.sleep(0.3)
    with open(version_file, "w", encoding="utf-8") as f:
        f.write(original)
    status, got, _ = request(conn, "POST", "/v1/reload")
    check(status == 200 and got["generation"] == 3, f"reload back: {status} {got}")
    for t in pool:
        t.join(timeout=120)
    check(not errors, f"{len(errors)} request(s) failed during reloads, e.g. {errors[:3]}")
    seen = {fingerprints[g["fingerprint"]] for _, g in answers} | served_directly
    check(len(answers) == 8 * 120, f"{len(answers)} answers for 960 requests")
    check(seen == {"630", "660"}, f"the answers did not span both versions: {seen}")
    check(server.stop() == 0, "exit code")
    log = "".join(server.lines)
    check("reload refused" in log and "reloaded" in log, f"reloads not logged: {log}")
    shutil.rmtree(directory)
    shutil.rmtree(probe)
    print(f"{len(answers)} requests during 3 reloads: none lost, none mixed; the bad set was refused and logged")


def case_sigterm():
    server, _ = start([JINING], "--quiet")

    pool, errors, answers = load(server, 16, 3000, JINING_BODY, jining_answer, stop_on_error=True)
    time.sleep(1.0)
    sent_at = len(answers)
    server.proc.send_signal(signal.SIGTERM)
    code = server.proc.wait(timeout=30)
    for t in pool:
        t.join(timeout=30)
    check(code == 0, f"exit code {code} after SIGTERM")
    check(sent_at > 0, "no request was answered before SIGTERM")
    # Every answer received was whole and right; a connection may only be refused or closed.
    bad = [e for e in errors if not re.match(r"(ConnectionRefusedError|ConnectionResetError|RemoteDisconnected|"
                                            r"BrokenPipeError|IncompleteRead|BadStatusLine)", e)]
    check(not bad, f"answers broken by SIGTERM: {bad[:3]}")
    server.reader.join(timeout=5)
    check("stopped" in "".join(server.lines), "the server did not say it stopped")
    print(f"SIGTERM under load: {len(answers)} whole answers, exit 0")


def case_load():
    server, _ = start([JINING], "--quiet")

    started = time.monotonic()
    pool, errors, answers = load(server, 64, 40, JINING_BODY, jining_answer)
    for t in pool:
        t.join(timeout=120)
    took = time.monotonic() - started
    check(not errors, f"{len(errors)} error(s) under 64 connections, e.g. {errors[:3]}")
    check(len(answers) == 64 * 40, f"{len(answers)} answers for {64 * 40} requests")
    check(server.stop() == 0, "exit code")
    print(f"64 connections x 40 requests: {len(answers)} answers, no error, {took:.2f} s")  # not an amount: seconds


def case_log():
    server, conn = start([JINING])
    for _ in range(5):
        request(conn, "POST", "/v1/evaluate", JINING_BODY)
    request(conn, "GET", "/v1/nothing")
    server.stop()
    lines = [l for l in server.lines if re.search(r" (GET|POST) /", l)]
    check(len(lines) == 7, f"{len(lines)} access-log lines for 7 requests: {lines}")
    check(re.search(r"127\.0\.0\.1 POST /v1/evaluate 200 \d+\.\d{3}ms households=2", lines[1]), f"log line: {lines[1]}")
    check(re.search(r"GET /v1/nothing 404 ", lines[-1]), f"log line: {lines[-1]}")
    quiet, conn = start([JINING], "--quiet")
    request(conn, "POST", "/v1/evaluate", JINING_BODY)
    quiet.stop()
    check(not [l for l in quiet.lines if " POST /" in l], "--quiet still logs requests")
    print("one access-log line per request; none with --quiet")


{"evaluate": case_evaluate, "errors": case_errors, "reload": case_reload, "sigterm": case_sigterm,
 "load": case_load, "log": case_log}[CASE]()
