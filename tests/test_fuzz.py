"""Property-based tests of everything that parses input from strangers: files and links.

The default suite runs a small number of cases per property. The large run:

    FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest tests/test_fuzz.py --hypothesis-show-statistics

(`bash scripts/fuzz.sh` does exactly that.)
"""

import csv
import io
import os
import time
from contextlib import contextmanager

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import schema as s
from timeline.filters import apply_filters, describe
from timeline.load import is_missing_word, parse_events, read_events
from timeline.state import ViewState, filters_from_controls, query_from_state, state_from_query

from .conftest import DATA

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
# Time per case is bounded in CPU seconds (see `bounded`), not by hypothesis' wall-clock
# deadline, which fails at random on a busy machine.
LOADER = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Each case validates a whole file of good rows, ten times the work of the others.
FULL_FILES = settings(LOADER, max_examples=max(10, EXAMPLES // 5))
LINKS = settings(LOADER, max_examples=EXAMPLES)
LOADER_CPU_SECONDS = 2.0
LINK_CPU_SECONDS = 0.5


@contextmanager
def bounded(seconds: float):
    """Fail the case when its body uses more than `seconds` of CPU: a hang in the making."""
    start = time.process_time()
    yield
    used = time.process_time() - start
    assert used < seconds, f"one case used {used:.2f} s of CPU; the bound is {seconds} s"


SAMPLE = read_events(DATA / "sample_events.csv")
TYPES = list(SAMPLE.events[s.EVENT_TYPE].astype(str).unique())
ACTORS = list(SAMPLE.events[s.ACTOR].astype(str).unique())
IDS = set(SAMPLE.events[s.ID])

# Any code point, lone surrogates included: JSON from a browser can carry them.
TEXT_CHAR = st.characters(codec="utf-8")
ANY_CHAR = st.one_of(TEXT_CHAR, st.characters(categories=["Cs"]))
HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    '=HYPERLINK("http://x")',
    "\u202e\u200b",
    "1e400",
    "-0",
    "NaN",
    "line",
    "reason",
    "\r\n",
    '"',
]
GOOD = [
    "2024-05-28",
    "2024-02-30",
    "balloon_launch",
    "north_korea",
    "https://example.org/a",
    "260",
    "37.5",
]
CELL = st.one_of(
    st.text(TEXT_CHAR, max_size=12),
    st.sampled_from(HOSTILE + GOOD + [""]),
)
HEADER_NAME = st.one_of(
    st.sampled_from([*s.KNOWN_COLUMNS, s.LINE, s.REASON, "", " id ", "ID"]),
    st.text(max_size=6),
)


def data_rows(text: str) -> int:
    """The data rows of CSV text: non-blank records after the first non-blank one (the header)."""
    records = [
        r
        for r in csv.reader(io.StringIO(text, newline=""), strict=False)
        if any(c.strip() for c in r)
    ]
    return max(len(records) - 1, 0)


def check_result(result, text: str | None) -> None:
    """Every row is either accepted or rejected, and every message can be shown.

    With the text, the rows must also be all the data rows in it, unless the whole file was
    refused (not UTF-8, NUL bytes, not CSV): then one error says so and no row is counted.
    """
    assert len(result.events) + len(result.rejected) == result.rows
    refused = [p for p in result.errors if p.line is None]
    if refused:
        assert (result.rows, len(result.problems)) == (0, 1)
    elif text is not None:
        assert result.rows == data_rows(text)
    assert result.rejected.columns.is_unique
    assert result.events.columns.is_unique
    for problem in result.problems:
        assert str(problem)
    assert result.summary()


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@LOADER
@given(st.binary(max_size=2000))
def test_loader_survives_arbitrary_bytes(raw):
    with bounded(LOADER_CPU_SECONDS):
        result = parse_events(raw, "fuzz.csv")
    check_result(result, None)


@LOADER
@given(st.text(TEXT_CHAR, max_size=2000))
def test_loader_survives_arbitrary_text_and_counts_every_row(text):
    with bounded(LOADER_CPU_SECONDS):
        result = parse_events(text.encode("utf-8"), "fuzz.csv")
    check_result(result, text.removeprefix("\ufeff"))


@LOADER
@given(
    st.lists(HEADER_NAME, max_size=18),
    st.lists(st.lists(CELL, max_size=18), max_size=12),
)
def test_loader_accounts_for_every_row_of_any_csv_shape(header, rows):
    text = csv_text([header, *rows])
    with bounded(LOADER_CPU_SECONDS):
        result = parse_events(text.encode("utf-8"), "fuzz.csv")
    check_result(result, text)


@FULL_FILES
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                s.TITLE: CELL.filter(lambda c: c.strip() and "\x00" not in c),
                s.DESCRIPTION: CELL.filter(lambda c: "\x00" not in c),
                s.LOCATION: CELL.filter(lambda c: "\x00" not in c),
            }
        ),
        min_size=1,
        max_size=6,
    )
)
def test_valid_rows_with_any_text_are_all_accepted_and_kept_verbatim(texts):
    rows = [list(s.COLUMNS)]
    for n, cells in enumerate(texts):
        row = dict.fromkeys(s.COLUMNS, "")
        row.update(cells)
        row.update(
            {
                s.ID: f"event-{n}",
                s.DATE: "2024-05-28",
                s.EVENT_TYPE: "balloon_launch",
                s.ACTOR: "north_korea",
                s.SOURCES: "https://example.org/a",
            }
        )
        rows.append([row[c] for c in s.COLUMNS])
    with bounded(LOADER_CPU_SECONDS):
        result = parse_events(csv_text(rows).encode("utf-8"), "fuzz.csv")
    assert result.errors == []
    assert len(result.events) == len(texts)
    by_line = result.events.sort_values(s.LINE)
    for column in (s.TITLE, s.DESCRIPTION, s.LOCATION):
        # A word that only says the value is missing ('none', 'N/A') empties an optional cell.
        kept = [t[column].strip() for t in texts]
        if column != s.TITLE:
            kept = [
                "" if missing else k
                for k, missing in zip(
                    kept, is_missing_word(pd.Series(kept, dtype=str)), strict=True
                )
            ]
        assert list(by_line[column]) == kept


@LINKS
@given(st.text(ANY_CHAR, max_size=300))
def test_any_link_opens_a_view_that_writes_a_stable_link(query):
    with bounded(LINK_CPU_SECONDS):
        state, notices = state_from_query(query, TYPES, ACTORS, IDS)
    check_state(state)
    again, more = state_from_query(query_from_state(state), TYPES, ACTORS, IDS)
    assert (again, more) == (state, [])
    for notice in notices:
        assert isinstance(notice, str)


PARAMETER = st.sampled_from(["type", "actor", "from", "to", "q", "event", "types", "x", ""])
VALUE = st.one_of(
    st.sampled_from([*TYPES, *ACTORS, *IDS, "none", "2024-06-01", "2024-13-01", "20240601"]),
    st.text(ANY_CHAR, max_size=20),
)


@LINKS
@given(st.lists(st.tuples(PARAMETER, VALUE), max_size=12))
def test_links_built_from_real_parameter_names_never_fail(pairs):
    query = "?" + "&".join(f"{k}={v}" for k, v in pairs)
    with bounded(LINK_CPU_SECONDS):
        state, _ = state_from_query(query, TYPES, ACTORS, IDS)
    check_state(state)
    assert state_from_query(query_from_state(state), TYPES, ACTORS, IDS) == (state, [])


@LINKS
@given(
    st.one_of(st.none(), st.lists(VALUE, max_size=6), st.integers()),
    st.one_of(st.none(), st.lists(VALUE, max_size=6)),
    st.one_of(st.none(), VALUE),
    st.one_of(st.none(), VALUE),
    st.one_of(st.none(), VALUE),
    st.one_of(st.none(), VALUE),
)
def test_any_control_values_give_a_state_that_writes_a_link(types, actors, start, end, q, place):
    with bounded(LINK_CPU_SECONDS):
        places = [place] if place else None
        state = ViewState(
            filters_from_controls(types, TYPES, actors, ACTORS, start, end, q, places)
        )
    check_state(state, ids=None)
    assert isinstance(query_from_state(state), str)


def check_state(state: ViewState, ids=IDS) -> None:
    """The state only names known things, and filtering and captioning it works."""
    f = state.filters
    assert f.types is None or set(f.types) <= set(TYPES)
    assert f.actors is None or set(f.actors) <= set(ACTORS)
    assert not (f.start and f.end and f.end < f.start)
    if ids is not None:
        assert state.event is None or state.event in ids
    shown = apply_filters(SAMPLE.events, f)
    assert describe(f, shown).endswith("event" if len(shown) == 1 else "events")


# Bugs the properties above found, kept as plain examples.


def test_a_link_with_lone_surrogates_still_writes_a_link():
    state, _ = state_from_query("?q=a\ud800&event=\udcff", TYPES, ACTORS)
    assert (state.filters.query, state.event) == ("a\ufffd", "\ufffd")
    assert query_from_state(state) == "?q=a%EF%BF%BD&event=%EF%BF%BD"


def test_controls_with_lone_surrogates_or_odd_types_still_write_a_link():
    filters = filters_from_controls(7, TYPES, None, ACTORS, "\ud800", None, "x\udc00")
    assert filters.types == ()
    assert query_from_state(ViewState(filters)) == "?type=none&actor=none&q=x%EF%BF%BD"


def test_a_users_own_line_and_reason_columns_are_kept_under_new_names():
    header = ",".join([*s.COLUMNS, s.LINE, s.REASON])
    good = "a,2024-05-28,,balloon_launch,north_korea,T,,,,,,,https://example.org/a,,7,why"
    bad = "b,not-a-date,,balloon_launch,north_korea,T,,,,,,,https://example.org/b,,8,because"
    result = parse_events(f"{header}\n{good}\n{bad}\n".encode(), "own.csv")
    assert result.events[[s.LINE, "line.1", "reason.1"]].values.tolist() == [[2, "7", "why"]]
    assert result.rejected[[s.LINE, "line.1", "reason.1"]].values.tolist() == [[3, "8", "because"]]
    assert "('line' as 'line.1', 'reason' as 'reason.1')" in str(result.warnings[0])
