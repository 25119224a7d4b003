"""Plotly figures built from event DataFrames."""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import schema as s
from timeline.filters import actor_label, type_label

EVENTS_TRACE = "events"
SPANS_TRACE = "spans"
SELECTED_TRACE = "selected"
LINKS_TRACE = "links"
CHAIN_TRACE = "chain"
LINK_COLOUR = "#9aa3ad"
CHAIN_COLOUR = "#1f2328"
LANE_HEIGHT = 46
FONT = "Pretendard, Inter, 'Noto Sans KR', 'Helvetica Neue', Arial, sans-serif"


def type_style(key: str) -> tuple[str, str]:
    """Colour and marker symbol of an event type; the same everywhere in the app and exports."""
    return s.TYPE_STYLE.get(key, s.OTHER_STYLE)


def lane_order(events: pd.DataFrame) -> list[str]:
    """Event types present, in vocabulary order, then a user's own types alphabetically."""
    present = set(events[s.EVENT_TYPE].astype(str))
    known = [t for t in s.EVENT_TYPES if t in present]
    return known + sorted(present - set(known))


def marker_sizes(counts: pd.Series) -> np.ndarray:
    """Marker diameters: 10 px without a count, growing with the logarithm of the count."""
    values = counts.to_numpy(dtype="float64", na_value=np.nan)
    sizes = 10 + 4 * np.log10(1 + np.nan_to_num(values, nan=0.0))
    return np.clip(sizes, 10, 26).round(1)


def hover_text(events: pd.DataFrame) -> list[str]:
    """Hover label per event: date, title, actor and count, with the text escaped."""
    out = []
    for row in events.itertuples(index=False):
        day = f"{row.date:%Y-%m-%d}"
        if not pd.isna(row.end_date) and row.end_date != row.date:
            day += f" to {row.end_date:%Y-%m-%d}"
        lines = [f"<b>{html.escape(row.title)}</b>", day, actor_label(str(row.actor))]
        if not pd.isna(row.count):
            unit = html.escape(row.count_unit)
            lines.append(f"{_number(row.count)} {unit}".strip())
        out.append("<br>".join(lines))
    return out


def timeline_figure(
    events: pd.DataFrame,
    selected: str | None = None,
    links: list[tuple[str, str]] = (),
    chain: set[str] = frozenset(),
    window: tuple | None = None,
) -> go.Figure:
    """One lane per event type: markers for events (sized by count), bars for lasting events.

    `links` are (cause, response) id pairs drawn as connectors; those inside `chain` (the
    selected event's chain) are drawn darker. `window` is the visible date range, if zoomed.
    """
    lanes = lane_order(events)
    fig = go.Figure()
    if len(links):
        plain = [pair for pair in links if not (pair[0] in chain and pair[1] in chain)]
        strong = [pair for pair in links if pair[0] in chain and pair[1] in chain]
        fig.add_trace(_connectors(events, plain, LINKS_TRACE, LINK_COLOUR, 1))
        if strong:
            fig.add_trace(_connectors(events, strong, CHAIN_TRACE, CHAIN_COLOUR, 2))
    for key in lanes:
        rows = events[events[s.EVENT_TYPE] == key]
        colour, symbol = type_style(key)
        label = type_label(key)
        lasting = rows[rows[s.END_DATE].notna() & (rows[s.END_DATE] > rows[s.DATE])]
        if len(lasting):
            fig.add_trace(_spans(lasting, label, colour))
        fig.add_trace(
            go.Scatter(
                x=rows[s.DATE],
                y=[label] * len(rows),
                mode="markers",
                name=label,
                legendgroup=key,
                meta=EVENTS_TRACE,
                customdata=rows[s.ID].to_numpy(),
                hovertext=hover_text(rows),
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(
                    color=colour,
                    symbol=symbol,
                    size=marker_sizes(rows[s.COUNT]),
                    line=dict(width=1, color="white"),
                    opacity=0.9,
                ),
            )
        )
    if selected is not None:
        chosen = events[events[s.ID] == selected]
        if len(chosen):
            fig.add_trace(
                go.Scatter(
                    x=chosen[s.DATE],
                    y=[type_label(str(t)) for t in chosen[s.EVENT_TYPE]],
                    mode="markers",
                    meta=SELECTED_TRACE,
                    showlegend=False,
                    hoverinfo="skip",
                    marker=dict(size=30, symbol="circle-open", color="#111111", line=dict(width=3)),
                )
            )
    labels = [type_label(k) for k in lanes]
    fig.update_layout(
        template="plotly_white",
        font=dict(family=FONT, size=14, color="#1f2328"),
        height=max(260, 90 + LANE_HEIGHT * len(lanes)),
        margin=dict(l=10, r=20, t=10, b=40),
        showlegend=False,
        hovermode="closest",
        hoverlabel=dict(bgcolor="white", font_size=14, align="left"),
        dragmode="zoom",
        uirevision="timeline",
        clickmode="event",
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(reversed(labels)),
        fixedrange=True,
        showgrid=True,
        gridcolor="#eceef1",
        automargin=True,
    )
    fig.update_xaxes(
        type="date",
        range=[_day(window[0]), _day(window[1])] if window else None,
        showgrid=True,
        gridcolor="#f1f2f4",
        zeroline=False,
        automargin=True,
        rangeselector=dict(
            buttons=[
                dict(count=1, label="1 month", step="month", stepmode="backward"),
                dict(count=6, label="6 months", step="month", stepmode="backward"),
                dict(count=1, label="1 year", step="year", stepmode="backward"),
                dict(step="all", label="All"),
            ],
            x=0,
            y=1.0,
            yanchor="bottom",
            bgcolor="#f4f5f7",
        ),
    )
    return fig


def frequency_figure(counts: pd.DataFrame, period: str) -> go.Figure:
    """Stacked bars of events per period, one colour per type, in lane order."""
    fig = go.Figure()
    present = list(dict.fromkeys(counts[s.EVENT_TYPE]))
    order = [t for t in s.EVENT_TYPES if t in present] + sorted(set(present) - set(s.EVENT_TYPES))
    for key in order:
        rows = counts[counts[s.EVENT_TYPE] == key]
        fig.add_trace(
            go.Bar(
                x=rows["start"],
                y=rows["events"],
                name=type_label(key),
                marker_color=type_style(key)[0],
                hovertemplate=f"{html.escape(type_label(key))}: %{{y}}<br>{period} of "
                "%{x|%d %b %Y}<extra></extra>",
            )
        )
    _small_chart(fig, f"Events per {period}", "events")
    fig.update_layout(barmode="stack", dragmode="select", selectdirection="h", bargap=0.1)
    return fig


def running_total_figure(
    totals: pd.DataFrame, event_type: str, unit: str, selected: str | None = None
) -> go.Figure:
    """The running total of a counted type (e.g. balloons launched), a marker at each event."""
    colour = type_style(event_type)[0]
    hover = [
        f"<b>{html.escape(title)}</b><br>{day:%Y-%m-%d}: {_number(n)} {html.escape(unit)}<br>"
        f"total so far: {_number(total)}"
        for title, day, n, total in zip(
            totals[s.TITLE], totals[s.DATE], totals[s.COUNT], totals["total"], strict=True
        )
    ]
    fig = go.Figure(
        go.Scatter(
            x=totals[s.DATE],
            y=totals["total"],
            mode="lines+markers",
            line=dict(color=colour, width=2, shape="hv"),
            marker=dict(
                color=colour,
                size=8,
                line=dict(
                    width=[3 if i == selected else 0 for i in totals[s.ID]], color=CHAIN_COLOUR
                ),
            ),
            customdata=totals[s.ID],
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            meta=EVENTS_TRACE,
        )
    )
    _small_chart(fig, f"{type_label(event_type, plural=True)}: {unit}, running total", unit)
    return fig


def _small_chart(fig: go.Figure, title: str, y_title: str) -> None:
    fig.update_layout(
        template="plotly_white",
        font=dict(family=FONT, size=13, color="#1f2328"),
        title=dict(text=html.escape(title), x=0, xanchor="left", font_size=15),
        height=300,
        margin=dict(l=10, r=10, t=40, b=30),
        showlegend=False,
        hoverlabel=dict(bgcolor="white", align="left"),
        uirevision="small",
    )
    fig.update_xaxes(type="date", showgrid=False, automargin=True)
    fig.update_yaxes(title_text=y_title, rangemode="tozero", gridcolor="#eceef1", automargin=True)


def _connectors(events: pd.DataFrame, pairs, name: str, colour: str, width: int) -> go.Scatter:
    where = {
        i: (d, type_label(str(t)))
        for i, d, t in zip(events[s.ID], events[s.DATE], events[s.EVENT_TYPE], strict=True)
    }
    xs: list = []
    ys: list = []
    for cause, response in pairs:
        if cause in where and response in where:
            xs += [where[cause][0], where[response][0], None]
            ys += [where[cause][1], where[response][1], None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        meta=name,
        line=dict(color=colour, width=width),
        opacity=0.8 if name == CHAIN_TRACE else 0.45,
        hoverinfo="skip",
        showlegend=False,
    )


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _spans(rows: pd.DataFrame, label: str, colour: str) -> go.Scatter:
    xs: list = []
    for start, end in zip(rows[s.DATE], rows[s.END_DATE], strict=True):
        xs += [start, end, None]
    return go.Scatter(
        x=xs,
        y=[label if x is not None else None for x in xs],
        mode="lines",
        meta=SPANS_TRACE,
        line=dict(color=colour, width=8),
        opacity=0.45,
        hoverinfo="skip",
        showlegend=False,
    )


def _number(value: float) -> str:
    return f"{int(value):,}" if math.isclose(value, round(value)) else f"{value:,.1f}"
