"""A small context chart: North Korean defectors arriving in the South, per year."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from timeline.figures import FONT
from timeline.i18n import DEFAULT_LANGUAGE
from timeline.themes import DEFAULT_THEME

CONTEXT_TITLE = "North Korean defectors arriving in the South, per year"
CONTEXT_SOURCE = "Source: Ministry of Unification"
IN_RANGE = "#3b6e8f"
OUT_OF_RANGE = "#d3d7dc"
MUTED = "#5f6670"


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
    """Arrivals per year as bars; years outside the date filter stay visible but greyed out."""
    keep = years_in_range(series["year"], start, end)
    fig = go.Figure(
        go.Bar(
            x=series["year"],
            y=series["arrivals"],
            marker=dict(color=[IN_RANGE if k else OUT_OF_RANGE for k in keep], line_width=0),
            text=[f"{v:,}" for v in series["arrivals"]],
            textposition="outside",
            textfont=dict(size=11, color=[MUTED if k else "#a3a9b0" for k in keep]),
            cliponaxis=False,
            hovertemplate="%{x}: %{y:,} arrivals<extra></extra>",
        )
    )
    fig.update_layout(
        title=dict(text=CONTEXT_TITLE, x=0, xref="paper", xanchor="left", y=0.97, font_size=15),
        font=dict(family=FONT, size=12, color="#1f2328"),
        template="plotly_white",
        height=220,
        margin=dict(l=10, r=10, t=40, b=44),
        bargap=0.25,
        showlegend=False,
        hoverlabel=dict(bgcolor="white", font_size=13),
        annotations=[
            dict(
                text=CONTEXT_SOURCE,
                x=0,
                y=0,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top",
                yshift=-24,
                showarrow=False,
                font=dict(size=11, color=MUTED),
            )
        ],
    )
    fig.update_xaxes(type="category", showgrid=False, ticks="", fixedrange=True, tickfont_size=11)
    fig.update_yaxes(visible=False, fixedrange=True, rangemode="tozero")
    if series.empty:
        fig.add_annotation(
            text="No data", x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False
        )
    return fig
