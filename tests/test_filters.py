from datetime import date

import pytest

from timeline import schema as s
from timeline.filters import Filters, apply_filters, describe, type_counts
from timeline.load import read_events

from .conftest import DATA


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def ids(frame):
    return list(frame[s.ID])


def test_no_filters_keep_every_event(events):
    assert len(apply_filters(events, Filters())) == 12


def test_type_filter_keeps_only_those_types(events):
    shown = apply_filters(events, Filters(types=("loudspeaker",)))
    assert ids(shown) == ["speakers-1", "speakers-2"]


def test_empty_type_tuple_means_none(events):
    assert apply_filters(events, Filters(types=())).empty


def test_actor_filter(events):
    shown = apply_filters(events, Filters(actors=("activists",)))
    assert ids(shown) == ["leaflets-1", "leaflets-2"]


def test_date_range_is_inclusive(events):
    shown = apply_filters(events, Filters(start=date(2024, 6, 1), end=date(2024, 6, 9)))
    assert ids(shown) == [
        "balloons-2",
        "agreement-1",
        "leaflets-2",
        "balloons-3",
        "speakers-1",
        "balloons-4",
    ]


def test_lasting_event_counts_while_it_lasts(events):
    shown = apply_filters(events, Filters(start=date(2024, 7, 30), end=date(2024, 8, 30)))
    assert ids(shown) == ["speakers-2"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("BROADCASTS", ["speakers-1", "speakers-2"]),
        ("usb", ["leaflets-2"]),
        ("  presidential ", ["balloons-5"]),
        ("no such words", []),
    ],
)
def test_search_is_case_insensitive_over_title_and_description(events, query, expected):
    assert ids(apply_filters(events, Filters(query=query))) == expected


def test_search_matches_korean_text(events):
    korean = events.copy()
    korean[s.TITLE_KO] = ""
    korean.loc[korean[s.ID] == "balloons-1", s.TITLE_KO] = "첫 오물풍선 살포"
    assert ids(apply_filters(korean, Filters(query="오물풍선"))) == ["balloons-1"]


def test_type_counts_follow_the_other_filters_but_not_the_type_filter(events):
    f = Filters(types=("loudspeaker",), start=date(2024, 6, 1), end=date(2024, 6, 30))
    assert type_counts(events, f) == {
        "balloon_launch": 3,
        "military_agreement": 1,
        "leaflet_launch": 1,
        "loudspeaker": 1,
    }


@pytest.mark.parametrize(
    "f, caption",
    [
        (Filters(), "All events, 2024-05-10 to 2024-10-31 — 12 events"),
        (
            Filters(
                types=("balloon_launch", "loudspeaker"),
                start=date(2024, 5, 28),
                end=date(2024, 12, 31),
            ),
            "Balloon launches and loudspeaker broadcasts, 2024-05-28 to 2024-12-31 — 7 events",
        ),
        (Filters(types=("weapons_test",)), "Weapons tests, 2024-10-31 — 1 event"),
        (
            Filters(actors=("activists",), query="usb"),
            'All events by Activists matching "usb", 2024-06-06 — 1 event',
        ),
        (Filters(query="nothing at all"), 'All events matching "nothing at all" — 0 events'),
    ],
)
def test_caption_describes_the_view(events, f, caption):
    assert describe(f, apply_filters(events, f)) == caption


def test_place_filter_keeps_named_places(events):
    shown = apply_filters(events, Filters(places=("Paju", "Yongsan")))
    assert ids(shown) == ["balloons-1", "balloons-5"]


def test_chains_only_keeps_linked_events(events):
    shown = apply_filters(events, Filters(chains_only=True))
    assert ids(shown) == [
        "leaflets-1",
        "balloons-1",
        "balloons-2",
        "agreement-1",
        "leaflets-2",
        "balloons-3",
        "speakers-1",
    ]
    assert describe(Filters(chains_only=True), shown) == (
        "All events in escalation chains, 2024-05-10 to 2024-06-09 — 7 events"
    )
