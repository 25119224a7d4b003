"""A small context chart: North Korean defectors arriving in the South, per year, and in total."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from timeline.figures import FONT
from timeline.i18n import DEFAULT_LANGUAGE, format_number, t
from timeline.themes import DEFAULT_THEME, palette, template
from timeline.themes import theme as theme_name

CONTEXT_TITLE = t("context.title")
CONTEXT_SOURCE = t("context.source")
IN_RANGE = "#3b6e8f"
OUT_OF_RANGE = "#d3d7dc"
# (years in the date filter, years outside it) per theme. The bars in range reach 3:1 against the
# background and against the greyed-out bars; the numbers above the bars carry the values as text.
BAR_COLOURS: dict[str, tuple[str, str]] = {
    "light": (IN_RANGE, OUT_OF_RANGE),
    "dark": ("#6fa8d0", "#3a4149"),
    "contrast": ("#ffffff", "#5c5c5c"),
}


def years_in_range(years: pd.Series, start: date | None, end: date | None) -> pd.Series:
    """Which years overlap the date range [start, end]; an open end keeps every year on that side."""
    keep = pd.Series(True, index=years.index)
    if start is not None:
        keep &= years >= start.year
    if end is not None:
        keep &= years <= end.year
    return keep


def context_figure(
    series: pd.DataFrame,
    start: date | None,
    end: date | None,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """Arrivals per year as bars; years outside the date filter stay visible but greyed out.

    Title, source and hover are in `lang`; the colours follow `theme`.
    """
    keep = years_in_range(series["year"], start, end)
    colours = palette(theme)
    in_range, out_of_range = BAR_COLOURS[theme_name(theme)]
    fig = go.Figure(
        go.Bar(
            x=series["year"],
            y=series["arrivals"],
            marker=dict(color=[in_range if k else out_of_range for k in keep], line_width=0),
            text=[format_number(v, lang) for v in series["arrivals"]],
            textposition="outside",
            textfont=dict(size=11, color=[colours["ink" if k else "muted"] for k in keep]),
            cliponaxis=False,
            hovertemplate=t("context.hover", lang) + "<extra></extra>",
        )
    )
    totals = cumulative_arrivals(series)
    fig.add_trace(
        go.Scatter(
            x=series["year"],
            y=totals,
            yaxis="y2",
            mode="lines",
            line=dict(color=colours["ink"], width=1.5, dash="dot"),
            customdata=[series["year"].min()] * len(series),
            hovertemplate=t("context.total_hover", lang) + "<extra></extra>",
        )
    )
    fig.update_layout(
        title=dict(
            text=t("context.title", lang), x=0, xref="paper", xanchor="left", y=0.97, font_size=15
        ),
        font=dict(family=FONT, size=12, color=colours["ink"]),
        template=template(theme),
        paper_bgcolor=colours["paper"],
        plot_bgcolor=colours["paper"],
        height=220,
        margin=dict(l=10, r=10, t=40, b=44),
        bargap=0.25,
        showlegend=False,
        hoverlabel=dict(
            bgcolor=colours["paper"],
            bordercolor=colours["line"],
            font=dict(size=13, color=colours["ink"]),
        ),
        annotations=[
            dict(
                text=t("context.source", lang),
                x=0,
                y=0,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top",
                yshift=-24,
                showarrow=False,
                font=dict(size=11, color=colours["muted"]),
            ),
            *total_note(series, totals, colours, lang),
        ],
    )
    fig.update_xaxes(type="category", showgrid=False, ticks="", fixedrange=True, tickfont_size=11)
    fig.update_yaxes(visible=False, fixedrange=True, rangemode="tozero")
    fig.update_layout(
        yaxis2=dict(overlaying="y", visible=False, fixedrange=True, rangemode="tozero")
    )
    if series.empty:
        fig.add_annotation(
            text=t("context.no_data", lang),
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
            font=dict(color=colours["muted"]),
        )
    return fig


def cumulative_arrivals(series: pd.DataFrame) -> pd.Series:
    """Arrivals added up year by year from the first year of the series."""
    return series["arrivals"].cumsum()


def total_note(series: pd.DataFrame, totals: pd.Series, colours: dict, lang: str) -> list[dict]:
    """'Total since 1998: 33,645' at the top right; nothing for an empty series."""
    if series.empty:
        return []
    text = t(
        "context.total",
        lang,
        start=int(series["year"].min()),
        total=format_number(int(totals.iloc[-1]), lang),
    )
    return [
        dict(
            text=text,
            x=1,
            y=1,
            xref="paper",
            yref="paper",
            xanchor="right",
            yanchor="bottom",
            yshift=8,
            showarrow=False,
            font=dict(size=12, color=colours["ink"]),
        )
    ]
