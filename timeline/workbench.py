"""The linked views under the timeline: frequency, running totals, table, map, context."""

from __future__ import annotations

from urllib.parse import urlsplit

import dash_ag_grid as dag
import pandas as pd
from dash import Dash, Input, Output, dcc, html, no_update

from timeline import layout as ids
from timeline.aggregate import counted_series, frequency, period_for, running_total
from timeline.chart_tables import (
    context_table,
    frequency_table,
    summary,
    summary_id,
    totals_table,
)
from timeline.context import context_figure
from timeline.datasets import Datasets
from timeline.figures import BLANK_FIGURE, empty_chart, frequency_figure, running_total_figure
from timeline.filters import actor_label, type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    format_count,
    format_number,
    localised_titles,
    plural,
    t,
    unit_name,
)
from timeline.load import is_http_url, split_list
from timeline.maps import TOPOJSON_URL, map_figure
from timeline.state import state_from_query
from timeline.themes import theme as theme_name
from timeline.translated import tr

TABLE_LIMIT = 5000
# Under each small chart, the same numbers as a table (timeline.chart_tables).
FREQUENCY_TABLE = "frequency-table"
TOTALS_TABLE = "totals-table"
CONTEXT_TABLE = "context-table"
SMALL_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"]}
TABLE_COLUMNS = [
    {"field": "date", "headerName": "Date", "width": 112, "sort": "asc"},
    {"field": "type", "headerName": "Type", "width": 150},
    {"field": "actor", "headerName": "Actor", "width": 125},
    {
        "field": "title",
        "headerName": "Title",
        "flex": 3,
        "minWidth": 260,
        "wrapText": True,
        "autoHeight": True,
    },
    {"field": "count", "headerName": "Count", "width": 130, "type": "rightAligned"},
    {
        "field": "sources",
        "headerName": "Sources",
        "flex": 1,
        "minWidth": 160,
        "cellRenderer": "SourceLinks",
        "sortable": False,
        "filter": False,
    },
]


def views_section() -> dcc.Tabs:
    """Tabs of linked views; the active tab is part of the view state in the URL."""
    return dcc.Tabs(
        id=ids.VIEW_TABS,
        value="frequency",
        className="views",
        children=[
            dcc.Tab(
                label=t("views.frequency"),
                value="frequency",
                id="tab-frequency",
                children=[
                    tr("views.brush_hint", html.P, className="hint"),
                    _figure(
                        ids.FREQUENCY,
                        dcc.Graph(id=ids.FREQUENCY, config=SMALL_CONFIG, figure=BLANK_FIGURE),
                    ),
                    html.Div(id=FREQUENCY_TABLE),
                ],
            ),
            dcc.Tab(
                label=t("views.totals"),
                value="totals",
                id="tab-totals",
                children=[
                    dcc.RadioItems(
                        id=ids.TOTAL_SERIES, className="series", options=[], value=None, inline=True
                    ),
                    _figure(
                        ids.TOTALS,
                        dcc.Graph(id=ids.TOTALS, config=SMALL_CONFIG, figure=BLANK_FIGURE),
                    ),
                    html.Div(id=TOTALS_TABLE),
                ],
            ),
            dcc.Tab(
                label=t("views.table"),
                value="table",
                id="tab-table",
                children=[
                    tr("views.table_hint", html.P, className="hint"),
                    html.P(id=ids.TABLE_NOTE, className="hint", role="status"),
                    dag.AgGrid(
                        id=ids.TABLE,
                        columnDefs=TABLE_COLUMNS,
                        rowData=[],
                        getRowId="params.data.id",
                        defaultColDef={"sortable": True, "filter": True, "resizable": True},
                        dashGridOptions={
                            "rowSelection": {
                                "mode": "singleRow",
                                "checkboxes": False,
                                "enableClickSelection": True,
                            },
                            "animateRows": False,
                            "domLayout": "normal",
                        },
                        style={"height": "460px"},
                        className="ag-theme-quartz",
                    ),
                ],
            ),
            dcc.Tab(
                label=t("views.map"),
                value="map",
                id="tab-map",
                children=dcc.Graph(
                    id=ids.MAP,
                    config={**SMALL_CONFIG, "topojsonURL": TOPOJSON_URL},
                    figure=BLANK_FIGURE,
                ),
            ),
            dcc.Tab(
                label=t("views.context"),
                value="context",
                id="tab-context",
                children=[
                    _figure(
                        ids.CONTEXT,
                        dcc.Graph(id=ids.CONTEXT, config=SMALL_CONFIG, figure=BLANK_FIGURE),
                    ),
                    html.Div(id=CONTEXT_TABLE),
                ],
            ),
        ],
    )


def _figure(chart_id: str, graph: dcc.Graph) -> html.Div:
    """A chart named for screen readers by the summary sentence written under it."""
    return html.Div(graph, role="figure", **{"aria-labelledby": summary_id(chart_id)})


def table_columns(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The table's columns with headers in lang."""
    return [{**c, "headerName": t(f"table.{c['field']}", lang)} for c in TABLE_COLUMNS]


def table_rows(events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Rows for the event table in lang; only http(s) sources are passed on as links."""
    shown = events.head(TABLE_LIMIT)
    titles = localised_titles(shown, lang).to_numpy()
    return [
        {
            "id": row.id,
            "date": f"{row.date:%Y-%m-%d}",
            "type": type_label(str(row.event_type), lang=lang),
            "actor": actor_label(str(row.actor), lang),
            "title": title,
            "count": "" if pd.isna(row.count) else format_count(row.count, row.count_unit, lang),
            "sources": [
                {"url": u, "host": urlsplit(u).netloc.removeprefix("www.")}
                for u in split_list(row.sources)
                if is_http_url(u)
            ],
        }
        for row, title in zip(shown.itertuples(index=False), titles, strict=True)
    ]


def register_views(app: Dash, datasets: Datasets, context: pd.DataFrame) -> None:
    """Draw the active view whenever the view state in the URL changes.

    `context` is the yearly series of defector arrivals shown beside the events.
    """

    @app.callback(
        Output(ids.FREQUENCY, "figure"),
        Output(ids.TOTAL_SERIES, "options"),
        Output(ids.TOTAL_SERIES, "value"),
        Output(ids.TOTALS, "figure"),
        Output(ids.TABLE, "rowData"),
        Output(ids.TABLE, "selectedRows"),
        Output(ids.TABLE_NOTE, "children"),
        Output(ids.MAP, "figure"),
        Output(ids.CONTEXT, "figure"),
        Output(ids.TABLE, "columnDefs"),
        Output(FREQUENCY_TABLE, "children"),
        Output(TOTALS_TABLE, "children"),
        Output(CONTEXT_TABLE, "children"),
        Input(ids.URL, "search"),
        Input(ids.DATASET, "data"),
        Input(ids.TOTAL_SERIES, "value"),
    )
    def draw_views(search, key, series):
        data = datasets.get(key)
        state, _ = state_from_query(search, data.types, data.actors, data.ids, data.places)
        shown = data.shown(state.filters)
        lang, theme = state.lang, theme_name(state.theme)
        out = [no_update] * 13
        if state.view == "frequency":
            period = period_for(shown)
            counts = frequency(shown, period)
            out[0] = frequency_figure(counts, period, lang, theme)
            out[10] = frequency_table(counts, period, lang)
        elif state.view == "totals":
            # A running total needs at least two counted events to say anything.
            groups = [g for g in counted_series(shown) if g[2] >= 2]
            options = [
                {
                    "label": t(
                        "chart.series",
                        lang,
                        type=type_label(k, True, lang),
                        unit=unit_name(u, lang),
                        count=plural("count.events", n, lang),
                    ),
                    "value": f"{k}|{u}",
                }
                for k, u, n in groups
            ]
            values = [o["value"] for o in options]
            chosen = series if series in values else (values[0] if values else None)
            out[1], out[2] = options, chosen
            if chosen:
                event_type, unit = chosen.split("|", 1)
                totals = running_total(shown, event_type, unit)
                out[3] = running_total_figure(totals, event_type, unit, state.event, lang, theme)
                out[11] = totals_table(totals, event_type, unit, lang)
            else:
                out[3] = empty_chart(t("chart.no_counted", lang), theme)
                out[11] = [summary(ids.TOTALS, t("chart.no_counted", lang))]
        elif state.view == "table":
            out[4] = table_rows(shown, lang)
            out[9] = table_columns(lang)
            out[5] = {"ids": [state.event]} if state.event in data.ids else []
            n = len(shown)
            out[6] = (
                plural("count.events", n, lang)
                if n <= TABLE_LIMIT
                else t("table.limited", lang, limit=format_number(TABLE_LIMIT), n=format_number(n))
            )
        elif state.view == "map":
            out[7] = map_figure(shown, state.event, lang, theme)
        elif state.view == "context":
            start, end = state.filters.start, state.filters.end
            out[8] = context_figure(context, start, end, lang, theme)
            out[12] = context_table(context, start, end, lang)
        return tuple(out)
