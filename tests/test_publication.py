from datetime import date

import pandas as pd
import pytest

from timeline import schema as s
from timeline.figures import lane_labels
from timeline.filters import Filters, apply_filters
from timeline.load import read_events
from timeline.publication import (
    DEFAULT_CREDIT,
    PRESETS,
    alt_text,
    chart_text,
    check_size,
    counts_subtitle,
    data_as_of,
    outlet_name,
    publication_figure,
    source_line,
    span_text,
)
from timeline.themes import PALETTES

from .conftest import DATA


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def test_alt_text_states_span_counts_by_type_and_peaks(events):
    assert alt_text(events) == (
        "Timeline of 12 events from 10 May to 31 October 2024: 5 balloon launches, "
        "2 leaflet launches, 2 loudspeaker broadcasts, 1 military agreement, 1 weapons test "
        "and 1 demolition, one row per event type. The busiest month was June 2024 with 6 events. "
        "The largest reported count was 720 balloons on 1 June 2024 "
        "(Second round of trash balloons)."
    )


def test_alt_text_of_one_event_has_no_peaks(events):
    one = events[events[s.ID] == "roads-1"]
    assert alt_text(one) == (
        "Timeline of 1 event on 15 October 2024: 1 demolition, one row per event type."
    )


def test_alt_text_of_no_events_says_so(events):
    assert alt_text(events.iloc[0:0]) == "An empty timeline: the filters leave no events."


@pytest.mark.parametrize(
    "first, last, expected",
    [
        ("2024-05-28", "2024-11-29", "from 28 May to 29 November 2024"),
        ("2023-12-30", "2024-01-02", "from 30 December 2023 to 2 January 2024"),
    ],
)
def test_span_names_the_year_once_when_it_is_shared(first, last, expected):
    table = pd.DataFrame(
        {s.DATE: pd.to_datetime([first, last]), s.END_DATE: pd.to_datetime([None, None])}
    )
    assert span_text(table) == expected


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("https://en.yna.co.kr/view/AEN2024", "Yonhap"),
        ("https://m-en.yna.co.kr/view/AEN2024", "Yonhap"),
        ("https://world.kbs.co.kr/service/news_view.htm", "KBS"),
        ("https://www.koreaherald.com/view.php?ud=1", "The Korea Herald"),
        ("https://www.example.org/a", "example.org"),
    ],
)
def test_outlet_names_known_papers_and_falls_back_to_the_domain(url, outlet):
    assert outlet_name(url) == outlet


def test_source_line_lists_outlets_most_cited_first_and_counts_the_rest():
    table = pd.DataFrame(
        {
            s.SOURCES: [
                "https://en.yna.co.kr/1 https://www.koreaherald.com/2",
                "https://en.yna.co.kr/3 javascript:alert(1)",
                "https://a.example/4 https://b.example/5 https://c.example/6",
            ]
        }
    )
    assert source_line(table) == (
        "Sources: Yonhap, The Korea Herald, a.example, b.example and c.example"
    )
    assert source_line(table, max_chars=55) == (
        "Sources: Yonhap, The Korea Herald and 3 more outlets"
    )


def test_chart_text_defaults_title_to_caption_and_dates_the_data(events):
    text = chart_text(events, "All events — 12 events", data_as_of(events))
    assert text.title == "All events — 12 events"
    assert text.subtitle == counts_subtitle(events)
    assert text.credit == DEFAULT_CREDIT
    assert text.updated == "Data as of 31 October 2024"
    mine = chart_text(events, "caption", date(2025, 1, 2), title=" Balloons ", subtitle="Sub")
    assert (mine.title, mine.subtitle, mine.updated) == (
        "Balloons",
        "Sub",
        "Data as of 2 January 2025",
    )


@pytest.mark.parametrize(
    "width, height, scale, message",
    [
        (100, 675, 1, "width 100 is out of range: use 300 to 4000 pixels."),
        (1200, 9000, 1, "height 9000 is out of range: use 300 to 4000 pixels."),
        (1200, 675, 0, "scale 0 is out of range: use a number above 0 up to 4."),
    ],
)
def test_sizes_out_of_range_are_refused_with_the_range(width, height, scale, message):
    with pytest.raises(ValueError) as error:
        check_size(width, height, scale)
    assert str(error.value) == message


def test_publication_figure_is_static_sized_and_carries_every_line(events):
    shown = apply_filters(events, Filters(types=("balloon_launch",)))
    text = chart_text(shown, "Balloons <b>bold</b>", date(2024, 10, 31), credit="Chart: Desk")
    preset = PRESETS["article"]
    fig = publication_figure(shown, text, preset.width, preset.height)
    assert (fig.layout.width, fig.layout.height) == (1200, 675)
    assert fig.layout.hovermode is False and fig.layout.showlegend is False
    assert fig.layout.xaxis.rangeselector.buttons == ()
    texts = [a.text for a in fig.layout.annotations]
    assert texts[0] == "<b>Balloons &lt;b&gt;bold&lt;/b&gt;</b>"
    assert (
        texts[2]
        == "Sources: example.org and example.com<br>Chart: Desk · Data as of 31 October 2024"
    )
    assert all(t.hoverinfo == "skip" for t in fig.data if t.meta == "events")


def test_interactive_figure_keeps_hover_and_a_clickable_legend(events):
    text = chart_text(events, "All", None)
    fig = publication_figure(events, text, 1200, 675, interactive=True)
    assert fig.layout.hovermode == "closest" and fig.layout.showlegend is True
    spans = [t for t in fig.data if t.meta == "spans"]
    assert {t.legendgroup for t in spans} == {"balloon_launch", "loudspeaker"}


@pytest.fixture(scope="module")
def bilingual():
    return read_events(DATA / "bilingual_events.csv").events


def test_korean_alt_text_has_korean_dates_types_and_event_titles(bilingual):
    assert alt_text(bilingual, "ko") == (
        "2024년 5월 10일부터 10월 31일까지의 사건 12건을 사건 유형마다 한 줄씩 보여 주는 "
        "연표입니다. 유형별로는 풍선 살포 5건, 전단 살포 2건, 확성기 방송 2건, 군사합의 1건, "
        "무기 시험 1건 및 폭파·철거 1건입니다. 사건이 가장 많았던 달은 2024년 6월(6건)입니다. "
        "보고된 가장 큰 수는 풍선 720개입니다(2024년 6월 1일, 두 번째 오물풍선 살포)."
    )
    assert alt_text(bilingual.iloc[0:0], "ko") == "빈 연표입니다. 필터에 맞는 사건이 없습니다."


@pytest.mark.parametrize(
    "first, last, lang, expected",
    [
        ("2024-05-28", "2024-11-29", "ko", "2024년 5월 28일부터 11월 29일까지"),
        ("2023-12-30", "2024-01-02", "ko", "2023년 12월 30일부터 2024년 1월 2일까지"),
        ("2024-06-01", "2024-06-01", "ko", "2024년 6월 1일"),
        ("2024-06-01", "2024-06-01", "en", "on 1 June 2024"),
    ],
)
def test_span_is_written_in_the_language(first, last, lang, expected):
    table = pd.DataFrame(
        {s.DATE: pd.to_datetime([first, last]), s.END_DATE: pd.to_datetime([None, None])}
    )
    assert span_text(table, lang) == expected


def test_korean_chart_text_has_korean_subtitle_source_credit_and_date(bilingual):
    shown = apply_filters(bilingual, Filters(types=("balloon_launch",)))
    text = chart_text(shown, "풍선 살포", data_as_of(bilingual), lang="ko")
    assert text.subtitle == (
        "사건 5건: 풍선 살포 5건. 표시가 클수록 보고된 수(예: 풍선 수)가 많습니다."
    )
    assert text.source == "출처: example.org 및 example.com"
    assert text.credit == "차트: 남북 긴장 연표"
    assert text.updated == "2024년 10월 31일 기준 자료"
    assert counts_subtitle(shown.iloc[0:0], "ko") == "필터에 맞는 사건이 없습니다."


def test_korean_source_line_counts_the_outlets_left_out():
    table = pd.DataFrame(
        {s.SOURCES: ["https://en.yna.co.kr/1 https://a.example/2 https://b.example/3"]}
    )
    assert source_line(table, max_chars=25, lang="ko") == "출처: Yonhap 및 그 밖의 언론사 2곳"
    assert source_line(table.iloc[0:0], lang="ko") == "출처: 이 사건들에는 출처가 없습니다"


def test_korean_size_errors_name_the_side_and_the_range():
    with pytest.raises(ValueError) as error:
        check_size(1200, 9000, 1, "ko")
    assert str(error.value) == "높이 9000: 범위를 벗어났습니다. 300~4000픽셀로 정하세요."


def test_preset_labels_follow_the_language():
    assert [p.label() for p in PRESETS.values()][:2] == [
        "Article (1200×675)",
        "Square social (1080×1080)",
    ]
    assert PRESETS["column"].label("ko") == "인쇄 지면 단 (600×500, 300dpi는 3×)"


def test_korean_figure_has_korean_lanes_date_ticks_and_titles(bilingual):
    shown = apply_filters(bilingual, Filters(types=("balloon_launch", "leaflet_launch")))
    text = chart_text(shown, "풍선과 전단", date(2024, 10, 31), lang="ko")
    fig = publication_figure(shown, text, 1200, 675, interactive=True, lang="ko")
    assert lane_labels(fig.layout.yaxis) == ["풍선 살포", "전단 살포"]
    assert fig.layout.xaxis.tickformatstops[0].value == "%-m월 %-d일"
    assert fig.layout.annotations[0].text == "<b>풍선과 전단</b>"
    hover = [h for trace in fig.data if trace.meta == "events" for h in trace.hovertext]
    assert any(h.startswith("<b>첫 오물풍선 살포</b><br>2024년 5월 28일 ~ ") for h in hover)
    assert fig.layout.paper_bgcolor == "#ffffff"


def test_the_dark_theme_colours_paper_text_and_grid(events):
    text = chart_text(events, "All", None)
    fig = publication_figure(events, text, 1200, 675, theme="dark")
    dark = PALETTES["dark"]
    assert (fig.layout.paper_bgcolor, fig.layout.plot_bgcolor) == (dark["paper"], dark["paper"])
    assert fig.layout.font.color == dark["ink"]
    assert fig.layout.annotations[1].font.color == dark["muted"]
    assert fig.layout.xaxis.gridcolor == dark["grid"]


def test_korean_lane_labels_get_a_full_em_per_hangul_letter(bilingual):
    shown = apply_filters(bilingual, Filters(types=("balloon_launch",)))
    text = chart_text(shown, "x", None, lang="ko")
    fig = publication_figure(shown, text, 1200, 675, lang="ko")
    assert fig.layout.font.size == 14.5
    # 24 px padding + '풍선 살포' (four Hangul letters at 1 em, a space at 0.58 em) + 12 px;
    # counted as five narrow letters it would get 78 px and be clipped.
    assert fig.layout.margin.l == round(24 + 4.58 * 14.5 + 12) == 102
