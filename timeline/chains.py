"""Escalation chains: which events answered which, followed both ways, safe against cycles."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from timeline import schema as s
from timeline.load import split_list


@dataclass(frozen=True)
class Step:
    """One event in a chain, how far it is from the selected event, and the delay from its cause."""

    id: str
    depth: int
    parent: str
    delay_days: int


@dataclass(frozen=True)
class Links:
    """responds_to edges of a set of events, both ways."""

    answered: dict[str, tuple[str, ...]]  # id -> the earlier events it answered
    answers: dict[str, tuple[str, ...]]  # id -> the later events that answered it


def links(events: pd.DataFrame) -> Links:
    """Index the responds_to edges whose both ends are events in the frame."""
    known = set(events[s.ID])
    answered: dict[str, list[str]] = {}
    answers: dict[str, list[str]] = {}
    linked = events[events[s.RESPONDS_TO] != ""]
    for event_id, cell in zip(linked[s.ID], linked[s.RESPONDS_TO], strict=True):
        for ref in split_list(cell):
            if ref in known and ref != event_id:
                answered.setdefault(event_id, []).append(ref)
                answers.setdefault(ref, []).append(event_id)
    return Links(
        answered={k: tuple(v) for k, v in answered.items()},
        answers={k: tuple(v) for k, v in answers.items()},
    )


def edges(events: pd.DataFrame) -> list[tuple[str, str]]:
    """(cause, response) pairs among the events in the frame."""
    return [(cause, event) for event, causes in links(events).answered.items() for cause in causes]


def chain_members(events: pd.DataFrame) -> set[str]:
    """Ids of every event that answered, or was answered by, another event in the frame."""
    index = links(events)
    return set(index.answered) | set(index.answers)


def walk(events: pd.DataFrame, start: str, direction: str, limit: int = 500) -> list[Step]:
    """Every event reached from start by following 'answered' (causes) or 'answers' (responses).

    Breadth-first; each event is listed once, at its shortest depth, so cycles end the walk.
    """
    index = links(events)
    graph = index.answered if direction == "answered" else index.answers
    dates = dict(zip(events[s.ID], events[s.DATE], strict=True))
    seen = {start}
    frontier = [start]
    steps: list[Step] = []
    depth = 0
    while frontier and len(steps) < limit:
        depth += 1
        following = []
        for parent in frontier:
            for nxt in graph.get(parent, ()):
                if nxt in seen:
                    continue
                seen.add(nxt)
                following.append(nxt)
                delay = abs((dates[nxt] - dates[parent]).days)
                steps.append(Step(nxt, depth, parent, delay))
        frontier = following
    return steps[:limit]
