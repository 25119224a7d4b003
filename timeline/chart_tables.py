"""The numbers behind each small chart as a data table, for screen readers and for reading off
exact values: a folded "Show as a table" under the frequency, running-total and context charts.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import html

from timeline import schema as s
from timeline.aggregate import WEEK
from timeline.context import years_in_range
from timeline.figures import lane_order
from timeline.filters import type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    event_text,
    format_count,
    format_date,
    format_number,
    month_name,
    t,
    unit_name,
)


def data_table(
    caption: str, headers: list[str], rows: list[list[str]], lang: str = DEFAULT_LANGUAGE
) -> html.Details:
    """A folded table: a caption, one header cell per column, then the rows, all as text."""
    if not rows:
        return html.Details(className="chart-table", hidden=True)
    return html.Details(
        className="chart-table",
        children=[
            html.Summary(t("views.as_table", lang)),
            html.Div(
                className="table-scroll",
                tabIndex="0",
                role="region",
                **{"aria-label": caption},
                children=html.Table(
                    [
                        html.Caption(caption),
                        html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
                        html.Tbody(
                            [
                                html.Tr(
                                    [html.Th(row[0], scope="row")]
                                    + [html.Td(cell) for cell in row[1:]]
                                )
                                for row in rows
                            ]
                        ),
                    ]
                ),
            ),
        ],
    )


def frequency_table(counts: pd.DataFrame, period: str, lang: str = DEFAULT_LANGUAGE):
    """Events per period (rows) and type (columns), with a total per period."""
    if counts.empty:
        return data_table("", [], [], lang)
    wide = counts.pivot_table(
        index="start", columns=s.EVENT_TYPE, values="events", aggfunc="sum", fill_value=0
    )
    types = [k for k in lane_order(counts) if k in wide.columns]
    name = (lambda d: format_date(d, lang)) if period == WEEK else (lambda d: month_name(d, lang))
    rows = [
        [name(start)]
        + [format_number(wide.at[start, k]) for k in types]
        + [format_number(wide.loc[start, types].sum())]
        for start in wide.index
    ]
    headers = [
        t(f"table.period.{period}", lang),
        *[type_label(k, lang=lang) for k in types],
        t("table.total", lang),
    ]
    caption = t("chart.per_period", lang, period=t(f"period.{period}", lang))
    return data_table(caption, headers, rows, lang)


def totals_table(
    totals: pd.DataFrame, event_type: str, unit: str, lang: str = DEFAULT_LANGUAGE
) -> html.Details:
    """Each counted event of a running total: date, event, its count and the total so far."""
    rows = [
        [
            format_date(row[s.DATE], lang),
            event_text(row, s.TITLE, lang),
            format_count(row[s.COUNT], unit, lang),
            format_number(row["total"]),
        ]
        for _, row in totals.iterrows()
    ]
    headers = [
        t("table.date", lang),
        t("table.title", lang),
        t("table.count", lang),
        t("table.running_total", lang),
    ]
    label = type_label(event_type, plural=True, lang=lang)
    caption = t("chart.running_total", lang, type=label, unit=unit_name(unit, lang))
    return data_table(caption, headers, rows, lang)


def context_table(
    series: pd.DataFrame, start: date | None, end: date | None, lang: str = DEFAULT_LANGUAGE
) -> html.Details:
    """Arrivals per year, marking the years inside the date filter."""
    keep = years_in_range(series["year"], start, end)
    rows = [
        [str(year), format_number(n), t("table.in_range", lang) if inside else ""]
        for year, n, inside in zip(series["year"], series["arrivals"], keep, strict=True)
    ]
    headers = [t("table.year", lang), t("table.arrivals", lang), t("table.in_filter", lang)]
    return data_table(t("context.title", lang), headers, rows, lang)
