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
