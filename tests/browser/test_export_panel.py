import io
import struct

import pandas as pd
import pytest

from ..conftest import DATA
from .conftest import wait_for_points, wait_until

SAMPLE = DATA / "sample_events.csv"


@pytest.fixture
def app_url(serve):
    return serve(SAMPLE)


def open_export(page) -> None:
    """Unfold the export panel; its words and preview are drawn only while it is open."""
    page.locator(".export-summary").click()
    wait_until(page, "document.querySelector('#alt-text').value !== ''")


def download(page, label: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=90000) as info:
        page.get_by_role("button", name=label, exact=True).click()
    done = info.value
    with open(done.path(), "rb") as file:
        return done.suggested_filename, file.read()


def test_alt_text_and_embed_code_follow_the_view(page, app_url):
    page.goto(app_url + "?type=loudspeaker")
    wait_for_points(page, 2)
    assert page.locator("#alt-text").input_value() == ""  # folded: nothing worked out
    open_export(page)
    alt = page.locator("#alt-text")
    wait_until(page, "document.querySelector('#alt-text').value.startsWith('Timeline of 2')")
    assert alt.input_value().startswith("Timeline of 2 events from 9 June to 31 July 2024")
    embed = page.locator("#embed-code").input_value()
    assert embed.startswith(f'<iframe src="{app_url}/embed?type=loudspeaker"')
    cited = page.locator("#citation").input_value()
    assert cited.startswith("APA\nInter-Korean Tensions Timeline. (")
    assert f"data as of 31 October 2024]. {app_url}/?type=loudspeaker\n\nChicago\n" in cited
    assert "  note = {Data as of 2024-10-31; accessed " in cited
    page.goto(f"{app_url}/embed?type=loudspeaker")
    page.wait_for_selector(".js-plotly-plot .scatterlayer")
    page.locator("summary").click()
    assert page.get_by_role("link", name="example.org").count() == 2


def test_data_buttons_download_the_filtered_events(page, app_url):
    page.goto(app_url + "?type=balloon_launch")
    wait_for_points(page, 5)
    open_export(page)
    name, content = download(page, "CSV")
    assert name == "inter-korean-timeline-balloon-launch.csv"
    assert content.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    assert list(table["id"]) == [f"balloons-{n}" for n in range(1, 6)]
    assert (
        page.locator("#export-status")
        .inner_text()
        .startswith("Downloaded inter-korean-timeline-balloon-launch.csv")
    )


def test_png_button_exports_the_chosen_size_and_density(page, app_url):
    page.goto(app_url + "?type=balloon_launch")
    wait_for_points(page, 5)
    open_export(page)
    page.get_by_text("Square social (1080×1080)").click()
    wait_until(page, "document.querySelector('#export-width').value === '1080'")
    page.locator("#export-scale").get_by_text("1×", exact=True).click()
    page.fill("#export-title", "풍선 Balloons")
    page.locator("#export-title").press("Enter")
    name, content = download(page, "PNG")
    assert name == "inter-korean-timeline-balloon-launch.png"
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", content[16:24]) == (1080, 1080)


def test_the_panel_and_its_exports_follow_the_korean_interface(page, serve):
    url = serve(DATA / "bilingual_events.csv")
    page.goto(url + "?lang=ko&type=balloon_launch")
    wait_for_points(page, 5)
    wait_until(page, "document.querySelector('.export-summary').textContent === '내보내기'")
    open_export(page)
    panel = page.locator(".export")
    assert panel.locator(".label").all_text_contents() == [
        "차트",
        "내보낼 크기의 미리 보기",
        "제목",
        "부제",
        "제작 표기",
        "크기",
        "너비",
        "높이",
        "PNG 해상도 배율",
        "대체 텍스트",
        "임베드 코드",
        "인용하기",
    ]
    wait_until(page, "document.querySelector('#alt-text').value.startsWith('2024년')")
    assert (
        page.locator("#alt-text")
        .input_value()
        .startswith(
            "2024년 5월 28일부터 7월 24일까지의 사건 5건을 사건 유형마다 한 줄씩 보여 주는 연표입니다."
        )
    )
    assert page.locator("#export-title").get_attribute("placeholder") == (
        "풍선 살포, 2024년 5월 28일 ~ 2024년 7월 24일 — 5건"
    )
    assert page.locator("#export-credit").get_attribute("placeholder") == "차트: …"
    assert panel.get_by_text("기사 (1200×675)", exact=True).count() == 1
    html_button = page.get_by_role("button", name="대화형 HTML", exact=True)
    assert html_button.get_attribute("title") == "지금 보기를 대화형 HTML 파일로 내려받기"
    assert (
        page.locator("#embed-code")
        .input_value()
        .startswith(f'<iframe src="{url}/embed?type=balloon_launch&amp;lang=ko"')
    )
    name, content = download(page, "SVG")
    assert name == "inter-korean-timeline-balloon-launch.svg"
    svg = content.decode("utf-8")
    assert ">풍선 살포  </text>" in svg and ">6월 2일</text>" in svg
    assert page.locator("#export-status").inner_text() == (
        f"내려받았습니다: {name} ({len(content):,}바이트)."
    )
    page.goto(f"{url}/embed?lang=ko&type=balloon_launch")
    page.wait_for_selector(".js-plotly-plot .scatterlayer")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("summary").inner_text() == "사건 5건과 출처"
    lanes = page.locator(".yaxislayer-above text").all_text_contents()
    assert [lane.strip() for lane in lanes] == ["풍선 살포"]
