"""Benchmark this app against a naive Dash app at 1k to 1M synthetic events, in one run.

    .venv/bin/python -m bench.run                   # every size; about 10-15 minutes on 2 cores
    .venv/bin/python -m bench.run --sizes 10000     # the shipped data and 10,000 events
    .venv/bin/python -m bench.run --sizes --no-naive --clicks 3   # a smoke run

For each size both apps run as separate server processes on loopback, and headless Chromium
measures what a person feels. Page load: bytes transferred and the time until the chart is drawn,
then the longest main-thread block. A click: unticking (then ticking again) one event type, timed
from the click event to the first and the last callback answer and to the chart settled, that is
showing the expected number of events (this app's caption, the naive app's point count) with no
callback request in flight for QUIET_S; with the requests per click, their bytes and the server's
CPU time. A click that does not change the chart as expected within CLICK_TIMEOUT_S fails; the
size is then reported as failed, not as a number, and the run exits 1. Also measured: cold start
(process start until the layout is served; this app reads its Parquet cache, built beforehand and
timed as "first parse") and the server's peak memory (VmHWM). The naive app is what Dash tutorials
show: px.scatter of every filtered row, re-sent on every change.
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
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import write_synthetic_csv
from timeline.layout import CAPTION, TIMELINE, TYPE_FILTER

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "events.csv"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
CHANGES = 7
BROWSER_TIMEOUT_S = 60
CHROMIUM = "/usr/bin/chromium"
DRAWN = """() => {
  const gd = document.querySelector('#TIMELINE .js-plotly-plot, #graph .js-plotly-plot');
  return !!(gd && gd.data && gd.data.length && gd._fullLayout && gd._fullLayout._plots &&
            gd.querySelector('.heatmaplayer image, .scatterlayer .trace, .gl-canvas'));
}""".replace("TIMELINE", TIMELINE)


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
    """WSGI wrapper: the CPU time spent in callback requests so far, served at /__cpu (in ms).

    On a busy machine the round trip includes waiting for a core; the threads' CPU time does not.
    """

    def __init__(self, app):
        self.app, self.total = app, 0.0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] == "/__cpu":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [f"{self.total:.3f}".encode()]
        begin = time.thread_time()
        body = b"".join(self.app(environ, start_response))
        if environ["PATH_INFO"] == "/_dash-update-component":
            with self.lock:
                self.total += (time.thread_time() - begin) * 1000
        return [body]


# --- measuring ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 600) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


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


# The longest task that held the page's main thread since navigation: while it runs, the page
# answers no click or key.
LONGEST_TASK = """() => new Promise(done => {
  const seen = [];
  new PerformanceObserver(list => seen.push(...list.getEntries()))
    .observe({type: 'longtask', buffered: true});
  setTimeout(() => done(Math.max(0, ...seen.map(e => e.duration))), 50);
})"""
SETTLE_S = 3


def draw_time(page, url: str) -> dict:
    """Seconds from navigation until the chart is drawn (None past BROWSER_TIMEOUT_S), and the
    longest main-thread block in the first SETTLE_S seconds after it."""
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


# Installed before the page's own scripts: counts the callback requests in flight (until their
# body is read) and their statuses, so that "settled" means no request is still out.
INSTRUMENT = """(() => {
  performance.setResourceTimingBufferSize(5000);
  const b = window.__bench = {inflight: 0, started: 0, bad: [], t0: null, matched: null};
  const original = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.includes('/_dash-update-component')) return original.apply(this, arguments);
    b.inflight++; b.started++;
    return original.apply(this, arguments).then(r => {
      if (!r.ok && r.status !== 204) b.bad.push(r.status);
      r.clone().arrayBuffer().finally(() => { b.inflight--; });
      return r;
    }, e => { b.inflight--; b.bad.push(String(e)); throw e; });
  };
})();"""

# What the chart shows, as a number: the event count in this app's caption ('… — 1,234 events')
# or the number of points the naive app's figure holds.
SHOWN = """([mode, selector]) => {
  if (mode === 'caption') {
    const text = (document.querySelector(selector) || {}).textContent || '';
    const tail = text.split('\u2014').pop();
    const digits = tail.replace(/[^0-9]/g, '');
    return text.includes('\u2014') && digits ? Number(digits) : null;
  }
  const gd = document.querySelector(selector + ' .js-plotly-plot');
  if (!gd || !gd._fullData) return null;
  return gd._fullData.reduce((n, t) => n + (t._length ?? (t.x ? t.x.length : 0)), 0);
}"""

# Arms one click: from the click event on, every animation frame checks whether the chart shows
# the expected number with no callback request in flight; `matched` is the first such frame.
ARM = """([mode, selector, expected]) => {
  const shown = SHOWN;
  const b = window.__bench;
  performance.clearResourceTimings();
  Object.assign(b, {t0: null, started: 0, bad: [], matched: null, shown: null, done: false});
  document.addEventListener('click', () => { if (b.t0 === null) b.t0 = performance.now(); },
                            {capture: true, once: true});
  const frame = () => {
    b.shown = shown([mode, selector]);
    const ok = b.t0 !== null && b.shown === expected && b.inflight === 0;
    if (!ok) b.matched = null;
    else if (b.matched === null) b.matched = performance.now();
    if (!b.done) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}""".replace("SHOWN", SHOWN)

STATUS = """() => ({...window.__bench, now: performance.now()})"""

# The click's callback answers, in the page's clock, from resource timing.
ANSWERS = """() => {
  const b = window.__bench;
  b.done = true;
  const answers = performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/_dash-update-component') && e.startTime >= b.t0);
  const ends = answers.map(e => e.responseEnd - b.t0);
  return {
    requests: b.started,
    first_ms: ends.length ? Math.min(...ends) : null,
    last_ms: ends.length ? Math.max(...ends) : null,
    settled_ms: b.matched - b.t0,
    wire_kb: answers.reduce((n, e) => n + e.encodedBodySize, 0) / 1024,
    raw_kb: answers.reduce((n, e) => n + e.decodedBodySize, 0) / 1024,
    bad: b.bad,
  };
}"""

PAGE_BYTES = """() => [...performance.getEntriesByType('navigation'),
                      ...performance.getEntriesByType('resource')]
  .reduce((n, e) => n + e.transferSize, 0)"""

# The JavaScript the page loaded, decoded (what the browser parses), up to the chart drawn.
SCRIPT_BYTES = """() => performance.getEntriesByType('resource')
  .filter(e => e.initiatorType === 'script' || e.name.split('?')[0].endsWith('.js'))
  .reduce((n, e) => n + e.decodedBodySize, 0)"""

QUIET_S = 0.3
CLICK_TIMEOUT_S = 60


@dataclass(frozen=True)
class Chart:
    """How a benchmark reads one app's chart and clicks its event-type filter."""

    mode: str  # "caption" or "points"
    shows: str  # CSS selector of the caption or the graph
    filter: str  # CSS selector of the event-type checklist

    def option(self, value: str) -> str:
        return f'{self.filter} label:has(input[value="{value}"])'


CHARTS = {
    "ours": Chart("caption", f"#{CAPTION}", f"#{TYPE_FILTER}"),
    "naive": Chart("points", "#graph", "#type"),
}


def wait_quiet(page, limit_s: float = CLICK_TIMEOUT_S) -> bool:
    """Wait until no callback request has been in flight for QUIET_S; False past the limit."""
    begin = quiet_since = time.perf_counter()
    while time.perf_counter() - begin < limit_s:
        if page.evaluate("() => window.__bench.inflight") > 0:
            quiet_since = time.perf_counter()
        elif time.perf_counter() - quiet_since >= QUIET_S:
            return True
        time.sleep(0.05)
    return False


def click(page, chart: Chart, value: str, expected: int, cpu) -> dict:
    """Click one event type's box; the click counts only once the chart shows `expected` and no
    request has been in flight for QUIET_S. Returns the timings, or the reason it failed."""
    if not wait_quiet(page):
        return {"failed": f"requests still in flight {CLICK_TIMEOUT_S} s before the click"}
    cpu_before = cpu()
    page.evaluate(ARM, [chart.mode, chart.shows, expected])
    page.click(chart.option(value), timeout=CLICK_TIMEOUT_S * 1000)
    begin = time.perf_counter()
    while True:
        status = page.evaluate(STATUS)
        if status["matched"] is not None and status["now"] - status["matched"] >= QUIET_S * 1000:
            break
        if time.perf_counter() - begin > CLICK_TIMEOUT_S:
            page.evaluate("() => { window.__bench.done = true; }")
            return {
                "failed": f"clicking {value}: after {CLICK_TIMEOUT_S} s the chart showed "
                f"{status['shown']}, expected {expected}, {status['inflight']} requests in flight"
            }
        time.sleep(0.05)
    answers = page.evaluate(ANSWERS)
    if answers["bad"]:
        return {"failed": f"clicking {value}: answers {answers['bad']}"}
    return {**answers, "cpu_ms": cpu() - cpu_before}


def measure_page(browser, server: Server, chart: Chart, counts: dict[str, int], clicks: int):
    """Page load (bytes, time to a drawn chart, longest freeze), then `clicks` measured clicks
    after one warm-up: each unticks an event type, the next ticks it again."""
    total = sum(counts.values())
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script(INSTRUMENT)
    row: dict = {"clicks": [], "failures": [], "console_errors": []}
    page.on("console", lambda m: row["console_errors"].append(m.text) if m.type == "error" else 0)
    page.on("pageerror", lambda e: row["console_errors"].append(str(e)))
    try:
        row.update(draw_time(page, server.url))
        if row["draw_s"] is None:
            row["failures"].append(f"the chart was not drawn within {BROWSER_TIMEOUT_S} s")
            return row
        row["load_kb"] = page.evaluate(PAGE_BYTES) / 1024
        row["js_kb"] = page.evaluate(SCRIPT_BYTES) / 1024
        row["load_requests"] = page.evaluate("() => window.__bench.started")
        wait_quiet(page)
        shown = page.evaluate(SHOWN, [chart.mode, chart.shows])
        if shown != total:
            row["failures"].append(f"before any click the chart showed {shown}, expected {total}")
            return row
        types = sorted(counts)
        cpu = lambda: float(get(server.url + "/__cpu"))  # noqa: E731
        for i in range(clicks + 1):
            kind = types[(i // 2) % len(types)]
            expected = total - counts[kind] if i % 2 == 0 else total
            result = click(page, chart, kind, expected, cpu)
            if "failed" in result:
                row["failures"].append(result["failed"])
                break  # bounded: one timeout per app and size, not one per click
            if i:
                row["clicks"].append(result)
    except Exception as exc:  # noqa: BLE001 - a crashed tab or a missing box is a failure too
        row["failures"].append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        page.close()
    return row


def summarise(row: dict, clicks: int) -> dict:
    """Medians over the clicks; a click that failed makes the click rows 'failed', not numbers."""
    done = row.pop("clicks")
    out = dict(row)
    if row["failures"] or len(done) < clicks:
        failed = f"failed ({clicks - len(done)} of {clicks})"
        return {**out, **{key: failed for key in CLICK_KEYS}}
    for key in CLICK_KEYS:
        values = [c[key] for c in done]
        out[key] = None if any(v is None for v in values) else statistics.median(values)
    return out


CLICK_KEYS = ("requests", "first_ms", "last_ms", "settled_ms", "cpu_ms", "wire_kb", "raw_kb")


def type_counts(path: Path) -> dict[str, int]:
    """Events per event type in a CSV: what the chart must show after each click."""
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(
        path, convert_options=pacsv.ConvertOptions(include_columns=["event_type"])
    )
    counts = table["event_type"].value_counts().to_pylist()
    return {c["values"]: c["counts"] for c in counts}


def run_size(label: str, path: Path, work: Path, browser, kinds, clicks: int) -> list[dict]:
    """Both apps (or `kinds`) on one events file: cold start, memory, page load and clicks."""
    counts = type_counts(path)
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
    for kind in kinds:
        server = Server(kind, path, cache)
        row = {"size": label, "app": kind, "cold_s": server.start(), "failures": []}
        try:
            if browser:
                measured = measure_page(browser, server, CHARTS[kind], counts, clicks)
                row.update(summarise(measured, clicks))
            else:
                row.update({key: "not measured" for key in CLICK_KEYS + PAGE_KEYS})
            row["peak_mb"] = server.peak_memory_mb()
        finally:
            server.stop()
        row["first_parse_s"] = first_parse if kind == "ours" else None
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


PAGE_KEYS = ("draw_s", "block_ms", "load_kb", "js_kb", "load_requests")
MEASURES = [
    ("requests per click", "requests", ""),
    ("click → first answer", "first_ms", "ms"),
    ("click → last answer", "last_ms", "ms"),
    ("click → chart settled", "settled_ms", "ms"),
    ("server CPU per click", "cpu_ms", "ms"),
    ("answers per click (gzip)", "wire_kb", "KB"),
    ("answers per click (raw)", "raw_kb", "KB"),
    ("page load, transferred", "load_kb", "KB"),
    ("JavaScript on first load (decoded)", "js_kb", "KB"),
    ("page load, callback requests", "load_requests", ""),
    ("chart drawn", "draw_s", "s"),
    (f"longest page freeze, load + {SETTLE_S} s", "block_ms", "ms"),
    ("cold start", "cold_s", "s"),
    ("peak memory (the one server process)", "peak_mb", "MB"),
]


def table(rows: list[dict]) -> str:
    """Markdown: this app, the naive app and naive/ours per measure, one line per size."""

    def fmt(v, unit):
        if isinstance(v, str):
            return v
        if v is None:
            return f"> {BROWSER_TIMEOUT_S} s (timeout)" if unit == "s" else "–"
        if not unit:
            return f"{v:g}"
        return (
            f"{v:,.0f} {unit}" if v >= 100 else f"{v:,.2f} {unit}" if v < 10 else f"{v:,.1f} {unit}"
        )

    def ratio(n, o):
        if isinstance(n, str) or isinstance(o, str):
            return "–"
        if n is None or o is None:
            return "–" if o is None else f"> {BROWSER_TIMEOUT_S / o:,.0f}×"
        return f"{n / o:,.1f}×" if o else "–"

    out = ["| events | measure | this app | naive app | naive ÷ this |", "|---|---|---|---|---|"]
    by = {(r["size"], r["app"]): r for r in rows}
    for size in dict.fromkeys(r["size"] for r in rows):
        ours, naive = by[(size, "ours")], by.get((size, "naive"), {})
        for name, key, unit in MEASURES:
            o, n = ours.get(key), naive.get(key, "not run") if naive else "not run"
            out.append(f"| {size} | {name} | {fmt(o, unit)} | {fmt(n, unit)} | {ratio(n, o)} |")
        out.append(
            f"| {size} | first parse (builds the cache) | {fmt(ours['first_parse_s'], 's')} | – | – |"
        )
    return "\n".join(out)


def measure(args, browser) -> list[dict]:
    """Every size of `args`, the shipped data first."""
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "cache", ignore_errors=True)  # so "first parse" really parses
    inputs = [(f"{sum(type_counts(SHIPPED).values()):,} (shipped)", SHIPPED)]
    for n in args.sizes:
        path = work / f"events-{n}.csv"
        if not path.exists():
            write_synthetic_csv(path, n)
        inputs.append((f"{n:,}", path))
    kinds = ("ours",) if args.no_naive else ("ours", "naive")
    rows = []
    for label, path in inputs:
        rows.extend(run_size(label, path, work, browser, kinds, args.clicks))
    return rows


def parse(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--work", default="/tmp/timeline-bench", help="data and cache folder")
    parser.add_argument("--clicks", type=int, default=CHANGES, help="measured clicks per app")
    parser.add_argument("--no-naive", action="store_true", help="measure this app only")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--serve", nargs=4, metavar=("KIND", "PATH", "PORT", "CACHE"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, browser=None) -> int:
    """Print the table; exit 1 when anything could not be measured (a click that did not change
    the chart as expected, a chart never drawn), listing why."""
    args = parse(argv)
    if args.serve:
        kind, path, port, cache = args.serve
        serve(kind, path, int(port), cache)
        return 0
    began = time.perf_counter()
    if browser or args.no_browser:
        rows = measure(args, browser)
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                rows = measure(args, chromium)
            finally:
                chromium.close()
    print(table(rows))
    load = os.getloadavg()[0]
    print(
        f"\n{os.cpu_count()} cores, load average {load:.1f}; run took {time.perf_counter() - began:.0f} s"
    )
    failures = [f"{r['size']}, {r['app']}: {f}" for r in rows for f in r["failures"]]
    for failure in failures:
        print("failed:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
