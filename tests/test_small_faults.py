"""Values the controls send that the link must not carry, and windows that must round-trip."""

import pytest

from timeline import layout as ids
from timeline.callbacks import next_view
from timeline.datasets import Dataset
from timeline.density import relayout_window
from timeline.load import read_events
from timeline.state import ViewState, query_from_state, state_from_query

from .conftest import DATA

DATA_SET = Dataset(read_events(DATA / "sample_events.csv"))


@pytest.mark.parametrize("tab", ["<script>alert(1)</script>", "nonsense", None, ""])
def test_a_view_name_the_app_does_not_have_never_reaches_the_link(tab):
    linked = ViewState(view="map")
    changed = next_view(linked, DATA_SET, ids.VIEW_TABS, {"tab": tab})
    assert changed.view == "map"
    assert "script" not in query_from_state(changed)


def test_a_known_view_from_the_tabs_is_kept():
    changed = next_view(ViewState(), DATA_SET, ids.VIEW_TABS, {"tab": "table"})
    assert query_from_state(changed) == "?view=table"


@pytest.mark.parametrize(
    "start, end",
    [
        ("0001-01-01", "2024-01-01"),
        ("0001-01-01T06:30", "0099-12-31"),
        ("0999-05-02", "1000-01-01T12:00"),
    ],
)
def test_a_zoom_to_the_earliest_years_round_trips_through_the_link(start, end):
    window = relayout_window({"xaxis.range[0]": start, "xaxis.range[1]": end})
    link = query_from_state(ViewState(zoom=window))
    read, notices = state_from_query(link, [], [])
    assert (read.zoom, notices) == (window, [])
    assert link.startswith(f"?zoom_from={start[:10]}")
