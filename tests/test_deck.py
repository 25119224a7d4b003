import io

from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from timeline.deck import speaker_notes, story_pptx
from timeline.load import read_events
from timeline.stories import Step, Story, story_events

from .conftest import DATA

EVENTS = read_events(DATA / "sample_events.csv").events
STORY = Story(
    "sample",
    "Leaflets and balloons",
    "A sample story.",
    (
        Step("leaflets-1", "Activists fly leaflets.", "활동가들이 전단을 날린다."),
        Step("balloons-1"),
    ),
    title_ko="전단과 풍선",
)


def chart_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1140, 945), "white").save(buffer, "PNG")
    return buffer.getvalue()


def deck(lang="en") -> Presentation:
    content = story_pptx(STORY, EVENTS, lang, charts=[chart_png(), chart_png()])
    return Presentation(io.BytesIO(content))


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_a_deck_has_one_widescreen_slide_per_step_with_the_chart_and_editable_text():
    pptx = deck()
    assert len(pptx.slides) == 2
    assert (pptx.slide_width, pptx.slide_height) == (Inches(13.333), Inches(7.5))
    first = pptx.slides[0]
    assert [shape.shape_type for shape in first.shapes].count(13) == 1  # one picture
    title, progress, body = texts(first)
    assert (title, progress) == ("Leaflets and balloons", "1 / 2")
    row = EVENTS.set_index("id").loc["leaflets-1"]
    assert body.splitlines()[1] == row["title"]
    assert body.splitlines()[2] == "Activists fly leaflets."
    assert texts(pptx.slides[1])[1] == "2 / 2"


def test_the_speaker_notes_hold_the_narration_and_every_source():
    notes = deck().slides[0].notes_slide.notes_text_frame.text
    row = story_events(STORY, EVENTS).iloc[0]
    assert notes == speaker_notes(row, "Activists fly leaflets.")
    assert notes.startswith("Activists fly leaflets.\n\nSources:\n- ")
    for url in row["sources"].split(";"):
        assert url.strip() in notes


def test_a_korean_deck_uses_the_story_s_korean_words_and_names_a_hangul_font():
    first = deck("ko").slides[0]
    title, _, body = texts(first)
    assert title == "전단과 풍선"
    assert "활동가들이 전단을 날린다." in body.splitlines()
    assert 'typeface="Malgun Gothic"' in first.shapes[2]._element.xml
