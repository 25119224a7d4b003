import pandas as pd
import pytest

from bench.synthetic import write_synthetic_csv
from timeline import cache
from timeline.cache import content_key, read_events_cached
from timeline.load import read_events

from .conftest import DATA


@pytest.fixture
def always(monkeypatch):
    monkeypatch.setattr(cache, "MIN_BYTES", 0)


def entries(folder):
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def assert_same(a, b):
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.rejected, b.rejected, check_dtype=False)
    assert a.problems == b.problems and a.rows == b.rows and a.summary() == b.summary()


@pytest.mark.parametrize("name", ["sample_events.csv", "bad_events.csv"])
def test_cached_result_reports_exactly_what_parsing_does(tmp_path, always, name):
    fresh = read_events(DATA / name)
    first = read_events_cached(DATA / name, tmp_path)
    again = read_events_cached(DATA / name, tmp_path)
    assert entries(tmp_path) == [content_key((DATA / name).read_bytes())]
    assert_same(first, fresh)
    assert_same(again, fresh)
    assert again.events.dtypes.to_dict() == fresh.events.dtypes.to_dict()


def test_a_second_start_reads_the_cache_not_the_csv(tmp_path, always, monkeypatch):
    path = write_synthetic_csv(tmp_path / "big.csv", 3000)
    first = read_events_cached(path, tmp_path / "cache")
    monkeypatch.setattr(cache, "parse_events", lambda *a, **k: pytest.fail("parsed again"))
    monkeypatch.setattr(cache, "content_key", lambda *a, **k: pytest.fail("hashed again"))
    assert_same(read_events_cached(path, tmp_path / "cache"), first)


def test_changed_content_gets_a_new_entry_and_messages_name_the_file_read(tmp_path, always):
    path = tmp_path / "events.csv"
    path.write_bytes((DATA / "bad_events.csv").read_bytes())
    read_events_cached(path, tmp_path / "cache")
    moved = tmp_path / "moved.csv"
    path.rename(moved)
    result = read_events_cached(moved, tmp_path / "cache")
    assert {p.file for p in result.problems} == {str(moved)}
    moved.write_bytes(moved.read_bytes() + b"\n")
    read_events_cached(moved, tmp_path / "cache")
    assert len(entries(tmp_path / "cache")) == 2


def test_small_files_and_no_cache_dir_skip_the_cache(tmp_path):
    read_events_cached(DATA / "sample_events.csv", tmp_path)
    read_events_cached(DATA / "sample_events.csv", None)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["sample_events.csv", "bad_events.csv"])
def test_pyarrow_reader_gives_the_same_result_as_the_csv_module(monkeypatch, name):
    from timeline import load

    fast = read_events(DATA / name)
    monkeypatch.setattr(load, "_plain_cells", lambda raw: None)
    assert_same(read_events(DATA / name), fast)


@pytest.mark.parametrize(
    "text",
    [
        "a,b\n\n1,2\n",  # blank line: line numbers must count it
        'a,b\n"x\ny",2\n',  # line break inside a cell
        "a,b\r1,2\r",  # bare CR line ends
        "a,b\n1,2,3\n",  # ragged row
        "a,a\n1,2\n",  # duplicate header
    ],
)
def test_files_pyarrow_would_misnumber_go_to_the_careful_reader(text):
    from timeline.load import _plain_cells

    assert _plain_cells(text.encode()) is None
