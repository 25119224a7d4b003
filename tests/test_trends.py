import re
from datetime import date

import pandas as pd
import pytest

from timeline import schema as s
from timeline.cli import main
from timeline.trends import (
    band,
    last_full_month,
    monthly_counts,
    trend_month,
    trends,
    trends_report,
)

# Each type's events per month over the 12 months before December 2025, then in December.
SERIES = {
    "balloon_launch": (10, 20),  # +100 %: up more than 25 %
    "loudspeaker": (10, 12),  # +20 %: up 10–25 %
    "leaflet_launch": (10, 10),  # steady
    "demolition": (10, 8),  # −20 %: down 10–25 %
    "weapons_test": (10, 4),  # −60 %: down more than 25 %
    "drone_incident": (0, 12),  # none before: new
}


def synthetic(series=SERIES) -> pd.DataFrame:
    """Events on the 10th of each month of 2024-12..2025-11 (`before` each), then `last` in
    December 2025; one row more dated 2025-12-31 closes December."""
    rows = []
    months = pd.period_range("2024-12", "2025-11", freq="M")
    for key, (before, last) in series.items():
        for month in months:
            rows += [(key, month.start_time + pd.Timedelta(days=9), s.DAY)] * before
        rows += [(key, pd.Timestamp("2025-12-10"), s.DAY)] * last
    rows.append(("policy_statement", pd.Timestamp("2025-12-31"), s.DAY))
    frame = pd.DataFrame(rows, columns=[s.EVENT_TYPE, s.DATE, s.DATE_PRECISION])
    return frame.assign(**{s.ACTOR: "north_korea", s.PERIOD_END: frame[s.DATE]})


@pytest.mark.parametrize(
    "percent, expected",
    [
        (100.0, "up_strong"),
        (25.1, "up_strong"),
        (25.0, "up"),
        (10.0, "up"),
        (9.9, "steady"),
        (0.0, "steady"),
        (-9.9, "steady"),
        (-10.0, "down"),
        (-25.0, "down"),
        (-25.1, "down_strong"),
        (None, "new"),
    ],
)
def test_bands_split_at_ten_and_twenty_five_per_cent(percent, expected):
    assert band(percent) == expected


def test_too_few_events_have_no_band():
    assert band(300.0, enough=False) == "few"


def test_each_type_falls_in_the_band_of_its_known_change():
    table = trends(synthetic(), s.EVENT_TYPE).set_index("key")
    assert table.loc["balloon_launch", ["count", "avg3", "avg12", "percent3"]].tolist() == [
        20,
        10.0,
        10.0,
        100.0,
    ]
    assert table["band3"].to_dict() == {
        "drone_incident": "new",
        "balloon_launch": "up_strong",
        "loudspeaker": "up",
        "leaflet_launch": "steady",
        "demolition": "down",
        "weapons_test": "down_strong",
        "policy_statement": "few",
        "": "up_strong",  # 50 events a month, then 67
    }
    # Ranked by band, the total last.
    assert list(table.index) == list(table["band3"].to_dict())


def test_the_last_full_month_is_the_latest_month_only_when_the_data_reaches_its_end():
    events = synthetic()
    assert last_full_month(events) == pd.Period("2025-12", "M")
    assert last_full_month(events[events[s.DATE] < "2025-12-31"]) == pd.Period("2025-11", "M")


@pytest.mark.parametrize(
    "end, month",
    [(None, "2025-12"), (date(2024, 10, 31), "2024-10"), (date(2024, 10, 30), "2024-09")],
)
def test_the_view_looks_at_the_last_full_month_before_the_date_filter_ends(end, month):
    assert trend_month(synthetic(), end) == pd.Period(month, "M")


def test_the_twelve_month_baseline_sees_a_change_the_three_month_one_does_not():
    series = {"balloon_launch": (10, 10)}
    events = synthetic(series)
    # Nine quiet months, then three of 10: the 3-month average is 10, the 12-month one 2.5.
    quiet = events[s.DATE] < "2025-09-01"
    events = pd.concat([events[~quiet], events[quiet].head(0)])
    row = trends(events, s.EVENT_TYPE, pd.Period("2025-12", "M")).iloc[0]
    assert (row["band3"], row["avg12"], row["percent12"], row["band12"]) == (
        "steady",
        2.5,
        300.0,
        "up_strong",
    )


def test_a_date_known_only_to_its_year_is_not_counted_in_any_month():
    events = pd.DataFrame(
        {
            s.EVENT_TYPE: ["balloon_launch"] * 3,
            s.ACTOR: ["north_korea"] * 3,
            s.DATE: pd.to_datetime(["2025-01-01", "2025-01-01", "2025-03-15"]),
            s.DATE_PRECISION: [s.YEAR, s.MONTH, s.DAY],
        }
    )
    counts = monthly_counts(events, s.EVENT_TYPE)
    assert counts.loc["balloon_launch"].to_dict() == {
        pd.Period("2025-01", "M"): 1,
        pd.Period("2025-03", "M"): 1,
    }


def test_the_report_names_the_month_and_what_is_too_few():
    report = trends_report(synthetic())
    assert report.startswith(
        "December 2025 against the average of the 3 and the 12 months before. "
        "Shown where the month and the 3 months before hold at least 10 events.\n"
    )
    row = next(line for line in report.splitlines() if "Balloon launch" in line)
    assert re.split(r"\s{2,}", row.strip()) == [
        "Balloon launch",
        "20",
        "10",
        "+100 % (up > 25 %)",
        "10",
        "+100 % (up > 25 %)",
    ]
    assert "Too few events to compare: Policy or statement." in report


def test_the_command_line_prints_the_trends(capsys, tmp_path):
    assert main(["trends", "--data", "tests/data/sample_events.csv", "--month", "2024-06"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("June 2024 against the average")
    assert "Too few events to compare: " in out
    assert main(["trends", "--month", "June"]) == 2
    assert "--month 'June' is not a month. Use YYYY-MM" in capsys.readouterr().err
