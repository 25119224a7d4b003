"""The query interface: pandas and DuckDB over Parquet give the same answers to the same questions."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, ROOT
from timeline import query as q
from timeline import schema as s
from timeline.config import settings as app_config
from timeline.datasets import Dataset
from timeline.filters import Filters
from timeline.load import read_events
from timeline.query import FACETS, SORTABLE, UNITS, DuckQuery, PandasQuery

# Bilingual day-precise events with escalation chains, and events known only to the month or year.
FIXTURES = ("bilingual_events.csv", "uncertain_events.csv")
SORTS = [(), *[((c, d),) for c in SORTABLE for d in (False, True)]]
SORTS.append(((s.EVENT_TYPE, False), (s.COUNT, True)))


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    """The fixture files as one validated events file (17 events)."""
    parts = [pd.read_csv(DATA / name, dtype=str, keep_default_na=False) for name in FIXTURES]
    path = tmp_path_factory.mktemp("events") / "events.csv"
    pd.concat(parts, ignore_index=True).fillna("").to_csv(path, index=False)
    result = read_events(path)
    assert not result.problems and len(result.events) == 17
    return result.events


@pytest.fixture(scope="module")
def backends(events, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return {
        "pandas": q.choose_query(events, cache, "pandas"),
        "duckdb": q.choose_query(events, cache, "duckdb"),
    }


@pytest.fixture(params=["pandas", "duckdb"])
def query(request, backends):
    return backends[request.param]


# --- hand-checked answers, on both backends -----------------------------------------------------


def test_backends_are_what_they_say(backends):
    assert isinstance(backends["pandas"], PandasQuery)
    assert isinstance(backends["duckdb"], DuckQuery)


def test_date_range_keeps_events_known_only_to_the_month_or_year(query):
    autumn_1984 = Filters(start=date(1984, 9, 15), end=date(1984, 12, 31))
    ids = list(query.rows_window(autumn_1984, 0, 10)[s.ID])
    assert ids == ["1984-09-scud-b-series", "1984-11-talks"]
    # Only the year is known of 1985-nodong; the exercise ended in April.
    june_1985 = Filters(start=date(1985, 6, 1), end=date(1985, 6, 30))
    assert list(query.rows_window(june_1985, 0, 10)[s.ID]) == ["1985-nodong"]
    assert query.count(june_1985) == 1
    assert query.bounds(june_1985) == (pd.Timestamp("1985-01-01"), pd.Timestamp("1985-01-01"))
    assert query.bounds(june_1985, s.PERIOD_END) == (pd.Timestamp("1985-12-31"),) * 2
    assert query.bounds(Filters(), s.END_DATE) == (
        pd.Timestamp("1985-04-30"),
        pd.Timestamp("2024-07-31"),
    )
    assert all(pd.isna(day) for day in query.bounds(Filters(types=())))


def test_count_by_month_and_type_sums_counts(query):
    got = query.count_by(Filters(types=("balloon_launch",)), "month", s.EVENT_TYPE)
    assert list(got.columns) == ["period", s.EVENT_TYPE, "n", "total"]
    assert got["period"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-05-01",
        "2024-06-01",
        "2024-07-01",
    ]
    assert got[s.EVENT_TYPE].tolist() == ["balloon_launch"] * 3
    assert got["n"].tolist() == [1, 3, 1]
    assert got["total"].tolist() == [260.0, 1360.0, 500.0]


def test_week_starts_monday_and_missing_counts_add_nothing(query):
    week = Filters(start=date(2024, 6, 3), end=date(2024, 6, 9))  # Monday to Sunday
    got = query.count_by(week, "week")
    assert list(got.columns) == ["period", "n", "total"]
    assert got["period"].tolist() == [pd.Timestamp("2024-06-03")]
    assert got["n"].tolist() == [5] and got["total"].tolist() == [650.0]
    years = query.count_by(Filters(), "year")
    assert years["period"].dt.year.tolist() == [1984, 1985, 2024]
    assert years["n"].tolist() == [3, 2, 12]
    assert years["total"].tolist() == [0.0, 0.0, 2151.0]


def test_rows_window_sorts_missing_last_then_by_date_and_id(query, events):
    by_count = ((s.COUNT, True),)
    assert list(query.rows_window(Filters(), 0, 3, by_count)[s.ID]) == [
        "balloons-2",
        "balloons-5",
        "balloons-3",
    ]
    assert list(query.rows_window(Filters(), 15, 40, by_count)[s.ID]) == ["speakers-2", "roads-1"]
    # speakers-1 and balloons-4 share a day: the id breaks the tie.
    day = Filters(start=date(2024, 6, 9), end=date(2024, 6, 9))
    assert list(query.rows_window(day, 0, 5)[s.ID]) == ["balloons-4", "speakers-1"]
    assert query.rows_window(Filters(), 20, 30).empty
    assert list(query.rows_window(Filters(), 0, 1).columns) == list(events.columns)


def test_text_query_is_case_insensitive_in_both_languages(query):
    assert query.count(Filters(query="TRASH Balloons")) == 4
    assert query.count(Filters(query="  오물풍선 ")) == 2
    assert query.count(Filters(query="Month Known")) == 1
    # SQL's wildcards and quotes are plain characters here.
    assert query.count(Filters(query="%")) == 0
    assert query.count(Filters(query="'; DROP VIEW events; --")) == 0
    assert query.count(Filters()) == 17


def test_facets_leave_out_their_own_filter(query):
    balloons = Filters(types=("balloon_launch",), places=("Paju",))
    assert query.facet_counts(balloons, s.EVENT_TYPE) == {"balloon_launch": 1}
    assert query.facet_counts(balloons, s.ACTOR) == {"north_korea": 1}
    assert query.facet_counts(balloons, s.LOCATION) == {"Paju": 1, "Yongsan": 1}
    types = query.facet_counts(Filters(types=()), s.EVENT_TYPE)
    assert types["weapons_test"] == 4 and types["balloon_launch"] == 5 and sum(types.values()) == 17
    assert query.count(Filters(types=())) == 0


def test_chains_only_keeps_events_that_answer_or_were_answered(query):
    chained = Filters(chains_only=True)
    assert sorted(query.rows_window(chained, 0, 20)[s.ID]) == sorted(
        ["leaflets-1", "balloons-1", "balloons-2", "agreement-1", "leaflets-2", "balloons-3"]
        + ["speakers-1"]
    )


def test_unknown_names_are_refused(query):
    with pytest.raises(ValueError, match="unit must be one of day, week, month, year"):
        query.count_by(Filters(), "decade")
    with pytest.raises(ValueError, match="sort column must be one of"):
        query.rows_window(Filters(), 0, 5, (("title; DROP VIEW events", False),))
    with pytest.raises(ValueError, match="facet column must be one of"):
        query.facet_counts(Filters(), s.TITLE)
    with pytest.raises(ValueError, match="date column must be one of"):
        query.bounds(Filters(), s.TITLE)


# --- the two backends agree on any filters ------------------------------------------------------


WORDS = ["trash", "Balloons", "scud-b", "오물풍선", "살포", "month known", "(", "%", "_", "'"]


def _mixed_case(word: str):
    return st.tuples(*[st.sampled_from((c.lower(), c.upper())) for c in word]).map("".join)


DAYS = [date(1984, 9, 30), date(1984, 10, 1), date(1985, 4, 30), date(1985, 5, 1)]
DAYS += [date(1985, 12, 31), date(1986, 1, 1), date(2024, 5, 29), date(2024, 6, 9)]
DAYS += [date(2024, 7, 31), date(2024, 8, 1)]
DAY = st.one_of(st.none(), st.sampled_from(DAYS), st.dates(date(1983, 1, 1), date(2025, 12, 31)))
# Each field is left alone about half the time, so that many draws keep some events.
LEFT_ALONE = (st.none(), st.none())
TYPES = ["balloon_launch", "leaflet_launch", "weapons_test", "loudspeaker", "diplomacy", "nope"]
ACTORS = ["north_korea", "south_korea", "activists", "nobody"]
PLACES = ["Paju", "Tonghae", "Panmunjom", "Yongsan", "", "Nowhere"]


def _subset(values: list[str]):
    return st.one_of(*LEFT_ALONE, st.lists(st.sampled_from(values), unique=True).map(tuple))


FILTERS = st.builds(
    Filters,
    types=_subset(TYPES),
    actors=_subset(ACTORS),
    start=st.one_of(*LEFT_ALONE, DAY),
    end=st.one_of(*LEFT_ALONE, DAY),
    query=st.one_of(
        *[st.just("")] * 4,
        st.sampled_from(WORDS).flatmap(_mixed_case),
        st.text("abstrBALO 오물풍선첫살포", max_size=4),
    ),
    places=_subset(PLACES),
    chains_only=st.booleans(),
)


def _same_frame(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left, right, check_categorical=False)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(f=FILTERS)
def test_backends_give_equal_answers(backends, f):
    pandas, duck = backends["pandas"], backends["duckdb"]
    assert pandas.count(f) == duck.count(f)
    for unit in UNITS:
        for by in (None, s.EVENT_TYPE):
            _same_frame(pandas.count_by(f, unit, by), duck.count_by(f, unit, by))
    for sort in SORTS:
        expected = pandas.rows_window(f, 0, 20, sort)
        assert list(expected[s.ID]) == list(duck.rows_window(f, 0, 20, sort)[s.ID]), sort
    _same_frame(pandas.rows_window(f, 2, 9), duck.rows_window(f, 2, 9))
    for column in FACETS:
        assert pandas.facet_counts(f, column) == duck.facet_counts(f, column), column
    for column in (s.DATE, s.END_DATE, s.PERIOD_END):
        assert str(pandas.bounds(f, column)) == str(duck.bounds(f, column)), column


# --- choosing a backend, the Parquet copy, the connection ------------------------------------------


def test_auto_chooses_duckdb_above_the_threshold(events, tmp_path, monkeypatch):
    assert isinstance(q.choose_query(events, tmp_path, "auto"), PandasQuery)
    monkeypatch.setattr(q, "DUCKDB_ROWS", 16)
    chosen = q.choose_query(events, tmp_path, "AUTO")
    assert isinstance(chosen, DuckQuery)
    assert chosen.path.parent == tmp_path.resolve()
    assert chosen.path.name.startswith("events-") and chosen.path.name.endswith("-v3.parquet")
    assert isinstance(q.choose_query(events, None, "auto"), PandasQuery)
    with pytest.raises(ValueError, match="TIMELINE_BACKEND must be one of auto, pandas, duckdb"):
        q.choose_query(events, tmp_path, "spark")
    with pytest.raises(ValueError, match="needs a cache folder"):
        q.choose_query(events, None, "duckdb")


def test_parquet_copy_is_written_once_per_content(events, tmp_path):
    path = q.write_parquet(events, tmp_path)
    written = path.stat().st_mtime_ns
    assert q.write_parquet(events.copy(), tmp_path) == path
    assert path.stat().st_mtime_ns == written
    other = q.write_parquet(events.iloc[1:], tmp_path)
    assert other != path
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, other.name])
    back = q.read_parquet_events(path)  # In date, then id order.
    _same_frame(back, events.sort_values([s.DATE, s.ID]).reset_index(drop=True))


def test_backend_setting_reaches_dataset_query(events, tmp_path, monkeypatch):
    assert app_config({})["backend"] == "auto"
    assert app_config({"TIMELINE_BACKEND": " DuckDB "})["backend"] == "duckdb"
    monkeypatch.setenv("TIMELINE_BACKEND", "duckdb")
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path))
    data = Dataset(read_events(DATA / "bilingual_events.csv"))
    assert isinstance(data.query, DuckQuery)
    assert data.query.path.parent == tmp_path.resolve()
    assert data.query.count(Filters(query="오물풍선")) == 2
    monkeypatch.setenv("TIMELINE_BACKEND", "pandas")
    assert isinstance(Dataset(data.result).query, PandasQuery)


def test_duckdb_reads_only_its_parquet_copy(backends):
    import duckdb

    cursor = backends["duckdb"].cursor()
    with pytest.raises(duckdb.PermissionException):
        cursor.execute("SELECT * FROM read_csv('/etc/hostname')").fetchall()
    with pytest.raises(duckdb.Error):
        cursor.execute("SET enable_external_access = true")


def test_duckdb_answers_from_several_threads(backends):
    duck = backends["duckdb"]
    answers: list[int] = []

    def ask():
        for _ in range(20):
            answers.append(duck.count(Filters(query="balloons")))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [5] * 80


# --- the benchmark ------------------------------------------------------------------------------


def test_benchmark_runs_both_backends_on_every_operation():
    from bench.query_bench import OPERATIONS

    done = subprocess.run(
        [sys.executable, "-m", "bench.query_bench", "2000", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2,000 events generated and validated" in done.stdout
    assert "pandas median" in done.stdout and "duckdb median" in done.stdout
    for name in [*OPERATIONS, "resident memory", "peak memory"]:
        assert f"\n{name} " in done.stdout, name
    assert "The backends' answers are equal on every operation." in done.stdout


def test_benchmark_fails_when_the_answers_differ(tmp_path, monkeypatch, capsys):
    from bench import query_bench as bench

    def report(backend, parquet, runs):
        answers = {
            name: {"first_ms": 1.0, "median_ms": 1.0, "answer": "a"} for name in bench.OPERATIONS
        }
        if backend == "duckdb":
            answers["facet_counts location"]["answer"] = "b"
        return {
            "backend": backend,
            "open_s": 0.0,
            "rss_mb": 1.0,
            "peak_mb": 1.0,
            "operations": answers,
        }

    monkeypatch.setattr(bench, "measure", report)
    assert bench.main(["--parquet", str(tmp_path / "events.parquet")]) == 1
    assert "FAIL: the backends' answers differ on: facet_counts location" in capsys.readouterr().out
