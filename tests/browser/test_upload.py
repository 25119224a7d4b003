import re

import pytest

from ..conftest import DATA
from .conftest import wait_for_points

SAMPLE = DATA / "sample_events.csv"
UPLOAD_INPUT = "#import-upload input[type=file]"


@pytest.fixture
def app_url(serve):
    return serve(SAMPLE)


def upload(page, path) -> None:
    page.set_input_files(UPLOAD_INPUT, str(path))


def test_uploaded_file_is_mapped_imported_and_explored(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    upload(page, DATA / "import_cp1252.csv")
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("heading", name="Import import_cp1252.csv").wait_for()
    assert dialog.locator("#import-read").inner_text() == (
        "cp1252 text, semicolon-separated · 6 data rows · 5 columns"
    )
    assert dialog.get_by_role("gridcell", name="Scud-B").is_visible()
    page.get_by_label("Actor: one value for every row").fill("north_korea")
    dialog.get_by_role("button", name="Import", exact=True).click()
    summary = dialog.locator(".import-summary")
    summary.wait_for()
    assert summary.inner_text() == "6 rows: 5 imported, 1 rejected, 1 warning"
    assert (
        dialog.locator(".rejected-table td")
        .nth(1)
        .inner_text()
        .startswith("column 'Launch Date': '30-Feb-24' is not a date.")
    )
    with page.expect_download() as download:
        dialog.get_by_role("button", name="Download rejected rows (CSV)").click()
    rejected = open(download.value.path(), encoding="utf-8-sig").read().splitlines()
    assert rejected[0] == "line,reason,Launch Date,Missile Name,Facility,Notes,Link"
    assert rejected[1].startswith("8,")
    dialog.get_by_role("button", name="Explore the events").click()
    dialog.wait_for(state="hidden")
    wait_for_points(page, 5)
    assert page.locator("#caption").inner_text() == (
        "All events, 1984-04-09 to 2023-07-12 — 5 events"
    )
    actor = page.get_by_role("option", name=re.compile(r"^North Korea"))
    assert actor.inner_text().split() == ["North", "Korea", "5"]
    page.fill("#search", "hwasong")
    page.locator("#search").press("Enter")
    wait_for_points(page, 2)
    assert "q=hwasong" in page.url
    page.get_by_role("button", name="Back to the bundled data").click()
    wait_for_points(page, 12)


def test_a_non_table_is_refused_and_an_upload_stays_in_its_own_session(
    page, browser, app_url, tmp_path
):
    fake = tmp_path / "photo.csv"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    page.goto(app_url)
    wait_for_points(page, 12)
    upload(page, fake)
    status = page.locator("#import-status")
    status.get_by_text("photo.csv: is a PNG image").wait_for()
    assert status.inner_text() == (
        "photo.csv: is a PNG image, not a table. Export the table as CSV or .xlsx."
    )
    assert page.get_by_role("dialog").is_hidden()
    upload(page, DATA / "import_csis_style.csv")
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator(".import-summary").wait_for()
    page.get_by_role("button", name="Explore the events").click()
    wait_for_points(page, 7)
    other = browser.new_context().new_page()
    try:
        other.goto(app_url)
        wait_for_points(other, 12)
        assert other.locator("#caption").inner_text().endswith("— 12 events")
    finally:
        other.context.close()
