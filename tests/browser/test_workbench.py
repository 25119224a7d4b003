from urllib.parse import parse_qs, urlsplit

import pytest

from ..conftest import DATA
from .conftest import POINTS, wait_for_points, wait_until

SAMPLE = DATA / "sample_events.csv"
RING = "#timeline .scatterlayer .trace:last-child .points path.point"


@pytest.fixture
def app_url(serve):
    return serve(SAMPLE)


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def test_back_and_forward_step_through_views(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    page.fill("#search", "broadcasts")
    wait_for_points(page, 2)
    assert query(page)["q"] == ["broadcasts"]
    page.go_back()
    wait_for_points(page, 12)
    assert page.locator("#search").input_value() == ""
    page.go_forward()
    wait_for_points(page, 2)
    assert page.locator("#search").input_value() == "broadcasts"


def test_table_row_selects_the_event_everywhere(page, app_url):
    page.goto(app_url + "?view=table")
    page.get_by_role("gridcell", name="Loudspeaker broadcasts resume").click()
    detail = page.locator("#detail")
    detail.get_by_role("heading", name="Loudspeaker broadcasts resume").wait_for()
    assert query(page)["event"] == ["speakers-1"]
    assert query(page)["view"] == ["table"]
    # The timeline rings the selected event: one extra marker on top of the twelve.
    wait_for_points(page, 13)
    row = page.locator(".ag-row-selected")
    row.wait_for()
    assert "Loudspeaker broadcasts resume" in row.inner_text()


def test_chain_panel_lists_causes_and_responses_and_follows_them(page, app_url):
    page.goto(app_url + "?event=balloons-3")
    detail = page.locator("#detail")
    detail.get_by_role("heading", name="What it answered").wait_for()
    answered = detail.locator("ol.chain").nth(0)
    assert answered.inner_text().split("\n") == [
        "6 Jun 2024",
        "Activists send leaflets with USB sticks",
        "2 days earlier",
    ]
    answers = detail.locator("ol.chain").nth(1)
    assert answers.inner_text().split("\n") == [
        "9 Jun 2024",
        "Loudspeaker broadcasts resume",
        "1 day later",
    ]
    answers.get_by_role("button").click()
    detail.get_by_role("heading", name="Loudspeaker broadcasts resume").wait_for()
    assert query(page)["event"] == ["speakers-1"]


def test_chains_only_toggle_keeps_linked_events(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    page.get_by_role("option", name="Only events in an escalation chain").click()
    wait_for_points(page, 7)
    assert query(page)["chains"] == ["1"]


def drag_across(page, selector, start, stop):
    """Drag the mouse horizontally across a chart's plot area, as a user zooms or brushes."""
    page.locator(selector).first.scroll_into_view_if_needed()
    box = page.locator(selector).first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * stop, y, steps=10)
    page.mouse.up()


def test_zoom_is_written_to_the_link_and_restored(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    page.wait_for_load_state("networkidle")
    drag_across(page, "#timeline .nsewdrag", 0.05, 0.35)
    wait_until(page, "location.search.includes('zoom_from=')")
    first, last = query(page)["zoom_from"][0], query(page)["zoom_to"][0]
    assert first < last
    page.reload()
    wait_for_points(page, 12)
    axis = page.evaluate("document.querySelector('#timeline .js-plotly-plot').layout.xaxis.range")
    assert [a[:10] for a in axis] == [first[:10], last[:10]]


def test_frequency_chart_counts_and_brush_sets_dates(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    bars = page.locator("#frequency .barlayer .point")
    bars.first.wait_for()
    heights = page.evaluate("""document.querySelector('#frequency .js-plotly-plot')._fullData
                               .reduce((n, t) => n + Array.from(t.y).reduce((a, b) => a + b, 0), 0)""")
    assert heights == 12
    page.wait_for_load_state("networkidle")
    drag_across(page, "#frequency .nsewdrag", 0.01, 0.3)
    wait_until(page, "location.search.includes('from=')")
    shown = page.locator(POINTS).count()
    assert 0 < shown < 12
    assert page.locator("#date-from").input_value() == query(page)["from"][0]


def test_running_totals_show_the_balloon_count(page, app_url):
    page.goto(app_url + "?view=totals")
    page.get_by_role("option", name="Balloon launches: balloons (5 events)").wait_for()
    page.locator("#totals .scatterlayer .point").first.wait_for()
    totals = page.evaluate(
        "Array.from(document.querySelector('#totals .js-plotly-plot')._fullData[0].y)"
    )
    assert totals == [260, 980, 1310, 1620, 2120]
