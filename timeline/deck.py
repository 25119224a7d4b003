"""A story as a PowerPoint deck: one slide per step, the chart as a picture, the words as text
boxes a teacher can edit, and each event's sources in the speaker notes."""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from timeline import schema as s
from timeline.filters import actor_label, type_label
from timeline.handout import PRINT, render_images
from timeline.i18n import DEFAULT_LANGUAGE, event_day, event_text, t
from timeline.load import is_http_url, split_list
from timeline.sources import describe, shipped_sources
from timeline.stories import Story, story_events
from timeline.story_figures import story_figure

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.4)
TEXT_WIDTH = Inches(4.9)
# The chart's picture, in CSS pixels at 2x: the right-hand 7.6 x 6.3 inches of the slide.
CHART_PIXELS = (1140, 945)
# Hangul in PowerPoint falls back to the system's East Asian font unless one is named.
LATIN_FONT = "Arial"
HANGUL_FONT = "Malgun Gothic"


def story_pptx(
    story: Story,
    events: pd.DataFrame,
    lang: str = DEFAULT_LANGUAGE,
    charts: list[bytes] | None = None,
) -> bytes:
    """The .pptx bytes of a story in `lang`: one slide per step. `charts` (one PNG per step)
    skips rendering, for tests."""
    story = story.in_language(lang)
    rows = story_events(story, events)
    if charts is None:
        figures = [_chart(rows, i, lang) for i in range(len(rows))]
        charts = render_images(figures, *CHART_PIXELS, scale=2)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]
    for i, (step, png) in enumerate(zip(story.steps, charts, strict=True)):
        slide = deck.slides.add_slide(blank)
        _step_slide(slide, story, rows.iloc[i], step.narration, i, len(rows), png, lang)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _chart(rows: pd.DataFrame, current: int, lang: str) -> dict:
    fig = story_figure(rows, current, font_size=26, lang=lang)
    fig["layout"].update(width=CHART_PIXELS[0], height=CHART_PIXELS[1])
    fig["layout"]["margin"] = {"l": 10, "r": 30, "t": 40, "b": 50}
    # Fewer, level date labels: Korean month names would otherwise be tilted to fit.
    fig["layout"]["xaxis"].update(nticks=6, tickangle=0)
    return fig


def _step_slide(slide, story: Story, row: pd.Series, narration: str, i, total, png, lang) -> None:
    top = MARGIN
    _box(slide, MARGIN, top, SLIDE_WIDTH - 2 * MARGIN - Inches(1.2), Inches(0.4),
         [(story.title, 14, False, "muted")])  # fmt: skip
    _box(slide, SLIDE_WIDTH - MARGIN - Inches(1.2), top, Inches(1.2), Inches(0.4),
         [(f"{i + 1} / {total}", 14, False, "muted")], right=True)  # fmt: skip
    facts = [type_label(str(row[s.EVENT_TYPE]), lang=lang), actor_label(str(row[s.ACTOR]), lang)]
    if row[s.LOCATION]:
        facts.append(str(row[s.LOCATION]))
    paragraphs = [
        (event_day(row, lang), 16, True, "accent"),
        (event_text(row, s.TITLE, lang), 24, True, "ink"),
    ]
    if narration:
        paragraphs.append((narration, 16, True, "ink"))
    description = event_text(row, s.DESCRIPTION, lang)
    if description:
        paragraphs.append((description, 13 if len(description) < 400 else 11, False, "ink"))
    paragraphs.append(("  ·  ".join(facts), 12, False, "muted"))
    body_top = top + Inches(0.6)
    _box(slide, MARGIN, body_top, TEXT_WIDTH, SLIDE_HEIGHT - body_top - MARGIN, paragraphs)
    left = MARGIN + TEXT_WIDTH + Inches(0.2)
    width = SLIDE_WIDTH - left - MARGIN
    height = Emu(int(width * CHART_PIXELS[1] / CHART_PIXELS[0]))
    slide.shapes.add_picture(io.BytesIO(png), left, body_top, width=width, height=height)
    slide.notes_slide.notes_text_frame.text = speaker_notes(row, narration, lang)


def speaker_notes(row: pd.Series, narration: str = "", lang: str = DEFAULT_LANGUAGE) -> str:
    """The step's narration, then its sources: outlet, headline and date, and the address."""
    lines = [narration, ""] if narration else []
    lines.append(t("detail.sources", lang) + ":")
    urls = split_list(row[s.SOURCES])
    for url in urls:
        lines.append(
            f"- {describe(url, shipped_sources(), lang)}: {url}" if is_http_url(url) else f"- {url}"
        )
    if not urls:
        lines.append(t("detail.no_source", lang))
    return "\n".join(lines)


def _box(slide, left, top, width, height, paragraphs, right: bool = False) -> None:
    """A text box of (text, points, bold, colour) paragraphs that wraps and shrinks to fit."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for n, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.45)
        if right:
            paragraph.alignment = PP_ALIGN.RIGHT
        run = paragraph.add_run()
        run.text = str(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = LATIN_FONT
        run.font.color.rgb = RGBColor.from_string(PRINT[colour].lstrip("#").upper())
        _east_asian_font(run, HANGUL_FONT)


def _east_asian_font(run, name: str) -> None:
    """Name the font PowerPoint uses for Hangul in this run (python-pptx sets Latin only)."""
    props = run._r.get_or_add_rPr()
    ea = props.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}ea", {})
    ea.set("typeface", name)
    latin = props.find("{http://schemas.openxmlformats.org/drawingml/2006/main}latin")
    if latin is not None:
        latin.addnext(ea)
    else:
        props.append(ea)
