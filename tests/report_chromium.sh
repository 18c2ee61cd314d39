#!/usr/bin/env bash
# The what-if report (`doudi whatif --report`) in headless Chromium: rendered
# at 1280 and 390 CSS pixels wide (the document no wider than the viewport,
# every district of the data named on the page, the charts within the page),
# and printed to PDF on A4: pdfinfo's page count is the number of the page's
# sheets (section.sheet, each starting a page: one more means a sheet ran
# over its page). Skipped (exit 77) where Chromium or pdfinfo is missing
# (setup.sh installs them).
# Usage: report_chromium.sh DOUDI SOURCE_DIR
set -euo pipefail
doudi=$1
src=$2
command -v chromium >/dev/null && command -v pdfinfo >/dev/null || { echo "chromium or pdfinfo missing: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

data="$src/tests/data/whatif_briefing.csv"
"$doudi" whatif "$src/policies/jining" "$data" --date 2020-08-01 \
  --reform "$src/examples/reforms/jining_tier1_660.doudi" --title "一类地区城市低保标准提至660元" \
  --report "$tmp/report.html" >"$tmp/out" 2>"$tmp/err" || fail "doudi whatif: $(cat "$tmp/err")"
page="$tmp/report.html"
grep -q '<script' "$page" && fail "the page has a script (it must be self-contained and static)"
grep -Eq '(src|href)="https?:|url\(|@import' "$page" && fail "the page fetches something"
# The districts of the data file (its second column).
districts=$(tail -n +2 "$data" | cut -d, -f2 | sort -u | tr '\n' ' ')
sheets=$(grep -o '<section class="sheet">' "$page" | wc -l)

# The measurement: the page in an iframe of the width measured (headless
# Chromium's window is at least 500 px wide); a script in the wrapper writes
# what the page's own viewport sees into the wrapper's DOM.
cat >"$tmp/measure.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body style="margin:0">
<iframe id="page" src="report.html" style="border:0;height:4000px"></iframe>
<script>
var frame = document.getElementById("page");
frame.style.width = location.hash.substring(1) + "px";
frame.addEventListener("load", function () {
  var d = frame.contentDocument, e = d.documentElement, b = document.body;
  b.setAttribute("data-client-width", e.clientWidth);
  b.setAttribute("data-scroll-width", Math.max(e.scrollWidth, d.body.scrollWidth));
  var widest = 0;
  d.querySelectorAll("body *").forEach(function (x) { var r = x.getBoundingClientRect().right; if (r > widest) widest = r; });
  b.setAttribute("data-widest", Math.ceil(widest));
  var svg = 0;
  d.querySelectorAll("svg").forEach(function (x) { svg = Math.max(svg, x.getBoundingClientRect().width); });
  b.setAttribute("data-svg-width", Math.ceil(svg));
  b.setAttribute("data-charts", d.querySelectorAll("svg").length);
  var text = document.createElement("pre");
  text.id = "text";
  text.textContent = d.body.innerText;
  b.appendChild(text);
});
</script></body></html>
HTML
chrome() { chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
  --allow-file-access-from-files "$@" 2>>"$tmp/chromium.log"; }
for width in 1280 390; do
  chrome --window-size=1400,4200 --dump-dom "file://$tmp/measure.html#$width" >"$tmp/dom$width.html"
  python3 - "$tmp/dom$width.html" "$width" "$districts" <<'PY' || fail "at $width px"
import html, re, sys
dom, width, districts = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2]), sys.argv[3].split()
body = re.search(r"<body([^>]*)>", dom).group(1)
attr = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', body))
client, scroll, widest, svg = (int(attr[k]) for k in ("client-width", "scroll-width", "widest", "svg-width"))
print(f"{width} px: viewport {client}, document {scroll} wide (widest element ends at {widest}), widest chart {svg}, charts {attr['charts']}")
assert client == width, f"the viewport is {client} px, not {width}"
assert scroll <= client and widest <= client, f"horizontal overflow: {scroll} px of content in {client} px"
assert 0 < svg <= client, f"a chart is {svg} px wide in {client}"
text = html.unescape(re.search(r'<pre id="text">(.*?)</pre>', dom, re.S).group(1))
for d in districts:
    assert d in text, f"district {d} is not on the page"
for figure in ("630", "660", "一类地区城市低保标准提至660元"):
    assert figure in text, figure
PY
done

chrome --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" "file://$page" >/dev/null
info=$(pdfinfo "$tmp/report.pdf")
pages=$(echo "$info" | awk '/^Pages:/ {print $2}')
echo "PDF: $pages pages for $sheets sheets, $(echo "$info" | grep '^Page size')"
echo "$info" | grep -q '^Page size:.*(A4)' || fail "the PDF is not A4: $(echo "$info" | grep '^Page size')"
[ "$sheets" -ge 4 ] || fail "the page has $sheets sheets"
[ "${pages:-0}" -eq "$sheets" ] || fail "the PDF has $pages pages for $sheets sheets: a sheet ran over its page or a page break is missing"

# A policy with grades (one more sheet) on 10 000 households: still one page a sheet.
"$doudi" whatif "$src/policies/reference" "$src/tests/data/reference_households_10k.csv" --date 2020-08-01 \
  --set 'dibao_standard[一类地区, urban]=660' --set 'grade_addon[moderate]=40' --report "$tmp/reference.html" \
  >/dev/null 2>"$tmp/err" || fail "doudi whatif (reference): $(cat "$tmp/err")"
sheets=$(grep -o '<section class="sheet">' "$tmp/reference.html" | wc -l)
chrome --no-pdf-header-footer --print-to-pdf="$tmp/reference.pdf" "file://$tmp/reference.html" >/dev/null
pages=$(pdfinfo "$tmp/reference.pdf" | awk '/^Pages:/ {print $2}')
echo "PDF (reference, with grades): $pages pages for $sheets sheets"
[ "$sheets" -ge 5 ] && [ "${pages:-0}" -eq "$sheets" ] || fail "the reference report: $pages pages for $sheets sheets"
echo "report_chromium: ok"
