#!/usr/bin/env bash
# Rebuild assets/plotly-timeline.min.js: plotly.js at the version the installed plotly package
# ships, with only the traces the app draws (index.js). Needs npm; the output is committed, so
# nothing is built or downloaded when the app runs.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-../../.venv/bin/python}"
shipped=$("$PYTHON" -c 'import pathlib, re, plotly
text = (pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:400]
print(re.search(r"plotly\.js v([0-9.]+)", text)[1])')
pinned=$(node -p 'require("./package.json").dependencies["plotly.js"]')
if [ "$shipped" != "$pinned" ]; then
    echo "The plotly package ships plotly.js $shipped but package.json pins $pinned: set" \
        "\"plotly.js\": \"$shipped\" in scripts/plotly-bundle/package.json and run this again." >&2
    exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
node build.mjs ../../assets/plotly-timeline.min.js
ls -l ../../assets/plotly-timeline.min.js
