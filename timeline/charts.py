"""The linked views' charts for one view: what the explorer shows and what an export draws."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from timeline.aggregate import counted_series, frequency, period_for, running_total
from timeline.compare import (
    PERIOD_COLOURS,
    Period,
    aligned_frequency,
    bin_days,
    comparison_heading,
    comparison_sentences,
)
from timeline.context import context_figure
from timeline.figures import FONT, empty_chart, frequency_figure, plotly_text, running_total_figure
from timeline.filters import type_label
from timeline.i18n import plural, t, unit_name
from timeline.maps import map_figure
from timeline.state import ViewState
from timeline.themes import DEFAULT_THEME, palette, template
from timeline.themes import theme as theme_name


def series_choices(shown: pd.DataFrame, lang: str | None) -> list[dict]:
    """The running totals a view can show, as radio options; a total needs two counted events."""
    return [
        {
            "label": t(
                "chart.series",
                lang,
                type=type_label(key, True, lang),
                unit=unit_name(unit, lang),
                count=plural("count.events", n, lang),
            ),
            "value": f"{key}|{unit}",
        }
        for key, unit, n in counted_series(shown)
        if n >= 2
    ]


def chosen_series(choices: list[dict], wanted: str | None) -> str | None:
    """The series the view asked for when it has it, else the first one."""
    values = [c["value"] for c in choices]
    return wanted if wanted in values else (values[0] if values else None)


def frequency_chart(
    counts: pd.DataFrame, period: str, lang: str | None, theme: str
) -> go.Figure | dict:
    """Events per period as bars; with no events, a sentence and no axes."""
    if counts.empty:
        return empty_chart(t("chart.no_events", lang), theme)
    return frequency_figure(counts, period, lang, theme)


def chart_words(chart: str, shown: pd.DataFrame, state: ViewState, lang: str | None) -> dict:
    """Default title, subtitle and alt text of a chart whose words differ from the events'
    summary (the comparison of periods); {} for the others."""
    if chart != "compare":
        return {}
    title, subtitle = comparison_heading(shown, state.compare, lang)
    return {
        "title": title,
        "subtitle": subtitle,
        "alt": comparison_sentences(shown, state.compare, lang),
    }


def chart_figure(
    chart: str,
    shown: pd.DataFrame,
    state: ViewState,
    context: pd.DataFrame | None = None,
    theme: str | None = None,
) -> go.Figure | dict:
    """The chart of a linked view (frequency, totals, map, context) for the shown events.

    `theme` overrides the view's theme (print is always light)."""
    lang = state.lang
    colours = theme_name(theme or state.theme)
    if chart == "frequency":
        period = period_for(shown)
        return frequency_chart(frequency(shown, period), period, lang, colours)
    if chart == "totals":
        chosen = chosen_series(series_choices(shown, lang), state.series)
        if not chosen:
            return empty_chart(t("chart.no_counted", lang), colours)
        event_type, unit = chosen.split("|", 1)
        totals = running_total(shown, event_type, unit)
        return running_total_figure(totals, event_type, unit, state.event, lang, colours)
    if chart == "map":
        return map_figure(shown, state.event, lang, colours)
    if chart == "compare":
        if len(state.compare) < 2:
            return empty_chart(t("compare.need_two", lang), colours)
        return compare_figure(shown, state.compare, lang, colours)
    if chart == "context":
        series = context if context is not None else pd.DataFrame()
        return context_figure(series, state.filters.start, state.filters.end, lang, colours)
    raise ValueError(f"Unknown chart '{chart}'.")


def compare_figure(
    events: pd.DataFrame,
    periods: tuple[Period, ...],
    lang: str | None = None,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """The frequency of each period overlaid, aligned by days from each start."""
    colours = palette(theme)
    counts = aligned_frequency(events, periods)
    width = bin_days(periods)
    unit = {1: "day", 7: "week"}.get(width, "month")
    fig = go.Figure()
    for i, period in enumerate(periods):
        rows = counts[counts["period"] == i]
        name = period.label(lang)
        fig.add_trace(
            go.Scatter(
                x=rows["day"],
                y=rows["events"],
                name=plotly_text(name),
                mode="lines+markers",
                line=dict(
                    color=PERIOD_COLOURS[i % len(PERIOD_COLOURS)],
                    width=2.5,
                    shape="hv" if width > 1 else None,
                ),
                marker=dict(size=6, symbol=("circle", "square", "diamond", "triangle-up")[i % 4]),
                hovertemplate=plotly_text(name)
                + "<br>"
                + t("compare.hover", lang, unit=t(f"period.{unit}", lang))
                + "<extra></extra>",
            )
        )
    fig.update_layout(
        template=template(theme),
        font=dict(family=FONT, size=13, color=colours["ink"]),
        title=dict(
            text=plotly_text(t("compare.title", lang, period=t(f"period.{unit}", lang))),
            x=0,
            xanchor="left",
            font_size=15,
        ),
        height=320,
        margin=dict(l=10, r=10, t=40, b=30),
        legend=dict(orientation="h", y=-0.25, x=0),
        hoverlabel=dict(align="left"),
        uirevision="compare",
    )
    fig.update_xaxes(
        title_text=plotly_text(t("compare.days_axis", lang)),
        rangemode="tozero",
        showgrid=False,
        automargin=True,
    )
    fig.update_yaxes(
        title_text=plotly_text(t("chart.events_axis", lang)),
        rangemode="tozero",
        tickformat="d",
        dtick=max(1, int(counts["events"].max() // 5) if len(counts) else 1),
        gridcolor=colours["grid"],
        automargin=True,
    )
    return fig
