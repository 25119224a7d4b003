"""A filtered view as a file in any export format: the one entry point for the CLI and the app."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

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
from timeline.render import IMAGE_FORMATS, Renderer, shared_renderer

FILE_STEM = "inter-korean-timeline"


@dataclass(frozen=True)
class ExportOptions:
    """How to export: format, size in CSS pixels, PNG scale, and the words on the chart."""

    fmt: str
    width: int = PRESETS[DEFAULT_PRESET].width
    height: int = PRESETS[DEFAULT_PRESET].height
    scale: float = 1
    title: str | None = None
    subtitle: str | None = None
    credit: str | None = None


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


def view_text(events: pd.DataFrame, f: Filters, options: ExportOptions) -> ViewText:
    """The shown events, caption, chart text (defaults filled in) and alt text of a view."""
    shown = apply_filters(events, f)
    caption = describe(f, shown)
    text = chart_text(
        shown,
        caption,
        data_as_of(events),
        title=options.title,
        subtitle=options.subtitle,
        credit=options.credit,
        source_chars=max(60, int(options.width / 7.5)),
    )
    return ViewText(shown=shown, caption=caption, text=text, alt=alt_text(shown))


def export_view(
    events: pd.DataFrame,
    f: Filters,
    options: ExportOptions,
    renderer: Callable[[], Renderer] = shared_renderer,
) -> ViewFile:
    """The view in options.fmt; images are drawn by the renderer's browser (started on first use)."""
    if options.fmt not in FORMATS:
        raise ValueError(f"Unknown format '{options.fmt}': use one of {', '.join(FORMATS)}.")
    check_size(options.width, options.height, options.scale)
    view = view_text(events, f, options)
    media_type, extension = FORMATS[options.fmt]
    filename = f"{file_stem(f)}.{extension}"
    if options.fmt == "csv":
        content = csv_bytes(data_table(view.shown))
    elif options.fmt == "json":
        content = json_bytes(view.shown)
    elif options.fmt == "timelinejs":
        content = timelinejs_bytes(view.shown, view.text.title, view.text.subtitle)
    elif options.fmt == "html":
        content = interactive_html(view, options).encode("utf-8")
    else:
        content = image_bytes(view, options, renderer())
    return ViewFile(content=content, filename=filename, media_type=media_type)


def interactive_html(view: ViewText, options: ExportOptions, plotlyjs: str | bool = True) -> str:
    """The standalone interactive page of a view."""
    fig = publication_figure(view.shown, view.text, options.width, options.height, interactive=True)
    return standalone_html(fig, view.text, view.alt, view.shown, plotlyjs=plotlyjs)


def image_bytes(view: ViewText, options: ExportOptions, renderer: Renderer) -> bytes:
    """PNG, SVG or PDF of the publication chart; the SVG carries the title and alt text."""
    assert options.fmt in IMAGE_FORMATS
    fig = publication_figure(view.shown, view.text, options.width, options.height)
    scale = options.scale if options.fmt == "png" else 1
    content = renderer.image(fig, options.fmt, options.width, options.height, scale)
    if options.fmt == "svg":
        content = describe_svg(content, view.text.title, view.alt)
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
