#!/usr/bin/env bash
# The README's pip install: a fresh venv with Debian's packages visible,
# `pip install --no-index --no-build-isolation` of a clean copy of the
# repository, then doudi imported from the venv (not from build/) and used.
# Usage: python_pip_install.sh SOURCE_DIR
set -euo pipefail
source=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/doudi-pip.XXXXXX")
trap 'rm -rf "$work"' EXIT
# ccache (when the build uses it) sees paths relative to the temporary
# directory, so a second run on this machine reuses the first one's objects.
export CCACHE_BASEDIR="$work" CCACHE_NOHASHDIR=1
# A copy without build/, as a clean clone is.
mkdir "$work/src"
(cd "$source" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work/src" 2>/dev/null) \
  || tar -C "$source" --exclude=./build -cf - . | tar -C "$work/src" -xf -
/usr/bin/python3 -m venv --system-site-packages "$work/V"
(cd "$work/src" && DOUDI_PIP_JOBS=2 "$work/V/bin/pip" install --no-index --no-build-isolation . >"$work/pip.log" 2>&1) \
  || { tail -50 "$work/pip.log"; exit 1; }
cd "$work"  # not the source tree: import the installed package
"$work/V/bin/python" - "$source" <<'PY'
import os, sys, decimal
import doudi
assert os.path.dirname(doudi.__file__).startswith(sys.prefix), doudi.__file__
assert doudi.__version__ == "0.1.0"
p = doudi.Policy.load(os.path.join(sys.argv[1], "policies/jining"))
r = p.evaluate({"district": "任城区", "hukou": "urban", "members": 3, "monthly_income": "900.00"}, "2020-08-01")
assert r["total"] == decimal.Decimal("990.00"), r
assert os.path.exists(os.path.join(os.path.dirname(doudi.__file__), "__init__.pyi"))
print("pip install: doudi", doudi.__version__, "from", os.path.dirname(doudi.__file__))
PY
