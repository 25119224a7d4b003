"""`gunicorn app:server` with several workers: every worker answers every user the same way."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.renderer import fetcher

from .conftest import DATA, ROOT, open_view

GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    if not GUNICORN.exists() and not shutil.which("gunicorn"):
        pytest.fail("gunicorn is not installed: pip install -e .")
    port = free_port()
    env = {
        **os.environ,
        "TIMELINE_DATA": str(DATA / "sample_events.csv"),
        "TIMELINE_CACHE": str(tmp_path_factory.mktemp("cache")),
    }
    proc = subprocess.Popen(
        [str(GUNICORN), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "app:server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/_dash-layout", timeout=5).read()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("gunicorn did not start within 60 s")
    yield url, proc
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def caption(url: str, search: str) -> str:
    """The caption a new visitor's page shows for a link, asked for as the renderer asks."""
    return open_view(fetcher(url), search).value("caption", "children")


def test_several_workers_run(gunicorn):
    _, proc = gunicorn
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    assert len(children) == WORKERS


def test_interleaved_users_each_get_their_own_view_from_any_worker(gunicorn):
    url, _ = gunicorn
    captions = {
        "?type=loudspeaker": "Loudspeaker broadcasts, 2024-06-09 to 2024-07-31 — 2 events",
        "?actor=activists&q=usb": 'All events by Activists matching "usb", 2024-06-06 — 1 event',
        "": "All events, 2024-05-10 to 2024-10-31 — 12 events",
    }
    for _ in range(3):  # new connections each time, so requests spread over the workers
        for search, expected in captions.items():
            assert caption(url, search) == expected
