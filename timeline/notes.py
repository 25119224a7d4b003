"""Notes on the chart: where each label goes so that none covers another or a marker, and which
events are worth a note."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd

from timeline import schema as s
from timeline.chains import links
from timeline.i18n import DEFAULT_LANGUAGE, localised_titles
from timeline.state import Note

# A note longer than this is cut with an ellipsis: a label, not a paragraph.
MAX_NOTE_CHARS = 48
# Free space kept between two labels on the same row, in pixels.
GAP_PX = 10
# How many notes "Suggest notes" proposes at most, and how many of them are largest counts.
SUGGESTED = 5
LARGEST = 3


@dataclass(frozen=True)
class Placement:
    """Where one note is drawn: the event's date and lane, the label's row above the lanes
    (0 is the lowest), and which side of the date the label extends to."""

    event: str
    date: pd.Timestamp
    lane: str
    text: str
    row: int
    anchor: str  # "left": the label starts at the date; "right": it ends there


def label_width(text: str, font_px: float) -> float:
    """Rough width of a label in pixels: Hangul and other wide letters take a full em."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in text)
    return ems * font_px + 8


def note_text(note: Note, title: str) -> str:
    """The label of a note: its own text, else the event's title, cut to MAX_NOTE_CHARS."""
    text = " ".join((note.text or title).split())
    return text if len(text) <= MAX_NOTE_CHARS else text[: MAX_NOTE_CHARS - 1].rstrip() + "…"


def place_notes(
    events: pd.DataFrame,
    notes: tuple[Note, ...],
    span: tuple[pd.Timestamp, pd.Timestamp],
    plot_width: float,
    font_px: float,
    lang: str = DEFAULT_LANGUAGE,
) -> list[Placement]:
    """Rows for the notes whose events are shown and inside `span`, so that no two labels on a
    row overlap in a plot `plot_width` pixels wide; a label that would run past the right edge
    ends at its date instead of starting there."""
    if not notes or events.empty:
        return []
    wanted = {n.event: n for n in notes}
    rows = events[events[s.ID].isin(wanted)]
    start, end = (pd.Timestamp(x) for x in span)
    days = max((end - start) / pd.Timedelta(days=1), 1e-9)
    titles = localised_titles(rows, lang)
    found = []
    for event_id, day, lane, title in zip(
        rows[s.ID], rows[s.DATE], rows[s.EVENT_TYPE].astype(str), titles, strict=True
    ):
        if start <= day <= end:
            found.append((day, event_id, lane, note_text(wanted[event_id], str(title))))
    # Right to left: a label reaching over a later note's date must sit above that note's
    # label, so that the later note's leader line does not cross it.
    found.sort(reverse=True)
    boxes: list[tuple[float, float, float, int]] = []  # (left, right, x of the date, row)
    placed = []
    for day, event_id, lane, text in found:
        x = (day - start) / pd.Timedelta(days=1) / days * plot_width
        width = label_width(text, font_px)
        anchor = "left" if x + width <= plot_width else "right"
        left, right = (x, x + width) if anchor == "left" else (x - width, x)
        row = _free_row(boxes, left, right, x)
        boxes.append((left, right, x, row))
        placed.append(Placement(event_id, day, lane, text, row, anchor))
    placed.reverse()
    return placed


def _free_row(boxes, left: float, right: float, x: float) -> int:
    """The lowest row where a label [left, right] for a date at x meets no other label, sits
    above every leader line it reaches over, and below every label that reaches over x."""
    above = max(
        (row for _, _, at, row in boxes if left - GAP_PX <= at <= right + GAP_PX), default=-1
    )
    below = min((row for a, b, _, row in boxes if a - GAP_PX <= x <= b + GAP_PX), default=None)
    rows = range(above + 1, above + len(boxes) + 2)
    fits = [
        row
        for row in rows
        if all(right + GAP_PX <= a or b + GAP_PX <= left for a, b, _, r in boxes if r == row)
    ]
    under = [row for row in fits if below is None or row < below]
    return (under or fits)[0]


def note_rows(placements: list[Placement]) -> int:
    """How many label rows the placements use."""
    return max((p.row for p in placements), default=-1) + 1


def note_annotations(
    placements: list[Placement],
    position: dict[str, float],
    top: float,
    row_units: float,
    font_px: float,
    colours: dict,
    marker_px: float = 8,
) -> list[dict]:
    """Plotly annotations for placed notes: each label sits on its row above `top` (the y of the
    top lane's upper edge, in rows of the lane axis) with a leader line down to its event's
    marker, at `position` (by event id)."""
    out = []
    for p in placements:
        out.append(
            dict(
                text=_escaped(p.text),
                x=p.date,
                y=position[p.event],
                xref="x",
                yref="y",
                ax=p.date,
                ay=top + (p.row + 0.5) * row_units,
                axref="x",
                ayref="y",
                xanchor=p.anchor,
                yanchor="middle",
                align=p.anchor,
                showarrow=True,
                arrowhead=0,
                arrowwidth=1,
                arrowcolor=colours["muted"],
                standoff=marker_px,
                font=dict(size=font_px, color=colours["ink"]),
                bgcolor=colours["paper"],
                borderpad=2,
                name="note",
                captureevents=False,
            )
        )
    return out


def suggested_notes(events: pd.DataFrame, most: int = SUGGESTED) -> tuple[Note, ...]:
    """Events worth a note: the largest counts, then the roots of the longest escalation chains
    (events that others answered and that answered none of the shown events)."""
    counted = events[events[s.COUNT].notna()]
    largest = counted.sort_values([s.COUNT, s.DATE], ascending=[False, True])[s.ID]
    chosen = list(dict.fromkeys(largest.head(LARGEST)))
    index = links(events)
    roots = [e for e in index.answers if e not in index.answered]
    size = {root: _descendants(root, index.answers) for root in roots}
    order = {e: i for i, e in enumerate(events[s.ID])}
    for root in sorted(roots, key=lambda r: (-size[r], order.get(r, 0))):
        if len(chosen) >= most:
            break
        if root not in chosen:
            chosen.append(root)
    return tuple(Note(e) for e in chosen[:most])


def _descendants(root: str, answers: dict[str, tuple[str, ...]]) -> int:
    seen = {root}
    todo = [root]
    while todo:
        for later in answers.get(todo.pop(), ()):
            if later not in seen:
                seen.add(later)
                todo.append(later)
    return len(seen) - 1


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def span_of(events: pd.DataFrame, window=None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates the x axis spans: the zoom window, else the events' dates with Plotly's
    automatic padding of about 5 % of the span on each side."""
    if window is not None:
        return pd.Timestamp(window.start), pd.Timestamp(window.end)
    first = events[s.DATE].min()
    last = events[s.END_DATE].fillna(events[s.DATE]).max()
    pad = max((last - first) * 0.05, pd.Timedelta(days=1))
    return first - pad, last + pad
