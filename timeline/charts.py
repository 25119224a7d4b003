"""The linked views' charts for one view: what the explorer shows and what an export draws."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from timeline.aggregate import counted_series, frequency, period_for, running_total
from timeline.context import context_figure
from timeline.figures import empty_chart, frequency_figure, running_total_figure
from timeline.filters import type_label
from timeline.i18n import plural, t, unit_name
from timeline.maps import map_figure
from timeline.state import ViewState
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
        return frequency_figure(frequency(shown, period), period, lang, colours)
    if chart == "totals":
        chosen = chosen_series(series_choices(shown, lang), state.series)
        if not chosen:
            return empty_chart(t("chart.no_counted", lang), colours)
        event_type, unit = chosen.split("|", 1)
        totals = running_total(shown, event_type, unit)
        return running_total_figure(totals, event_type, unit, state.event, lang, colours)
    if chart == "map":
        return map_figure(shown, state.event, lang, colours)
    if chart == "context":
        series = context if context is not None else pd.DataFrame()
        return context_figure(series, state.filters.start, state.filters.end, lang, colours)
    raise ValueError(f"Unknown chart '{chart}'.")
