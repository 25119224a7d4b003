"""Time the two query backends (timeline/query.py) on N synthetic events, and check they agree.

    .venv/bin/python -m bench.query_bench                  # 10,000,000 events
    .venv/bin/python -m bench.query_bench 1000000
    .venv/bin/python -m bench.query_bench 1000000 --keep /tmp/qb   # keep the Parquet copy
    .venv/bin/python -m bench.query_bench --parquet /tmp/qb/events-....parquet   # reuse it

The events are bench/synthetic.py's, validated by the loader in chunks of CHUNK (as an import of
the same CSV would be), then written as the Parquet copy. Each backend then runs in a fresh
process: it opens the copy (pandas reads it into memory; DuckDB only opens it), runs every
operation once (the first answer, which builds what a backend keeps, e.g. the sort orders),
then RUNS more times, and reports the median, its resident memory (VmRSS) and peak (VmHWM).
Exits 1 when the two backends' answers differ on any operation.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from bench.synthetic import TYPES, synthetic_events
from timeline import schema as s
from timeline.filters import Filters
from timeline.load import parse_events

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_N = 10_000_000
CHUNK = 1_000_000
RUNS = 5
BACKENDS = ("pandas", "duckdb")
# The benchmark's click: one event type unticked.
CLICK = Filters(types=tuple(TYPES[1:]))
# name -> the operation, asked of an EventQuery.
OPERATIONS = {
    "count": lambda q: q.count(CLICK),
    "count_by month x type": lambda q: q.count_by(CLICK, "month", s.EVENT_TYPE),
    "count_by day": lambda q: q.count_by(CLICK, "day"),
    "count_by week, one year": lambda q: q.count_by(
        Filters(start=pd.Timestamp("2020-01-01").date(), end=pd.Timestamp("2020-12-31").date()),
        "week",
    ),
    "rows_window 0-100": lambda q: q.rows_window(CLICK, 0, 100),
    "rows_window 5000-5100 by title desc": lambda q: q.rows_window(
        CLICK, 5000, 5100, ((s.TITLE, True),)
    ),
    "rows_window 0-100 by count desc": lambda q: q.rows_window(CLICK, 0, 100, ((s.COUNT, True),)),
    "facet_counts event_type": lambda q: q.facet_counts(CLICK, s.EVENT_TYPE),
    "facet_counts location": lambda q: q.facet_counts(CLICK, s.LOCATION),
    "text search count": lambda q: q.count(Filters(query="Paju")),
    "bounds of date": lambda q: q.bounds(CLICK),
}


def validated_events(n: int, chunk: int = CHUNK) -> pd.DataFrame:
    """n synthetic events through the loader, a chunk at a time (ids made unique per chunk)."""
    frames = []
    for number, first in enumerate(range(0, n, chunk)):
        raw = synthetic_events(min(chunk, n - first), seed=8 + number).astype(str)
        buffer = io.BytesIO()
        table = pa.Table.from_pandas(raw, preserve_index=False)
        pacsv.write_csv(table, buffer, pacsv.WriteOptions(quoting_style="needed"))
        del raw, table
        result = parse_events(buffer.getvalue(), f"synthetic-{number}.csv")
        if result.problems:
            raise SystemExit(f"synthetic events did not validate: {result.problems[0]}")
        events = result.events
        events[s.ID] = f"c{number}-" + events[s.ID]
        frames.append(events)
    events = pd.concat(frames, ignore_index=True)
    for column in (s.EVENT_TYPE, s.ACTOR):
        events[column] = events[column].astype(str).astype("category")
    return events.sort_values([s.DATE, s.ID], kind="stable").reset_index(drop=True)


def digest(answer) -> str:
    """A short digest of an answer, equal for equal answers of either backend."""
    if isinstance(answer, pd.DataFrame):
        text = answer.astype(str).to_csv(index=False)
    elif isinstance(answer, dict):
        text = json.dumps(sorted(answer.items()))
    else:
        text = repr(answer)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def memory_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))


def serve(backend: str, parquet: str, runs: int) -> dict:
    """In a fresh process: open the backend, run each operation, report times and memory."""
    from timeline.query import DuckQuery, PandasQuery, read_parquet_events

    started = time.perf_counter()
    query = PandasQuery(read_parquet_events(parquet)) if backend == "pandas" else DuckQuery(parquet)
    opened = time.perf_counter() - started
    report = {"backend": backend, "open_s": opened, "operations": {}}
    for name, operation in OPERATIONS.items():
        if backend == "pandas":
            query.forget()
        began = time.perf_counter()
        answer = operation(query)
        first = time.perf_counter() - began
        times = []
        for _ in range(runs):
            if backend == "pandas":
                query.forget()  # Each run a new question, as DuckDB has no answers kept either.
            began = time.perf_counter()
            operation(query)
            times.append(time.perf_counter() - began)
        report["operations"][name] = {
            "first_ms": first * 1000,
            "median_ms": statistics.median(times) * 1000,
            "answer": digest(answer),
        }
    report["rss_mb"], report["peak_mb"] = memory_mb()
    return report


def measure(backend: str, parquet: Path, runs: int) -> dict:
    """serve() in a subprocess; its JSON report."""
    command = [sys.executable, "-m", "bench.query_bench", "--serve", backend]
    command += ["--parquet", str(parquet), "--runs", str(runs)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {backend} backend failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(reports: list[dict]) -> str:
    """The results as a plain-text table: one row per operation, a column pair per backend."""
    head = f"{'operation':40}" + "".join(
        f"{r['backend'] + ' median':>16}{'first':>10}" for r in reports
    )
    lines = [head, "-" * len(head)]
    for name in OPERATIONS:
        cells = "".join(
            f"{r['operations'][name]['median_ms']:>13.1f} ms{r['operations'][name]['first_ms']:>7.0f} ms"
            for r in reports
        )
        lines.append(f"{name:40}{cells}")
    for label, key, unit in (("open", "open_s", "s"), ("resident memory", "rss_mb", "MB")):
        lines.append(f"{label:40}" + "".join(f"{r[key]:>13.1f} {unit:<2}{'':>10}" for r in reports))
    lines.append(
        f"{'peak memory':40}" + "".join(f"{r['peak_mb']:>13.1f} MB{'':>10}" for r in reports)
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=DEFAULT_N, help="synthetic events")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per operation")
    parser.add_argument("--keep", help="write the Parquet copy into this folder and keep it")
    parser.add_argument("--parquet", help="use this Parquet copy instead of generating events")
    parser.add_argument("--serve", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        print(json.dumps(serve(args.serve, args.parquet, args.runs)))
        return 0

    from timeline.query import write_parquet

    with tempfile.TemporaryDirectory(prefix="query-bench-") as scratch:
        if args.parquet:
            parquet = Path(args.parquet)
        else:
            began = time.perf_counter()
            events = validated_events(args.n)
            made = time.perf_counter() - began
            began = time.perf_counter()
            parquet = write_parquet(events, args.keep or scratch)
            written = time.perf_counter() - began
            began = time.perf_counter()
            write_parquet(events, args.keep or scratch)  # What each worker pays at start.
            found = time.perf_counter() - began
            size = parquet.stat().st_size / 1e6
            print(f"{len(events):,} events generated and validated in {made:.1f} s")
            print(
                f"Parquet copy written in {written:.1f} s ({size:.0f} MB), found in {found:.1f} s"
            )
            del events
        print(f"{parquet}: each backend in a fresh process, median of {args.runs} runs")
        reports = [measure(backend, parquet, args.runs) for backend in BACKENDS]
        print(table(reports))
    differ = [
        name for name in OPERATIONS if len({r["operations"][name]["answer"] for r in reports}) > 1
    ]
    if differ:
        print(f"FAIL: the backends' answers differ on: {', '.join(differ)}")
        return 1
    print("The backends' answers are equal on every operation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
