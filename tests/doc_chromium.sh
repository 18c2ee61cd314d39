#!/usr/bin/env bash
# `doudi doc` in headless Chromium: Jining's document rendered at 1280 and
# 390 CSS pixels wide (no horizontal overflow, every table present, each
# version's tables, rules and province rules), and printed to PDF on A4
# (pdfinfo: pages > 0, A4). Skipped (exit 77) where Chromium or pdfinfo is
# not installed (setup.sh installs them).
# Usage: doc_chromium.sh DOUDI SOURCE_DIR
set -euo pipefail
doudi=$1
src=$2
command -v chromium >/dev/null && command -v pdfinfo >/dev/null || { echo "chromium or pdfinfo missing: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$doudi" doc "$src/policies/jining" -o "$tmp/jining.html" 2>"$tmp/err" || fail "doudi doc: $(cat "$tmp/err")"
page="$tmp/jining.html"
grep -q '<script' "$page" && fail "the page has a script (it must be self-contained and static)"
grep -Eq '(src|href)="https?:' "$page" && fail "the page fetches something"

# The measurement: the page in an iframe of the width measured (headless
# Chromium's window is at least 500 px wide), and a script in the wrapper that
# writes what the page's own viewport sees into the wrapper's DOM.
cat >"$tmp/measure.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body style="margin:0">
<iframe id="page" src="jining.html" style="border:0;height:3000px"></iframe>
<script>
var frame = document.getElementById("page");
frame.style.width = location.hash.substring(1) + "px";
frame.addEventListener("load", function () {
  var d = frame.contentDocument, e = d.documentElement, b = document.body;
  b.setAttribute("data-client-width", e.clientWidth);
  b.setAttribute("data-scroll-width", Math.max(e.scrollWidth, d.body.scrollWidth));
  b.setAttribute("data-tables", d.querySelectorAll("table").length);
  b.setAttribute("data-ids", Array.prototype.map.call(d.querySelectorAll("section[id], h3[id]"), function (x) { return x.id; }).join(" "));
  var widest = 0;
  d.querySelectorAll("body *").forEach(function (x) { var r = x.getBoundingClientRect().right; if (r > widest && x.closest(".scroll") === null) widest = r; });
  b.setAttribute("data-widest", Math.ceil(widest));
});
</script></body></html>
HTML
static_tables=$(grep -o '<table>' "$page" | wc -l)
chrome() { chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
  --allow-file-access-from-files "$@" 2>>"$tmp/chromium.log"; }
python3 - "$page" <<'PY' || fail "the page's content"
import sys
page = open(sys.argv[1], encoding="utf-8").read()
for v in ("2016", "2017", "2020.07"):
    assert f">Version {v}</h2>" in page, v
for table_id in ("t-0-dibao_standard", "t-1-dibao_standard", "t-2-dibao_standard", "t-2-tekun_basic",
                 "t-2-care_standard", "t-0-care_standard", "h-dibao_standard"):
    assert f'id="{table_id}"' in page, table_id
assert 'href="#t-0-dibao_standard"' in page, "no link from a rule to the table it reads"
assert 'href="#r-0-dibao"' in page, "no link from a table to the rule reading it"
assert "✓ holds" in page, "no require outcome"
assert "+50 (+9.6%)" in page, "no history change (520 -> 570)"
assert "630" in page and "济宁市民政局" in page
assert "Bound by the rules of <code>shandong</code>" in page, "no bound-by line"
assert "bound by shandong: policy shandong" in page, "the province's rules are not checked in the city's versions"
PY
for width in 1280 390; do
  chrome --window-size=1400,3200 --dump-dom "file://$tmp/measure.html#$width" >"$tmp/dom$width.html"
  python3 - "$tmp/dom$width.html" "$width" "$static_tables" <<'PY' || fail "at $width px"
import re, sys
dom, width, tables = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2]), int(sys.argv[3])
body = re.search(r"<body([^>]*)>", dom).group(1)
attr = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', body))
client, scroll, widest = int(attr["client-width"]), int(attr["scroll-width"]), int(attr["widest"])
print(f"{width} px: viewport {client}, content {scroll} wide (widest element ends at {widest}), tables {attr['tables']}")
assert client == width, f"the viewport is {client} px, not {width}"
assert scroll <= client and widest <= client, f"horizontal overflow: {scroll} px of content in {client} px"
assert int(attr["tables"]) == tables and tables >= 10, (attr["tables"], tables)
ids = attr["ids"].split()
for table_id in ("t-2-dibao_standard", "t-0-care_standard", "h-care_standard", "history"):
    assert table_id in ids, table_id
PY
done

chrome --no-pdf-header-footer --print-to-pdf="$tmp/jining.pdf" "file://$page" >/dev/null
info=$(pdfinfo "$tmp/jining.pdf")
pages=$(echo "$info" | awk '/^Pages:/ {print $2}')
echo "PDF: $pages pages, $(echo "$info" | grep '^Page size')"
[ "${pages:-0}" -gt 0 ] || fail "the PDF has no page"
echo "$info" | grep -q '^Page size:.*(A4)' || fail "the PDF is not A4: $(echo "$info" | grep '^Page size')"
echo "doc_chromium: ok"
