"""The linked views under the timeline: frequency, running totals, table, map, context."""

from __future__ import annotations

from urllib.parse import urlsplit

import dash_ag_grid as dag
import pandas as pd
from dash import Dash, Input, Output, dcc, html, no_update

from timeline import layout as ids
from timeline.aggregate import counted_series, frequency, period_for, running_total
from timeline.context import context_figure
from timeline.datasets import Datasets
from timeline.figures import frequency_figure, running_total_figure
from timeline.filters import actor_label, apply_filters, type_label
from timeline.load import is_http_url, split_list
from timeline.maps import TOPOJSON_URL, map_figure
from timeline.state import state_from_query

TABLE_LIMIT = 5000
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
                label="Frequency",
                value="frequency",
                children=[
                    html.P("Drag across the bars to set the date filter.", className="hint"),
                    dcc.Graph(id=ids.FREQUENCY, config=SMALL_CONFIG),
                ],
            ),
            dcc.Tab(
                label="Running totals",
                value="totals",
                children=[
                    dcc.RadioItems(
                        id=ids.TOTAL_SERIES, className="series", options=[], value=None, inline=True
                    ),
                    dcc.Graph(id=ids.TOTALS, config=SMALL_CONFIG),
                ],
            ),
            dcc.Tab(
                label="Table",
                value="table",
                children=[
                    html.P(id=ids.TABLE_NOTE, className="hint"),
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
                label="Map",
                value="map",
                children=dcc.Graph(
                    id=ids.MAP, config={**SMALL_CONFIG, "topojsonURL": TOPOJSON_URL}
                ),
            ),
            dcc.Tab(
                label="Defectors per year",
                value="context",
                children=dcc.Graph(id=ids.CONTEXT, config=SMALL_CONFIG),
            ),
        ],
    )


def table_rows(events: pd.DataFrame) -> list[dict]:
    """Rows for the event table; only http(s) sources are passed on as links."""
    return [
        {
            "id": row.id,
            "date": f"{row.date:%Y-%m-%d}",
            "type": type_label(str(row.event_type)),
            "actor": actor_label(str(row.actor)),
            "title": row.title,
            "count": "" if pd.isna(row.count) else f"{row.count:,.0f} {row.count_unit}".strip(),
            "sources": [
                {"url": u, "host": urlsplit(u).netloc.removeprefix("www.")}
                for u in split_list(row.sources)
                if is_http_url(u)
            ],
        }
        for row in events.head(TABLE_LIMIT).itertuples(index=False)
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
        Input(ids.URL, "search"),
        Input(ids.DATASET, "data"),
        Input(ids.TOTAL_SERIES, "value"),
    )
    def draw_views(search, key, series):
        data = datasets.get(key)
        state, _ = state_from_query(search, data.types, data.actors, data.ids, data.places)
        shown = apply_filters(data.events, state.filters)
        out = [no_update] * 9
        if state.view == "frequency":
            period = period_for(shown)
            out[0] = frequency_figure(frequency(shown, period), period)
        elif state.view == "totals":
            # A running total needs at least two counted events to say anything.
            groups = [g for g in counted_series(shown) if g[2] >= 2]
            options = [
                {"label": f"{type_label(t, plural=True)}: {u} ({n} events)", "value": f"{t}|{u}"}
                for t, u, n in groups
            ]
            values = [o["value"] for o in options]
            chosen = series if series in values else (values[0] if values else None)
            out[1], out[2] = options, chosen
            if chosen:
                event_type, unit = chosen.split("|", 1)
                totals = running_total(shown, event_type, unit)
                out[3] = running_total_figure(totals, event_type, unit, state.event)
            else:
                out[3] = {"data": [], "layout": {"title": {"text": "No counted events shown"}}}
        elif state.view == "table":
            out[4] = table_rows(shown)
            out[5] = {"ids": [state.event]} if state.event in data.ids else []
            n = len(shown)
            out[6] = (
                f"{n} events"
                if n <= TABLE_LIMIT
                else f"Showing the first {TABLE_LIMIT:,} of {n:,} events; narrow the filters "
                "to see the rest."
            )
        elif state.view == "map":
            out[7] = map_figure(shown, state.event)
        elif state.view == "context":
            out[8] = context_figure(context, state.filters.start, state.filters.end)
        return tuple(out)
