"""Real headless Chromium against the app served on a loopback port."""

import shutil
import threading
import time

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from timeline.factory import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
POINTS = "#timeline .scatterlayer .trace .points path.point"


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which("chromium") and not shutil.which(CHROMIUM):
        pytest.fail(
            "Chromium is not installed: run 'apt-get install -y chromium' "
            "(scripts/test.sh does this)."
        )
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Served:
    """An app running in a background thread on a free loopback port."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture(scope="session")
def serve():
    """serve(path) -> base URL of an app over that events file; one server per file."""
    running: dict[str, Served] = {}

    def start(path) -> str:
        key = str(path)
        if key not in running:
            running[key] = Served(create_app(events_path=path))
        return running[key].url

    yield start
    for served in running.values():
        served.stop()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if the browser console logged an error."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(45000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


def wait_for_points(page, n: int) -> None:
    """Wait until the timeline shows exactly n event markers."""
    # A locator assertion, not wait_for_function: polling a string predicate needs eval, which
    # the app's Content-Security-Policy forbids.
    expect(page.locator(POINTS)).to_have_count(n, timeout=30000)


def point_count(page) -> int:
    return page.locator(POINTS).count()


def wait_until(page, expression: str, arg=None, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression until it is truthy; the app's CSP forbids the eval that
    page.wait_for_function relies on."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for: {expression}")
        page.wait_for_timeout(100)
