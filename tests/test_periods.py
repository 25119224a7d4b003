import pandas as pd
import pytest

from timeline.figures import PERIODS_BAND, timeline_figure
from timeline.load import read_events
from timeline.periods import DEFAULT_PERIODS, period_name, periods_in, read_periods

from .conftest import DATA

HEADER = "id,start,end,label,label_ko,sources\n"


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def test_the_shipped_periods_are_sourced_and_valid():
    periods, problems = read_periods(DEFAULT_PERIODS)
    assert problems == []
    assert list(periods["id"]) == [
        "2024-06-04-military-agreement-suspended",
        "2024-07-21-loudspeakers-along-the-front",
    ]
    assert periods["end"].isna().tolist() == [True, False]
    assert all(url.startswith("http") for cell in periods["sources"] for url in cell.split())


def test_every_bad_row_is_named_with_its_line_column_and_fix(tmp_path):
    path = tmp_path / "periods.csv"
    path.write_text(
        HEADER
        + "a,2024-13-01,,Bad start,,https://example.org/a\n"
        + "b,2024-06-01,2024-05-01,Backwards,,https://example.org/b\n"
        + "c,2024-06-01,,,,example.org\n"
        + "d,2024-06-01,,Good,좋음,https://example.org/d\n",
        encoding="utf-8",
    )
    periods, problems = read_periods(path)
    assert list(periods["id"]) == ["d"]
    assert [str(p) for p in problems] == [
        "periods.csv, line 2, column 'start': '2024-13-01' is not a date. Use YYYY-MM-DD, "
        "e.g. 2024-06-04.",
        "periods.csv, line 3, column 'end': '2024-05-01' is before the start. Give the last day "
        "of the period.",
        "periods.csv, line 4, column 'label': is empty. Name the period in a few words.",
        "periods.csv, line 4, column 'sources': 'example.org' needs http(s) links of the pages "
        "that say so.",
    ]
    assert period_name(periods.iloc[0], "ko") == "좋음"
    assert period_name(periods.iloc[0], "en") == "Good"


def test_an_open_period_runs_to_the_end_of_the_span_and_others_outside_are_left_out():
    periods, _ = read_periods(DEFAULT_PERIODS)
    found = periods_in(periods, pd.Timestamp("2025-07-01"), pd.Timestamp("2025-12-31"))
    assert list(found["id"]) == ["2024-06-04-military-agreement-suspended"]
    assert periods_in(periods, pd.Timestamp("2020-01-01"), pd.Timestamp("2020-12-31")).empty


def test_periods_are_bands_behind_the_lanes_labelled_above_them(events):
    periods, _ = read_periods(DEFAULT_PERIODS)
    fig = timeline_figure(events)
    assert not [s for s in fig.layout.shapes if s.name == PERIODS_BAND]
    from timeline.figures import timeline_spec

    spec = timeline_spec(events, periods=periods, lang="ko")
    bands = [s for s in spec["layout"]["shapes"] if s.get("name") == PERIODS_BAND]
    assert [(str(b["x0"])[:10], b["layer"], b["yref"]) for b in bands] == [
        ("2024-06-04", "below", "paper"),
        ("2024-07-21", "below", "paper"),
    ]
    labels = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == PERIODS_BAND]
    assert labels == ["▍9·19 군사합의 전면 효력 정지", "▍전방 전역에서 대북 확성기 방송"]
