"""What each linked view costs the server for one click, at a given size: time and answer bytes.

    .venv/bin/python -m bench.views /tmp/timeline-bench/events-1000000.csv
    .venv/bin/python -m bench.views data/events.csv --runs 5

Opens the events file as the app does (its columnar cache in --cache), then, for each view, builds
what the app sends when one event type is unticked (the benchmark's click): the timeline and its
controls, the active view's outputs, and the embed page of that chart. Prints the median time
and the JSON bytes of each. Exits 1 when a view's answer is empty (nothing was measured).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace

from plotly.io.json import to_json_plotly

from timeline.cache import read_events_cached
from timeline.callbacks import draw_page
from timeline.datasets import Dataset
from timeline.filters import Filters
from timeline.state import ViewState, query_from_state
from timeline.workbench import TABLE_BLOCK, table_block, view_outputs

VIEWS = ("frequency", "totals", "table", "map", "compare", "changes")
COMPARE = ("2024-06-01/2024-08-31", "2025-06-01/2025-08-31")


def measure(data: Dataset, state: ViewState, build, runs: int) -> tuple[float, int]:
    """Median seconds of `build(data, state)` over runs (each with a fresh filter, so nothing
    is reused from the run before), and the bytes of its JSON."""
    times, size = [], 0
    for k in range(runs):
        kept = data.types[: len(data.types) - 1 - k % 2]  # alternate: no answer is reused
        fresh = replace(state, filters=Filters(types=tuple(kept)))
        begin = time.perf_counter()
        out = build(data, fresh)
        body = to_json_plotly(out)
        times.append(time.perf_counter() - begin)
        size = len(body.encode())
    return statistics.median(times), size


def rows(data: Dataset, opened: float, runs: int) -> list[tuple[str, float, int]]:
    from timeline.compare import parse_periods

    periods = tuple(parse_periods(", ".join(COMPARE))[0])
    out = [("open the file", opened, 0)]
    page = lambda d, s: draw_page(d, s, [], "/", None)  # noqa: E731
    out.append(("timeline, controls, caption", *measure(data, ViewState(), page, runs)))
    block = {
        "startRow": 0,
        "endRow": TABLE_BLOCK,
        "sortModel": [{"colId": "title", "sort": "desc"}],
    }
    rows_sent = lambda d, s: table_block(d, s, block)  # noqa: E731
    out.append(("table: 100 rows sorted by title", *measure(data, ViewState(), rows_sent, runs)))
    for view in VIEWS:
        state = ViewState(view=view, compare=periods if view == "compare" else ())
        answer = lambda d, s: view_outputs(d, s, None)  # noqa: E731
        out.append((f"view: {view}", *measure(data, state, answer, runs)))
    return out


def embed_rows(path: str, cache: str | None, types: list[str], runs: int) -> list[tuple]:
    """The embed page of each chart, through the app (a Flask view, not a callback)."""
    from timeline.factory import create_app

    client = create_app(path, cache_dir=cache).server.test_client()
    out = []
    for chart in ("timeline", "frequency", "totals", "map"):
        times, size = [], 0
        for k in range(runs):
            kept = Filters(types=tuple(types[: len(types) - 1 - k % 2]))
            link = query_from_state(ViewState(kept, chart=chart))
            begin = time.perf_counter()
            answer = client.get("/embed" + link)
            times.append(time.perf_counter() - begin)
            size = len(answer.data) if answer.status_code == 200 else 0
        out.append((f"/embed, chart {chart}", statistics.median(times), size))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--cache", default="/tmp/timeline-bench/cache")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-embed", action="store_true")
    args = parser.parse_args(argv)
    begin = time.perf_counter()
    data = Dataset(read_events_cached(args.path, args.cache), name=args.path)
    measured = rows(data, time.perf_counter() - begin, args.runs)
    if not args.no_embed:
        measured += embed_rows(args.path, args.cache, data.types, args.runs)
    print("| what | median | answer |\n|---|---|---|")
    for name, seconds, size in measured:
        print(f"| {name} | {seconds * 1000:,.0f} ms | {size / 1024:,.1f} KB |")
    empty = [name for name, _, size in measured[1:] if size <= len("{}")]
    for name in empty:
        print(f"failed: {name}: the answer was empty")
    return 1 if empty else 0


if __name__ == "__main__":
    sys.exit(main())
