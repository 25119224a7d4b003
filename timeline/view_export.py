"""A filtered view as a file in any export format: the one entry point for the CLI and the app."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from timeline import schema as s
from timeline.charts import chart_figure, chart_words
from timeline.density import Window
from timeline.export import (
    FORMATS,
    csv_bytes,
    data_table,
    describe_svg,
    json_bytes,
    standalone_html,
    timelinejs_bytes,
)
from timeline.filters import Filters, apply_filters, describe
from timeline.i18n import language
from timeline.publication import (
    DEFAULT_PRESET,
    PRESETS,
    ChartText,
    alt_text,
    chart_text,
    check_size,
    data_as_of,
    publication_figure,
)
from timeline.render import IMAGE_FORMATS, Renderer, shared_renderer, svg_with_fonts
from timeline.state import TIMELINE_CHART, ViewState, custom_size
from timeline.themes import DEFAULT_THEME
from timeline.themes import theme as theme_name

FILE_STEM = "inter-korean-timeline"
# Formats meant for paper: always in the light theme.
PRINT_FORMATS = ("pdf",)


@dataclass(frozen=True)
class ExportOptions:
    """How to export: format, size in CSS pixels, PNG scale, the words on the chart, and the
    view's language and theme (None: English, light).

    Charts are light by default, as newsrooms and print expect. A theme given explicitly (the
    view's URL has `theme=dark` or `theme=contrast`) colours PNG, SVG and the interactive HTML;
    PDF is for print and always stays light.
    """

    fmt: str
    width: int = PRESETS[DEFAULT_PRESET].width
    height: int = PRESETS[DEFAULT_PRESET].height
    scale: float = 1
    title: str | None = None
    subtitle: str | None = None
    credit: str | None = None
    lang: str | None = None
    theme: str | None = None
    # The rest of the view an image draws: which chart, the zoom window, the running total.
    view: ViewState = field(default_factory=ViewState)

    @classmethod
    def for_view(cls, state: ViewState, fmt: str, scale: float = 1) -> ExportOptions:
        """The export of exactly what a view shows: its chart, zoom, words, size and colours."""
        width, height = view_size(state.size)
        return cls(
            fmt,
            width,
            height,
            scale,
            state.title or None,
            state.subtitle or None,
            state.credit or None,
            state.lang,
            state.theme,
            view=state,
        )

    @property
    def chart(self) -> str:
        return self.view.chart

    @property
    def window(self) -> Window | None:
        """The zoomed span of the date axis, when the chart drawn is the timeline. Data formats
        hold every filtered row: the zoom is a way of looking, not a filter."""
        charted = self.fmt in IMAGE_FORMATS or self.fmt == "html"
        return self.view.zoom if charted and self.chart == TIMELINE_CHART else None

    @property
    def language(self) -> str:
        """The language of every word written: English unless the view chose another."""
        return language(self.lang)

    @property
    def chart_theme(self) -> str:
        """The colours of the chart: the view's theme, except for print (PDF), which is light."""
        return DEFAULT_THEME if self.fmt in PRINT_FORMATS else theme_name(self.theme)


@dataclass(frozen=True)
class ViewFile:
    """An exported file: its bytes, a suggested file name and its media type."""

    content: bytes
    filename: str
    media_type: str


@dataclass(frozen=True)
class ViewText:
    """The events a view shows and everything written about them."""

    shown: pd.DataFrame
    caption: str
    text: ChartText
    alt: str


def view_text(
    events: pd.DataFrame, f: Filters, options: ExportOptions, shown: pd.DataFrame | None = None
) -> ViewText:
    """The shown events (filtered here unless given), caption, chart text (defaults filled in)
    and alt text of a view."""
    lang = options.language
    shown = apply_filters(events, f) if shown is None else shown
    if options.window is not None:
        shown = in_window(shown, options.window)
    caption = describe(f, shown, lang)
    own = chart_words(options.chart, shown, options.view, lang)
    text = chart_text(
        shown,
        own.get("title", caption),
        data_as_of(events),
        title=options.title,
        subtitle=options.subtitle or own.get("subtitle"),
        credit=options.credit,
        source_chars=max(60, int(options.width / 7.5)),
        lang=lang,
    )
    alt = own.get("alt") or alt_text(shown, lang)
    return ViewText(shown=shown, caption=caption, text=text, alt=alt)


def view_size(size: str | None) -> tuple[int, int]:
    """Width and height in CSS pixels of a view's size: a preset key, 'WxH', or the default."""
    preset = PRESETS.get(size or DEFAULT_PRESET)
    return (preset.width, preset.height) if preset else custom_size(size)


def in_window(events: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The events that show in a zoomed window: begun before it ends, not ended before it."""
    ends = events[s.END_DATE].fillna(events[s.DATE])
    keep = (events[s.DATE] < pd.Timestamp(window.end)) & (ends >= pd.Timestamp(window.start))
    return events[keep.to_numpy()]


def export_view(
    events: pd.DataFrame,
    f: Filters,
    options: ExportOptions,
    renderer: Callable[[], Renderer] = shared_renderer,
    context: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
) -> ViewFile:
    """The view in options.fmt; images are drawn by the renderer's browser (started on first use).

    Words are in options.lang, colours follow options.chart_theme (see ExportOptions). The
    data formats hold the filtered rows; `context` is the yearly series the context chart draws,
    `periods` the lasting states shaded when the view shows them.
    """
    if options.fmt not in FORMATS:
        raise ValueError(f"Unknown format '{options.fmt}': use one of {', '.join(FORMATS)}.")
    check_size(options.width, options.height, options.scale, options.language)
    view = view_text(events, f, options)
    media_type, extension = FORMATS[options.fmt]
    filename = f"{file_stem(f)}.{extension}"
    if options.fmt == "csv":
        content = csv_bytes(data_table(view.shown))
    elif options.fmt == "json":
        content = json_bytes(view.shown)
    elif options.fmt == "timelinejs":
        content = timelinejs_bytes(
            view.shown, view.text.title, view.text.subtitle, lang=options.language
        )
    elif options.fmt == "html":
        content = interactive_html(view, options, context=context, periods=periods).encode()
    else:
        content = image_bytes(view, options, renderer(), context, periods)
    return ViewFile(content=content, filename=filename, media_type=media_type)


def view_figure(
    view: ViewText,
    options: ExportOptions,
    interactive: bool = False,
    context: pd.DataFrame | None = None,
    framed: bool = True,
    periods: pd.DataFrame | None = None,
) -> go.Figure:
    """The publication chart of a view at the options' size, language and theme: the timeline
    in its zoom window, or the linked view's chart the options name; unframed, without the
    title and footer (a page around it writes them)."""
    chart = None
    if options.chart != TIMELINE_CHART:
        state = replace(options.view, lang=options.language)
        chart = chart_figure(options.chart, view.shown, state, context, options.chart_theme)
    return publication_figure(
        view.shown,
        view.text,
        options.width,
        options.height,
        interactive=interactive,
        lang=options.language,
        theme=options.chart_theme,
        window=options.window,
        chart=chart,
        notes=options.view.notes,
        framed=framed,
        periods=periods if options.view.show_periods else None,
    )


def interactive_html(
    view: ViewText,
    options: ExportOptions,
    plotlyjs: str | bool = True,
    context: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
) -> str:
    """The standalone interactive page of a view."""
    fig = view_figure(view, options, interactive=True, context=context, periods=periods)
    lang, theme = options.language, options.chart_theme
    return standalone_html(fig, view.text, view.alt, view.shown, plotlyjs, lang, theme)


def image_bytes(
    view: ViewText,
    options: ExportOptions,
    renderer: Renderer,
    context: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
) -> bytes:
    """PNG, SVG or PDF of the publication chart; the SVG carries the title and alt text."""
    assert options.fmt in IMAGE_FORMATS
    fig = view_figure(view, options, context=context, periods=periods)
    scale = options.scale if options.fmt == "png" else 1
    title = view.text.title
    content = renderer.image(fig, options.fmt, options.width, options.height, scale, title)
    if options.fmt == "svg":
        content = svg_with_fonts(describe_svg(content, title, view.alt, embed_fonts=False))
    return content


def file_stem(f: Filters) -> str:
    """'inter-korean-timeline-balloon-launch-2024-05-28-to-2024-12-31' for a view."""
    parts = [FILE_STEM]
    if f.types is not None and 0 < len(f.types) <= 2:
        parts += [t.replace("_", "-") for t in f.types]
    if f.start:
        parts.append(f.start.isoformat())
    if f.end:
        parts += ["to", f.end.isoformat()]
    return re.sub(r"[^A-Za-z0-9.-]+", "-", "-".join(parts))[:120]
