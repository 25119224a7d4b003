"""Importing any event table (CSV, TSV, Excel) into the data contract, losing nothing.

read_table decodes and splits the file, propose_mapping guesses which column feeds which field,
import_table converts and validates through load.parse_events, and write_import saves OUT.csv
beside OUT.rejected.csv. Every data row of the source ends up in exactly one of the two.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import os
import re
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from timeline import schema as s
from timeline.load import ERROR, WARNING, LoadResult, Problem, parse_events

DEFAULT_MAX_MB = 50
MAX_COLUMNS = 1000
PREVIEW_ROWS = 5
UNSPECIFIED = "unspecified"
# Columns with more distinct labels than this are not compared for near-duplicates.
MAX_LABELS = 400
TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
DELIMITERS = ",\t;|"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

# Fields a source column can feed, in the order the mapping is shown.
FIELDS: tuple[str, ...] = (
    s.DATE,
    s.END_DATE,
    s.EVENT_TYPE,
    s.ACTOR,
    s.TITLE,
    s.DESCRIPTION,
    s.COUNT,
    s.COUNT_UNIT,
    s.LOCATION,
    s.LATITUDE,
    s.LONGITUDE,
    s.SOURCES,
    s.ID,
)
# Fields that may be composed from several columns, and how their parts are joined.
JOINERS: dict[str, str] = {s.TITLE: " — ", s.DESCRIPTION: "\n\n", s.SOURCES: " "}
CATEGORY_FIELDS = (s.EVENT_TYPE, s.ACTOR)

# Normalised column names that suggest a field, best first.
NAME_HINTS: dict[str, tuple[str, ...]] = {
    s.ID: ("id", "event_id", "event_id_cnty", "uid", "key"),
    s.DATE: ("date", "event_date", "start_date", "start", "day", "when", "date_of_event"),
    s.END_DATE: ("end_date", "end", "until", "date_end", "to_date", "end_day"),
    s.EVENT_TYPE: ("event_type", "type", "category", "kind", "class", "event_category"),
    s.ACTOR: ("actor", "actor1", "perpetrator", "initiator", "party", "who", "country"),
    s.TITLE: ("title", "event", "headline", "name", "event_name", "missile_name", "subject"),
    s.DESCRIPTION: ("description", "notes", "details", "summary", "text", "comment", "desc"),
    s.COUNT: ("count", "number", "quantity", "fatalities", "total", "n"),
    s.COUNT_UNIT: ("count_unit", "unit", "units"),
    s.LOCATION: ("location", "place", "site", "facility", "city", "launch_site", "area"),
    s.LATITUDE: ("latitude", "lat"),
    s.LONGITUDE: ("longitude", "lon", "lng", "long"),
    s.SOURCES: ("sources", "source", "resources", "url", "urls", "link", "links", "references"),
}


@dataclass(frozen=True)
class Preset:
    """A known public format: which column feeds which field, and fixed values."""

    name: str
    title: str
    columns: dict[str, tuple[str, ...]]
    constants: dict[str, str] = field(default_factory=dict)

    def fits(self, header: list[str]) -> bool:
        needed = {c for cols in self.columns.values() for c in cols}
        return needed <= set(header)


PRESETS: dict[str, Preset] = {
    "csis": Preset(
        "csis",
        "CSIS Beyond Parallel: Database of North Korean Provocations",
        {
            s.DATE: ("date",),
            s.EVENT_TYPE: ("type",),
            s.TITLE: ("event",),
            s.DESCRIPTION: ("description",),
            s.SOURCES: ("resources",),
        },
        {s.ACTOR: "north_korea"},
    ),
    "acled": Preset(
        "acled",
        "ACLED export",
        {
            s.ID: ("event_id_cnty",),
            s.DATE: ("event_date",),
            s.EVENT_TYPE: ("event_type",),
            s.ACTOR: ("actor1",),
            s.TITLE: ("sub_event_type", "location"),
            s.DESCRIPTION: ("notes",),
            s.COUNT: ("fatalities",),
            s.LOCATION: ("location",),
            s.LATITUDE: ("latitude",),
            s.LONGITUDE: ("longitude",),
            s.SOURCES: ("source",),
        },
        {s.COUNT_UNIT: "fatalities"},
    ),
}


class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass
class Table:
    """A source table as text: its header, data records and the line each record starts on."""

    name: str
    header: list[str]
    records: list[list[str]]
    lines: list[int]
    encoding: str
    delimiter: str | None = None
    sheet: str | None = None
    end_lines: list[int] = field(default_factory=list)
    # Records in which a quote opened and never closed, swallowing the lines after it.
    unclosed: set[int] = field(default_factory=set)

    @property
    def kind(self) -> str:
        if self.sheet is not None:
            return f"Excel workbook, sheet '{self.sheet}'"
        names = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
        return f"{self.encoding} text, {names.get(self.delimiter, repr(self.delimiter))}-separated"

    def preview(self, n: int = PREVIEW_ROWS) -> list[dict[str, str]]:
        """The first n records as dicts of column -> cell, for showing beside the mapping."""
        width = len(self.header)
        return [
            dict(zip(self.header, (r + [""] * width)[:width], strict=True))
            for r in self.records[:n]
        ]


@dataclass
class Mapping:
    """Which source columns feed each field, and fixed values for fields no column feeds."""

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    preset: str | None = None

    def describe(self) -> list[str]:
        """One line per mapped field, e.g. "title <- 'sub_event_type' + 'location'"."""
        out = []
        for name in FIELDS:
            if self.columns.get(name):
                out.append(f"{name} <- " + " + ".join(f"'{c}'" for c in self.columns[name]))
            elif name in self.constants:
                out.append(f"{name} = '{self.constants[name]}' for every row")
        return out


@dataclass(frozen=True)
class DateReading:
    """How a date column was read: the format, and whether day and month could be swapped."""

    column: str
    format: str
    label: str
    ambiguous: bool = False


@dataclass
class ImportResult:
    """The validated events (a LoadResult in source line numbers) plus how the file was read."""

    result: LoadResult
    table: Table
    mapping: Mapping
    dates: list[DateReading]
    contract: pd.DataFrame
    seconds: float = 0.0
    _events_csv: bytes | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return self.result.rows

    def summary(self) -> str:
        """One line such as '493 rows: 493 imported, 0 rejected, 73 warnings'."""
        r = self.result
        warnings = len(r.warnings)
        return (
            f"{r.rows} rows: {len(r.events)} imported, {len(r.rejected)} rejected, "
            f"{warnings} warning{'' if warnings == 1 else 's'}"
        )

    def events_csv(self) -> bytes:
        """The imported events in the data contract, UTF-8, as read back by read_events."""
        if self._events_csv is None:
            self._events_csv = self.contract.to_csv(index=False, lineterminator="\n").encode()
        return self._events_csv

    def rejected_csv(self) -> bytes:
        """The rejected source rows, unchanged, after their line and the reason."""
        return self.result.rejected.to_csv(index=False, lineterminator="\n").encode("utf-8")

    def key(self) -> str:
        """A content hash of the imported events: the same data always gets the same key."""
        return content_key(self.events_csv())


# ---------------------------------------------------------------- reading


def read_source(
    path: str | Path, max_mb: float = DEFAULT_MAX_MB, encoding: str | None = None
) -> Table:
    """Read a CSV, TSV or Excel file from disk; raises UnreadableFile with a message to act on."""
    name = str(path)
    path = Path(path)
    try:
        size = path.stat().st_size
        _check_size(name, size, max_mb)
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFile(f"{name}: file not found. Check the path.") from exc
    except (IsADirectoryError, PermissionError) as exc:
        raise UnreadableFile(f"{name}: cannot be read ({exc.strerror}). Check the path.") from exc
    return read_table(raw, name, encoding=encoding, max_mb=max_mb)


def read_table(
    raw: bytes, name: str, encoding: str | None = None, max_mb: float = DEFAULT_MAX_MB
) -> Table:
    """Decode and split the bytes of a CSV/TSV/XLSX file; `name` is used in messages."""
    _check_size(name, len(raw), max_mb)
    if not raw.strip():
        raise UnreadableFile(
            f"{name}: is empty. Export the table with a header row of column names."
        )
    if raw.startswith(b"PK\x03\x04"):
        return _read_excel(raw, name)
    _refuse_binary(raw, name)
    text, used = decode(raw, name, encoding)
    return _read_text(text, name, used)


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used: the one given, else detected from BOM and content."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise UnreadableFile(
                f"{name}: '{encoding}' is not an encoding Python knows. Try one of: "
                f"{', '.join(TEXT_ENCODINGS)}."
            ) from exc
        candidates = [encoding]
    elif raw.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif _looks_utf16(raw):
        candidates = ["utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"]
    else:
        candidates = ["utf-8", "cp1252", "latin-1"]
    for candidate in candidates:
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError as exc:
            if candidate == candidates[-1]:
                raise UnreadableFile(
                    f"{name}: is not valid {candidate} text (byte 0x{raw[exc.start]:02x} at "
                    f"position {exc.start}). Give the right encoding with --encoding, "
                    f"e.g. {', '.join(TEXT_ENCODINGS)}."
                ) from exc
            continue
        if "\x00" in text:
            raise UnreadableFile(f"{name}: contains NUL characters, so it is not a text table.")
        return text.removeprefix("\ufeff"), candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:4000]
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) // 2
    return half > 0 and max(zeros_odd, zeros_even) > 0.4 * half and min(zeros_odd, zeros_even) == 0


_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "a program (ELF binary)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel 97–2003 (.xls) workbook. Save it as .xlsx or CSV",
}


def _refuse_binary(raw: bytes, name: str) -> None:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        return
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise UnreadableFile(
                f"{name}: is {what}, not a table. Export the table as CSV or .xlsx."
            )
    head = raw[:8192]
    if b"\x00" in head:
        raise UnreadableFile(
            f"{name}: is a binary file, not a text table. Export the table as CSV or .xlsx."
        )
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if controls > 0.05 * len(head):
        raise UnreadableFile(
            f"{name}: is a binary file, not a text table. Export the table as CSV or .xlsx."
        )


def _check_size(name: str, size: int, max_mb: float) -> None:
    if size > max_mb * 1024 * 1024:
        raise UnreadableFile(
            f"{name}: is {size / 1024 / 1024:.1f} MB, over the import limit of {max_mb:g} MB. "
            "Split the file, or raise the limit (--max-mb, TIMELINE_MAX_UPLOAD_MB)."
        )


def sniff_delimiter(text: str) -> str:
    """The delimiter of CSV text: csv.Sniffer's guess when the header agrees, else the commonest."""
    sample = "\n".join(text[:65536].splitlines()[:20])
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        guess = None
    if guess and counts.get(guess, 0) > 0:
        return guess
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_text(text: str, name: str, encoding: str) -> Table:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    ends: list[int] = []
    previous = 0
    try:
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if header is None:
                header = _check_header(record, name)
                continue
            records.append(record)
            lines.append(start)
            ends.append(previous)
    except csv.Error as exc:
        raise UnreadableFile(
            f"{name}, line {previous + 1}: cannot be split into cells ({exc}). "
            "Check for a quote that is opened and never closed."
        ) from exc
    if header is None:
        raise UnreadableFile(
            f"{name}: is empty. Export the table with a header row of column names."
        )
    table = Table(name, header, records, lines, encoding, delimiter, end_lines=ends)
    table.unclosed = _unclosed_quotes(text, lines, ends)
    return table


def _unclosed_quotes(text: str, lines: list[int], ends: list[int]) -> set[int]:
    """Positions of records spanning lines with an odd number of quotes: a quote never closed."""
    spanning = [pos for pos, (a, b) in enumerate(zip(lines, ends, strict=True)) if b > a]
    if not spanning:
        return set()
    raw = io.StringIO(text, newline="").readlines()
    return {pos for pos in spanning if "".join(raw[lines[pos] - 1 : ends[pos]]).count('"') % 2}


def _read_excel(raw: bytes, name: str) -> Table:
    import openpyxl  # only needed for workbooks
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"{name}: is a ZIP archive but not an Excel workbook ({exc}). Save it as .xlsx or CSV."
        ) from exc
    try:
        # The first sheet that has a header row; later sheets are usually notes or lookups.
        for sheet in book.worksheets:
            table = _read_sheet(sheet, name)
            if table is not None:
                return table
        raise UnreadableFile(f"{name}: the workbook has no sheet with data.")
    finally:
        book.close()


def _read_sheet(sheet, name: str) -> Table | None:
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_excel_text(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = _check_header(cells, f"{name}, sheet '{sheet.title}'")
            continue
        records.append(cells)
        lines.append(number)
    if header is None:
        return None
    width = len(header)
    # Excel rows are ragged only because empty trailing cells are dropped; pad them back.
    records = [r + [""] * (width - len(r)) if len(r) < width else r for r in records]
    return Table(name, header, records, lines, "xlsx", None, sheet.title, list(lines))


def _excel_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d") if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DATA_LIKE = re.compile(r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|-?\d+(\.\d+)?|https?://\S+)$")


def _check_header(record: list[str], name: str) -> list[str]:
    if len(record) > MAX_COLUMNS:
        raise UnreadableFile(
            f"{name}: has {len(record):,} columns; the importer reads at most {MAX_COLUMNS:,}. "
            "Remove the columns you do not need and try again."
        )
    cells = [c.strip() for c in record]
    looks_like_data = [c for c in cells if _DATA_LIKE.match(c)]
    if looks_like_data:
        raise UnreadableFile(
            f"{name}, line 1: the first row looks like data, not column names "
            f"('{looks_like_data[0]}'). Add a header row that names each column, e.g. "
            "date,title,sources."
        )
    header = [c or f"column {i + 1}" for i, c in enumerate(cells)]
    seen: Counter[str] = Counter()
    unique = []
    for h in header:
        seen[h] += 1
        unique.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return unique


# ---------------------------------------------------------------- mapping


def normalise_name(name: str) -> str:
    """'Event Date ' -> 'event_date': how column names are compared."""
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def detect_preset(header: list[str]) -> str | None:
    """The name of the first preset whose columns the header has, if any."""
    for preset in PRESETS.values():
        if preset.fits(header):
            return preset.name
    return None


def preset_mapping(name: str, header: list[str]) -> Mapping:
    """The mapping of a preset; raises UnreadableFile naming the missing columns."""
    if name not in PRESETS:
        raise UnreadableFile(f"There is no preset '{name}'. Presets: {', '.join(PRESETS)}.")
    preset = PRESETS[name]
    needed = dict.fromkeys(c for cols in preset.columns.values() for c in cols)
    missing = [c for c in needed if c not in header]
    if missing:
        raise UnreadableFile(
            f"The {name} preset needs the column(s) {', '.join(repr(m) for m in missing)}, "
            f"which the file does not have (found: {', '.join(header)}). Map columns with --map."
        )
    return Mapping(dict(preset.columns), dict(preset.constants), preset=name)


def propose_mapping(table: Table) -> Mapping:
    """Guess which column feeds each field, by the column names first and then by their content."""
    preset = detect_preset(table.header)
    if preset:
        return preset_mapping(preset, table.header)
    free = list(table.header)
    columns: dict[str, tuple[str, ...]] = {}
    sample = _sample_columns(table, 200)
    for target in NAME_HINTS:
        column = _by_name(free, target)
        if column is not None:
            columns[target] = (column,)
            free.remove(column)
    for target, test in (
        (s.DATE, lambda v: _date_share(v) >= 0.8),
        (s.SOURCES, lambda v: _share(v, lambda x: "http" in x or x.startswith("www.")) >= 0.5),
        (s.DESCRIPTION, lambda v: _mean_length(v) >= 60),
        (s.TITLE, lambda v: 5 <= _mean_length(v) < 150),
    ):
        if target not in columns:
            column = next((c for c in free if test(sample[c])), None)
            if column is not None:
                columns[target] = (column,)
                free.remove(column)
    constants = {}
    if s.COUNT in columns and s.COUNT_UNIT not in columns:
        constants[s.COUNT_UNIT] = normalise_name(columns[s.COUNT][0]).replace("_", " ")
    return Mapping(columns, constants)


def _by_name(free: list[str], target: str) -> str | None:
    names = {normalise_name(c): c for c in free}
    for hint in NAME_HINTS[target]:
        if hint in names:
            return names[hint]
    if target in (s.DATE, s.SOURCES, s.DESCRIPTION, s.LOCATION):
        for c in free:
            words = normalise_name(c).split("_")
            if any(h in words for h in NAME_HINTS[target][:2]) and not (
                target == s.DATE and "end" in words
            ):
                return c
    return None


def _sample_columns(table: Table, n: int) -> dict[str, list[str]]:
    rows = table.records[:n]
    return {
        h: [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
        for i, h in enumerate(table.header)
    }


def _share(values: list[str], test: Callable[[str], bool]) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _mean_length(values: list[str]) -> float:
    return sum(map(len, values)) / len(values) if values else 0.0


def _date_share(values: list[str]) -> float:
    if not values:
        return 0.0
    series = pd.Series(values, dtype=object)
    return float((~parse_dates(series, "sample")[1]).mean())


def apply_overrides(
    mapping: Mapping, header: list[str], maps: list[str] = (), sets: list[str] = ()
) -> Mapping:
    """Apply --map FIELD=COLUMN (repeat to compose; empty to unmap) and --set FIELD=VALUE."""
    columns = dict(mapping.columns)
    constants = dict(mapping.constants)
    touched: set[str] = set()
    for item in maps:
        target, column = _split_assignment(item, "--map")
        if column and column not in header:
            close = difflib.get_close_matches(column, header, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise UnreadableFile(
                f"--map {item}: there is no column '{column}'.{hint} Columns: {', '.join(header)}."
            )
        if target not in touched:
            columns[target] = ()
            constants.pop(target, None)
            touched.add(target)
        if column:
            if columns[target] and target not in JOINERS:
                raise UnreadableFile(
                    f"--map {item}: only {', '.join(JOINERS)} can be composed from several "
                    f"columns; {target} is already '{columns[target][0]}'."
                )
            columns[target] = (*columns[target], column)
    for item in sets:
        target, value = _split_assignment(item, "--set")
        columns.pop(target, None)
        constants[target] = value
    return Mapping({k: v for k, v in columns.items() if v}, constants, mapping.preset)


def _split_assignment(item: str, flag: str) -> tuple[str, str]:
    target, sep, value = item.partition("=")
    target = target.strip()
    if not sep or target not in FIELDS:
        raise UnreadableFile(
            f"{flag} {item}: write FIELD=COLUMN where FIELD is one of: {', '.join(FIELDS)}."
        )
    return target, value.strip()


def read_type_map(path: str | Path) -> dict[tuple[str, str], str]:
    """A remapping file (CSV/XLSX with columns from,to and optionally field) as (field, from) -> to."""
    table = read_source(path)
    header = [normalise_name(h) for h in table.header]
    if "from" not in header or "to" not in header:
        raise UnreadableFile(
            f"{path}: a type map needs the columns from,to (and optionally field: event_type or "
            f"actor); found: {', '.join(table.header)}."
        )
    at = {h: i for i, h in enumerate(header)}
    out = {}
    for record, line in zip(table.records, table.lines, strict=True):
        cell = dict(zip(header, record, strict=False))
        target = (cell.get("field") or s.EVENT_TYPE).strip()
        if target not in CATEGORY_FIELDS:
            raise UnreadableFile(
                f"{path}, line {line}: field '{target}' cannot be remapped; use event_type or actor."
            )
        out[(target, record[at["from"]].strip())] = record[at["to"]].strip()
    return out


# ---------------------------------------------------------------- dates

# (strptime format, readable label, example); tried in this order, first best wins.
DATE_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("%Y-%m-%d", "YYYY-MM-DD", "2025-05-16"),
    ("%Y/%m/%d", "YYYY/MM/DD", "2025/05/16"),
    ("%d-%b-%y", "D-Mon-YY", "9-Apr-84"),
    ("%d-%b-%Y", "D-Mon-YYYY", "9-Apr-1984"),
    ("%d %B %Y", "D Month YYYY", "16 May 2025"),
    ("%d %b %Y", "D Mon YYYY", "16 Sep 2025"),
    ("%B %d, %Y", "Month D, YYYY", "May 16, 2025"),
    ("%b %d, %Y", "Mon D, YYYY", "Sep 16, 2025"),
    ("%m/%d/%Y", "MM/DD/YYYY", "05/16/2025"),
    ("%d/%m/%Y", "DD/MM/YYYY", "16/05/2025"),
    ("%m/%d/%y", "MM/DD/YY", "05/16/25"),
    ("%d/%m/%y", "DD/MM/YY", "16/05/25"),
    ("%d.%m.%Y", "DD.MM.YYYY", "16.05.2025"),
    ("%m-%d-%Y", "MM-DD-YYYY", "05-16-2025"),
    ("%d-%m-%Y", "DD-MM-YYYY", "16-05-2025"),
)
EXCEL_SERIAL = "excel-serial"
_LABELS = {f: (label, example) for f, label, example in DATE_FORMATS}
_LABELS[EXCEL_SERIAL] = ("an Excel serial day number", "45793")
_SWAPPED = {"%m/%d/%Y": "%d/%m/%Y", "%m/%d/%y": "%d/%m/%y", "%m-%d-%Y": "%d-%m-%Y"}
_SWAPPED.update({v: k for k, v in list(_SWAPPED.items())})
_TIME_PART = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$"
_SERIAL = re.compile(r"^\d{1,6}(\.\d+)?$")


def parse_dates(
    cells: pd.Series, column: str, date_format: str | None = None, dayfirst: bool = False
) -> tuple[pd.Series, pd.Series, DateReading | None]:
    """Parse a column of date text: (YYYY-MM-DD strings, mask of unreadable cells, how it was read).

    The format that reads most of the column wins; cells it cannot read try the other formats.
    Two-digit years land in the past century when they would otherwise be in the future.
    """
    text = cells.fillna("").astype(str).str.strip()
    present = text != ""
    out = pd.Series("", index=cells.index, dtype="str")
    if not present.any():
        return out, pd.Series(False, index=cells.index), None
    values = text[present]
    if values.str.contains(_TIME_PART, regex=True).any():
        values = values.str.replace(_TIME_PART, "", regex=True)
    if date_format:
        order, ambiguous = [date_format], False
    else:
        order, ambiguous = _rank_formats(values, dayfirst)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    for fmt in order:
        todo = parsed.isna()
        if not todo.any():
            break
        parsed[todo] = _parse_with(values[todo], fmt)
    unread = pd.Series(False, index=cells.index)
    unread[values.index] = parsed.isna()
    out[values.index] = parsed.dt.strftime(s.DATE_FORMAT).fillna("")
    label = _LABELS.get(order[0], (order[0], ""))[0]
    return out, unread, DateReading(column, order[0], label, ambiguous)


def _parse_with(values: pd.Series, fmt: str) -> pd.Series:
    if fmt == EXCEL_SERIAL:
        numbers = pd.to_numeric(values.where(values.str.match(_SERIAL)), errors="coerce")
        numbers = numbers.where((numbers >= 1) & (numbers < 2958466) & ~_looks_like_year(values))
        days = pd.to_timedelta(numbers.round(), unit="D")
        return (pd.Timestamp("1899-12-30") + days).astype("datetime64[s]")
    try:
        parsed = pd.to_datetime(values, format=fmt, errors="coerce")
    except (ValueError, OverflowError):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    parsed = parsed.astype("datetime64[s]")
    if "%y" in fmt:
        future = parsed.dt.year > date.today().year
        parsed[future] = parsed[future] - pd.DateOffset(years=100)
    return parsed


def _looks_like_year(values: pd.Series) -> pd.Series:
    return values.str.match(r"^(1[6-9]|20|21)\d\d$")


def _may_fit(fmt: str, characters: str) -> bool:
    """Whether a format could read a value with these non-digit characters."""
    if fmt == EXCEL_SERIAL:
        return set(characters) <= {"."}
    needs_letters = "%b" in fmt or "%B" in fmt
    has_letters = any(c.isalpha() for c in characters)
    separators = {c for c in fmt.replace("%", "") if not c.isalpha()}
    return needs_letters == has_letters and separators <= set(characters)


def _rank_formats(values: pd.Series, dayfirst: bool) -> tuple[list[str], bool]:
    """Formats best first for these values, and whether day and month could not be told apart."""
    sample = values.drop_duplicates().head(500)
    names = [f for f, _, _ in DATE_FORMATS] + [EXCEL_SERIAL]
    shapes = set(sample.str.replace(r"[0-9]", "", regex=True))
    scores = {
        fmt: int(_parse_with(sample, fmt).notna().sum())
        if any(_may_fit(fmt, shape) for shape in shapes)
        else 0
        for fmt in names
    }
    if dayfirst:
        names = [_SWAPPED.get(f, f) if f.startswith("%m") else f for f in names]
        names = list(dict.fromkeys(names + [f for f, _, _ in DATE_FORMATS]))
    ranked = sorted(names, key=lambda f: -scores[f])
    best = ranked[0]
    twin = _SWAPPED.get(best)
    ambiguous = twin is not None and scores[twin] == scores[best] and scores[best] > 0
    return ranked, ambiguous


# ---------------------------------------------------------------- sources

_URL = re.compile(r"(?:https?://|www\.)[^\s;|<>\"']+", re.IGNORECASE)
_RUN_TOGETHER = re.compile(r"(?<![/=?&%])(?=https?://)", re.IGNORECASE)
_LABEL = re.compile(r"(?<=[a-z0-9/._-])[A-Z][a-z]+:$")
_TRAILING_WORD = re.compile(r"(?<=[a-zA-Z0-9/._-])[A-Z][a-z]+$")
_SIMPLE_URL = r"^https?://[^\s;|<>\"']+$"


def split_sources(cell: str) -> tuple[list[str], list[str]]:
    """Split a sources cell into http(s) links and any text that is not a link.

    Handles links separated by spaces, ';', '|' or ', ', links run together with no separator
    ('...index.htmlVideo:https://...'), a missing scheme ('www.'), HTML leftovers ('">') and
    repeated links.
    """
    urls: list[str] = []
    notes: list[str] = []
    position = 0
    for match in _URL.finditer(cell):
        notes.append(cell[position : match.start()])
        position = match.end()
        pieces = [p for p in _RUN_TOGETHER.split(match.group(0)) if p]
        for i, piece in enumerate(pieces):
            if i < len(pieces) - 1:
                piece = _LABEL.sub("", piece)
            elif position < len(cell) and cell[position].isspace():
                rest = cell[position:].lstrip()
                word = _TRAILING_WORD.search(piece)
                if word and rest[:1].isalnum():
                    notes.append(word.group(0) + " ")
                    piece = piece[: word.start()]
            piece = _trim_url(piece)
            if piece.lower().startswith("www."):
                piece = "http://" + piece
            if piece and piece not in urls:
                urls.append(piece)
    notes.append(cell[position:])
    note = " ".join("".join(notes).split())
    note = note.strip(" ;,|\"'<>")
    return urls, [note] if re.search(r"\w", note) else []


def _trim_url(url: str) -> str:
    url = url.rstrip(".,;:!?\"'>")
    if url.endswith(")") and "(" not in url:
        url = url.rstrip(")")
    return url


# ---------------------------------------------------------------- converting


@dataclass
class _Rows:
    """Per-row errors and warnings collected while converting, by row position."""

    table: Table
    errors: dict[int, list[Problem]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, pos: int, column: str | None, value: str | None, message: str) -> None:
        line = self.table.lines[pos]
        self.errors.setdefault(pos, []).append(
            Problem(ERROR, self.table.name, message, line, column, value)
        )

    def warn(self, pos: int | None, column: str | None, value: str | None, message: str) -> None:
        line = self.table.lines[pos] if pos is not None else None
        self.warnings.append(Problem(WARNING, self.table.name, message, line, column, value))


def import_table(
    table: Table,
    mapping: Mapping,
    date_format: str | None = None,
    dayfirst: bool = False,
    type_map: dict[tuple[str, str], str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Convert a table to the data contract with a mapping, validate it, and account for every row."""
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    rows = _Rows(table)
    _file_warnings(rows, mapping)
    width = len(table.header)
    good = []
    for pos, record in enumerate(table.records):
        if len(record) == width and pos not in table.unclosed:
            good.append(pos)
        else:
            rows.error(pos, None, None, _shape_message(table, pos, len(record), width))
    src = pd.DataFrame(
        [table.records[p] for p in good], columns=table.header, index=good, dtype="str"
    )
    say(f"converting {len(src):,} rows")
    contract, dates = _convert(src, mapping, rows, date_format, dayfirst, type_map or {})
    _near_duplicates(src, mapping, rows)
    checked = contract.drop(index=[p for p in rows.errors if p in contract.index])
    say(f"validating {len(checked):,} rows")
    checked_csv = checked.to_csv(index=False, lineterminator="\n").encode("utf-8")
    loaded = parse_events(checked_csv, table.name, strict_vocabulary=False)
    result = _account(table, mapping, rows, checked, loaded)
    kept = result.events[s.LINE]
    line_to_pos = dict(zip(table.lines, range(len(table.lines)), strict=True))
    imported = (
        contract.loc[[line_to_pos[int(line)] for line in kept]] if len(kept) else contract.iloc[:0]
    )
    imported = imported.assign(_d=result.events[s.DATE].to_numpy()).sort_values("_d", kind="stable")
    imported = imported.drop(columns="_d").reset_index(drop=True)
    return ImportResult(result, table, mapping, dates, imported, time.perf_counter() - started)


def _file_warnings(rows: _Rows, mapping: Mapping) -> None:
    for target, fix in ((s.DATE, "--map date=COLUMN"), (s.TITLE, "--map title=COLUMN")):
        if not mapping.columns.get(target) and target not in mapping.constants:
            raise UnreadableFile(
                f"{rows.table.name}: no column is mapped to {target}, which every event needs. "
                f"Use {fix}; columns: {', '.join(rows.table.header)}."
            )
    if not mapping.columns.get(s.SOURCES):
        rows.warn(
            None,
            s.SOURCES,
            None,
            "no column is mapped to sources, so no event links to a page that reports it. "
            "Use --map sources=COLUMN.",
        )
    for target in CATEGORY_FIELDS:
        if not mapping.columns.get(target) and target not in mapping.constants:
            rows.warn(
                None,
                target,
                None,
                f"no column is mapped to {target}, so every event gets '{UNSPECIFIED}'. "
                f"Use --map {target}=COLUMN or --set {target}=VALUE.",
            )


def _shape_message(table: Table, pos: int, found: int, width: int) -> str:
    start, end = table.lines[pos], (table.end_lines or table.lines)[pos]
    if pos in table.unclosed or (end - start >= 2 and found != width):
        return (
            f'lines {start}–{end} were read as one row of {found} cells because a quote (") '
            f"opened in it is never closed. Close the quote, or remove it."
        )
    return (
        f"this row has {found} cells but the header has {width}. Quote cells that contain "
        f"the delimiter, and check for missing or extra cells."
    )


def _column_text(src: pd.DataFrame, columns: tuple[str, ...], joiner: str) -> pd.Series:
    parts = [src[c].astype(str).str.strip() for c in columns]
    if len(parts) == 1:
        return parts[0]
    joined = [joiner.join(p for p in values if p) for values in zip(*parts, strict=True)]
    return pd.Series(joined, index=src.index, dtype="str")


def _convert(src, mapping, rows, date_format, dayfirst, type_map):
    out = pd.DataFrame(index=src.index)
    for target in s.COLUMNS:
        columns = mapping.columns.get(target)
        if columns:
            out[target] = _column_text(src, columns, JOINERS.get(target, " "))
        elif target in mapping.constants:
            out[target] = mapping.constants[target]
        elif target in CATEGORY_FIELDS:
            out[target] = UNSPECIFIED
        else:
            out[target] = ""
    out = out.astype("str")
    for column in out.columns:
        if out[column].str.contains("\r", regex=False).any():
            out[column] = out[column].str.replace("\r\n", "\n").str.replace("\r", "\n")
    dates = []
    for target in (s.DATE, s.END_DATE):
        columns = mapping.columns.get(target)
        if not columns:
            continue
        parsed, unread, reading = parse_dates(out[target], columns[0], date_format, dayfirst)
        for pos in unread[unread].index:
            label, example = _LABELS.get(reading.format, (reading.format, ""))
            rows.error(
                pos,
                columns[0],
                out.at[pos, target],
                f"is not a date. This column reads as {label}"
                + (f", e.g. {example}" if example else "")
                + "; fix the value, or set the format with --date-format.",
            )
        out[target] = parsed
        if reading is not None:
            dates.append(reading)
            if reading.ambiguous:
                first, twin = reading.format, _SWAPPED[reading.format]
                rows.warn(
                    None,
                    columns[0],
                    None,
                    f"every date could be read day-first or month-first; read as "
                    f"{_LABELS[first][0]}. If they are {_LABELS[twin][0]}, use --date-format "
                    f"'{twin}'" + (" or --dayfirst." if twin.startswith("%d") else "."),
                )
    for target in CATEGORY_FIELDS:
        remap = {frm: to for (fld, frm), to in type_map.items() if fld == target}
        if remap:
            lower = {k.lower(): v for k, v in remap.items()}
            out[target] = out[target].map(
                lambda v, r=remap, lo=lower: r.get(v, lo.get(v.lower(), v))
            )
    if mapping.columns.get(s.COUNT):
        counts = out[s.COUNT]
        thousands = counts.str.match(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
        out.loc[thousands, s.COUNT] = counts[thousands].str.replace(",", "", regex=False)
    if mapping.columns.get(s.SOURCES):
        _clean_sources(out, mapping.columns[s.SOURCES], rows)
    if not mapping.columns.get(s.ID):
        out[s.ID] = _generated_ids(out, rows)
    blank = (out.drop(columns=[s.ID, s.EVENT_TYPE, s.ACTOR, s.COUNT_UNIT]) == "").all(axis=1)
    for pos in blank[blank].index:
        rows.error(pos, None, None, "none of the mapped columns has a value in this row.")
    return out, dates


def _clean_sources(out: pd.DataFrame, columns: tuple[str, ...], rows: _Rows) -> None:
    cells = out[s.SOURCES]
    simple = cells.str.match(_SIMPLE_URL) & (cells.str.count("(?i)https?://") == 1)
    simple &= ~cells.str.contains(r"[.,;:!?)]$", regex=True)
    column = columns[0] if len(columns) == 1 else s.SOURCES
    sources: dict[int, str] = {}
    descriptions: dict[int, str] = {}
    for pos in cells.index[~simple & (cells != "")]:
        cell = cells.at[pos]
        urls, notes = split_sources(cell)
        sources[pos] = " ".join(urls)
        said = []
        if len(urls) > 1 or (urls and " ".join(urls) != cell.strip()):
            said.append(f"read as the link(s) {' '.join(urls)}")
        if notes:
            note = "Source: " + "; ".join(notes)
            description = out.at[pos, s.DESCRIPTION]
            descriptions[pos] = f"{description}\n\n{note}" if description else note
            said.append(f"text that is not a link is kept in the description as '{note}'")
        if said:
            rows.warn(pos, column, cell, "; ".join(said) + ".")
    # One assignment per column: setting cells one by one is slow on Arrow-backed strings.
    for target, values in ((s.SOURCES, sources), (s.DESCRIPTION, descriptions)):
        if values:
            out.loc[list(values), target] = list(values.values())


def _generated_ids(out: pd.DataFrame, rows: _Rows) -> pd.Series:
    slug = out[s.TITLE].str.lower().str.replace(r"[^0-9a-z]+", "-", regex=True).str.strip("-")
    slug = slug.str.slice(0, 48).str.rstrip("-")
    lines = pd.Series([rows.table.lines[p] for p in out.index], index=out.index).astype(str)
    base = out[s.DATE].where(out[s.DATE] != "", "line-" + lines) + "-" + slug
    base = base.str.rstrip("-")
    repeat = base.groupby(base).cumcount()
    return base.where(repeat == 0, base + "-" + (repeat + 1).astype(str))


def _near_duplicates(src: pd.DataFrame, mapping: Mapping, rows: _Rows) -> None:
    """Point out labels that differ only by a typo or case, e.g. 'DMZ Enroachment'/'Encroachment'."""
    columns = {c: f for f in (s.TITLE, *CATEGORY_FIELDS) for c in mapping.columns.get(f, ())[:1]}
    for column, target in sorted(columns.items()):
        fix = "remap one with --type-map" if target in CATEGORY_FIELDS else "fix one spelling"
        counts = src[column].astype(str).str.strip().value_counts()
        if not 2 <= len(counts) <= MAX_LABELS:
            continue
        for a, b in near_duplicate_labels(list(counts.index)):
            rows.warn(
                None,
                column,
                a,
                f"({counts[a]} row{'s' if counts[a] != 1 else ''}) looks like a variant of "
                f"'{b}' ({counts[b]} row{'s' if counts[b] != 1 else ''}). If they are the same, "
                f"{fix}.",
            )


_DIGITS = re.compile(r"\d+")


def near_duplicate_labels(labels: list[str]) -> list[tuple[str, str]]:
    """Pairs (rarer, commoner) of labels a typo apart, or equal ignoring case and punctuation."""
    keys = [(label, re.sub(r"[^0-9a-z]+", " ", label.lower()).strip()) for label in labels if label]
    pairs = []
    for i, (a, ka) in enumerate(keys):
        for b, kb in keys[:i]:
            if _DIGITS.sub("", ka) == _DIGITS.sub("", kb) and ka != kb:
                continue  # a numbered series ('round 1', 'round 2'), not a typo
            # One edit apart for short labels, two for long ones: 'north_korea' and
            # 'south_korea' are two edits apart and not a typo.
            limit = 1 if min(len(ka), len(kb)) < 20 else 2
            if ka == kb or (
                min(len(ka), len(kb)) >= 8
                and abs(len(ka) - len(kb)) <= limit
                and _within(ka, kb, limit)
            ):
                pairs.append((a, b))
    return pairs


def _within(a: str, b: str, limit: int) -> bool:
    """Damerau-Levenshtein distance (optimal string alignment) at most `limit`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def _account(
    table: Table, mapping: Mapping, rows: _Rows, checked, loaded: LoadResult
) -> LoadResult:
    """Map the validator's lines back to source lines, and gather every rejected source row."""
    newlines = sum(checked[c].str.count("\n") for c in checked.columns) if len(checked) else 0
    starts = 2 + (pd.Series(newlines, index=checked.index) + 1).cumsum().shift(fill_value=0)
    to_pos = dict(zip(starts.astype(int), checked.index, strict=True))
    problems: list[Problem] = [p for p in rows.warnings]
    errors = dict(rows.errors)
    no_sources = not mapping.columns.get(s.SOURCES)
    for p in loaded.problems:
        if no_sources and p.column == s.SOURCES and not p.is_error:
            continue  # said once for the file
        if p.line is None or p.line not in to_pos:
            if p.is_error:
                problems.append(Problem(p.severity, table.name, p.message))
            continue
        pos = to_pos[p.line]
        moved = Problem(
            p.severity,
            table.name,
            p.message,
            table.lines[pos],
            _source_column(mapping, p.column),
            p.value,
        )
        if p.is_error:
            errors.setdefault(pos, []).append(moved)
        else:
            problems.append(moved)
    for pos in sorted(errors):
        problems.extend(errors[pos])
    problems.sort(key=lambda p: (p.line or 0, p.severity != ERROR))
    events = loaded.events.copy()
    if len(events):
        events[s.LINE] = [table.lines[to_pos[int(line)]] for line in events[s.LINE]]
    return LoadResult(events, rejected_rows(table, errors), problems, rows=len(table.records))


def _source_column(mapping: Mapping, target: str | None) -> str | None:
    columns = mapping.columns.get(target or "", ())
    return columns[0] if len(columns) == 1 else target


def reason(problem: Problem) -> str:
    """One reason in a rejected row: "column 'Date': '31/02/2024' is not a date. …"."""
    where = f"column '{problem.column}': " if problem.column else ""
    value = problem.value or ""
    subject = f"'{value if len(value) <= 80 else value[:79] + '…'}' " if value else ""
    return f"{where}{subject}{problem.message}"


def rejected_rows(table: Table, errors: dict[int, list[Problem]]) -> pd.DataFrame:
    """The rejected source rows, cell for cell as in the file, after their line and reasons."""
    width = len(table.header)
    longest = max((len(table.records[p]) for p in errors), default=width)
    extra = [f"(extra cell {i})" for i in range(1, longest - width + 1)]
    data = []
    for pos in sorted(errors):
        record = list(table.records[pos])
        record += [""] * (width + len(extra) - len(record))
        data.append([table.lines[pos], "; ".join(reason(p) for p in errors[pos]), *record])
    return pd.DataFrame(data, columns=[s.LINE, s.REASON, *table.header, *extra], dtype=object)


# ---------------------------------------------------------------- files


def import_file(
    path: str | Path,
    preset: str | None = None,
    maps: list[str] = (),
    sets: list[str] = (),
    encoding: str | None = None,
    date_format: str | None = None,
    dayfirst: bool = False,
    type_map: str | Path | None = None,
    max_mb: float = DEFAULT_MAX_MB,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Read, map and validate one file: what `timeline import` does before writing."""
    say = progress or (lambda _message: None)
    say(f"reading {path}")
    table = read_source(path, max_mb=max_mb, encoding=encoding)
    mapping = preset_mapping(preset, table.header) if preset else propose_mapping(table)
    mapping = apply_overrides(mapping, table.header, maps, sets)
    remap = read_type_map(type_map) if type_map else None
    return import_table(table, mapping, date_format, dayfirst, remap, progress)


def rejected_path(out: str | Path) -> Path:
    """OUT.csv -> OUT.rejected.csv, beside it."""
    out = Path(out)
    return out.with_name(out.stem + ".rejected" + (out.suffix or ".csv"))


def write_import(imported: ImportResult, out: str | Path) -> tuple[Path, Path]:
    """Write OUT.csv and OUT.rejected.csv atomically; returns both paths."""
    out = Path(out)
    rejected = rejected_path(out)
    write_atomic(out, imported.events_csv())
    write_atomic(rejected, imported.rejected_csv())
    return out, rejected


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def content_key(data: bytes) -> str:
    """A short, filesystem-safe content hash."""
    return hashlib.sha256(data).hexdigest()[:32]


def is_contract_file(path: str | Path) -> bool:
    """True when the file is a UTF-8 CSV whose header has every required contract column."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return False
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return set(s.REQUIRED) <= {h.strip() for h in header}


def is_foreign_table(path: str | Path) -> bool:
    """True for a readable table that is not in the data contract but that the importer knows how
    to map without help: an Excel or TSV file, or a CSV in a preset's format (CSIS, ACLED)."""
    path = Path(path)
    if not path.is_file() or is_contract_file(path):
        return False
    if path.suffix.lower() in (*EXCEL_SUFFIXES, ".tsv"):
        return True
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return detect_preset([h.strip() for h in header]) is not None


def load_any(
    path: str | Path,
    strict_vocabulary: bool = True,
    preset: str | None = None,
    maps: list[str] = (),
    sets: list[str] = (),
) -> LoadResult:
    """Events from a contract CSV as read_events reads it, or from any other table via import."""
    from timeline.load import read_events

    if not (preset or maps or sets) and is_contract_file(path):
        return read_events(path, strict_vocabulary=strict_vocabulary)
    try:
        return import_file(path, preset=preset, maps=list(maps), sets=list(sets)).result
    except UnreadableFile as exc:
        return _unusable(str(path), exc)


def _unusable(name: str, exc: UnreadableFile) -> LoadResult:
    empty = parse_events(",".join(s.COLUMNS).encode(), name)
    return LoadResult(empty.events, empty.rejected, [Problem(ERROR, name, str(exc))], rows=0)
