from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_events
from timeline import schema as s
from timeline.density import (
    AUTORANGE,
    DETAIL_LIMIT,
    Window,
    bin_edges,
    bin_window,
    density,
    in_window,
    relayout_window,
    shows_detail,
)
from timeline.figures import (
    DENSITY_TRACE,
    EVENTS_TRACE,
    lane_labels,
    lane_order,
    timeline_view_figure,
)
from timeline.load import parse_events


@pytest.fixture(scope="module")
def events():
    """12,000 validated synthetic events over eleven years: more than the detail limit."""
    raw = synthetic_events(12_000).to_csv(index=False).encode()
    result = parse_events(raw, "synthetic.csv")
    assert result.errors == []
    return result.events


def event_ids(fig):
    return sorted(i for t in fig.data if t.meta == EVENTS_TRACE for i in t.customdata)


def test_counts_per_bin_equal_the_events_in_the_bin(events):
    found = density(events, lane_order(events), None)
    days = events[s.DATE].to_numpy().astype("datetime64[D]").astype(np.int64)
    for lane, key in enumerate(found.lanes):
        of_type = days[(events[s.EVENT_TYPE] == key).to_numpy()]
        for i in range(len(found.edges) - 1):
            inside = (of_type >= found.edges[i]) & (of_type < found.edges[i + 1])
            assert found.counts[lane, i] == inside.sum()
    assert found.counts.sum() == len(events)


def test_zooming_to_a_bin_shows_exactly_its_events(events):
    found = density(events, lane_order(events), None)
    busiest = int(found.counts.sum(axis=0).argmax())
    window = bin_window(found, busiest)
    fig = timeline_view_figure(events, window)
    start, end = pd.Timestamp(window.start), pd.Timestamp(window.end)
    expected = events[(events[s.DATE] >= start) & (events[s.DATE] < end)]
    assert len(expected) == found.counts[:, busiest].sum() > 0
    assert event_ids(fig) == sorted(expected[s.ID])


def test_a_wide_window_is_drawn_as_density_with_counts_on_hover(events):
    fig = timeline_view_figure(events)
    heat = [t for t in fig.data if t.meta == DENSITY_TRACE]
    assert [t.y[0] for t in heat] == list(range(11, -1, -1))
    assert list(fig.layout.yaxis.ticktext) == [t.name for t in heat]
    assert sum(v for t in heat for v in t.z[0] if v) == 12_000
    assert heat[0].hovertemplate.endswith("%{z:,} events<extra></extra>")
    assert fig.layout.annotations[0].text.startswith("12,000 events in view, drawn as density")


def test_switching_follows_the_visible_window(events):
    narrow = Window(datetime(2018, 1, 1), datetime(2018, 7, 1))
    wide = Window(datetime(2014, 1, 1), datetime(2020, 1, 1))
    assert shows_detail(events, narrow) and not shows_detail(events, wide)
    assert {t.meta for t in timeline_view_figure(events, wide).data} == {DENSITY_TRACE}
    detailed = timeline_view_figure(events, narrow)
    assert EVENTS_TRACE in {t.meta for t in detailed.data}
    assert event_ids(detailed) == sorted(in_window(events, narrow)[s.ID])
    assert list(detailed.layout.xaxis.range) == [narrow.start, narrow.end]
    # Lanes stay put when zooming in, even where the window lacks a type.
    assert lane_labels(detailed.layout.yaxis) == list(
        timeline_view_figure(events).layout.yaxis.ticktext
    )


def test_switch_happens_exactly_at_the_limit(events):
    window = Window(datetime(2014, 1, 1), datetime(2016, 1, 1))
    n = len(in_window(events, window))
    assert shows_detail(events, window, limit=n) and not shows_detail(events, window, limit=n - 1)


def test_many_detailed_events_are_drawn_with_webgl(events):
    fig = timeline_view_figure(events, Window(datetime(2018, 1, 1), datetime(2020, 1, 1)))
    assert {t.type for t in fig.data if t.meta == EVENTS_TRACE} == {"scattergl"}


def test_small_sets_are_never_aggregated(events):
    few = events.head(DETAIL_LIMIT)
    fig = timeline_view_figure(few)
    assert len(event_ids(fig)) == DETAIL_LIMIT


@pytest.mark.parametrize(
    "relayout, expected",
    [
        (
            {"xaxis.range[0]": "2024-05-01 06:00", "xaxis.range[1]": "2024-06-01"},
            Window(datetime(2024, 5, 1, 6), datetime(2024, 6, 1)),
        ),
        (
            {"xaxis.range": ["2024-05-01", "2024-06-01"]},
            Window(datetime(2024, 5, 1), datetime(2024, 6, 1)),
        ),
        ({"xaxis.autorange": True}, AUTORANGE),
        ({"autosize": True}, None),
        ({"xaxis.range[0]": "soon", "xaxis.range[1]": "later"}, None),
        (None, None),
    ],
)
def test_relayout_window(relayout, expected):
    assert relayout_window(relayout) == expected


@pytest.mark.parametrize(
    "first, end, width",
    [(0, 10, 1), (0, 301, 2), (0, 2000, 7), (0, 4018, 14), (16071, 20089, 14)],
)
def test_bins_are_aligned_whole_days_and_at_most_300(first, end, width):
    edges = bin_edges(first, end)
    assert edges[1] - edges[0] == width and edges[0] % width == 0
    assert edges[0] <= first and edges[-1] >= end and len(edges) - 1 <= 300
