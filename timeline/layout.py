"""Component ids and the page layout, built from already-loaded data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

import pandas as pd
from dash import dcc, html

from timeline import schema as s
from timeline.chains import walk
from timeline.figures import BLANK_FIGURE, type_style
from timeline.filters import actor_label, type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    event_day,
    event_text,
    format_count,
    format_date,
    plural,
    t,
)
from timeline.load import LoadResult, Problem, is_http_url, split_list
from timeline.sources import describe, shipped_sources
from timeline.translated import tr

URL = "url"
DATASET = "dataset"
CAPTION = "caption"
NOTICES = "notices"
TYPE_FILTER = "type-filter"
TYPES_ALL = "types-all"
TYPES_NONE = "types-none"
ACTOR_FILTER = "actor-filter"
DATE_FROM = "date-from"
DATE_TO = "date-to"
SEARCH = "search"
RESET = "reset"
EMPTY = "empty"
EMPTY_RESET = "empty-reset"
TIMELINE = "timeline"
TIMELINE_BOX = "timeline-box"
DETAIL = "detail"
REJECTED = "rejected"
REJECTED_DOWNLOAD = "rejected-download"
REJECTED_BUTTON = "rejected-button"
PLACE_FILTER = "place-filter"
CHAINS_ONLY = "chains-only"
PERIODS_TOGGLE = "periods-toggle"
CHAIN_STEP = "chain-step"
DETAIL_CLOSE = "detail-close"
# The notes on the chart: add, edit and remove the selected event's note, or suggest notes.
NOTE_ADD = "note-add"
NOTE_TEXT = "note-text"
NOTE_REMOVE = "note-remove"
NOTE_SUGGEST = "note-suggest"
VIEW_TABS = "view-tabs"
FREQUENCY = "frequency"
TOTAL_SERIES = "total-series"
TOTALS = "totals"
TABLE = "table"
TABLE_NOTE = "table-note"
MAP = "map"
CONTEXT = "context"
CHAINS_LABEL = t("filters.chains_only")
SWITCHES = "switches"
FILTERS_PANEL = "filters-panel"
TIMELINE_HEADING = "timeline-heading"
TIMELINE_KEYS = "timeline-keys"
TIMELINE_DESCRIPTION = "timeline-description"
DATA_AS_OF = "data-as-of"

APP_TITLE = t("app.title")
EMPTY_MESSAGE = t("empty.message")
LOAD_FAILED = t("load.failed")
GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "filename": "inter-korean-timeline", "scale": 2},
}


def build_layout(
    result: LoadResult,
    tools: list | None = None,
    views: list | None = None,
    stores: list | None = None,
) -> html.Div:
    """The whole page: header, filters, timeline, detail panel and the rejected-rows notice.

    `tools` are panels shown under the filters (export, upload); `views` are sections shown
    under the timeline (linked charts, table, map).
    """
    events = result.events
    first = events[s.DATE].min() if len(events) else None
    last = events[s.END_DATE].fillna(events[s.DATE]).max() if len(events) else None
    bounds = {
        "min": f"{first:%Y-%m-%d}" if first is not None else None,
        "max": f"{last:%Y-%m-%d}" if last is not None else None,
    }
    return html.Div(
        className="page",
        children=[
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=DATASET, storage_type="memory"),
            *(stores or []),
            html.A(t("app.skip"), href=f"#{TIMELINE_BOX}", className="skip-link"),
            html.Header(
                className="masthead",
                children=[
                    html.Div(id=SWITCHES, className="switches"),
                    tr("app.title", html.H1),
                    html.P(id=CAPTION, className="caption", **{"aria-live": "polite"}),
                    html.P(id=DATA_AS_OF, className="as-of"),
                ],
            ),
            html.Div(id=NOTICES, className="notices", role="status"),
            rejected_notice(result),
            html.Main(
                className="workspace",
                children=[
                    html.Aside(
                        className="filters",
                        **{"aria-labelledby": "filters-heading"},
                        children=html.Details(
                            id=FILTERS_PANEL,
                            open=True,
                            className="filters-panel",
                            children=[
                                html.Summary(html.H2(tr("filters.heading"), id="filters-heading")),
                                html.Div(
                                    className="control",
                                    children=[
                                        html.Div(
                                            className="control-head",
                                            children=[
                                                html.Span(
                                                    tr("filters.type"),
                                                    id="type-label",
                                                    className="label",
                                                ),
                                                html.Button(
                                                    tr("filters.all"),
                                                    id=TYPES_ALL,
                                                    className="link",
                                                ),
                                                html.Button(
                                                    tr("filters.none"),
                                                    id=TYPES_NONE,
                                                    className="link",
                                                ),
                                            ],
                                        ),
                                        html.Div(
                                            role="group",
                                            **{"aria-labelledby": "type-label"},
                                            children=dcc.Checklist(
                                                id=TYPE_FILTER,
                                                className="checklist",
                                                options=[],
                                                value=[],
                                            ),
                                        ),
                                    ],
                                ),
                                html.Div(
                                    className="control",
                                    children=[
                                        html.Span(
                                            tr("filters.actor"), id="actor-label", className="label"
                                        ),
                                        html.Div(
                                            role="group",
                                            **{"aria-labelledby": "actor-label"},
                                            children=dcc.Checklist(
                                                id=ACTOR_FILTER,
                                                className="checklist",
                                                options=[],
                                                value=[],
                                            ),
                                        ),
                                    ],
                                ),
                                html.Div(
                                    className="control dates",
                                    children=[
                                        html.Label(
                                            [
                                                tr("filters.from"),
                                                _date_input(DATE_FROM, bounds["min"]),
                                            ]
                                        ),
                                        html.Label(
                                            [tr("filters.to"), _date_input(DATE_TO, bounds["max"])]
                                        ),
                                    ],
                                ),
                                html.Div(
                                    className="control",
                                    children=[
                                        html.Label(
                                            tr("filters.place"),
                                            htmlFor=PLACE_FILTER,
                                            id="place-label",
                                            className="label",
                                        ),
                                        dcc.Dropdown(
                                            id=PLACE_FILTER,
                                            options=[],
                                            value=[],
                                            multi=True,
                                            searchable=True,
                                            maxHeight=320,
                                            placeholder="Any place",
                                        ),
                                    ],
                                ),
                                dcc.Checklist(
                                    id=CHAINS_ONLY,
                                    className="checklist control",
                                    options=[{"label": CHAINS_LABEL, "value": "1"}],
                                    value=[],
                                ),
                                dcc.Checklist(
                                    id=PERIODS_TOGGLE,
                                    className="checklist control",
                                    options=periods_options(),
                                    value=[],
                                ),
                                html.Label(
                                    className="control",
                                    children=[
                                        tr("filters.search", className="label"),
                                        dcc.Input(
                                            id=SEARCH,
                                            type="search",
                                            debounce=0.3,
                                            placeholder="Words in title or description",
                                        ),
                                    ],
                                ),
                                html.Button(tr("filters.reset"), id=RESET, className="button"),
                                *(tools or []),
                            ],
                        ),
                    ),
                    html.Section(
                        className="chart",
                        **{"aria-labelledby": TIMELINE_HEADING},
                        children=[
                            html.H2(
                                tr("timeline.heading"), id=TIMELINE_HEADING, className="sr-only"
                            ),
                            html.P(tr("timeline.keys"), id=TIMELINE_KEYS, className="sr-only"),
                            html.P(id=TIMELINE_DESCRIPTION, className="sr-only"),
                            html.Div(
                                id=TIMELINE_BOX,
                                className="timeline-box",
                                tabIndex="0",
                                role="group",
                                **{
                                    "aria-labelledby": TIMELINE_HEADING,
                                    "aria-describedby": f"{TIMELINE_DESCRIPTION} {TIMELINE_KEYS}",
                                },
                                children=dcc.Graph(
                                    id=TIMELINE,
                                    config=GRAPH_CONFIG,
                                    figure=BLANK_FIGURE,
                                ),
                            ),
                            html.Div(
                                id=EMPTY,
                                className="empty",
                                hidden=True,
                                children=[
                                    tr("empty.message", html.P),
                                    html.Button(
                                        tr("empty.reset"), id=EMPTY_RESET, className="link"
                                    ),
                                ],
                            ),
                            *(views or []),
                        ],
                    ),
                    html.Aside(
                        className="detail",
                        tabIndex="-1",
                        **{"aria-labelledby": "detail-heading"},
                        children=[
                            html.H2(tr("detail.heading"), id="detail-heading", className="sr-only"),
                            html.Div(
                                id=DETAIL,
                                **{"aria-live": "polite"},
                                children=tr("detail.hint", html.P, className="hint"),
                            ),
                        ],
                    ),
                ],
            ),
            dcc.Download(id=REJECTED_DOWNLOAD),
        ],
    )


def _date_input(component_id: str, example: str | None) -> dcc.Input:
    return dcc.Input(
        id=component_id,
        type="text",
        inputMode="numeric",
        debounce=True,
        placeholder=f"YYYY-MM-DD, e.g. {example}" if example else "YYYY-MM-DD",
        pattern=r"\d{4}-\d{2}-\d{2}",
        autoComplete="off",
    )


def type_options(
    keys: list[str], counts: dict[str, int], lang: str = DEFAULT_LANGUAGE
) -> list[dict]:
    """Checklist options for event types: colour swatch, name and the count left by other filters."""
    options = []
    for key in keys:
        colour, _ = type_style(key)
        n = counts.get(key, 0)
        options.append(
            {
                "value": key,
                "label": html.Span(
                    className="option" + ("" if n else " option-empty"),
                    children=[
                        html.Span(className="swatch", style={"backgroundColor": colour}),
                        html.Span(type_label(key, lang=lang), className="option-name"),
                        html.Span(f"{n}", className="option-count"),
                    ],
                ),
            }
        )
    return options


def place_options(keys: list[str], counts: dict[str, int]) -> list[dict]:
    """Dropdown options for places, with the count left by the other filters: the most events
    first, places with none last; typing searches the names."""
    ordered = sorted(keys, key=lambda k: (-counts.get(k, 0), k.casefold()))
    return [{"value": k, "label": f"{k} ({counts.get(k, 0)})", "search": k} for k in ordered]


def actor_options(
    keys: list[str], counts: dict[str, int], lang: str = DEFAULT_LANGUAGE
) -> list[dict]:
    """Checklist options for actors with the count left by the other filters."""
    return [
        {
            "value": key,
            "label": html.Span(
                className="option" + ("" if counts.get(key, 0) else " option-empty"),
                children=[
                    html.Span(actor_label(key, lang), className="option-name"),
                    html.Span(f"{counts.get(key, 0)}", className="option-count"),
                ],
            ),
        }
        for key in keys
    ]


def detail_panel(
    event: pd.Series | None,
    events: pd.DataFrame,
    lang: str = DEFAULT_LANGUAGE,
    notes: tuple = (),
) -> list:
    """The selected event: title, date, type, actor, count, place, description, source links,
    and its note on the chart (`notes` are the view's)."""
    if event is None:
        return [html.P(t("detail.hint", lang), className="hint"), suggest_button(lang)]
    key = str(event[s.EVENT_TYPE])
    colour, _ = type_style(key)
    day = event_day(event, lang)
    facts = [
        (
            t("detail.type", lang),
            [
                html.Span(className="swatch", style={"backgroundColor": colour}),
                type_label(key, lang=lang),
            ],
        ),
        (t("detail.actor", lang), actor_label(str(event[s.ACTOR]), lang)),
    ]
    if not pd.isna(event[s.COUNT]):
        count = format_count(event[s.COUNT], event[s.COUNT_UNIT], lang)
        facts.append((t("detail.count", lang), count))
    if event[s.LOCATION]:
        facts.append((t("detail.place", lang), event[s.LOCATION]))
    description = event_text(event, s.DESCRIPTION, lang)
    children = [
        html.Button(
            t("detail.close", lang),
            id={"type": DETAIL_CLOSE, "id": "close"},
            className="link detail-close",
            title=t("detail.close_hint", lang),
        ),
        html.P(day, className="detail-date"),
        html.H2(event_text(event, s.TITLE, lang), className="detail-title"),
        note_section(event[s.ID], event_text(event, s.TITLE, lang), notes, lang),
        html.Dl(
            className="facts", children=[x for k, v in facts for x in (html.Dt(k), html.Dd(v))]
        ),
    ]
    if description:
        children.append(html.P(description, className="detail-description"))
    children.append(html.H3(t("detail.sources", lang)))
    children.append(source_list(event[s.SOURCES], lang))
    children += chain_section(event[s.ID], events, lang)
    return children


def periods_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The one box of the periods toggle, labelled in lang."""
    return [{"label": t("filters.periods", lang), "value": "1"}]


def periods_props(lang: str) -> list[tuple[str, str, object]]:
    """The periods toggle's translated props, as (component id, prop, value)."""
    return [(PERIODS_TOGGLE, "options", periods_options(lang))]


def note_section(event_id: str, title: str, notes: tuple, lang: str = DEFAULT_LANGUAGE):
    """'Add note' for an event without one; else its note's text, editable, and 'Remove'."""
    note = next((n for n in notes if n.event == event_id), None)
    if note is None:
        return html.Div(
            className="note-controls",
            children=[
                html.Button(
                    t("note.add", lang),
                    id={"type": NOTE_ADD, "id": event_id},
                    className="button",
                    title=t("note.add_hint", lang),
                ),
                suggest_button(lang),
            ],
        )
    return html.Div(
        className="note-controls",
        children=[
            html.Label(
                className="control",
                children=[
                    html.Span(t("note.label", lang), className="label"),
                    dcc.Input(
                        id={"type": NOTE_TEXT, "id": event_id},
                        type="text",
                        value=note.text,
                        placeholder=title,
                        debounce=True,
                        maxLength=300,
                    ),
                ],
            ),
            html.Button(
                t("note.remove", lang),
                id={"type": NOTE_REMOVE, "id": event_id},
                className="link",
            ),
        ],
    )


def suggest_button(lang: str = DEFAULT_LANGUAGE) -> html.Button:
    """'Suggest notes': the largest counts and the roots of escalation chains."""
    return html.Button(
        t("note.suggest", lang),
        id={"type": NOTE_SUGGEST, "id": "suggest"},
        className="link note-suggest",
        title=t("note.suggest_hint", lang),
    )


def chain_section(event_id: str, events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list:
    """What the event answered and what answered it, followed step by step, with delays."""
    out = []
    for heading, direction, when in (
        (t("chain.answered", lang), "answered", "earlier"),
        (t("chain.answers", lang), "answers", "later"),
    ):
        steps = walk(events, event_id, direction)
        if not steps:
            continue
        wanted = events[events[s.ID].isin([step.id for step in steps])]
        rows = wanted.set_index(s.ID)
        items = [
            html.Li(
                className=f"chain-step depth-{min(step.depth, 4)}",
                children=html.Button(
                    id={"type": CHAIN_STEP, "id": step.id},
                    className="link chain-link",
                    children=[
                        html.Span(
                            format_date(rows.at[step.id, s.DATE], lang, short=True),
                            className="chain-date",
                        ),
                        html.Span(
                            event_text(rows.loc[step.id], s.TITLE, lang), className="chain-title"
                        ),
                        html.Span(_delay(step.delay_days, when, lang), className="chain-delay"),
                    ],
                ),
            )
            for step in steps
        ]
        out += [html.H3(heading), html.Ol(items, className="chain")]
    return out


def _delay(days: int, when: str, lang: str) -> str:
    if days == 0:
        return t("chain.same_day", lang)
    return plural(f"chain.{when}", days, lang)


def source_list(cell: str, lang: str = DEFAULT_LANGUAGE) -> html.Ul | html.P:
    """Sources as links that open in a new tab; anything that is not http(s) stays plain text."""
    urls = split_list(cell)
    if not urls:
        return html.P(t("detail.no_source", lang), className="hint")
    items = []
    for url in urls:
        if is_http_url(url):
            items.append(
                html.Li(
                    html.A(
                        describe(url, shipped_sources(), lang),
                        href=url,
                        target="_blank",
                        rel="noopener noreferrer",
                        title=url,
                    )
                )
            )
        else:
            items.append(html.Li(url))
    return html.Ul(items, className="sources")


def rejected_notice(result: LoadResult) -> html.Div:
    """A visible notice of how many rows were kept out, expandable to the line and reason of each."""
    rejected = result.rejected
    errors = [_without_folders(p) for p in result.errors if p.line is None]
    if rejected.empty and errors:
        return html.Div(
            id=REJECTED,
            className="rejected load-failed",
            role="alert",
            children=[tr("load.failed", html.P, className="load-failed-title")]
            + [html.P(str(p)) for p in errors],
        )
    if rejected.empty:
        return html.Div(id=REJECTED)
    n = len(rejected)
    summary = tr("rejected.summary", values={"n": n, "rows": result.rows})
    rows = [
        html.Tr([html.Td(str(line)), html.Td(reason)])
        for line, reason in zip(rejected[s.LINE], rejected[s.REASON], strict=True)
    ]
    return html.Div(
        id=REJECTED,
        className="rejected",
        role="alert",
        children=html.Details(
            [
                html.Summary(summary),
                *[html.P(str(p)) for p in errors],
                html.Table(
                    [
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(tr("rejected.line"), scope="col"),
                                    html.Th(tr("rejected.reason"), scope="col"),
                                ]
                            )
                        ),
                        html.Tbody(rows),
                    ],
                    className="rejected-table",
                ),
                html.Button(tr("rejected.download"), id=REJECTED_BUTTON, className="button"),
            ]
        ),
    )


def _without_folders(problem: Problem) -> Problem:
    """The problem naming only the file, so the page does not reveal the server's folders."""
    return replace(problem, file=PurePath(problem.file).name)
