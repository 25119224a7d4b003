"""Compare periods: counts per type and actor in two or more date ranges, and their frequency
aligned by days from each start. Plain functions of DataFrames; no Dash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from timeline import schema as s
from timeline.filters import actor_label, type_label
from timeline.i18n import format_date, format_number, join, plural, t

# A period as the link writes it: 2024-06-01/2024-08-31.
_PERIOD = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})\s*$")
# Line colours of the periods, in order (then again); distinct in every theme.
PERIOD_COLOURS = ("#1f77b4", "#d95f02", "#7570b3", "#1b9e77", "#e7298a")
# Bin widths (days) for the aligned frequency: days for a month, weeks up to half a year.
_BINS = ((45, 1), (200, 7))
_MONTH_BIN = 30


@dataclass(frozen=True, order=True)
class Period:
    """A date range, both days included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def text(self) -> str:
        """As in the link: '2024-06-01/2024-08-31'."""
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def label(self, lang: str | None = None) -> str:
        """'1 June 2024 – 31 August 2024'."""
        return f"{format_date(self.start, lang)} – {format_date(self.end, lang)}"


def parse_period(text: str) -> Period | None:
    """The period 'YYYY-MM-DD/YYYY-MM-DD' names, or None when it is not one (or runs backwards)."""
    found = _PERIOD.match(text or "")
    if not found:
        return None
    try:
        start, end = date.fromisoformat(found[1]), date.fromisoformat(found[2])
    except ValueError:
        return None
    return Period(start, end) if start <= end else None


def parse_periods(text: str) -> tuple[tuple[Period, ...], list[str]]:
    """The periods typed in one box, separated by commas, semicolons or spaces, and the parts
    that are not periods."""
    periods, bad = [], []
    for part in re.split(r"[,;\s]+", (text or "").replace(" / ", "/").strip()):
        if not part:
            continue
        period = parse_period(part)
        if period is None:
            bad.append(part)
        elif period not in periods:
            periods.append(period)
    return tuple(periods), bad


def periods_text(periods: tuple[Period, ...]) -> str:
    """The periods as one typed line, the inverse of parse_periods."""
    return ", ".join(p.text() for p in periods)


def known_within(events: pd.DataFrame, start, end) -> pd.Series:
    """Rows whose date is known to fall in [start, end]: an event dated only to its month or
    year counts only when that whole month or year lies inside the range."""
    first = events[s.DATE]
    last = events[s.PERIOD_END].fillna(first) if s.PERIOD_END in events else first
    return (first >= pd.Timestamp(start)) & (last <= pd.Timestamp(end))


def in_period(events: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The events known to have begun within the period."""
    return events[known_within(events, period.start, period.end).to_numpy()]


def comparison(events: pd.DataFrame, periods: tuple[Period, ...], column: str) -> pd.DataFrame:
    """Events per key of `column` (event_type or actor) in each period, with the change of each
    later period against the first in numbers and per cent (None when the first had none).

    Columns: key, then n0, n1, ... (one per period), then change1, percent1, ...; rows ordered by
    the largest count in any period, then by key; a final row with key '' is the total."""
    counts = pd.DataFrame(
        {
            f"n{i}": in_period(events, p)[column].astype(str).value_counts()
            for i, p in enumerate(periods)
        }
    )
    counts = counts.fillna(0).astype(int)
    counts.index.name = "key"
    counts = counts.reset_index()
    counts = counts.assign(_peak=counts.drop(columns="key").max(axis=1))
    counts = counts.sort_values(["_peak", "key"], ascending=[False, True]).drop(columns="_peak")
    total = {"key": "", **{f"n{i}": int(counts[f"n{i}"].sum()) for i in range(len(periods))}}
    table = pd.concat([counts, pd.DataFrame([total])], ignore_index=True)
    for i in range(1, len(periods)):
        change = table[f"n{i}"] - table["n0"]
        table[f"change{i}"] = change
        table[f"percent{i}"] = [
            None if first == 0 else round(100 * c / first, 1)
            for c, first in zip(change, table["n0"], strict=True)
        ]
    return table.reset_index(drop=True)


def bin_days(periods: tuple[Period, ...]) -> int:
    """The width of the aligned bins: days for periods of up to 45 days, weeks up to 200."""
    longest = max((p.days for p in periods), default=0)
    return next((width for limit, width in _BINS if longest <= limit), _MONTH_BIN)


def aligned_frequency(events: pd.DataFrame, periods: tuple[Period, ...]) -> pd.DataFrame:
    """Events per bin of days from each period's start: columns period (index), day (the bin's
    first day from the start, 0-based) and events, with empty bins as zeros."""
    width = bin_days(periods)
    frames = []
    for i, period in enumerate(periods):
        rows = in_period(events, period)
        offsets = (rows[s.DATE] - pd.Timestamp(period.start)).dt.days // width * width
        bins = range(0, period.days, width)
        counts = offsets.value_counts().reindex(bins, fill_value=0)
        frames.append(pd.DataFrame({"period": i, "day": list(bins), "events": counts.to_numpy()}))
    if not frames:
        return pd.DataFrame({"period": [], "day": [], "events": []}, dtype=int)
    return pd.concat(frames, ignore_index=True).astype(int)


def key_label(column: str, key: str, lang: str | None = None) -> str:
    """The readable name of a type or actor key; '' is the total."""
    if key == "":
        return t("compare.total", lang)
    return type_label(key, lang=lang) if column == s.EVENT_TYPE else actor_label(key, lang)


def change_text(change: int, percent: float | None, lang: str | None = None) -> str:
    """'+12 (+40 %)', '−3 (−25 %)', '+4 (new)' or '0'."""
    if change == 0:
        return "0"
    number = ("+" if change > 0 else "−") + format_number(abs(change), lang)
    if percent is None or pd.isna(percent):
        return t("compare.change_new", lang, change=number)
    sign = "+" if percent > 0 else "−"
    return t("compare.change", lang, change=number, percent=f"{sign}{abs(percent):g}")


def comparison_sentences(
    events: pd.DataFrame, periods: tuple[Period, ...], lang: str | None = None, top: int = 3
) -> str:
    """The comparison in words, for alt text and screen readers."""
    if len(periods) < 2:
        return t("compare.need_two", lang)
    by_type = comparison(events, periods, s.EVENT_TYPE)
    totals = by_type.iloc[-1]
    parts = [
        t(
            "compare.alt_period",
            lang,
            period=p.label(lang),
            count=plural("count.events", int(totals[f"n{i}"]), lang),
        )
        for i, p in enumerate(periods)
    ]
    sentences = [t("compare.alt_intro", lang, periods="; ".join(parts))]
    last = len(periods) - 1
    sentences.append(
        t(
            "compare.alt_total",
            lang,
            change=change_text(int(totals[f"change{last}"]), totals[f"percent{last}"], lang),
        )
    )
    rows = by_type.iloc[:-1]
    moved = rows.reindex(rows[f"change{last}"].abs().sort_values(ascending=False).index)
    moved = moved[moved[f"change{last}"] != 0].head(top)
    if len(moved):
        items = [
            t(
                "compare.alt_item",
                lang,
                type=key_label(s.EVENT_TYPE, row.key, lang),
                first=format_number(row.n0, lang),
                last=format_number(getattr(row, f"n{last}"), lang),
            )
            for row in moved.itertuples(index=False)
        ]
        sentences.append(t("compare.alt_moves", lang, items=join(items, lang)))
    return " ".join(sentences)


def comparison_heading(
    events: pd.DataFrame, periods: tuple[Period, ...], lang: str | None = None
) -> tuple[str, str]:
    """The title and subtitle of an exported comparison: the periods, then their totals and the
    change from the first to the last."""
    title = t("compare.chart_title", lang, periods=join([p.label(lang) for p in periods], lang))
    if len(periods) < 2:
        return title, t("compare.need_two", lang)
    totals = comparison(events, periods, s.EVENT_TYPE).iloc[-1]
    last = len(periods) - 1
    counts = [plural("count.events", int(totals[f"n{i}"]), lang) for i in range(len(periods))]
    change = change_text(int(totals[f"change{last}"]), totals[f"percent{last}"], lang)
    return title, t("compare.chart_subtitle", lang, counts=" → ".join(counts), change=change)
