"""Event datasets the app can show: the bundled one and any loaded later, prepared once each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from timeline import schema as s
from timeline.figures import lane_order
from timeline.load import LoadResult

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
    def ids(self) -> EventIds:
        return EventIds(self.events[s.ID])

    def event(self, event_id: str | None) -> pd.Series | None:
        """The row of one event, or None when the id is unknown."""
        if not isinstance(event_id, str):
            return None
        rows = np.flatnonzero((self.events[s.ID] == event_id).to_numpy())
        return self.events.iloc[rows[0]] if len(rows) else None


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


class Datasets:
    """The bundled dataset under DEFAULT_KEY, and others added under their own keys."""

    def __init__(self, default: Dataset):
        self._items: dict[str, Dataset] = {DEFAULT_KEY: default}

    def get(self, key: str | None) -> Dataset:
        """The dataset for a key; unknown keys fall back to the bundled data."""
        return self._items.get(key or DEFAULT_KEY, self._items[DEFAULT_KEY])

    def add(self, key: str, dataset: Dataset) -> str:
        self._items[key] = dataset
        return key

    @property
    def default(self) -> Dataset:
        return self._items[DEFAULT_KEY]
