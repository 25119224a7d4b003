"""The linked views under the timeline: frequency, running totals, table, map, context."""

from __future__ import annotations

from urllib.parse import urlsplit

import dash_ag_grid as dag
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from timeline import layout as ids
from timeline import schema as s
from timeline.aggregate import period_for_span, running_total
from timeline.chart_tables import (
    context_table,
    frequency_table,
    summary,
    summary_id,
    totals_table,
)
from timeline.charts import chart_figure, chosen_series, frequency_chart, series_choices
from timeline.compare import change_text, comparison, comparison_sentences, key_label, periods_text
from timeline.datasets import Dataset
from timeline.figures import BLANK_FIGURE, empty_chart, running_total_figure
from timeline.filters import actor_label, type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    format_count,
    format_number,
    join,
    language,
    localised_titles,
    month_name,
    plural,
    t,
)
from timeline.load import is_http_url, split_list
from timeline.maps import TOPOJSON_URL
from timeline.state import ViewState
from timeline.themes import theme as theme_name
from timeline.translated import tr
from timeline.trends import MIN_EVENTS, change_label, trend_month, trends

# Rows the table asks the server for at a time.
TABLE_BLOCK = 100
# The longest block a request may ask for.
TABLE_BLOCK_MAX = 1000
TABLE_ROWS_KEY = "table-rows-key"
TABLE_REFRESHED = "table-refreshed"
# The table's column ids, and the event column each sorts by.
TABLE_SORT = {
    "date": s.DATE,
    "type": s.EVENT_TYPE,
    "actor": s.ACTOR,
    "title": s.TITLE,
    "count": s.COUNT,
}
# What the running-total view reads of each event.
TOTALS_COLUMNS = (s.ID, s.DATE, s.EVENT_TYPE, s.TITLE, s.COUNT, s.COUNT_UNIT)
# Under each small chart, the same numbers as a table (timeline.chart_tables).
FREQUENCY_TABLE = "frequency-table"
TOTALS_TABLE = "totals-table"
CONTEXT_TABLE = "context-table"
COMPARE_INPUT = "compare-periods"
COMPARE = "compare-chart"
COMPARE_TABLES = "compare-tables"
CHANGES = "changes"
VIEWS_HEADING = "views-heading"
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


def views_section() -> html.Section:
    """Tabs of linked views under a heading for screen readers; the active tab is part of the
    view state in the URL. assets/tabs.js gives the tabs their roles and keys."""
    return html.Section(
        [
            playback_bar(),
            html.H2(tr("views.heading"), id=VIEWS_HEADING, className="sr-only"),
            _tabs(),
        ],
        **{"aria-labelledby": VIEWS_HEADING},
    )


def playback_bar() -> html.Div:
    """Controls that play a window through the filtered period on the timeline; they run in the
    browser (assets/playback.js), and a paused window is the zoom window of the link."""
    return html.Div(
        id="playback",
        className="playback",
        role="group",
        **{"aria-labelledby": "playback-label", "aria-describedby": "playback-keys"},
        children=[
            html.Span(tr("playback.label"), id="playback-label", className="label"),
            html.Button(tr("playback.back"), id="play-back", className="button"),
            html.Button(
                tr("playback.play"), id="play", className="button play", **{"aria-pressed": "false"}
            ),
            html.Button(tr("playback.forward"), id="play-forward", className="button"),
            html.Span(
                className="play-speeds",
                children=[
                    html.Button(
                        f"{n}×",
                        id=f"play-speed-{n}",
                        className="button play-speed",
                        **{"aria-pressed": "true" if n == 1 else "false"},
                    )
                    for n in (1, 2, 4)
                ],
            ),
            html.Span(
                className="play-windows",
                children=[
                    html.Button(
                        tr(f"playback.{name}"),
                        id=f"play-window-{name}",
                        className="button play-window",
                        **{"aria-pressed": "true" if name == "month" else "false"},
                    )
                    for name in ("week", "month", "quarter")
                ],
            ),
            html.P(id="playback-status", className="playback-status", **{"aria-live": "polite"}),
            html.Div(tr("playback.keys", html.P), id="playback-keys", className="sr-only"),
            html.Span(tr("playback.status"), id="playback-template", hidden=True),
        ],
    )


def _tabs() -> dcc.Tabs:
    return dcc.Tabs(
        id=ids.VIEW_TABS,
        value="frequency",
        className="views",
        # Never the stack of full-width rows Dash draws under its breakpoint: one compact row.
        mobile_breakpoint=0,
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
                    dcc.Store(id=TABLE_ROWS_KEY),
                    html.Div(id=TABLE_REFRESHED, hidden=True),
                    dag.AgGrid(
                        id=ids.TABLE,
                        columnDefs=TABLE_COLUMNS,
                        # The server sends the rows in sight, a block at a time, sorted there.
                        rowModelType="infinite",
                        getRowId="params.data.id",
                        defaultColDef={"sortable": True, "filter": False, "resizable": True},
                        dashGridOptions={
                            "cacheBlockSize": TABLE_BLOCK,
                            "maxBlocksInCache": 20,
                            "infiniteInitialRowCount": TABLE_BLOCK,
                            # Rows of the infinite model have one height: two lines of title.
                            "rowHeight": 56,
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
            dcc.Tab(
                label=t("views.compare"),
                value="compare",
                id="tab-compare",
                children=[
                    html.Label(
                        className="compare-periods",
                        children=[
                            tr("compare.label", className="label"),
                            dcc.Input(
                                id=COMPARE_INPUT,
                                type="text",
                                debounce=True,
                                autoComplete="off",
                                placeholder="2024-06-01/2024-08-31, 2025-06-01/2025-08-31",
                            ),
                        ],
                    ),
                    tr("compare.hint", html.P, className="hint"),
                    _figure(
                        COMPARE,
                        dcc.Graph(id=COMPARE, config=SMALL_CONFIG, figure=BLANK_FIGURE),
                    ),
                    html.Div(id=COMPARE_TABLES, className="compare-tables"),
                ],
            ),
            dcc.Tab(
                label=t("views.changes"),
                value="changes",
                id="tab-changes",
                children=html.Div(id=CHANGES, className="changes"),
            ),
        ],
    )


def _figure(chart_id: str, graph: dcc.Graph) -> html.Div:
    """A chart named for screen readers by the summary sentence written under it."""
    return html.Div(graph, role="figure", **{"aria-labelledby": summary_id(chart_id)})


def table_columns(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The table's columns with headers in lang."""
    return [{**c, "headerName": t(f"table.{c['field']}", lang)} for c in TABLE_COLUMNS]


def table_rows(shown: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Rows for the event table in lang; only http(s) sources are passed on as links."""
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


def table_block(data: Dataset, state: ViewState, request: dict) -> dict:
    """The rows of one block the table asks for (startRow to endRow, in its sort order), and
    how many rows there are in all."""
    start = max(0, int(request.get("startRow") or 0))
    stop = min(int(request.get("endRow") or start + TABLE_BLOCK), start + TABLE_BLOCK_MAX)
    sort = tuple(
        (TABLE_SORT[item["colId"]], item.get("sort") == "desc")
        for item in request.get("sortModel") or []
        if item.get("colId") in TABLE_SORT
    )
    rows = data.query.rows_window(state.filters, start, stop, sort)
    return {"rowData": table_rows(rows, state.lang), "rowCount": data.query.count(state.filters)}


def table_rows_key(state: ViewState) -> str:
    """What the table's rows depend on: when it changes, the table asks for its rows again."""
    return repr((state.dataset, state.filters, language(state.lang)))


def register_table(app, datasets, viewer) -> None:
    """The table's rows come a block at a time, as it scrolls or sorts; a new filter or language
    (TABLE_ROWS_KEY) makes it drop the blocks it holds (assets/table_rows.js)."""

    @app.callback(
        Output(ids.TABLE, "getRowsResponse"),
        Input(ids.TABLE, "getRowsRequest"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def send_block(request, search):
        if not request:
            return no_update
        data, state, _ = datasets.read_view(search, viewer())
        return table_block(data, state, request)

    app.clientside_callback(
        ClientsideFunction(namespace="timeline", function_name="refreshTable"),
        Output(TABLE_REFRESHED, "title"),
        Input(TABLE_ROWS_KEY, "data"),
        State(ids.TABLE, "id"),
        prevent_initial_call=True,
    )


def views_outputs() -> dict[str, Output]:
    """The outputs of the linked views, by name."""
    return {
        "frequency": Output(ids.FREQUENCY, "figure"),
        "series_options": Output(ids.TOTAL_SERIES, "options"),
        "series": Output(ids.TOTAL_SERIES, "value"),
        "totals": Output(ids.TOTALS, "figure"),
        "table_rows_key": Output(TABLE_ROWS_KEY, "data"),
        "table_selected": Output(ids.TABLE, "selectedRows"),
        "table_note": Output(ids.TABLE_NOTE, "children"),
        "table_columns": Output(ids.TABLE, "columnDefs"),
        "map": Output(ids.MAP, "figure"),
        "context": Output(ids.CONTEXT, "figure"),
        "frequency_table": Output(FREQUENCY_TABLE, "children"),
        "totals_table": Output(TOTALS_TABLE, "children"),
        "context_table": Output(CONTEXT_TABLE, "children"),
        "compare_periods": Output(COMPARE_INPUT, "value"),
        "compare": Output(COMPARE, "figure"),
        "compare_tables": Output(COMPARE_TABLES, "children"),
        "changes": Output(CHANGES, "children"),
    }


def view_outputs(data: Dataset, state: ViewState, context: pd.DataFrame) -> dict:
    """What the active view shows for one view state; the hidden views are left as they are.

    `context` is the yearly series of defector arrivals shown beside the events.
    """
    lang, theme = state.lang, theme_name(state.theme)
    if state.view == "frequency":
        # Counted by the query backend: no copy of the kept rows, the cheap path at a million.
        period = period_for_span(*data.query.bounds(state.filters))
        counts = (
            data.query.count_by(state.filters, period, s.EVENT_TYPE)
            .rename(columns={"period": "start", "n": "events"})
            .drop(columns="total")
        )
        return {
            "frequency": frequency_chart(counts, period, lang, theme),
            "frequency_table": frequency_table(counts, period, lang),
        }
    if state.view == "totals":
        # The counted events only, and only the columns a running total reads.
        counted = data.events[s.COUNT].notna().to_numpy()
        rows = data.rows(state.filters)
        rows = rows[counted[rows]]
        columns = [c for c in (*TOTALS_COLUMNS, s.TITLE_KO) if c in data.events.columns]
        shown = data.events[columns].iloc[rows]
        choices = series_choices(shown, lang)
        chosen = chosen_series(choices, state.series)
        out = {"series_options": choices, "series": chosen}
        if chosen:
            event_type, unit = chosen.split("|", 1)
            totals = running_total(shown, event_type, unit)
            out["totals"] = running_total_figure(totals, event_type, unit, state.event, lang, theme)
            out["totals_table"] = totals_table(totals, event_type, unit, lang)
        else:
            out["totals"] = empty_chart(t("chart.no_counted", lang), theme)
            out["totals_table"] = [summary(ids.TOTALS, t("chart.no_counted", lang))]
        return out
    if state.view == "table":
        return {
            "table_rows_key": table_rows_key(state),
            "table_columns": table_columns(lang),
            "table_selected": {"ids": [state.event]} if state.event in data.ids else [],
            "table_note": plural("count.events", len(data.rows(state.filters)), lang),
        }
    shown = data.shown(state.filters)
    if state.view == "map":
        return {"map": chart_figure("map", shown, state)}
    if state.view == "compare":
        return {
            "compare_periods": periods_text(state.compare),
            "compare": chart_figure("compare", shown, state),
            "compare_tables": compare_tables(shown, state, lang),
        }
    if state.view == "changes":
        return {"changes": what_changed(data.events, shown, state, lang)}
    if state.view == "context":
        start, end = state.filters.start, state.filters.end
        return {
            "context": chart_figure("context", shown, state, context),
            "context_table": context_table(context, start, end, lang),
        }
    return {}


def compare_tables(shown: pd.DataFrame, state: ViewState, lang: str | None) -> list:
    """The comparison in words, then counts per type and per actor in each period with the
    change of each later period against the first."""
    periods = state.compare
    words = comparison_sentences(shown, periods, lang)
    if len(periods) < 2:
        return [summary(COMPARE, words)]
    heads = [html.Th(p.label(lang), scope="col") for p in periods]
    heads += [
        html.Th(t("compare.change_header", lang, period=p.label(lang)), scope="col")
        for p in periods[1:]
    ]
    tables = [html.P(words, id=summary_id(COMPARE), className="compare-summary")]
    for column, caption in ((s.EVENT_TYPE, "compare.by_type"), (s.ACTOR, "compare.by_actor")):
        table = comparison(shown, periods, column)
        rows = [
            html.Tr(
                [html.Th(key_label(column, row["key"], lang), scope="row")]
                + [html.Td(format_number(row[f"n{i}"], lang)) for i in range(len(periods))]
                + [
                    html.Td(change_text(int(row[f"change{i}"]), row[f"percent{i}"], lang))
                    for i in range(1, len(periods))
                ],
                className="total" if row["key"] == "" else None,
            )
            for row in table.to_dict("records")
        ]
        tables.append(
            html.Table(
                [
                    html.Caption(t(caption, lang)),
                    html.Thead(html.Tr([html.Th(t(caption, lang), scope="col"), *heads])),
                    html.Tbody(rows),
                ],
                className="compare-table",
            )
        )
    tables.append(html.P(t("compare.uncertain", lang), className="hint"))
    return tables


def what_changed(events: pd.DataFrame, shown: pd.DataFrame, state: ViewState, lang) -> list:
    """The ranking of what changed in the month against the months before, by type and actor,
    with the keys too few to judge named apart."""
    month = trend_month(events, state.filters.end)
    if month is None:
        return [html.P(t("trends.none", lang, month="-"), className="hint")]
    name = month_name(month, lang)
    out = [
        html.P(t("trends.intro", lang, month=name, min=MIN_EVENTS)),
        html.P(t("trends.uncertain", lang), className="hint"),
    ]
    heads = [
        t("trends.count", lang, month=name),
        t("trends.avg3", lang),
        t("trends.vs3", lang),
        t("trends.avg12", lang),
        t("trends.vs12", lang),
    ]
    for column, caption in ((s.EVENT_TYPE, "trends.by_type"), (s.ACTOR, "trends.by_actor")):
        table = trends(shown, column, month)
        enough = table[table["enough"]]
        few = [key_label(column, k, lang) for k in table[~table["enough"]]["key"]]
        out.append(html.H3(t(caption, lang)))
        if enough.empty:
            out.append(html.P(t("trends.none", lang, month=name), className="hint"))
        else:
            out.append(
                html.Table(
                    [
                        html.Thead(
                            html.Tr(
                                [html.Th(t(caption, lang), scope="col")]
                                + [html.Th(h, scope="col") for h in heads]
                            )
                        ),
                        html.Tbody(
                            [_trend_row(column, row, lang) for row in enough.to_dict("records")]
                        ),
                    ],
                    className="compare-table trends-table",
                )
            )
        if few:
            out.append(html.P(t("trends.too_few", lang, items=join(few, lang)), className="hint"))
    return out


def _trend_row(column: str, row: dict, lang) -> html.Tr:
    def chip(n):
        return html.Td(
            change_label(row[f"percent{n}"], row[f"band{n}"], lang),
            className=f"band band-{row[f'band{n}']}",
        )

    return html.Tr(
        [
            html.Th(key_label(column, row["key"], lang), scope="row"),
            html.Td(format_number(row["count"], lang)),
            html.Td(f"{row['avg3']:g}"),
            chip(3),
            html.Td(f"{row['avg12']:g}"),
            chip(12),
        ],
        className="total" if row["key"] == "" else None,
    )
