import pandas as pd
import pytest

from timeline.load import read_events
from timeline.notes import (
    MAX_NOTE_CHARS,
    label_width,
    note_rows,
    note_text,
    place_notes,
    suggested_notes,
)
from timeline.state import Note

from .conftest import DATA

SPAN = (pd.Timestamp("2024-05-01"), pd.Timestamp("2024-12-31"))


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def boxes(placed, width=800, font=13):
    days = (SPAN[1] - SPAN[0]).days
    out = []
    for p in placed:
        x = (p.date - SPAN[0]).days / days * width
        w = label_width(p.text, font)
        out.append((p.row, x, (x, x + w) if p.anchor == "left" else (x - w, x)))
    return out


def test_a_note_without_text_shows_the_events_title_and_long_text_is_cut():
    assert note_text(Note("a"), "Seoul suspends the military agreement") == (
        "Seoul suspends the military agreement"
    )
    assert note_text(Note("a", "  Peak:   720  "), "title") == "Peak: 720"
    cut = note_text(Note("a", "x" * 100), "")
    assert len(cut) == MAX_NOTE_CHARS and cut.endswith("…")


def test_labels_on_one_row_never_overlap_and_no_leader_line_crosses_a_label(events):
    notes = tuple(Note(i) for i in events["id"])
    placed = place_notes(events, notes, SPAN, 800, 13)
    assert len(placed) == 12
    drawn = boxes(placed)
    for i, (row, _, (a, b)) in enumerate(drawn):
        for other_row, _x, (c, d) in drawn[i + 1 :]:
            assert other_row != row or b <= c or d <= a
    # A line rises from its date to its own row: any label it passes under a lower row would
    # be crossed, so labels reaching over a date sit above that date's label.
    for row, _, (a, b) in drawn:
        for other_row, x, _ in drawn:
            if a < x < b:
                assert other_row <= row


def test_notes_outside_the_span_or_of_hidden_events_are_not_drawn(events):
    shown = events[events["event_type"] == "balloon_launch"]
    notes = (Note("balloons-1"), Note("speakers-1"), Note("roads-1"))
    placed = place_notes(shown, notes, (SPAN[0], pd.Timestamp("2024-08-01")), 800, 13)
    assert [p.event for p in placed] == ["balloons-1"]
    assert note_rows(placed) == 1
    assert note_rows([]) == 0


def test_a_label_near_the_right_edge_ends_at_its_date(events):
    end = (SPAN[0], pd.Timestamp("2024-11-01"))
    placed = place_notes(events, (Note("missile-1", "A long note near the end"),), end, 800, 13)
    assert [p.anchor for p in placed] == ["right"]


def test_suggested_notes_are_the_largest_counts_then_the_roots_of_chains(events):
    assert [n.event for n in suggested_notes(events)] == [
        "balloons-2",
        "balloons-5",
        "balloons-3",
        "leaflets-2",
        "leaflets-1",
    ]
    assert suggested_notes(events.iloc[0:0]) == ()
