from datetime import date

import pandas as pd
import pytest

from timeline import schema as s
from timeline.charts import chart_figure
from timeline.compare import (
    Period,
    aligned_frequency,
    bin_days,
    change_text,
    comparison,
    comparison_sentences,
    parse_periods,
)
from timeline.load import read_events
from timeline.state import ViewState
from timeline.view_export import ExportOptions, view_text

from .conftest import DATA

MAY = Period(date(2024, 5, 1), date(2024, 5, 31))
JUNE = Period(date(2024, 6, 1), date(2024, 6, 30))
OCTOBER = Period(date(2024, 10, 1), date(2024, 10, 31))


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def rows(table: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in table.to_numpy().tolist()]


def test_counts_per_type_match_the_fixture_counted_by_hand(events):
    # May: leaflets-1, balloons-1. June: balloons-2, -3, -4, agreement-1, leaflets-2, speakers-1.
    # October: roads-1, missile-1. Changes are of each later period against May.
    table = comparison(events, (MAY, JUNE, OCTOBER), s.EVENT_TYPE)
    assert list(table.columns) == [
        "key",
        "n0",
        "n1",
        "n2",
        "change1",
        "percent1",
        "change2",
        "percent2",
    ]
    assert rows(table) == [
        ("balloon_launch", 1, 3, 0, 2, 200.0, -1, -100.0),
        ("demolition", 0, 0, 1, 0, None, 1, None),
        ("leaflet_launch", 1, 1, 0, 0, 0.0, -1, -100.0),
        ("loudspeaker", 0, 1, 0, 1, None, 0, None),
        ("military_agreement", 0, 1, 0, 1, None, 0, None),
        ("weapons_test", 0, 0, 1, 0, None, 1, None),
        ("", 2, 6, 2, 4, 200.0, 0, 0.0),
    ]


def test_counts_per_actor_match_the_fixture_counted_by_hand(events):
    table = comparison(events, (MAY, JUNE), s.ACTOR)
    assert rows(table) == [
        ("north_korea", 1, 3, 2, 200.0),
        ("south_korea", 0, 2, 2, None),
        ("activists", 1, 1, 0, 0.0),
        ("", 2, 6, 4, 200.0),
    ]


def test_frequency_is_aligned_by_days_from_each_start(events):
    counts = aligned_frequency(events, (MAY, JUNE))
    assert bin_days((MAY, JUNE)) == 1
    busy = counts[counts["events"] > 0]
    # 10 and 28 May; 1, 4, 6, 8 and 9 June (two events on the 9th).
    assert rows(busy) == [
        (0, 9, 1),
        (0, 27, 1),
        (1, 0, 1),
        (1, 3, 1),
        (1, 5, 1),
        (1, 7, 1),
        (1, 8, 2),
    ]
    assert len(counts) == 31 + 30


def test_summer_periods_are_binned_by_week_and_each_bin_is_inside_its_period(events):
    summer = (
        Period(date(2024, 6, 1), date(2024, 8, 31)),
        Period(date(2025, 6, 1), date(2025, 8, 31)),
    )
    assert bin_days(summer) == 7
    counts = aligned_frequency(events, summer)
    assert counts.groupby("period")["day"].max().tolist() == [91, 91]
    assert counts.groupby("period")["events"].sum().tolist() == [8, 0]


def test_an_event_known_only_to_its_month_counts_only_in_a_period_holding_that_month(tmp_path):
    path = tmp_path / "events.csv"
    header = "id,date,event_type,actor,title,sources"
    body = [
        "a,2024-06,balloon_launch,north_korea,Balloons (month known),https://example.org/a",
        "b,2024,balloon_launch,north_korea,Balloons (year known),https://example.org/b",
        "c,2024-06-10,balloon_launch,north_korea,Balloons,https://example.org/c",
    ]
    path.write_text("\n".join([header, *body]) + "\n")
    events = read_events(path).events
    half = Period(date(2024, 6, 1), date(2024, 6, 15))
    year = Period(date(2024, 1, 1), date(2024, 12, 31))
    table = comparison(events, (half, JUNE, year), s.EVENT_TYPE)
    assert rows(table.head(1))[0][:4] == ("balloon_launch", 1, 2, 3)


def test_the_comparison_is_stated_in_words(events):
    assert comparison_sentences(events, (MAY, JUNE)) == (
        "Events compared by period. 1 May 2024 – 31 May 2024: 2 events; "
        "1 June 2024 – 30 June 2024: 6 events. Change from the first period to the last: "
        "+4 (+200 %). Largest changes by type: Balloon launch from 1 to 3, "
        "Loudspeaker from 0 to 1 and Military agreement from 0 to 1."
    )
    assert comparison_sentences(events, (MAY,)) == "Choose two or more periods to compare."


@pytest.mark.parametrize(
    "change, percent, expected",
    [
        (4, 200.0, "+4 (+200 %)"),
        (-3, -25.0, "−3 (−25 %)"),
        (2, None, "+2 (none before)"),
        (0, 0.0, "0"),
    ],
)
def test_changes_carry_their_sign(change, percent, expected):
    assert change_text(change, percent) == expected


def test_typed_periods_are_read_with_what_was_ignored():
    periods, bad = parse_periods("2024-06-01/2024-08-31, 2025-06-01 / 2025-08-31; 2025-13-01/x")
    assert periods == (
        Period(date(2024, 6, 1), date(2024, 8, 31)),
        Period(date(2025, 6, 1), date(2025, 8, 31)),
    )
    assert bad == ["2025-13-01/x"]


def test_the_comparison_chart_overlays_one_line_per_period(events):
    state = ViewState(view="compare", chart="compare", compare=(MAY, JUNE))
    figure = chart_figure("compare", events, state)
    assert [trace.name for trace in figure.data] == [
        "1 May 2024 – 31 May 2024",
        "1 June 2024 – 30 June 2024",
    ]
    assert [int(sum(trace.y)) for trace in figure.data] == [2, 6]
    assert figure.layout.yaxis.tickformat == "d"
    empty = chart_figure("compare", events, ViewState(compare=(MAY,)))
    assert empty["layout"]["title"]["text"] == "Choose two or more periods to compare."


def test_the_exported_comparison_has_the_comparison_as_alt_text(events):
    state = ViewState(view="compare", chart="compare", compare=(MAY, JUNE))
    view = view_text(events, state.filters, ExportOptions.for_view(state, "svg"))
    assert view.alt == comparison_sentences(events, (MAY, JUNE))
    assert (
        view.text.title
        == "Events compared: 1 May 2024 – 31 May 2024 and 1 June 2024 – 30 June 2024"
    )
    assert view.text.subtitle == (
        "2 events → 6 events; change from the first period to the last: +4 (+200 %)"
    )
    chosen = ExportOptions.for_view(
        ViewState(chart="compare", compare=(MAY, JUNE), title="Mine"), "svg"
    )
    assert view_text(events, state.filters, chosen).text.title == "Mine"
