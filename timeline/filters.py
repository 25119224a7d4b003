"""The Filters value, applying it to events, and describing it in one line."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline import schema as s
from timeline.chains import chain_members
from timeline.i18n import DEFAULT_LANGUAGE, format_date, join, plural, t


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. None means 'no restriction'; an empty tuple means 'none'."""

    types: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    start: date | None = None
    end: date | None = None
    query: str = ""
    places: tuple[str, ...] | None = None
    chains_only: bool = False

    def without(self, *names: str) -> Filters:
        """The same filters with the named fields back at their defaults."""
        return replace(self, **{name: Filters.__dataclass_fields__[name].default for name in names})


def filter_mask(events: pd.DataFrame, f: Filters) -> np.ndarray:
    """Boolean mask of the events that pass every filter. Date ranges are inclusive, and an
    event known only to the month or year passes when its period overlaps the range."""
    return combine(filter_parts(events, f), len(events))


def last_days(events: pd.DataFrame) -> pd.Series:
    """The last day each event may cover: its end_date, or the end of a month or year that is
    all that is known of its date (a frame built without the loader uses end_date or date)."""
    if s.PERIOD_END in events.columns:
        return events[s.PERIOD_END]
    return events[s.END_DATE].fillna(events[s.DATE])


def combine(parts: dict[str, np.ndarray], n: int, leave_out: str | None = None) -> np.ndarray:
    """The events passing every part (but the one left out) of filter_parts, as one mask."""
    mask = np.ones(n, dtype=bool)
    for name, part in parts.items():
        if name != leave_out:
            mask &= part
    return mask


def filter_parts(events: pd.DataFrame, f: Filters) -> dict[str, np.ndarray]:
    """One boolean mask per restricting filter field (types, actors, dates, places, query, chains)."""
    parts: dict[str, np.ndarray] = {}
    if f.types is not None:
        parts["types"] = _isin(events[s.EVENT_TYPE], f.types)
    if f.actors is not None:
        parts["actors"] = _isin(events[s.ACTOR], f.actors)
    if f.start is not None or f.end is not None:
        dates = np.ones(len(events), dtype=bool)
        if f.start is not None:
            last_day = last_days(events)
            dates &= (last_day >= pd.Timestamp(f.start)).to_numpy()
        if f.end is not None:
            dates &= (events[s.DATE] <= pd.Timestamp(f.end)).to_numpy()
        parts["dates"] = dates
    if f.places is not None:
        parts["places"] = _isin(events[s.LOCATION], f.places)
    if f.query.strip():
        parts["query"] = _text_matches(events, f.query.strip())
    if f.chains_only:
        parts["chains"] = events[s.ID].isin(chain_members(events)).to_numpy()
    return parts


def apply_filters(events: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The events that pass every filter, in date order."""
    return events[filter_mask(events, f)]


def type_counts(events: pd.DataFrame, f: Filters) -> dict[str, int]:
    """How many events of each type the other filters leave, for the type checklist."""
    return facet_counts(events, filter_parts(events, f), "types", s.EVENT_TYPE)


def actor_counts(events: pd.DataFrame, f: Filters) -> dict[str, int]:
    """How many events of each actor the other filters leave, for the actor control."""
    return facet_counts(events, filter_parts(events, f), "actors", s.ACTOR)


def place_counts(events: pd.DataFrame, parts: dict[str, np.ndarray]) -> dict[str, int]:
    """How many events at each named place the other filters (as filter_parts) leave."""
    counts = facet_counts(events, parts, "places", s.LOCATION)
    counts.pop("", None)
    return counts


def facet_counts(
    events: pd.DataFrame, parts: dict[str, np.ndarray], field: str, column: str
) -> dict[str, int]:
    """Counts per value of column among the events that pass every part except `field`."""
    mask = combine(parts, len(events), leave_out=field)
    values = events[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()[mask]
        tally = np.bincount(codes[codes >= 0], minlength=len(values.cat.categories))
        return {str(k): int(v) for k, v in zip(values.cat.categories, tally, strict=True) if v}
    counts = values[mask].value_counts()
    return {str(k): int(v) for k, v in counts.items() if v}


def _isin(values: pd.Series, wanted: tuple[str, ...]) -> np.ndarray:
    """values.isin(wanted), through the category codes when the column is categorical."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        hits = np.flatnonzero(values.cat.categories.isin(wanted))
        return np.isin(values.cat.codes.to_numpy(), hits)
    return values.isin(wanted).to_numpy()


def type_label(key: str, plural: bool = False, lang: str = DEFAULT_LANGUAGE) -> str:
    """Readable name of an event type; a user's own categories are shown as written."""
    if key in s.EVENT_TYPES:
        return t(f"type.{key}" + (".plural" if plural else ""), lang)
    return key.replace("_", " ").capitalize()


def actor_label(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Readable name of an actor."""
    return t(f"actor.{key}", lang) if key in s.ACTORS else key.replace("_", " ").title()


def describe(f: Filters, shown: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> str:
    """A one-line caption of the view, e.g. 'Balloon launches, 2024-05-28 to 2024-12-31 — 41 events'."""
    if f.types is None:
        what = t("caption.all", lang)
    elif len(f.types) == 0:
        what = t("caption.no_types", lang)
    elif len(f.types) <= 3:
        labels = [type_label(key, True, lang) for key in f.types]
        what = join(labels[:1] + [label.lower() for label in labels[1:]], lang)
    else:
        what = t("caption.n_types", lang, n=len(f.types))
    if f.actors is not None and f.actors:
        what = t(
            "caption.by", lang, what=what, who=join([actor_label(a, lang) for a in f.actors], lang)
        )
    if f.places:
        what = t("caption.at", lang, what=what, where=join(list(f.places), lang))
    if f.query.strip():
        what = t("caption.matching", lang, what=what, query=f.query.strip())
    if f.chains_only:
        what = t("caption.chains", lang, what=what)
    start = f.start or (shown[s.DATE].min().date() if len(shown) else None)
    end = f.end or (last_days(shown).max().date() if len(shown) else None)
    if start and end and start == end:
        what = t("caption.day", lang, what=what, day=format_date(start, lang, iso=True))
    elif start and end:
        what = t(
            "caption.span",
            lang,
            what=what,
            start=format_date(start, lang, iso=True),
            end=format_date(end, lang, iso=True),
        )
    return t("caption.total", lang, what=what, count=plural("count.events", len(shown), lang))


def timeline_description(shown: pd.DataFrame, lang: str) -> str:
    """What the timeline chart shows, in one sentence, for screen readers."""
    if shown.empty:
        return t("timeline.description_empty", lang)
    counts = shown[s.EVENT_TYPE].value_counts()
    top = f"{type_label(str(counts.index[0]), True, lang)} ({counts.iloc[0]})"
    end = last_days(shown).max()
    return t(
        "timeline.description",
        lang,
        count=plural("count.events", len(shown), lang),
        start=format_date(shown[s.DATE].min(), lang),
        end=format_date(end, lang),
        top=top,
    )


def _text_matches(events: pd.DataFrame, query: str) -> np.ndarray:
    needle = query.casefold()
    mask = np.zeros(len(events), dtype=bool)
    for column in (s.TITLE, s.DESCRIPTION, *s.TRANSLATED_TEXT):
        if column in events.columns:
            mask |= _contains(events[column], needle)
    return mask


def _contains(values: pd.Series, needle: str) -> np.ndarray:
    """Case-insensitive substring test; one pyarrow pass when the needle has no exotic case."""
    if needle.isascii() and isinstance(values.dtype, pd.StringDtype):
        array = pa.array(values.array)
        hits = pc.match_substring(array, needle, ignore_case=True)
        return hits.to_numpy(zero_copy_only=False).astype(bool)
    text = values.astype(str).str.casefold()
    return text.str.contains(needle, regex=False).to_numpy()
