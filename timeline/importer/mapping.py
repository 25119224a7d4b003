"""Which source column feeds which field of the data contract: presets, guesses, overrides."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from timeline import schema as s
from timeline.importer.dates import parse_dates
from timeline.importer.errors import UnreadableFile
from timeline.importer.tables import Table, read_source

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
# What separates the words of a name, label or slug: anything but ASCII letters, digits and Hangul.
NOT_A_WORD = r"[^0-9a-z\uac00-\ud7a3]+"

# Normalised column names that suggest a field, best first; Korean names after English ones.
NAME_HINTS: dict[str, tuple[str, ...]] = {
    s.ID: ("id", "event_id", "event_id_cnty", "uid", "key"),
    s.DATE: (
        "date",
        "event_date",
        "start_date",
        "start",
        "day",
        "when",
        "date_of_event",
        "날짜",
        "일자",
        "일시",
        "발생일",
        "발생일자",
        "시작일",
    ),
    s.END_DATE: (
        "end_date",
        "end",
        "until",
        "date_end",
        "to_date",
        "end_day",
        "종료일",
        "종료일자",
        "종료",
    ),
    s.EVENT_TYPE: (
        "event_type",
        "type",
        "category",
        "kind",
        "class",
        "event_category",
        "유형",
        "구분",
        "분류",
        "종류",
    ),
    s.ACTOR: (
        "actor",
        "actor1",
        "perpetrator",
        "initiator",
        "party",
        "who",
        "country",
        "주체",
        "행위자",
    ),
    s.TITLE: (
        "title",
        "event",
        "headline",
        "name",
        "event_name",
        "missile_name",
        "subject",
        "제목",
        "사건",
        "사건명",
    ),
    s.DESCRIPTION: (
        "description",
        "notes",
        "details",
        "summary",
        "text",
        "comment",
        "desc",
        "내용",
        "설명",
        "상세",
        "비고",
    ),
    s.COUNT: ("count", "number", "quantity", "fatalities", "total", "n", "수량", "개수", "횟수"),
    s.COUNT_UNIT: ("count_unit", "unit", "units", "단위"),
    s.LOCATION: (
        "location",
        "place",
        "site",
        "facility",
        "city",
        "launch_site",
        "area",
        "장소",
        "위치",
        "지역",
    ),
    s.LATITUDE: ("latitude", "lat", "위도"),
    s.LONGITUDE: ("longitude", "lon", "lng", "long", "경도"),
    s.SOURCES: (
        "sources",
        "source",
        "resources",
        "url",
        "urls",
        "link",
        "links",
        "references",
        "출처",
        "링크",
        "자료",
        "url",
    ),
}


@dataclass(frozen=True)
class Preset:
    """A known public format: which column feeds which field, and fixed values."""

    name: str
    title: str
    columns: dict[str, tuple[str, ...]]
    constants: dict[str, str] = field(default_factory=dict)
    # A column saying how precisely each date is known (ACLED's time_precision: 1 the day,
    # 2 within a week or so, 3 only the month).
    precision: str | None = None

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
        precision="time_precision",
    ),
    # The TimelineJS Google Sheets template: a date as Year, Month and Day columns (the month and
    # the day may be empty), which are joined with '-' into a year, month or day date.
    "timelinejs": Preset(
        "timelinejs",
        "TimelineJS spreadsheet template",
        {
            s.DATE: ("Year", "Month", "Day"),
            s.END_DATE: ("End Year", "End Month", "End Day"),
            s.EVENT_TYPE: ("Group",),
            s.TITLE: ("Headline",),
            s.DESCRIPTION: ("Text",),
            s.SOURCES: ("Media",),
        },
    ),
}
# Fields that a preset may build from date parts in several columns, joined with '-'.
DATE_PARTS = (s.DATE, s.END_DATE)


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


def normalise_name(name: str) -> str:
    """'Event Date ' -> 'event_date', ' 발생 일자' -> '발생_일자': how column names are compared."""
    return re.sub(NOT_A_WORD, "_", name.lower()).strip("_")


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
