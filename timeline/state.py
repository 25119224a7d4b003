"""The view in the URL: one pure function writes the query string, its inverse reads it.

Every link anywhere (the explorer, the embed, the presenter, the data API, the CLI) is written
by `query_from_state` and read by `state_from_query`, so one value describes what is on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from timeline.compare import Period, parse_period
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
# The chart an export draws: the timeline or one of the linked views' charts.
CHART = "chart"
# The running total shown, as '<event type>|<unit>'.
SERIES = "series"
# The dataset of an upload: a random token, never derived from the content.
DATASET = "dataset"
# The publication fields of an export.
TITLE = "title"
SUBTITLE = "subtitle"
CREDIT = "credit"
SIZE = "size"
# A labelled key moment: note=<event id>[:<text>], repeatable.
NOTE = "note"
# The step of a story in classroom mode, from 1.
STEP = "step"
# A period to compare, compare=2024-06-01/2024-08-31, repeatable.
COMPARE = "compare"
# Periods (data/periods.csv) shaded behind the lanes: periods=1.
PERIODS = "periods"
PARAMETERS = (
    STEP,
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
    CHART,
    SERIES,
    DATASET,
    TITLE,
    SUBTITLE,
    CREDIT,
    SIZE,
    NOTE,
    COMPARE,
    PERIODS,
)
VIEWS = ("frequency", "totals", "table", "map", "context", "compare", "changes")
DEFAULT_VIEW = VIEWS[0]
TIMELINE_CHART = "timeline"
# Every view has a chart but the table and the ranking of what changed.
CHARTS = (TIMELINE_CHART, *(v for v in VIEWS if v not in ("table", "changes")))
SIZES = ("article", "square", "slide", "column")
_CUSTOM_SIZE = re.compile(r"^(\d{3,4})x(\d{3,4})$")
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_MAX_TEXT = 300
_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
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
    chart: str = TIMELINE_CHART
    series: str | None = None
    dataset: str | None = None
    title: str = ""
    subtitle: str = ""
    credit: str = ""
    # A preset key ('square') or a custom 'WIDTHxHEIGHT'; None is the default preset.
    size: str | None = None
    notes: tuple[Note, ...] = ()
    step: int | None = None
    compare: tuple[Period, ...] = ()
    show_periods: bool = False


@dataclass(frozen=True)
class Note:
    """A label pinned to an event on the chart; empty text means the event's own title."""

    event: str
    text: str = ""


def is_token(value: object) -> bool:
    """True for a dataset token an upload could have been given; nothing else names a file."""
    return isinstance(value, str) and bool(_TOKEN.match(value))


def query_text(link: str | None) -> str:
    """The query string of a link: a whole address ('https://host/embed?type=x#top'), a path
    with a query, or the query string alone, with or without its '?'."""
    text = _text(link).strip()
    if _ADDRESS.match(text) or text.startswith("/"):
        return urlsplit(text).query
    return text.split("#", 1)[0].lstrip("?")


def query_from_state(state: ViewState) -> str:
    """The query string ('?type=a&from=2024-05-28') for a state; '' for the default view."""
    f = state.filters
    pairs: list[tuple[str, str]] = [(STEP, str(state.step))] if state.step else []
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
    if state.chart != TIMELINE_CHART:
        pairs.append((CHART, state.chart))
    if state.series:
        pairs.append((SERIES, state.series))
    if state.dataset:
        pairs.append((DATASET, state.dataset))
    for name, value in ((TITLE, state.title), (SUBTITLE, state.subtitle), (CREDIT, state.credit)):
        if value.strip():
            pairs.append((name, value.strip()))
    if state.size:
        pairs.append((SIZE, state.size))
    pairs += [(NOTE, f"{n.event}:{n.text}" if n.text else n.event) for n in state.notes]
    # Periods keep their readable slash: compare=2024-06-01/2024-08-31.
    periods = urlencode([(COMPARE, p.text()) for p in state.compare], safe="/")
    shaded = urlencode([(PERIODS, "1")]) if state.show_periods else ""
    query = "&".join(part for part in (urlencode(pairs), periods, shaded) if part)
    return "?" + query if query else ""


def in_link_order(search: str | None) -> list[tuple[str, str]]:
    """The parameters of a query string in the order query_from_state writes them, so that the
    same view gives the same link however its parameters were typed or added."""
    pairs = parse_qsl(query_text(search), keep_blank_values=True)
    rank = {name: i for i, name in enumerate(PARAMETERS)}
    return sorted(pairs, key=lambda pair: rank.get(RENAMED.get(pair[0], pair[0]), len(rank)))


def state_from_query(
    query: str | None,
    types: list[str],
    actors: list[str],
    ids: set[str] | None = None,
    places: list[str] | None = None,
) -> tuple[ViewState, list[str]]:
    """Read a query string (or a whole link) back into a state; unknown or malformed parts are
    skipped with a notice. `ids` and `places`, when given, are the events and places that exist."""
    notices: list[str] = []
    text = query_text(query)[:_MAX_QUERY]
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
    chart = _choice(values.get(CHART), CHART, CHARTS, notices) or TIMELINE_CHART
    dataset = (values.get(DATASET) or [None])[-1] or None
    if dataset is not None and not is_token(dataset):
        notices.append(Message("notice.bad_dataset", value=dataset))
        dataset = None
    size = (values.get(SIZE) or [None])[-1] or None
    if size is not None and size not in SIZES and not _CUSTOM_SIZE.match(size):
        notices.append(Message("notice.bad_size", value=size, sizes=", ".join(SIZES)))
        size = None
    state = ViewState(
        filters,
        event or None,
        zoom,
        view,
        lang,
        theme,
        chart=chart,
        series=(values.get(SERIES) or [None])[-1] or None,
        dataset=dataset,
        title=_field(values.get(TITLE)),
        subtitle=_field(values.get(SUBTITLE)),
        credit=_field(values.get(CREDIT)),
        size=size,
        notes=_notes(values.get(NOTE, []), ids, notices),
        step=_step(values.get(STEP), notices),
        compare=_periods(values.get(COMPARE, []), notices),
        show_periods=_shown_periods(values.get(PERIODS), notices),
    )
    return state, notices


def _shown_periods(given, notices) -> bool:
    if not given or given[-1] == "0":
        return False
    if given[-1] != "1":
        notices.append(Message("notice.bad_periods", value=given[-1]))
        return False
    return True


def _periods(given: list[str], notices) -> tuple[Period, ...]:
    kept: list[Period] = []
    for value in given:
        period = parse_period(value)
        if period is None:
            notices.append(Message("notice.bad_compare", value=value))
        elif period not in kept:
            kept.append(period)
    return tuple(kept)


def custom_size(size: str | None) -> tuple[int, int] | None:
    """(width, height) of a custom 'WIDTHxHEIGHT' size; None for a preset or the default."""
    found = _CUSTOM_SIZE.match(size or "")
    return (int(found[1]), int(found[2])) if found else None


def _step(given, notices) -> int | None:
    if not given:
        return None
    if not given[-1].isdigit() or int(given[-1]) < 1:
        notices.append(Message("notice.bad_step", value=given[-1]))
        return None
    return int(given[-1])


def _field(given) -> str:
    return (given or [""])[-1].strip()[:_MAX_TEXT]


def _notes(given: list[str], ids, notices) -> tuple[Note, ...]:
    kept: dict[str, Note] = {}
    for value in given:
        event, _, text = value.partition(":")
        event = event.strip()
        if not event or (ids is not None and event not in ids):
            notices.append(Message("notice.unknown_note", id=event))
            continue
        kept[event] = Note(event, text.strip()[:_MAX_TEXT])
    return tuple(kept.values())


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
    # isoformat, not strftime: strftime writes year 1 as '1', which fromisoformat cannot read.
    if (value.hour, value.minute) == (0, 0):
        return value.date().isoformat()
    return value.isoformat(timespec="minutes")


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


def filters_from_controls(
    ticked_types: list[str] | None,
    all_types: list[str],
    ticked_actors: list[str] | None,
    all_actors: list[str],
    start: str | None,
    end: str | None,
    query: str | None,
    places: list[str] | None = None,
    chains_only: bool = False,
) -> Filters:
    """The filters that the controls show; all boxes ticked means 'no restriction'."""
    link = "?" + urlencode([(FROM, _text(start)), (TO, _text(end))])
    dates, _ = state_from_query(link, all_types, all_actors)
    return Filters(
        types=_ticked(ticked_types, all_types),
        actors=_ticked(ticked_actors, all_actors),
        start=dates.filters.start,
        end=dates.filters.end,
        query=_text(query).strip(),
        places=tuple(places) if places else None,
        chains_only=chains_only,
    )


def _text(value: str | None) -> str:
    """The value as text that can go into a URL: lone surrogates become U+FFFD."""
    return _SURROGATES.sub("\ufffd", value) if isinstance(value, str) else ""


def _ticked(ticked: list[str] | None, known: list[str]) -> tuple[str, ...] | None:
    ticked = ticked if isinstance(ticked, list | tuple) else []
    chosen = [k for k in known if k in ticked]
    return None if len(chosen) == len(known) else tuple(chosen)
