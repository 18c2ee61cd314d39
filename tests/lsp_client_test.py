"""`doudi lsp` driven by a scripted client over stdin/stdout.

Initialize; open Jining's 2020 version with an unknown name added and get the
diagnostic at its line and column; fix it and get the diagnostics cleared;
hover a table (unit, cells, source) and a rule; go to the definition of a name
the version inherits from an older file; find references across versions;
hover a district (its region group); completion (functions, tables, rules,
inputs, enumeration values, districts); document symbols; formatting; shut
down and exit with status 0.
Usage: lsp_client_test.py DOUDI SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

doudi, src = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix="doudi_lsp_")
policy = os.path.join(work, "jining")
os.mkdir(policy)
for name in os.listdir(os.path.join(src, "policies/jining")):
    path = os.path.join(src, "policies/jining", name)
    if os.path.isfile(path):
        shutil.copy(path, policy)
# beside the province it is `bound by`
shutil.copytree(os.path.join(src, "policies/shandong"), os.path.join(work, "shandong"))

server = subprocess.Popen([doudi, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
notifications = []


def send(message):
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def receive():
    length = None
    while True:
        line = server.stdout.readline()
        assert line, "the server closed its output"
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(server.stdout.read(length))


next_id = [0]


def request(method, params):
    next_id[0] += 1
    send({"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params})
    while True:
        m = receive()
        if m.get("id") == next_id[0] and "method" not in m:
            assert "error" not in m, m
            return m["result"]
        notifications.append(m)


def notify(method, params):
    send({"jsonrpc": "2.0", "method": method, "params": params})


def diagnostics_for(uri):
    """The diagnostics the server publishes for `uri` after the last notification sent."""
    while True:
        m = receive()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
            return m["params"]["diagnostics"]


def uri(name):
    return "file://" + os.path.join(policy, name)


def text(name):
    return open(os.path.join(policy, name), encoding="utf-8").read()


def line_of(content, prefix):
    return next(i for i, l in enumerate(content.split("\n")) if l.startswith(prefix))


def position(doc, line, character):
    return {"textDocument": {"uri": doc}, "position": {"line": line, "character": character}}


try:
    result = request("initialize", {"processId": None, "rootUri": "file://" + work, "capabilities": {}})
    caps = result["capabilities"]
    for c in ("hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider",
              "documentFormattingProvider"):
        assert caps.get(c), c
    notify("initialized", {})

    # an error: an unknown name on a line added at the end of the 2020 version
    v2020 = uri("2020-07.doudi")
    good = text("2020-07.doudi")
    lines = good.rstrip("\n").split("\n")
    broken = good.rstrip("\n") + "\nrule broken \"坏\" = dibao_standard + no_such_name\n"
    notify("textDocument/didOpen", {"textDocument": {"uri": v2020, "languageId": "doudi", "version": 1, "text": broken}})
    diags = diagnostics_for(v2020)
    assert diags, "no diagnostic for an unknown name"
    d = diags[0]
    assert "no_such_name" in d["message"], d
    assert d["range"]["start"] == {"line": len(lines), "character": len('rule broken "坏" = dibao_standard + ')}, d["range"]
    assert d["range"]["end"]["character"] - d["range"]["start"]["character"] == len("no_such_name"), d["range"]
    print("diagnostic:", d["range"]["start"], d["message"].split("\n")[0])

    notify("textDocument/didChange", {"textDocument": {"uri": v2020, "version": 2}, "contentChanges": [{"text": good}]})
    assert diagnostics_for(v2020) == [], "the diagnostics were not cleared after the fix"

    # hover a table: its unit, its cells and its source quote
    table_line = line_of(good, "table dibao_standard")
    hover = request("textDocument/hover", position(v2020, table_line, len("table dib")))
    value = hover["contents"]["value"]
    for expected in ("低保标准", "money per person per month", "[一类地区, urban] = 630", "[二类地区, rural] = 445",
                     "590元"):
        assert expected in value, (expected, value)
    print("hover table: ok")

    # hover a rule of the oldest version (opened from disk)
    v2016 = uri("2016.doudi")
    old = text("2016.doudi")
    notify("textDocument/didOpen", {"textDocument": {"uri": v2016, "languageId": "doudi", "version": 1, "text": old}})
    diagnostics_for(v2016)
    rule_line = line_of(old, "rule tekun_support")
    hover = request("textDocument/hover", position(v2016, rule_line, len("rule tek")))
    assert "tekun_basic + care_standard" in hover["contents"]["value"], hover

    # go to definition: 2020's table is keyed by hukou, an enumeration 2016 declares
    header = good.split("\n")[table_line]
    loc = request("textDocument/definition", position(v2020, table_line, header.index("hukou") + 1))
    assert loc["uri"] == v2016, loc
    assert loc["range"]["start"]["line"] == line_of(old, "enum hukou"), loc
    print("definition: ok", loc["range"]["start"])

    # references across versions
    refs = request("textDocument/references", position(v2020, table_line, len("table dib")) | {"context": {"includeDeclaration": True}})
    files = {r["uri"] for r in refs}
    assert {v2016, uri("2017.doudi"), v2020} <= files, files
    print("references:", len(refs), "in", len(files), "files")

    # hover a cell reference in a new version: its value there and in the version before
    v2021_text = "policy jining.social_assistance\nversion 2021\neffective 2021-01-01\namends 2020.07\n\nset dibao_standard[一类地区, urban] = 660\n"
    open(os.path.join(policy, "2021.doudi"), "w", encoding="utf-8").write(v2021_text)
    v2021 = uri("2021.doudi")
    notify("textDocument/didOpen", {"textDocument": {"uri": v2021, "languageId": "doudi", "version": 1, "text": v2021_text}})
    assert diagnostics_for(v2021) == []
    hover = request("textDocument/hover", position(v2021, 5, len("set dib")))
    value = hover["contents"]["value"]
    assert "= 660 in version 2021" in value and "630 in version 2020.07 (+30 (+4.8%))" in value, value
    print("hover cell: ok")

    # hover a district: its region group
    region_line = line_of(good, "region 一类地区")
    region_text = good.split("\n")[region_line]
    hover = request("textDocument/hover", position(v2020, region_line, region_text.index("任城区") + 1))
    assert hover and "district 任城区" in hover["contents"]["value"] and "一类地区" in hover["contents"]["value"], hover
    print("hover district: ok")

    # completion: functions, the version's tables, rules, inputs, enumeration values and districts
    items = request("textDocument/completion", position(v2020, table_line, 0))
    items = items["items"] if isinstance(items, dict) else items
    labels = {i["label"]: i.get("detail", "") for i in items}
    for expected in ("round", "dibao_standard", "tekun_basic", "monthly_income", "urban", "任城区", "一类地区"):
        assert expected in labels, (expected, sorted(labels)[:40])
    assert labels["任城区"] == "district" and labels["dibao_standard"].startswith("table"), labels
    print("completion:", len(items), "items")

    symbols = request("textDocument/documentSymbol", {"textDocument": {"uri": v2020}})
    names = {s["name"] for s in symbols}
    assert {"dibao_standard", "tekun_basic", "care_standard", "一类地区"} <= names, names

    # formatting: the edit gives what `doudi fmt` writes
    scratch = os.path.join(work, "fmt.doudi")
    open(scratch, "w", encoding="utf-8").write(good)
    subprocess.run([doudi, "fmt", scratch], check=True, stdout=subprocess.DEVNULL)
    formatted = open(scratch, encoding="utf-8").read()
    messy = good.replace("table dibao_standard \"低保标准\" :", "table dibao_standard \"低保标准\"   :")
    assert messy != good
    notify("textDocument/didChange", {"textDocument": {"uri": v2020, "version": 3}, "contentChanges": [{"text": messy}]})
    diagnostics_for(v2020)
    edits = request("textDocument/formatting", {"textDocument": {"uri": v2020}, "options": {"tabSize": 2, "insertSpaces": True}})
    assert len(edits) == 1 and edits[0]["newText"] == formatted, edits
    assert edits[0]["range"]["start"] == {"line": 0, "character": 0}

    assert request("shutdown", None) is None
    notify("exit", None)
    assert server.wait(timeout=10) == 0, "exit status after shutdown"
    print("lsp: ok")
finally:
    if server.poll() is None:
        server.kill()
    shutil.rmtree(work)
