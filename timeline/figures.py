"""Plotly figures built from event DataFrames."""

from __future__ import annotations

import html
from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import schema as s
from timeline.aggregate import totals_by_period
from timeline.density import (
    DETAIL_LIMIT,
    Density,
    Window,
    day_numbers,
    day_range,
    density_of,
    lane_index,
)
from timeline.filters import actor_label, last_days, type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    HOVER_DATE,
    TICK_FORMATS,
    date_labels,
    date_qualifier,
    format_count,
    format_date,
    format_number,
    language,
    localised_titles,
    period_label,
    plural,
    step_name,
    t,
    unit_name,
)
from timeline.notes import label_width, note_annotations, note_rows, place_notes, span_of
from timeline.periods import period_name, periods_in
from timeline.state import Note
from timeline.themes import DEFAULT_THEME, palette, template

EVENTS_TRACE = "events"
SPANS_TRACE = "spans"
# The month or year that is all that is known of an event's date, drawn as a dotted band.
PERIODS_TRACE = "periods"
SELECTED_TRACE = "selected"
LINKS_TRACE = "links"
CHAIN_TRACE = "chain"
DENSITY_TRACE = "density"
# Above this many markers the timeline draws with WebGL; the bundled data stays SVG.
WEBGL_FROM = 1000
LANE_HEIGHT = 46
# The explorer's notes: label size, and the plot width their rows are packed for (the chart is
# at least this wide on a laptop screen, so labels packed for it do not meet when drawn wider).
NOTE_FONT = 13
NOTE_ROW_PX = 24
EXPLORER_PLOT_WIDTH = 640
# Period labels above the explorer's timeline: their size and the height of a row of them.
PERIOD_FONT = 12
PERIOD_ROW_PX = 18
# The name of a period's band and label in a figure, and of the marker key's parts.
PERIODS_BAND = "period"
KEY = "key"
# Markers that would overlap in a lane are packed into rows within it, at most this many; a row
# of the lane is this many pixels tall, and a lane of one row keeps LANE_HEIGHT.
MAX_ROWS = 6
ROW_HEIGHT = 30
# A lane's second, third... rows are categories of the lane axis named after the lane's label
# with this many invisible characters added; only the first row is labelled.
ROW_MARK = "\u200b"
FONT = "Pretendard, Inter, 'Noto Sans KR', 'Helvetica Neue', Arial, sans-serif"

# What a chart shows until its first drawing arrives: clear, without axes, so the page does not
# flash white in a dark theme or show empty axes.
BLANK_FIGURE = {
    "data": [],
    "layout": {
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
    },
}


def type_style(key: str) -> tuple[str, str]:
    """Colour and marker symbol of an event type; the same everywhere in the app and exports."""
    return s.TYPE_STYLE.get(key, s.OTHER_STYLE)


def lane_order(events: pd.DataFrame) -> list[str]:
    """Event types present, in vocabulary order, then a user's own types alphabetically."""
    present = {str(t) for t in events[s.EVENT_TYPE].unique()}
    known = [t for t in s.EVENT_TYPES if t in present]
    return known + sorted(present - set(known))


def plotly_text(text: str) -> str:
    """Text that Plotly shows literally: it reads tags in labels, and decodes &lt; &gt; &amp;
    but not &quot;, so only those three are escaped."""
    return html.escape(text, quote=False)


def lane_label(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The lane's axis label; escaped because Plotly reads tags in labels (a user's own types)."""
    return plotly_text(type_label(key, lang=lang))


def marker_sizes(counts: pd.Series) -> np.ndarray:
    """Marker diameters: 10 px without a count, growing with the logarithm of the count."""
    values = counts.to_numpy(dtype="float64", na_value=np.nan)
    sizes = 10 + 4 * np.log10(1 + np.nan_to_num(values, nan=0.0))
    return np.clip(sizes, 10, 26).round(1)


def hover_text(events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Hover label per event: date, title, actor and count in lang, with the text escaped."""
    if events.empty:
        return []
    day = date_labels(events[s.DATE], lang)
    qualified = vague_dates(events)
    if qualified.any():
        rows = events.loc[qualified, [s.DATE, s.DATE_PRECISION, s.DATE_TEXT]]
        day[qualified] = [
            period_label(d, p, date_qualifier(text), lang)
            for d, p, text in rows.itertuples(index=False)
        ]
    lasting = events[s.END_DATE].notna() & (events[s.END_DATE] != events[s.DATE])
    if lasting.any():
        ends = date_labels(events.loc[lasting, s.END_DATE], lang)
        day[lasting] = [
            t("hover.span", lang, start=a, end=b) for a, b in zip(day[lasting], ends, strict=True)
        ]
    actors = events[s.ACTOR].astype(str)
    actor = actors.map({a: plotly_text(actor_label(a, lang)) for a in actors.unique()})
    title = _escaped(localised_titles(events, lang))
    text = "<b>" + title + "</b><br>" + day + "<br>" + actor
    counted = events[s.COUNT].notna()
    if counted.any():
        rows = events.loc[counted, [s.COUNT, s.COUNT_UNIT]].itertuples(index=False)
        amounts = [plotly_text(format_count(n, str(u), lang)) for n, u in rows]
        text[counted] = text[counted] + "<br>" + pd.Series(amounts, index=text[counted].index)
    return text.tolist()


def vague_dates(events: pd.DataFrame) -> pd.Series:
    """True for events whose date is known only to the month or year, or marked '~' or '?'."""
    if s.DATE_PRECISION not in events.columns:
        return pd.Series(False, index=events.index)
    marked = events[s.DATE_TEXT].astype(str).str.endswith(("~", "?"))
    return (events[s.DATE_PRECISION] != s.DAY) | marked


def coarse_dates(events: pd.DataFrame) -> np.ndarray:
    """True for events whose date is known only to the month or the year."""
    if s.DATE_PRECISION not in events.columns:
        return np.zeros(len(events), dtype=bool)
    return events[s.DATE_PRECISION].isin((s.MONTH, s.YEAR)).to_numpy()


def hollow(symbol: str) -> str:
    """The open form of a marker symbol ('circle' -> 'circle-open'), dotted if already open."""
    return f"{symbol}-dot" if symbol.endswith("-open") else f"{symbol}-open"


def _escaped(text: pd.Series) -> pd.Series:
    """html.escape for a column of text, vectorised."""
    text = text.astype(str)
    for char, entity in _ENTITIES:
        text = text.str.replace(char, entity, regex=False)
    return text


# Plotly decodes these three and reads tags, but shows &quot; literally: see plotly_text.
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def timeline_figure(
    events: pd.DataFrame,
    selected: str | None = None,
    lanes: list[str] | None = None,
    links: list[tuple[str, str]] = (),
    chain: set[str] = frozenset(),
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """One lane per event type: markers for events (sized by count), bars for lasting events,
    and a dotted band with a hollow marker for an event known only to its month or year.

    `links` are (cause, response) id pairs drawn as connectors; those inside `chain` (the
    selected event's chain) are drawn darker. Labels are in `lang`, colours follow `theme`.
    """
    return _as_figure(timeline_spec(events, selected, lanes, links, chain, lang, theme))


def timeline_spec(
    events: pd.DataFrame,
    selected: str | None = None,
    lanes: list[str] | None = None,
    links: list[tuple[str, str]] = (),
    chain: set[str] = frozenset(),
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
    notes: tuple[Note, ...] = (),
    window: Window | None = None,
    periods: pd.DataFrame | None = None,
    plot_width: float = EXPLORER_PLOT_WIDTH,
) -> dict:
    """timeline_figure as a plain {'data', 'layout'} dict, ready to send; `periods` are drawn
    as shaded bands behind the lanes, labelled above them. Markers and notes are laid out for a
    plot `plot_width` pixels wide.

    Above WEBGL_FROM events the markers are drawn with WebGL; `lanes` keeps the lanes of a
    larger set when only part of it is drawn. Traces are built as plain dicts and not run
    through Plotly's validation, which would cost more than everything else here.
    """
    lanes = lane_order(events) if lanes is None else lanes
    kind = "scattergl" if len(events) > WEBGL_FROM else "scatter"
    types = events[s.EVENT_TYPE].astype(str).to_numpy() if len(events) else np.array([], str)
    dates = events[s.DATE].to_numpy()
    ends = last_days(events).to_numpy()
    coarse = coarse_dates(events)
    ids = events[s.ID].to_numpy()
    hover = np.asarray(hover_text(events, lang), dtype=object)
    colours = palette(theme)
    sizes = marker_sizes(events[s.COUNT])
    lasting = ~np.isnat(ends) & (ends > dates) & ~coarse
    span = span_of(events, window) if len(events) else None
    row = (
        packed_rows(types, dates, ends, sizes, span, plot_width)
        if kind == "scatter" and len(events)
        else np.zeros(len(events), dtype=int)
    )
    names = {key: lane_label(key, lang) for key in lanes}
    y = np.array(
        [names.get(k, "") + ROW_MARK * int(r) for k, r in zip(types, row, strict=True)],
        dtype=object,
    )
    rows = {key: int(row[types == key].max(initial=0)) + 1 for key in lanes}
    traces = []
    if len(links):
        strong = [pair for pair in links if pair[0] in chain and pair[1] in chain]
        plain = [pair for pair in links if pair not in strong]
        traces.append(_connectors(events, y, plain, LINKS_TRACE, colours["line"], 1))
        if strong:
            traces.append(_connectors(events, y, strong, CHAIN_TRACE, colours["ring"], 2))
    for key in lanes:
        lane = types == key
        colour, symbol = type_style(key)
        label = names[key]
        if (lane & lasting).any():
            traces.append(
                _spans(dates[lane & lasting], ends[lane & lasting], y[lane & lasting], colour)
            )
        if (lane & coarse).any():
            vague = _spans(dates[lane & coarse], ends[lane & coarse], y[lane & coarse], colour)
            vague.update(meta=PERIODS_TRACE, line=dict(color=colour, width=8, dash="dot"))
            traces.append(vague)
        traces.append(
            dict(
                type=kind,
                x=dates[lane],
                y=y[lane].tolist(),
                mode="markers",
                name=label,
                legendgroup=key,
                meta=EVENTS_TRACE,
                customdata=ids[lane],
                hovertext=hover[lane],
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(
                    color=colour,
                    symbol=np.where(coarse[lane], hollow(symbol), symbol).tolist()
                    if coarse[lane].any()
                    else symbol,
                    size=sizes[lane],
                    line=dict(width=1, color=colours["outline"]),
                    opacity=0.9,
                ),
            )
        )
    chosen = ids == selected if selected is not None else np.zeros(len(ids), dtype=bool)
    if chosen.any():
        traces.append(
            dict(
                type="scatter",
                x=dates[chosen],
                y=y[chosen].tolist(),
                mode="markers",
                meta=SELECTED_TRACE,
                showlegend=False,
                hoverinfo="skip",
                marker=selection_ring(theme),
            )
        )
    layout = lane_layout(lanes, lang, theme, rows)
    if notes and span is not None:
        placed = place_notes(events, notes, span, EXPLORER_PLOT_WIDTH, NOTE_FONT, lang)
        unit = NOTE_ROW_PX / _row_px(rows)
        layout["height"] += note_rows(placed) * NOTE_ROW_PX
        categories = layout["yaxis"]["categoryarray"]
        layout["yaxis"]["range"] = note_range(categories, note_rows(placed), unit)
        at = dict(zip(ids.tolist(), y.tolist(), strict=True))
        layout["annotations"] = notes_drawn(placed, at, categories, unit, NOTE_FONT, theme)
    # The key has a row of its own above the range buttons: on a phone the plot is too narrow
    # for both side by side.
    key_shapes, key_labels = marker_key(events, lang, theme, PERIOD_FONT, lift=KEY_LIFT)
    top = 34
    if key_labels:
        layout["shapes"] = [*layout.get("shapes", []), *key_shapes]
        layout["annotations"] = [*layout.get("annotations", []), *key_labels]
        layout["margin"] = {**layout["margin"], "t": KEY_LIFT + 36}
        layout["height"] += KEY_LIFT
        top += KEY_LIFT
    if periods is not None and span is not None:
        shapes, labels = period_bands(periods, span, lang, theme, PERIOD_FONT, lift=top)
        layout["shapes"] = [*shapes, *layout.get("shapes", [])]
        layout["annotations"] = [*layout.get("annotations", []), *labels]
        layout["margin"] = {**layout["margin"], "t": 10 + top + PERIOD_ROW_PX * len(labels)}
        # The axis spans what the bands were cut to, so that an open period reaches the edge.
        layout["xaxis"]["range"] = list(span)
        layout["height"] += 34 + PERIOD_ROW_PX * len(labels)
    return _spec(traces, layout, theme)


# How far above the plot the explorer draws its key: clear of the range buttons' row.
KEY_LIFT = 30


def marker_key(
    events: pd.DataFrame,
    lang: str,
    theme: str,
    font_px: float,
    grow: float = 1.0,
    lift: float = 4,
    room: float | None = None,
) -> tuple[list[dict], list[dict]]:
    """A key drawn right-aligned just above the plot: marker sizes for 10, 100 and 1,000 of the
    most common unit when size encodes a count, a hollow ring for dates known only to the month
    or year, and a pale tail for events that last. Empty when none of these is drawn. Within
    `room` pixels, the tail and ring are left out before the sizes."""
    items: list[tuple[str, float, str]] = []  # (kind, diameter in pixels, label)
    counted = events[s.COUNT].notna() if len(events) else pd.Series(dtype=bool)
    if counted.any():
        unit = str(events.loc[counted, s.COUNT_UNIT].mode().iloc[0])
        for n, size in zip((10, 100, 1000), marker_sizes(pd.Series([10, 100, 1000])), strict=True):
            items.append(("size", float(size) * grow, format_number(n, lang)))
        items[-1] = (*items[-1][:2], f"{items[-1][2]} {unit_name(unit, lang)}")
    if coarse_dates(events).any():
        items.append(("ring", 10 * grow, t("key.vague", lang)))
    ends = last_days(events).to_numpy() if len(events) else np.array([], "datetime64[ns]")
    if len(events) and ((ends > events[s.DATE].to_numpy()) & ~coarse_dates(events)).any():
        items.append(("tail", 10 * grow, t("key.lasting", lang)))

    def width(kept) -> float:
        return sum(label_width(label, font_px) + 21 + d for _, d, label in kept)

    while room is not None and len(items) > 1 and width(items) > room:
        items.pop()
    colours = palette(theme)
    shapes, labels = [], []
    right = 0.0  # pixels left of the plot's right edge
    middle = lift + max((d for _, d, _ in items), default=0) / 2
    for kind, diameter, label in reversed(items):
        # Each label starts just right of its mark; an over-estimated width only widens the gap
        # to the next item.
        right += label_width(label, font_px)
        labels.append(
            dict(
                text=plotly_text(label),
                xref="paper",
                yref="paper",
                x=1,
                y=1,
                xanchor="left",
                yanchor="middle",
                xshift=-right,
                yshift=middle,
                showarrow=False,
                font=dict(size=font_px, color=colours["muted"]),
                name=KEY,
            )
        )
        right += 3
        mark = 22 * grow if kind == "tail" else diameter
        common = dict(
            xref="paper",
            yref="paper",
            xsizemode="pixel",
            ysizemode="pixel",
            xanchor=1,
            yanchor=1,
            x0=-right - mark,
            x1=-right,
            layer="above",
            name=KEY,
        )
        if kind == "tail":
            shapes.append(
                dict(
                    type="rect",
                    y0=middle - 4 * grow,
                    y1=middle + 4 * grow,
                    fillcolor=colours["muted"],
                    opacity=0.45,
                    line=dict(width=0),
                    **common,
                )
            )
        else:
            shapes.append(
                dict(
                    type="circle",
                    y0=middle - diameter / 2,
                    y1=middle + diameter / 2,
                    fillcolor="rgba(0,0,0,0)" if kind == "ring" else colours["muted"],
                    opacity=1 if kind == "ring" else 0.5,
                    line=dict(width=1.5 if kind == "ring" else 1, color=colours["muted"]),
                    **common,
                )
            )
        right += mark + (8 if kind == "size" else 18)
    return shapes, labels


def period_bands(
    periods: pd.DataFrame,
    span: tuple[pd.Timestamp, pd.Timestamp],
    lang: str,
    theme: str,
    font_px: float,
    lift: float = 0,
    plot_width: float = EXPLORER_PLOT_WIDTH,
) -> tuple[list[dict], list[dict]]:
    """Shaded bands behind the lanes for the periods within `span` (an open end runs to the
    span's end), and their labels stacked above the plot, `lift` pixels up, one row each. A
    label starts where its band starts, or ends at the plot's right edge if it would run past
    it in a plot `plot_width` pixels wide."""
    first, last = (pd.Timestamp(x) for x in span)
    shown = periods_in(periods, first, last)
    colours = palette(theme)
    shapes, labels = [], []
    for i, period in enumerate(shown.to_dict("records")):
        start = max(period["start"], first)
        end = last if pd.isna(period["end"]) else min(period["end"], last)
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="paper",
                x0=start,
                x1=end,
                y0=0,
                y1=1,
                # A warm tint, apart from the grey of the lanes' bands.
                fillcolor=colours["accent"],
                opacity=0.08,
                line=dict(width=0),
                layer="below",
                name=PERIODS_BAND,
            )
        )
        text = "▍" + plotly_text(period_name(period, lang))
        at = (start - first) / max(last - first, pd.Timedelta(days=1)) * plot_width
        fits = at + label_width(text, font_px) <= plot_width
        labels.append(
            dict(
                text=text,
                xref="x" if fits else "paper",
                yref="paper",
                x=start if fits else 1,
                y=1,
                xanchor="left" if fits else "right",
                yanchor="bottom",
                yshift=lift + i * font_px * 1.45,
                showarrow=False,
                align="left",
                font=dict(size=font_px, color=colours["muted"]),
                name=PERIODS_BAND,
            )
        )
    return shapes, labels


def packed_rows(
    types: np.ndarray,
    dates: np.ndarray,
    ends: np.ndarray,
    sizes: np.ndarray,
    span: tuple[pd.Timestamp, pd.Timestamp],
    width: float,
    most: int = MAX_ROWS,
) -> np.ndarray:
    """Each event's row within its lane, so that no two markers (or lasting bars) in a lane
    overlap on a plot `width` pixels wide over `span`, as a dodge layout does. Rows are filled
    from the top; when all `most` rows are taken, the event goes where it overlaps least."""
    start, end = (np.datetime64(pd.Timestamp(x), "ns") for x in span)
    scale = width / max(float((end - start) / np.timedelta64(1, "D")), 1e-9)
    left = (dates - start) / np.timedelta64(1, "D") * scale
    last = np.where(np.isnat(ends), dates, np.maximum(ends, dates))
    right = (last - start) / np.timedelta64(1, "D") * scale
    radius = sizes / 2
    row = np.zeros(len(dates), dtype=int)
    for key in np.unique(types):
        members = np.flatnonzero(types == key)
        members = members[np.argsort(left[members], kind="stable")]
        edges: list[float] = []  # the right edge of each row's last marker, in pixels
        for i in members:
            lo, hi = left[i] - radius[i], right[i] + radius[i]
            free = next((r for r, edge in enumerate(edges) if edge + 1 <= lo), None)
            if free is None and len(edges) < most:
                free = len(edges)
                edges.append(-np.inf)
            if free is None:
                free = int(np.argmin(edges))
            edges[free] = max(edges[free], hi)
            row[i] = free
    return row


def _row_px(rows: dict[str, int]) -> float:
    """Pixels per row of the lane axis in the explorer (see lane_layout)."""
    total = sum(rows.values())
    return lane_height(rows) / max(1, total)


def lane_height(rows: dict[str, int]) -> int:
    """The height of the lanes, in pixels: LANE_HEIGHT for a lane of one row, ROW_HEIGHT more
    for each further row."""
    return sum(LANE_HEIGHT + ROW_HEIGHT * (n - 1) for n in rows.values())


def note_range(categories: list[str], rows: int, row_units: float) -> list[float]:
    """The lane axis's range with room for `rows` rows of notes above the top row."""
    return [-0.5, len(categories) - 0.5 + rows * row_units + (0.1 if rows else 0)]


def notes_drawn(
    placed: list,
    at: dict[str, str],
    categories: list[str],
    row_units: float,
    font_px: float,
    theme: str,
    marker_px=8,
) -> list[dict]:
    """Annotations for placed notes; `at` names each event's row on the lane axis, whose
    categories are listed bottom first."""
    index = {name: i for i, name in enumerate(categories)}
    position = {p.event: index[at[p.event]] for p in placed if at.get(p.event) in index}
    shown = [p for p in placed if p.event in position]
    top = len(categories) - 0.5
    return note_annotations(
        shown, position, top, row_units, font_px, palette(theme), marker_px=marker_px
    )


def selection_ring(theme: str = DEFAULT_THEME) -> dict:
    """The marker of the ring drawn around the selected event, on the timeline and the map."""
    return dict(size=30, symbol="circle-open", color=palette(theme)["ring"], line=dict(width=3))


def _spec(traces: list[dict], layout: dict, theme: str = DEFAULT_THEME) -> dict:
    return {"data": traces, "layout": {**layout, "template": _template_json(theme)}}


@cache
def _template_json(theme: str) -> dict:
    return template(theme).to_plotly_json()


def _as_figure(spec: dict) -> go.Figure:
    """A figure from a trusted spec, skipping Plotly's validation (slower than the rest here)."""
    return go.Figure(data=spec["data"], layout=spec["layout"], _validate=False)


def lane_layout(
    lanes: list[str],
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
    rows: dict[str, int] | None = None,
) -> dict:
    """The layout every timeline shares, as a plain dict: one band per lane, as many rows as
    `rows` gives it (one by default), labelled on its first; a date axis with range buttons
    (they drive the level of detail through relayout, and work with WebGL). Labels and date
    ticks are in `lang`, colours follow `theme`."""
    labels = [lane_label(k, lang) for k in lanes]
    rows = {key: (rows or {}).get(key, 1) for key in lanes}
    categories = [
        label + ROW_MARK * r
        for key, label in zip(lanes, labels, strict=True)
        for r in range(rows[key])
    ]
    colours = palette(theme)
    layout = dict(
        font=dict(family=FONT, size=14, color=colours["ink"]),
        height=max(260, 90 + lane_height(rows)),
        margin=dict(l=10, r=20, t=10, b=40),
        showlegend=False,
        hovermode="closest",
        hoverlabel=dict(font=dict(size=14), align="left"),
        dragmode="zoom",
        uirevision="timeline",
        clickmode="event",
        yaxis=dict(
            type="category",
            categoryorder="array",
            categoryarray=list(reversed(categories)),
            fixedrange=True,
            showgrid=True,
            gridcolor=colours["grid"],
            automargin=True,
        ),
        xaxis=dict(
            type="date",
            showgrid=True,
            gridcolor=colours["grid"],
            zeroline=False,
            automargin=True,
            **date_ticks(lang),
            rangeselector=dict(
                buttons=[
                    dict(count=1, label=t("timeline.range.1m", lang), step="month"),
                    dict(count=6, label=t("timeline.range.6m", lang), step="month"),
                    dict(count=1, label=t("timeline.range.1y", lang), step="year"),
                    dict(step="all", label=t("timeline.range.all", lang)),
                ],
                x=0,
                y=1.0,
                yanchor="bottom",
                bgcolor=colours["panel"],
                activecolor=colours["grid"],
                bordercolor=colours["line"],
                borderwidth=1,
                font=dict(color=colours["ink"]),
            ),
        ),
    )
    bottom_first = list(reversed(labels))
    layout["yaxis"].update(tickvals=bottom_first, ticktext=bottom_first)
    if len(categories) > len(lanes):
        layout["yaxis"].update(showgrid=False)
        if len(lanes) > 1:
            layout["shapes"] = lane_bands(lanes, rows, colours)
    return layout


def lane_labels(yaxis) -> list[str]:
    """The lanes' labels on a timeline's lane axis, top down (a lane's further rows left out)."""
    categories = yaxis["categoryarray"] or []
    return [c for c in reversed(categories) if not c.endswith(ROW_MARK)]


def lane_bands(lanes: list[str], rows: dict[str, int], colours: dict) -> list[dict]:
    """A pale band behind every other lane, so that a lane's rows read as one lane."""
    bands = []
    bottom = -0.5
    for i, key in enumerate(reversed(lanes)):
        top = bottom + rows[key]
        if i % 2 == 0:
            bands.append(
                dict(
                    type="rect",
                    xref="paper",
                    yref="y",
                    x0=0,
                    x1=1,
                    y0=bottom,
                    y1=top,
                    fillcolor=colours["grid"],
                    opacity=0.45,
                    line=dict(width=0),
                    layer="below",
                )
            )
        bottom = top
    return bands


def date_ticks(lang: str) -> dict:
    """Date tick formats for lang; English keeps Plotly's own."""
    stops = TICK_FORMATS[language(lang)]
    return {"tickformatstops": stops} if stops else {}


def density_figure(
    result: Density,
    total: int,
    limit: int = DETAIL_LIMIT,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """One heatmap row per lane: events per time bin, tinted in the lane's colour, counts on hover."""
    return _as_figure(density_spec(result, total, limit, lang, theme))


def density_spec(
    result: Density,
    total: int,
    limit: int = DETAIL_LIMIT,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> dict:
    """density_figure as a plain dict."""
    dates = result.edge_dates()
    width = result.bin_days
    last = dates[1:] - pd.Timedelta(days=1)
    spans = [
        format_date(a, lang, iso=True)
        if width == 1
        else t(
            "hover.span",
            lang,
            start=format_date(a, lang, iso=True),
            end=format_date(b, lang, iso=True),
        )
        for a, b in zip(dates[:-1], last, strict=True)
    ]
    paper = palette(theme)["paper"]
    x = [f"{d:%Y-%m-%d}" for d in dates]
    top = max(int(result.counts.max()), 1) if result.counts.size else 1
    traces = []
    # Lanes sit at whole numbers, the first on top: Plotly.js cannot draw one-row heatmaps on a
    # category axis with an explicit category order.
    height = len(result.lanes) - 1
    for position, (key, row) in enumerate(zip(result.lanes, result.counts, strict=True)):
        colour, _ = type_style(key)
        label = plotly_text(type_label(key, lang=lang))
        traces.append(
            dict(
                type="heatmap",
                x=x,
                y=[height - position],
                z=[[int(v) if v else None for v in row]],
                customdata=[spans],
                zmin=0,
                zmax=top,
                colorscale=[[0, _tint(colour, paper)], [1, colour]],
                showscale=False,
                name=label,
                meta=DENSITY_TRACE,
                xgap=0,
                ygap=6,
                hoverongaps=False,
                hovertemplate=f"<b>{label}</b><br>%{{customdata}}<br>"
                + t("density.hover", lang)
                + "<extra></extra>",
            )
        )
    layout = lane_layout(result.lanes, lang, theme)
    labels = list(reversed(layout["yaxis"].pop("categoryarray")))
    layout["yaxis"].update(
        type="linear",
        tickvals=[height - i for i in range(len(labels))],
        ticktext=labels,
        range=[-0.5, height + 0.5],
        zeroline=False,
    )
    del layout["yaxis"]["categoryorder"]
    layout["margin"] = {**layout["margin"], "t": 40}
    layout["annotations"] = [
        dict(
            text=plotly_text(
                t(
                    "density.note",
                    lang,
                    count=plural("count.events", total, lang),
                    bin=_bin_name(width, lang),
                    limit=format_number(limit),
                )
            ),
            xref="paper",
            yref="paper",
            x=1,
            y=1.0,
            yanchor="bottom",
            xanchor="right",
            yshift=30,
            showarrow=False,
            font=dict(size=13, color=palette(theme)["muted"]),
        )
    ]
    return _spec(traces, layout, theme)


def timeline_view_figure(
    events: pd.DataFrame,
    window: Window | None = None,
    selected: str | None = None,
    limit: int = DETAIL_LIMIT,
    rows: np.ndarray | None = None,
    links: list[tuple[str, str]] = (),
    chain: set[str] = frozenset(),
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """The timeline at the level of detail the visible window allows.

    Every event as a marker when the whole set or the window holds at most `limit` events;
    otherwise the window's density per lane and time bin. `rows` (positions in date-sorted
    events) picks the shown events without copying the large frame. The axis shows the window.
    """
    return _as_figure(
        timeline_view_spec(events, window, selected, limit, rows, links, chain, lang, theme)
    )


def timeline_view_spec(
    events: pd.DataFrame,
    window: Window | None = None,
    selected: str | None = None,
    limit: int = DETAIL_LIMIT,
    rows: np.ndarray | None = None,
    links: list[tuple[str, str]] = (),
    chain: set[str] = frozenset(),
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
    notes: tuple[Note, ...] = (),
    periods: pd.DataFrame | None = None,
) -> dict:
    """timeline_view_figure as a plain dict: what the callback sends, without a deep copy.

    Escalation `links` are drawn when every shown event is drawn as a marker, and `notes` over
    any markers drawn.
    """
    if rows is None:
        rows = np.arange(len(events))
    if len(rows) <= limit:
        spec = timeline_spec(
            _take(events, rows),
            selected,
            links=links,
            chain=chain,
            lang=lang,
            theme=theme,
            notes=notes,
            window=window,
            periods=periods,
        )
    else:
        lanes, lane = _shown_lanes(events, rows)
        days = day_numbers(events)[rows]
        visible = day_range(days, window)
        if visible.stop - visible.start <= limit:
            spec = timeline_spec(
                events.iloc[rows[visible]],
                selected,
                lanes=lanes,
                lang=lang,
                theme=theme,
                notes=notes,
                window=window,
            )
        else:
            found = density_of(days, lane, lanes, window)
            spec = density_spec(found, visible.stop - visible.start, limit, lang, theme)
    if window is not None:
        spec["layout"]["xaxis"]["range"] = [window.start, window.end]
    return spec


def _take(events: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    return events if len(rows) == len(events) else events.iloc[rows]


def _shown_lanes(events: pd.DataFrame, rows: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The lanes the shown rows use, in lane order, and each shown row's position among them."""
    every = _all_lanes(events)
    lane = lane_index(events[s.EVENT_TYPE], every)[rows]
    used = np.bincount(lane[lane >= 0], minlength=len(every)) > 0
    position = np.cumsum(used) - 1
    lanes = [key for key, kept in zip(every, used, strict=True) if kept]
    return lanes, np.where(lane >= 0, position[lane], -1)


def _all_lanes(events: pd.DataFrame) -> list[str]:
    types = events[s.EVENT_TYPE]
    keys = types.cat.categories if isinstance(types.dtype, pd.CategoricalDtype) else types.unique()
    present = {str(k) for k in keys}
    known = [t for t in s.EVENT_TYPES if t in present]
    return known + sorted(present - set(known))


def _tint(colour: str, paper: str = "#ffffff") -> str:
    """The colour mixed one part to three with the background: the lightest step of a lane's
    scale."""
    mixed = [
        round(int(paper[i : i + 2], 16) * 0.75 + int(colour[i : i + 2], 16) * 0.25)
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{v:02x}" for v in mixed)


def _bin_name(days: int, lang: str = DEFAULT_LANGUAGE) -> str:
    if days in (1, 7, 14, 28, 91, 364):
        return t(f"bin.{days}", lang)
    return t("bin.days", lang, n=days)


def frequency_figure(
    counts: pd.DataFrame, period: str, lang: str = DEFAULT_LANGUAGE, theme: str = DEFAULT_THEME
) -> go.Figure:
    """Stacked bars of events per period, one colour per type, in lane order."""
    present = list(dict.fromkeys(counts[s.EVENT_TYPE]))
    order = [k for k in s.EVENT_TYPES if k in present] + sorted(set(present) - set(s.EVENT_TYPES))
    traces = []
    for key in order:
        rows = counts[counts[s.EVENT_TYPE] == key]
        # Each bar spans its own week or month, however far apart the bars are.
        days = rows["start"].dt.days_in_month if period == "month" else [7] * len(rows)
        span = [d * 86_400_000 for d in days]
        name = plotly_text(type_label(key, lang=lang))
        traces.append(
            {
                "type": "bar",
                "x": _days(rows["start"]),
                "y": rows["events"].tolist(),
                "width": [0.9 * d for d in span],
                "offset": [0.05 * d for d in span],
                "name": name,
                "marker": {
                    "color": type_style(key)[0],
                    "line": {"width": 0.5, "color": palette(theme)["outline"]},
                },
                "hovertemplate": t(
                    "chart.bar_hover",
                    lang,
                    type=name,
                    period=t(f"period.{period}", lang),
                    format=HOVER_DATE[language(lang)],
                )
                + "<extra></extra>",
            }
        )
    title = t("chart.per_period", lang, period=t(f"period.{period}", lang))
    layout = _small_layout(title, t("chart.events_axis", lang), lang, theme)
    layout.update(barmode="stack", dragmode="select", selectdirection="h", bargap=0.1)
    # Counts are whole: ticks of 0.2 would say otherwise.
    peak = counts.groupby("start")["events"].sum().max() if len(counts) else 0
    layout["yaxis"].update(tickformat="d", **({"dtick": 1} if peak < 5 else {}))
    return _as_figure(_spec(traces, layout, theme))


def _days(dates: pd.Series) -> list[str]:
    return dates.dt.strftime("%Y-%m-%d").tolist()


def running_total_figure(
    totals: pd.DataFrame,
    event_type: str,
    unit: str,
    selected: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """The running total of a counted type (e.g. balloons launched), a marker at each event; a
    long total (more than TOTALS_DETAIL events) is one step per day, week or month instead."""
    colour = type_style(event_type)[0]
    label = type_label(event_type, plural=True, lang=lang)
    name = unit_name(unit, lang)
    steps, period = totals_by_period(totals)
    if period == "event":
        hover = [
            f"<b>{plotly_text(title)}</b><br>{format_date(day, lang, iso=True)}: "
            f"{plotly_text(format_count(n, unit, lang))}<br>"
            f"{t('chart.total_so_far', lang, n=format_number(total))}"
            for title, day, n, total in zip(
                localised_titles(totals, lang),
                totals[s.DATE],
                totals[s.COUNT],
                totals["total"],
                strict=True,
            )
        ]
        ring = [3 if i == selected else 0 for i in totals[s.ID]]
        each_event = {
            "mode": "lines+markers",
            "marker": {
                "color": colour,
                "size": 8,
                "line": {"width": ring, "color": palette(theme)["ring"]},
            },
            "customdata": totals[s.ID].tolist(),
            "meta": EVENTS_TRACE,
        }
    else:
        hover = [
            f"{step_name(day, period, lang)}: +{plotly_text(format_count(n, unit, lang))}"
            f" ({plural('count.events', k, lang)})<br>"
            f"{t('chart.total_so_far', lang, n=format_number(total))}"
            for day, n, k, total in zip(
                steps[s.DATE], steps[s.COUNT], steps["events"], steps["total"], strict=True
            )
        ]
        each_event = {"mode": "lines"}
    trace = {
        "type": "scatter",
        "x": _days(steps[s.DATE]),
        "y": steps["total"].tolist(),
        "line": {"color": colour, "width": 2, "shape": "hv"},
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        **each_event,
    }
    title = t("chart.running_total", lang, type=label, unit=name)
    return _as_figure(_spec([trace], _small_layout(title, name, lang, theme), theme))


def empty_chart(title: str, theme: str = DEFAULT_THEME) -> dict:
    """A chart with only a title, in the theme's colours, for a view with nothing to draw."""
    colours = palette(theme)
    return _spec(
        [],
        {
            "title": {"text": plotly_text(title), "x": 0, "xanchor": "left"},
            "font": {"family": FONT, "color": colours["ink"]},
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "height": 300,
        },
        theme,
    )


def _small_layout(title: str, y_title: str, lang: str, theme: str) -> dict:
    """The layout of the linked views' small charts: title, date axis, count axis."""
    colours = palette(theme)
    return {
        "font": {"family": FONT, "size": 13, "color": colours["ink"]},
        "title": {"text": plotly_text(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "height": 300,
        "margin": {"l": 10, "r": 10, "t": 40, "b": 30},
        "showlegend": False,
        "hoverlabel": {"align": "left"},
        "uirevision": "small",
        "xaxis": {"type": "date", "showgrid": False, "automargin": True, **date_ticks(lang)},
        "yaxis": {
            "title": {"text": plotly_text(y_title)},
            "rangemode": "tozero",
            "gridcolor": colours["grid"],
            "automargin": True,
        },
    }


def _connectors(events: pd.DataFrame, y: np.ndarray, pairs, name: str, colour: str, width: int):
    where = dict(zip(events[s.ID], zip(events[s.DATE], y, strict=True), strict=True))
    xs: list = []
    ys: list = []
    for cause, response in pairs:
        if cause in where and response in where:
            xs += [where[cause][0], where[response][0], None]
            ys += [where[cause][1], where[response][1], None]
    return dict(
        type="scatter",
        x=xs,
        y=ys,
        mode="lines",
        meta=name,
        line=dict(color=colour, width=width),
        opacity=0.8 if name == CHAIN_TRACE else 0.45,
        hoverinfo="skip",
        showlegend=False,
    )


def _spans(starts: np.ndarray, ends: np.ndarray, rows: np.ndarray, colour: str) -> dict:
    xs: list = []
    ys: list = []
    for start, end, row in zip(starts, ends, rows, strict=True):
        xs += [start, end, None]
        ys += [row, row, None]
    return dict(
        type="scatter",
        x=xs,
        y=ys,
        mode="lines",
        meta=SPANS_TRACE,
        line=dict(color=colour, width=8),
        opacity=0.45,
        hoverinfo="skip",
        showlegend=False,
    )
