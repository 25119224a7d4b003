"""What changed: each event type's and actor's last full month against the average of the 3 and
the 12 months before, in bands, where the counts are large enough to mean something."""

from __future__ import annotations

import pandas as pd

from timeline import schema as s
from timeline.compare import key_label
from timeline.i18n import format_number, join, month_name, t

# A comparison is shown when the month and the 3 months before hold at least this many events.
MIN_EVENTS = 10
BASELINES = (3, 12)
BAND_ORDER = ("new", "up_strong", "up", "steady", "down", "down_strong", "few")


def band(percent: float | None, enough: bool = True) -> str:
    """The band of a change in per cent: up_strong (> 25), up (10 to 25), steady, down (−10 to
    −25), down_strong (< −25); 'new' when there was none before, 'few' when too few events."""
    if not enough:
        return "few"
    if percent is None or pd.isna(percent):
        return "new"
    if percent > 25:
        return "up_strong"
    if percent >= 10:
        return "up"
    if percent > -10:
        return "steady"
    return "down" if percent >= -25 else "down_strong"


def last_full_month(events: pd.DataFrame) -> pd.Period | None:
    """The last month the data covers to its end: the latest event's month when it falls on the
    month's last day, else the month before."""
    if events.empty:
        return None
    latest = events[s.DATE].max()
    month = latest.to_period("M")
    return month if latest == month.end_time.normalize() else month - 1


def trend_month(events: pd.DataFrame, end) -> pd.Period | None:
    """The month the trends look at: the last full month before the date filter's end, else
    the last full month of the data."""
    if end is None:
        return last_full_month(events)
    month = pd.Period(end, freq="M")
    return month if pd.Timestamp(end) == month.end_time.normalize() else month - 1


def monthly_counts(events: pd.DataFrame, column: str) -> pd.DataFrame:
    """Events per month (columns, monthly Periods) and key of `column` (rows). Only events dated
    to a day or a month count: an event known only to its year has no month."""
    precision = events.get(s.DATE_PRECISION, pd.Series(s.DAY, index=events.index))
    dated = events[(precision != s.YEAR).to_numpy()]
    months = dated[s.DATE].dt.to_period("M")
    return pd.crosstab(dated[column].astype(str), months)


def trends(events: pd.DataFrame, column: str, month: pd.Period | None = None) -> pd.DataFrame:
    """One row per key of `column` and a final total row (key ''): key, count (in `month`, by
    default the last full month), avg3 and avg12 (monthly averages of the months before),
    percent3 and percent12 (change against them, None when the average is 0), band3, band12,
    enough (the month and the 3 months before hold at least MIN_EVENTS events). Ranked by
    band3, then by the change."""
    month = month or last_full_month(events)
    counts = monthly_counts(events, column)
    counts.loc[""] = counts.sum()
    if month is None:
        return pd.DataFrame(columns=["key", "count", "avg3", "avg12", "enough"])
    before = {n: pd.period_range(month - n, month - 1, freq="M") for n in BASELINES}
    table = pd.DataFrame({"key": counts.index})
    table["count"] = counts.reindex(columns=[month], fill_value=0).iloc[:, 0].to_numpy()
    for n, months in before.items():
        average = counts.reindex(columns=months, fill_value=0).mean(axis=1).to_numpy()
        table[f"avg{n}"] = average.round(2)
        table[f"percent{n}"] = [
            None if a == 0 else round(100 * (c - a) / a, 1)
            for c, a in zip(table["count"], average, strict=True)
        ]
    table["enough"] = (table["count"] + 3 * table["avg3"]).round() >= MIN_EVENTS
    table = table[(table["count"] + table["avg12"]) > 0]
    for n in BASELINES:
        table[f"band{n}"] = [
            band(p, e) for p, e in zip(table[f"percent{n}"], table["enough"], strict=True)
        ]
    rank = table["band3"].map(BAND_ORDER.index)
    change = table["percent3"].fillna(float("inf"))
    ranked = table.assign(_rank=rank, _change=-change).sort_values(
        ["_rank", "_change", "key"], kind="stable"
    )
    total = ranked["key"] == ""
    return (
        pd.concat([ranked[~total], ranked[total]])
        .drop(columns=["_rank", "_change"])
        .reset_index(drop=True)
    )


def change_label(percent: float | None, band_name: str, lang: str | None = None) -> str:
    """'+40 % (up more than 25 %)', or the band alone when there is no per cent to give."""
    words = t(f"trends.band.{band_name}", lang)
    if percent is None or pd.isna(percent) or band_name == "few":
        return words
    sign = "+" if percent > 0 else "−" if percent < 0 else ""
    return t("trends.change", lang, percent=f"{sign}{abs(percent):g}", band=words)


def trends_report(events: pd.DataFrame, month: pd.Period | None = None, lang=None) -> str:
    """The ranking of what changed as plain text, for the command line."""
    month = month or last_full_month(events)
    if month is None:
        return t("trends.none", lang, month="-")
    name = month_name(month, lang)
    lines = [t("trends.intro", lang, month=name, min=MIN_EVENTS), t("trends.uncertain", lang), ""]
    for column, heading in ((s.EVENT_TYPE, "trends.by_type"), (s.ACTOR, "trends.by_actor")):
        table = trends(events, column, month)
        shown = table[table["enough"]]
        lines.append(t(heading, lang))
        header = (
            t("trends.key", lang),
            t("trends.count", lang, month=str(month)),
            t("trends.avg3", lang),
            t("trends.vs3", lang),
            t("trends.avg12", lang),
            t("trends.vs12", lang),
        )
        rows = [
            (
                key_label(column, row["key"], lang),
                format_number(row["count"], lang),
                f"{row['avg3']:g}",
                change_label(row["percent3"], row["band3"], lang),
                f"{row['avg12']:g}",
                change_label(row["percent12"], row["band12"], lang),
            )
            for row in shown.to_dict("records")
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows] if rows else []:
            cells = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
            lines.append(("  " + cells).rstrip())
        few = [key_label(column, k, lang) for k in table[~table["enough"]]["key"]]
        if few:
            lines.append("  " + t("trends.too_few", lang, items=join(few, lang)))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
