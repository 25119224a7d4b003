import pandas as pd
import pytest

from timeline import schema as s
from timeline.aggregate import (
    MONTH,
    WEEK,
    counted_series,
    frequency,
    period_for,
    running_total,
    totals_by_period,
)
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


def test_two_events_months_apart_draw_bars_a_week_wide_with_whole_ticks(events):
    from timeline.charts import frequency_chart

    two = events[events[s.ID].isin(["leaflets-1", "balloons-5"])]
    assert period_for(two) == WEEK
    figure = frequency_chart(frequency(two, WEEK), WEEK, "en", "light")
    week = 7 * 86_400_000
    assert [list(trace.width) for trace in figure.data] == [[0.9 * week], [0.9 * week]]
    assert [list(trace.offset) for trace in figure.data] == [[0.05 * week], [0.05 * week]]
    assert (figure.layout.yaxis.tickformat, figure.layout.yaxis.dtick) == ("d", 1)


def test_a_month_bar_spans_its_own_month(events):
    from timeline.charts import frequency_chart

    figure = frequency_chart(frequency(events, MONTH), MONTH, "en", "light")
    balloons = next(trace for trace in figure.data if trace.name == "Balloon launch")
    days = [round(w / 0.9 / 86_400_000) for w in balloons.width]
    assert days == [31, 30, 31]  # May, June, July 2024


def test_no_events_draw_a_sentence_and_no_axis(events):
    from timeline.charts import frequency_chart

    figure = frequency_chart(frequency(events.head(0), WEEK), WEEK, "en", "light")
    assert figure["data"] == []
    assert figure["layout"]["xaxis"] == {"visible": False}
    assert figure["layout"]["title"]["text"] == "No events to count: the filters leave none."


def _long_total(n: int, days: int) -> pd.DataFrame:
    """n counted balloon launches spread over `days` days, 10 balloons each."""
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        [i * days // n for i in range(n)], unit="D"
    )
    events = pd.DataFrame(
        {
            s.ID: [f"e{i}" for i in range(n)],
            s.DATE: dates,
            s.EVENT_TYPE: "balloon_launch",
            s.TITLE: "Balloons",
            s.COUNT: 10.0,
            s.COUNT_UNIT: "balloons",
        }
    )
    return running_total(events, "balloon_launch", "balloons")


def test_a_short_running_total_keeps_every_event():
    totals = _long_total(2000, 100)
    steps, period = totals_by_period(totals)
    assert period == "event" and steps is totals


def test_a_long_running_total_is_summed_per_day_then_per_week():
    steps, period = totals_by_period(_long_total(3000, 100))
    assert period == "day" and len(steps) == 100
    assert steps["events"].sum() == 3000 and steps[s.COUNT].sum() == 30000
    assert steps["total"].iloc[-1] == 30000 and steps["total"].is_monotonic_increasing
    assert steps[s.DATE].iloc[1] == pd.Timestamp("2024-01-02")
    steps, period = totals_by_period(_long_total(5000, 2500))
    assert period == "week" and steps["events"].sum() == 5000
    assert steps[s.DATE].dt.day_of_week.iloc[1:].eq(0).all()  # weeks start on Monday
    assert steps["total"].iloc[-1] == 50000
