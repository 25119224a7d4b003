"""Static images (PNG, SVG, PDF) from one long-lived headless Chromium, with the app's fonts."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path
from xml.sax.saxutils import escape

import kaleido
import plotly.graph_objects as go

from timeline.config import ASSETS

IMAGE_FORMATS = ("png", "svg", "pdf")
FONT_DIR = ASSETS / "fonts"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "Install Chromium (Debian/Ubuntu: 'sudo apt-get install chromium') "
    "or give its path with --browser PATH."
)
FONTCONFIG = "FONTCONFIG_FILE"
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0


class BrowserError(RuntimeError):
    """No usable browser to render static images; the message says how to install one."""


def find_browser(path: str | Path | None = None) -> str:
    """The Chromium executable to use: the given path, else the first one on PATH."""
    if path:
        if Path(path).is_file() and os.access(path, os.X_OK):
            return str(path)
        raise BrowserError(f"No browser at '{path}'. {INSTALL_HINT}")
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserError(
        "PNG, SVG and PDF exports need Chromium or Chrome, and none was found "
        f"(looked for {', '.join(BROWSER_NAMES)}). {INSTALL_HINT}"
    )


def fontconfig_file(font_dir: Path, work_dir: Path) -> Path:
    """A fontconfig file that adds the shipped fonts to the system's, with its own cache."""
    conf = work_dir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{escape(str(font_dir))}</dir>\n"
        f"  <cachedir>{escape(str(work_dir / 'cache'))}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


class Renderer:
    """Keeps one Chromium open (through kaleido) so repeated exports take well under a second.

    kaleido's own global sync server waits forever when its browser fails to start; this runs
    kaleido on a private event loop instead, with timeouts and one export at a time.
    """

    def __init__(self, browser: str | Path | None = None):
        self._browser = browser
        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: kaleido.Kaleido | None = None
        self._work_dir: Path | None = None
        self._fontconfig_before: str | None = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Launch the browser once; later calls return at once."""
        with self._lock:
            if self._kaleido is not None:
                return
            path = find_browser(self._browser)
            self._work_dir = Path(tempfile.mkdtemp(prefix="timeline-render-"))
            # Chromium finds fonts through fontconfig only, and reads this when it starts.
            self._fontconfig_before = os.environ.get(FONTCONFIG)
            os.environ[FONTCONFIG] = str(fontconfig_file(FONT_DIR, self._work_dir))
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="renderer", daemon=True).start()
            try:
                self._kaleido = self._run(self._open(path), loop, START_TIMEOUT)
            except Exception as error:
                loop.call_soon_threadsafe(loop.stop)
                self._clean_up()
                raise BrowserError(
                    f"The browser at '{path}' did not start ({error}). {INSTALL_HINT}"
                ) from error
            self._loop = loop
            atexit.register(self.close)

    def image(self, fig: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as PNG, SVG or PDF bytes at width×height CSS pixels times scale."""
        if fmt not in IMAGE_FORMATS:
            raise ValueError(
                f"'{fmt}' is not an image format: use one of {', '.join(IMAGE_FORMATS)}."
            )
        self.start()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        with self._lock:
            return self._run(self._kaleido.calc_fig(fig, opts=opts), self._loop, RENDER_TIMEOUT)

    def close(self) -> None:
        """Close the browser and remove its temporary files."""
        with self._lock:
            if self._kaleido is None:
                return
            try:
                self._run(self._kaleido.close(), self._loop, 20)
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._kaleido = self._loop = None
                self._clean_up()

    def _clean_up(self) -> None:
        if self._fontconfig_before is None:
            os.environ.pop(FONTCONFIG, None)
        else:
            os.environ[FONTCONFIG] = self._fontconfig_before
        if self._work_dir is not None:
            shutil.rmtree(self._work_dir, ignore_errors=True)

    @staticmethod
    async def _open(path: str) -> kaleido.Kaleido:
        # mathjax=False: the default page loads MathJax from a CDN.
        browser = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=path)
        await browser.open()
        return browser

    @staticmethod
    def _run(coroutine, loop: asyncio.AbstractEventLoop, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout)


_shared: dict[str | None, Renderer] = {}
_shared_lock = threading.Lock()


def shared_renderer(browser: str | Path | None = None) -> Renderer:
    """One renderer per browser path for the whole process (started on first use)."""
    key = str(browser) if browser else None
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Renderer(browser)
        return _shared[key]
