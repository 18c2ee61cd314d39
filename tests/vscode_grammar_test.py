"""editors/vscode: the TextMate grammar and language configuration.

The grammar's regular expressions compile (Oniguruma's \\x{H} written as
Python escapes), every keyword of dsl/grammar.h is highlighted, names may be
Chinese, and a keyword inside a name is not taken for one.
Usage: vscode_grammar_test.py SOURCE_DIR
"""
import json
import re
import sys

root = sys.argv[1]
grammar = json.load(open(f"{root}/editors/vscode/syntaxes/doudi.tmLanguage.json", encoding="utf-8"))
json.load(open(f"{root}/editors/vscode/language-configuration.json", encoding="utf-8"))
package = json.load(open(f"{root}/editors/vscode/package.json", encoding="utf-8"))
assert package["contributes"]["languages"][0]["extensions"] == [".doudi"]


def python_regex(onig):
    return re.compile(re.sub(r"\\x\{([0-9A-Fa-f]+)\}", lambda m: chr(int(m.group(1), 16)).replace("\\", "\\\\"), onig))


patterns = {}
def collect(name, rule):
    if "match" in rule:
        patterns.setdefault(name, []).append((python_regex(rule["match"]), rule))
    for p in rule.get("patterns", []):
        collect(name, p)
for name, rule in grammar["repository"].items():
    collect(name, rule)

# every keyword the parser knows is highlighted as a keyword
keywords = re.findall(r'DOUDI_KW\(\w+, "(\w+)"\)', open(f"{root}/dsl/grammar.h", encoding="utf-8").read())
assert len(keywords) > 30, keywords
missing = [k for k in keywords if not any(r.fullmatch(k) for r, _ in patterns["keyword"] + patterns["constant"])]
assert not missing, f"keywords not highlighted: {missing}"

def declared_name(line):
    m = patterns["declaration"][0][0].search(line)
    return m.group(4) if m else None

assert declared_name('table dibao_standard "低保标准" : money per person per month by region, hukou') == "dibao_standard"
assert declared_name("region 一类地区 = {任城区, 兖州区}") == "一类地区"
assert declared_name('rule 低保金 = 1') == "低保金"
assert declared_name('output per students edu "教育救助金" = 1') == "edu"
assert declared_name("ruler = 1") is None
kw = [r for r, _ in patterns["keyword"]]
assert not any(r.search("if_tekun") for r in kw), "a keyword inside a name"
assert not any(r.search("低保if") for r in kw), "a keyword inside a Chinese name"
assert any(r.search("if tekun then 1 else 0") for r in kw)
number = patterns["number"][0][0]
assert number.search("rule a = 630 元").group(0) == "630 元"
na = [r for r, rule in patterns["constant"] if "not-applicable" in rule["name"]][0]
assert na.search("urban n/a") and not na.search("n/ab")
print("grammar: ok,", len(keywords), "keywords")
