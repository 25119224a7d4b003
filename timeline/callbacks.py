"""Dash callbacks: thin glue from inputs to the view value to pure functions to outputs.

One interaction is one request: every control that changes the view is an input of
`sync_view`, which reads the link into a ViewState, applies the change, and draws what is
visible (the timeline, the active view's chart, the export panel while it is open) in one answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import flask
import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update
from plotly.io.json import to_json_plotly

from timeline import layout as ids
from timeline import schema as s
from timeline.chains import edges, walk
from timeline.compare import parse_periods
from timeline.datasets import Dataset, Datasets
from timeline.density import AUTORANGE, DETAIL_LIMIT, relayout_window
from timeline.export import csv_bytes
from timeline.export_view import (
    EXPORT_OPEN,
    export_controls,
    export_outputs,
    export_view_state,
    view_with_export_field,
)
from timeline.export_view import (
    FIELDS as EXPORT_FIELDS,
)
from timeline.figures import timeline_view_spec
from timeline.filters import (
    combine,
    describe,
    facet_counts,
    filter_parts,
    place_counts,
    timeline_description,
)
from timeline.i18n import LANGUAGES, Message, format_date, in_language, language, t
from timeline.interface import (
    LANG_COOKIE,
    PAGE_ATTRIBUTES,
    first_view_theme,
    page_attributes,
    switches,
)
from timeline.layout import actor_options, detail_panel, place_options, type_options
from timeline.notes import suggested_notes
from timeline.present import classroom_links, classroom_outputs
from timeline.publication import data_as_of
from timeline.security import viewer
from timeline.state import (
    CHARTS,
    TIMELINE_CHART,
    VIEWS,
    Note,
    ViewState,
    filters_from_controls,
    query_from_state,
)
from timeline.themes import THEMES
from timeline.themes import theme as theme_name
from timeline.view_export import in_window
from timeline.workbench import COMPARE_INPUT, view_outputs, views_outputs
from timeline.zoom import ZOOM

# Inputs whose payload names an event to select.
SELECTORS = (ids.TIMELINE, ids.TOTALS, ids.TABLE, ids.MAP)
# The filter controls: a change to any of them rebuilds the filters from all of them.
FILTER_CONTROLS = {
    "types": Input(ids.TYPE_FILTER, "value"),
    "actors": Input(ids.ACTOR_FILTER, "value"),
    "places": Input(ids.PLACE_FILTER, "value"),
    "chains": Input(ids.CHAINS_ONLY, "value"),
    "start": Input(ids.DATE_FROM, "value"),
    "end": Input(ids.DATE_TO, "value"),
    "query": Input(ids.SEARCH, "value"),
}
INPUTS = {
    "search": Input(ids.URL, "search"),
    **FILTER_CONTROLS,
    "types_all": Input(ids.TYPES_ALL, "n_clicks"),
    "types_none": Input(ids.TYPES_NONE, "n_clicks"),
    "tab": Input(ids.VIEW_TABS, "value"),
    "reset": Input(ids.RESET, "n_clicks"),
    "empty_reset": Input(ids.EMPTY_RESET, "n_clicks"),
    "click": Input(ids.TIMELINE, "clickData"),
    "zoom": Input(ZOOM, "data"),
    "total_click": Input(ids.TOTALS, "clickData"),
    "cell": Input(ids.TABLE, "cellClicked"),
    "map_click": Input(ids.MAP, "clickData"),
    "brush": Input(ids.FREQUENCY, "selectedData"),
    "steps": Input({"type": ids.CHAIN_STEP, "id": ALL}, "n_clicks"),
    "close": Input({"type": ids.DETAIL_CLOSE, "id": ALL}, "n_clicks"),
    "series": Input(ids.TOTAL_SERIES, "value"),
    "compare": Input(COMPARE_INPUT, "value"),
    "note_add": Input({"type": ids.NOTE_ADD, "id": ALL}, "n_clicks"),
    "note_text": Input({"type": ids.NOTE_TEXT, "id": ALL}, "value"),
    "note_remove": Input({"type": ids.NOTE_REMOVE, "id": ALL}, "n_clicks"),
    "note_suggest": Input({"type": ids.NOTE_SUGGEST, "id": ALL}, "n_clicks"),
    "periods_toggle": Input(ids.PERIODS_TOGGLE, "value"),
    **export_controls(),
}
# Controls that change only what is drawn beside the timeline: the tab, the running total shown
# and the export panel's fields.
BESIDE_THE_TIMELINE = (ids.VIEW_TABS, ids.TOTAL_SERIES, *EXPORT_FIELDS.values())
# Controls of the selected event's note, and "Suggest notes".
NOTE_CONTROLS = (ids.NOTE_ADD, ids.NOTE_TEXT, ids.NOTE_REMOVE, ids.NOTE_SUGGEST)
STATES = {
    "export_open": State(EXPORT_OPEN, "data"),
    "page": State(PAGE_ATTRIBUTES, "data"),
}
PAGE_OUTPUTS = {
    "search": Output(ids.URL, "search"),
    "types": Output(ids.TYPE_FILTER, "value"),
    "type_options": Output(ids.TYPE_FILTER, "options"),
    "actors": Output(ids.ACTOR_FILTER, "value"),
    "actor_options": Output(ids.ACTOR_FILTER, "options"),
    "places": Output(ids.PLACE_FILTER, "value"),
    "place_options": Output(ids.PLACE_FILTER, "options"),
    "chains": Output(ids.CHAINS_ONLY, "value"),
    "periods_toggle": Output(ids.PERIODS_TOGGLE, "value"),
    "start": Output(ids.DATE_FROM, "value"),
    "end": Output(ids.DATE_TO, "value"),
    "query": Output(ids.SEARCH, "value"),
    "tab": Output(ids.VIEW_TABS, "value"),
    "timeline": Output(ids.TIMELINE, "figure"),
    "timeline_hidden": Output(ids.TIMELINE_BOX, "hidden"),
    "empty_hidden": Output(ids.EMPTY, "hidden"),
    "caption": Output(ids.CAPTION, "children"),
    "as_of": Output(ids.DATA_AS_OF, "children"),
    "description": Output(ids.TIMELINE_DESCRIPTION, "children"),
    "detail": Output(ids.DETAIL, "children"),
    "notices": Output(ids.NOTICES, "children"),
    "switches": Output(ids.SWITCHES, "children"),
    "page": Output(PAGE_ATTRIBUTES, "data"),
}
# Controls the view writes back to: a filter field, the tab, a toggle.
ECHOED_CONTROLS = tuple(
    name
    for name, i in INPUTS.items()
    if name != "search"
    and name in PAGE_OUTPUTS
    and PAGE_OUTPUTS[name].component_id == i.component_id
    and PAGE_OUTPUTS[name].component_property == i.component_property
)


def register_callbacks(
    app: Dash,
    datasets: Datasets,
    context: pd.DataFrame,
    story_slugs: list[str],
    periods: pd.DataFrame | None = None,
) -> Callable[[str, str], dict]:
    """Wire the page to the loaded datasets; data is read before this is called, never inside.
    `periods` are the lasting states the periods toggle shades behind the lanes.

    `context` is the yearly series shown in the context view; `story_slugs` the shipped stories.
    Returns the first view's timeline in a language and theme, for the layout of a page opened
    there: it draws it before its first answer, which then leaves it out.
    """
    outputs = {
        **PAGE_OUTPUTS,
        **views_outputs(),
        **export_outputs(),
        **classroom_outputs(story_slugs),
    }
    home = app.get_relative_path("/")

    # The timeline of the first view (a link naming no view), in each language and theme, as the
    # layout of a page opened there carries it.
    first_view = {
        (lang, theme): to_json_plotly(
            draw_page(datasets.default, ViewState(lang=lang, theme=theme), [], home, None, periods)[
                "timeline"
            ]
        )
        for lang in LANGUAGES
        for theme in THEMES
    }

    @app.callback(output=outputs, inputs=INPUTS, state=STATES)
    def sync_view(**values):
        trigger = ctx.triggered_id
        typed = isinstance(trigger, dict) and trigger.get("type") == ids.NOTE_TEXT
        if isinstance(trigger, dict) and not typed and not ctx.triggered[0]["value"]:
            return dict.fromkeys(outputs, no_update)  # a button was drawn, not clicked
        data, linked, notices = datasets.read_view(values["search"], viewer())
        state = next_view(linked, data, trigger, values)
        if trigger == COMPARE_INPUT:
            notices = notices + compare_notices(values["compare"])
        if trigger in BESIDE_THE_TIMELINE:
            # The timeline, its controls and the detail stay as they are: only the link moves.
            page = {"search": query_from_state(state), "switches": switches(state, home)}
        else:
            page = draw_page(data, state, notices, home, values["page"], periods)
        drawn = {
            **page,
            **view_outputs(data, state, context),
            **classroom_links(state, story_slugs),
        }
        if values["export_open"]:
            drawn.update(export_view_state(data, state, app, flask_host()))
        for name in ECHOED_CONTROLS:
            if drawn.get(name) == values[name]:
                # Already showing this value: writing it back could wipe what the user typed
                # into the control while this answer was on its way.
                drawn[name] = no_update
        if trigger is None and not notices and "timeline" in drawn:
            # A page opened at the first view: its layout may already hold this timeline.
            lang = language(flask.request.cookies.get(LANG_COOKIE))
            served = first_view.get((lang, first_view_theme()))
            if served is not None and to_json_plotly(drawn["timeline"]) == served:
                drawn["timeline"] = no_update
        if trigger == ids.URL and not notices:
            # The link already says what it shows: leave it alone, so that an answer to an
            # older link (fast arrow-key stepping) cannot put that older link back.
            drawn["search"] = no_update
        return {name: drawn.get(name, no_update) for name in outputs}

    @app.callback(
        output={
            name: Output(o.component_id, o.component_property, allow_duplicate=True)
            for name, o in export_outputs().items()
        },
        inputs={
            "open": Input(EXPORT_OPEN, "data"),
            "search": State(ids.URL, "search"),
            "fields": {
                name: State(c.component_id, "value") for name, c in export_controls().items()
            },
        },
        prevent_initial_call=True,
    )
    def open_export(open, search, fields):
        if not open:
            return dict.fromkeys(export_outputs(), no_update)
        data, state, _ = datasets.read_view(search, viewer())
        drawn = export_view_state(data, state, app, flask_host())
        # Fields already showing the view's value are left alone, so that opening the panel does
        # not fire the main callback a second time.
        return {k: no_update if fields.get(k) == v else v for k, v in drawn.items()}

    def first_props(lang: str, theme: str) -> dict:
        return json.loads(first_view[lang, theme])

    if datasets.default.result.rejected.empty:
        return first_props

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

    return first_props


def flask_host() -> str:
    """The address the page was served from, e.g. 'http://127.0.0.1:8050'."""
    return flask.request.host_url.rstrip("/")


def next_view(linked: ViewState, data: Dataset, trigger, values: dict) -> ViewState:
    """The view after the change `trigger` made, starting from the view the link holds."""
    if trigger == ZOOM:
        window = relayout_window(values["zoom"])
        zoom = None if window == AUTORANGE else window or linked.zoom
        return replace(linked, zoom=zoom, chart=TIMELINE_CHART)
    if trigger in (None, ids.URL):
        return linked
    if trigger in (ids.RESET, ids.EMPTY_RESET):
        return ViewState(lang=linked.lang, theme=linked.theme, dataset=linked.dataset)
    if trigger == ids.VIEW_TABS:
        view = values["tab"] if values["tab"] in VIEWS else linked.view
        return replace(linked, view=view, chart=view if view in CHARTS else linked.chart)
    if trigger == ids.TOTAL_SERIES:
        return replace(linked, series=values["series"] or None)
    if trigger == COMPARE_INPUT:
        return replace(linked, compare=parse_periods(values["compare"])[0], chart="compare")
    if isinstance(trigger, str) and trigger in EXPORT_FIELDS.values():
        return view_with_export_field(linked, trigger, values)
    if trigger == ids.PERIODS_TOGGLE:
        return replace(linked, show_periods=bool(values["periods_toggle"]))
    if isinstance(trigger, dict) and trigger.get("type") in NOTE_CONTROLS:
        return noted(linked, data, trigger, values)
    if isinstance(trigger, dict):
        closing = trigger.get("type") == ids.DETAIL_CLOSE
        return replace(linked, event=None if closing else trigger.get("id"))
    if trigger in SELECTORS:
        payload = {
            ids.TIMELINE: values["click"],
            ids.TOTALS: values["total_click"],
            ids.TABLE: values["cell"],
            ids.MAP: values["map_click"],
        }[trigger]
        state = replace(linked, event=selected_id(trigger, payload) or linked.event)
        return replace(state, chart=TIMELINE_CHART) if trigger == ids.TIMELINE else state
    if trigger == ids.FREQUENCY:
        return brushed(linked, values["brush"])
    return replace(linked, filters=_controls_filters(data, trigger, values))


def compare_notices(typed: str | None) -> list[str]:
    """What was ignored in the typed periods to compare."""
    return [Message("compare.bad_part", value=part) for part in parse_periods(typed)[1]]


def noted(state: ViewState, data: Dataset, trigger: dict, values: dict) -> ViewState:
    """The view after adding, editing or removing the selected event's note, or after
    "Suggest notes" added the notes proposed for the events shown."""
    kind, event = trigger["type"], trigger.get("id")
    kept = tuple(n for n in state.notes if n.event != event)
    if kind == ids.NOTE_ADD:
        return replace(state, notes=(*kept, Note(event)))
    if kind == ids.NOTE_REMOVE:
        return replace(state, notes=kept)
    if kind == ids.NOTE_TEXT:
        text = " ".join(str((values["note_text"] or [""])[0] or "").split())[:300]
        notes = tuple(Note(n.event, text) if n.event == event else n for n in state.notes)
        return replace(state, notes=notes)
    shown = data.shown(state.filters)
    if state.zoom is not None:
        shown = in_window(shown, state.zoom)
    have = {n.event for n in state.notes}
    new = [n for n in suggested_notes(shown) if n.event not in have]
    return replace(state, notes=(*state.notes, *new))


def _controls_filters(data: Dataset, trigger, values: dict):
    types = {ids.TYPES_ALL: data.types, ids.TYPES_NONE: []}.get(trigger, values["types"])
    return filters_from_controls(
        types,
        data.types,
        values["actors"],
        data.actors,
        values["start"],
        values["end"],
        values["query"],
        places=values["places"],
        chains_only=bool(values["chains"]),
    )


def draw_page(
    data: Dataset, state: ViewState, notices: list, home: str, page, periods=None
) -> dict:
    """The explorer's own outputs for one view: the link, the controls, the timeline, the
    caption and the detail. The link is written even when unchanged, so that it is canonical."""
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
    attributes = page_attributes(lang, state.theme)
    return {
        "search": query_from_state(state),
        "types": list(f.types) if f.types is not None else data.types,
        "type_options": type_options(
            data.types, facet_counts(events, parts, "types", s.EVENT_TYPE), lang
        ),
        "actors": list(f.actors) if f.actors is not None else data.actors,
        "actor_options": actor_options(
            data.actors, facet_counts(events, parts, "actors", s.ACTOR), lang
        ),
        "places": list(f.places or []),
        "place_options": place_options(data.places, place_counts(events, parts)),
        "chains": ["1"] if f.chains_only else [],
        "periods_toggle": ["1"] if state.show_periods else [],
        "start": f.start.isoformat() if f.start else "",
        "end": f.end.isoformat() if f.end else "",
        "query": f.query,
        "tab": state.view,
        "timeline": timeline_view_spec(
            events,
            state.zoom,
            state.event,
            rows=rows,
            links=links,
            chain=chain,
            lang=lang,
            theme=theme_name(state.theme),
            notes=state.notes,
            periods=periods if state.show_periods else None,
        ),
        "timeline_hidden": dates.empty,
        "empty_hidden": not dates.empty,
        "caption": describe(f, dates, lang),
        "as_of": as_of_line(events, lang),
        "description": timeline_description(dates, lang),
        "detail": detail_panel(data.event(state.event), events, lang, state.notes),
        "notices": [html.P(in_language(n, lang)) for n in notices],
        "switches": switches(state, home),
        "page": attributes if attributes != page else no_update,
    }


def as_of_line(events: pd.DataFrame, lang: str | None) -> str:
    """'Data as of 14 March 2026': how current the dataset on screen is."""
    day = data_as_of(events)
    return t("export.data_as_of", language(lang), day=format_date(day, lang)) if day else ""


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
