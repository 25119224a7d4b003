"""Periods: states that last (loudspeakers on along the front, a military agreement suspended),
read from data/periods.csv and drawn as shaded bands behind the lanes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from timeline.config import DATA
from timeline.i18n import DEFAULT_LANGUAGE, language
from timeline.load import ERROR, Problem, is_http_url, split_list

DEFAULT_PERIODS = DATA / "periods.csv"
COLUMNS = ("id", "start", "end", "label", "label_ko", "sources")
START = "start"
END = "end"


def read_periods(path: str | Path = DEFAULT_PERIODS) -> tuple[pd.DataFrame, list[Problem]]:
    """The periods of a file, with start and end as timestamps (end empty: still going), and
    every problem found; a row with a problem is left out and named."""
    name = Path(path).name
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError) as error:
        return _empty(), [Problem(ERROR, name, f"could not be read: {error}")]
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        found = ", ".join(missing)
        return _empty(), [
            Problem(ERROR, name, f"lacks the columns {found}. Use {', '.join(COLUMNS)}.")
        ]
    problems: list[Problem] = []
    kept = []
    for line, row in enumerate(raw.itertuples(index=False), start=2):
        start, end = _day(row.start), _day(row.end) if row.end.strip() else None
        wrong = []
        if start is None:
            wrong.append(("start", row.start, "is not a date. Use YYYY-MM-DD, e.g. 2024-06-04."))
        if row.end.strip() and end is None:
            wrong.append(("end", row.end, "is not a date. Use YYYY-MM-DD, or leave it empty."))
        if start and end and end < start:
            wrong.append(("end", row.end, "is before the start. Give the last day of the period."))
        if not row.label.strip():
            wrong.append(("label", row.label, "is empty. Name the period in a few words."))
        urls = split_list(row.sources)
        if not urls or not all(is_http_url(u) for u in urls):
            wrong.append(("sources", row.sources, "needs http(s) links of the pages that say so."))
        problems += [
            Problem(ERROR, name, message, line, column, value) for column, value, message in wrong
        ]
        if not wrong:
            kept.append(
                (
                    row.id,
                    pd.Timestamp(start),
                    pd.Timestamp(end) if end else pd.NaT,
                    row.label.strip(),
                    row.label_ko.strip(),
                    row.sources,
                )
            )
    return pd.DataFrame(kept, columns=list(COLUMNS)), problems


def period_name(period, lang: str = DEFAULT_LANGUAGE) -> str:
    """The period's label in lang, falling back to English."""
    translated = period.get(f"label_{language(lang)}") if language(lang) != DEFAULT_LANGUAGE else ""
    return translated or period["label"]


def periods_in(periods: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The periods that overlap [first, last]; an open end runs to `last`."""
    if periods.empty:
        return periods
    ends = periods[END].fillna(last)
    return periods[(periods[START] <= last) & (ends >= first)]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(COLUMNS))
