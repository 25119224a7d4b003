"""Figures for presenting a story: the timeline so far, a whole slide, and the handout overview."""

from __future__ import annotations

import html
import textwrap
import unicodedata
from datetime import timedelta

import pandas as pd

from timeline import schema as s
from timeline.figures import FONT, date_ticks, hover_text, lane_label, lane_order, type_style
from timeline.i18n import DEFAULT_LANGUAGE, event_day, event_text
from timeline.themes import DEFAULT_THEME, palette
from timeline.themes import theme as theme_name

STORY_TRACE = "story-events"
CURRENT_TRACE = "story-current"
SLIDE_WIDTH = 1920
SLIDE_HEIGHT = 1080

# Markers closer than this share of the story's span share one step label.
LABEL_GAP = 0.025
# A step label's character is at most about this share of the date axis wide (11 px of 750).
LABEL_CHAR = 0.015
# Labels of markers this close to either end of the axis lean inwards.
EDGE = 0.08
# The ring around the current step, per theme; every other colour is the theme's palette.
# assets/present.css declares the same colours; tests check them against WCAG (3:1 for a mark).
HIGHLIGHT = {"light": "#b00020", "dark": "#ff8a95", "contrast": "#ff6b6b"}


def colours(theme: str | None = DEFAULT_THEME) -> dict[str, str]:
    """The presentation's colours in a theme: the theme's palette and the highlight ring."""
    return {**palette(theme), "highlight": HIGHLIGHT[theme_name(theme)]}


def story_figure(
    rows: pd.DataFrame,
    current: int | None = None,
    font_size: int = 22,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> dict:
    """The story's timeline: events up to step `current` (0-based) numbered, the current one ringed.

    With current=None every step is shown and none is highlighted (the handout overview).
    Lanes and the date range cover the whole story, so nothing moves from step to step. Labels,
    dates and hover text are in `lang`, colours follow `theme`. A plain figure dict: building it
    skips plotly's validation, which would cost more than the rest.
    """
    c = colours(theme)
    lanes = lane_order(rows)
    last = len(rows) - 1 if current is None else current
    numbered = rows.assign(step=range(1, len(rows) + 1))
    shown = numbered.iloc[: last + 1]
    first_day, last_day = date_span(rows)
    # Steps closer than this share one label, so their numbers do not print over each other.
    near = (last_day - first_day) * LABEL_GAP
    char = (last_day - first_day) * LABEL_CHAR
    data: list[dict] = []
    ring_label = ""
    for key in lanes:
        lane = shown[shown[s.EVENT_TYPE] == key]
        if lane.empty:
            continue
        colour, symbol = type_style(key)
        label = lane_label(key, lang)
        labels = step_labels(lane[s.DATE], lane["step"], near, char)
        if current is not None and lane["step"].iloc[-1] == last + 1 and labels[-1]:
            # The current step's label goes above its ring, which would hide it.
            ring_label, labels[-1] = labels[-1], ""
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
                "text": labels,
                "textposition": label_positions(lane[s.DATE], first_day, last_day),
                "textfont": {"size": font_size - 4, "color": c["ink"]},
                "hovertext": hover_text(lane, lang),
                "hovertemplate": "%{hovertext}<extra></extra>",
                "marker": {
                    "color": colour,
                    "symbol": symbol.removesuffix("-open"),
                    "size": font_size,
                    "line": {"width": 2, "color": c["outline"]},
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
                "y": [lane_label(str(now[s.EVENT_TYPE]), lang)],
                "mode": "markers+text",
                "meta": CURRENT_TRACE,
                "text": [f"<b>{ring_label}</b>" if ring_label else ""],
                "textposition": label_positions([now[s.DATE]], first_day, last_day),
                "textfont": {"size": font_size - 2, "color": c["highlight"]},
                "marker": {
                    "symbol": "circle-open",
                    "size": font_size * 2.2,
                    "color": c["highlight"],
                    "line": {"width": 5, "color": c["highlight"]},
                },
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                # The plot area only: on a slide, the text above it stays clear.
                "yref": "y domain",
                "x0": _day(now[s.DATE]),
                "x1": _day(now[s.DATE]),
                "y0": 0,
                "y1": 1,
                "line": {"color": c["highlight"], "width": 2, "dash": "dot"},
            }
        )
    labels = [lane_label(k, lang) for k in lanes]
    axis = {"showgrid": True, "gridcolor": c["grid"], "fixedrange": True, "automargin": True}
    layout = {
        "paper_bgcolor": c["paper"],
        "plot_bgcolor": c["paper"],
        "font": {"family": FONT, "size": font_size, "color": c["ink"]},
        "height": max(320, 120 + 80 * len(lanes)),
        "margin": {"l": 10, "r": 30, "t": 30, "b": 50},
        "showlegend": False,
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": c["panel"],
            "bordercolor": c["line"],
            "font": {"size": font_size - 2, "color": c["ink"]},
            "align": "left",
        },
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
            **date_ticks(lang),
            "type": "date",
            "range": [_day(first_day), _day(last_day)],
            "linecolor": c["ink"],
            "zeroline": False,
        },
    }
    return {"data": data, "layout": layout}


def step_labels(
    days: pd.Series, steps: pd.Series, near: timedelta, char: timedelta | None = None
) -> list[str]:
    """The step number over each marker of a lane; markers closer than `near` to the first of a
    run are labelled once, on the run's last marker, e.g. '2, 4'. Runs whose labels would touch
    (each character about `char` wide on the date axis) are joined too, so no label overlaps."""
    order = sorted(zip(days, steps, range(len(steps)), strict=True))
    runs: list[list[tuple]] = []
    for item in order:
        if runs and item[0] - runs[-1][0][0] <= near:
            runs[-1].append(item)
        else:
            runs.append([item])
    if char is not None:
        runs = _apart(runs, char)
    labels = [""] * len(order)
    for run in runs:
        labels[run[-1][2]] = _label(run)
    return labels


def label_positions(days, first: pd.Timestamp, last: pd.Timestamp) -> list[str]:
    """Where each step label goes: above its marker, or leaning inwards near either end of the
    axis so that a long label is not cut at the chart's edge."""
    edge = (last - first) * EDGE
    return [
        "top left" if day > last - edge else "top right" if day < first + edge else "top center"
        for day in days
    ]


def _label(run: list[tuple]) -> str:
    return ", ".join(str(n) for n in sorted(n for _, n, _ in run))


def _apart(runs: list[list[tuple]], char: timedelta) -> list[list[tuple]]:
    """Join neighbouring runs until no two labels (centred on a run's last marker) touch."""
    joined = True
    while joined and len(runs) > 1:
        joined = False
        for i in range(len(runs) - 1):
            room = (len(_label(runs[i])) + len(_label(runs[i + 1]))) / 2 + 1
            if runs[i + 1][-1][0] - runs[i][-1][0] < char * room:
                runs[i : i + 2] = [runs[i] + runs[i + 1]]
                joined = True
                break
    return runs


def _day(value: pd.Timestamp) -> str:
    return f"{value:%Y-%m-%d}"


def date_span(rows: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The story's first and last day, padded so the edge markers are not cut in half."""
    first = rows[s.DATE].min()
    last = rows[s.END_DATE].fillna(rows[s.DATE]).max()
    pad = max(timedelta(days=7), (last - first) * 0.04)
    return first - pad, last + pad


# The slide's text, top to bottom, in pixels of the 1080 px slide: what each line needs.
SLIDE_MARGIN = {"l": 60, "r": 70, "t": 40, "b": 120}
SLIDE_HEADER = 26
SLIDE_DATE = 30
SLIDE_TITLE = 46
SLIDE_BODY_SIZES = (27, 24, 22, 20, 18)
# The timeline keeps at least this much of the plot's height, and its x-axis labels this much
# under it; the source line sits below them.
SLIDE_CHART_MIN = 380
SLIDE_AXIS_LABELS = 48
LINE_HEIGHT = 1.3


def slide_figure(
    title: str,
    rows: pd.DataFrame,
    current: int,
    narration: str = "",
    note: str = "",
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> dict:
    """A 1920x1080 slide: story title, progress, date, event title, narration and description
    above the timeline so far, and the source line at the foot. The text is laid out top down
    in pixels and the timeline takes the rest, so nothing overlaps; a long description is set
    smaller rather than cut. The event's date, title and description are in `lang`."""
    row = rows.iloc[current]
    c = colours(theme)
    fig = story_figure(rows, current, font_size=24, lang=lang, theme=theme)
    layout = fig["layout"]
    lanes = layout["yaxis"]["categoryarray"]
    margin = dict(SLIDE_MARGIN, l=SLIDE_MARGIN["l"] + max(_text_width(x, 24) for x in lanes))
    layout.update(width=SLIDE_WIDTH, height=SLIDE_HEIGHT, margin=margin)
    plot = SLIDE_HEIGHT - margin["t"] - margin["b"]
    # Text starts at the slide's margin, left of the plot area where the lane labels are.
    left = -(margin["l"] - SLIDE_MARGIN["l"]) / (SLIDE_WIDTH - margin["l"] - margin["r"])
    headline = _wrap(event_text(row, s.TITLE, lang), 62, bold=True)
    texts = [
        (0, _escape(title), SLIDE_HEADER, c["muted"]),
        (SLIDE_HEADER * 1.6, _escape(event_day(row, lang)), SLIDE_DATE, c["accent"]),
    ]
    top = SLIDE_HEADER * 1.6 + SLIDE_DATE * 1.5
    texts.append((top, headline, SLIDE_TITLE, c["ink"]))
    top += _height(headline, SLIDE_TITLE) + 14
    body_parts = [part for part in (narration, event_text(row, s.DESCRIPTION, lang)) if part]
    room = plot - SLIDE_CHART_MIN - top - 30
    body, size = "", SLIDE_BODY_SIZES[0]
    for size in SLIDE_BODY_SIZES:
        width = round(118 * SLIDE_BODY_SIZES[0] / size)
        # The teacher's words stand out: in italics, or in bold for Hangul, which has none.
        said = [i == 0 and bool(narration) for i in range(len(body_parts))]
        body = "<br>".join(
            _wrap(part, width, bold=own and lang == "ko", italic=own and lang != "ko")
            for part, own in zip(body_parts, said, strict=True)
        )
        if _height(body, size) <= room:
            break
    if body:
        texts.append((top, body, size, c["ink"]))
        top += _height(body, size)
    chart_top = top + 30
    layout["yaxis"]["domain"] = [0, max(0.0, 1 - chart_top / plot)]
    layout["annotations"] = [
        _slide_text(left, 1 - y / plot, text, size, colour) for y, text, size, colour in texts
    ]
    progress = f"{current + 1} / {len(rows)}"
    layout["annotations"].insert(1, _slide_text(0, 1, progress, SLIDE_HEADER, c["muted"], "right"))
    if note:
        foot = -(SLIDE_AXIS_LABELS) / plot
        layout["annotations"].append(_slide_text(left, foot, _escape(note), 22, c["muted"]))
    return fig


def _slide_text(x: float, y: float, text: str, size: int, colour: str, align: str = "left"):
    return dict(
        x=1 if align == "right" else x,
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


def _height(text: str, size: int) -> float:
    """The pixels a block of text takes: its lines times the line height."""
    return (text.count("<br>") + 1) * size * LINE_HEIGHT


def _text_width(text: str, size: int) -> int:
    """About how many pixels a line takes: Hangul is about twice as wide as Latin letters."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in str(text))
    return round(size * (0.6 * (len(str(text)) - wide) + 1.0 * wide))


def _escape(text: str) -> str:
    return html.escape(str(text), quote=False)


def _wrap(text: str, width: int, bold: bool = False, italic: bool = False) -> str:
    """Text in lines of about `width` Latin letters; Hangul is twice as wide, so fewer fit."""
    text = str(text)
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    width = max(10, round(width / (1 + wide / max(len(text), 1))))
    lines = [_escape(line) for line in textwrap.wrap(text, width)]
    joined = "<br>".join(lines)
    if bold:
        joined = "<b>" + joined.replace("<br>", "</b><br><b>") + "</b>"
    if italic:
        joined = "<i>" + joined.replace("<br>", "</i><br><i>") + "</i>"
    return joined
