#!/usr/bin/env bash
# Installs what doudi needs from Debian's packages (only what is missing),
# then configures and builds into build/. Used by both of the README's
# commands and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"

packages=(g++ cmake make tao-pegtl-dev libfmt-dev libboost-dev libyaml-cpp-dev doctest-dev libcli11-dev
          clang libclang-rt-14-dev  # clang: the sanitizer and fuzzing run (tests/robustness.sh)
          pybind11-dev python3-dev  # the Python module (python/), built against Debian's /usr/bin/python3
          libcpp-httplib-dev nlohmann-json3-dev  # doudi serve: HTTP server, JSON (SAX) parser and writer; the metadata document
          python3-yaml python3-jsonschema  # tests/serve_test.py: households as text, answers against /openapi.json
          chromium fonts-noto-cjk python3-websocket  # tests/workbench_test.py: the workbench in headless Chromium
          poppler-utils  # tests/doc_chromium.sh: pdfinfo on doudi doc's printed page
          pkg-config libxlsxwriter-dev libzip-dev libexpat1-dev  # Excel files: .xlsx results (libxlsxwriter), .xlsx households (libzip + expat)
          python3-openpyxl  # tests/cli_excel.sh: reads doudi's .xlsx back and writes .xlsx rosters
          python3-pandas python3-dask python3-distributed  # doudi.evaluate_frame and doudi.dask, and their tests
          python3-venv python3-pip python3-setuptools)  # `pip install .` (pyproject.toml, setup.py) and its test
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
echo "setup: building (build/build.log)" >&2
if ! cmake --build build -j"$(nproc)" >build/build.log 2>&1; then
  cat build/build.log >&2
  echo "setup: the build failed" >&2
  exit 1
fi
