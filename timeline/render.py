"""Static images (PNG, SVG, PDF) from one long-lived headless Chromium, with the app's fonts."""

from __future__ import annotations

import asyncio
import atexit
import base64
import html
import io
import json
import os
import re
import shutil
import struct
import tempfile
import threading
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import kaleido
import plotly.graph_objects as go

from timeline.config import ASSETS

IMAGE_FORMATS = ("png", "svg", "pdf")
# The map outlines the app ships (assets/topojson/NAME.json), by plotly.js's topojson name.
TOPOJSON = ASSETS / "topojson"
FONT_DIR = ASSETS / "fonts"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "Install Chromium (Debian/Ubuntu: 'sudo apt-get install chromium') "
    "or give its path with --browser PATH."
)
FONTCONFIG = "FONTCONFIG_FILE"
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0
# A PNG's pixels per inch at scale 1: the print column at 3x is 300 dpi, as its label says.
DPI_PER_SCALE = 100
CREATOR = "Inter-Korean Tensions Timeline"
# The shipped fonts an SVG inlines, subset to the characters the chart uses.
SVG_FONTS = {400: "Pretendard-Regular.subset.otf", 700: "Pretendard-Bold.subset.otf"}


def geo_assets_script(folder: Path) -> Path:
    """A script, written into folder, that hands plotly.js the shipped map outlines
    (window.PlotlyGeoAssets), so that an exported map fetches nothing."""
    shapes = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in TOPOJSON.glob("*.json")}
    script = folder / "geo-assets.js"
    body = json.dumps({"topojson": shapes}, separators=(",", ":")).replace("</", "<\\/")
    script.write_text(f"window.PlotlyGeoAssets = {body};\n", encoding="utf-8")
    return script


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
            geo = geo_assets_script(self._work_dir)
            try:
                self._kaleido = self._run(self._open(path, geo), loop, START_TIMEOUT)
            except Exception as error:
                loop.call_soon_threadsafe(loop.stop)
                self._clean_up()
                raise BrowserError(
                    f"The browser at '{path}' did not start ({error}). {INSTALL_HINT}"
                ) from error
            self._loop = loop
            atexit.register(self.close)

    def image(
        self,
        fig: go.Figure,
        fmt: str,
        width: int,
        height: int,
        scale: float = 1,
        title: str | None = None,
    ) -> bytes:
        """The figure as PNG, SVG or PDF bytes at width×height CSS pixels times scale. A PNG
        says its pixels per inch (DPI_PER_SCALE × scale); a PDF carries `title` as its title."""
        if fmt not in IMAGE_FORMATS:
            raise ValueError(
                f"'{fmt}' is not an image format: use one of {', '.join(IMAGE_FORMATS)}."
            )
        self.start()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        with self._lock:
            content = self._run(self._kaleido.calc_fig(fig, opts=opts), self._loop, RENDER_TIMEOUT)
        if fmt == "png":
            return png_with_dpi(content, DPI_PER_SCALE * scale)
        if fmt == "pdf" and title:
            return pdf_with_title(content, title)
        return content

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
    async def _open(path: str, geo: Path) -> kaleido.Kaleido:
        # mathjax=False: the default page loads MathJax from a CDN. The map outlines come from
        # `geo`, not from plotly.js's default topojson address on the web.
        page = kaleido.PageGenerator(mathjax=False, others=[(geo.as_uri(), "utf-8")])
        browser = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, page_generator=page, path=path)
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


def png_with_dpi(png: bytes, dpi: float) -> bytes:
    """The PNG with a pHYs chunk saying `dpi` pixels per inch (replacing any it had)."""
    signature, ihdr_end = png[:8], 8 + 8 + 13 + 4
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    rest, out = png[ihdr_end:], io.BytesIO()
    while rest:
        length = struct.unpack(">I", rest[:4])[0]
        if rest[4:8] != b"pHYs":
            out.write(rest[: 12 + length])
        rest = rest[12 + length :]
    return signature + png[8:ihdr_end] + chunk + out.getvalue()


def png_dpi(png: bytes) -> float | None:
    """The pixels per inch a PNG's pHYs chunk gives, or None when it has none."""
    at = png.find(b"pHYs")
    if at < 0:
        return None
    per_metre, _, unit = struct.unpack(">IIB", png[at + 4 : at + 13])
    return per_metre * 0.0254 if unit == 1 else None


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)


def pdf_with_title(pdf: bytes, title: str, creator: str = CREATOR) -> bytes:
    """The PDF with its document title and creator set, appended as an incremental update (the
    browser names every PDF after its own page, 'Kaleido-fier')."""
    found = _TRAILER.search(pdf)
    if not found:
        return pdf
    trailer, previous = found.group(1), int(found.group(2))
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer).group(1)
    start = len(pdf) + 1
    info = (
        f"{size} 0 obj\n<</Title {_pdf_text(title)} /Creator {_pdf_text(creator)}"
        f" /Producer {_pdf_text(creator)}>>\nendobj\n"
    ).encode("ascii")
    xref = len(pdf) + 1 + len(info)
    update = (
        info
        + f"xref\n{size} 1\n{start:010d} 00000 n \ntrailer\n".encode("ascii")
        + b"<</Size " + str(size + 1).encode() + b" /Root " + root
        + f" /Info {size} 0 R /Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    )  # fmt: skip
    return pdf + b"\n" + update


def _pdf_text(value: str) -> str:
    """A PDF text string in UTF-16 with its byte-order mark, as hex: any script, no escaping."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def svg_with_fonts(svg: bytes, fonts: dict[int, str] = SVG_FONTS) -> bytes:
    """The SVG with the shipped fonts inlined as @font-face rules, each subset to the characters
    the SVG's text uses, so the file stays small and looks the same everywhere."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    text = svg.decode("utf-8")
    shown = html.unescape("".join(re.findall(r">([^<]+)<", text)))
    characters = sorted(set(shown) | set("0123456789"))
    flavor = _font_flavor()
    rules = []
    for weight, name in fonts.items():
        font = TTFont(FONT_DIR / name)
        options = subset.Options()
        options.flavor = flavor
        options.layout_features = ["kern", "liga"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(characters))
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.flavor = flavor
        font.save(buffer)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        rules.append(
            "@font-face{font-family:'Pretendard';"
            f"font-weight:{weight};src:url(data:font/{flavor};base64,{data}) format('{flavor}');}}"
        )
    # After the <title> and <desc>, which must stay the first children for screen readers.
    end = text.find("</desc>")
    end = end + len("</desc>") if end >= 0 else text.index(">", text.index("<svg")) + 1
    return (text[:end] + f"<style>{''.join(rules)}</style>" + text[end:]).encode("utf-8")


def _font_flavor() -> str:
    """WOFF2 when Brotli is installed (it is, with flask-compress), else WOFF."""
    try:
        import brotli  # noqa: F401
    except ImportError:
        return "woff"
    return "woff2"
