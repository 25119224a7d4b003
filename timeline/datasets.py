"""Event datasets the app can show: the bundled one and any loaded later, prepared once each."""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from timeline import schema as s
from timeline.config import settings
from timeline.figures import lane_order
from timeline.filters import Filters, filter_mask
from timeline.i18n import Message
from timeline.load import LoadResult
from timeline.query import EventQuery, choose_query
from timeline.state import ViewState, state_from_query

DEFAULT_KEY = ""


@dataclass(frozen=True)
class Dataset:
    """A validated LoadResult plus the lookups every view needs, computed once."""

    result: LoadResult
    name: str = "data/events.csv"

    @property
    def events(self) -> pd.DataFrame:
        return self.result.events

    @cached_property
    def types(self) -> list[str]:
        """Event types present, in lane order."""
        return lane_order(self.events)

    @cached_property
    def actors(self) -> list[str]:
        """Actors present, vocabulary order first, then a user's own alphabetically."""
        present = {str(a) for a in self.events[s.ACTOR].unique()}
        return [a for a in s.ACTORS if a in present] + sorted(present - set(s.ACTORS))

    @cached_property
    def places(self) -> list[str]:
        """Named places, alphabetically."""
        return sorted({p for p in self.events[s.LOCATION].astype(str) if p})

    @cached_property
    def query(self) -> EventQuery:
        """The events behind the query interface: pandas, or DuckDB over a Parquet copy in the
        cache folder for large data (TIMELINE_BACKEND and TIMELINE_CACHE, see timeline/query.py)."""
        merged = settings(os.environ)
        return choose_query(self.events, merged["cache_dir"], merged["backend"])

    @cached_property
    def ids(self) -> EventIds:
        return EventIds(self.events[s.ID])

    @cached_property
    def _rows(self) -> Kept:
        return Kept(8)

    @cached_property
    def _shown(self) -> tuple[threading.Lock, weakref.WeakValueDictionary]:
        # Held only while some callback still uses them: a kept frame of a million rows would
        # cost each worker hundreds of megabytes.
        return threading.Lock(), weakref.WeakValueDictionary()

    def rows(self, f: Filters, mask: Callable[[], np.ndarray] | None = None) -> np.ndarray:
        """Positions of the events that pass f. One link change asks this of several callbacks
        at once (the timeline, the active view, the export panel); the first one filters and
        the others reuse its answer. `mask` computes the mask when the caller already holds
        the parts of it."""
        mask = mask or (lambda: filter_mask(self.events, f))
        return self._rows.get(f, lambda: read_only(np.flatnonzero(mask())))

    def shown(self, f: Filters) -> pd.DataFrame:
        """The events that pass f, in date order. Shared between callers: not to be changed."""
        lock, frames = self._shown
        with lock:
            frame = frames.get(f)
            if frame is None:
                frame = frames[f] = self.events.iloc[self.rows(f)]
            return frame

    def event(self, event_id: str | None) -> pd.Series | None:
        """The row of one event, or None when the id is unknown."""
        if not isinstance(event_id, str):
            return None
        rows = np.flatnonzero((self.events[s.ID] == event_id).to_numpy())
        return self.events.iloc[rows[0]] if len(rows) else None


class Kept:
    """The answers for the last `size` keys. Answers are worked out under a lock, so callbacks
    asking for the same one wait for a single computation instead of each doing their own."""

    def __init__(self, size: int):
        self.size = size
        self._answers: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, compute: Callable):
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
            else:
                self._answers[key] = compute()
                while len(self._answers) > self.size:
                    self._answers.popitem(last=False)
            return self._answers[key]


def read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


class EventIds:
    """The ids of a dataset as a read-only set, answered from the id column itself: one vectorised
    comparison per lookup instead of a million Python strings held by every worker."""

    def __init__(self, column: pd.Series):
        self._column = column

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and bool((self._column == value).to_numpy().any())

    def __iter__(self):
        return iter(self._column)

    def __len__(self) -> int:
        return len(self._column)

    def __eq__(self, other: object) -> bool:
        return set(self) == set(other) if isinstance(other, EventIds | set) else NotImplemented

    __hash__ = None


class Datasets:
    """The bundled dataset under DEFAULT_KEY, and others added under their own keys.

    A loader (key -> Dataset or None) finds datasets this process has not seen, e.g. one that
    another worker imported and saved to disk; at most `keep` of them are held in memory.
    With `allowed` (key, viewer -> bool), a dataset the viewer may not see is not found.
    """

    def __init__(
        self,
        default: Dataset,
        loader: Callable[[str], Dataset | None] | None = None,
        keep: int = 16,
        allowed: Callable[[str, str | None], bool] | None = None,
    ):
        self._items: dict[str, Dataset] = {DEFAULT_KEY: default}
        self._loader = loader
        self._allowed = allowed
        self._keep = keep
        self._reloadable: list[str] = []

    def get(self, key: str | None, viewer: str | None = None) -> Dataset:
        """The dataset for a key; unknown keys fall back to the bundled data."""
        return self.find(key, viewer) or self._items[DEFAULT_KEY]

    def find(self, key: str | None, viewer: str | None = None) -> Dataset | None:
        """The dataset for a key, or None when there is none (an upload that is gone, or one
        the viewer may not see)."""
        key = key or DEFAULT_KEY
        if key != DEFAULT_KEY and self._allowed is not None and not self._allowed(key, viewer):
            return None
        if key not in self._items and self._loader is not None:
            found = self._loader(key)
            if found is not None:
                self.add(key, found, reloadable=True)
        return self._items.get(key)

    def add(self, key: str, dataset: Dataset, reloadable: bool = False) -> str:
        """Register a dataset; a reloadable one (the loader can read it again) may be evicted."""
        self._items[key] = dataset
        if reloadable and key != DEFAULT_KEY:
            if key in self._reloadable:
                self._reloadable.remove(key)
            self._reloadable.append(key)
            while len(self._reloadable) > self._keep:
                self._items.pop(self._reloadable.pop(0), None)
        return key

    @property
    def default(self) -> Dataset:
        return self._items[DEFAULT_KEY]

    def read_view(
        self, link: str | None, viewer: str | None = None
    ) -> tuple[Dataset, ViewState, list]:
        """The dataset and the view a link names, with a notice for each part that was ignored.
        A link to an upload that is gone, or not shared with the viewer, shows the bundled data
        and says so."""
        named, _ = state_from_query(link, [], [])
        found = self.find(named.dataset, viewer) if named.dataset else self.default
        data = found or self.default
        state, notices = state_from_query(link, data.types, data.actors, data.ids, data.places)
        if found is None:
            state = replace(state, dataset=None)
            notices = [*notices, Message("notice.missing_dataset")]
        return data, state, notices
