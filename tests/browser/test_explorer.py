import re
from urllib.parse import parse_qs, urlsplit

import pytest

from ..conftest import DATA
from .conftest import POINTS, wait_for_points

SAMPLE = DATA / "sample_events.csv"


@pytest.fixture
def app_url(serve):
    return serve(SAMPLE)


def test_page_plots_every_event_and_captions_the_view(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    assert page.locator("#caption").inner_text() == (
        "All events, 2024-05-10 to 2024-10-31 — 12 events"
    )
    assert page.title() == "Inter-Korean Tensions Timeline"


def test_unticking_a_type_drops_exactly_its_events(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    balloons = page.get_by_role("option", name=re.compile(r"^Balloon launch"))
    assert balloons.inner_text().split() == ["Balloon", "launch", "5"]
    balloons.click()
    wait_for_points(page, 7)
    assert "type=balloon_launch" not in page.url
    assert parse_qs(urlsplit(page.url).query)["type"] == [
        "leaflet_launch",
        "loudspeaker",
        "military_agreement",
        "weapons_test",
        "demolition",
    ]


def test_clicking_an_event_opens_its_detail_with_source_links(page, app_url):
    page.goto(app_url + "?type=military_agreement")
    wait_for_points(page, 1)
    page.locator(POINTS).first.click(force=True)
    detail = page.locator("#detail")
    detail.get_by_role("heading", name="Seoul suspends the military agreement").wait_for()
    link = detail.get_by_role("link", name="example.org")
    assert link.get_attribute("href") == "https://example.org/agreement-1"
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel")
    assert "event=agreement-1" in page.url


def test_date_filter_and_counts_follow_each_other(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    page.fill("#date-from", "2024-06-01")
    page.fill("#date-to", "2024-06-30")
    page.locator("#date-to").press("Enter")
    wait_for_points(page, 6)
    balloons = page.get_by_role("option", name=re.compile(r"^Balloon launch"))
    assert balloons.inner_text().split()[-1] == "3"
    assert "from=2024-06-01" in page.url and "to=2024-06-30" in page.url


def test_no_match_shows_a_message_and_reset_brings_everything_back(page, app_url):
    page.goto(app_url + "?q=nothing-matches-this")
    empty = page.get_by_text("No events match these filters")
    empty.wait_for()
    assert page.locator("#timeline-box").is_hidden()
    page.get_by_role("button", name="Reset the filters").click()
    wait_for_points(page, 12)
    assert empty.is_hidden()
    assert urlsplit(page.url).query == ""


def test_link_with_filters_reopens_the_view(page, app_url):
    page.goto(app_url + "?actor=activists&q=usb")
    wait_for_points(page, 1)
    assert page.locator("#search").input_value() == "usb"
    assert page.locator("#caption").inner_text().endswith("— 1 event")


def test_rejected_rows_are_listed_and_the_valid_rows_served(page, serve):
    page.goto(serve(DATA / "bad_events.csv"))
    wait_for_points(page, 3)
    notice = page.locator("#rejected summary")
    assert notice.inner_text() == "11 of 14 rows were rejected and are not shown. Show which"
    notice.click()
    row = page.locator("#rejected tr", has_text="javascript:alert(1)")
    assert row.locator("td").first.inner_text() == "11"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download rejected rows (CSV)").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0].startswith("line,reason,id,date,")
    assert len(text.splitlines()) == 12
