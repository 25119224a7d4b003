"""The rows a filter keeps are worked out once per link change, however many views ask."""

import threading
import time

import pytest

from timeline import datasets
from timeline.datasets import Dataset, Kept
from timeline.filters import Filters, apply_filters
from timeline.load import read_events

from .conftest import DATA


@pytest.fixture
def data():
    return Dataset(read_events(DATA / "bilingual_events.csv"))


def test_shown_rows_are_the_filtered_events(data):
    f = Filters(types=("balloon_launch",))
    shown = data.shown(f)
    assert len(shown) == 5
    assert shown.equals(apply_filters(data.events, f))
    assert data.rows(Filters()).tolist() == list(range(len(data.events)))


def test_callbacks_answering_one_change_filter_once(data, monkeypatch):
    calls = []
    real = datasets.filter_mask

    def counted(events, f):
        calls.append(f)
        time.sleep(0.05)
        return real(events, f)

    monkeypatch.setattr(datasets, "filter_mask", counted)
    f = Filters(query="balloon")
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(data.shown(f))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [f]
    assert answers[0] is answers[1] is answers[2]
    assert len(answers[0]) == len(apply_filters(data.events, f)) > 0
    assert not data.rows(f).flags.writeable


def test_only_the_last_few_answers_are_kept():
    kept = Kept(3)
    calls = []
    for key in ["a", "b", "c", "d", "d", "c"]:
        kept.get(key, lambda key=key: calls.append(key) or key.upper())
    assert calls == ["a", "b", "c", "d"]
    assert kept.get("a", lambda: calls.append("a") or "A") == "A"
    assert calls == ["a", "b", "c", "d", "a"]
