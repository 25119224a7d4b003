"""Dash callbacks: thin glue from inputs to pure functions to outputs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dash import ALL, Dash, Input, Output, ctx, html, no_update

from timeline import layout as ids
from timeline import schema as s
from timeline.chains import edges, walk
from timeline.datasets import Dataset, Datasets
from timeline.density import AUTORANGE, DETAIL_LIMIT, relayout_window
from timeline.export import csv_bytes
from timeline.figures import timeline_view_spec
from timeline.filters import (
    combine,
    describe,
    facet_counts,
    filter_parts,
    place_counts,
    timeline_description,
)
from timeline.i18n import in_language
from timeline.layout import actor_options, detail_panel, place_options, type_options
from timeline.state import ViewState, query_from_state, state_from_controls, state_from_query
from timeline.themes import theme as theme_name
from timeline.zoom import ZOOM

# Inputs whose payload names an event to select.
SELECTORS = (ids.TIMELINE, ids.TOTALS, ids.TABLE, ids.MAP)


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Wire the page to the loaded datasets; data is read before this is called, never inside."""

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.TYPE_FILTER, "value"),
        Output(ids.TYPE_FILTER, "options"),
        Output(ids.ACTOR_FILTER, "value"),
        Output(ids.ACTOR_FILTER, "options"),
        Output(ids.PLACE_FILTER, "value"),
        Output(ids.PLACE_FILTER, "options"),
        Output(ids.CHAINS_ONLY, "value"),
        Output(ids.DATE_FROM, "value"),
        Output(ids.DATE_TO, "value"),
        Output(ids.SEARCH, "value"),
        Output(ids.VIEW_TABS, "value"),
        Output(ids.TIMELINE, "figure"),
        Output(ids.TIMELINE_BOX, "hidden"),
        Output(ids.EMPTY, "hidden"),
        Output(ids.CAPTION, "children"),
        Output(ids.TIMELINE_DESCRIPTION, "children"),
        Output(ids.DETAIL, "children"),
        Output(ids.NOTICES, "children"),
        Input(ids.URL, "search"),
        Input(ids.DATASET, "data"),
        Input(ids.TYPE_FILTER, "value"),
        Input(ids.TYPES_ALL, "n_clicks"),
        Input(ids.TYPES_NONE, "n_clicks"),
        Input(ids.ACTOR_FILTER, "value"),
        Input(ids.PLACE_FILTER, "value"),
        Input(ids.CHAINS_ONLY, "value"),
        Input(ids.DATE_FROM, "value"),
        Input(ids.DATE_TO, "value"),
        Input(ids.SEARCH, "value"),
        Input(ids.VIEW_TABS, "value"),
        Input(ids.RESET, "n_clicks"),
        Input(ids.EMPTY_RESET, "n_clicks"),
        Input(ids.TIMELINE, "clickData"),
        Input(ZOOM, "data"),
        Input(ids.TOTALS, "clickData"),
        Input(ids.TABLE, "cellClicked"),
        Input(ids.MAP, "clickData"),
        Input(ids.FREQUENCY, "selectedData"),
        Input({"type": ids.CHAIN_STEP, "id": ALL}, "n_clicks"),
        Input({"type": ids.DETAIL_CLOSE, "id": ALL}, "n_clicks"),
    )
    def sync_view(
        search,
        key,
        types,
        _all,
        _none,
        actors,
        places,
        chains,
        start,
        end,
        query,
        view,
        _reset,
        _empty,
        click,
        zoom,
        total_click,
        cell,
        map_click,
        brush,
        _steps,
        _close,
    ):
        trigger = ctx.triggered_id
        data = datasets.get(key)
        linked, notices = state_from_query(search, data.types, data.actors, data.ids, data.places)
        if trigger == ZOOM:
            window = relayout_window(zoom)
            linked = replace(linked, zoom=None if window == AUTORANGE else window or linked.zoom)
        if trigger == ids.URL and not notices:
            # The link already says what it shows: leave it alone, so that an answer to an
            # older link (fast arrow-key stepping) cannot put that older link back.
            return (no_update, *render(data, linked, notices)[1:])
        if trigger in (None, ids.URL, ids.DATASET, ZOOM):
            return render(data, linked, notices)
        if trigger in (ids.RESET, ids.EMPTY_RESET):
            return render(data, ViewState(lang=linked.lang, theme=linked.theme), [])
        if isinstance(trigger, dict):
            if not ctx.triggered[0]["value"]:
                return (no_update,) * 19  # a button was drawn, not clicked
            payload = None
        else:
            types = {ids.TYPES_ALL: data.types, ids.TYPES_NONE: []}.get(trigger, types)
            payload = {
                ids.TIMELINE: click,
                ids.TOTALS: total_click,
                ids.TABLE: cell,
                ids.MAP: map_click,
            }.get(trigger)
        state = state_from_controls(
            types,
            data.types,
            actors,
            data.actors,
            start,
            end,
            query,
            event=None if _closing(trigger) else selected_id(trigger, payload) or linked.event,
            places=tuple(places) if places else None,
            chains_only=bool(chains),
            zoom=linked.zoom,
            view=view or linked.view,
            lang=linked.lang,
            theme=linked.theme,
        )
        if trigger == ids.FREQUENCY:
            state = brushed(state, brush)
        return render(data, state, [])

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


def render(data: Dataset, state: ViewState, notices: list[str]) -> tuple:
    """Every output of the main view for one state, the URL first. The URL is written even when it
    did not change, so that the views that follow it are drawn; only sync_view leaves it alone
    when the link itself was the change."""
    events = data.events
    f = state.filters
    lang = state.lang
    parts = filter_parts(events, f)
    rows = data.rows(f, lambda: combine(parts, len(events)))
    dates = events[[s.EVENT_TYPE, s.DATE, s.END_DATE]].iloc[rows]
    links, chain = (), set()
    if len(rows) <= DETAIL_LIMIT:
        shown = events.iloc[rows]
        links = edges(shown)
        if state.event in data.ids:
            chain = {state.event} | {
                step.id for d in ("answered", "answers") for step in walk(shown, state.event, d)
            }
    return (
        query_from_state(state),
        list(f.types) if f.types is not None else data.types,
        type_options(data.types, facet_counts(events, parts, "types", s.EVENT_TYPE), lang),
        list(f.actors) if f.actors is not None else data.actors,
        actor_options(data.actors, facet_counts(events, parts, "actors", s.ACTOR), lang),
        list(f.places or []),
        place_options(data.places, place_counts(events, parts)),
        ["1"] if f.chains_only else [],
        f.start.isoformat() if f.start else "",
        f.end.isoformat() if f.end else "",
        f.query,
        state.view,
        timeline_view_spec(
            events,
            state.zoom,
            state.event,
            rows=rows,
            links=links,
            chain=chain,
            lang=lang,
            theme=theme_name(state.theme),
        ),
        dates.empty,
        not dates.empty,
        describe(f, dates, lang),
        timeline_description(dates, lang),
        detail_panel(data.event(state.event), events, lang),
        [html.P(in_language(n, lang)) for n in notices],
    )


def _closing(trigger) -> bool:
    return isinstance(trigger, dict) and trigger.get("type") == ids.DETAIL_CLOSE


def selected_id(trigger, payload) -> str | None:
    """The event id named by a click on a chart, a table cell or a chain step."""
    if isinstance(trigger, dict):
        return trigger.get("id")
    if trigger == ids.TABLE:
        return (payload or {}).get("rowId")
    if trigger in SELECTORS:
        points = (payload or {}).get("points") or []
        value = points[0].get("customdata") if points else None
        return value if isinstance(value, str) else None
    return None


def brushed(state: ViewState, selection: dict | None) -> ViewState:
    """The state with the date filter set to the range brushed on the frequency chart."""
    xs = ((selection or {}).get("range") or {}).get("x")
    if not xs:
        return state
    filters = replace(state.filters, start=_day(xs[0]), end=_day(xs[1]))
    return replace(state, filters=filters)


def _day(value: str) -> date:
    return date.fromisoformat(str(value)[:10])
