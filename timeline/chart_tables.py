"""The numbers behind each small chart, for screen readers and for reading off exact values: a
one-sentence summary that names the chart (its figure is labelled by it) and a folded "Show the
numbers as a table" under the frequency, running-total and context charts.
"""

from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
import pandas as pd
from dash import html

from timeline import schema as s
from timeline.aggregate import WEEK, totals_by_period
from timeline.context import years_in_range
from timeline.figures import lane_order
from timeline.filters import type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    format_count,
    format_date,
    format_number,
    localised_titles,
    month_name,
    plural,
    step_name,
    t,
    unit_name,
)

# Up to this many rows a table grows to fit; longer ones scroll inside a fixed height.
SHORT_TABLE = 12
# Up to this many rows every row is in the page for a screen reader; a longer table (a running
# total over a large file) draws the rows in view and tells their number (aria-rowcount).
ALL_ROWS_IN_PAGE = 500


def data_table(
    caption: str,
    headers: list[str],
    rows: list[list[str]],
    lang: str = DEFAULT_LANGUAGE,
    numbers: set[int] = frozenset(),
) -> html.Details:
    """A folded table: a caption, one header per column, then the rows, all as text; the
    columns numbered in `numbers` hold figures and are aligned right.

    One grid component holds every row, so a table of hundreds of periods costs the page one
    component instead of one per cell.
    """
    fields = [f"c{i}" for i in range(len(headers))]
    columns = [
        {"field": field, "headerName": header} | column_width(i, i in numbers)
        for i, (field, header) in enumerate(zip(fields, headers, strict=True))
    ]
    short = len(rows) <= SHORT_TABLE
    return html.Details(
        className="chart-table",
        children=[
            html.Summary(t("views.as_table", lang)),
            html.P(caption, className="chart-table-caption"),
            html.Div(
                className="table-scroll",
                role="region",
                **{"aria-label": caption},
                children=dag.AgGrid(
                    columnDefs=columns,
                    rowData=[dict(zip(fields, row, strict=True)) for row in rows],
                    defaultColDef={
                        "sortable": False,
                        "filter": False,
                        "resizable": True,
                        "suppressMovable": True,
                        "wrapHeaderText": True,
                        "autoHeaderHeight": True,
                    },
                    # Every column (and row, up to ALL_ROWS_IN_PAGE) stays in the page, so a
                    # screen reader meets them all.
                    dashGridOptions={
                        "animateRows": False,
                        "domLayout": "autoHeight" if short else "normal",
                        "suppressColumnVirtualisation": True,
                        "suppressRowVirtualisation": len(rows) <= ALL_ROWS_IN_PAGE,
                        "rowHeight": 30,
                    },
                    style={"height": None if short else "340px"},
                    className="ag-theme-quartz",
                ),
            ),
        ],
    )


def column_width(index: int, number: bool) -> dict:
    """Figures are narrow and aligned right; the first column names the row; other text (event
    titles) takes the spare width and wraps."""
    if number:
        return {"type": "rightAligned", "flex": 1, "minWidth": 116}
    if index == 0:
        return {"flex": 1, "minWidth": 140}
    return {"flex": 3, "minWidth": 220, "wrapText": True, "autoHeight": True}


def summary(chart_id: str, text: str) -> html.P:
    """The sentence that names a chart for screen readers; the chart's figure points to it."""
    return html.P(text, id=summary_id(chart_id), className="sr-only")


def summary_id(chart_id: str) -> str:
    return f"{chart_id}-summary"


def frequency_table(
    counts: pd.DataFrame, period: str, lang: str = DEFAULT_LANGUAGE, chart_id: str = "frequency"
) -> list:
    """Events per period (rows) and type (columns), with a total per period; after a summary."""
    caption = t("chart.per_period", lang, period=t(f"period.{period}", lang))
    if counts.empty:
        return [summary(chart_id, t("summary.empty", lang, chart=caption))]
    wide = counts.pivot_table(
        index="start", columns=s.EVENT_TYPE, values="events", aggfunc="sum", fill_value=0
    )
    types = [k for k in lane_order(counts) if k in wide.columns]
    name = (lambda d: format_date(d, lang)) if period == WEEK else (lambda d: month_name(d, lang))
    numbers = wide[types].to_numpy()
    rows = [
        [name(start), *map(format_number, row), format_number(row.sum())]
        for start, row in zip(wide.index, numbers, strict=True)
    ]
    headers = [
        t(f"table.period.{period}", lang),
        *[type_label(k, lang=lang) for k in types],
        t("table.total", lang),
    ]
    per_period = wide[types].sum(axis=1)
    busiest = per_period.idxmax()
    text = t(
        f"summary.frequency.{period}",
        lang,
        chart=caption,
        count=plural("count.events", int(per_period.sum()), lang),
        busiest=name(busiest),
        most=plural("count.events", int(per_period.max()), lang),
    )
    numbers = set(range(1, len(headers)))
    return [summary(chart_id, text), data_table(caption, headers, rows, lang, numbers)]


def totals_table(
    totals: pd.DataFrame,
    event_type: str,
    unit: str,
    lang: str = DEFAULT_LANGUAGE,
    chart_id: str = "totals",
) -> list:
    """Each counted event of a running total: date, event, its count and the total so far; after a
    summary. A long total (see totals_by_period) is listed per day, week or month."""
    steps, period = totals_by_period(totals)
    headers = [
        t("table.date", lang),
        t("table.title", lang),
        t("table.count", lang),
        t("table.running_total", lang),
    ]
    if period == "event":
        rows = [
            [format_date(day, lang), title, format_count(n, unit, lang), format_number(total)]
            for day, title, n, total in zip(
                totals[s.DATE],
                localised_titles(totals, lang),
                totals[s.COUNT],
                totals["total"],
                strict=True,
            )
        ]
    else:
        rows = [
            [
                step_name(day, period, lang),
                format_number(k),
                format_count(n, unit, lang),
                format_number(total),
            ]
            for day, k, n, total in zip(
                steps[s.DATE], steps["events"], steps[s.COUNT], steps["total"], strict=True
            )
        ]
        headers[:2] = [t(f"table.period.{period}", lang), t("table.events", lang)]
    label = type_label(event_type, plural=True, lang=lang)
    caption = t("chart.running_total", lang, type=label, unit=unit_name(unit, lang))
    last = totals.iloc[-1]
    text = t(
        "summary.totals",
        lang,
        chart=caption,
        total=format_count(last["total"], unit, lang),
        day=format_date(last[s.DATE], lang),
        count=plural("count.events", len(totals), lang),
    )
    return [summary(chart_id, text), data_table(caption, headers, rows, lang, {2, 3})]


def context_table(
    series: pd.DataFrame,
    start: date | None,
    end: date | None,
    lang: str = DEFAULT_LANGUAGE,
    chart_id: str = "context",
) -> list:
    """Arrivals per year, marking the years inside the date filter; after a summary."""
    caption = t("context.title", lang)
    if series.empty:
        return [summary(chart_id, t("summary.empty", lang, chart=caption))]
    keep = years_in_range(series["year"], start, end)
    rows = [
        [str(year), format_number(n), t("table.in_range", lang) if inside else ""]
        for year, n, inside in zip(series["year"], series["arrivals"], keep, strict=True)
    ]
    headers = [t("table.year", lang), t("table.arrivals", lang), t("table.in_filter", lang)]
    high, low = series.loc[series["arrivals"].idxmax()], series.loc[series["arrivals"].idxmin()]
    text = t(
        "summary.context",
        lang,
        chart=caption,
        first=str(series["year"].iloc[0]),
        last=str(series["year"].iloc[-1]),
        high=format_number(high["arrivals"]),
        high_year=str(high["year"]),
        low=format_number(low["arrivals"]),
        low_year=str(low["year"]),
    )
    return [summary(chart_id, text), data_table(caption, headers, rows, lang, {1})]
