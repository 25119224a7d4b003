#!/usr/bin/env bash
# The large fuzz run: 10,000 generated cases per property (the default suite runs 40),
# one process per property in parallel. Prints hypothesis' statistics for each.
# Usage: bash scripts/fuzz.sh [EXAMPLES]
set -uo pipefail
cd "$(dirname "$0")/.."
export FUZZ_EXAMPLES="${1:-10000}"
logs="$(mktemp -d)"
tests=$(.venv/bin/python -m pytest tests/test_fuzz.py --collect-only -q | grep '::')
pids=()
for test in $tests; do
    .venv/bin/python -m pytest "$test" -q -p no:cacheprovider --hypothesis-show-statistics \
        >"$logs/${test##*::}.log" 2>&1 &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
cat "$logs"/*.log
grep -h -E "passing examples|^(FAILED|ERROR)|[0-9]+ (passed|failed)" "$logs"/*.log
rm -rf "$logs"
exit $status
