"""A dataset larger than the detail limit: density first, events after zooming in."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.synthetic import write_synthetic_csv

TRACE_KINDS = """() => {
  const gd = document.querySelector('#timeline .js-plotly-plot');
  return gd && gd.data ? [...new Set(gd.data.map(t => t.meta))].sort().join(',') : '';
}"""
SHOWN_EVENTS = """() => document.querySelector('#timeline .js-plotly-plot').data
  .filter(t => t.meta === 'events').reduce((n, t) => n + t.customdata.length, 0)"""


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return write_synthetic_csv(tmp_path_factory.mktemp("large") / "events.csv", 12_000)


def wait_for_kinds(page, kinds: str, timeout: float = 30) -> None:
    """Wait until the chart's traces are of these kinds (spans come and go with the window)."""
    seen = []
    deadline = time.monotonic() + timeout
    while (shown := page.evaluate(TRACE_KINDS).replace(",spans", "")) != kinds:
        if not seen or seen[-1][1] != shown:
            seen.append((round(time.monotonic() - deadline + timeout, 1), shown))
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {kinds!r} traces; saw {seen}")
        page.wait_for_timeout(100)


def test_zooming_in_switches_from_density_to_events_and_into_the_link(page, serve, large):
    url = serve(large)
    page.goto(url)
    wait_for_kinds(page, "density")
    assert page.locator("#timeline .heatmaplayer image").count() == 12
    assert page.get_by_text("12,000 events in view, drawn as density").is_visible()
    page.locator("#timeline .rangeselector .button", has_text="1 year").click()
    wait_for_kinds(page, "events")
    assert 900 < page.evaluate(SHOWN_EVENTS) < 1300
    page.wait_for_url("**zoom_from=*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["zoom_to"][0].startswith("2025-")
    assert query["zoom_from"][0].startswith("2024-")


def test_a_link_with_a_zoom_reopens_the_detailed_window(page, serve, large):
    page.goto(serve(large) + "?zoom_from=2020-03-01&zoom_to=2020-03-08")
    wait_for_kinds(page, "events")
    assert 10 < page.evaluate(SHOWN_EVENTS) < 40
    page.get_by_role("button", name="Reset filters").click()
    wait_for_kinds(page, "density")
    assert "zoom_from" not in page.url


def test_the_table_pages_and_sorts_on_the_server(page, serve, large):
    """12,000 events: the table is sent a block of 100 rows at a time, sorted by the server, and
    asks again when the filters change."""
    import json

    from playwright.sync_api import expect

    from timeline.load import read_events

    events = read_events(large).events
    blocks: list[dict] = []

    def answered(response):
        if "_dash-update-component" in response.url:
            answer = response.json()["response"]
            if "table" in answer and "getRowsResponse" in answer["table"]:
                blocks.append(answer["table"]["getRowsResponse"])

    page.on("response", answered)
    page.goto(serve(large) + "?view=table")
    grid = page.locator("#table")
    first = sorted(zip(events["date"], events["id"], strict=True))[0][1]
    expect(grid.locator(f'.ag-row[row-id="{first}"]')).to_be_visible(timeout=30_000)
    assert blocks and all(len(b["rowData"]) == 100 for b in blocks)
    assert blocks[0]["rowCount"] == 12_000
    assert page.locator("#table-note").inner_text() == "12,000 events"
    # Sorted by title, Z to A, on the server: the first row is the last title of all 12,000.
    grid.get_by_role("columnheader", name="Title").click()
    grid.get_by_role("columnheader", name="Title").click()
    last_title = max(events["title"])
    expect(grid.locator(".ag-row").first.get_by_role("gridcell").nth(3)).to_have_text(
        last_title, timeout=30_000
    )
    assert len(blocks) >= 2 and all(len(b["rowData"]) == 100 for b in blocks)
    # Scrolling far down asks for the block in sight, not every row before it.
    sent = len(blocks)
    grid.locator(".ag-body-viewport").evaluate("e => e.scrollTop = e.scrollHeight / 2")
    deadline = time.monotonic() + 15
    while len(blocks) == sent and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)
    assert 1 <= len(blocks) - sent <= 3 and len(json.dumps(blocks[-1])) < 100_000
    # Another filter: the rows are asked for again and counted anew.
    page.goto(serve(large) + "?view=table&actor=north_korea")
    kept = int((events["actor"] == "north_korea").sum())
    expect(page.locator("#table-note")).to_have_text(f"{kept:,} events", timeout=30_000)
    deadline = time.monotonic() + 20
    while not (blocks and blocks[-1]["rowCount"] == kept) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert blocks[-1]["rowCount"] == kept and len(blocks[-1]["rowData"]) == 100
