"""Reading and validating event files: the only place input is parsed."""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import io
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from edtf import parse_edtf, struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException

from timeline import schema as s

ERROR = "error"
WARNING = "warning"

_ID_PATTERN = re.compile(r"^\S+$")
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# The EDTF level-1 subset the contract accepts: a year, month or day, maybe '~' or '?'.
_EDTF_PATTERN = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?[~?]?$")
_PRECISION_BY_LENGTH = {4: s.YEAR, 7: s.MONTH, 10: s.DAY}
# Words people write in a cell for "no value"; in optional columns they mean an empty cell.
MISSING_WORDS: tuple[str, ...] = (
    "unknown",
    "n/a",
    "na",
    "-",
    "?",
    "none",
    "미상",
    "불명",
    "없음",
)
MISSING_MESSAGE = "means the value is missing; the cell is read as empty."
OPTIONAL_COLUMNS: tuple[str, ...] = tuple(
    c for c in s.KNOWN_COLUMNS if c not in s.REQUIRED and c != s.RESPONDS_TO
)
URL_PATTERN = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$", re.IGNORECASE)
# A whole cell of such URLs separated by ASCII whitespace (for the vectorised check).
_SOURCES_CELL = r"(?i)\s*(?:https?://[^\s/?#]+\.[^\s/?#]+\S*\s*)*"
# Large enough for any real description; csv's default (128 KiB) would raise on a longer cell.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is, the bad value, and the fix."""

    severity: str
    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        subject = f"'{_shorten(self.value)}' " if self.value not in (None, "") else ""
        return f"{', '.join(where)}: {subject}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass
class LoadResult:
    """Valid events, the rows kept out (with reasons), and every problem found."""

    events: pd.DataFrame
    rejected: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def summary(self) -> str:
        """One line such as '312 rows: 310 valid, 2 rejected, 1 warning'."""
        warnings = len(self.warnings)
        return (
            f"{_plural(self.rows, 'row')}: {len(self.events)} valid, "
            f"{len(self.rejected)} rejected, {_plural(warnings, 'warning')}"
        )


def read_events(
    path: str | Path, strict_vocabulary: bool = True, missing_words: Iterable[str] = MISSING_WORDS
) -> LoadResult:
    """Read an events CSV, validate every row and return the valid events and all problems.

    With strict_vocabulary, event types and actors must come from the built-in vocabularies;
    without it, a user's own categories are kept as they are.
    """
    name = str(path)
    try:
        raw = _read_settled(Path(path))
    except FileNotFoundError:
        return _unusable(name, "file not found. Check the path.", rows=0)
    except (IsADirectoryError, PermissionError) as exc:
        return _unusable(name, f"cannot be read ({exc.strerror}). Check the path and permissions.")
    except OSError as exc:
        return _unusable(name, f"cannot be read ({exc.strerror or exc}). Check the file.")
    if raw is None:
        return _unusable(
            name,
            "kept changing while it was read. Replace it in one step (write a new file, then "
            "rename it over the old one) and start again.",
        )
    return parse_events(raw, name, strict_vocabulary, missing_words)


def _read_settled(path: Path, attempts: int = 5) -> bytes | None:
    """The bytes of one whole version of the file, read again while a writer is changing it.

    None when it changed during every attempt, so a half-written file is never used.
    """
    for attempt in range(attempts):
        before = path.stat()
        raw = path.read_bytes()
        after = path.stat()
        same = (before.st_ino, before.st_size, before.st_mtime_ns) == (
            after.st_ino,
            after.st_size,
            after.st_mtime_ns,
        )
        if same and len(raw) == after.st_size:
            return raw
        time.sleep(0.05 * (attempt + 1))
    return None


def parse_events(
    raw: bytes,
    name: str,
    strict_vocabulary: bool = True,
    missing_words: Iterable[str] = MISSING_WORDS,
) -> LoadResult:
    """Validate the bytes of an events CSV; `name` is used in messages.

    Cells of optional columns that hold one of `missing_words` (any case) are read as empty.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _unusable(
            name,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start}). "
            "Save it as UTF-8, or load it with 'timeline import', which detects the encoding.",
        )
    if "\x00" in text:
        return _unusable(
            name, "contains NUL bytes, so it is not a text CSV file. Export it as CSV."
        )
    plain = _plain_cells(raw)
    if plain is not None:
        header, cells = plain
        records, lines = _Rows(cells), range(2, len(cells) + 2)
    else:
        try:
            header, records, lines = _split_records(text)
        except csv.Error as exc:
            return _unusable(name, f"is not valid CSV ({exc}). Check the quoting of cells.")
    if header is None:
        return _unusable(name, f"is empty. Start with the header row: {','.join(s.COLUMNS)}")
    header = [h.strip() for h in header]
    problems: list[Problem] = []
    missing = [c for c in s.REQUIRED if c not in header]
    if missing:
        found = ", ".join(header) or "nothing"
        return _unusable(
            name,
            f"has no column {_quoted(missing)} (found: {found}). "
            f"The header row must name at least: {', '.join(s.REQUIRED)}.",
            rows=len(records),
            line=lines[0] - 1 if lines else 1,
            raw_rows=records,
            header=header,
            row_lines=lines,
        )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        return _unusable(
            name,
            f"names column {_quoted(duplicated)} more than once. Each column may appear once.",
            rows=len(records),
            line=1,
            raw_rows=records,
            header=header,
            row_lines=lines,
        )
    # A user's own 'line' or 'reason' column would be overwritten by the ones the app adds.
    renamed = _unique(header, reserved=(s.LINE, s.REASON))
    extra = [h for h in header if h not in s.KNOWN_COLUMNS]
    if extra:
        kept_as = [f"'{h}' as '{r}'" for h, r in zip(header, renamed, strict=True) if h != r]
        problems.append(
            Problem(
                WARNING,
                name,
                f"column {_quoted(extra)} is not part of the data contract; it is kept "
                f"{'(' + ', '.join(kept_as) + ') ' if kept_as else ''}but not shown. "
                f"Known columns: {', '.join(s.KNOWN_COLUMNS)}.",
                line=1,
            )
        )
    header = renamed

    width = len(header)
    row_errors: dict[int, list[Problem]] = {}
    if plain is not None:
        table, good_positions = plain[1].set_axis(header, axis=1), range(len(records))
    else:
        good_positions = []
        for pos, (record, line) in enumerate(zip(records, lines, strict=True)):
            if len(record) == width:
                good_positions.append(pos)
                continue
            row_errors[pos] = [
                Problem(
                    ERROR,
                    name,
                    f"this row has {len(record)} fields but the header has {width}. "
                    'Quote cells that contain commas ("like, this") and check for missing or '
                    "extra fields.",
                    line=line,
                )
            ]
        table = pd.DataFrame([records[p] for p in good_positions], columns=header, dtype=object)
    table = table.reindex(columns=list(dict.fromkeys([*s.KNOWN_COLUMNS, *header])), fill_value="")
    for column in table.columns:
        table[column] = table[column].fillna("").astype("str").str.strip()
    table[s.LINE] = np.asarray([lines[p] for p in good_positions], dtype=np.int64)
    table.index = pd.Index(good_positions)

    checker = _Checker(name, table, row_errors, strict_vocabulary)
    checker.blank_missing(missing_words)
    checker.run()

    ok = ~table.index.isin(list(row_errors))
    events = _typed(table[ok], checker.periods)
    for problem in _reference_warnings(name, events):
        problems.append(problem)
    problems.extend(checker.warnings)
    for pos in sorted(row_errors):
        problems.extend(row_errors[pos])
    problems.sort(key=lambda p: (p.line or 0, p.severity != ERROR))
    rejected = _rejected_frame(header, records, lines, row_errors)
    return LoadResult(events=events, rejected=rejected, problems=problems, rows=len(records))


def read_context_series(path: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a yearly context series (year, arrivals, source); problems are reported, not raised."""
    name = str(path)
    problems: list[Problem] = []
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        problems.append(Problem(ERROR, name, f"cannot be read ({exc}). Check the file."))
        return pd.DataFrame(columns=["year", "arrivals", "source"]), problems
    good = []
    for pos, row in table.iterrows():
        line = int(pos) + 2
        year, value = row.get("year", ""), row.get("arrivals", "")
        if not (year.isdigit() and value.isdigit()):
            problems.append(
                Problem(
                    ERROR,
                    name,
                    "needs a whole-number year and arrivals, e.g. 2023,196.",
                    line=line,
                    value=f"{year},{value}",
                )
            )
            continue
        good.append((int(year), int(value), row.get("source", "")))
    series = pd.DataFrame(good, columns=["year", "arrivals", "source"])
    return series.sort_values("year", ignore_index=True), problems


def split_list(cell: str) -> list[str]:
    """Split a multi-value cell (sources, responds_to) into its items."""
    return cell.split() if isinstance(cell, str) else []


def is_http_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host; false for javascript:, data:, ftp: etc."""
    return bool(URL_PATTERN.match(value))


def is_missing_word(cells: pd.Series, words: Iterable[str] = MISSING_WORDS) -> pd.Series:
    """True for the cells that hold only a word for a missing value, in any case."""
    folded = {w.strip().casefold() for w in words} - {""}
    if not folded:
        return pd.Series(False, index=cells.index)
    # Only short cells can be one of these words; casefolding every long cell would be slow.
    trimmed = cells.str.strip()
    short = trimmed[(trimmed != "") & (trimmed.str.len() <= max(map(len, folded)))]
    found = pd.Series(False, index=cells.index)
    found[short.index] = short.str.casefold().isin(folded).to_numpy(dtype=bool)
    return found


def date_periods(cells: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """For cells of EDTF dates: the first and last day of each one's period, and its precision.

    YYYY-MM-DD is read vectorised; YYYY and YYYY-MM (and '~' or '?' after any of them) go
    through the edtf parser once per distinct value. Empty or invalid cells give NaT and ''.
    """
    cells = cells.astype(str).str.strip()
    first = pd.to_datetime(
        cells.where(cells.str.match(_DATE_PATTERN)), format=s.DATE_FORMAT, errors="coerce"
    ).astype("datetime64[s]")
    last = first.copy()
    precision = pd.Series(np.where(first.notna(), s.DAY, ""), index=cells.index, dtype=object)
    rest = cells[first.isna() & (cells != "")]
    if len(rest):
        periods = rest.map({v: edtf_period(v) for v in rest.unique()})
        known = periods.notna()
        for pos, (a, b, p) in periods[known].items():
            first[pos], last[pos], precision[pos] = a, b, p
    return first, last, precision


def date_fields(text: str) -> dict[str, str]:
    """The year, month and day an EDTF date names, without leading zeros, as TimelineJS takes
    them: '1984-09~' -> {'year': '1984', 'month': '9'}; '' -> {}."""
    parts = text.rstrip("~?").split("-") if text else []
    return {k: str(int(v)) for k, v in zip(("year", "month", "day"), parts, strict=False)}


@functools.lru_cache(maxsize=4096)
def edtf_period(text: str) -> tuple[pd.Timestamp, pd.Timestamp, str] | None:
    """First day, last day and precision of an EDTF YYYY[-MM[-DD]][~?], or None if invalid."""
    if not _EDTF_PATTERN.match(text):
        return None
    try:
        parsed = parse_edtf(text)
    except EDTFParseException:
        return None
    first = pd.Timestamp(struct_time_to_date(parsed.lower_strict()))
    last = pd.Timestamp(struct_time_to_date(parsed.upper_strict()))
    return first, last, _PRECISION_BY_LENGTH[len(text.rstrip("~?"))]


def _simple_ascii(cells: pd.Series) -> pd.Series:
    """ASCII cells without the rare control characters Python counts as whitespace and RE2 not,
    so a vectorised regex gives the same answer as Python's re on them."""
    return cells.str.isascii() & ~cells.str.contains("[\x0b\x1c-\x1f]")


class _Checker:
    """Vectorised checks over a table of string cells; errors collected per row position."""

    def __init__(self, name, table, row_errors, strict_vocabulary):
        self.name = name
        self.table = table
        self.row_errors = row_errors
        self.strict = strict_vocabulary
        self.warnings: list[Problem] = []
        # column -> (first day, last day, precision) of each date cell, for _typed.
        self.periods: dict[str, tuple[pd.Series, pd.Series, pd.Series]] = {}

    def run(self) -> None:
        if self.table.empty:
            return
        self._ids()
        self._dates()
        self._vocabulary(s.EVENT_TYPE, s.EVENT_TYPES, "event type")
        self._vocabulary(s.ACTOR, s.ACTORS, "actor")
        self._required_text(s.TITLE, "Every event needs a short factual title.")
        self._sources()
        self._count()
        self._coordinate(s.LATITUDE, 90, "Seoul is at latitude 37.5665")
        self._coordinate(s.LONGITUDE, 180, "Seoul is at longitude 126.9780")

    def blank_missing(self, words: Iterable[str]) -> None:
        """Empty the optional cells that only say the value is missing, with a warning each."""
        for column in OPTIONAL_COLUMNS:
            missing = is_missing_word(self.table[column], words)
            if missing.any():
                self._add(
                    missing,
                    column,
                    MISSING_MESSAGE,
                    severity=WARNING,
                )
                self.table.loc[missing, column] = ""

    def _add(self, mask, column, message, severity=ERROR, value=True) -> None:
        cells = self.table.loc[np.asarray(mask, dtype=bool), [column, s.LINE]]
        for pos, cell, line in zip(cells.index, cells[column], cells[s.LINE], strict=True):
            text = message(cell) if callable(message) else message
            problem = Problem(severity, self.name, text, int(line), column, cell if value else None)
            if severity == ERROR:
                self.row_errors.setdefault(pos, []).append(problem)
            else:
                self.warnings.append(problem)

    def _ids(self) -> None:
        ids = self.table[s.ID]
        self._add(
            ids == "",
            s.ID,
            "is empty. Give every event a unique id, e.g. 2024-05-28-trash-balloons.",
            value=False,
        )
        doubtful = ids[(ids != "") & ~(_simple_ascii(ids) & ~ids.str.contains(r"\s"))]
        spaced = pd.Series(False, index=ids.index)
        spaced[doubtful.index] = ~doubtful.str.match(_ID_PATTERN).astype(bool)
        self._add(
            spaced,
            s.ID,
            "contains spaces. Use a slug of letters, digits and hyphens, "
            "e.g. 2024-05-28-trash-balloons.",
        )
        first_line = self.table.groupby(s.ID, sort=False)[s.LINE].transform("first")
        dup = (ids != "") & ids.duplicated(keep="first")
        cells = self.table.loc[np.asarray(dup)]
        for pos, value in zip(cells.index, cells[s.ID], strict=True):
            self._error(
                pos,
                s.ID,
                value,
                f"is already the id of line {first_line[pos]}. Give every event a unique id.",
            )

    def _dates(self) -> None:
        start = self._date_column(s.DATE, required=True)[0]
        end = self._date_column(s.END_DATE, required=False)[1]
        backwards = self.table.loc[np.asarray(end.notna() & start.notna() & (end < start))]
        for pos, row in backwards.iterrows():
            self._error(
                pos,
                s.END_DATE,
                row[s.END_DATE],
                f"is before the date '{row[s.DATE]}'. The end_date must be on or after the date.",
            )

    def _error(self, pos: int, column: str, value: str, message: str) -> None:
        line = int(self.table.at[pos, s.LINE])
        problem = Problem(ERROR, self.name, message, line, column, value)
        self.row_errors.setdefault(pos, []).append(problem)

    def _date_column(self, column: str, required: bool) -> tuple[pd.Series, pd.Series]:
        """The first and last day of each cell's period (NaT where empty or not a date)."""
        cells = self.table[column]
        first, last, precision = self.periods[column] = date_periods(cells)
        parsed = first
        if required:
            self._add(
                cells == "",
                column,
                f"is empty. Every event needs a date in YYYY-MM-DD, e.g. {s.DATE_EXAMPLE}.",
                value=False,
            )
        bad = (cells != "") & parsed.isna()
        self._add(bad, column, f"is not a date. Use YYYY-MM-DD, e.g. {s.DATE_EXAMPLE}.")
        return first, last

    def _vocabulary(self, column: str, known: dict, noun: str) -> None:
        cells = self.table[column]
        listing = ", ".join(known)
        self._add(cells == "", column, f"is empty. Use one of: {listing}.", value=False)
        if not self.strict:
            return
        unknown = (cells != "") & ~cells.isin(list(known))

        def message(value: str) -> str:
            close = difflib.get_close_matches(value.lower(), list(known), n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            return f"is not a known {noun}.{hint} Known: {listing}."

        self._add(unknown, column, message)

    def _required_text(self, column: str, fix: str) -> None:
        self._add(self.table[column] == "", column, f"is empty. {fix}", value=False)

    def _sources(self) -> None:
        cells = self.table[s.SOURCES]
        self._add(
            cells == "",
            s.SOURCES,
            "is empty. Add the http(s) address of a page that reports this event.",
            severity=WARNING,
            value=False,
        )
        # Plain ASCII cells are checked in one vectorised pass; the rest one by one, so that
        # Unicode whitespace splits and matches exactly as is_http_url and split_list do.
        plain = _simple_ascii(cells) & cells.str.fullmatch(_SOURCES_CELL)
        bad_mask = pd.Series(False, index=cells.index)
        doubtful = cells[~plain.astype(bool)]
        bad_mask[doubtful.index] = doubtful.map(
            lambda c: any(not is_http_url(u) for u in split_list(c))
        ).astype(bool)
        rows = self.table.loc[np.asarray(bad_mask, dtype=bool)]
        for pos, cell in zip(rows.index, rows[s.SOURCES], strict=True):
            for url in split_list(cell):
                if not is_http_url(url):
                    self._error(
                        pos,
                        s.SOURCES,
                        url,
                        "is not an http(s) link. Sources must be "
                        "web addresses starting with http:// or https://, separated by "
                        "spaces.",
                    )

    def _count(self) -> None:
        cells = self.table[s.COUNT]
        numbers = pd.to_numeric(cells.where(cells != ""), errors="coerce")
        bad = (cells != "") & ~(numbers >= 0)
        self._add(
            bad, s.COUNT, "is not a non-negative number. Write the count as digits only, e.g. 260."
        )
        no_unit = (cells != "") & (numbers >= 0) & (self.table[s.COUNT_UNIT] == "")
        self._add(
            no_unit,
            s.COUNT_UNIT,
            "is empty while count is set. Name what was counted, e.g. balloons.",
            severity=WARNING,
            value=False,
        )

    def _coordinate(self, column: str, limit: int, example: str) -> None:
        cells = self.table[column]
        numbers = pd.to_numeric(cells.where(cells != ""), errors="coerce")
        bad = (cells != "") & ~((numbers >= -limit) & (numbers <= limit))
        self._add(
            bad,
            column,
            f"is not a number between -{limit} and {limit}. Use decimal degrees; {example}.",
        )


def _reference_warnings(name: str, events: pd.DataFrame) -> Iterable[Problem]:
    """responds_to must name earlier events in the same file; anything else is a warning."""
    if events.empty or not events[s.RESPONDS_TO].astype(bool).any():
        return
    dates = dict(zip(events[s.ID], events[s.DATE], strict=True))
    linked = events[events[s.RESPONDS_TO] != ""]
    for cell, date, line in zip(linked[s.RESPONDS_TO], linked[s.DATE], linked[s.LINE], strict=True):
        for ref in split_list(cell):
            if ref not in dates:
                yield Problem(
                    WARNING,
                    name,
                    "is not the id of any event in this file. Check the id, or remove it.",
                    int(line),
                    s.RESPONDS_TO,
                    ref,
                )
            elif dates[ref] > date:
                yield Problem(
                    WARNING,
                    name,
                    f"is dated {dates[ref]:%Y-%m-%d}, after this event. "
                    "responds_to names earlier events.",
                    int(line),
                    s.RESPONDS_TO,
                    ref,
                )


def _typed(table: pd.DataFrame, periods: dict | None = None) -> pd.DataFrame:
    """Turn validated string cells into the in-memory types the app works with; `periods` are
    the date_periods the checks already computed, by column, for the whole table."""
    events = table.copy()
    known = periods or {}
    start, start_last, precision = (
        part.loc[events.index] for part in known.get(s.DATE) or date_periods(events[s.DATE])
    )
    end_last = (known.get(s.END_DATE) or date_periods(events[s.END_DATE]))[1].loc[events.index]
    events[s.DATE_TEXT] = events[s.DATE].astype(str)
    events[s.END_DATE_TEXT] = events[s.END_DATE].astype(str)
    events[s.DATE] = start
    events[s.END_DATE] = end_last
    events[s.DATE_PRECISION] = precision.astype(str)
    events[s.PERIOD_END] = end_last.fillna(start_last)
    for column in (s.COUNT, s.LATITUDE, s.LONGITUDE):
        events[column] = pd.to_numeric(events[column].where(events[column] != "")).astype("float64")
    for column in (s.EVENT_TYPE, s.ACTOR):
        events[column] = events[column].astype("category")
    added = (s.LINE, *s.DATE_COLUMNS)
    for column in [c for c in events.columns if c in s.TEXT_COLUMNS or c not in s.KNOWN_COLUMNS]:
        if column not in added:
            events[column] = events[column].astype(str)
    events = events.sort_values([s.DATE, s.LINE], kind="stable").reset_index(drop=True)
    return events


def _rejected_frame(header, records, lines, row_errors) -> pd.DataFrame:
    """The original rows that were kept out, unchanged, with their line and the reasons."""
    rows = []
    for pos in sorted(row_errors):
        record = list(records[pos])[: len(header)]
        record += [""] * (len(header) - len(record))
        reasons = "; ".join(
            f"{p.column}: {_subject(p)}{p.message}" if p.column else p.message
            for p in row_errors[pos]
        )
        rows.append([lines[pos], reasons, *record])
    columns = [s.LINE, s.REASON, *_unique(header, reserved=(s.LINE, s.REASON))]
    return pd.DataFrame(rows, columns=columns)


def _unusable(name, message, rows=0, line=None, raw_rows=(), header=(), row_lines=()) -> LoadResult:
    problem = Problem(ERROR, name, message, line=line)
    header = list(header) or ["row"]
    records = [r if header != ["row"] else [",".join(r)] for r in raw_rows]
    errors = {
        pos: [Problem(ERROR, name, f"not read: the file {message}")] for pos in range(len(records))
    }
    rejected = _rejected_frame(header, records, list(row_lines), errors)
    empty = _typed(pd.DataFrame(columns=[*s.KNOWN_COLUMNS, s.LINE]))
    return LoadResult(events=empty, rejected=rejected, problems=[problem], rows=rows)


class _Rows:
    """The records of a table of raw cells, indexed like the list _split_records returns."""

    def __init__(self, cells: pd.DataFrame):
        self.cells = cells

    def __len__(self) -> int:
        return len(self.cells)

    def __getitem__(self, pos: int) -> list[str]:
        return [str(v) for v in self.cells.iloc[pos]]

    def __iter__(self):
        return (list(map(str, row)) for row in self.cells.itertuples(index=False))


def _plain_cells(raw: bytes) -> tuple[list[str], pd.DataFrame] | None:
    """Header and raw cells of a plain CSV (one record per line, no blank lines), read by pyarrow.

    None when the file needs the careful reader: line numbers must stay exact, so a file with
    blank lines, line breaks inside cells, bare CRs, ragged rows or blank records is left to
    _split_records.
    """
    body = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    first_break = body.find(b"\n")
    if first_break <= 0 or body.count(b"\r") != body.count(b"\r\n"):
        return None
    if body[:first_break].count(b'"') % 2:
        return None  # a quoted line break inside the header
    header = next(csv.reader([body[:first_break].decode("utf-8").rstrip("\r")]), None)
    if not header or len(set(header)) != len(header):
        return None
    names = [f"f{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body[first_break + 1 :]),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    breaks = body.count(b"\n") - (1 if body.endswith(b"\n") else 0)
    if table.num_rows != breaks or table.num_rows == 0:
        return None
    blank = functools.reduce(
        pc.and_, [pc.equal(pc.utf8_trim_whitespace(c), "") for c in table.columns]
    )
    if pc.any(blank).as_py():
        return None
    cells = table.to_pandas(
        types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get
    )
    return header, cells


def _split_records(text: str) -> tuple[list[str] | None, list[list[str]], list[int]]:
    """Split CSV text into the header, the data records and the line each record starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    header = None
    records: list[list[str]] = []
    lines: list[int] = []
    previous = 0
    for record in reader:
        start, previous = previous + 1, reader.line_num
        if not record or all(cell.strip() == "" for cell in record):
            continue
        if header is None:
            header = record
            continue
        records.append(record)
        lines.append(start)
    return header, records, lines


def _unique(names: list[str], reserved: Iterable[str] = ()) -> list[str]:
    """The names with '.1', '.2'... added where one repeats an earlier or a reserved name."""
    taken = set(reserved)
    out = []
    for n in names:
        unique, k = n, 0
        while unique in taken:
            k += 1
            unique = f"{n}.{k}"
        taken.add(unique)
        out.append(unique)
    return out


def _subject(problem: Problem) -> str:
    return f"'{_shorten(problem.value)}' " if problem.value not in (None, "") else ""


def _shorten(value: str | None, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
