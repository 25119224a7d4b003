"""Static images drawn by real headless Chromium through kaleido."""

import io
import os
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest
from pypdf import PdfReader

from timeline.filters import Filters
from timeline.load import read_events
from timeline.render import (
    BrowserError,
    Renderer,
    find_browser,
    pdf_with_title,
    png_dpi,
    png_with_dpi,
    shared_renderer,
)
from timeline.view_export import ExportOptions, export_view

from .conftest import DATA

SVG = "{http://www.w3.org/2000/svg}"
BALLOONS = Filters(types=("balloon_launch", "leaflet_launch"))


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


@pytest.fixture(scope="module")
def renderer():
    # The process-wide renderer, so the app under test in the browser tests reuses its Chromium.
    return shared_renderer()


def export(events, renderer, **options):
    return export_view(events, BALLOONS, ExportOptions(**options), renderer=lambda: renderer)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def png_pixels(data: bytes) -> bytes:
    """The decompressed image rows (filter bytes included)."""
    chunks, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return zlib.decompress(b"".join(chunks))


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_png_has_the_requested_pixel_size_and_is_not_blank(events, renderer, scale):
    out = export(events, renderer, fmt="png", width=600, height=400, scale=scale)
    assert png_size(out.content) == (600 * scale, 400 * scale)
    assert png_dpi(out.content) == pytest.approx(100 * scale, abs=0.01)
    pixels = png_pixels(out.content)
    assert pixels.count(255) < 0.97 * len(pixels)
    assert len(set(pixels)) > 100
    assert out.filename == "inter-korean-timeline-balloon-launch-leaflet-launch.png"


def test_svg_parses_and_holds_title_source_line_and_alt_text(events, renderer):
    out = export(events, renderer, fmt="svg", title="Balloons & leaflets", credit="Chart: Desk")
    root = ET.fromstring(out.content)
    assert root.find(f"{SVG}title").text == "Balloons & leaflets"
    assert root.find(f"{SVG}desc").text.startswith(
        "Timeline of 7 events from 10 May to 24 July 2024: 5 balloon launches and 2 leaflet"
    )
    drawn = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    drawn += " ".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
    assert "Balloons &amp; leaflets" in drawn or "Balloons & leaflets" in drawn
    assert "Sources: example.org and example.com" in drawn
    assert "Chart: Desk · Data as of 31 October 2024" in drawn


def test_pdf_opens_with_one_page_of_the_preset_size(events, renderer):
    out = export(events, renderer, fmt="pdf", width=1200, height=675)
    assert out.content.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(out.content))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (900, 506)
    assert "Sources: example.org and example.com" in pdf.pages[0].extract_text()
    # The chart's own title, not the name of the browser's page ('Kaleido-fier').
    assert pdf.metadata.title == (
        "Balloon launches and leaflet launches, 2024-05-10 to 2024-07-24 — 7 events"
    )


def test_the_pdf_s_title_is_the_chart_s_title_in_any_script(events, renderer):
    out = export(events, renderer, fmt="pdf", title="풍선과 전단 (2024)")
    pdf = PdfReader(io.BytesIO(out.content))
    assert pdf.metadata.title == "풍선과 전단 (2024)"
    assert pdf.metadata.creator == "Inter-Korean Tensions Timeline"
    assert len(pdf.pages) == 1


def test_the_print_column_at_3x_is_1800_by_1500_at_300_dpi(events, renderer):
    out = export(events, renderer, fmt="png", width=600, height=500, scale=3)
    assert png_size(out.content) == (1800, 1500)
    assert round(png_dpi(out.content)) == 300


def test_a_png_s_dpi_replaces_any_it_had_and_keeps_the_image():
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (30, 20), "red").save(buffer, "PNG", dpi=(72, 72))
    twice = png_with_dpi(png_with_dpi(buffer.getvalue(), 150), 300)
    assert twice.count(b"pHYs") == 1
    image = Image.open(io.BytesIO(twice))
    assert image.size == (30, 20) and round(image.info["dpi"][0]) == 300
    assert image.getpixel((5, 5)) == (255, 0, 0)


def test_a_pdf_without_a_trailer_is_left_as_it_is():
    assert pdf_with_title(b"%PDF-1.7 not really", "T") == b"%PDF-1.7 not really"


def test_the_svg_inlines_its_fonts_subset_to_the_characters_it_shows(events, renderer):
    out = export(events, renderer, fmt="svg", title="Balloons")
    assert len(out.content) < 150_000
    assert out.content.count(b"@font-face") == 2
    assert b"font/woff2;base64," in out.content
    children = [child.tag for child in ET.fromstring(out.content)][:3]
    assert children == [f"{SVG}title", f"{SVG}desc", f"{SVG}style"]


def test_a_missing_browser_is_named_with_how_to_install_one(tmp_path):
    with pytest.raises(BrowserError) as error:
        find_browser(tmp_path / "chromium")
    assert str(error.value) == (
        f"No browser at '{tmp_path / 'chromium'}'. Install Chromium (Debian/Ubuntu: "
        "'sudo apt-get install chromium') or give its path with --browser PATH."
    )


def test_closing_a_renderer_restores_the_font_configuration(monkeypatch, events):
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    own = Renderer()
    own.start()
    assert os.environ["FONTCONFIG_FILE"].endswith("fonts.conf")
    assert os.environ["FONTCONFIG_FILE"] != "/etc/fonts/fonts.conf"
    png = export_view(events, BALLOONS, ExportOptions("png", 400, 300), renderer=lambda: own)
    own.close()
    assert png_size(png.content) == (400, 300)
    assert os.environ["FONTCONFIG_FILE"] == "/etc/fonts/fonts.conf"
