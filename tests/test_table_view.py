from timeline.datasets import Dataset
from timeline.filters import Filters
from timeline.load import read_events
from timeline.state import ViewState
from timeline.workbench import TABLE_BLOCK_MAX, table_block, table_rows_key

from .conftest import DATA


def _data():
    return Dataset(read_events(DATA / "sample_events.csv"))


def test_a_block_is_the_rows_asked_for_in_the_servers_sort_order():
    data = _data()
    events = data.events
    request = {"startRow": 0, "endRow": 3, "sortModel": [{"colId": "title", "sort": "desc"}]}
    block = table_block(data, ViewState(), request)
    assert block["rowCount"] == len(events) == 12
    assert [r["title"] for r in block["rowData"]] == sorted(events["title"], reverse=True)[:3]
    later = table_block(data, ViewState(), {**request, "startRow": 3, "endRow": 6})
    assert [r["title"] for r in later["rowData"]] == sorted(events["title"], reverse=True)[3:6]


def test_a_block_follows_the_filters_and_ignores_unknown_columns():
    data = _data()
    state = ViewState(Filters(types=("loudspeaker",)))
    block = table_block(data, state, {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "x"}]})
    assert block["rowCount"] == 2
    assert [r["id"] for r in block["rowData"]] == ["speakers-1", "speakers-2"]
    assert {r["type"] for r in block["rowData"]} == {"Loudspeaker"}


def test_a_block_is_never_longer_than_the_limit():
    data = _data()
    block = table_block(data, ViewState(), {"startRow": 0, "endRow": 10**9, "sortModel": []})
    assert len(block["rowData"]) == 12 and TABLE_BLOCK_MAX == 1000


def test_the_rows_key_changes_with_the_filters_and_the_language_only():
    base = ViewState()
    assert table_rows_key(base) == table_rows_key(ViewState(event="speakers-1", view="table"))
    assert table_rows_key(base) != table_rows_key(ViewState(Filters(query="x")))
    assert table_rows_key(base) != table_rows_key(ViewState(lang="ko"))


def test_the_frequency_view_counts_as_the_frequency_of_the_kept_events():
    from timeline.aggregate import WEEK, frequency
    from timeline.workbench import view_outputs

    data = _data()
    state = ViewState(Filters(types=("balloon_launch", "loudspeaker")), view="frequency")
    drawn = view_outputs(data, state, None)
    kept = data.events[data.events["event_type"].isin(["balloon_launch", "loudspeaker"])]
    expected = frequency(kept, WEEK)
    bars = {
        (trace.name, str(x)[:10]): y
        for trace in drawn["frequency"].data
        for x, y in zip(trace.x, trace.y, strict=True)
    }
    assert sum(bars.values()) == len(kept) == expected["events"].sum()
    assert len(bars) == len(expected)
