"""The map draws in headless Chromium from the shipped topojson, with every outside request blocked."""

import functools
import http.server
import shutil
import threading

import plotly.io as pio
import pytest
from plotly.offline import get_plotlyjs

from timeline.load import read_events
from timeline.maps import TOPOJSON_URL, map_figure

from ..conftest import DATA, ROOT
from .conftest import wait_until

GEO = ".geo"
MAP_POINTS = ".geo .scatterlayer .trace path.point"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        self.server.requested.append(self.path)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A loopback static server over a folder with plotly.js, the topojson and map pages."""
    root = tmp_path_factory.mktemp("map-site")
    shutil.copytree(ROOT / TOPOJSON_URL.strip("/"), root / TOPOJSON_URL.strip("/"))
    (root / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    events = read_events(DATA / "sample_events.csv").events
    far = events[events["id"] == "missile-1"].assign(latitude=38.8977, longitude=-77.0365)
    shipped = {"topojsonURL": TOPOJSON_URL}
    pages = {
        "korea": (map_figure(events, selected="missile-1"), shipped),
        "world": (map_figure(far), shipped),
        "default": (map_figure(events), {}),
    }
    for name, (fig, config) in pages.items():
        html = pio.to_html(fig, include_plotlyjs="plotly.min.js", full_html=True, config=config)
        (root / f"{name}.html").write_text(html, encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requested = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def offline_page(browser, site):
    """A page that may only reach the loopback server; other requests are aborted and recorded."""
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    page.blocked, page.errors = [], []

    def route(request_route):
        if request_route.request.url.startswith(site.base + "/"):
            request_route.continue_()
        else:
            page.blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def drawn_length(page, layer: str) -> int:
    """Length of the SVG path data of one map layer (land, countries, coastlines, lakes)."""
    return page.evaluate(
        "(layer) => (document.querySelector(`.geo .layer.${layer} path`)?.getAttribute('d') || '').length",
        layer,
    )


def load(page, site, name: str, points: int) -> None:
    """Open a map page and wait until its land and its event markers are drawn."""
    page.goto(f"{site.base}/{name}.html")
    page.wait_for_selector(f"{GEO} .layer.land path", state="attached", timeout=15000)
    wait_until(page, f"document.querySelectorAll({MAP_POINTS!r}).length === {points}")


def assert_drawn_offline(page, site, topojson: str) -> None:
    for layer in ("land", "countries", "coastlines"):
        assert drawn_length(page, layer) > 500, f"no {layer} drawn"
    assert f"{TOPOJSON_URL}{topojson}" in site.requested
    assert page.blocked == []
    assert page.errors == []


def test_korea_map_draws_offline_with_note_places_and_legend(offline_page, site):
    load(offline_page, site, "korea", points=5)  # 4 events and the ring around the selected one
    note = offline_page.locator(".annotation-text").first
    assert note.text_content() == "8 of 12 events have no coordinates and are not on the map"
    labels = offline_page.locator(".geo .scatterlayer .trace text").all_text_contents()
    # Zoomed to the events between Seoul and Pyongyang: the names of places further off are left out.
    assert {"Seoul", "Pyongyang"} <= set(labels) and "JAPAN" not in labels
    legend = offline_page.locator(".legend .legendtext").all_text_contents()
    assert legend == ["Balloon launch", "Leaflet launch", "Weapons test"]
    assert_drawn_offline(offline_page, site, "world_50m.json")


def test_events_far_away_draw_from_the_world_file(offline_page, site):
    load(offline_page, site, "world", points=1)
    assert_drawn_offline(offline_page, site, "world_110m.json")


def test_without_the_shipped_topojson_plotly_would_reach_out(offline_page, site):
    """The guard can fail: with Plotly's default topojsonURL the map asks a CDN, which is blocked."""
    before = len(site.requested)
    offline_page.goto(f"{site.base}/default.html")
    for _ in range(50):
        if offline_page.blocked:
            break
        offline_page.wait_for_timeout(200)
    assert [url for url in offline_page.blocked if url.endswith("world_50m.json")] != []
    assert site.requested[before:] == ["/default.html", "/plotly.min.js"]
