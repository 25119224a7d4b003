import pandas as pd
import pytest

from timeline import schema as s
from timeline.chains import Step, chain_members, edges, walk
from timeline.load import read_events

from .conftest import DATA


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def frame(rows):
    """Events from (id, date, responds_to) triples."""
    return pd.DataFrame([{s.ID: i, s.DATE: pd.Timestamp(d), s.RESPONDS_TO: r} for i, d, r in rows])


def test_edges_are_cause_then_response(events):
    assert sorted(edges(events)) == [
        ("balloons-2", "agreement-1"),
        ("balloons-3", "speakers-1"),
        ("leaflets-1", "balloons-1"),
        ("leaflets-2", "balloons-3"),
    ]


def test_walk_follows_responses_with_delays(events):
    assert walk(events, "leaflets-2", "answers") == [
        Step("balloons-3", 1, "leaflets-2", 2),
        Step("speakers-1", 2, "balloons-3", 1),
    ]


def test_walk_follows_causes_back(events):
    assert walk(events, "speakers-1", "answered") == [
        Step("balloons-3", 1, "speakers-1", 1),
        Step("leaflets-2", 2, "balloons-3", 2),
    ]


def test_cycles_end_the_walk():
    looped = frame([("a", "2024-01-01", "c"), ("b", "2024-01-02", "a"), ("c", "2024-01-03", "b")])
    assert [step.id for step in walk(looped, "a", "answers")] == ["b", "c"]
    assert [step.id for step in walk(looped, "a", "answered")] == ["c", "b"]


def test_missing_and_self_references_are_ignored():
    odd = frame([("a", "2024-01-01", "a ghost"), ("b", "2024-01-02", "a")])
    assert edges(odd) == [("a", "b")]
    assert chain_members(odd) == {"a", "b"}


def test_long_chain_is_bounded():
    n = 3000
    rows = [(f"e{i}", "2024-01-01", f"e{i - 1}" if i else "") for i in range(n)]
    assert len(walk(frame(rows), "e0", "answers", limit=500)) == 500


def test_chain_members(events):
    assert chain_members(events) == {
        "leaflets-1",
        "balloons-1",
        "balloons-2",
        "agreement-1",
        "leaflets-2",
        "balloons-3",
        "speakers-1",
    }
