"""Component ids and the page layout, built from already-loaded data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath
from urllib.parse import urlsplit

import pandas as pd
from dash import dcc, html

from timeline import schema as s
from timeline.chains import walk
from timeline.figures import type_style
from timeline.filters import actor_label, type_label
from timeline.load import LoadResult, Problem, is_http_url, split_list

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
CHAIN_STEP = "chain-step"
VIEW_TABS = "view-tabs"
FREQUENCY = "frequency"
TOTAL_SERIES = "total-series"
TOTALS = "totals"
TABLE = "table"
TABLE_NOTE = "table-note"
MAP = "map"
CONTEXT = "context"
CHAINS_LABEL = "Only events in an escalation chain"

APP_TITLE = "Inter-Korean Tensions Timeline"
EMPTY_MESSAGE = "No events match these filters"
LOAD_FAILED = "The events file could not be loaded, so there are no events to show."
DETAIL_HINT = "Click an event on the timeline to see what happened and who reported it."
GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "filename": "inter-korean-timeline", "scale": 2},
}


def build_layout(
    result: LoadResult, tools: list | None = None, views: list | None = None
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
            html.Header(
                className="masthead",
                children=[
                    html.H1(APP_TITLE),
                    html.P(id=CAPTION, className="caption", **{"aria-live": "polite"}),
                ],
            ),
            html.Div(id=NOTICES, className="notices", role="status"),
            rejected_notice(result),
            html.Main(
                className="workspace",
                children=[
                    html.Aside(
                        className="filters",
                        **{"aria-label": "Filters"},
                        children=[
                            html.H2("Filters"),
                            html.Div(
                                className="control",
                                children=[
                                    html.Div(
                                        className="control-head",
                                        children=[
                                            html.Span(
                                                "Event type", id="type-label", className="label"
                                            ),
                                            html.Button("All", id=TYPES_ALL, className="link"),
                                            html.Button("None", id=TYPES_NONE, className="link"),
                                        ],
                                    ),
                                    dcc.Checklist(
                                        id=TYPE_FILTER, className="checklist", options=[], value=[]
                                    ),
                                ],
                            ),
                            html.Div(
                                className="control",
                                children=[
                                    html.Span("Actor", className="label"),
                                    dcc.Checklist(
                                        id=ACTOR_FILTER, className="checklist", options=[], value=[]
                                    ),
                                ],
                            ),
                            html.Div(
                                className="control dates",
                                children=[
                                    html.Label(["From", _date_input(DATE_FROM, bounds["min"])]),
                                    html.Label(["To", _date_input(DATE_TO, bounds["max"])]),
                                ],
                            ),
                            html.Div(
                                className="control",
                                children=[
                                    html.Label("Place", htmlFor=PLACE_FILTER, className="label"),
                                    dcc.Dropdown(
                                        id=PLACE_FILTER,
                                        options=[],
                                        value=[],
                                        multi=True,
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
                            html.Label(
                                className="control",
                                children=[
                                    html.Span("Search", className="label"),
                                    dcc.Input(
                                        id=SEARCH,
                                        type="search",
                                        debounce=0.3,
                                        placeholder="Words in title or description",
                                    ),
                                ],
                            ),
                            html.Button("Reset filters", id=RESET, className="button"),
                            *(tools or []),
                        ],
                    ),
                    html.Section(
                        className="chart",
                        **{"aria-label": "Timeline"},
                        children=[
                            html.Div(
                                id=TIMELINE_BOX,
                                children=dcc.Graph(
                                    id=TIMELINE,
                                    config=GRAPH_CONFIG,
                                    figure={"data": [], "layout": {}},
                                ),
                            ),
                            html.Div(
                                id=EMPTY,
                                className="empty",
                                hidden=True,
                                children=[
                                    html.P(EMPTY_MESSAGE),
                                    html.Button(
                                        "Reset the filters", id=EMPTY_RESET, className="link"
                                    ),
                                ],
                            ),
                            *(views or []),
                        ],
                    ),
                    html.Aside(
                        id=DETAIL,
                        className="detail",
                        **{"aria-label": "Event detail", "aria-live": "polite"},
                        children=html.P(DETAIL_HINT, className="hint"),
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


def type_options(keys: list[str], counts: dict[str, int]) -> list[dict]:
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
                        html.Span(type_label(key), className="option-name"),
                        html.Span(f"{n}", className="option-count"),
                    ],
                ),
            }
        )
    return options


def place_options(keys: list[str], counts: dict[str, int]) -> list[dict]:
    """Dropdown options for places, with the count left by the other filters."""
    return [{"value": k, "label": f"{k} ({counts.get(k, 0)})"} for k in keys]


def actor_options(keys: list[str], counts: dict[str, int]) -> list[dict]:
    """Checklist options for actors with the count left by the other filters."""
    return [
        {
            "value": key,
            "label": html.Span(
                className="option" + ("" if counts.get(key, 0) else " option-empty"),
                children=[
                    html.Span(actor_label(key), className="option-name"),
                    html.Span(f"{counts.get(key, 0)}", className="option-count"),
                ],
            ),
        }
        for key in keys
    ]


def detail_panel(event: pd.Series | None, events: pd.DataFrame) -> list:
    """The selected event: title, date, type, actor, count, place, description and source links."""
    if event is None:
        return [html.P(DETAIL_HINT, className="hint")]
    key = str(event[s.EVENT_TYPE])
    colour, _ = type_style(key)
    day = f"{event[s.DATE]:%-d %B %Y}"
    if not pd.isna(event[s.END_DATE]) and event[s.END_DATE] != event[s.DATE]:
        day += f" – {event[s.END_DATE]:%-d %B %Y}"
    facts = [
        (
            "Type",
            [html.Span(className="swatch", style={"backgroundColor": colour}), type_label(key)],
        ),
        ("Actor", actor_label(str(event[s.ACTOR]))),
    ]
    if not pd.isna(event[s.COUNT]):
        facts.append(("Count", f"{event[s.COUNT]:,.0f} {event[s.COUNT_UNIT]}".strip()))
    if event[s.LOCATION]:
        facts.append(("Place", event[s.LOCATION]))
    children = [
        html.P(day, className="detail-date"),
        html.H2(event[s.TITLE], className="detail-title"),
        html.Dl(
            className="facts", children=[x for k, v in facts for x in (html.Dt(k), html.Dd(v))]
        ),
    ]
    if event[s.DESCRIPTION]:
        children.append(html.P(event[s.DESCRIPTION], className="detail-description"))
    children.append(html.H3("Sources"))
    children.append(source_list(event[s.SOURCES]))
    children += chain_section(event[s.ID], events)
    return children


def chain_section(event_id: str, events: pd.DataFrame) -> list:
    """What the event answered and what answered it, followed step by step, with delays."""
    out = []
    for heading, direction, when in (
        ("What it answered", "answered", "earlier"),
        ("What answered it", "answers", "later"),
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
                        html.Span(f"{rows.at[step.id, s.DATE]:%-d %b %Y}", className="chain-date"),
                        html.Span(rows.at[step.id, s.TITLE], className="chain-title"),
                        html.Span(_delay(step.delay_days, when), className="chain-delay"),
                    ],
                ),
            )
            for step in steps
        ]
        out += [html.H3(heading), html.Ol(items, className="chain")]
    return out


def _delay(days: int, when: str) -> str:
    if days == 0:
        return "same day"
    return f"{days} day{'' if days == 1 else 's'} {when}"


def source_list(cell: str) -> html.Ul | html.P:
    """Sources as links that open in a new tab; anything that is not http(s) stays plain text."""
    urls = split_list(cell)
    if not urls:
        return html.P("No source given.", className="hint")
    items = []
    for url in urls:
        if is_http_url(url):
            parts = urlsplit(url)
            items.append(
                html.Li(
                    html.A(
                        parts.netloc.removeprefix("www."),
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
            children=[html.P(LOAD_FAILED, className="load-failed-title")]
            + [html.P(str(p)) for p in errors],
        )
    if rejected.empty:
        return html.Div(id=REJECTED)
    n = len(rejected)
    summary = (
        f"{n} of {result.rows} rows {'was' if n == 1 else 'were'} rejected and are not shown. "
        "Show which"
    )
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
                    [html.Thead(html.Tr([html.Th("Line"), html.Th("Reason")])), html.Tbody(rows)],
                    className="rejected-table",
                ),
                html.Button("Download rejected rows (CSV)", id=REJECTED_BUTTON, className="button"),
            ]
        ),
    )


def _without_folders(problem: Problem) -> Problem:
    """The problem naming only the file, so the page does not reveal the server's folders."""
    return replace(problem, file=PurePath(problem.file).name)
