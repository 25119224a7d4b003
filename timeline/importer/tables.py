"""Reading CSV, TSV and Excel bytes into a Table of text cells."""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from timeline.config import DEFAULT_MAX_UPLOAD_MB, ReadLimits, upload_bytes
from timeline.importer.encodings import decode, looks_utf16
from timeline.importer.errors import UnreadableFile

DEFAULT_MAX_MB = DEFAULT_MAX_UPLOAD_MB
MAX_COLUMNS = 1000
PREVIEW_ROWS = 5
# The upload dialog proposes a mapping from this many data rows, never reading the whole file.
SAMPLE_ROWS = 1000
# A workbook part that inflates more than this from its compressed size is a zip bomb; real
# sheets stay far below it (Apache POI refuses the same ratio by default). Small parts are exempt.
MAX_ZIP_RATIO = 100
RATIO_EXEMPT_BYTES = 1024 * 1024
DEFAULT_LIMITS = ReadLimits()
# How often, in rows, the time limit is looked at while reading.
CLOCK_ROWS = 1000
DELIMITERS = ",\t;|"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


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
    # False when only the first rows were read (the upload dialog's sample).
    complete: bool = True

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


def read_source(
    path: str | Path,
    max_mb: float = DEFAULT_MAX_MB,
    encoding: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
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
    return read_table(raw, name, encoding=encoding, max_mb=max_mb, limits=limits)


def read_table(
    raw: bytes,
    name: str,
    encoding: str | None = None,
    max_mb: float = DEFAULT_MAX_MB,
    limits: ReadLimits = DEFAULT_LIMITS,
    rows: int | None = None,
) -> Table:
    """Decode and split the bytes of a CSV/TSV/XLSX file; `name` is used in messages.

    Reading stops with UnreadableFile as soon as the file passes one of `limits`; with `rows`,
    only that many data rows are read (the table is then marked incomplete)."""
    _check_size(name, len(raw), max_mb)
    if not raw.strip():
        raise UnreadableFile(
            f"{name}: is empty. Export the table with a header row of column names."
        )
    budget = _Budget(name, limits, rows)
    if raw.startswith(b"PK\x03\x04"):
        _check_inflation(raw, name, limits)
        return _read_excel(raw, name, budget)
    _refuse_binary(raw, name)
    text, used = decode(raw, name, encoding)
    return _read_text(text, name, used, budget)


class _Budget:
    """Counts data rows as they stream and stops the read at a limit or at the sample size."""

    def __init__(self, name: str, limits: ReadLimits, sample: int | None):
        self.name, self.limits, self.sample = name, limits, sample
        self.deadline = time.monotonic() + limits.max_seconds
        self.rows = 0
        self.truncated = False

    def full(self) -> bool:
        """True when the sample is read; raises UnreadableFile past a limit."""
        if self.sample is not None and self.rows >= self.sample:
            self.truncated = True
            return True
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise UnreadableFile(
                f"{self.name}: has more than {self.limits.max_rows:,} data rows, the import "
                "limit. Split the file, or raise the limit (--max-rows, TIMELINE_MAX_ROWS)."
            )
        if self.rows % CLOCK_ROWS == 0 and time.monotonic() > self.deadline:
            raise UnreadableFile(
                f"{self.name}: still reading at row {self.rows:,} after "
                f"{self.limits.max_seconds:g} seconds, the time limit for one file. Split the "
                "file, or raise the limit (--max-read-seconds, TIMELINE_MAX_READ_SECONDS)."
            )
        return False


def _check_inflation(raw: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse a workbook whose parts inflate far beyond their bytes, before any is inflated.

    The sizes come from the archive's directory; a part that lies about its size fails its
    checksum when read, so they bound what reading can produce."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except zipfile.BadZipFile:
        return  # openpyxl says what is wrong with it
    total = 0
    for part in parts:
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_EXEMPT_BYTES and ratio > MAX_ZIP_RATIO:
            raise UnreadableFile(
                f"{name}: the workbook part '{part.filename}' inflates {ratio:,.0f} times, from "
                f"{part.compress_size / 1024 / 1024:.1f} MB to {part.file_size / 1024 / 1024:,.0f} "
                f"MB; a spreadsheet inflates at most {MAX_ZIP_RATIO} times. Open it in a "
                "spreadsheet program and save it again, or export it as CSV."
            )
    if total > limits.max_inflated_mb * 1024 * 1024:
        raise UnreadableFile(
            f"{name}: the workbook inflates to {total / 1024 / 1024:,.0f} MB, over the limit of "
            f"{limits.max_inflated_mb:g} MB. Split the file, or raise the limit "
            "(--max-inflated-mb, TIMELINE_MAX_INFLATED_MB)."
        )


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
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or looks_utf16(raw):
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
    if size > upload_bytes(max_mb):
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


def _read_text(text: str, name: str, encoding: str, budget: _Budget) -> Table:
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
            if budget.full():
                break
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
    table.complete = not budget.truncated
    table.unclosed = _unclosed_quotes(text, lines, ends)
    return table


def _unclosed_quotes(text: str, lines: list[int], ends: list[int]) -> set[int]:
    """Positions of records spanning lines with an odd number of quotes: a quote never closed."""
    spanning = [pos for pos, (a, b) in enumerate(zip(lines, ends, strict=True)) if b > a]
    if not spanning:
        return set()
    raw = io.StringIO(text, newline="").readlines()
    return {pos for pos in spanning if "".join(raw[lines[pos] - 1 : ends[pos]]).count('"') % 2}


def _read_excel(raw: bytes, name: str, budget: _Budget) -> Table:
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
            table = _read_sheet(sheet, name, budget)
            if table is not None:
                return table
        raise UnreadableFile(f"{name}: the workbook has no sheet with data.")
    finally:
        book.close()


def _read_sheet(sheet, name: str, budget: _Budget) -> Table | None:
    where = f"{name}, sheet '{sheet.title}'"
    _check_dimensions(sheet, where, budget.limits)
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_excel_text(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise UnreadableFile(
                f"{where}, row {number}: has a value in column {len(cells):,}; the importer "
                f"reads at most {MAX_COLUMNS:,} columns. Delete the columns you do not need."
            )
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = _check_header(cells, where)
            continue
        if budget.full():
            break
        records.append(cells)
        lines.append(number)
    if header is None:
        return None
    width = len(header)
    # Excel rows are ragged only because empty trailing cells are dropped; pad them back.
    records = [r + [""] * (width - len(r)) if len(r) < width else r for r in records]
    table = Table(name, header, records, lines, "xlsx", None, sheet.title, list(lines))
    table.complete = not budget.truncated
    return table


def _check_dimensions(sheet, where: str, limits: ReadLimits) -> None:
    """Refuse a sheet whose declared size is over a limit, before reading a row of it.

    A sheet may declare no size or a wrong one, so a small declared size proves nothing; the
    rows are counted again as they stream."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if columns > MAX_COLUMNS:
        raise UnreadableFile(
            f"{where}: declares {columns:,} columns; the importer reads at most "
            f"{MAX_COLUMNS:,}. Delete the columns you do not need, or copy the table to a new "
            "sheet."
        )
    if rows > limits.max_rows + 1:
        raise UnreadableFile(
            f"{where}: declares {rows:,} rows, over the limit of {limits.max_rows:,} data rows. "
            "Split the file, or raise the limit (--max-rows, TIMELINE_MAX_ROWS)."
        )


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
