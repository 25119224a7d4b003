from datetime import date

import pandas as pd
import pytest

from timeline.context import (
    BAR_COLOURS,
    CONTEXT_SOURCE,
    CONTEXT_TITLE,
    IN_RANGE,
    OUT_OF_RANGE,
    context_figure,
    years_in_range,
)
from timeline.load import read_context_series
from timeline.themes import THEMES, contrast_ratio, palette

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
    assert list(bars.x) == list(range(1998, 2026))
    assert list(bars.y)[-6:] == [229, 63, 67, 196, 236, 224]
    assert list(bars.text)[:2] == ["71", "148"]
    assert list(bars.text)[14:16] == ["1,502", "1,514"]
    assert set(bars.marker.color) == {IN_RANGE}


@pytest.mark.parametrize(
    "start, end, years",
    [
        (date(2019, 6, 1), date(2024, 5, 1), [2019, 2020, 2021, 2022, 2023, 2024]),
        (date(2024, 5, 28), None, [2024, 2025]),
        (None, date(1999, 12, 31), [1998, 1999]),
        (date(2020, 1, 1), date(2020, 12, 31), [2020]),
        (date(2030, 1, 1), None, []),
    ],
)
def test_years_outside_the_date_filter_are_greyed_out(series, start, end, years):
    fig = context_figure(series, start, end)
    assert kept_years(fig) == years
    colours = dict(zip(fig.data[0].x, fig.data[0].marker.color, strict=True))
    assert all(colours[y] == OUT_OF_RANGE for y in colours if y not in years)
    assert len(fig.data[0].x) == 28


def test_years_in_range_accepts_timestamps():
    years = pd.Series([2022, 2023, 2024])
    kept = years_in_range(years, pd.Timestamp("2023-03-01"), pd.Timestamp("2024-01-01"))
    assert kept.tolist() == [False, True, True]


def test_title_source_and_size(series):
    fig = context_figure(series, None, None)
    assert fig.layout.title.text == CONTEXT_TITLE
    assert CONTEXT_TITLE == "North Korean defectors arriving in the South, per year"
    assert [a.text for a in fig.layout.annotations] == [CONTEXT_SOURCE, "Total since 1998: 33,645"]
    assert CONTEXT_SOURCE == "Source: Ministry of Unification"
    assert fig.layout.height == 220
    assert fig.data[0].hovertemplate == "%{x}: %{y:,} arrivals<extra></extra>"


def test_empty_series_says_no_data():
    empty = pd.DataFrame(columns=["year", "arrivals", "source"])
    fig = context_figure(empty, None, None)
    assert [a.text for a in fig.layout.annotations] == [CONTEXT_SOURCE, "No data"]
    assert len(fig.data[0].x) == 0


def test_title_source_and_hover_in_korean(series):
    fig = context_figure(series, None, None, lang="ko")
    assert fig.layout.title.text == "연도별 국내 입국 탈북민 수"
    assert [a.text for a in fig.layout.annotations] == ["출처: 통일부", "1998년 이후 누적 33,645명"]
    assert fig.data[0].hovertemplate == "%{x}년: 입국 %{y:,}명<extra></extra>"
    assert list(fig.data[0].text)[14:16] == ["1,502", "1,514"]
    assert list(fig.data[0].x) == list(range(1998, 2026))


def test_empty_series_says_no_data_in_korean():
    empty = pd.DataFrame(columns=["year", "arrivals", "source"])
    fig = context_figure(empty, None, None, lang="ko")
    assert [a.text for a in fig.layout.annotations] == ["출처: 통일부", "자료가 없습니다"]


@pytest.mark.parametrize(
    "theme, paper, in_range, out_of_range",
    [
        ("light", "#ffffff", IN_RANGE, OUT_OF_RANGE),
        ("dark", "#15181c", "#6fa8d0", "#3a4149"),
        ("contrast", "#000000", "#ffffff", "#5c5c5c"),
    ],
)
def test_theme_sets_paper_and_bar_colours(series, theme, paper, in_range, out_of_range):
    fig = context_figure(series, date(2020, 1, 1), None, theme=theme)
    colours = palette(theme)
    assert fig.layout.paper_bgcolor == fig.layout.plot_bgcolor == paper
    assert fig.layout.template.layout.paper_bgcolor == paper
    bars = fig.data[0]
    assert list(bars.marker.color) == [out_of_range] * 22 + [in_range] * 6
    assert list(bars.textfont.color) == [colours["muted"]] * 22 + [colours["ink"]] * 6
    assert fig.layout.hoverlabel.bgcolor == paper


@pytest.mark.parametrize("theme", THEMES)
def test_text_reaches_4_5_to_1_and_bars_in_range_3_to_1(series, theme):
    fig = context_figure(series, date(2020, 1, 1), None, theme=theme)
    paper = fig.layout.paper_bgcolor
    texts = {fig.layout.font.color, fig.layout.annotations[0].font.color}
    texts |= set(fig.data[0].textfont.color)
    assert None not in texts
    for colour in texts:
        assert contrast_ratio(colour, paper) >= 4.5, f"{theme}: {colour} on {paper}"
    assert contrast_ratio(fig.layout.hoverlabel.font.color, fig.layout.hoverlabel.bgcolor) >= 4.5
    in_range, out_of_range = BAR_COLOURS[theme]
    assert contrast_ratio(in_range, paper) >= 3
    assert contrast_ratio(in_range, out_of_range) >= 3


def test_the_running_total_adds_up_every_year_since_the_first(series):
    fig = context_figure(series, None, None)
    line = fig.data[1]
    assert line.yaxis == "y2" and list(line.x) == list(range(1998, 2026))
    assert list(line.y)[:3] == [71, 219, 531]
    assert list(line.y)[-1] == series["arrivals"].sum() == 33_645
    assert line.hovertemplate == "%{x}: %{y:,} in total since %{customdata}<extra></extra>"
    assert set(line.customdata) == {1998}
