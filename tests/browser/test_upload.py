import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from timeline.config import request_bytes, upload_bytes
from timeline.factory import create_app
from timeline.security import MAX_REQUEST_BYTES

from ..conftest import DATA
from .conftest import Served, wait_for_points, wait_until

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
    expect(dialog.get_by_role("gridcell", name="Scud-B")).to_be_visible()
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
    raw = open(download.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets read the encoding from
    rejected = raw.decode("utf-8-sig").splitlines()
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


def rows_served(page, url: str) -> int:
    return len(list(csv.DictReader(io.StringIO(page.request.get(url).text()))))


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_an_unshared_upload_is_denied_to_another_browser_until_shared_then_deleted(
    page, browser, app_url
):
    page.goto(app_url)
    wait_for_points(page, 12)
    upload(page, DATA / "import_csis_style.csv")
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator(".import-summary").wait_for()
    page.get_by_role("button", name="Explore the events").click()
    wait_for_points(page, 7)
    link = page.url
    key = parse_qs(urlparse(link).query)["dataset"][0]
    owner = page.locator("#import-owner")
    assert owner.locator(".hint").inner_text() == (
        "Only this browser can see this upload. Sharing the view lets anyone who has its link "
        "see the uploaded events and their rejected rows: the link is the key."
    )
    other = browser.new_context().new_page()
    errors = console_errors(other)
    try:
        other.goto(link)
        wait_for_points(other, 12)
        expect(other.locator("#notices")).to_contain_text(
            "The uploaded dataset this link names is no longer here"
        )
        assert rows_served(other, f"{app_url}/events.csv?dataset={key}") == 12  # the bundled
        owner.get_by_role("button", name="Share this view").click()
        expect(owner.locator("#import-share-status")).to_have_text(
            "Shared: anyone with this view's link can now see the uploaded events. "
            "Delete the upload to take it back."
        )
        other.goto(link)
        wait_for_points(other, 7)
        assert rows_served(other, f"{app_url}/events.csv?dataset={key}") == 7
        owner.get_by_role("button", name="Delete this upload").click()
        wait_for_points(page, 12)
        assert page.locator("#import-status").inner_text() == (
            "The upload is deleted; its links now show the bundled data."
        )
        other.goto(link)
        wait_for_points(other, 12)
        expect(other.locator("#notices")).to_contain_text("no longer here")
    finally:
        other.context.close()
    assert errors == []


def test_the_upload_dialog_and_its_report_are_in_korean(page, app_url):
    page.goto(app_url + "/?lang=ko")
    wait_for_points(page, 12)
    wait_until(page, "document.getElementById('import-panel-heading').innerText === '내 데이터'")
    assert page.locator(".import-panel .hint").first.inner_text() == (
        "최대 50MB까지 올릴 수 있습니다. 올린 데이터는 화면을 공유하기 전까지 이 브라우저에서만 볼 수 "
        "있습니다."
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
    assert parse_qs(urlparse(page.url).query)["lang"] == ["ko"]  # the language stays
    page.get_by_role("button", name="기본 데이터로 돌아가기").click()
    wait_for_points(page, 12)
    assert page.url.endswith("/?lang=ko")


KOREAN_CP949 = DATA / "import_korean_cp949.csv"


def test_a_cp949_korean_file_keeps_its_hangul_and_the_encoding_can_be_overridden(page, app_url):
    page.goto(app_url)
    wait_for_points(page, 12)
    upload(page, KOREAN_CP949)
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("heading", name="Import import_korean_cp949.csv").wait_for()
    read = dialog.locator("#import-read")
    assert read.inner_text() == "cp949 text, comma-separated · 5 data rows · 8 columns"
    expect(dialog.get_by_role("gridcell", name="북한 오물풍선 첫 살포")).to_be_visible()
    assert dialog.locator("#import-encoding").inner_text() == "cp949 (detected)"
    dialog.locator("#import-encoding").click()
    page.get_by_role("option", name="cp1252", exact=True).click()
    expect(read).to_have_text("cp1252 text, comma-separated · 5 data rows · 8 columns")
    expect(dialog.get_by_role("columnheader", name="³¯Â¥")).to_be_visible()
    dialog.locator("#import-encoding").click()
    page.get_by_role("option", name="cp949 (detected)").click()
    expect(read).to_have_text("cp949 text, comma-separated · 5 data rows · 8 columns")
    page.get_by_label("Actor: one value for every row").fill("north_korea")
    dialog.get_by_role("button", name="Import", exact=True).click()
    summary = dialog.locator(".import-summary")
    summary.wait_for()
    assert summary.inner_text() == "5 rows: 4 imported, 1 rejected, 4 warnings"
    dialog.get_by_role("button", name="Explore the events").click()
    wait_for_points(page, 4)
    page.fill("#search", "오물풍선")
    page.locator("#search").press("Enter")
    wait_for_points(page, 1)


@pytest.fixture(scope="module")
def small_limit_url():
    """An app whose upload limit is 0.05 MB (52,428 bytes)."""
    served = Served(create_app(events_path=SAMPLE, max_upload_mb=0.05))
    yield served.url
    served.stop()


def test_a_file_over_the_limit_is_refused_before_it_is_sent(page, small_limit_url, tmp_path):
    header = "date,title,actor,event_type,sources\n"
    row = "2024-05-28,{},north_korea,balloon_launch,https://example.org/a\n"
    big, fits = tmp_path / "big.csv", tmp_path / "fits.csv"
    big.write_text(header + "".join(row.format(f"Event {i:05d}") for i in range(900)))
    fits.write_text(header + "".join(row.format(f"Event {i:05d}") for i in range(700)))
    assert big.stat().st_size > upload_bytes(0.05) > fits.stat().st_size
    sent = []
    page.on(
        "request",
        lambda r: sent.append(r) if "import-upload.contents" in (r.post_data or "") else None,
    )
    page.goto(small_limit_url)
    wait_for_points(page, 12)
    upload(page, big)
    refusal = page.get_by_role("alert")
    expect(refusal).to_have_text(
        "big.csv (0.1 MB): is larger than the import limit of 0.05 MB. Split the file."
    )
    page.wait_for_timeout(500)
    assert sent == [] and page.get_by_role("dialog").is_hidden()
    upload(page, fits)
    page.get_by_role("dialog").get_by_role("heading", name="Import fits.csv").wait_for()
    assert refusal.is_hidden() and len(sent) == 1


def test_the_upload_limit_is_computed_once_and_kept_by_the_hardening():
    for mb in (0.05, 50, 100):
        app = create_app(events_path=SAMPLE, max_upload_mb=mb)
        assert app.server.config["MAX_CONTENT_LENGTH"] == max(request_bytes(mb), MAX_REQUEST_BYTES)
    assert request_bytes(100) == 100 * 1024 * 1024 * 4 // 3 + 1024 * 1024
