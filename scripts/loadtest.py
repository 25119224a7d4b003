"""A bounded load test on loopback: gunicorn with 4 workers, simulated users changing filters.

Starts `gunicorn -w 4 app:server` on a free 127.0.0.1 port, runs USERS threads for SECONDS,
each opening the page (/, /_dash-layout, /_dash-dependencies) and then changing filters with
the callback request Chromium sends (tests/data/filter_change_request.json, varied per request),
then stops the server and prints requests, errors, latency percentiles and memory.

    bash scripts/loadtest.sh            # 50 users, 60 s
    bash scripts/loadtest.sh 10 15      # 10 users, 15 s
"""

from __future__ import annotations

import copy
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUEST = ROOT / "tests" / "data" / "filter_change_request.json"
HOST = "127.0.0.1"
TYPES = [
    "balloon_launch",
    "leaflet_launch",
    "loudspeaker",
    "military_agreement",
    "defection",
    "border_incident",
    "weapons_test",
    "gps_jamming",
    "demolition",
    "drone_incident",
    "policy_statement",
    "diplomacy",
    "military_exercise",
    "troop_deployment",
]
WORDS = ["", "", "balloon", "leaflet", "missile", "loudspeaker", "border", "drone"]
RANGES = [("", ""), ("2024-05-28", "2024-12-31"), ("2023-01-01", ""), ("", "2022-12-31")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"{HOST}:{port}", "app:server"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/_dash-layout")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("gunicorn did not answer within 120 s")


def workers_memory_mib(server: subprocess.Popen) -> float:
    """Resident memory of the gunicorn master and its workers, in MiB."""
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def filter_change(template: dict, rng: random.Random) -> bytes:
    """The captured callback request with a different, realistic set of filters."""
    body = copy.deepcopy(template)
    start, end = rng.choice(RANGES)
    values = {
        "type-filter": rng.sample(TYPES, rng.randint(1, len(TYPES))),
        "date-from": start,
        "date-to": end,
        "search": rng.choice(WORDS),
    }
    for item in body["inputs"]:
        if item["id"] in values:
            item["value"] = values[item["id"]]
    changed = rng.choice(["type-filter.value", "search.value", "date-from.value"])
    body["changedPropIds"] = body["parsedChangedPropsIds"] = [changed]
    return json.dumps(body).encode()


class User(threading.Thread):
    """Opens the page, then changes the filters again and again until the time is up."""

    def __init__(self, port: int, until: float, template: dict, seed: int):
        super().__init__(daemon=True)
        self.port, self.until, self.template = port, until, template
        self.rng = random.Random(seed)
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def call(self, conn, method: str, path: str, body: bytes | None = None) -> None:
        headers = {"Content-Type": "application/json"} if body else {}
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                self.errors.append(f"{method} {path}: {response.status}")
        except (OSError, http.client.HTTPException) as exc:
            self.errors.append(f"{method} {path}: {exc!r}")
            conn.close()
        self.latencies.append(time.perf_counter() - started)

    def run(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while time.monotonic() < self.until:
            for path in ("/", "/_dash-layout", "/_dash-dependencies"):
                self.call(conn, "GET", path)
            for _ in range(self.rng.randint(3, 8)):
                if time.monotonic() >= self.until:
                    break
                body = filter_change(self.template, self.rng)
                self.call(conn, "POST", "/_dash-update-component", body)
                time.sleep(self.rng.uniform(0.2, 1.0))  # a person reading the chart
        conn.close()


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main(users: int = 50, seconds: float = 60) -> int:
    port = free_port()
    server = start_server(port)
    try:
        idle = workers_memory_mib(server)
        template = json.loads(REQUEST.read_text())
        until = time.monotonic() + seconds
        crowd = [User(port, until, template, seed) for seed in range(users)]
        started = time.monotonic()
        for user in crowd:
            user.start()
        peak = idle
        while any(u.is_alive() for u in crowd):
            peak = max(peak, workers_memory_mib(server))
            time.sleep(1)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    latencies = sorted(x for u in crowd for x in u.latencies)
    errors = [e for u in crowd for e in u.errors]
    ms = [1000 * percentile(latencies, q) for q in (0.5, 0.95, 0.99)]
    print(f"users {users}, duration {elapsed:.1f} s, gunicorn -w 4 on {HOST}:{port}")
    print(f"requests {len(latencies)} ({len(latencies) / elapsed:.1f}/s), errors {len(errors)}")
    print(
        f"latency p50 {ms[0]:.0f} ms, p95 {ms[1]:.0f} ms, p99 {ms[2]:.0f} ms, "
        f"max {1000 * latencies[-1]:.0f} ms, mean {1000 * statistics.mean(latencies):.0f} ms"
    )
    print(f"memory (master + 4 workers, RSS) idle {idle:.0f} MiB, peak {peak:.0f} MiB")
    for error in sorted(set(errors))[:10]:
        print("error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:3]]
    sys.exit(main(int(args[0]) if args else 50, args[1] if len(args) > 1 else 60))
