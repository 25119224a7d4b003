import numpy as np
import pandas as pd
import pytest

from timeline import schema as s
from timeline.figures import (
    EVENTS_TRACE,
    SELECTED_TRACE,
    SPANS_TRACE,
    lane_labels,
    timeline_figure,
)
from timeline.filters import Filters, apply_filters
from timeline.load import read_events

from .conftest import DATA, FIXTURE_LANES


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def traces(fig, meta):
    return [t for t in fig.data if t.meta == meta]


def test_one_marker_trace_per_type_with_every_event(events):
    fig = timeline_figure(events)
    points = {t.name: len(t.x) for t in traces(fig, EVENTS_TRACE)}
    assert points == {
        "Balloon launch": 5,
        "Leaflet launch": 2,
        "Loudspeaker": 2,
        "Military agreement": 1,
        "Weapons test": 1,
        "Demolition": 1,
    }


def test_lanes_follow_the_vocabulary_order_top_down(events):
    fig = timeline_figure(events)
    assert lane_labels(fig.layout.yaxis) == FIXTURE_LANES


def test_lasting_events_are_drawn_as_bars(events):
    spans = traces(timeline_figure(events), SPANS_TRACE)
    assert [(t.y[0], len(t.x)) for t in spans] == [("Balloon launch", 3), ("Loudspeaker", 3)]


def test_hover_shows_date_title_actor_and_count(events):
    fig = timeline_figure(events)
    balloons = next(t for t in traces(fig, EVENTS_TRACE) if t.name == "Balloon launch")
    assert balloons.hovertext[0] == (
        "<b>First trash balloons cross</b><br>2024-05-28 to 2024-05-29<br>North Korea<br>"
        "260 balloons"
    )


def test_hover_escapes_markup(events):
    hostile = events.head(1).copy()
    hostile[s.TITLE] = '<img src=x onerror="alert(1)">'
    trace = traces(timeline_figure(hostile), EVENTS_TRACE)[0]
    assert trace.hovertext[0].startswith('<b>&lt;img src=x onerror="alert(1)"&gt;</b>')


def test_markers_grow_with_count(events):
    fig = timeline_figure(events)
    balloons = next(t for t in traces(fig, EVENTS_TRACE) if t.name == "Balloon launch")
    sizes = dict(zip(balloons.customdata, balloons.marker.size, strict=True))
    assert sizes["balloons-1"] < sizes["balloons-2"]
    agreement = next(t for t in traces(fig, EVENTS_TRACE) if t.name == "Military agreement")
    assert list(agreement.marker.size) == [10.0]


def test_each_type_keeps_its_colour_when_others_are_filtered_out(events):
    full = {t.name: t.marker.color for t in traces(timeline_figure(events), EVENTS_TRACE)}
    part = apply_filters(events, Filters(types=("loudspeaker",)))
    only = {t.name: t.marker.color for t in traces(timeline_figure(part), EVENTS_TRACE)}
    assert only == {"Loudspeaker": full["Loudspeaker"]}


def test_selected_event_is_ringed(events):
    ring = traces(timeline_figure(events, selected="speakers-1"), SELECTED_TRACE)
    assert [(str(ring[0].x[0])[:10], ring[0].y[0])] == [("2024-06-09", "Loudspeaker")]


def test_escalation_links_are_drawn_between_events(events):
    from timeline.chains import edges
    from timeline.figures import CHAIN_TRACE, LINKS_TRACE

    fig = timeline_figure(events, links=edges(events))
    (links,) = traces(fig, LINKS_TRACE)
    assert len(links.x) == 3 * 4
    fig = timeline_figure(
        events,
        "balloons-3",
        links=edges(events),
        chain={"leaflets-2", "balloons-3", "speakers-1"},
    )
    assert len(traces(fig, CHAIN_TRACE)[0].x) == 3 * 2
    assert len(traces(fig, LINKS_TRACE)[0].x) == 3 * 2


def test_korean_labels_lanes_ticks_and_hover():
    events = read_events(DATA / "bilingual_events.csv").events
    fig = timeline_figure(events, lang="ko")
    assert lane_labels(fig.layout.yaxis)[:2] == ["풍선 살포", "전단 살포"]
    stops = {tuple(stop.dtickrange): stop.value for stop in fig.layout.xaxis.tickformatstops}
    assert stops[("M1", "M12")] == "%Y년 %-m월"
    assert stops[("M12", None)] == "%Y년"
    balloons = traces(fig, EVENTS_TRACE)[0]
    assert balloons.hovertext[0] == (
        "<b>첫 오물풍선 살포</b><br>2024년 5월 28일 ~ 2024년 5월 29일<br>북한<br>풍선 260개"
    )
    buttons = [b.label for b in fig.layout.xaxis.rangeselector.buttons]
    assert buttons == ["1개월", "6개월", "1년", "전체"]


def test_english_axis_keeps_plotly_default_ticks(events):
    assert timeline_figure(events).layout.xaxis.tickformatstops == ()


def test_markers_that_would_overlap_are_packed_into_rows_of_their_lane():
    from timeline.figures import packed_rows

    days = pd.to_datetime(["2024-06-01", "2024-06-01", "2024-06-02", "2024-06-20", "2024-06-01"])
    types = np.array(["balloon_launch"] * 4 + ["loudspeaker"])
    sizes = np.array([20.0] * 5)
    span = (pd.Timestamp("2024-06-01"), pd.Timestamp("2024-07-01"))
    ends = np.full(5, np.datetime64("NaT"), dtype="datetime64[ns]")
    rows = packed_rows(types, days.to_numpy(), ends, sizes, span, width=300)
    # 10 px a day: the first three touch and take three rows; the fourth fits in the first row;
    # another lane starts its own rows.
    assert rows.tolist() == [0, 1, 2, 0, 0]
    assert packed_rows(types, days.to_numpy(), ends, sizes, span, 300, most=2).max() == 1


def test_a_lane_with_rows_is_taller_and_labelled_once(events):
    crowded = events.copy()
    crowded[s.DATE] = pd.Timestamp("2024-06-01")
    crowded[s.END_DATE] = pd.NaT
    fig = timeline_figure(crowded)
    categories = list(fig.layout.yaxis.categoryarray)
    assert len(categories) > len(FIXTURE_LANES)
    assert lane_labels(fig.layout.yaxis) == FIXTURE_LANES
    assert list(reversed(fig.layout.yaxis.tickvals)) == FIXTURE_LANES
    assert fig.layout.height > timeline_figure(events).layout.height


def test_the_key_explains_sizes_rings_and_tails_only_when_they_are_drawn(events):
    from timeline.figures import KEY, marker_key

    shapes, labels = marker_key(events, "en", "light", 12)
    assert [a["text"] for a in labels] == ["lasting event", "1,000 balloons", "100", "10"]
    sizes = [s["y1"] - s["y0"] for s in shapes if s["type"] == "circle"]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) == 3
    assert {s["name"] for s in shapes} == {KEY}
    plain = events[events[s.COUNT].isna() & events[s.END_DATE].isna()]
    assert marker_key(plain, "en", "light", 12) == ([], [])
    vague = plain.copy()
    vague[s.DATE_PRECISION] = s.MONTH
    assert [a["text"] for a in marker_key(vague, "ko", "light", 12)[1]] == [
        "월·연도까지만 알려진 날짜"
    ]
