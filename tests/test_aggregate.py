import pandas as pd
import pytest

from timeline import schema as s
from timeline.aggregate import MONTH, WEEK, counted_series, frequency, period_for, running_total
from timeline.load import read_events

from .conftest import DATA


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def test_weeks_for_a_short_span_months_for_a_long_one(events):
    assert period_for(events) == WEEK
    long = events.copy()
    long.loc[0, s.DATE] = pd.Timestamp("2017-01-01")
    assert period_for(long) == MONTH


def test_weekly_counts_by_type_add_up_to_the_events(events):
    table = frequency(events, WEEK)
    assert table["events"].sum() == len(events)
    week = table[table["start"] == pd.Timestamp("2024-06-03")]
    assert dict(zip(week[s.EVENT_TYPE], week["events"], strict=True)) == {
        "balloon_launch": 2,
        "leaflet_launch": 1,
        "loudspeaker": 1,
        "military_agreement": 1,
    }


def test_monthly_counts(events):
    table = frequency(events, MONTH)
    june = table[table["start"] == pd.Timestamp("2024-06-01")]
    assert june["events"].sum() == 6


def test_counted_series_largest_first(events):
    assert counted_series(events) == [
        ("balloon_launch", "balloons", 5),
        ("leaflet_launch", "balloons", 2),
        ("weapons_test", "missiles", 1),
    ]


def test_running_total_adds_each_round(events):
    totals = running_total(events, "balloon_launch", "balloons")
    assert list(totals["total"]) == [260, 980, 1310, 1620, 2120]
    assert list(totals[s.ID])[-1] == "balloons-5"
