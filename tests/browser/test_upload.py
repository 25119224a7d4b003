import re

import pytest

from ..conftest import DATA
from .conftest import wait_for_points, wait_until

SAMPLE = DATA / "sample_events.csv"
UPLOAD_INPUT = "#import-upload input[type=file]"


@pytest.fixture
def app_url(serve):
    return serve(SAMPLE)


# What the dialog says while importing import_cp1252.csv, in each interface language.
CP1252 = {
    "en": {
        "heading": "Import import_cp1252.csv",
        "read": "cp1252 text, semicolon-separated · 6 data rows · 5 columns",
        "actor": "Actor: one value for every row",
        "import": "Import",
        "summary": "6 rows: 5 imported, 1 rejected, 1 warning",
    },
    "ko": {
        "heading": "import_cp1252.csv 가져오기",
        "read": "cp1252 텍스트, 세미콜론으로 구분 · 데이터 6행 · 열 5개",
        "actor": "주체: 모든 행에 같은 값",
        "import": "가져오기",
        "summary": "6행 중 5행 가져옴, 1행 거부, 경고 1건",
    },
}


def upload(page, path) -> None:
    page.set_input_files(UPLOAD_INPUT, str(path))


def import_cp1252(page, lang: str):
    """Upload import_cp1252.csv, give every row an actor, import it; the dialog, as reported."""
    words = CP1252[lang]
    upload(page, DATA / "import_cp1252.csv")
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("heading", name=words["heading"]).wait_for()
    assert dialog.locator("#import-read").inner_text() == words["read"]
    assert dialog.get_by_role("gridcell", name="Scud-B").is_visible()
    page.get_by_label(words["actor"]).fill("north_korea")
    dialog.get_by_role("button", name=words["import"], exact=True).click()
    summary = dialog.locator(".import-summary")
    summary.wait_for()
    assert summary.inner_text() == words["summary"]
    return dialog


def test_uploaded_file_is_mapped_imported_and_explored(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    dialog = import_cp1252(page, "en")
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


def test_the_upload_dialog_and_its_report_are_in_korean(page, app_url):
    page.goto(app_url + "/?lang=ko")
    wait_for_points(page, 12)
    wait_until(page, "document.getElementById('import-panel-heading').innerText === '내 데이터'")
    assert page.locator(".import-panel .hint").first.inner_text() == (
        "최대 50MB까지 올릴 수 있습니다. 올린 파일은 나에게만 보입니다."
    )
    dialog = import_cp1252(page, "ko")
    assert dialog.get_by_role("heading", name="어느 열에 무엇이 있는지").is_visible()
    assert dialog.get_by_role("button", name="닫기").is_visible()
    assert dialog.locator(".rejected-table th").all_inner_texts() == ["행", "이유"]
    dialog.get_by_role("button", name="사건 살펴보기").click()
    dialog.wait_for(state="hidden")
    wait_for_points(page, 5)
    assert page.locator("#import-status").inner_text() == (
        "import_cp1252.csv 표시 중: 사건 5건을 가져왔습니다."
    )
    assert page.url.endswith("/?lang=ko")
    page.get_by_role("button", name="기본 데이터로 돌아가기").click()
    wait_for_points(page, 12)
    assert page.url.endswith("/?lang=ko")
