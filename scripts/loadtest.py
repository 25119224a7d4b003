"""A bounded load test on loopback: gunicorn with 4 workers, simulated users changing filters.

Starts `gunicorn -w 4 app:server` on a free 127.0.0.1 port and runs USERS threads for SECONDS
(a user still short of MIN_CHANGES filter changes goes on until it has made them, for at most
JOIN_GRACE_S more). Each user opens the page as the Dash renderer does (/, /_dash-layout,
/_dash-dependencies, then the callbacks that fire on load) and then, again and again, ticks a
different set of event types: the requests are built from the app's own layout and callback map
(bench/renderer.py), with every callback the change fires, wave after wave, as the browser sends
them.

It fails loudly. The exit status is 1 when any request failed (a status other than 200 or 204, an
answer naming outputs it was not asked for, a page load or change whose answers did not redraw
the chart and its caption), when any user thread raised, when the run ended before its duration,
or when a user made fewer than MIN_CHANGES filter changes.

    bash scripts/loadtest.sh            # 50 users, 60 s
    bash scripts/loadtest.sh 10 15      # 10 users, 15 s
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.renderer import Page, change_types, open_page, type_choices  # noqa: E402

HOST = "127.0.0.1"
MIN_CHANGES = 3
JOIN_GRACE_S = 60
START_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Gunicorn:
    """`gunicorn -w N app:server` on a free loopback port, its log in a temporary file."""

    def __init__(self, workers: int = 4):
        self.workers, self.port = workers, free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="loadtest-gunicorn-", suffix=".log")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"{HOST}:{self.port}"]
            + ["app:server"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}:\n{self.tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/_dash-layout")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within {START_TIMEOUT_S} s")

    def tail(self, lines: int = 20) -> str:
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def memory_mib(self) -> float:
        """Resident memory of the gunicorn master and its workers, in MiB."""
        pid = self.process.pid
        pids = [pid]
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        total = 0
        for p in pids:
            try:
                for line in Path(f"/proc/{p}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except FileNotFoundError:
                pass  # a worker that was just restarted
        return total / 1024

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


@dataclass(eq=False)
class User(threading.Thread):
    """Opens the page, then changes the event types again and again until the time is up."""

    port: int
    until: float
    seed: int
    think: tuple[float, float] = (0.2, 1.0)
    page_loads: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)
    requests_per_change: list[int] = field(default_factory=list)
    requests: int = 0
    errors: list[str] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(daemon=True, name=f"user-{self.seed}")
        self.rng = random.Random(self.seed)

    def busy(self) -> bool:
        """Until the time is up, and past it (within JOIN_GRACE_S) until MIN_CHANGES are made."""
        now = time.monotonic()
        if now >= self.until + JOIN_GRACE_S:
            return False
        return now < self.until or len(self.changes) < MIN_CHANGES

    def run(self) -> None:
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            while self.busy():
                page = self.open_page()
                for _ in range(self.rng.randint(3, 8)):
                    if not self.busy():
                        break
                    self.change_types(page)
                    pause = self.rng.uniform(*self.think)  # a person reading the chart
                    time.sleep(max(0.0, min(pause, self.until - time.monotonic())))
        except Exception as exc:  # noqa: BLE001 - every failure is counted, with its message
            self.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")
        finally:
            self.conn.close()

    def fetch(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"} if body else {}
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnects on the next request
            raise
        self.requests += 1
        return response.status, data

    def open_page(self) -> Page:
        started = time.perf_counter()
        page = open_page(self.fetch)
        self.page_loads.append(time.perf_counter() - started)
        return page

    def change_types(self, page: Page) -> None:
        choices = type_choices(page)
        chosen = self.rng.sample(choices, self.rng.randint(1, len(choices)))
        started = time.perf_counter()
        self.requests_per_change.append(change_types(page, self.fetch, chosen))
        self.changes.append(time.perf_counter() - started)


def percentiles(values: list[float]) -> str:
    """p50, p95, p99 and max in milliseconds."""
    if not values:
        return "none"
    ordered = sorted(values)

    def at(q):
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return (
        f"p50 {at(0.5):.0f} ms, p95 {at(0.95):.0f} ms, p99 {at(0.99):.0f} ms, "
        f"max {1000 * ordered[-1]:.0f} ms"
    )


@dataclass
class Report:
    users: list[User]
    seconds: float
    elapsed: float
    workers: int
    memory: tuple[float, float]
    stuck: list[str]

    @property
    def errors(self) -> list[str]:
        return [e for u in self.users for e in u.errors] + self.stuck

    def failures(self) -> list[str]:
        """Why the run does not count, if it does not."""
        reasons = []
        if self.errors:
            reasons.append(f"{len(self.errors)} errors")
        if self.elapsed < self.seconds:
            reasons.append(f"the run ended after {self.elapsed:.1f} s of {self.seconds:g} s")
        few = [u for u in self.users if len(u.changes) < MIN_CHANGES]
        if few:
            fewest = min(len(u.changes) for u in few)
            reasons.append(
                f"{len(few)} of {len(self.users)} users made fewer than {MIN_CHANGES} filter "
                f"changes (fewest: {fewest})"
            )
        return reasons

    def text(self, port: int) -> str:
        loads = [x for u in self.users for x in u.page_loads]
        changes = [x for u in self.users for x in u.changes]
        per_change = sorted(n for u in self.users for n in u.requests_per_change)
        requests = sum(u.requests for u in self.users)
        span = max(self.elapsed, 1e-9)
        lines = [
            f"users {len(self.users)}, duration {self.elapsed:.1f} s of {self.seconds:g} s, "
            f"gunicorn -w {self.workers} on {HOST}:{port}",
            f"page loads {len(loads)} ({len(loads) / span:.1f}/s): {percentiles(loads)}",
            f"filter changes {len(changes)} ({len(changes) / span:.1f}/s): {percentiles(changes)}",
            f"requests per filter change: {per_change[len(per_change) // 2] if per_change else 0}"
            f" (median), fewest changes by one user: {min(len(u.changes) for u in self.users)}",
            f"requests {requests} ({requests / span:.1f}/s), errors {len(self.errors)}",
            f"memory (master + {self.workers} workers, RSS) idle {self.memory[0]:.0f} MiB, "
            f"peak {self.memory[1]:.0f} MiB",
        ]
        lines += [f"error: {e}" for e in sorted(set(self.errors))[:10]]
        failures = self.failures()
        lines.append(f"FAILED: {'; '.join(failures)}" if failures else "OK")
        return "\n".join(lines)


def run(server: Gunicorn, users: int, seconds: float, think=(0.2, 1.0)) -> Report:
    """USERS simulated users against a running server for SECONDS; bounded in time."""
    idle = peak = server.memory_mib()
    started = time.monotonic()
    until = started + seconds
    crowd = [User(server.port, until, seed, think) for seed in range(users)]
    for user in crowd:
        user.start()
    while any(u.is_alive() for u in crowd) and time.monotonic() < until + JOIN_GRACE_S:
        peak = max(peak, server.memory_mib())
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    stuck = [f"{u.name}: still busy {JOIN_GRACE_S} s after the end" for u in crowd if u.is_alive()]
    return Report(crowd, seconds, elapsed, server.workers, (idle, peak), stuck)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("users", nargs="?", type=int, default=50)
    parser.add_argument("seconds", nargs="?", type=float, default=60)
    parser.add_argument("-w", "--workers", type=int, default=4)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.2, 1.0),
        metavar=("MIN", "MAX"),
        help="seconds a user pauses between filter changes (default 0.2 1.0)",
    )
    args = parser.parse_args(argv)
    server = Gunicorn(args.workers)
    try:
        report = run(server, args.users, args.seconds, tuple(args.think))
    finally:
        log = server.tail()
        server.stop()
    print(report.text(server.port))
    if report.failures():
        print(f"gunicorn's log ends with:\n{log}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
