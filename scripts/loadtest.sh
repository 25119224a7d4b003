#!/usr/bin/env bash
# Bounded load test on loopback against `gunicorn -w 4 app:server`; stops by itself.
# Usage: bash scripts/loadtest.sh [USERS=50] [SECONDS=60] [--workers 4] [--think 0.2 1.0]
# Exits 1 on any error, on a run that ended early, or when a user changed filters fewer than 3 times.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'; }
exec .venv/bin/python scripts/loadtest.py "$@"
