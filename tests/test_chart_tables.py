"""The numbers behind the small charts, as tables a screen reader can read."""

from datetime import date

import pandas as pd
import pytest

from timeline.aggregate import frequency, running_total
from timeline.chart_tables import ALL_ROWS_IN_PAGE, context_table, frequency_table, totals_table
from timeline.load import read_events

from .conftest import DATA, FIXTURE_LANES


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "bilingual_events.csv").events


def cells(parts: list) -> tuple[str, list[str], list[list[str]]]:
    """Caption, header row and body rows of a chart table, as text."""
    _, caption, region = parts[1].children
    grid = region.children
    assert getattr(region, "aria-label") == caption.children
    fields = [column["field"] for column in grid.columnDefs]
    headers = [column["headerName"] for column in grid.columnDefs]
    rows = [[row[field] for field in fields] for row in grid.rowData]
    return caption.children, headers, rows


def aligned_right(parts: list) -> list[str]:
    return [c["headerName"] for c in parts[1].children[2].children.columnDefs if c.get("type")]


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
    table = frequency_table(frequency(events, "month"), "month")
    assert aligned_right(table) == [*FIXTURE_LANES, "Total"]


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
    table = totals_table(totals, "balloon_launch", "balloons", "ko")
    assert aligned_right(table) == ["수량", "누적 합계"]


def test_context_table_marks_the_years_inside_the_date_filter():
    series = pd.DataFrame({"year": [2022, 2023, 2024], "arrivals": [67, 196, 236]})
    caption, headers, rows = cells(context_table(series, date(2023, 3, 1), None))
    assert caption == "North Korean defectors arriving in the South, per year"
    assert headers == ["Year", "Arrivals", "In the date filter"]
    assert rows == [["2022", "67", ""], ["2023", "196", "yes"], ["2024", "236", "yes"]]


def test_nothing_to_count_gives_only_a_summary():
    empty = frequency(read_events(DATA / "bilingual_events.csv").events.iloc[:0], "month")
    [only] = frequency_table(empty, "month")
    assert (only.id, only.children) == ("frequency-summary", "Events per month: nothing to show.")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Events per month: 12 events in all; the busiest month was June 2024, with 6 events.",
        ),
        ("ko", "월별 사건 수: 모두 12건이며, 가장 많았던 달은 2024년 6월(6건)입니다."),
    ],
)
def test_the_frequency_chart_is_named_by_a_summary(events, lang, expected):
    first = frequency_table(frequency(events, "month"), "month", lang)[0]
    assert (first.id, first.children) == ("frequency-summary", expected)


def test_running_total_and_context_summaries(events):
    totals = running_total(events, "balloon_launch", "balloons")
    assert totals_table(totals, "balloon_launch", "balloons")[0].children == (
        "Balloon launches: balloons, running total: 2,120 balloons by 24 July 2024, over 5 events."
    )
    series = pd.DataFrame({"year": [2022, 2023, 2024], "arrivals": [67, 196, 236]})
    assert context_table(series, None, None, "ko")[0].children == (
        "연도별 국내 입국 탈북민 수, 2022~2024년: 가장 많았던 해는 2024년(236명), "
        "가장 적었던 해는 2022년(67명)입니다."
    )


def test_running_total_chart_hover_uses_the_korean_titles(events):
    from timeline.figures import running_total_figure

    totals = running_total(events, "balloon_launch", "balloons")
    fig = running_total_figure(totals, "balloon_launch", "balloons", lang="ko")
    assert fig.data[0].hovertext[1] == (
        "<b>두 번째 오물풍선 살포</b><br>2024년 6월 1일: 풍선 720개<br>누적: 980"
    )


def test_a_long_table_is_one_grid_not_a_component_per_cell():
    """Hundreds of periods stay cheap for the page: every Dash component is re-checked on each
    update, so a component per cell froze the browser for seconds on a large file."""
    months = pd.date_range("2000-01-01", periods=300, freq="MS")
    counts = pd.DataFrame(
        {
            "start": list(months) * 2,
            "event_type": ["balloon_launch"] * 300 + ["missile_test"] * 300,
            "events": 1,
        }
    )
    parts = frequency_table(counts, "month")
    components = [node for part in parts for node in part._traverse()] + parts
    assert len(components) < 10
    assert len(cells(parts)[2]) == 300
    grid = parts[1].children[2].children
    assert grid.dashGridOptions["suppressRowVirtualisation"] is True


def test_a_table_longer_than_a_reader_can_take_draws_the_rows_in_view():
    months = pd.date_range("1950-01-01", periods=ALL_ROWS_IN_PAGE + 1, freq="MS")
    counts = pd.DataFrame({"start": months, "event_type": "balloon_launch", "events": 1})
    parts = frequency_table(counts, "month")
    grid = parts[1].children[2].children
    assert len(grid.rowData) == ALL_ROWS_IN_PAGE + 1
    assert grid.dashGridOptions["suppressRowVirtualisation"] is False
    assert grid.dashGridOptions["suppressColumnVirtualisation"] is True


def test_a_long_running_total_is_drawn_and_listed_per_day():
    from timeline.figures import running_total_figure

    from .test_aggregate import _long_total

    totals = _long_total(3000, 100)
    fig = running_total_figure(totals, "balloon_launch", "balloons")
    (line,) = fig.data
    assert line.mode == "lines" and len(line.x) == 100 and line.customdata is None
    assert line.hovertext[-1] == ("9 April 2024: +300 balloons (30 events)<br>total so far: 30,000")
    ko = running_total_figure(totals, "balloon_launch", "balloons", lang="ko")
    assert ko.data[0].hovertext[0] == "2024년 1월 1일: +풍선 300개 (30건)<br>누적: 300"
    weekly = running_total_figure(_long_total(5000, 2500), "balloon_launch", "balloons")
    assert weekly.data[0].hovertext[1].startswith("week of 8 January 2024: +")
    weeks = totals_table(_long_total(5000, 2500), "balloon_launch", "balloons")[1]
    assert weeks.children[2].children.rowData[1]["c0"] == "week of 8 January 2024"
    summary_line, table = totals_table(totals, "balloon_launch", "balloons")
    assert summary_line.children.endswith("30,000 balloons by 9 April 2024, over 3,000 events.")
    grid = table.children[2].children
    assert [c["headerName"] for c in grid.columnDefs] == ["Day", "Events", "Count", "Total so far"]
    assert len(grid.rowData) == 100
    assert grid.rowData[-1] == {
        "c0": "9 April 2024",
        "c1": "30",
        "c2": "300 balloons",
        "c3": "30,000",
    }
