"""The numbers behind the small charts, as tables a screen reader can read."""

from datetime import date

import pandas as pd
import pytest
from dash import html

from timeline.aggregate import frequency, running_total
from timeline.chart_tables import context_table, frequency_table, totals_table
from timeline.load import read_events

from .conftest import DATA, FIXTURE_LANES


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "bilingual_events.csv").events


def cells(details: html.Details) -> tuple[str, list[str], list[list[str]]]:
    """Caption, header row and body rows of a chart table, as text."""
    table = details.children[1].children
    caption, head, body = table.children
    headers = [th.children for th in head.children.children]
    rows = [[cell.children for cell in tr.children] for tr in body.children]
    return caption.children, headers, rows


def test_monthly_counts_have_a_row_per_month_and_a_column_per_type(events):
    caption, headers, rows = cells(frequency_table(frequency(events, "month"), "month"))
    assert caption == "Events per month"
    assert headers == ["Month", *FIXTURE_LANES, "Total"]
    assert rows == [
        ["May 2024", "1", "1", "0", "0", "0", "0", "2"],
        ["June 2024", "3", "1", "1", "1", "0", "0", "6"],
        ["July 2024", "1", "0", "1", "0", "0", "0", "2"],
        ["October 2024", "0", "0", "0", "0", "1", "1", "2"],
    ]
    assert sum(int(r[-1]) for r in rows) == len(events)


def test_weekly_counts_in_korean_name_the_first_day_of_each_week(events):
    caption, headers, rows = cells(frequency_table(frequency(events, "week"), "week", "ko"))
    assert caption == "주별 사건 수"
    assert headers[0] == "주 시작일" and headers[-1] == "합계"
    assert rows[0][0] == "2024년 5월 6일"


def test_running_total_table_lists_each_count_and_the_total_so_far(events):
    totals = running_total(events, "balloon_launch", "balloons")
    caption, headers, rows = cells(totals_table(totals, "balloon_launch", "balloons", "ko"))
    assert caption == "풍선 살포: 풍선(개) 누적 합계"
    assert headers == ["날짜", "제목", "수량", "누적 합계"]
    assert rows[1] == ["2024년 6월 1일", "두 번째 오물풍선 살포", "풍선 720개", "980"]
    assert rows[-1][-1] == "2,120"


def test_context_table_marks_the_years_inside_the_date_filter():
    series = pd.DataFrame({"year": [2022, 2023, 2024], "arrivals": [67, 196, 236]})
    caption, headers, rows = cells(context_table(series, date(2023, 3, 1), None))
    assert caption == "North Korean defectors arriving in the South, per year"
    assert headers == ["Year", "Arrivals", "In the date filter"]
    assert rows == [["2022", "67", ""], ["2023", "196", "yes"], ["2024", "236", "yes"]]


def test_nothing_to_count_gives_a_hidden_table():
    empty = frequency(read_events(DATA / "bilingual_events.csv").events.iloc[:0], "month")
    assert frequency_table(empty, "month").hidden is True


def test_running_total_chart_hover_uses_the_korean_titles(events):
    from timeline.figures import running_total_figure

    totals = running_total(events, "balloon_launch", "balloons")
    fig = running_total_figure(totals, "balloon_launch", "balloons", lang="ko")
    assert fig.data[0].hovertext[1] == (
        "<b>두 번째 오물풍선 살포</b><br>2024년 6월 1일: 풍선 720개<br>누적: 980"
    )
