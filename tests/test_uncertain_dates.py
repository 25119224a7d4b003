"""Dates known only to the month or the year, or marked approximate (~) or uncertain (?)."""

from datetime import date

import pandas as pd
import pytest

from timeline import schema as s
from timeline.figures import PERIODS_TRACE, SPANS_TRACE, hover_text, timeline_spec
from timeline.filters import Filters, apply_filters
from timeline.i18n import event_day
from timeline.load import date_fields, parse_events

ROW = "{id},{date},{end},weapons_test,north_korea,Test {id},,,,,,,https://example.org/{id},"


def load(*rows: tuple[str, str, str]):
    body = "\n".join(ROW.format(id=i, date=d, end=e) for i, d, e in rows)
    return parse_events(f"{','.join(s.COLUMNS)}\n{body}\n".encode(), "events.csv")


@pytest.mark.parametrize(
    "cell, first, last, precision",
    [
        ("1984", "1984-01-01", "1984-12-31", "year"),
        ("1984-09", "1984-09-01", "1984-09-30", "month"),
        ("2024-02", "2024-02-01", "2024-02-29", "month"),
        ("1984-09-03", "1984-09-03", "1984-09-03", "day"),
        ("1984~", "1984-01-01", "1984-12-31", "year"),
        ("1984-09?", "1984-09-01", "1984-09-30", "month"),
        ("1984-09-03~", "1984-09-03", "1984-09-03", "day"),
    ],
)
def test_edtf_dates_are_read_as_periods(cell, first, last, precision):
    result = load(("a", cell, ""))
    assert result.errors == []
    event = result.events.iloc[0]
    assert (f"{event[s.DATE]:%Y-%m-%d}", f"{event[s.PERIOD_END]:%Y-%m-%d}") == (first, last)
    assert (event[s.DATE_PRECISION], event[s.DATE_TEXT]) == (precision, cell)


@pytest.mark.parametrize("cell", ["1984-13", "1984-02-30", "84", "1984-9", "1984~?", "Sep 1984"])
def test_other_forms_are_still_rejected_with_the_usual_message(cell):
    result = load(("a", cell, ""))
    assert [str(p) for p in result.errors] == [
        f"events.csv, line 2, column 'date': '{cell}' is not a date. "
        "Use YYYY-MM-DD, e.g. 2024-06-09."
    ]


def test_an_end_month_runs_to_its_last_day_and_is_compared_by_period():
    result = load(
        ("a", "1984-09", "1984-11"), ("b", "1985-06-10", "1985"), ("c", "1985-06", "1984")
    )
    assert [str(p) for p in result.errors] == [
        "events.csv, line 4, column 'end_date': '1984' is before the date '1985-06'. "
        "The end_date must be on or after the date."
    ]
    assert list(result.events[s.ID]) == ["a", "b"]
    event = result.events.iloc[0]
    assert f"{event[s.END_DATE]:%Y-%m-%d}" == f"{event[s.PERIOD_END]:%Y-%m-%d}" == "1984-11-30"
    assert event[s.END_DATE_TEXT] == "1984-11"


def test_filters_count_an_event_whose_period_overlaps_the_range():
    events = load(("month", "1984-09", ""), ("year", "1985", ""), ("day", "1984-09-03", "")).events
    mid_september = Filters(start=date(1984, 9, 15), end=date(1984, 9, 20))
    assert list(apply_filters(events, mid_september)[s.ID]) == ["month"]
    summer_1985 = Filters(start=date(1985, 7, 1), end=date(1985, 7, 31))
    assert list(apply_filters(events, summer_1985)[s.ID]) == ["year"]
    before = Filters(end=date(1984, 8, 31))
    assert list(apply_filters(events, before)[s.ID]) == []


def test_a_month_only_event_is_drawn_as_a_dotted_span_with_a_hollow_marker():
    events = load(("month", "1984-09", ""), ("day", "1984-10-03", "")).events
    spec = timeline_spec(events)
    periods = [t for t in spec["data"] if t.get("meta") == PERIODS_TRACE]
    assert [t["x"] for t in periods] == [
        [pd.Timestamp("1984-09-01"), pd.Timestamp("1984-09-30"), None]
    ]
    assert periods[0]["line"]["dash"] == "dot"
    assert [t for t in spec["data"] if t.get("meta") == SPANS_TRACE] == []
    markers = next(t for t in spec["data"] if t.get("meta") == "events")
    assert markers["marker"]["symbol"] == ["triangle-down-open", "triangle-down"]


@pytest.mark.parametrize(
    "cell, english, korean",
    [
        ("1984-09", "September 1984 (month known)", "1984년 9월 (월까지 확인)"),
        ("1984~", "1984 (year known, approximate)", "1984년 (연도만 확인, 대략)"),
        ("1984-09-03?", "3 September 1984 (uncertain)", "1984년 9월 3일 (불확실)"),
        ("1984-09-03", "3 September 1984", "1984년 9월 3일"),
    ],
)
def test_the_detail_and_hover_say_how_precisely_the_date_is_known(cell, english, korean):
    events = load(("a", cell, "")).events
    event = events.iloc[0].to_dict()
    assert (event_day(event, "en"), event_day(event, "ko")) == (english, korean)
    hover_day = english if cell != "1984-09-03" else "1984-09-03"
    assert hover_text(events, "en")[0].split("<br>")[1] == hover_day


def test_missing_value_words_in_optional_columns_are_emptied_with_a_warning():
    header = ",".join(s.COLUMNS)
    rows = [
        "a,2024-06-09,,weapons_test,north_korea,T,N/A,-,,Unknown,unknown,?,https://example.org/a,",
        "b,2024-06-10,,weapons_test,north_korea,T,없음,,,미상,,,https://example.org/b,",
    ]
    result = parse_events(f"{header}\n{chr(10).join(rows)}\n".encode(), "e.csv")
    assert result.summary() == "2 rows: 2 valid, 0 rejected, 7 warnings"
    assert [str(p) for p in result.warnings][:3] == [
        "e.csv, line 2, column 'description': 'N/A' means the value is missing; the cell is read "
        "as empty.",
        "e.csv, line 2, column 'count': '-' means the value is missing; the cell is read as empty.",
        "e.csv, line 2, column 'location': 'Unknown' means the value is missing; the cell is read "
        "as empty.",
    ]
    assert result.events[s.LATITUDE].isna().all()
    assert list(result.events[s.DESCRIPTION]) == ["", ""]


def test_missing_value_words_do_not_empty_required_columns():
    result = load(("a", "Unknown", ""))
    assert [p.column for p in result.errors] == [s.DATE]
    assert result.warnings == []


@pytest.mark.parametrize(
    "text, fields",
    [
        ("1984-09-03", {"year": "1984", "month": "9", "day": "3"}),
        ("1984-09~", {"year": "1984", "month": "9"}),
        ("1984?", {"year": "1984"}),
        ("", {}),
    ],
)
def test_date_fields_name_only_what_is_known(text, fields):
    assert date_fields(text) == fields
