"""Handouts of a story: a printable PDF and a slide deck of PNGs."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from fpdf import FPDF
from PIL import Image

from timeline import schema as s
from timeline.filters import actor_label, type_label
from timeline.i18n import DEFAULT_LANGUAGE, event_day, event_text, format_date, plural, t
from timeline.load import is_http_url, split_list
from timeline.render import shared_renderer
from timeline.sources import describe, domain, outlet, shipped_sources
from timeline.stories import Story, story_events
from timeline.story_figures import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    colours,
    slide_figure,
    story_figure,
)

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
# Fonts with Latin text, then fonts with Hangul, in order of preference.
TEXT_FONTS = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("arial.ttf", "arialbd.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
)
# Fonts with Hangul, regular and bold, in order of preference.
HANGUL_FONTS = (
    ("NanumGothic.ttf", "NanumGothicBold.ttf"),
    ("NanumBarunGothic.ttf", "NanumBarunGothicBold.ttf"),
    ("NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"),
    ("UnDotum.ttf", "UnDotumBold.ttf"),
    ("malgun.ttf", "malgunbd.ttf"),
    ("AppleSDGothicNeo.ttc", ""),
    ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
)
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
# Paper is white: the handout and the slides use the light theme's colours.
PRINT = colours("light")
LISTED_STEPS = 24
FIELDS = (s.TITLE, s.DESCRIPTION)
OVERVIEW_MAX_MM = 100
# A step starts on a new page only when less than this much of the page is left.
STEP_MIN_MM = 75
# fontTools reports every table it leaves out of a subset; none matter for the handout.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Fonts:
    """Font files for the PDF: Latin regular and bold, and Hangul regular and bold."""

    regular: Path | None = None
    bold: Path | None = None
    hangul: Path | None = None
    hangul_bold: Path | None = None


@dataclass
class Handout:
    """A rendered handout and anything the reader should know about it."""

    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)


def find_fonts(dirs: tuple[Path, ...] = FONT_DIRS) -> Fonts:
    """The first installed fonts of TEXT_FONTS and HANGUL_FONTS found under dirs."""
    files: dict[str, Path] = {}
    for folder in dirs:
        if folder.is_dir():
            for path in folder.rglob("*"):
                files.setdefault(path.name, path)
    regular = bold = None
    for regular_name, bold_name in TEXT_FONTS:
        if regular_name in files:
            regular, bold = files[regular_name], files.get(bold_name)
            break
    hangul = hangul_bold = None
    for regular_name, bold_name in HANGUL_FONTS:
        if regular_name in files:
            hangul, hangul_bold = files[regular_name], files.get(bold_name)
            break
    return Fonts(regular, bold, hangul, hangul_bold)


def render_images(
    figures: list[dict | go.Figure], width: int, height: int, fmt: str = "png", scale: float = 1
) -> list[bytes]:
    """Render figures to image bytes in the app's one headless browser, with its fonts (the
    browser starts on the first call and is reused until the process ends)."""
    renderer = shared_renderer()
    return [renderer.image(fig, fmt, width, height, scale) for fig in figures]


def overview_figure(story: Story, events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> dict:
    """Every step of the story on one timeline, numbered, for the handout's first page."""
    fig = story_figure(story_events(story, events), current=None, font_size=20, lang=lang)
    fig["layout"]["margin"] = dict(l=10, r=30, t=30, b=40)
    return fig


def handout_pdf(
    story: Story,
    events: pd.DataFrame,
    fonts: Fonts | None = None,
    overview_png: bytes | None = None,
    today: date | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> Handout:
    """A4 handout: title, introduction and timeline overview, then the steps one after another
    (a new page only when a step would not start on this one) with each step's date, title,
    narration, description and sources. Everything is in `lang`, the story's own words too
    when the story file has them in that language."""
    fonts = fonts or find_fonts()
    story = story.in_language(lang)
    rows = story_events(story, events)
    if overview_png is None:
        fig = overview_figure(story, events, lang)
        overview_png = render_images([fig], 1200, max(500, fig["layout"]["height"]), scale=2)[0]
    pdf = _Document(fonts, lang)
    warnings = list(pdf.warnings)
    texts = [t("app.title", lang), story.title, story.introduction]
    texts += [event_text(row, field, lang) for _, row in rows.iterrows() for field in FIELDS]
    texts += [step.narration for step in story.steps]
    if fonts.hangul is None and any(HANGUL.search(str(t)) for t in texts):
        warnings.append(
            "The story has Korean text but no Korean font was found, so it may print as empty "
            "boxes. Install one, e.g. 'apt-get install fonts-nanum'."
        )
    pdf.title_page(story, overview_png, rows, today or date.today())
    pdf.add_page()
    for i, step in enumerate(story.steps):
        pdf.step_section(story, rows.iloc[i], step.narration, i + 1, len(rows))
    return Handout(bytes(pdf.output()), pdf.pages_count, warnings)


class _Document(FPDF):
    """The handout's page design."""

    def __init__(self, fonts: Fonts, lang: str = DEFAULT_LANGUAGE):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.lang = lang
        self.set_lang(lang)
        self.warnings: list[str] = []
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)
        self.face = "helvetica"
        if fonts.regular:
            self.face = "text"
            self.add_font(self.face, "", fonts.regular)
            self.add_font(self.face, "B", fonts.bold or fonts.regular)
        else:
            self.warnings.append(
                "No Unicode font was found, so letters outside Latin-1 are replaced by '?'. "
                "Install one, e.g. 'apt-get install fonts-dejavu-core'."
            )
        if fonts.hangul and fonts.regular:
            self.add_font("hangul", "", fonts.hangul)
            self.add_font("hangul", "B", fonts.hangul_bold or fonts.hangul)
            if lang == "ko":
                # The Korean font has Latin letters and digits too: one face, one weight.
                self.face = "hangul"
            else:
                self.set_fallback_fonts(["hangul"], exact_match=False)
        self.set_text_color(*_rgb(PRINT["ink"]))
        self.unicode = bool(fonts.regular)

    def safe(self, value: object) -> str:
        value = str(value)
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def write_block(self, value: str, size: float, style: str = "", colour: str = "ink", gap=2):
        self.set_font(self.face, style, size)
        self.set_text_color(*_rgb(PRINT[colour]))
        self.multi_cell(0, size * 0.48, self.safe(value), align="L", new_x="LMARGIN")
        self.ln(gap)

    def title_page(self, story: Story, overview: bytes, rows: pd.DataFrame, today: date) -> None:
        lang = self.lang
        self.add_page()
        self.write_block(t("app.title", lang), 10, colour="muted")
        self.write_block(story.title, 24, "B", gap=3)
        if story.introduction:
            self.write_block(story.introduction, 12, gap=5)
        width, height = Image.open(io.BytesIO(overview)).size
        shown = min(self.epw, OVERVIEW_MAX_MM * width / height)
        self.image(io.BytesIO(overview), w=shown, x=self.l_margin)
        self.ln(3)
        steps = plural("present.steps", len(rows), lang)
        if len(rows) > LISTED_STEPS:
            steps = t("handout.listed", lang, steps=steps, n=LISTED_STEPS)
        printed = t("handout.printed", lang, day=format_date(today, lang))
        self.write_block(
            f"{steps}. {t('handout.numbers', lang)} {printed}", 10, colour="muted", gap=3
        )
        # A long list would spill onto a second page; the step pages carry the same facts.
        for number, (_, row) in enumerate(rows.head(LISTED_STEPS).iterrows(), start=1):
            day = format_date(row[s.DATE], lang, short=True)
            self.write_block(f"{number}.  {day}  ·  {event_text(row, s.TITLE, lang)}", 9, gap=0.6)

    def step_section(self, story: Story, row: pd.Series, narration: str, n: int, total: int):
        lang = self.lang
        if n > 1:
            if self.get_y() > self.h - self.b_margin - STEP_MIN_MM:
                self.add_page()
            else:
                self.ln(4)
                self.set_draw_color(*_rgb(PRINT["line"]))
                self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
                self.ln(6)
        step = t("handout.step", lang, n=n, total=total)
        self.write_block(f"{story.title}  ·  {step}", 10, colour="muted", gap=3)
        self.write_block(event_day(row, lang), 13, "B", colour="accent")
        self.write_block(event_text(row, s.TITLE, lang), 18, "B", gap=3)
        facts = [
            type_label(str(row[s.EVENT_TYPE]), lang=lang),
            actor_label(str(row[s.ACTOR]), lang),
        ]
        if row[s.LOCATION]:
            facts.append(str(row[s.LOCATION]))
        self.write_block("  ·  ".join(facts), 10, colour="muted", gap=3)
        if narration:
            self.write_block(narration, 12, "B", gap=3)
        description = event_text(row, s.DESCRIPTION, lang)
        if description:
            self.write_block(description, 11, gap=3)
        self.write_block(t("detail.sources", lang), 10, "B", gap=0.5)
        urls = split_list(row[s.SOURCES])
        for url in urls or [t("detail.no_source", lang)]:
            if not is_http_url(url):
                self.write_block(url, 9, gap=0.5)
                continue
            self.set_font(self.face, "", 9)
            self.set_text_color(*_rgb(PRINT["ink"]))
            named = describe(url, shipped_sources(), lang)
            self.multi_cell(0, 4.4, self.safe(named), align="L", link=url, new_x="LMARGIN")
            self.set_font(self.face, "", 7.5)
            self.set_text_color(*_rgb(PRINT["accent"]))
            self.multi_cell(
                0, 3.6, self.safe(url), align="L", link=url, wrapmode="CHAR", new_x="LMARGIN"
            )
            self.ln(0.8)
        self.set_text_color(*_rgb(PRINT["ink"]))


def slide_pngs(
    story: Story, events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE
) -> list[tuple[str, bytes]]:
    """One 1920x1080 PNG per step, named 01-<event id>.png, ready to drop into a slide deck."""
    story = story.in_language(lang)
    rows = story_events(story, events)
    figures = [
        slide_figure(story.title, rows, i, step.narration, _source_note(rows.iloc[i], lang), lang)
        for i, step in enumerate(story.steps)
    ]
    images = render_images(figures, SLIDE_WIDTH, SLIDE_HEIGHT)
    digits = len(str(len(images)))
    return [
        (f"{i:0{digits}d}-{event_id}.png", png)
        for i, (event_id, png) in enumerate(zip(story.event_ids, images, strict=True), start=1)
    ]


def slides_zip(slides: list[tuple[str, bytes]], folder: str) -> bytes:
    """The slides in a zip file, inside one folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, png in slides:
            archive.writestr(f"{folder}/{name}", png)
    return buffer.getvalue()


SLIDE_OUTLETS = 4


def _source_note(row: pd.Series, lang: str = DEFAULT_LANGUAGE) -> str:
    """'Source: Yonhap · KBS · TASS': the outlets of a step's sources, each named once."""
    urls = [u for u in split_list(row[s.SOURCES]) if is_http_url(u)]
    names = list(dict.fromkeys(outlet(u, shipped_sources()) or domain(u) for u in urls))
    if len(names) > SLIDE_OUTLETS:
        names = names[: SLIDE_OUTLETS - 1] + [f"+{len(names) - SLIDE_OUTLETS + 1}"]
    if len(names) > 1:
        return t("export.sources", lang, names="  ·  ".join(names))
    return t("export.source", lang, name=names[0]) if names else ""


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
