"""Dash callbacks: thin glue from inputs to pure functions to outputs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from dash import Dash, Input, Output, ctx, html, no_update

from timeline import layout as ids
from timeline import schema as s
from timeline.datasets import Dataset, Datasets
from timeline.density import AUTORANGE, relayout_window
from timeline.export import csv_bytes
from timeline.figures import timeline_view_spec
from timeline.filters import combine, describe, facet_counts, filter_parts
from timeline.layout import actor_options, detail_panel, type_options
from timeline.state import ViewState, query_from_state, state_from_controls, state_from_query
from timeline.zoom import ZOOM


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Wire the page to the loaded datasets; data is read before this is called, never inside."""

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.TYPE_FILTER, "value"),
        Output(ids.TYPE_FILTER, "options"),
        Output(ids.ACTOR_FILTER, "value"),
        Output(ids.ACTOR_FILTER, "options"),
        Output(ids.DATE_FROM, "value"),
        Output(ids.DATE_TO, "value"),
        Output(ids.SEARCH, "value"),
        Output(ids.TIMELINE, "figure"),
        Output(ids.TIMELINE_BOX, "hidden"),
        Output(ids.EMPTY, "hidden"),
        Output(ids.CAPTION, "children"),
        Output(ids.DETAIL, "children"),
        Output(ids.NOTICES, "children"),
        Input(ids.URL, "search"),
        Input(ids.TYPE_FILTER, "value"),
        Input(ids.TYPES_ALL, "n_clicks"),
        Input(ids.TYPES_NONE, "n_clicks"),
        Input(ids.ACTOR_FILTER, "value"),
        Input(ids.DATE_FROM, "value"),
        Input(ids.DATE_TO, "value"),
        Input(ids.SEARCH, "value"),
        Input(ids.RESET, "n_clicks"),
        Input(ids.EMPTY_RESET, "n_clicks"),
        Input(ids.TIMELINE, "clickData"),
        Input(ids.DATASET, "data"),
        Input(ZOOM, "data"),
    )
    def sync_view(search, types, _all, _none, actors, start, end, query, _r, _e, click, key, zoom):
        trigger = ctx.triggered_id
        data = datasets.get(key)
        all_types, all_actors = data.types, data.actors
        linked, notices = state_from_query(search, all_types, all_actors, data.ids)
        if trigger == ZOOM:
            window = relayout_window(zoom)
            linked = replace(linked, zoom=None if window == AUTORANGE else window or linked.zoom)
        if trigger in (None, ids.URL, ids.DATASET, ZOOM):
            state = linked
        elif trigger in (ids.RESET, ids.EMPTY_RESET):
            state = ViewState()
        else:
            types = {ids.TYPES_ALL: all_types, ids.TYPES_NONE: []}.get(trigger, types)
            event = _clicked_id(click) if trigger == ids.TIMELINE else linked.event
            state = state_from_controls(
                types,
                all_types,
                actors,
                all_actors,
                start,
                end,
                query,
                event or linked.event,
                linked.zoom,
            )
            notices = []
        return render(data, state, notices, search)

    if datasets.default.result.rejected.empty:
        return

    @app.callback(
        Output(ids.REJECTED_DOWNLOAD, "data"),
        Input(ids.REJECTED_BUTTON, "n_clicks"),
        prevent_initial_call=True,
    )
    def download_rejected(_clicks):
        return {
            "content": csv_bytes(datasets.default.result.rejected).decode("utf-8"),
            "filename": "rejected-rows.csv",
            "type": "text/csv",
        }


def render(data: Dataset, state: ViewState, notices: list[str], search: str | None) -> tuple:
    """Every output of the main view for one state."""
    events, all_types, all_actors = data.events, data.types, data.actors
    f = state.filters
    parts = filter_parts(events, f)
    rows = np.flatnonzero(combine(parts, len(events)))
    dates = events[[s.DATE, s.END_DATE]].iloc[rows]
    query = query_from_state(state)
    return (
        query if query != (search or "") else no_update,
        list(f.types) if f.types is not None else all_types,
        type_options(all_types, facet_counts(events, parts, "types", s.EVENT_TYPE)),
        list(f.actors) if f.actors is not None else all_actors,
        actor_options(all_actors, facet_counts(events, parts, "actors", s.ACTOR)),
        f.start.isoformat() if f.start else "",
        f.end.isoformat() if f.end else "",
        f.query,
        timeline_view_spec(events, state.zoom, state.event, rows=rows),
        dates.empty,
        not dates.empty,
        describe(f, dates),
        detail_panel(data.event(state.event), events),
        [html.P(n) for n in notices],
    )


def _clicked_id(click: dict | None) -> str | None:
    points = (click or {}).get("points") or []
    data = points[0].get("customdata") if points else None
    return data if isinstance(data, str) else None
