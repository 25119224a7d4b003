from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.compare import Period
from timeline.density import Window
from timeline.filters import Filters
from timeline.i18n import in_language
from timeline.state import (
    CHARTS,
    VIEWS,
    Note,
    ViewState,
    filters_from_controls,
    in_link_order,
    query_from_state,
    state_from_query,
)

TYPES = ["balloon_launch", "leaflet_launch", "loudspeaker"]
ACTORS = ["north_korea", "south_korea", "activists"]


def read(query, ids=None):
    return state_from_query(query, TYPES, ACTORS, ids)


def test_default_view_writes_no_query():
    assert query_from_state(ViewState()) == ""


def test_query_uses_readable_names():
    state = ViewState(
        Filters(
            types=("balloon_launch", "loudspeaker"),
            actors=("north_korea",),
            start=date(2024, 5, 28),
            end=date(2024, 12, 31),
            query="leaflet",
        ),
        event="2024-05-28-balloons-round-1",
    )
    assert query_from_state(state) == (
        "?type=balloon_launch&type=loudspeaker&actor=north_korea&from=2024-05-28"
        "&to=2024-12-31&q=leaflet&event=2024-05-28-balloons-round-1"
    )


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(Filters(types=())),
        ViewState(Filters(types=("loudspeaker",), query="오물 풍선 & more")),
        ViewState(Filters(actors=("activists", "south_korea"), start=date(2017, 11, 13))),
        ViewState(Filters(end=date(2025, 8, 4)), event="x"),
    ],
)
def test_round_trip(state):
    back, notices = read(query_from_state(state), ids={"x"})
    assert notices == []
    if state.filters.actors:
        # Links are written in vocabulary order so equal views share one link.
        state = ViewState(Filters(actors=("south_korea", "activists"), start=date(2017, 11, 13)))
    assert back == state


@pytest.mark.parametrize(
    "query, notice",
    [
        ("?colour=red", "Ignored the unknown link parameter 'colour'."),
        ("?type=rockets", "Ignored the unknown event type 'rockets' in the link."),
        ("?actor=mars", "Ignored the unknown actor 'mars' in the link."),
        ("?from=2024-13-01", "Ignored 'from=2024-13-01': not a date in YYYY-MM-DD."),
        (
            "?from=2024-06-01&to=2024-05-01",
            "Ignored the date range: 'to' (2024-05-01) is before 'from' (2024-06-01).",
        ),
        ("?event=ghost", "Ignored the link's event 'ghost': no event has that id."),
    ],
)
def test_malformed_links_are_ignored_with_a_notice(query, notice):
    state, notices = read(query, ids=set())
    assert notices == [notice]
    assert state == ViewState()


def test_renamed_parameters_still_work():
    state, notices = read("?types=loudspeaker&start=2024-06-09&search=speaker")
    assert notices == []
    assert state.filters == Filters(types=("loudspeaker",), start=date(2024, 6, 9), query="speaker")


@pytest.mark.parametrize("junk", ["", "?", "&&&", "?type", "%%%", "?q=" + "x" * 10000])
def test_junk_never_raises(junk):
    state, _ = read(junk)
    assert isinstance(state, ViewState)


def test_all_boxes_ticked_means_no_restriction():
    filters = filters_from_controls(TYPES, TYPES, ["activists"], ACTORS, "2024-06-01", "", " q ")
    assert filters == Filters(actors=("activists",), start=date(2024, 6, 1), query="q")


def test_view_place_and_chains_round_trip():
    state = ViewState(Filters(places=("Paju",), chains_only=True), view="table")
    query = query_from_state(state)
    assert query == "?place=Paju&chains=1&view=table"
    back, notices = state_from_query(query, TYPES, ACTORS, set(), ["Paju", "Yongsan"])
    assert (back, notices) == (state, [])


def test_zoom_window_round_trips_through_readable_parameters():
    from datetime import datetime

    from timeline.density import Window

    state = ViewState(
        Filters(types=("loudspeaker",)),
        zoom=Window(datetime(2024, 5, 28), datetime(2024, 6, 30, 12, 30)),
    )
    query = query_from_state(state)
    assert query == "?type=loudspeaker&zoom_from=2024-05-28&zoom_to=2024-06-30T12%3A30"
    assert read(query) == (state, [])


@pytest.mark.parametrize(
    "query, notice",
    [
        (
            "?view=globe",
            "Ignored the unknown view 'globe'. Views: frequency, totals, table, map, context, compare, changes.",
        ),
        ("?chains=yes", "Ignored 'chains=yes': use chains=1."),
        ("?place=Atlantis", "Ignored the unknown place 'Atlantis' in the link."),
        (
            "?zoom_from=2024-05-01",
            "Ignored the link's zoom: give zoom_from and zoom_to as YYYY-MM-DD.",
        ),
        (
            "?zoom_from=2024-06-01&zoom_to=2024-05-01",
            "Ignored the link's zoom: zoom_to must be after zoom_from.",
        ),
    ],
)
def test_malformed_view_parameters_are_ignored(query, notice):
    state, notices = state_from_query(query, TYPES, ACTORS, set(), ["Paju"])
    assert (state, notices) == (ViewState(), [notice])


@pytest.mark.parametrize(
    ("state", "query"),
    [
        (ViewState(lang="ko"), "?lang=ko"),
        (ViewState(lang="en", theme="light"), "?lang=en&theme=light"),
        (ViewState(theme="contrast"), "?theme=contrast"),
        (ViewState(event="a", lang="ko", theme="dark"), "?event=a&lang=ko&theme=dark"),
    ],
)
def test_language_and_theme_round_trip_through_the_link(state, query):
    assert query_from_state(state) == query
    assert read(query) == (state, [])


def test_no_language_or_theme_in_the_link_leaves_the_choice_to_the_browser():
    state, notices = read("")
    assert (state.lang, state.theme, notices) == (None, None, [])


def test_unknown_language_and_theme_are_ignored_with_a_notice():
    state, notices = read("?lang=fr&theme=sepia")
    assert (state.lang, state.theme) == (None, None)
    assert notices == [
        "Ignored 'lang=fr': use one of en, ko.",
        "Ignored 'theme=sepia': use one of light, dark, contrast.",
    ]


def test_notices_about_the_link_are_shown_in_the_interface_language():
    _, notices = read("?lang=ko&view=gantt&zoom_from=2024-06-01")
    assert notices == [
        "Ignored the unknown view 'gantt'. Views: frequency, totals, table, map, context, compare, changes.",
        "Ignored the link's zoom: give zoom_from and zoom_to as YYYY-MM-DD.",
    ]
    assert [in_language(n, "ko") for n in notices] == [
        "알 수 없는 보기 'gantt'을(를) 무시했습니다. 보기: frequency, totals, table, map, context, compare, changes.",
        "링크의 확대 범위를 무시했습니다. zoom_from과 zoom_to를 YYYY-MM-DD 형식으로 쓰세요.",
    ]


def test_link_order_follows_the_order_links_are_written_in():
    assert in_link_order("?lang=ko&event=a&type=balloon_launch&q=x") == [
        ("type", "balloon_launch"),
        ("q", "x"),
        ("event", "a"),
        ("lang", "ko"),
    ]


# The whole view in one value: every field survives the link.

_WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).map(
    str.strip
)
_DAY = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))
_MINUTE = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2030, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
_IDS = ["a", "b-2", "2024-05-28-balloons-round-1"]
_PLACES = ["Paju", "Yongsan"]


@st.composite
def views(draw) -> ViewState:
    types = draw(st.one_of(st.none(), st.lists(st.sampled_from(TYPES), unique=True)))
    start, end = sorted(draw(st.lists(_DAY, min_size=2, max_size=2)))
    zoom_start = draw(_MINUTE)
    zoom_days = draw(st.integers(min_value=1, max_value=4000))
    filters = Filters(
        types=tuple(t for t in TYPES if t in types) if types is not None else None,
        actors=draw(st.one_of(st.none(), st.just(("south_korea",)), st.just(()))),
        start=draw(st.one_of(st.none(), st.just(start))),
        end=draw(st.one_of(st.none(), st.just(end))),
        query=draw(_WORDS),
        places=draw(st.one_of(st.none(), st.just(("Paju",)))),
        chains_only=draw(st.booleans()),
    )
    notes = draw(st.lists(st.sampled_from(_IDS), unique=True, max_size=3))
    return ViewState(
        filters,
        event=draw(st.one_of(st.none(), st.sampled_from(_IDS))),
        zoom=draw(
            st.one_of(
                st.none(),
                st.just(Window(zoom_start, zoom_start + timedelta(days=zoom_days))),
            )
        ),
        view=draw(st.sampled_from(VIEWS)),
        lang=draw(st.sampled_from([None, "en", "ko"])),
        theme=draw(st.sampled_from([None, "light", "dark", "contrast"])),
        chart=draw(st.sampled_from(CHARTS)),
        series=draw(st.one_of(st.none(), st.just("balloon_launch|balloons"))),
        dataset=draw(st.one_of(st.none(), st.just("0123456789abcdef0123456789abcdef"))),
        title=draw(_WORDS),
        subtitle=draw(_WORDS),
        credit=draw(_WORDS),
        size=draw(st.sampled_from([None, "square", "slide", "column", "800x600"])),
        notes=tuple(Note(n, draw(_WORDS)) for n in notes),
        step=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=99))),
        compare=tuple(
            Period(*sorted(pair))
            for pair in draw(
                st.lists(
                    st.lists(_DAY, min_size=2, max_size=2),
                    max_size=3,
                    unique_by=lambda pair: tuple(sorted(pair)),
                )
            )
        ),
        show_periods=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None)
@given(views())
def test_every_view_survives_its_link(view):
    back, notices = state_from_query(query_from_state(view), TYPES, ACTORS, set(_IDS), _PLACES)
    assert notices == []
    assert back == view


@settings(max_examples=100, deadline=None)
@given(views())
def test_a_whole_address_reads_as_its_query_string(view):
    query = query_from_state(view)
    for link in (f"https://example.org/embed{query}#top", f"/present/view{query}", query):
        back, _ = state_from_query(link, TYPES, ACTORS, set(_IDS), _PLACES)
        assert back == view


def test_publication_fields_notes_and_dataset_have_readable_names():
    view = ViewState(
        title="Balloons, 2024",
        credit="Chart: Jane Doe",
        size="square",
        chart="totals",
        dataset="0123456789abcdef0123456789abcdef",
        notes=(Note("b-2", "Soldier defects"), Note("a")),
    )
    assert query_from_state(view) == (
        "?chart=totals&dataset=0123456789abcdef0123456789abcdef&title=Balloons%2C+2024"
        "&credit=Chart%3A+Jane+Doe&size=square&note=b-2%3ASoldier+defects&note=a"
    )


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("?dataset=../../etc/passwd", "Ignored 'dataset=../../etc/passwd': not a dataset token"),
        ("?size=huge", "Ignored 'size=huge': use one of article, square, slide, column"),
        ("?note=nope:Hello", "Ignored the note on 'nope': no event has that id."),
        ("?step=0", "Ignored 'step=0': use a step number from 1."),
        (
            "?chart=pie",
            "Ignored 'chart=pie': use one of timeline, frequency, totals, map, context, compare.",
        ),
    ],
)
def test_bad_new_parameters_are_ignored_with_a_notice(query, notice):
    state, notices = state_from_query(query, TYPES, ACTORS, set(_IDS))
    assert state == ViewState()
    assert len(notices) == 1 and str(in_language(notices[0], "en")).startswith(notice)


def test_compare_periods_are_written_readably_and_read_back_in_order():
    periods = (
        Period(date(2024, 6, 1), date(2024, 8, 31)),
        Period(date(2025, 6, 1), date(2025, 8, 31)),
    )
    query = query_from_state(ViewState(view="compare", compare=periods))
    assert query == "?view=compare&compare=2024-06-01/2024-08-31&compare=2025-06-01/2025-08-31"
    assert read(query) == (ViewState(view="compare", compare=periods), [])


@pytest.mark.parametrize(
    "value", ["2024-06-01", "2024-08-31/2024-06-01", "2024-02-30/2024-03-01", "june/july"]
)
def test_a_malformed_compare_period_is_ignored_with_a_notice(value):
    state, notices = read(f"?compare={value}&compare=2025-06-01/2025-08-31")
    assert state.compare == (Period(date(2025, 6, 1), date(2025, 8, 31)),)
    assert notices == [
        f"Ignored 'compare={value}': write a period as YYYY-MM-DD/YYYY-MM-DD, "
        "the first day not after the last."
    ]
