#!/usr/bin/env bash
# The large fuzz run: 10,000 generated cases per property (the default suite runs 40).
# Usage: bash scripts/fuzz.sh [EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_EXAMPLES="${1:-10000}"
exec .venv/bin/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider --hypothesis-show-statistics
