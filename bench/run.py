"""Benchmark this app against a naive Dash app at 1k to 1M synthetic events, in one run.

    .venv/bin/python -m bench.run                 # every size; about 6-10 minutes on 2 cores
    .venv/bin/python -m bench.run --sizes 1000 10000 --no-browser

For each size both apps run as separate server processes on loopback. Measured per app: cold
start (process start until the page's layout is served; this app reads its Parquet cache, built
beforehand and timed as "first parse"), the round trip of the filter-change callback (untick one
event type; median of 7 different changes), its response bytes on the wire (gzip accepted) and
uncompressed, the server's peak memory (VmHWM), and the time from navigation until the chart is
drawn in headless Chromium. The naive app is what Dash tutorials show: px.scatter of every
filtered row, re-sent on every change.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.synthetic import write_synthetic_csv

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "events.csv"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
CHANGES = 7
BROWSER_TIMEOUT_S = 60
DRAWN = """() => {
  const gd = document.querySelector('#timeline .js-plotly-plot, #graph .js-plotly-plot');
  return !!(gd && gd.data && gd.data.length && gd._fullLayout && gd._fullLayout._plots &&
            gd.querySelector('.heatmaplayer image, .scatterlayer .trace, .gl-canvas'));
}"""


# --- the naive baseline ---------------------------------------------------------------------


def naive_app(path: str):
    """The naive Dash app: pandas.read_csv, px.scatter of every filtered row on each change."""
    import pandas as pd
    import plotly.express as px
    from dash import Dash, Input, Output, dcc, html

    df = pd.read_csv(path, parse_dates=["date"], keep_default_na=False)
    types = sorted(df["event_type"].unique())
    actors = sorted(df["actor"].unique())
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div(
        [
            dcc.Checklist(id="type", options=types, value=types),
            dcc.Checklist(id="actor", options=actors, value=actors),
            dcc.Input(id="from"),
            dcc.Input(id="to"),
            dcc.Input(id="q"),
            dcc.Graph(id="graph"),
        ]
    )

    @app.callback(
        Output("graph", "figure"),
        Input("type", "value"),
        Input("actor", "value"),
        Input("from", "value"),
        Input("to", "value"),
        Input("q", "value"),
    )
    def update(chosen_types, chosen_actors, start, end, q):
        d = df[df["event_type"].isin(chosen_types) & df["actor"].isin(chosen_actors)]
        if start:
            d = d[d["date"] >= start]
        if end:
            d = d[d["date"] <= end]
        if q:
            d = d[d["title"].str.contains(q, case=False, regex=False)]
        return px.scatter(d, x="date", y="event_type", color="event_type", hover_name="title")

    return app


def serve(kind: str, path: str, port: int, cache: str) -> None:
    """Run one app (this process is a server started by the benchmark)."""
    from werkzeug.serving import make_server

    if kind == "naive":
        app = naive_app(path)
    else:
        from timeline.factory import create_app

        app = create_app(events_path=path, cache_dir=cache)
    make_server("127.0.0.1", port, CpuTimed(app.server), threaded=True).serve_forever()


class CpuTimed:
    """WSGI wrapper: the CPU time of the last callback request, served at /__cpu (in ms).

    On a busy machine the round trip includes waiting for a core; the thread's CPU time does not.
    """

    def __init__(self, app):
        self.app, self.last = app, 0.0

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] == "/__cpu":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [f"{self.last:.3f}".encode()]
        begin = time.thread_time()
        body = b"".join(self.app(environ, start_response))
        if environ["PATH_INFO"] == "/_dash-update-component":
            self.last = (time.thread_time() - begin) * 1000
        return [body]


# --- measuring ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 600) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


def post(url: str, body: dict, gzip: bool) -> tuple[float, int, bool]:
    """Round trip in seconds, the body's length in bytes as sent, and whether it was compressed."""
    headers = {"Content-Type": "application/json"}
    if gzip:
        headers["Accept-Encoding"] = "gzip"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers)
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as r:
        data = r.read()
        compressed = bool(r.headers.get("Content-Encoding"))
    return time.perf_counter() - start, len(data), compressed


class Server:
    """One app in its own process; start() returns the cold-start time."""

    def __init__(self, kind: str, path: Path, cache: Path):
        self.kind, self.path, self.cache = kind, path, cache
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        begin = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.run", "--serve", self.kind, str(self.path)]
            + [str(self.port), str(self.cache)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:
            try:
                get(self.url + "/_dash-layout", timeout=5)
                return time.perf_counter() - begin
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.kind} server exited") from None
                time.sleep(0.05)

    def peak_memory_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def filter_change(url: str, changed: str, values: dict) -> dict:
    """The request the browser sends when `changed` takes a new value, built from the app's own
    callback map so that it is exactly what Dash expects."""
    deps = json.loads(get(url + "/_dash-dependencies"))
    spec = next(
        d for d in deps if any(f"{i['id']}.{i['property']}" == changed for i in d["inputs"])
    )
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]}
        for part in spec["output"].strip(".").split("...")
    ]
    key = lambda i: f"{i['id']}.{i['property']}"  # noqa: E731
    return {
        "output": spec["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{**i, "value": values.get(key(i))} for i in spec["inputs"]],
        "state": [{**i, "value": values.get(key(i))} for i in spec.get("state", [])],
        "changedPropIds": [changed],
    }


def measure_callbacks(server: Server, types: list[str], actors: list[str]) -> dict:
    """Median round trip and bytes of CHANGES filter changes, each unticking a different type."""
    kind = server.kind
    changed = "type.value" if kind == "naive" else "type-filter.value"
    base = (
        {"actor.value": actors}
        if kind == "naive"
        else {"url.search": "", "actor-filter.value": actors, "dataset.data": None}
    )
    url = server.url + "/_dash-update-component"
    times, cpu, wire, raw = [], [], [], []
    for i in range(CHANGES + 1):
        chosen = [t for t in types if t != types[i % len(types)]]
        body = filter_change(server.url, changed, {**base, changed: chosen})
        took, size, compressed = post(url, body, gzip=True)
        if i == 0:
            continue  # warm-up
        times.append(took)
        cpu.append(float(get(server.url + "/__cpu")))
        wire.append(size)
        raw.append(post(url, body, gzip=False)[1] if compressed else size)
    return {
        "callback_ms": statistics.median(times) * 1000,
        "cpu_ms": statistics.median(cpu),
        "wire_kb": statistics.median(wire) / 1024,
        "raw_kb": statistics.median(raw) / 1024,
    }


# The longest task that held the page's main thread since navigation: while it runs, the page
# answers no click or key.
LONGEST_TASK = """() => new Promise(done => {
  const seen = [];
  new PerformanceObserver(list => seen.push(...list.getEntries()))
    .observe({type: 'longtask', buffered: true});
  setTimeout(() => done(Math.max(0, ...seen.map(e => e.duration))), 50);
})"""
SETTLE_S = 3


def draw_time(browser, url: str) -> dict:
    """Seconds from navigation until the chart is drawn (None past BROWSER_TIMEOUT_S), and the
    longest main-thread block in the first SETTLE_S seconds after it."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        begin = time.perf_counter()
        page.goto(url, timeout=BROWSER_TIMEOUT_S * 1000)
        # Polled with evaluate: wait_for_function needs eval, which the app's CSP refuses.
        while not page.evaluate(DRAWN):
            if time.perf_counter() - begin > BROWSER_TIMEOUT_S:
                return {"draw_s": None, "block_ms": None}
            time.sleep(0.05)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
        drawn = time.perf_counter() - begin
        page.wait_for_timeout(SETTLE_S * 1000)
        return {"draw_s": drawn, "block_ms": page.evaluate(LONGEST_TASK)}
    except Exception:  # noqa: BLE001 - a timeout or a crashed tab both mean "not drawn"
        return {"draw_s": None, "block_ms": None}
    finally:
        page.close()


def vocabularies(path: Path) -> tuple[list[str], list[str]]:
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(
        path, convert_options=pacsv.ConvertOptions(include_columns=["event_type", "actor"])
    )
    return sorted(set(table["event_type"].to_pylist())), sorted(set(table["actor"].to_pylist()))


def run_size(label: str, path: Path, work: Path, browser) -> list[dict]:
    types, actors = vocabularies(path)
    cache = work / "cache"
    begin = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from timeline.cache import read_events_cached as r; "
            "r(sys.argv[1], sys.argv[2])",
            str(path),
            str(cache),
        ],
        cwd=ROOT,
        check=True,
    )
    first_parse = time.perf_counter() - begin
    rows = []
    for kind in ("ours", "naive"):
        server = Server(kind, path, cache)
        row = {"size": label, "app": kind, "cold_s": server.start()}
        try:
            row.update(measure_callbacks(server, types, actors))
            if browser:
                row.update(draw_time(browser, server.url))
            else:
                row["draw_s"] = row["block_ms"] = "not measured"
            row["peak_mb"] = server.peak_memory_mb()
        finally:
            server.stop()
        row["first_parse_s"] = first_parse if kind == "ours" else None
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    """Markdown: this app, the naive app and naive/ours per measure, one line per size."""

    def fmt(v, unit):
        if isinstance(v, str):
            return v
        if v is None:
            return f"> {BROWSER_TIMEOUT_S} s (timeout)" if unit == "s" else "–"
        return (
            f"{v:,.0f} {unit}" if v >= 100 else f"{v:,.2f} {unit}" if v < 10 else f"{v:,.1f} {unit}"
        )

    def ratio(n, o):
        if isinstance(n, str) or isinstance(o, str):
            return "–"
        if n is None or o is None:
            return "–" if o is None else f"> {BROWSER_TIMEOUT_S / o:,.0f}×"
        return f"{n / o:,.1f}×" if o else "–"

    measures = [
        ("filter change, round trip", "callback_ms", "ms"),
        ("filter change, server CPU", "cpu_ms", "ms"),
        ("response (gzip)", "wire_kb", "KB"),
        ("response (raw)", "raw_kb", "KB"),
        ("cold start", "cold_s", "s"),
        ("peak memory", "peak_mb", "MB"),
        ("chart drawn", "draw_s", "s"),
        (f"longest page freeze, load + {SETTLE_S} s", "block_ms", "ms"),
    ]
    out = ["| events | measure | this app | naive app | naive ÷ this |", "|---|---|---|---|---|"]
    by = {(r["size"], r["app"]): r for r in rows}
    for size in dict.fromkeys(r["size"] for r in rows):
        ours, naive = by[(size, "ours")], by[(size, "naive")]
        for name, key, unit in measures:
            o, n = ours.get(key), naive.get(key)
            out.append(f"| {size} | {name} | {fmt(o, unit)} | {fmt(n, unit)} | {ratio(n, o)} |")
        out.append(
            f"| {size} | first parse (builds the cache) | {fmt(ours['first_parse_s'], 's')} | – | – |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--work", default="/tmp/timeline-bench", help="data and cache folder")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--serve", nargs=4, metavar=("KIND", "PATH", "PORT", "CACHE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.serve:
        kind, path, port, cache = args.serve
        serve(kind, path, int(port), cache)
        return 0
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "cache", ignore_errors=True)  # so "first parse" really parses
    began = time.perf_counter()
    inputs = [("264 (shipped)", SHIPPED)]
    for n in args.sizes:
        path = work / f"events-{n}.csv"
        if not path.exists():
            write_synthetic_csv(path, n)
        inputs.append((f"{n:,}", path))
    rows = []
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = None
        if not args.no_browser:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for label, path in inputs:
            rows.extend(run_size(label, path, work, browser))
        if browser:
            browser.close()
    print(table(rows))
    load = os.getloadavg()[0]
    print(
        f"\n{os.cpu_count()} cores, load average {load:.1f}; run took {time.perf_counter() - began:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
