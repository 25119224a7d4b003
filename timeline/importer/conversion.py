"""Converting a mapped table to the data contract, validating it, and writing the result.

Every data row of the source ends up in exactly one of OUT.csv and OUT.rejected.csv.
"""

from __future__ import annotations

import csv
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from timeline import files
from timeline import schema as s
from timeline.config import ReadLimits
from timeline.importer.dates import FORMAT_LABELS, SWAPPED_FORMATS, DateReading, parse_dates
from timeline.importer.errors import UnreadableFile
from timeline.importer.mapping import (
    CATEGORY_FIELDS,
    DATE_PARTS,
    JOINERS,
    NOT_A_WORD,
    PRESETS,
    Mapping,
    apply_overrides,
    detect_preset,
    preset_mapping,
    propose_mapping,
    read_type_map,
)
from timeline.importer.sources import SIMPLE_URL, split_sources
from timeline.importer.tables import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_MB,
    EXCEL_SUFFIXES,
    Table,
    read_source,
)
from timeline.load import (
    ERROR,
    MISSING_MESSAGE,
    MISSING_WORDS,
    OPTIONAL_COLUMNS,
    WARNING,
    LoadResult,
    Problem,
    is_missing_word,
    parse_events,
)

UNSPECIFIED = "unspecified"
# The longest text each field may hold: one 10,000-character place name froze the explorer,
# and labels are drawn on axes and in legends. A longer cell rejects its row.
MAX_CHARACTERS = {
    s.TITLE: 500,
    s.DESCRIPTION: 10_000,
    s.EVENT_TYPE: 100,
    s.ACTOR: 100,
    s.LOCATION: 200,
    s.COUNT_UNIT: 100,
    s.SOURCES: 10_000,
    s.ID: 200,
    s.RESPONDS_TO: 2_000,
}
# How much of a too-long value the report repeats.
SHOWN_CHARACTERS = 40
# Columns with more distinct labels than this are not compared for near-duplicates.
MAX_LABELS = 400


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
    missing_words: Iterable[str] = MISSING_WORDS,
) -> ImportResult:
    """Convert a table to the data contract with a mapping, validate it, and account for every row.

    Cells of optional fields that hold one of `missing_words` become empty, with a warning.
    """
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
    missing_words = tuple(missing_words)
    _blank_missing(src, mapping, rows, missing_words)
    contract, dates = _convert(src, mapping, rows, date_format, dayfirst, type_map or {})
    _near_duplicates(src, mapping, rows)
    checked = contract.drop(index=[p for p in rows.errors if p in contract.index])
    say(f"validating {len(checked):,} rows")
    checked_csv = checked.to_csv(index=False, lineterminator="\n").encode("utf-8")
    loaded = parse_events(checked_csv, table.name, False, missing_words)
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


def _blank_missing(src: pd.DataFrame, mapping: Mapping, rows: _Rows, words: tuple[str, ...]):
    """Empty the source cells of optional fields that only say the value is missing."""
    columns = {c for f in OPTIONAL_COLUMNS for c in mapping.columns.get(f, ())}
    required = {c for f in s.REQUIRED for c in mapping.columns.get(f, ())}
    for column in sorted(columns - required):
        missing = is_missing_word(src[column], words)
        for pos in missing[missing].index:
            rows.warn(pos, column, src.at[pos, column], MISSING_MESSAGE)
        if missing.any():
            src.loc[missing, column] = ""


def _convert(src, mapping, rows, date_format, dayfirst, type_map):
    out = pd.DataFrame(index=src.index)
    for target in s.COLUMNS:
        columns = mapping.columns.get(target)
        if columns:
            joiner = "-" if target in DATE_PARTS else JOINERS.get(target, " ")
            out[target] = _column_text(src, columns, joiner)
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
            label, example = FORMAT_LABELS.get(reading.format, (reading.format, ""))
            rows.error(
                pos,
                columns[0],
                out.at[pos, target],
                f"is not a date. This column reads as {label}"
                + (f", e.g. {example}" if example else "")
                + "; fix the value, or set the format with --date-format.",
            )
        out[target] = parsed
        if target == s.DATE:
            _apply_precision(out, src, mapping)
        if reading is not None:
            dates.append(reading)
            if reading.ambiguous:
                first, twin = reading.format, SWAPPED_FORMATS[reading.format]
                rows.warn(
                    None,
                    columns[0],
                    None,
                    f"every date could be read day-first or month-first; read as "
                    f"{FORMAT_LABELS[first][0]}. If they are {FORMAT_LABELS[twin][0]}, use --date-format "
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
    _too_long(out, mapping, rows)
    blank = (out.drop(columns=[s.ID, s.EVENT_TYPE, s.ACTOR, s.COUNT_UNIT]) == "").all(axis=1)
    for pos in blank[blank].index:
        rows.error(pos, None, None, "none of the mapped columns has a value in this row.")
    return out, dates


def _too_long(out: pd.DataFrame, mapping: Mapping, rows: _Rows) -> None:
    """Reject rows with a cell longer than its field's limit in MAX_CHARACTERS."""
    for target, limit in MAX_CHARACTERS.items():
        lengths = out[target].str.len()
        for pos in lengths[lengths > limit].index:
            column = _source_column(mapping, target)
            shown = out.at[pos, target][:SHOWN_CHARACTERS] + "…"
            rows.error(
                pos,
                column,
                shown,
                f"is {lengths[pos]:,} characters long; {target} holds at most {limit:,}. "
                "Shorten it.",
            )


def _apply_precision(out: pd.DataFrame, src: pd.DataFrame, mapping: Mapping) -> None:
    """Coarsen the dates a preset's precision column marks: ACLED's 3 keeps only the month,
    2 marks the day approximate."""
    column = PRESETS[mapping.preset].precision if mapping.preset in PRESETS else None
    if column is None or column not in src.columns:
        return
    codes = src[column].astype(str).str.strip()
    days = out[s.DATE].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    month_only = days & (codes == "3")
    out.loc[month_only, s.DATE] = out.loc[month_only, s.DATE].str[:7]
    approximate = days & (codes == "2")
    out.loc[approximate, s.DATE] = out.loc[approximate, s.DATE] + s.APPROXIMATE


def _clean_sources(out: pd.DataFrame, columns: tuple[str, ...], rows: _Rows) -> None:
    cells = out[s.SOURCES]
    simple = cells.str.match(SIMPLE_URL) & (cells.str.count("(?i)https?://") == 1)
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
    slug = out[s.TITLE].str.lower().str.replace(NOT_A_WORD, "-", regex=True).str.strip("-")
    slug = slug.str.slice(0, 48).str.rstrip("-")
    lines = pd.Series([rows.table.lines[p] for p in out.index], index=out.index).astype(str)
    day = out[s.DATE].str.rstrip("~?")
    base = day.where(day != "", "line-" + lines) + "-" + slug
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
    keys = [(label, re.sub(NOT_A_WORD, " ", label.lower()).strip()) for label in labels if label]
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
    missing_words: Iterable[str] = MISSING_WORDS,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """Read, map and validate one file: what `timeline import` does before writing."""
    say = progress or (lambda _message: None)
    say(f"reading {path}")
    table = read_source(path, max_mb=max_mb, encoding=encoding, limits=limits)
    mapping = preset_mapping(preset, table.header) if preset else propose_mapping(table)
    mapping = apply_overrides(mapping, table.header, maps, sets)
    remap = read_type_map(type_map) if type_map else None
    return import_table(table, mapping, date_format, dayfirst, remap, progress, missing_words)


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


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write data in one step (see timeline.files), creating the folder first."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return files.write_atomic(path, data)


def content_key(data: bytes) -> str:
    """A short, filesystem-safe content hash."""
    return hashlib.sha256(data).hexdigest()[:32]


def is_contract_file(path: str | Path) -> bool:
    """True when the file is a UTF-8 CSV whose header has every required contract column."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return False
    header = _utf8_header(path)
    return header is not None and set(s.REQUIRED) <= set(header)


def is_foreign_table(path: str | Path) -> bool:
    """True for a readable table that is not in the data contract but that the importer knows how
    to map without help: an Excel or TSV file, or a CSV in a preset's format (CSIS, ACLED)."""
    path = Path(path)
    if not path.is_file() or is_contract_file(path):
        return False
    if path.suffix.lower() in (*EXCEL_SUFFIXES, ".tsv"):
        return True
    header = _utf8_header(path)
    return header is not None and detect_preset(header) is not None


def _utf8_header(path: Path) -> list[str] | None:
    """The stripped header cells of a UTF-8 CSV, or None when it cannot be read as one."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            return [h.strip() for h in next(csv.reader(file), [])]
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


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
