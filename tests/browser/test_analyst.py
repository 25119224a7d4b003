"""The analyst's comparisons in the browser: periods compared, what changed, the tabs by keyboard."""

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from ..conftest import DATA
from .conftest import POINTS, wait_for_points, wait_until
from .test_accessibility import run_axe
from .test_view import Requests

SAMPLE = DATA / "sample_events.csv"
MAY_JUNE = "compare=2024-05-01/2024-05-31&compare=2024-06-01/2024-06-30"


@pytest.fixture
def app_url(serve):
    return serve(SAMPLE)


def test_a_link_opens_the_comparison_of_its_periods(page, app_url):
    page.goto(f"{app_url}/?view=compare&{MAY_JUNE}")
    page.locator("#compare-chart .scatterlayer .trace").first.wait_for()
    assert page.locator("#compare-chart .scatterlayer .trace").count() == 2
    assert page.locator("#compare-periods").input_value() == (
        "2024-05-01/2024-05-31, 2024-06-01/2024-06-30"
    )
    rows = page.locator(".compare-table").first.locator("tbody tr")
    assert rows.first.inner_text().split("\t") == ["Balloon launch", "1", "3", "+2 (+200 %)"]
    assert rows.last.inner_text().split("\t") == ["All events", "2", "6", "+4 (+200 %)"]
    assert (
        page.locator(".compare-summary")
        .inner_text()
        .startswith("Events compared by period. 1 May 2024 – 31 May 2024: 2 events; ")
    )


def test_typed_periods_go_into_the_link_in_one_request(page, app_url):
    requests = Requests(page)
    page.goto(f"{app_url}/?view=compare")
    wait_for_points(page, 12)
    page.locator("#compare-chart").wait_for()
    requests.settle(page)
    box = page.locator("#compare-periods")
    box.fill("2024-05-01/2024-05-31, 2024-06-01/2024-06-30, junk")
    box.press("Enter")
    page.locator("#compare-chart .scatterlayer .trace").first.wait_for()
    assert requests.settle(page) == 1
    assert parse_qs(urlparse(page.url).query)["compare"] == [
        "2024-05-01/2024-05-31",
        "2024-06-01/2024-06-30",
    ]
    assert "compare=2024-05-01/2024-05-31" in page.url
    assert "Ignored 'junk'" in page.locator("#notices").inner_text()


@pytest.mark.parametrize(
    ("tab", "ready"), [("compare", "#compare-chart"), ("changes", "#changes p")]
)
def test_switching_to_a_new_view_costs_one_request(page, app_url, tab, ready):
    requests = Requests(page)
    page.goto(f"{app_url}/?{MAY_JUNE}")
    wait_for_points(page, 12)
    requests.settle(page)
    page.locator(f"#tab-{tab}").click()
    page.locator(ready).first.wait_for()
    assert requests.settle(page) == 1
    assert parse_qs(urlparse(page.url).query)["view"] == [tab]


def test_what_changed_names_the_month_and_the_counts_too_few_to_judge(page, app_url):
    page.goto(f"{app_url}/?view=changes&to=2024-06-30")
    page.locator("#changes p").first.wait_for()
    text = page.locator("#changes").inner_text()
    assert text.startswith("June 2024 against the average of the 3 and the 12 months before.")
    assert "Too few events to compare: " in text


def test_the_tabs_are_one_tab_stop_and_the_arrow_keys_move_between_them(page, app_url):
    page.goto(f"{app_url}/?view=totals")
    wait_for_points(page, 12)
    tabs = page.get_by_role("tab")
    assert tabs.count() == 7
    assert page.get_by_role("tablist").get_attribute("aria-labelledby") == "views-heading"
    assert page.locator('[role="tab"][aria-selected="true"]').get_attribute("id") == "tab-totals"
    assert page.locator('[role="tab"][tabindex="0"]').count() == 1
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id"))
        if reached[-1] == "tab-totals":
            break
    assert reached[-1] == "tab-totals", reached
    requests = Requests(page)
    page.keyboard.press("ArrowRight")
    page.locator('#tab-table[aria-selected="true"]').wait_for()
    assert page.evaluate("document.activeElement.id") == "tab-table"
    # One request for the view, one for the table's first block of rows.
    assert requests.settle(page) == 2
    assert parse_qs(urlparse(page.url).query)["view"] == ["table"]
    page.keyboard.press("End")
    page.locator('#tab-changes[aria-selected="true"]').wait_for()
    assert page.locator('[role="tab"][tabindex="0"]').get_attribute("id") == "tab-changes"
    panel = page.get_by_role("tabpanel")
    assert panel.get_attribute("aria-labelledby") == "tab-changes"
    # Shift+Tab leaves the list in one press: the other tabs are not tab stops.
    page.keyboard.press("Shift+Tab")
    assert not re.match(r"tab-", page.evaluate("document.activeElement.id") or "")


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_axe_finds_nothing_serious_in_the_comparison_and_what_changed(page, app_url, theme):
    page.goto(f"{app_url}/?theme={theme}&view=compare&{MAY_JUNE}")
    page.locator("#compare-chart .scatterlayer .trace").first.wait_for()
    assert run_axe(page) == []
    page.locator("#tab-changes").click()
    page.locator("#changes p").first.wait_for()
    assert run_axe(page) == []


def test_on_a_phone_the_tabs_are_one_compact_row(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{app_url}/")
    page.locator("#tab-frequency").wait_for()
    tops = {round(page.locator(f"#tab-{v}").bounding_box()["y"]) for v in ("frequency", "totals")}
    assert len(tops) == 1
    assert page.locator("#tab-frequency").bounding_box()["height"] < 60
    context.close()
    assert errors == []


def test_following_a_chain_step_moves_to_the_new_events_heading(browser, app_url):
    context = browser.new_context(viewport={"width": 1000, "height": 500})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{app_url}/?event=speakers-1")
    page.locator("#detail .detail-title").wait_for()
    step = page.locator(".chain-link", has_text="Third round of trash balloons")
    step.scroll_into_view_if_needed()
    step.click()
    page.locator("#detail .detail-title", has_text="Third round of trash balloons").wait_for()
    wait_until(page, "document.activeElement.classList.contains('detail-title')")
    assert page.evaluate("document.activeElement.textContent") == "Third round of trash balloons"
    page.wait_for_timeout(600)  # a smooth scroll settles
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert 0 <= top < 500
    context.close()
    assert errors == []


def test_the_wheel_zooms_the_timeline_in_one_request_and_the_window_goes_into_the_link(
    page, app_url
):
    requests = Requests(page)
    page.goto(f"{app_url}/")
    wait_for_points(page, 12)
    requests.settle(page)
    box = page.locator("#timeline .nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(4):
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(40)
    wait_until(page, "location.search.includes('zoom_from')")
    assert requests.settle(page) == 1
    query = parse_qs(urlparse(page.url).query)
    start, end = query["zoom_from"][0], query["zoom_to"][0]
    assert "2024-05-10" < start < end < "2024-10-31"


def test_a_picked_date_sets_the_filter_and_a_typed_date_still_works(page, app_url):
    requests = Requests(page)
    page.goto(f"{app_url}/")
    wait_for_points(page, 12)
    requests.settle(page)
    picker = page.locator("#date-from + .date-picker")
    picker.fill("2024-06-04")
    wait_until(page, "location.search.includes('from=2024-06-04')")
    assert requests.settle(page) == 1
    assert page.locator("#date-from").input_value() == "2024-06-04"
    wait_for_points(page, 9)
    page.locator("#date-to").fill("2024-06-09")
    page.locator("#date-to").press("Enter")
    wait_for_points(page, 5)
    assert parse_qs(urlparse(page.url).query)["to"] == ["2024-06-09"]


def test_a_tap_on_a_phone_opens_the_sheet_and_leaves_no_tooltip(browser, app_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{app_url}/")
    wait_for_points(page, 12)
    point = page.locator(POINTS).nth(3).bounding_box()
    page.touchscreen.tap(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    page.locator("#detail .detail-title").wait_for()
    assert "event=" in page.url
    wait_until(page, "document.querySelector('#timeline .hoverlayer').children.length === 0")
    page.wait_for_timeout(600)
    assert page.evaluate("document.querySelector('#timeline .hoverlayer').children.length") == 0
    context.close()
    assert errors == []


def test_playback_steps_in_the_browser_and_a_pause_puts_the_window_in_the_link(page, app_url):
    requests = Requests(page)
    page.goto(f"{app_url}/")
    wait_for_points(page, 12)
    requests.settle(page)
    page.locator("#play-speed-4").click()
    page.locator("#play").click()
    assert page.locator("#play").get_attribute("aria-pressed") == "true"
    wait_until(page, "document.getElementById('playback-status').textContent.startsWith('2024-06')")
    assert requests.settle(page, 300) == 0  # the steps cost no request
    page.locator("#play").focus()
    page.keyboard.press("Space")
    assert page.locator("#play").get_attribute("aria-pressed") == "false"
    wait_until(page, "location.search.includes('zoom_from')")
    assert requests.settle(page) == 1
    status = page.locator("#playback-status").inner_text()
    start = parse_qs(urlparse(page.url).query)["zoom_from"][0]
    assert status.startswith(start)
    assert re.search(r": \d+ in the window, \d+ so far$", status)
    # The arrow keys step one window (30 days) forward: one request, the link follows.
    page.keyboard.press("ArrowRight")
    wait_until(page, f"!location.search.includes('zoom_from={start}')")
    assert requests.settle(page) == 1
    later = parse_qs(urlparse(page.url).query)["zoom_from"][0]
    assert (date.fromisoformat(later) - date.fromisoformat(start)).days == 30
    assert page.locator("#playback-status").inner_text().startswith(later)


def test_with_reduced_motion_play_moves_one_step_and_does_not_run(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{app_url}/")
    wait_for_points(page, 12)
    page.locator("#play").click()
    wait_until(page, "location.search.includes('zoom_from')")
    first = page.locator("#playback-status").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator("#play").get_attribute("aria-pressed") == "false"
    assert page.locator("#playback-status").inner_text() == first
    context.close()


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_keyboard_only_playback_and_chains_leave_nothing_for_axe(page, app_url, theme):
    page.goto(f"{app_url}/?theme={theme}&event=speakers-1")
    wait_for_points(page, 13)  # the selected event is ringed
    page.locator("#play").focus()
    page.keyboard.press("Space")
    assert page.locator("#play").get_attribute("aria-pressed") == "true"
    page.keyboard.press("Space")
    wait_until(page, "location.search.includes('zoom_from')")
    page.keyboard.press("ArrowRight")
    # The step's answer is in before the chain is followed: the test follows one action at a time.
    page.wait_for_load_state("networkidle")
    page.locator(".chain-link", has_text="Third round of trash balloons").focus()
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement.classList.contains('detail-title')")
    assert "event=balloons-3" in page.url
    assert run_axe(page) == []
