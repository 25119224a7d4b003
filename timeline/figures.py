"""Plotly figures built from event DataFrames."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import schema as s
from timeline.filters import actor_label, type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    HOVER_DATE,
    TICK_FORMATS,
    event_text,
    format_date,
    format_number,
    language,
    t,
)
from timeline.themes import DEFAULT_THEME, palette, template

EVENTS_TRACE = "events"
SPANS_TRACE = "spans"
SELECTED_TRACE = "selected"
LINKS_TRACE = "links"
CHAIN_TRACE = "chain"
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


def marker_sizes(counts: pd.Series) -> np.ndarray:
    """Marker diameters: 10 px without a count, growing with the logarithm of the count."""
    values = counts.to_numpy(dtype="float64", na_value=np.nan)
    sizes = 10 + 4 * np.log10(1 + np.nan_to_num(values, nan=0.0))
    return np.clip(sizes, 10, 26).round(1)


def hover_text(events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Hover label per event: date, title, actor and count, in lang, with the text escaped."""
    out = []
    for _, row in events.iterrows():
        day = format_date(row[s.DATE], lang, iso=True)
        if not pd.isna(row[s.END_DATE]) and row[s.END_DATE] != row[s.DATE]:
            end = format_date(row[s.END_DATE], lang, iso=True)
            day = t("hover.span", lang, start=day, end=end)
        title = html.escape(event_text(row, s.TITLE, lang))
        lines = [f"<b>{title}</b>", day, actor_label(str(row[s.ACTOR]), lang)]
        if not pd.isna(row[s.COUNT]):
            unit = html.escape(row[s.COUNT_UNIT])
            lines.append(f"{format_number(row[s.COUNT])} {unit}".strip())
        out.append("<br>".join(lines))
    return out


def timeline_figure(
    events: pd.DataFrame,
    selected: str | None = None,
    links: list[tuple[str, str]] = (),
    chain: set[str] = frozenset(),
    window: tuple | None = None,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """One lane per event type: markers for events (sized by count), bars for lasting events.

    `links` are (cause, response) id pairs drawn as connectors; those inside `chain` (the
    selected event's chain) are drawn darker. `window` is the visible date range, if zoomed.
    Labels are in `lang`, colours follow `theme`.
    """
    lanes = lane_order(events)
    colours = palette(theme)
    fig = go.Figure()
    if len(links):
        plain = [pair for pair in links if not (pair[0] in chain and pair[1] in chain)]
        strong = [pair for pair in links if pair[0] in chain and pair[1] in chain]
        fig.add_trace(_connectors(events, plain, LINKS_TRACE, colours["line"], 1, lang))
        if strong:
            fig.add_trace(_connectors(events, strong, CHAIN_TRACE, colours["ring"], 2, lang))
    for key in lanes:
        rows = events[events[s.EVENT_TYPE] == key]
        colour, symbol = type_style(key)
        label = type_label(key, lang=lang)
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
                hovertext=hover_text(rows, lang),
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(
                    color=colour,
                    symbol=symbol,
                    size=marker_sizes(rows[s.COUNT]),
                    line=dict(width=1, color=colours["outline"]),
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
                    y=[type_label(str(k), lang=lang) for k in chosen[s.EVENT_TYPE]],
                    mode="markers",
                    meta=SELECTED_TRACE,
                    showlegend=False,
                    hoverinfo="skip",
                    marker=dict(
                        size=30, symbol="circle-open", color=colours["ring"], line=dict(width=3)
                    ),
                )
            )
    labels = [type_label(k, lang=lang) for k in lanes]
    fig.update_layout(
        template=template(theme),
        font=dict(family=FONT, size=14, color=colours["ink"]),
        height=max(260, 90 + LANE_HEIGHT * len(lanes)),
        margin=dict(l=10, r=20, t=10, b=40),
        showlegend=False,
        hovermode="closest",
        hoverlabel=dict(font_size=14, align="left"),
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
        gridcolor=colours["grid"],
        automargin=True,
    )
    fig.update_xaxes(
        tickformatstops=TICK_FORMATS[language(lang)],
        type="date",
        range=[_day(window[0]), _day(window[1])] if window else None,
        showgrid=True,
        gridcolor=colours["grid"],
        zeroline=False,
        automargin=True,
        rangeselector=dict(
            buttons=[
                dict(
                    count=1, label=t("timeline.range.1m", lang), step="month", stepmode="backward"
                ),
                dict(
                    count=6, label=t("timeline.range.6m", lang), step="month", stepmode="backward"
                ),
                dict(count=1, label=t("timeline.range.1y", lang), step="year", stepmode="backward"),
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
    )
    return fig


def frequency_figure(
    counts: pd.DataFrame, period: str, lang: str = DEFAULT_LANGUAGE, theme: str = DEFAULT_THEME
) -> go.Figure:
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
                name=type_label(key, lang=lang),
                marker_color=type_style(key)[0],
                marker_line=dict(width=0.5, color=palette(theme)["outline"]),
                hovertemplate=t(
                    "chart.bar_hover",
                    lang,
                    type=html.escape(type_label(key, lang=lang)),
                    period=t(f"period.{period}", lang),
                    format=HOVER_DATE[language(lang)],
                )
                + "<extra></extra>",
            )
        )
    title = t("chart.per_period", lang, period=t(f"period.{period}", lang))
    _small_chart(fig, title, t("chart.events_axis", lang), lang, theme)
    fig.update_layout(barmode="stack", dragmode="select", selectdirection="h", bargap=0.1)
    return fig


def running_total_figure(
    totals: pd.DataFrame,
    event_type: str,
    unit: str,
    selected: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """The running total of a counted type (e.g. balloons launched), a marker at each event."""
    colour = type_style(event_type)[0]
    titles = [event_text(row, s.TITLE, lang) for _, row in totals.iterrows()]
    hover = [
        f"<b>{html.escape(title)}</b><br>{format_date(day, lang, iso=True)}: {format_number(n)} "
        f"{html.escape(unit)}<br>{t('chart.total_so_far', lang, n=format_number(total))}"
        for title, day, n, total in zip(
            titles, totals[s.DATE], totals[s.COUNT], totals["total"], strict=True
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
                    width=[3 if i == selected else 0 for i in totals[s.ID]],
                    color=palette(theme)["ring"],
                ),
            ),
            customdata=totals[s.ID],
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            meta=EVENTS_TRACE,
        )
    )
    label = type_label(event_type, plural=True, lang=lang)
    _small_chart(fig, t("chart.running_total", lang, type=label, unit=unit), unit, lang, theme)
    return fig


def _small_chart(fig: go.Figure, title: str, y_title: str, lang: str, theme: str) -> None:
    colours = palette(theme)
    fig.update_layout(
        template=template(theme),
        font=dict(family=FONT, size=13, color=colours["ink"]),
        title=dict(text=html.escape(title), x=0, xanchor="left", font_size=15),
        height=300,
        margin=dict(l=10, r=10, t=40, b=30),
        showlegend=False,
        hoverlabel=dict(align="left"),
        uirevision="small",
    )
    fig.update_xaxes(
        type="date", showgrid=False, automargin=True, tickformatstops=TICK_FORMATS[language(lang)]
    )
    fig.update_yaxes(
        title_text=y_title, rangemode="tozero", gridcolor=colours["grid"], automargin=True
    )


def _connectors(
    events: pd.DataFrame, pairs, name: str, colour: str, width: int, lang: str
) -> go.Scatter:
    where = {
        i: (d, type_label(str(k), lang=lang))
        for i, d, k in zip(events[s.ID], events[s.DATE], events[s.EVENT_TYPE], strict=True)
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
