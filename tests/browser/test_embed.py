"""The embed on another site: its code (from oEmbed) in 640 px and 360 px iframes of a page
served from another origin; the title shows, the chart stays within the frame, and the frame
takes the height of its page."""

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest

from ..conftest import DATA

SAMPLE = DATA / "sample_events.csv"
VIEW = "/embed?type=balloon_launch&type=loudspeaker&note=balloons-2:Peak: 720 balloons"


@pytest.fixture(scope="module")
def host_site():
    """A news page on another origin (another loopback port): serve(html) -> its address."""
    pages: dict[str, bytes] = {}

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            body = pages.get(self.path, b"")
            self.send_response(200 if body else 204)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.2", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def serve(path: str, html: str) -> str:
        pages[path] = html.encode("utf-8")
        return f"http://127.0.0.2:{server.server_port}{path}"

    yield serve
    server.shutdown()


def embed_code(app_url: str, max_width: int) -> str:
    link = quote(app_url + VIEW, safe="")
    with urllib.request.urlopen(f"{app_url}/oembed?url={link}&maxwidth={max_width}") as answer:
        found = json.load(answer)
    assert found["type"] == "rich" and found["version"] == "1.0"
    return found["html"]


@pytest.mark.parametrize("width", [640, 360])
def test_the_embed_fits_a_frame_on_another_site(page, serve, host_site, width):
    app_url = serve(SAMPLE)
    code = embed_code(app_url, width)
    article = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>News</title></head>"
        f"<body style='margin:0;font-family:serif'><div style='width:{width}px'>"
        f"<p>An article about the balloons.</p>{code}<p>The article goes on.</p></div></body></html>"
    )
    page.set_viewport_size({"width": 1000, "height": 1200})
    page.goto(host_site(f"/article-{width}.html", article))
    frame_element = page.locator("iframe[data-timeline-embed]")
    frame = frame_element.content_frame
    frame.locator("#chart .main-svg").first.wait_for()
    frame.locator("#chart .annotation-text").first.wait_for()
    page.wait_for_timeout(600)
    box = frame_element.bounding_box()
    assert round(box["width"]) == width
    title = frame.locator("h1")
    assert title.inner_text() == (
        "Balloon launches and loudspeaker broadcasts, 2024-05-28 to 2024-07-31 — 7 events"
    )
    inside = frame.locator("body").evaluate(
        """() => {
          const h1 = document.querySelector('h1').getBoundingClientRect();
          const svg = document.querySelector('#chart .main-svg').getBoundingClientRect();
          return {h1: [h1.left, h1.right, h1.top], svg: [svg.left, svg.right],
                  width: innerWidth, height: innerHeight,
                  content: document.documentElement.scrollHeight,
                  notes: document.getElementById('chart').layout.annotations
                    .filter((a) => a.name === 'note').map((a) => a.text)};
        }"""
    )
    assert inside["width"] == width
    assert 0 <= inside["h1"][0] and inside["h1"][1] <= width and inside["h1"][2] >= 0
    assert 0 <= inside["svg"][0] and inside["svg"][1] <= width
    assert inside["notes"] == ["Peak: 720 balloons"]
    # The app's script gave the frame the height of its page: no inner scroll bar, no gap.
    assert abs(box["height"] - inside["content"]) <= 2
    assert inside["height"] >= inside["content"]
