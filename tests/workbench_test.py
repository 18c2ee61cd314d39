"""The web workbench (`doudi serve`'s `/`) driven in headless Chromium over the
DevTools protocol, as a case worker uses it:

    workbench_test.py DOUDI SOURCE_DIR OUT_DIR

1. the calculator, filled for a Jining household, shows doudi run's total;
2. on Jining's programmes, adding a minor without a guardian changes the
   tekun amount, and making the same person an adult changes it back;
3. the explanation shows the table cell used with its source quote;
4. the what-if page, given the example CSV and one table cell changed in
   its grid, shows doudi whatif's monthly cost change.
Screenshots at 1280 and 390 px wide, and the calculator printed to an A4
PDF, go to OUT_DIR. The server and the browser are this test's own, on
127.0.0.1, and are stopped at the end.
"""
import base64
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

DOUDI, SOURCE, OUT = sys.argv[1:4]
os.makedirs(OUT, exist_ok=True)
JINING = os.path.join(SOURCE, "policies/jining")
PROGRAMMES = os.path.join(SOURCE, "policies/jining/programmes")
DATE = "2020-08-01"


def fail(message):
    print("FAIL:", message)
    raise SystemExit(1)


def check(condition, message):
    if not condition:
        fail(message)


def chromium_binary():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    fail("chromium is not installed (apt-get install chromium fonts-noto-cjk)")


class Browser:
    """Headless Chromium with one page, spoken to over its DevTools socket."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="doudi-chromium-")
        self.proc = subprocess.Popen([chromium_binary(), "--headless=new", "--no-sandbox", "--disable-gpu",
                                      "--no-first-run", "--disable-extensions", "--disable-background-networking",
                                      "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                                      f"--user-data-dir={self.profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            time.sleep(0.1)
        port = int(open(port_file).read().split("\n")[0])
        for _ in range(100):
            try:
                pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5))
                page = [p for p in pages if p["type"] == "page"][0]
                break
            except (OSError, IndexError):
                time.sleep(0.1)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    fail(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            fail(f"script failed: {expression[:120]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression, what, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.js(expression):
                return
            time.sleep(0.1)
        fail(f"timed out waiting for {what}")

    def width(self, px):
        self.send("Emulation.setDeviceMetricsOverride", width=px, height=900 if px > 600 else 844,
                  deviceScaleFactor=1, mobile=px < 600)

    def screenshot(self, name):
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(base64.b64decode(data))

    def open(self, url):
        self.send("Page.navigate", url=url)
        self.wait("document.readyState === 'complete' && document.body && document.body.dataset.ready === 'true'",
                  f"the workbench at {url}")

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:  # the browser may already be gone
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def start_server():
    proc = subprocess.Popen([DOUDI, "serve", JINING, PROGRAMMES, "--port", "0", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    match = re.search(r"listening on (http://127\.0\.0\.1:\d+/)", line)
    check(match, f"doudi serve did not start: {line!r}")
    return proc, match.group(1)


def doudi_run(policy, household):
    path = os.path.join(OUT, "household.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump([household], f, ensure_ascii=False)
    out = subprocess.run([DOUDI, "run", policy, path, "--date", DATE, "--format", "json"], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)["results"][0]["outputs"]


FILL = """(() => {
  const set = (c, v) => { if (c.type === 'checkbox') c.checked = v === 'true'; else c.value = v;
                          c.dispatchEvent(new Event('change', {bubbles: true})); };
  const values = %s;
  for (const [name, value] of Object.entries(values))
    set(document.querySelector(`#household-fields [data-input="${name}"]`), value);
  return window.doudiWorkbench.generation;
})()"""


def settle(browser, before):
    """Waits for the evaluation after the change that was made at generation `before`."""
    state = "window.doudiWorkbench"
    browser.wait(f"{state}.generation > {before} && !{state}.pending && !{state}.inflight", "the results to update")
    browser.wait("document.querySelector('#results tbody tr') !== null", "results")


def output_shown(browser, name):
    return browser.js(f"(document.querySelector('#results tr[data-output=\"{name}\"] td') || {{}}).textContent")


def calculator(browser, base):
    browser.open(f"{base}?policy=jining.social_assistance&date={DATE}")
    version = browser.js("document.querySelector('#version').textContent")
    check("2020.07" in version and "2020-07-01" in version, f"the version in force is not shown: {version!r}")
    household = {"district": "任城区", "hukou": "urban", "members": "3", "monthly_income": "900.00"}
    before = browser.js(FILL % json.dumps(household, ensure_ascii=False))
    settle(browser, before)
    expected = doudi_run(JINING, dict(household, id="form"))
    shown = output_shown(browser, "total")
    check(shown == expected["total"], f"the calculator shows total {shown!r}, doudi run gives {expected['total']!r}")
    labels = browser.js("document.querySelector('#household-fields').innerText")
    check("户籍" in labels and "hukou" in labels, "labels are not shown in Chinese and English")
    groups = browser.js("[...document.querySelectorAll('#in-district optgroup')].map(g => g.label)")
    check(groups and groups[0].startswith("一类地区"), f"districts are not grouped by region: {groups}")
    print(f"calculator: total {shown} = doudi run's")
    # a field the server refuses shows its error at the field
    before = browser.js(FILL % json.dumps({"monthly_income": "12.345"}))
    browser.wait(f"window.doudiWorkbench.generation > {before} && "
                 "document.querySelector('.field[data-field=monthly_income] .field-error').textContent !== ''",
                 "the error at monthly_income")
    before = browser.js(FILL % json.dumps({"monthly_income": "900.00"}))
    settle(browser, before)
    return household


def explanation(browser):
    browser.js("document.querySelector('#tabs button[data-tab=explanation]').click()")
    browser.wait("document.querySelectorAll('#tree details').length > 0", "the explanation tree")
    browser.js("document.querySelector('#expand-all').click()")
    text = browser.js("document.querySelector('#tree').innerText")
    cli = json.loads(subprocess.run([DOUDI, "explain", JINING, os.path.join(OUT, "household.json"), "--date", DATE,
                                     "--format", "json"], capture_output=True, text=True, check=True).stdout)[0]

    def lookups(rule):
        yield from rule["lookups"]
        for used in rule["uses"]:
            yield from lookups(used)

    cells = [l for o in cli["outputs"] for l in lookups(o["derivation"]) if l["table"] == "dibao_standard"]
    check(cells, "doudi explain used no dibao_standard cell")
    quote = cells[0]["sources"][0]
    check(quote in text, f"the explanation does not show the cell's source quote {quote[:40]!r}…")
    check(cells[0]["cell"] in text, f"the explanation does not show the cell {cells[0]['cell']!r}")
    print(f"explanation: cell [{cells[0]['cell']}] with its source quote")


def members(browser, base):
    browser.js("document.querySelector('#tabs button[data-tab=calculator]').click()")
    browser.open(f"{base}?policy=jining.assistance_programmes&date={DATE}")
    household = {"district": "任城区", "hukou": "urban", "monthly_income": "600.00"}
    browser.js(FILL % json.dumps(household, ensure_ascii=False))

    def add_person(fields):
        before = browser.js("window.doudiWorkbench.generation")
        row = browser.js("document.querySelector('#add-member').click(); document.querySelectorAll('#members tbody tr').length")
        set_member(row - 1, fields, before)

    def set_member(k, fields, before=None):
        if before is None:
            before = browser.js("window.doudiWorkbench.generation")
        for name, value in fields.items():
            browser.js(f"""(() => {{ const c = document.querySelector('#m{k}-{name}');
              if (c.type === 'checkbox') c.checked = {json.dumps(value)} === 'true'; else c.value = {json.dumps(value)};
              c.dispatchEvent(new Event('change', {{bubbles: true}})); }})()""")
        settle(browser, before)

    add_person({"birth_date": "1980-03-01"})
    add_person({"birth_date": "1982-05-01"})
    tekun_adults = output_shown(browser, "tekun")
    add_person({"birth_date": "2008-09-01", "no_guardian": "true", "care": "self"})
    tekun_minor = output_shown(browser, "tekun")
    check(tekun_minor != tekun_adults, f"a minor without a guardian did not change tekun ({tekun_adults} -> {tekun_minor})")
    people = [{"birth_date": "1980-03-01"}, {"birth_date": "1982-05-01"},
              {"birth_date": "2008-09-01", "no_guardian": "true", "care": "self"}]
    expected = doudi_run(PROGRAMMES, dict(household, id="form", people=people))
    check(tekun_minor == expected["tekun"] and output_shown(browser, "total") == expected["total"],
          f"with the minor: shown tekun {tekun_minor}, doudi run {expected['tekun']}")
    set_member(2, {"birth_date": "2000-09-01"})  # the same person, an adult on the date
    tekun_adult = output_shown(browser, "tekun")
    # a member's bad value is shown in that member's row
    before = browser.js("window.doudiWorkbench.generation")
    browser.js("""(() => { const c = document.querySelector('#m1-own_income'); c.value = '1.234';
      c.dispatchEvent(new Event('change', {bubbles: true})); })()""")
    browser.wait(f"window.doudiWorkbench.generation > {before} && "
                 "document.querySelector('#m1-own_income').classList.contains('invalid') && "
                 "document.querySelector('#members-error').textContent.includes('member 2')", "the error in member 2's row")
    set_member(1, {"own_income": ""})
    check(tekun_adult != tekun_minor, f"the age did not matter: tekun {tekun_minor} at 11 and {tekun_adult} at 19")
    rows = browser.js("document.querySelectorAll('#member-results tbody tr').length")
    print(f"members: tekun {tekun_adults} -> {tekun_minor} with a minor (= doudi run), {tekun_adult} when 19; "
          f"{rows} member result row(s)")


def whatif(browser, base):
    browser.open(f"{base}?policy=jining.social_assistance&date={DATE}")
    browser.js("document.querySelector('#tabs button[data-tab=whatif]').click()")
    csv_path = os.path.abspath(os.path.join(SOURCE, "examples/jining/households.csv"))
    document = browser.send("DOM.getDocument")
    node = browser.send("DOM.querySelector", nodeId=document["root"]["nodeId"], selector="#whatif-file")
    browser.send("DOM.setFileInputFiles", nodeId=node["nodeId"], files=[csv_path])
    cell = "dibao_standard[一类地区, urban]"
    changed = browser.js(f"""(() => {{ const c = document.querySelector('#whatif-tables input[data-cell="{cell}"]');
        if (!c) return null; c.value = '660'; c.dispatchEvent(new Event('input', {{bubbles: true}}));
        document.querySelector('#whatif-run').click(); return c.dataset.original; }})()""")
    check(changed == "630", f"the table grid has no editable cell {cell} holding 630 ({changed!r})")
    browser.wait("document.querySelector('#whatif-monthly-change') !== null", "the what-if summary", timeout=60)
    shown = browser.js("document.querySelector('#whatif-monthly-change').textContent")
    cli = subprocess.run([DOUDI, "whatif", JINING, csv_path, "--date", DATE, "--set", f"{cell}=660"],
                         capture_output=True, text=True, check=True).stdout
    line = [l for l in cli.splitlines() if l.startswith("monthly cost")][0]
    check(line.split()[-1] == shown, f"the what-if page shows {shown}, doudi whatif: {line}")
    browser.wait("document.querySelector('#whatif-report').srcdoc.includes('<svg')", "the report's charts")
    check(browser.js("!document.querySelector('#whatif-detail').hidden"), "no detail download link")
    print(f"what-if: monthly cost change {shown} = doudi whatif's")


def policy_view(browser, base):
    browser.open(f"{base}?policy=jining.social_assistance&date={DATE}")
    browser.js("document.querySelector('#tabs button[data-tab=policy-view]').click()")
    out = os.path.join(OUT, "doc.html")
    subprocess.run([DOUDI, "doc", JINING, "-o", out], capture_output=True, check=True)
    with open(out, encoding="utf-8") as f:
        page = f.read()
    quotes = re.findall(r"<blockquote[^>]*>([^<]+)", page)
    check(quotes, "doudi doc's page has no source quote")
    frame = "document.querySelector('#policy-doc-frame')"
    browser.wait(f"{frame} && {frame}.contentDocument && {frame}.contentDocument.readyState === 'complete' && "
                 f"{frame}.contentDocument.body && {frame}.contentDocument.body.innerText.length > 100",
                 "the policy document in the Policy tab")
    text = browser.js(f"{frame}.contentDocument.body.innerText")
    for quote in (quotes[0], quotes[-1]):
        check(html.unescape(quote).strip()[:40] in text, f"the Policy tab does not show doudi doc's quote {quote[:40]!r}")
    versions = browser.js("[...document.querySelectorAll('#policy-doc tbody tr td:first-child')].map(td => td.textContent)")
    check(len(versions) >= 2, f"the Policy tab lists versions {versions}")
    print(f"policy: doudi doc's page in the Policy tab ({len(quotes)} quotes), versions {', '.join(versions)}")


def main():
    server, base = start_server()
    browser = Browser()
    try:
        browser.width(1280)
        calculator(browser, base)
        browser.screenshot("calculator-1280.png")
        pdf = browser.send("Page.printToPDF", paperWidth=8.27, paperHeight=11.69, printBackground=False)["data"]
        with open(os.path.join(OUT, "calculator-a4.pdf"), "wb") as f:
            f.write(base64.b64decode(pdf))
        explanation(browser)
        browser.screenshot("explanation-1280.png")
        browser.width(390)
        browser.screenshot("explanation-390.png")
        browser.js("document.querySelector('#tabs button[data-tab=calculator]').click()")
        browser.screenshot("calculator-390.png")
        browser.width(1280)
        members(browser, base)
        browser.screenshot("members-1280.png")
        whatif(browser, base)
        browser.screenshot("whatif-1280.png")
        browser.width(390)
        browser.screenshot("whatif-390.png")
        browser.width(1280)
        policy_view(browser, base)
        browser.screenshot("policy-1280.png")
        for name in ("calculator-1280.png", "calculator-390.png", "whatif-390.png"):
            check(os.path.getsize(os.path.join(OUT, name)) > 10000, f"{name} looks empty")
        print(f"screenshots and the A4 print in {OUT}")
    finally:
        browser.close()
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    check(code == 0, f"doudi serve exited {code}")


main()
