from datetime import date

import pandas as pd
import pytest

from timeline.context import (
    CONTEXT_SOURCE,
    CONTEXT_TITLE,
    IN_RANGE,
    OUT_OF_RANGE,
    context_figure,
    years_in_range,
)
from timeline.load import read_context_series

from .conftest import ROOT


@pytest.fixture(scope="module")
def series():
    table, problems = read_context_series(ROOT / "data" / "defector_arrivals.csv")
    assert problems == []
    return table


def kept_years(fig):
    bars = fig.data[0]
    return [int(x) for x, c in zip(bars.x, bars.marker.color, strict=True) if c == IN_RANGE]


def test_every_year_is_a_bar_with_its_arrivals(series):
    bars = context_figure(series, None, None).data[0]
    assert list(bars.x) == list(range(2012, 2026))
    assert list(bars.y)[-6:] == [229, 63, 67, 196, 236, 224]
    assert list(bars.text)[:2] == ["1,502", "1,514"]
    assert set(bars.marker.color) == {IN_RANGE}


@pytest.mark.parametrize(
    "start, end, years",
    [
        (date(2019, 6, 1), date(2024, 5, 1), [2019, 2020, 2021, 2022, 2023, 2024]),
        (date(2024, 5, 28), None, [2024, 2025]),
        (None, date(2013, 12, 31), [2012, 2013]),
        (date(2020, 1, 1), date(2020, 12, 31), [2020]),
        (date(2030, 1, 1), None, []),
    ],
)
def test_years_outside_the_date_filter_are_greyed_out(series, start, end, years):
    fig = context_figure(series, start, end)
    assert kept_years(fig) == years
    colours = dict(zip(fig.data[0].x, fig.data[0].marker.color, strict=True))
    assert all(colours[y] == OUT_OF_RANGE for y in colours if y not in years)
    assert len(fig.data[0].x) == 14


def test_years_in_range_accepts_timestamps():
    years = pd.Series([2022, 2023, 2024])
    kept = years_in_range(years, pd.Timestamp("2023-03-01"), pd.Timestamp("2024-01-01"))
    assert kept.tolist() == [False, True, True]


def test_title_source_and_size(series):
    fig = context_figure(series, None, None)
    assert fig.layout.title.text == CONTEXT_TITLE
    assert CONTEXT_TITLE == "North Korean defectors arriving in the South, per year"
    assert [a.text for a in fig.layout.annotations] == [CONTEXT_SOURCE]
    assert CONTEXT_SOURCE == "Source: Ministry of Unification"
    assert fig.layout.height == 220
    assert fig.data[0].hovertemplate == "%{x}: %{y:,} arrivals<extra></extra>"


def test_empty_series_says_no_data():
    empty = pd.DataFrame(columns=["year", "arrivals", "source"])
    fig = context_figure(empty, None, None)
    assert [a.text for a in fig.layout.annotations] == [CONTEXT_SOURCE, "No data"]
    assert len(fig.data[0].x) == 0
