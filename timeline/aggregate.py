"""Counts over time: events per week or month by type, running totals of counted events."""

from __future__ import annotations

import pandas as pd

from timeline import schema as s

WEEK = "week"
MONTH = "month"
_PERIODS = {WEEK: "W-SUN", MONTH: "M"}
# Up to this many counted events a running total draws a marker per event; beyond, one step per
# period (day, then week, then month: the first with at most this many).
TOTALS_DETAIL = 2000


def period_for(events: pd.DataFrame) -> str:
    """Weeks for spans up to about a year, months beyond."""
    if events.empty:
        return MONTH
    return period_for_span(events[s.DATE].min(), events[s.DATE].max())


def period_for_span(first, last) -> str:
    """Weeks for the days first to last when they span up to about a year, months beyond (and
    when there are none: NaT)."""
    if pd.isna(first) or pd.isna(last):
        return MONTH
    return WEEK if (last - first).days <= 400 else MONTH


def frequency(events: pd.DataFrame, period: str) -> pd.DataFrame:
    """Events per period and type: columns start (period's first day), event_type, events."""
    if events.empty:
        return pd.DataFrame(
            {
                "start": pd.Series(dtype="datetime64[s]"),
                s.EVENT_TYPE: pd.Series(dtype=str),
                "events": pd.Series(dtype=int),
            }
        )
    starts = events[s.DATE].dt.to_period(_PERIODS[period]).dt.start_time
    table = (
        pd.DataFrame({"start": starts, s.EVENT_TYPE: events[s.EVENT_TYPE].astype(str)})
        .groupby(["start", s.EVENT_TYPE], observed=True)
        .size()
        .rename("events")
        .reset_index()
    )
    return table


def counted_series(events: pd.DataFrame) -> list[tuple[str, str, int]]:
    """(event_type, count_unit, number of events) groups that carry counts, largest first."""
    counted = events[events[s.COUNT].notna() & (events[s.COUNT_UNIT] != "")]
    groups = counted.groupby([counted[s.EVENT_TYPE].astype(str), s.COUNT_UNIT]).size()
    ordered = groups.sort_values(ascending=False, kind="stable")
    return [(t, u, int(n)) for (t, u), n in ordered.items()]


def running_total(events: pd.DataFrame, event_type: str, unit: str) -> pd.DataFrame:
    """The running total of `unit` over the events of one type: id, date, title (and title_ko when
    the data has it), count, total."""
    rows = events[
        (events[s.EVENT_TYPE] == event_type)
        & (events[s.COUNT_UNIT] == unit)
        & events[s.COUNT].notna()
    ]
    titles = [c for c in (s.TITLE, s.TITLE_KO) if c in rows.columns]
    out = rows[[s.ID, s.DATE, *titles, s.COUNT]].sort_values(s.DATE, kind="stable")
    return out.assign(total=out[s.COUNT].cumsum()).reset_index(drop=True)


def totals_by_period(totals: pd.DataFrame, most: int = TOTALS_DETAIL) -> tuple[pd.DataFrame, str]:
    """A running total summed per day, week or month (the finest with at most `most` rows):
    columns date (the period's first day), events, count (summed) and total (at its end); with
    the period's name. A total of up to `most` events is returned as it is, with "event"."""
    if len(totals) <= most:
        return totals, "event"
    for period, freq in (("day", "D"), (WEEK, "W-SUN"), (MONTH, "M")):
        starts = totals[s.DATE].dt.to_period(freq).dt.start_time
        if starts.nunique() <= most or period == MONTH:
            break
    grouped = totals.groupby(starts.rename(s.DATE), sort=True)
    table = pd.DataFrame(
        {
            "events": grouped.size(),
            s.COUNT: grouped[s.COUNT].sum(),
            "total": grouped["total"].last(),
        }
    ).reset_index()
    return table, period
