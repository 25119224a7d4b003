"""Level of detail: the events a visible date window holds, and their density per lane and bin.

Events are day-dated and kept sorted by date, so the window is found by binary search and the
density is one bincount. An event is in the window [start, end) when its (start) date is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from timeline import schema as s

# More events than this in view are drawn as density; fewer as individual markers.
DETAIL_LIMIT = 5000
# At most this many bins across the window; the width is the first of BIN_DAYS that fits.
MAX_BINS = 300
BIN_DAYS = (1, 2, 7, 14, 28, 56, 91, 182, 364, 728, 1456, 3640)
# A relayout that asks for the whole axis again.
AUTORANGE = "autorange"


@dataclass(frozen=True)
class Window:
    """A visible span of the date axis, start inclusive, end exclusive."""

    start: datetime
    end: datetime

    def days(self) -> tuple[float, float]:
        """Start and end as fractional days since 1970-01-01."""
        return _day_number(self.start), _day_number(self.end)


@dataclass(frozen=True)
class Density:
    """Event counts per lane (rows, in lane order) and bin (columns); edges in days since 1970."""

    lanes: list[str]
    edges: np.ndarray
    counts: np.ndarray

    @property
    def bin_days(self) -> int:
        return int(self.edges[1] - self.edges[0]) if len(self.edges) > 1 else 1

    def edge_dates(self) -> pd.DatetimeIndex:
        return pd.to_datetime(self.edges, unit="D")


def relayout_window(relayout: dict | None) -> Window | str | None:
    """The window a Plotly relayout event asks for: a Window, AUTORANGE, or None (axis untouched)."""
    relayout = relayout or {}
    if relayout.get("xaxis.autorange"):
        return AUTORANGE
    ends = relayout.get("xaxis.range") or [
        relayout.get("xaxis.range[0]"),
        relayout.get("xaxis.range[1]"),
    ]
    try:
        start, end = (pd.Timestamp(v).to_pydatetime() for v in ends)
    except (TypeError, ValueError):
        return None
    return Window(start, end) if start < end else None


def day_numbers(events: pd.DataFrame) -> np.ndarray:
    """Each event's date as whole days since 1970-01-01."""
    return events[s.DATE].to_numpy().astype("datetime64[D]").astype(np.int64)


def lane_index(types: pd.Series, lanes: list[str]) -> np.ndarray:
    """Each event's lane position in `lanes` (-1 for none), through category codes when it can."""
    if isinstance(types.dtype, pd.CategoricalDtype):
        position = {key: i for i, key in enumerate(lanes)}
        mapping = np.array([position.get(str(c), -1) for c in types.cat.categories] + [-1])
        return mapping[types.cat.codes.to_numpy()]
    return pd.Categorical(types.astype(str), categories=lanes).codes.astype(np.int64)


def day_range(days: np.ndarray, window: Window | None) -> slice:
    """The positions in sorted day numbers that fall in the window (all for None)."""
    if window is None:
        return slice(0, len(days))
    start, end = window.days()
    return slice(int(np.searchsorted(days, start, "left")), int(np.searchsorted(days, end, "left")))


def window_slice(events: pd.DataFrame, window: Window | None) -> slice:
    """The rows of date-sorted events in the window (all rows for None)."""
    return day_range(day_numbers(events), window)


def in_window(events: pd.DataFrame, window: Window | None) -> pd.DataFrame:
    """The date-sorted events whose date falls in the window."""
    return events.iloc[window_slice(events, window)]


def shows_detail(events: pd.DataFrame, window: Window | None, limit: int = DETAIL_LIMIT) -> bool:
    """True when the window holds few enough events to draw each one."""
    rows = window_slice(events, window)
    return rows.stop - rows.start <= limit


def bin_edges(first_day: float, end_day: float, max_bins: int = MAX_BINS) -> np.ndarray:
    """Bin edges in whole days covering [first_day, end_day), aligned to multiples of the width."""
    span = max(end_day - first_day, 1.0)
    width = next((w for w in BIN_DAYS if span / w <= max_bins), BIN_DAYS[-1])
    lo = np.floor(first_day / width) * width
    hi = max(np.ceil(end_day / width) * width, lo + width)
    return np.arange(lo, hi + width / 2, width, dtype=np.float64).astype(np.int64)


def density(
    events: pd.DataFrame, lanes: list[str], window: Window | None, max_bins: int = MAX_BINS
) -> Density:
    """Counts of the window's events per lane and bin; bins cover the window (or all events)."""
    lane = lane_index(events[s.EVENT_TYPE], lanes)
    return density_of(day_numbers(events), lane, lanes, window, max_bins)


def density_of(
    days: np.ndarray,
    lane: np.ndarray,
    lanes: list[str],
    window: Window | None,
    max_bins: int = MAX_BINS,
) -> Density:
    """density() over sorted day numbers and lane positions, the arrays the app keeps."""
    rows = day_range(days, window)
    days, lane = days[rows], lane[rows]
    if window is not None:
        first, end = window.days()
    elif len(days):
        first, end = float(days[0]), float(days[-1] + 1)
    else:
        first, end = 0.0, 1.0
    edges = bin_edges(first, end, max_bins)
    n_bins = len(edges) - 1
    bins = (days - edges[0]) // (edges[1] - edges[0])
    keep = (lane >= 0) & (bins >= 0) & (bins < n_bins)
    flat = lane[keep] * n_bins + bins[keep]
    counts = np.bincount(flat, minlength=len(lanes) * n_bins).reshape(len(lanes), n_bins)
    return Density(lanes=list(lanes), edges=edges, counts=counts)


def bin_window(result: Density, index: int) -> Window:
    """The window of one bin, e.g. to zoom to it."""
    start, end = pd.to_datetime(result.edges[index : index + 2], unit="D")
    return Window(start.to_pydatetime(), end.to_pydatetime())


def _day_number(moment: datetime) -> float:
    return (pd.Timestamp(moment) - pd.Timestamp(0)) / pd.Timedelta(days=1)
