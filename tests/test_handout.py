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
from timeline.stories import Step, Story, load_stories

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


def test_handout_has_the_overview_page_then_the_steps_one_after_another():
    handout = handout_pdf(STORY, EVENTS, overview_png=blank_png())
    reader = PdfReader(io.BytesIO(handout.pdf))
    # Three short steps share the second page instead of leaving two pages two-thirds blank.
    assert handout.pages == len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert "Leaflets and balloons" in first and "A sample story." in first
    assert len(reader.pages[0].images) == 1
    steps = reader.pages[1].extract_text()
    assert [n for n in range(1, 4) if f"step {n} of 3" in steps] == [1, 2, 3]
    assert "28 May 2024 – 29 May 2024" in steps
    assert "First trash balloons" in steps
    assert "https://example.org/balloons-1" in steps


def test_no_page_of_a_shipped_handout_is_two_thirds_blank():
    events = read_events(DEFAULT_DATA).events
    library = load_stories(DEFAULT_DATA.parent / "stories", events, "data")
    for story in library.stories.values():
        handout = handout_pdf(story, events, overview_png=blank_png())
        pdf = PdfReader(io.BytesIO(handout.pdf))
        # Every page but the last is filled: its text reaches into the bottom third.
        for number, page in enumerate(pdf.pages[:-1], start=1):
            lowest: list[float] = []
            page.extract_text(visitor_text=lambda text, cm, tm, *_, seen=lowest: seen.append(tm[5]))
            height = float(page.mediabox.height)
            assert min(y for y in lowest if y > 0) < height * 0.35, (story.slug, number)


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
    step = pages[1]
    assert "The balloon war · 2단계 중 2단계 2024년 5월 28일 ~ 2024년 5월 29일" in step
    assert "북한, 첫 오물풍선 살포…전국서 260여 개 발견 풍선 살포 · 북한" in step
    assert "The first round. 북한은 2024년 5월 28일 밤부터" in step
    assert "출처" in step
    assert "First wave" not in step and "Sources" not in step


def test_a_korean_handout_uses_the_story_s_korean_words_and_a_bold_korean_face():
    story = Story(
        "balloons",
        "The balloon war",
        steps=(Step("2024-05-28-balloons-round-1", "The first round.", "첫 번째 살포."),),
        title_ko="풍선 전쟁",
    )
    handout = handout_pdf(story, KOREAN_EVENTS, overview_png=blank_png(), lang="ko")
    reader = PdfReader(io.BytesIO(handout.pdf))
    assert " ".join(reader.pages[0].extract_text().split()).startswith("남북 긴장 연표 풍선 전쟁")
    assert "첫 번째 살포." in reader.pages[1].extract_text()
    fonts = [str(f["/BaseFont"]) for f in reader.pages[1]["/Resources"]["/Font"].values()]
    # The headline and narration are bold: a bold Korean face, not the regular one.
    assert any("Bold" in name and "Nanum" in name for name in fonts), fonts
    assert not any("DejaVu" in name for name in fonts), fonts


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
    assert len(reader.pages) == 2
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


def test_a_slide_names_its_sources_by_outlet_each_once_and_at_most_four():
    from timeline.handout import _source_note

    events = read_events(DEFAULT_DATA).events.set_index("id", drop=False)
    one = events.loc["2024-06-02-nsc-vows-unbearable-measures"]
    assert _source_note(one) == "Sources: The Korea Herald  ·  Asia Economy  ·  Asia News Network"
    assert _source_note(one, "ko").startswith("출처: The Korea Herald  ·  ")
    many = events.loc["2024-10-15-roads-demolished"]
    assert _source_note(many) == (
        "Sources: The Korea Herald  ·  Spotlight Nepal  ·  Adnkronos  ·  +5"
    )
    assert "http" not in _source_note(many)
