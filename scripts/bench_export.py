"""Time repeated chart exports through one kept-open Chromium: python scripts/bench_export.py."""

from __future__ import annotations

import argparse
import os
import statistics
import time

from timeline.config import DEFAULT_DATA
from timeline.datasets import Dataset
from timeline.load import read_events
from timeline.publication import PRESETS
from timeline.render import Renderer
from timeline.state import state_from_query
from timeline.view_export import ExportOptions, export_view

VIEW = "?type=balloon_launch&type=leaflet_launch&type=loudspeaker&from=2024-05-28&to=2024-12-31"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--format", default="png", choices=["png", "svg", "pdf"])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--scale", type=float, default=2)
    args = parser.parse_args()
    data = Dataset(read_events(DEFAULT_DATA))
    state, _ = state_from_query(VIEW, data.types, data.actors)
    article = PRESETS["article"]
    options = ExportOptions(args.format, article.width, article.height, args.scale)
    renderer = Renderer()
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        export_view(data.events, state.filters, options, renderer=lambda: renderer)
        times.append(time.perf_counter() - started)
    renderer.close()
    print(f"{args.format} at article 1200×675, scale {args.scale:g}, {args.runs} exports")
    print(f"first (starts Chromium): {times[0]:.2f} s")
    print(f"tenth: {times[min(9, len(times) - 1)]:.2f} s")
    print(f"median of the rest: {statistics.median(times[1:]):.2f} s")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
