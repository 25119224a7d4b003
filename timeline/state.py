"""The view state in the URL: one pure function writes the query string, its inverse reads it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode

from timeline.density import Window
from timeline.filters import Filters
from timeline.i18n import LANGUAGES, Message
from timeline.themes import THEMES

TYPE = "type"
ACTOR = "actor"
FROM = "from"
TO = "to"
QUERY = "q"
PLACE = "place"
CHAINS = "chains"
EVENT = "event"
# The zoomed window of the date axis, e.g. zoom_from=2024-05-28&zoom_to=2024-06-30T12:00.
ZOOM_FROM = "zoom_from"
ZOOM_TO = "zoom_to"
VIEW = "view"
LANG = "lang"
THEME = "theme"
PARAMETERS = (
    TYPE,
    ACTOR,
    FROM,
    TO,
    QUERY,
    PLACE,
    CHAINS,
    EVENT,
    ZOOM_FROM,
    ZOOM_TO,
    VIEW,
    LANG,
    THEME,
)
VIEWS = ("frequency", "totals", "table", "map", "context")
DEFAULT_VIEW = VIEWS[0]
# Written for "every box unticked", which differs from the default "no restriction".
NONE = "none"
# Old parameter names that still open the same view.
RENAMED = {"types": TYPE, "actors": ACTOR, "start": FROM, "end": TO, "search": QUERY}
_MAX_QUERY = 4000
# Lone UTF-16 surrogates can arrive in JSON from the browser; they cannot be encoded into a URL.
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ViewState:
    """Everything that defines what the user sees."""

    filters: Filters = field(default_factory=Filters)
    event: str | None = None
    zoom: Window | None = None
    view: str = DEFAULT_VIEW
    # None until the user or the browser chose; the page then shows English and the light theme.
    lang: str | None = None
    theme: str | None = None


def query_from_state(state: ViewState) -> str:
    """The query string ('?type=a&from=2024-05-28') for a state; '' for the default view."""
    f = state.filters
    pairs: list[tuple[str, str]] = []
    for name, values in ((TYPE, f.types), (ACTOR, f.actors)):
        if values is not None:
            pairs += [(name, v) for v in values] or [(name, NONE)]
    if f.start:
        pairs.append((FROM, f.start.isoformat()))
    if f.end:
        pairs.append((TO, f.end.isoformat()))
    if f.query.strip():
        pairs.append((QUERY, f.query.strip()))
    if f.places is not None:
        pairs += [(PLACE, p) for p in f.places] or [(PLACE, NONE)]
    if f.chains_only:
        pairs.append((CHAINS, "1"))
    if state.event:
        pairs.append((EVENT, state.event))
    if state.zoom:
        pairs += [(ZOOM_FROM, _moment(state.zoom.start)), (ZOOM_TO, _moment(state.zoom.end))]
    if state.view != DEFAULT_VIEW:
        pairs.append((VIEW, state.view))
    if state.lang:
        pairs.append((LANG, state.lang))
    if state.theme:
        pairs.append((THEME, state.theme))
    return "?" + urlencode(pairs) if pairs else ""


def in_link_order(search: str | None) -> list[tuple[str, str]]:
    """The parameters of a query string in the order query_from_state writes them, so that the
    same view gives the same link however its parameters were typed or added."""
    pairs = parse_qsl(_text(search).lstrip("?"), keep_blank_values=True)
    rank = {name: i for i, name in enumerate(PARAMETERS)}
    return sorted(pairs, key=lambda pair: rank.get(RENAMED.get(pair[0], pair[0]), len(rank)))


def state_from_query(
    query: str | None,
    types: list[str],
    actors: list[str],
    ids: set[str] | None = None,
    places: list[str] | None = None,
) -> tuple[ViewState, list[str]]:
    """Read a query string back into a state; unknown or malformed parts are skipped with a notice."""
    notices: list[str] = []
    text = _text(query).lstrip("?")[:_MAX_QUERY]
    values: dict[str, list[str]] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        key = RENAMED.get(key, key)
        if key not in PARAMETERS:
            notices.append(Message("notice.unknown_param", name=key))
            continue
        values.setdefault(key, []).append(value)
    chosen_types = _known(values.get(TYPE), types, "type", notices)
    chosen_actors = _known(values.get(ACTOR), actors, "actor", notices)
    start = _date(values.get(FROM), FROM, notices)
    end = _date(values.get(TO), TO, notices)
    if start and end and end < start:
        notices.append(Message("notice.backwards_dates", start=start, end=end))
        start = end = None
    event = (values.get(EVENT) or [None])[-1]
    if event is not None and ids is not None and event not in ids:
        notices.append(Message("notice.unknown_event", id=event))
        event = None
    chosen_places = (
        _known(values.get(PLACE), places, "place", notices) if places is not None else None
    )
    chains = (values.get(CHAINS) or ["0"])[-1]
    if chains not in ("0", "1"):
        notices.append(Message("notice.bad_chains", value=chains))
    filters = Filters(
        types=chosen_types,
        actors=chosen_actors,
        start=start,
        end=end,
        query=(values.get(QUERY) or [""])[-1].strip(),
        places=chosen_places,
        chains_only=chains == "1",
    )
    view = (values.get(VIEW) or [DEFAULT_VIEW])[-1]
    if view not in VIEWS:
        notices.append(Message("notice.unknown_view", view=view, views=", ".join(VIEWS)))
        view = DEFAULT_VIEW
    zoom = _zoom(values.get(ZOOM_FROM), values.get(ZOOM_TO), notices)
    lang = _choice(values.get(LANG), LANG, LANGUAGES, notices)
    theme = _choice(values.get(THEME), THEME, THEMES, notices)
    state = ViewState(filters, event or None, zoom, view, lang, theme)
    return state, notices


def _choice(given, name, choices, notices) -> str | None:
    if not given:
        return None
    if given[-1] not in choices:
        notices.append(
            Message("notice.unknown_value", name=name, value=given[-1], choices=", ".join(choices))
        )
        return None
    return given[-1]


def _moment(value: datetime) -> str:
    """A readable instant: the day alone at midnight, else to the minute."""
    if (value.hour, value.minute) == (0, 0):
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%dT%H:%M")


def _zoom(start, end, notices) -> Window | None:
    if not start and not end:
        return None
    try:
        window = Window(datetime.fromisoformat(start[-1]), datetime.fromisoformat(end[-1]))
    except (TypeError, ValueError):
        notices.append(Message("notice.bad_zoom"))
        return None
    if window.end <= window.start:
        notices.append(Message("notice.backwards_zoom"))
        return None
    return window


def _known(given, known, noun, notices) -> tuple[str, ...] | None:
    if given is None:
        return None
    if given == [NONE]:
        return ()
    kept = []
    for value in given:
        if value in known:
            if value not in kept:
                kept.append(value)
        else:
            notices.append(Message(f"notice.unknown_{noun}", value=value))
    # Order as in the vocabulary so equal views give equal links.
    return tuple(k for k in known if k in kept) if kept else None


def _date(given, name, notices) -> date | None:
    if not given:
        return None
    try:
        return date.fromisoformat(given[-1])
    except ValueError:
        notices.append(Message("notice.bad_date", name=name, value=given[-1]))
        return None


def state_from_controls(
    ticked_types: list[str] | None,
    all_types: list[str],
    ticked_actors: list[str] | None,
    all_actors: list[str],
    start: str | None,
    end: str | None,
    query: str | None,
    event: str | None,
    places: tuple[str, ...] | None = None,
    chains_only: bool = False,
    zoom: Window | None = None,
    view: str = DEFAULT_VIEW,
    lang: str | None = None,
    theme: str | None = None,
) -> ViewState:
    """The state that the filter controls show; all boxes ticked means 'no restriction'."""
    link = "?" + urlencode([(FROM, _text(start)), (TO, _text(end))])
    dates, _ = state_from_query(link, all_types, all_actors)
    filters = Filters(
        types=_ticked(ticked_types, all_types),
        actors=_ticked(ticked_actors, all_actors),
        start=dates.filters.start,
        end=dates.filters.end,
        query=_text(query).strip(),
        places=places,
        chains_only=chains_only,
    )
    return ViewState(filters, _text(event) or None, zoom, view, lang, theme)


def _text(value: str | None) -> str:
    """The value as text that can go into a URL: lone surrogates become U+FFFD."""
    return _SURROGATES.sub("\ufffd", value) if isinstance(value, str) else ""


def _ticked(ticked: list[str] | None, known: list[str]) -> tuple[str, ...] | None:
    ticked = ticked if isinstance(ticked, list | tuple) else []
    chosen = [k for k in known if k in ticked]
    return None if len(chosen) == len(known) else tuple(chosen)
