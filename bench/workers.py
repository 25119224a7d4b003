"""Memory per gunicorn worker serving a large events file.

    .venv/bin/python -m bench.workers /tmp/timeline-bench/events-1000000.csv -w 4

Starts `gunicorn -w N app:server` on the file (its cache built first), sends a few filter changes
so every worker has answered, then prints each worker's resident (RSS) and proportional (PSS)
memory: PSS splits pages shared between processes, such as the memory-mapped event columns.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.renderer import change_types, fetcher, open_page, type_choices
from bench.run import ROOT, free_port, get
from timeline.cache import read_events_cached


def memory_mb(pid: int) -> tuple[float, float]:
    """RSS and PSS of a process in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if parts[0] in ("Rss:", "Pss:"):
            values[parts[0]] = int(parts[1]) / 1024
    return values["Rss:"], values["Pss:"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("-w", "--workers", type=int, default=4)
    parser.add_argument("--cache", default="/tmp/timeline-bench/cache")
    args = parser.parse_args()
    read_events_cached(args.path, args.cache)
    port = free_port()
    env = {**os.environ, "TIMELINE_DATA": args.path, "TIMELINE_CACHE": args.cache}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "app:server"]
    begin = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                get(url + "/_dash-layout", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - begin
        fetch = fetcher(url)
        page = open_page(fetch)
        types = type_choices(page)
        for i in range(4 * args.workers):
            change_types(page, fetch, [t for t in types if t != types[i % len(types)]])
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        print(f"gunicorn -w {args.workers}: first answer after {ready:.1f} s")
        print("| worker | RSS | PSS |\n|---|---|---|")
        for n, pid in enumerate(children, 1):
            rss, pss = memory_mb(int(pid))
            print(f"| {n} | {rss:,.0f} MB | {pss:,.0f} MB |")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
