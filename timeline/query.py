"""One small query interface over the events, with two backends that give equal answers.

PandasQuery filters the DataFrame in memory with the functions of timeline/filters.py. DuckQuery
runs the same operations as SQL over a Parquet copy of the events with an embedded DuckDB (no
server): every worker process opens the same file, and the operating system's page cache shares
it, so no worker has to hold the events itself. choose_query picks one by size.

The SQL is kept in one place (SQL and where_sql below) and written as standard SQL over one table
named `events`: quoted identifiers, IN lists, POSITION for the text search, DATE_TRUNC for the bins,
NULLS LAST, LIMIT/OFFSET, and parameters bound with `?`. The same statements run on a distributed
SQL engine (Trino, Spark SQL, BigQuery, Postgres) once `events` names a table there.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from timeline import schema as s
from timeline.cache import parquet_path
from timeline.chains import chain_members
from timeline.filters import (
    Filters,
    combine,
    facet_counts,
    filter_parts,
    last_days,
    place_counts,
)

SORTABLE: tuple[str, ...] = (s.DATE, s.EVENT_TYPE, s.ACTOR, s.TITLE, s.COUNT)
UNITS: tuple[str, ...] = ("day", "week", "month", "year")
# Facet column -> the filter field it answers to (the part of filter_parts left out).
FACETS: dict[str, str] = {s.EVENT_TYPE: "types", s.ACTOR: "actors", s.LOCATION: "places"}
BACKENDS: tuple[str, ...] = ("auto", "pandas", "duckdb")
# Above this many events "auto" serves the data through DuckDB over a Parquet copy.
DUCKDB_ROWS = 2_000_000
# Added to the Parquet copy, which is written in date-then-id order: whether the event answered,
# or was answered by, another event; its position in that order; and, for the sortable text
# columns, the rank of its value, so that sorting a page compares integers, not strings.
IN_CHAIN = "in_chain"
ROW = "_row"
RANKED: tuple[str, ...] = (s.EVENT_TYPE, s.ACTOR, s.TITLE)
_TEXT = (s.TITLE, s.DESCRIPTION, *s.TRANSLATED_TEXT)
_DATES = (s.DATE, s.END_DATE, s.PERIOD_END)
_CATEGORIES = (s.EVENT_TYPE, s.ACTOR)
# Bump when parquet_table changes what the copy holds, so older copies are not reused.
FORMAT = "parquet-1"
# Parquet row groups: small enough that a date range skips whole groups of date-ordered events.
_ROW_GROUP = 128 * 1024


class EventQuery(Protocol):
    def count(self, f: Filters) -> int: ...

    def count_by(self, f: Filters, unit: str, by: str | None = None) -> pd.DataFrame:
        """unit in {"day","week","month","year"} (week starts Monday); columns: "period"
        (datetime64 start of the bin), then `by` (e.g. "event_type") when given, then "n"
        (events) and "total" (sum of the `count` column, NaN counted as 0). Sorted by period, by.
        An event is counted in the bin of its `date`."""
        ...

    def rows_window(
        self, f: Filters, start: int, stop: int, sort: tuple[tuple[str, bool], ...] = ()
    ) -> pd.DataFrame:
        """Rows start..stop-1 of the filtered events ordered by `sort` ((column, descending)
        pairs from SORTABLE), then date, then id; all event columns."""
        ...

    def facet_counts(self, f: Filters, column: str) -> dict[str, int]:
        """Counts per value of column (event_type, actor, location) among the events passing
        every filter but that column's own."""
        ...

    def bounds(self, f: Filters, column: str = s.DATE) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The earliest and latest value of a date column (date, end_date, period_end) among
        the filtered events; NaT for both when none pass."""
        ...


# --- shared checks and shapes ------------------------------------------------------------------


def _check(
    unit: str | None = None,
    by: str | None = None,
    sort=(),
    facet: str | None = None,
    dates: str | None = None,
):
    """Refuse names outside the interface's vocabularies: they end up as SQL identifiers."""
    if unit is not None and unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if by is not None and by not in FACETS:
        raise ValueError(f"by must be one of {', '.join(FACETS)}, not {by!r}")
    for column, _ in sort:
        if column not in SORTABLE:
            raise ValueError(f"sort column must be one of {', '.join(SORTABLE)}, not {column!r}")
    if facet is not None and facet not in FACETS:
        raise ValueError(f"facet column must be one of {', '.join(FACETS)}, not {facet!r}")
    if dates is not None and dates not in _DATES:
        raise ValueError(f"date column must be one of {', '.join(_DATES)}, not {dates!r}")


def _window(start: int, stop: int) -> tuple[int, int]:
    start = max(0, int(start))
    return start, max(start, int(stop))


def _derived(column: str) -> bool:
    """Whether a column of the Parquet copy was added by parquet_table."""
    return column in (IN_CHAIN, ROW) or column in map(_sort_key, RANKED)


def _sort_key(column: str) -> str:
    """The column of the Parquet copy that a sort on `column` orders by."""
    return f"_rank_{column}" if column in RANKED else column


def _events_frame(table: pa.Table) -> pd.DataFrame:
    """A table read back from the Parquet copy, in the loader's in-memory types."""
    frame = table.drop_columns([c for c in table.column_names if _derived(c)]).to_pandas()
    for column in _DATES:
        if column in frame.columns:
            frame[column] = frame[column].astype("datetime64[s]")
    for column in _CATEGORIES:
        if column in frame.columns:
            frame[column] = frame[column].astype(str).astype("category")
    return frame


# --- pandas ------------------------------------------------------------------------------------


class PandasQuery:
    """The interface over a DataFrame in memory, through timeline/filters.py."""

    def __init__(self, events: pd.DataFrame):
        self.events = events
        self._lock = threading.Lock()
        self._order_lock = threading.Lock()
        self._last: tuple[Filters, dict[str, np.ndarray]] | None = None
        self._ranks: dict[str, np.ndarray] = {}
        self._missing: dict[str, int] = {}
        self._values: dict[str, np.ndarray] = {}
        self._orders: dict[tuple, np.ndarray] = {}

    def parts(self, f: Filters) -> dict[str, np.ndarray]:
        """filter_parts of f; the last answer is kept, as one view asks several questions."""
        with self._lock:
            if self._last is None or self._last[0] != f:
                self._last = (f, filter_parts(self.events, f))
            return self._last[1]

    def forget(self) -> None:
        """Drop the kept filter parts, so the next question is worked out afresh."""
        with self._lock:
            self._last = None

    def mask(self, f: Filters) -> np.ndarray:
        return combine(self.parts(f), len(self.events))

    def count(self, f: Filters) -> int:
        return int(self.mask(f).sum())

    def count_by(self, f: Filters, unit: str, by: str | None = None) -> pd.DataFrame:
        _check(unit=unit, by=by)
        mask = self.mask(f)
        # One integer per (period, rank of the by value): sorting the keys sorts the bins by
        # period, then by value in SQL's order, missing last.
        key = period_starts(self.events[s.DATE].to_numpy()[mask], unit).view(np.int64)
        ranks = 1
        if by:
            rank = self._rank(by)
            ranks = self._missing[by] + 1
            key = key * ranks + rank[mask]
        codes, keys = pd.factorize(key)
        counts = np.nan_to_num(self.events[s.COUNT].to_numpy(dtype="float64")[mask])
        order = np.argsort(keys)
        out = pd.DataFrame({"period": (keys[order] // ranks).astype("datetime64[s]")})
        if by:
            values = self._values[by][keys[order] % ranks]
            out[by] = pd.Series(values, dtype=object).astype(str)
        out["n"] = np.bincount(codes, minlength=len(keys))[order].astype(np.int64)
        totals = np.bincount(codes, weights=counts, minlength=len(keys))
        out["total"] = totals[order].astype(np.float64)
        return out

    def rows_window(
        self, f: Filters, start: int, stop: int, sort: tuple[tuple[str, bool], ...] = ()
    ) -> pd.DataFrame:
        _check(sort=sort)
        start, stop = _window(start, stop)
        order = self.order(tuple((c, bool(d)) for c, d in sort))
        positions = order[self.mask(f)[order]][start:stop]
        return self.events.iloc[positions].reset_index(drop=True)

    def facet_counts(self, f: Filters, column: str) -> dict[str, int]:
        _check(facet=column)
        parts = self.parts(f)
        if column == s.LOCATION:
            return place_counts(self.events, parts)
        return facet_counts(self.events, parts, FACETS[column], column)

    def bounds(self, f: Filters, column: str = s.DATE) -> tuple[pd.Timestamp, pd.Timestamp]:
        _check(dates=column)
        values = self.events[column][self.mask(f)]
        return pd.Timestamp(values.min()), pd.Timestamp(values.max())

    def order(self, sort: tuple[tuple[str, bool], ...]) -> np.ndarray:
        """Positions of every event in the order of `sort`, then date, then id: a stable sort
        worked out once per sort and kept, so a request only takes the filtered positions."""
        with self._order_lock:
            if sort not in self._orders:
                keys = [self._rank(s.ID), self._rank(s.DATE)]
                for column, descending in reversed(sort):
                    rank = self._rank(column)
                    if descending:  # Largest first, missing values (ranked `missing`) still last.
                        missing = self._missing[column]
                        rank = np.where(rank == missing, missing, missing - 1 - rank)
                    keys.append(rank)
                order = np.lexsort(keys)
                self._orders[sort] = order.astype(np.int32 if len(order) < 2**31 else np.int64)
            return self._orders[sort]

    def _rank(self, column: str) -> np.ndarray:
        """Dense ranks of a column's values in ascending order (text by code point, as SQL's
        binary collation), missing values ranked after every value. Also kept: the values by
        rank (NaN for the missing rank) and the missing rank."""
        if column not in self._ranks:
            values = self.events[column]
            if isinstance(values.dtype, pd.CategoricalDtype):
                names = values.cat.categories.astype(str).to_numpy(dtype=object)
                by_name = np.empty(len(names), dtype=np.int64)
                by_name[np.argsort(names, kind="stable")] = np.arange(len(names))
                codes = values.cat.codes.to_numpy()
                uniques = np.sort(names)
                rank = np.where(codes >= 0, by_name[np.maximum(codes, 0)], len(uniques))
            else:
                codes, uniques = pd.factorize(values, sort=True)
                rank = np.where(codes >= 0, codes, len(uniques))
            self._values[column] = np.append(np.asarray(uniques, dtype=object), np.nan)
            self._missing[column] = len(uniques)
            self._ranks[column] = rank.astype(np.int64)  # Last: the others are ready once it is.
        return self._ranks[column]


def period_starts(dates: np.ndarray, unit: str) -> np.ndarray:
    """The first day of each date's day, week (from Monday), month or year, as datetime64[s]."""
    days = dates.astype("datetime64[D]")
    if unit == "week":
        number = days.astype(np.int64)
        days = (number - (number + 3) % 7).astype("datetime64[D]")  # 1970-01-01 was a Thursday.
    elif unit in ("month", "year"):
        days = days.astype("datetime64[M]" if unit == "month" else "datetime64[Y]")
    return days.astype("datetime64[s]")


# --- DuckDB over Parquet -----------------------------------------------------------------------


def _quoted(name: str) -> str:
    """A column name as a standard SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


# Every statement the DuckDB backend runs. {where}, {columns}, {by} and {order} are filled from
# where_sql and from names checked against the interface's vocabularies, never from user text;
# every value the user chose is a bound parameter.
SQL = {
    "count": "SELECT COUNT(*) FROM events WHERE {where}",
    "bounds": "SELECT MIN({column}), MAX({column}) FROM events WHERE {where}",
    "count_by": (
        "SELECT DATE_TRUNC('{unit}', \"date\") AS period{by}, COUNT(*) AS n,"
        ' SUM(COALESCE("count", 0)) AS total'
        " FROM events WHERE {where} GROUP BY {groups} ORDER BY {groups_order}"
    ),
    # A page in two steps: the positions of its rows, sorting only the keys, then those rows.
    "window": "SELECT {row} FROM events WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
    "rows": "SELECT {row}, {columns} FROM events WHERE {row} IN ({marks})",
    "facet": (
        "SELECT {column}, COUNT(*) FROM events WHERE {where} AND {column} IS NOT NULL{extra}"
        " GROUP BY {column}"
    ),
}


def where_sql(
    f: Filters, text_columns: tuple[str, ...], leave_out: str | None = None
) -> tuple[str, list]:
    """The SQL condition and its parameters for f: one term per part of filter_parts (named as
    there, so a facet can leave its own out), with the same meaning."""
    terms: list[tuple[str, str, list]] = []

    def among(name: str, column: str, wanted: tuple[str, ...]) -> None:
        if not wanted:
            terms.append((name, "1 = 0", []))
        else:
            marks = ", ".join("?" * len(wanted))
            terms.append((name, f"{_quoted(column)} IN ({marks})", [str(w) for w in wanted]))

    if f.types is not None:
        among("types", s.EVENT_TYPE, f.types)
    if f.actors is not None:
        among("actors", s.ACTOR, f.actors)
    if f.start is not None or f.end is not None:
        dates, values = [], []
        if f.start is not None:
            dates.append(f"{_quoted(s.PERIOD_END)} >= ?")
            values.append(pd.Timestamp(f.start).to_pydatetime())
        if f.end is not None:
            dates.append(f"{_quoted(s.DATE)} <= ?")
            values.append(pd.Timestamp(f.end).to_pydatetime())
        terms.append(("dates", " AND ".join(dates), values))
    if f.places is not None:
        among("places", s.LOCATION, f.places)
    needle = f.query.strip()
    if needle:
        found = [f"POSITION(LOWER(?) IN LOWER({_quoted(c)})) > 0" for c in text_columns]
        terms.append(("query", "(" + " OR ".join(found or ["1 = 0"]) + ")", [needle] * len(found)))
    if f.chains_only:
        terms.append(("chains", _quoted(IN_CHAIN), []))
    kept = [(sql, values) for name, sql, values in terms if name != leave_out]
    return (
        " AND ".join(f"({sql})" for sql, _ in kept) or "1 = 1",
        [v for _, values in kept for v in values],
    )


class DuckQuery:
    """The interface as SQL over a Parquet copy of the events (write_parquet), through an
    embedded DuckDB. One connection per process, made on first use (so a forked worker makes
    its own), and a cursor of it per thread, as DuckDB's Python documentation advises. The
    connection may read the one Parquet file and nothing else, and cannot change that."""

    def __init__(self, path: str | Path):
        self.path = Path(path).resolve()
        self._lock = threading.Lock()
        self._connection = None
        self._pid: int | None = None
        self._local = threading.local()
        names = pq.read_schema(self.path).names
        self.columns = [c for c in names if not _derived(c)]
        self.text_columns = tuple(c for c in _TEXT if c in names)

    def cursor(self):
        """This thread's cursor of this process's connection."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.cursor, local.pid = self._process_connection().cursor(), os.getpid()
        return local.cursor

    def _process_connection(self):
        import duckdb

        with self._lock:
            if self._pid != os.getpid():
                connection = duckdb.connect()
                literal = "'" + str(self.path).replace("'", "''") + "'"
                connection.execute(f"SET allowed_paths = [{literal}]")
                connection.execute("SET enable_external_access = false")
                connection.execute("SET lock_configuration = true")
                connection.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet({literal})")
                self._connection, self._pid = connection, os.getpid()
            return self._connection

    def _rows(self, statement: str, values: list) -> list[tuple]:
        return self.cursor().execute(statement, values).fetchall()

    def _frame(self, statement: str, values: list) -> pa.Table:
        return self.cursor().sql(statement, params=values).to_arrow_table()

    def count(self, f: Filters) -> int:
        where, values = where_sql(f, self.text_columns)
        return int(self._rows(SQL["count"].format(where=where), values)[0][0])

    def count_by(self, f: Filters, unit: str, by: str | None = None) -> pd.DataFrame:
        _check(unit=unit, by=by)
        where, values = where_sql(f, self.text_columns)
        statement = SQL["count_by"].format(
            unit=unit,
            by=f", {_quoted(by)}" if by else "",
            where=where,
            groups="1, 2" if by else "1",
            groups_order="1, 2 NULLS LAST" if by else "1",
        )
        frame = self._frame(statement, values).to_pandas()
        if by:
            frame[by] = frame[by].astype(str)
        frame["period"] = frame["period"].astype("datetime64[s]")
        return frame.astype({"n": "int64", "total": "float64"}).reset_index(drop=True)

    def rows_window(
        self, f: Filters, start: int, stop: int, sort: tuple[tuple[str, bool], ...] = ()
    ) -> pd.DataFrame:
        _check(sort=sort)
        start, stop = _window(start, stop)
        where, values = where_sql(f, self.text_columns)
        keys = [f"{_quoted(_sort_key(c))} {'DESC' if d else 'ASC'} NULLS LAST" for c, d in sort]
        order = ", ".join([*keys, _quoted(ROW)])  # The row's position: date, then id.
        window = SQL["window"].format(row=_quoted(ROW), where=where, order=order)
        rows = [row for (row,) in self._rows(window, [*values, stop - start, start])]
        statement = SQL["rows"].format(
            row=_quoted(ROW),
            columns=", ".join(_quoted(c) for c in self.columns),
            marks=", ".join("?" * len(rows)) or "NULL",
        )
        table = self._frame(statement, rows)
        place = {row: i for i, row in enumerate(rows)}
        ordered = [place[row] for row in table[ROW].to_pylist()]
        return _events_frame(table.take(np.argsort(ordered)))

    def facet_counts(self, f: Filters, column: str) -> dict[str, int]:
        _check(facet=column)
        where, values = where_sql(f, self.text_columns, leave_out=FACETS[column])
        statement = SQL["facet"].format(
            column=_quoted(column),
            where=where,
            extra=f" AND {_quoted(column)} <> ''" if column == s.LOCATION else "",
        )
        return {str(k): int(n) for k, n in self._rows(statement, values) if n}

    def bounds(self, f: Filters, column: str = s.DATE) -> tuple[pd.Timestamp, pd.Timestamp]:
        _check(dates=column)
        where, values = where_sql(f, self.text_columns)
        statement = SQL["bounds"].format(column=_quoted(column), where=where)
        first, last = self._rows(statement, values)[0]
        return _timestamp(first), _timestamp(last)


def _timestamp(value) -> pd.Timestamp:
    return pd.Timestamp(value) if value is not None else pd.NaT


def parquet_table(events: pd.DataFrame, table: pa.Table | None = None) -> pa.Table:
    """The events as the Parquet copy holds them, in date-then-id order: every column, period_end
    (the last day each event may cover) even for a frame built without the loader, in_chain, the
    row's position and the ranks of the sortable text columns (see ROW and RANKED). `table` is
    the events as Arrow, when the caller has it already."""
    table = pa.Table.from_pandas(events, preserve_index=False) if table is None else table
    if s.PERIOD_END not in table.column_names:
        period_end = last_days(events).astype("datetime64[s]")
        table = table.append_column(s.PERIOD_END, pa.array(period_end.to_numpy()))
    linked = events[s.ID].isin(chain_members(events)) if s.RESPONDS_TO in events else None
    in_chain = np.zeros(len(events), dtype=bool) if linked is None else linked.to_numpy(bool)
    table = table.append_column(IN_CHAIN, pa.array(in_chain))
    table = table.take(pc.sort_indices(table, [(s.DATE, "ascending"), (s.ID, "ascending")]))
    table = table.append_column(ROW, pa.array(np.arange(len(table), dtype=np.int64)))
    for column in RANKED:
        values = table[column]
        if pa.types.is_dictionary(values.type):
            values = values.cast(values.type.value_type)
        rank = pc.rank(values, sort_keys="ascending", tiebreaker="dense")
        missing = pa.scalar(None, rank.type)
        table = table.append_column(_sort_key(column), pc.if_else(values.is_null(), missing, rank))
    return table


def fingerprint(table: pa.Table) -> str:
    """A digest of a table's schema and values, and of the form of the Parquet copy (FORMAT),
    to name the copy: one Arrow IPC pass, a few seconds at ten million events."""
    digest = hashlib.blake2b(FORMAT.encode(), digest_size=16)

    class Sink(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            digest.update(data)
            return len(data)

    with pa.ipc.new_stream(pa.PythonFile(Sink(), mode="w"), table.schema) as stream:
        stream.write_table(table)
    return digest.hexdigest()


def write_parquet(events: pd.DataFrame, cache_dir: str | Path) -> Path:
    """Write the Parquet copy of validated events into the cache folder (once per content;
    written to a temporary file and renamed, so workers can race) and return its path."""
    table = pa.Table.from_pandas(events, preserve_index=False)
    path = parquet_path(cache_dir, fingerprint(table))
    if path.is_file():
        return path
    table = parquet_table(events, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, work = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, work, row_group_size=_ROW_GROUP, compression="zstd")
        os.replace(work, path)
    finally:
        if os.path.exists(work):
            os.unlink(work)
    return path


def read_parquet_events(path: str | Path) -> pd.DataFrame:
    """The events of a Parquet copy, in the loader's in-memory types."""
    return _events_frame(pq.read_table(path).combine_chunks())


def choose_query(
    events: pd.DataFrame, cache_dir: str | Path | None, backend: str = "auto"
) -> EventQuery:
    """The backend for these events: "pandas", "duckdb" (over a Parquet copy in cache_dir), or
    "auto": DuckDB above DUCKDB_ROWS events when there is a cache folder, else pandas."""
    backend = (backend or "auto").strip().lower()
    if backend not in BACKENDS:
        raise ValueError(f"TIMELINE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "auto":
        large = len(events) > DUCKDB_ROWS and cache_dir is not None
        backend = "duckdb" if large else "pandas"
    if backend == "duckdb":
        if cache_dir is None:
            raise ValueError("the duckdb backend needs a cache folder for its Parquet copy")
        return DuckQuery(write_parquet(events, cache_dir))
    return PandasQuery(events)
