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
LANE_HEIGHT = 46
FONT = "Inter, 'Noto Sans KR', 'Helvetica Neue', Arial, sans-serif"


def type_style(key: str) -> tuple[str, str]:
    """Colour and marker symbol of an event type; the same everywhere in the app and exports."""
    return s.TYPE_STYLE.get(key, s.OTHER_STYLE)


def lane_order(events: pd.DataFrame) -> list[str]:
    """Event types present, in vocabulary order, then a user's own types alphabetically."""
    present = set(events[s.EVENT_TYPE].astype(str))
    known = [t for t in s.EVENT_TYPES if t in present]
    return known + sorted(present - set(known))


def plotly_text(text: str) -> str:
    """Text that Plotly shows literally: it reads tags in labels, and decodes &lt; &gt; &amp;
    but not &quot;, so only those three are escaped."""
    return html.escape(text, quote=False)


def lane_label(key: str) -> str:
    """The lane's axis label; escaped because Plotly reads tags in labels (a user's own types)."""
    return plotly_text(type_label(key))


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
        actor = plotly_text(actor_label(str(row.actor)))
        lines = [f"<b>{plotly_text(row.title)}</b>", day, actor]
        if not pd.isna(row.count):
            unit = plotly_text(row.count_unit)
            lines.append(f"{_number(row.count)} {unit}".strip())
        out.append("<br>".join(lines))
    return out


def timeline_figure(events: pd.DataFrame, selected: str | None = None) -> go.Figure:
    """One lane per event type: markers for events (sized by count), bars for lasting events."""
    lanes = lane_order(events)
    fig = go.Figure()
    for key in lanes:
        rows = events[events[s.EVENT_TYPE] == key]
        colour, symbol = type_style(key)
        label = lane_label(key)
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
                    y=[lane_label(str(t)) for t in chosen[s.EVENT_TYPE]],
                    mode="markers",
                    meta=SELECTED_TRACE,
                    showlegend=False,
                    hoverinfo="skip",
                    marker=dict(size=30, symbol="circle-open", color="#111111", line=dict(width=3)),
                )
            )
    labels = [lane_label(k) for k in lanes]
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
