import io
import zipfile
from datetime import date

from PIL import Image
from pypdf import PdfReader

from timeline.config import DEFAULT_DATA
from timeline.handout import (
    Fonts,
    find_fonts,
    handout_pdf,
    overview_figure,
    slide_pngs,
    slides_zip,
)
from timeline.load import read_events
from timeline.stories import Step, Story

from .conftest import DATA

EVENTS = read_events(DATA / "sample_events.csv").events
STORY = Story(
    "sample",
    "Leaflets and balloons",
    "A sample story.",
    (
        Step("leaflets-1", "풍선 전단 — activists fly leaflets."),
        Step("balloons-1"),
        Step("agreement-1"),
    ),
)


def blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 150), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_handout_has_the_overview_page_then_one_page_per_step():
    handout = handout_pdf(STORY, EVENTS, overview_png=blank_png())
    reader = PdfReader(io.BytesIO(handout.pdf))
    assert handout.pages == len(reader.pages) == 1 + 3
    first = reader.pages[0].extract_text()
    assert "Leaflets and balloons" in first and "A sample story." in first
    assert len(reader.pages[0].images) == 1
    step = reader.pages[2].extract_text()
    assert "step 2 of 3" in step
    assert "28 May 2024 – 29 May 2024" in step
    assert "First trash balloons" in step
    assert "https://example.org/balloons-1" in step


def test_the_english_title_page_says_how_to_read_the_overview():
    handout = handout_pdf(STORY, EVENTS, overview_png=blank_png(), today=date(2025, 3, 1))
    first = " ".join(PdfReader(io.BytesIO(handout.pdf)).pages[0].extract_text().split())
    assert first.startswith("Inter-Korean Tensions Timeline Leaflets and balloons")
    assert (
        "3 steps. Numbers on the timeline are the step numbers of the pages that follow. "
        "Printed 1 March 2025."
    ) in first
    assert "2. 28 May 2024 · First trash balloons" in first


KOREAN_STORY = Story(
    "balloons",
    "The balloon war",
    steps=(
        Step("2024-05-10-ffnk-leaflets-ganghwa"),
        Step("2024-05-28-balloons-round-1", "The first round."),
    ),
)
KOREAN_EVENTS = read_events(DEFAULT_DATA).events


def test_a_korean_handout_has_korean_headings_dates_and_event_titles():
    handout = handout_pdf(
        KOREAN_STORY, KOREAN_EVENTS, overview_png=blank_png(), today=date(2025, 3, 1), lang="ko"
    )
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(handout.pdf)).pages]
    assert pages[0].startswith("남북 긴장 연표 The balloon war")
    assert (
        "2단계. 연표의 숫자는 뒤에 이어지는 쪽의 단계 번호입니다. 인쇄일: 2025년 3월 1일."
        in pages[0]
    )
    assert "2. 2024년 5월 28일 · 북한, 첫 오물풍선 살포…전국서 260여 개 발견" in pages[0]
    step = pages[2]
    assert step.startswith("The balloon war · 2단계 중 2단계 2024년 5월 28일 ~ 2024년 5월 29일")
    assert "북한, 첫 오물풍선 살포…전국서 260여 개 발견 풍선 살포 · 북한" in step
    assert "The first round. 북한은 2024년 5월 28일 밤부터" in step
    assert "출처" in step
    assert "First wave" not in step and "Sources" not in step


def test_the_korean_overview_chart_has_korean_lanes():
    fig = overview_figure(KOREAN_STORY, KOREAN_EVENTS, "ko")
    assert fig["layout"]["yaxis"]["categoryarray"] == ["전단 살포", "풍선 살포"]


def test_korean_text_is_set_in_a_korean_font():
    fonts = find_fonts()
    assert fonts.hangul is not None, "install a Korean font: apt-get install fonts-nanum"
    handout = handout_pdf(STORY, EVENTS, fonts=fonts, overview_png=blank_png())
    page = PdfReader(io.BytesIO(handout.pdf)).pages[1]
    assert "풍선 전단" in page.extract_text()
    names = [str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
    assert any("Nanum" in n or "KR" in n or "CJK" in n for n in names), names
    assert handout.warnings == []


def test_without_a_korean_font_the_handout_warns_instead_of_printing_boxes_silently():
    fonts = find_fonts()
    handout = handout_pdf(
        STORY, EVENTS, fonts=Fonts(fonts.regular, fonts.bold, None), overview_png=blank_png()
    )
    assert handout.warnings == [
        "The story has Korean text but no Korean font was found, so it may print as empty "
        "boxes. Install one, e.g. 'apt-get install fonts-nanum'."
    ]


def test_real_overview_and_slides_render_in_the_headless_browser():
    handout = handout_pdf(STORY, EVENTS)
    reader = PdfReader(io.BytesIO(handout.pdf))
    assert len(reader.pages) == 4
    overview = reader.pages[0].images[0].image
    assert overview.width >= 1200
    slides = slide_pngs(STORY, EVENTS)
    assert [name for name, _ in slides] == [
        "1-leaflets-1.png",
        "2-balloons-1.png",
        "3-agreement-1.png",
    ]
    assert {Image.open(io.BytesIO(png)).size for _, png in slides} == {(1920, 1080)}
    archive = zipfile.ZipFile(io.BytesIO(slides_zip(slides, "sample-slides")))
    assert archive.namelist() == [f"sample-slides/{name}" for name, _ in slides]
