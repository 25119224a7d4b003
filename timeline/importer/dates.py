"""Reading the many ways people write dates into the contract's EDTF forms.

A full date becomes YYYY-MM-DD; one known only to the month or year ('Sep-84', 'Sept. 1984',
'2024년 7월', '1984') becomes YYYY-MM or YYYY, and '~' (circa) or '?' is kept after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from timeline import schema as s


@dataclass(frozen=True)
class DateReading:
    """How a date column was read: the format, and whether day and month could be swapped."""

    column: str
    format: str
    label: str
    ambiguous: bool = False


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
    # Dates known only to the month or the year.
    ("%Y-%m", "YYYY-MM", "1984-09"),
    ("%b-%y", "Mon-YY", "Sep-84"),
    ("%b-%Y", "Mon-YYYY", "Sep-1984"),
    ("%b %Y", "Mon YYYY", "Sep 1984"),
    ("%B %Y", "Month YYYY", "September 1984"),
    ("%m/%Y", "MM/YYYY", "09/1984"),
    ("%Y", "YYYY", "1984"),
)
EXCEL_SERIAL = "excel-serial"
FORMAT_LABELS = {f: (label, example) for f, label, example in DATE_FORMATS}
FORMAT_LABELS[EXCEL_SERIAL] = ("an Excel serial day number", "45793")
SWAPPED_FORMATS = {"%m/%d/%Y": "%d/%m/%Y", "%m/%d/%y": "%d/%m/%y", "%m-%d-%Y": "%d-%m-%Y"}
SWAPPED_FORMATS.update({v: k for k, v in list(SWAPPED_FORMATS.items())})
_TIME_PART = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$"
_SERIAL = re.compile(r"^\d{1,6}(\.\d+)?$")
# Korean styles, rewritten to ISO before the formats are tried: '2024년 7월 18일', '2024년 7월',
# '2024년', and dotted '2024.05.28', '2024. 7. 18.', '2024. 7.'.
_KOREAN = (
    (re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$"), 3),
    (re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월$"), 2),
    (re.compile(r"^(\d{4})\s*년$"), 1),
    (re.compile(r"^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?$"), 3),
    (re.compile(r"^(\d{4})\.\s*(\d{1,2})\.$"), 2),
)
_APPROXIMATE_WORDS = re.compile(r"^(?:c\.|ca\.|circa|approx\.?|about|약)\s*", re.IGNORECASE)
_WRITTEN = {s.DAY: s.DATE_FORMAT, s.MONTH: "%Y-%m", s.YEAR: "%Y"}


def precision_of(fmt: str) -> str:
    """The precision a format reads: day, month or year."""
    if fmt == EXCEL_SERIAL or "%d" in fmt or "%j" in fmt:
        return s.DAY
    return s.MONTH if any(m in fmt for m in ("%m", "%b", "%B")) else s.YEAR


def _normalise(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The values with Korean styles rewritten to ISO, 'Sept.' to 'Sep', and their '~' or '?'
    (a trailing mark, or a leading 'c.', 'circa', 'about', '약') taken off and returned apart."""
    qualifier = pd.Series("", index=values.index, dtype=object)
    marked = values.str.endswith(("~", "?"))
    qualifier[marked] = values[marked].str[-1]
    values = values.where(~marked, values.str[:-1].str.rstrip())
    circa = values.str.match(_APPROXIMATE_WORDS)
    if circa.any():
        qualifier[circa] = s.APPROXIMATE
        values = values.where(~circa, values.str.replace(_APPROXIMATE_WORDS, "", regex=True))
    if values.str.contains("[년.]", regex=True).any():
        values = values.map(_korean_to_iso)
    if values.str.contains("[A-Za-z]", regex=True).any():
        values = values.str.replace(r"(?i)\bsept\b", "Sep", regex=True)
        values = values.str.replace(r"(?<=[A-Za-z])\.", "", regex=True)
    return values, qualifier


def _korean_to_iso(value: str) -> str:
    for pattern, parts in _KOREAN:
        match = pattern.match(value)
        if match:
            year, *rest = match.groups()
            return "-".join([year, *(f"{int(n):02d}" for n in rest[: parts - 1])])
    return value


def parse_dates(
    cells: pd.Series, column: str, date_format: str | None = None, dayfirst: bool = False
) -> tuple[pd.Series, pd.Series, DateReading | None]:
    """Parse a column of date text: (EDTF strings, mask of unreadable cells, how it was read).

    The format that reads most of the column wins; cells it cannot read try the other formats.
    Two-digit years land in the past century when they would otherwise be in the future.
    """
    text = cells.fillna("").astype(str).str.strip()
    present = text != ""
    out = pd.Series("", index=cells.index, dtype="str")
    if not present.any():
        return out, pd.Series(False, index=cells.index), None
    values, qualifier = _normalise(text[present])
    if values.str.contains(_TIME_PART, regex=True).any():
        values = values.str.replace(_TIME_PART, "", regex=True)
    if date_format:
        order, ambiguous = [date_format], False
    else:
        order, ambiguous = _rank_formats(values, dayfirst)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    written = pd.Series("", index=values.index, dtype="str")
    for fmt in order:
        todo = parsed.isna()
        if not todo.any():
            break
        parsed[todo] = _parse_with(values[todo], fmt)
        done = todo & parsed.notna()
        written[done] = parsed[done].dt.strftime(_WRITTEN[precision_of(fmt)])
    unread = pd.Series(False, index=cells.index)
    unread[values.index] = parsed.isna()
    out[values.index] = (written + qualifier.where(written != "", "")).astype("str")
    label = FORMAT_LABELS.get(order[0], (order[0], ""))[0]
    return out, unread, DateReading(column, order[0], label, ambiguous)


def _parse_with(values: pd.Series, fmt: str) -> pd.Series:
    if fmt == EXCEL_SERIAL:
        numbers = pd.to_numeric(values.where(values.str.match(_SERIAL)), errors="coerce")
        numbers = numbers.where((numbers >= 1) & (numbers < 2958466) & ~_looks_like_year(values))
        days = pd.to_timedelta(numbers.round(), unit="D")
        return (pd.Timestamp("1899-12-30") + days).astype("datetime64[s]")
    if fmt == "%Y":
        values = values.where(_looks_like_year(values))
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
        names = [SWAPPED_FORMATS.get(f, f) if f.startswith("%m") else f for f in names]
        names = list(dict.fromkeys(names + [f for f, _, _ in DATE_FORMATS]))
    ranked = sorted(names, key=lambda f: -scores[f])
    best = ranked[0]
    twin = SWAPPED_FORMATS.get(best)
    ambiguous = twin is not None and scores[twin] == scores[best] and scores[best] > 0
    return ranked, ambiguous
