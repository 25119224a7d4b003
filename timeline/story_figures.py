"""Figures for presenting a story: the timeline so far, a whole slide, and the handout overview."""

from __future__ import annotations

import html
import textwrap
from datetime import timedelta

import pandas as pd

from timeline import schema as s
from timeline.figures import FONT, hover_text, lane_order, type_style
from timeline.filters import type_label

STORY_TRACE = "story-events"
CURRENT_TRACE = "story-current"
SLIDE_WIDTH = 1920
SLIDE_HEIGHT = 1080

# The presentation theme. assets/present.css declares the same colours; tests check both
# against WCAG AA (4.5:1 for text, 3:1 for the highlight ring and marker outlines).
THEME = {
    "paper": "#ffffff",
    "ink": "#0b0b0b",
    "muted": "#3b4350",
    "accent": "#0a3d91",
    "highlight": "#b00020",
    "grid": "#c4c9d0",
}


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def story_figure(rows: pd.DataFrame, current: int | None = None, font_size: int = 22) -> dict:
    """The story's timeline: events up to step `current` (0-based) numbered, the current one ringed.

    With current=None every step is shown and none is highlighted (the handout overview).
    Lanes and the date range cover the whole story, so nothing moves from step to step. A plain
    figure dict: building it skips plotly's validation, which would cost more than the rest.
    """
    lanes = lane_order(rows)
    last = len(rows) - 1 if current is None else current
    numbered = rows.assign(step=range(1, len(rows) + 1))
    shown = numbered.iloc[: last + 1]
    data: list[dict] = []
    for key in lanes:
        lane = shown[shown[s.EVENT_TYPE] == key]
        if lane.empty:
            continue
        colour, symbol = type_style(key)
        label = type_label(key)
        lasting = lane[lane[s.END_DATE].notna() & (lane[s.END_DATE] > lane[s.DATE])]
        for start, end in zip(lasting[s.DATE], lasting[s.END_DATE], strict=True):
            data.append(
                {
                    "type": "scatter",
                    "x": [_day(start), _day(end)],
                    "y": [label, label],
                    "mode": "lines",
                    "line": {"color": colour, "width": 10},
                    "hoverinfo": "skip",
                    "showlegend": False,
                }
            )
        data.append(
            {
                "type": "scatter",
                "x": [_day(d) for d in lane[s.DATE]],
                "y": [label] * len(lane),
                "mode": "markers+text",
                "meta": STORY_TRACE,
                "customdata": list(lane[s.ID]),
                "text": [str(n) for n in lane["step"]],
                "textposition": "top center",
                "textfont": {"size": font_size - 4, "color": THEME["ink"]},
                "hovertext": hover_text(lane),
                "hovertemplate": "%{hovertext}<extra></extra>",
                "marker": {
                    "color": colour,
                    "symbol": symbol.removesuffix("-open"),
                    "size": font_size,
                    "line": {"width": 2, "color": THEME["ink"]},
                },
                "showlegend": False,
            }
        )
    shapes = []
    if current is not None and len(shown):
        now = shown.iloc[-1]
        data.append(
            {
                "type": "scatter",
                "x": [_day(now[s.DATE])],
                "y": [type_label(str(now[s.EVENT_TYPE]))],
                "mode": "markers",
                "meta": CURRENT_TRACE,
                "marker": {
                    "symbol": "circle-open",
                    "size": font_size * 2.2,
                    "color": THEME["highlight"],
                    "line": {"width": 5, "color": THEME["highlight"]},
                },
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": _day(now[s.DATE]),
                "x1": _day(now[s.DATE]),
                "y0": 0,
                "y1": 1,
                "line": {"color": THEME["highlight"], "width": 2, "dash": "dot"},
            }
        )
    start, end = date_span(rows)
    labels = [type_label(k) for k in lanes]
    axis = {"showgrid": True, "gridcolor": THEME["grid"], "fixedrange": True, "automargin": True}
    layout = {
        "paper_bgcolor": THEME["paper"],
        "plot_bgcolor": THEME["paper"],
        "font": {"family": FONT, "size": font_size, "color": THEME["ink"]},
        "height": max(320, 120 + 80 * len(lanes)),
        "margin": {"l": 10, "r": 30, "t": 30, "b": 50},
        "showlegend": False,
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": THEME["paper"], "font": {"size": font_size - 2}, "align": "left"},
        "uirevision": "story",
        "shapes": shapes,
        "yaxis": {
            **axis,
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(labels)),
            "range": [-0.6, len(labels) - 0.4],
        },
        "xaxis": {
            **axis,
            "type": "date",
            "range": [_day(start), _day(end)],
            "linecolor": THEME["ink"],
            "zeroline": False,
        },
    }
    return {"data": data, "layout": layout}


def _day(value: pd.Timestamp) -> str:
    return f"{value:%Y-%m-%d}"


def date_span(rows: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The story's first and last day, padded so the edge markers are not cut in half."""
    first = rows[s.DATE].min()
    last = rows[s.END_DATE].fillna(rows[s.DATE]).max()
    pad = max(timedelta(days=7), (last - first) * 0.04)
    return first - pad, last + pad


def slide_figure(
    title: str, rows: pd.DataFrame, current: int, narration: str = "", note: str = ""
) -> dict:
    """A 1920x1080 slide: story title, progress, date, event title, narration and description
    above the timeline so far, and the source line at the foot."""
    row = rows.iloc[current]
    fig = story_figure(rows, current, font_size=24)
    layout = fig["layout"]
    layout.update(width=SLIDE_WIDTH, height=SLIDE_HEIGHT, margin=dict(l=60, r=60, t=40, b=110))
    layout["yaxis"]["domain"] = [0, 0.42]
    layout["annotations"] = []
    texts = [
        (0.0, 1.0, f"{_escape(title)}", 26, THEME["muted"], "left"),
        (1.0, 1.0, f"{current + 1} / {len(rows)}", 26, THEME["muted"], "right"),
        (0.0, 0.935, event_day(row), 30, THEME["accent"], "left"),
        (0.0, 0.875, _wrap(row[s.TITLE], 62, bold=True), 46, THEME["ink"], "left"),
    ]
    body = [part for part in (narration, row[s.DESCRIPTION]) if part]
    if body:
        text = "<br>".join(
            _wrap(part, 118, italic=i == 0 and bool(narration)) for i, part in enumerate(body)
        )
        texts.append((0.0, 0.72, text, 27, THEME["ink"], "left"))
    if note:
        texts.append((0.0, -0.1, _escape(note), 22, THEME["muted"], "left"))
    for x, y, text, size, colour, align in texts:
        layout["annotations"].append(
            dict(
                x=x,
                y=y,
                xref="paper",
                yref="paper",
                xanchor=align,
                yanchor="top",
                align=align,
                showarrow=False,
                text=text,
                font=dict(size=size, color=colour, family=FONT),
            )
        )
    return fig


def event_day(row: pd.Series) -> str:
    """'9 June 2024', or '28 May 2024 – 29 May 2024' for a lasting event."""
    day = f"{row[s.DATE]:%-d %B %Y}"
    if not pd.isna(row[s.END_DATE]) and row[s.END_DATE] != row[s.DATE]:
        day += f" – {row[s.END_DATE]:%-d %B %Y}"
    return day


def _escape(text: str) -> str:
    return html.escape(str(text), quote=False)


def _wrap(text: str, width: int, bold: bool = False, italic: bool = False) -> str:
    lines = [_escape(line) for line in textwrap.wrap(str(text), width)]
    joined = "<br>".join(lines)
    if bold:
        joined = "<b>" + joined.replace("<br>", "</b><br><b>") + "</b>"
    if italic:
        joined = "<i>" + joined.replace("<br>", "</i><br><i>") + "</i>"
    return joined
