import pandas as pd
import pytest

from timeline import schema as s
from timeline.load import is_http_url, parse_events, read_events

from .conftest import DATA, HEADER

GOOD = "ok-1,2024-05-28,,balloon_launch,north_korea,Balloons cross,,260,balloons,,,,https://example.org/a,"
KNOWN_TYPES = ", ".join(s.EVENT_TYPES)
KNOWN_ACTORS = ", ".join(s.ACTORS)


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "a,2024-13-02,,balloon_launch,north_korea,T,,,,,,,https://example.org/a,",
            "line 3, column 'date': '2024-13-02' is not a date. Use YYYY-MM-DD, e.g. 2024-06-09.",
        ),
        (
            "a,2024-02-30,,balloon_launch,north_korea,T,,,,,,,https://example.org/a,",
            "line 3, column 'date': '2024-02-30' is not a date. Use YYYY-MM-DD, e.g. 2024-06-09.",
        ),
        (
            "a,,,balloon_launch,north_korea,T,,,,,,,https://example.org/a,",
            "line 3, column 'date': is empty. Every event needs a date in YYYY-MM-DD, "
            "e.g. 2024-06-09.",
        ),
        (
            "a,2024-06-01,2024-05-01,loudspeaker,south_korea,T,,,,,,,https://example.org/a,",
            "line 3, column 'end_date': '2024-05-01' is before the date '2024-06-01'. "
            "The end_date must be on or after the date.",
        ),
        (
            "a,2024-06-01,,ballon_launch,north_korea,T,,,,,,,https://example.org/a,",
            "line 3, column 'event_type': 'ballon_launch' is not a known event type. "
            f"Did you mean 'balloon_launch'? Known: {KNOWN_TYPES}.",
        ),
        (
            "a,2024-06-01,,loudspeaker,south_koera,T,,,,,,,https://example.org/a,",
            "line 3, column 'actor': 'south_koera' is not a known actor. "
            f"Did you mean 'south_korea'? Known: {KNOWN_ACTORS}.",
        ),
        (
            "a,2024-06-01,,zzz,north_korea,T,,,,,,,https://example.org/a,",
            f"line 3, column 'event_type': 'zzz' is not a known event type. Known: {KNOWN_TYPES}.",
        ),
        (
            "ok-1,2024-06-01,,loudspeaker,south_korea,T,,,,,,,https://example.org/a,",
            "line 3, column 'id': 'ok-1' is already the id of line 2. Give every event a unique id.",
        ),
        (
            "a,2024-06-01,,loudspeaker,south_korea,,,,,,,,https://example.org/a,",
            "line 3, column 'title': is empty. Every event needs a short factual title.",
        ),
        (
            "a,2024-06-01,,loudspeaker,south_korea,T,,,,,,,javascript:alert(1),",
            "line 3, column 'sources': 'javascript:alert(1)' is not an http(s) link. Sources must "
            "be web addresses starting with http:// or https://, separated by spaces.",
        ),
        (
            'a,2024-06-01,,loudspeaker,south_korea,T,,,,,,,"data:text/html;base64,PHNjcmlwdD4=",',
            "line 3, column 'sources': 'data:text/html;base64,PHNjcmlwdD4=' is not an http(s) link. Sources "
            "must be web addresses starting with http:// or https://, separated by spaces.",
        ),
        (
            "a,2024-06-01,,loudspeaker,south_korea,T,,,,,,,ftp://example.org/file,",
            "line 3, column 'sources': 'ftp://example.org/file' is not an http(s) link. Sources "
            "must be web addresses starting with http:// or https://, separated by spaces.",
        ),
        (
            "a,2024-06-01,,balloon_launch,north_korea,T,,-5,balloons,,,,https://example.org/a,",
            "line 3, column 'count': '-5' is not a non-negative number. Write the count as digits "
            "only, e.g. 260.",
        ),
        (
            "a,2024-06-01,,balloon_launch,north_korea,T,,many,balloons,,,,https://example.org/a,",
            "line 3, column 'count': 'many' is not a non-negative number. Write the count as "
            "digits only, e.g. 260.",
        ),
        (
            "a,2024-06-01,,balloon_launch,north_korea,T,,,,,123.5,126.9,https://example.org/a,",
            "line 3, column 'latitude': '123.5' is not a number between -90 and 90. Use decimal "
            "degrees; Seoul is at latitude 37.5665.",
        ),
        (
            "a,2024-06-01,,balloon_launch,north_korea,T,,,,,37.5,200,https://example.org/a,",
            "line 3, column 'longitude': '200' is not a number between -180 and 180. Use decimal "
            "degrees; Seoul is at longitude 126.9780.",
        ),
        (
            "a,2024-06-01,,balloon_launch,north_korea,T,,,,,,,https://example.org/a,,extra",
            "line 3: this row has 15 fields but the header has 14. Quote cells that contain "
            'commas ("like, this") and check for missing or extra fields.',
        ),
        (
            "a,2024-06-01,,balloon_launch,north_korea,T",
            "line 3: this row has 6 fields but the header has 14. Quote cells that contain "
            'commas ("like, this") and check for missing or extra fields.',
        ),
    ],
)
def test_bad_row_is_rejected_with_exact_message(write_csv, row, message):
    path = write_csv(GOOD + "\n" + row + "\n")
    result = read_events(path)
    assert [str(p) for p in result.errors] == [f"{path}, {message}"]
    assert list(result.events[s.ID]) == ["ok-1"]
    assert list(result.rejected[s.LINE]) == [3]
    assert len(result.events) + len(result.rejected) == result.rows == 2


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "a,2024-06-01,,loudspeaker,south_korea,T,,,,,,,https://example.org/a,no-such-id",
            "line 3, column 'responds_to': 'no-such-id' is not the id of any event in this file. "
            "Check the id, or remove it.",
        ),
        (
            "a,2024-05-01,,loudspeaker,south_korea,T,,,,,,,https://example.org/a,ok-1",
            "line 3, column 'responds_to': 'ok-1' is dated 2024-05-28, after this event. "
            "responds_to names earlier events.",
        ),
        (
            "a,2024-06-01,,loudspeaker,south_korea,T,,,,,,,,",
            "line 3, column 'sources': is empty. Add the http(s) address of a page that reports "
            "this event.",
        ),
        (
            "a,2024-06-01,,balloon_launch,north_korea,T,,40,,,,,https://example.org/a,",
            "line 3, column 'count_unit': is empty while count is set. Name what was counted, "
            "e.g. balloons.",
        ),
    ],
)
def test_doubtful_row_is_kept_with_a_warning(write_csv, row, message):
    path = write_csv(GOOD + "\n" + row + "\n")
    result = read_events(path)
    assert result.errors == []
    assert [str(p) for p in result.warnings] == [f"{path}, {message}"]
    assert len(result.events) == 2


def test_every_problem_in_a_file_is_reported_at_once():
    result = read_events(DATA / "bad_events.csv")
    assert [p.line for p in result.errors] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15]
    assert [p.line for p in result.warnings] == [14]
    assert result.summary() == "14 rows: 3 valid, 11 rejected, 1 warning"


def test_rejected_rows_keep_their_original_cells_and_reason():
    result = read_events(DATA / "bad_events.csv")
    row = result.rejected.set_index(s.LINE).loc[11]
    assert row[s.ID] == "js-link"
    assert row[s.SOURCES] == "javascript:alert(1)"
    assert row[s.REASON].startswith("sources: 'javascript:alert(1)' is not an http(s) link.")


def test_missing_required_column_makes_the_file_unusable_with_one_error(write_csv):
    path = write_csv("a,2024-06-01,T\nb,2024-06-02,U\n", header="id,when,title")
    result = read_events(path)
    assert [str(p) for p in result.problems] == [
        f"{path}, line 1: has no column 'date', 'event_type', 'actor' (found: id, when, title). "
        "The header row must name at least: id, date, event_type, actor, title."
    ]
    assert result.events.empty
    assert len(result.rejected) == result.rows == 2


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_empty_file_is_one_clear_error(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    result = read_events(path)
    assert [str(p) for p in result.problems] == [
        f"{path}: is empty. Start with the header row: {HEADER}"
    ]
    assert result.rows == 0


def test_missing_file_is_one_clear_error(tmp_path):
    result = read_events(tmp_path / "nope.csv")
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'nope.csv'}: file not found. Check the path."
    ]


def test_bom_and_crlf_line_ends_are_read(tmp_path):
    path = tmp_path / "windows.csv"
    text = HEADER + "\r\n" + GOOD + "\r\n" + GOOD.replace("ok-1", "ok-2") + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = read_events(path)
    assert result.problems == []
    assert list(result.events[s.ID]) == ["ok-1", "ok-2"]
    assert result.events[s.SOURCES].iloc[0] == "https://example.org/a"


def test_line_numbers_count_multiline_cells(write_csv):
    multi = 'a,2024-06-01,,balloon_launch,north_korea,T,"two\nlines",,,,,,https://e.org/a,'
    bad = "b,2024-06-31,,balloon_launch,north_korea,T,,,,,,,https://e.org/b,"
    result = read_events(write_csv(multi + "\n" + bad + "\n"))
    assert [p.line for p in result.errors] == [4]
    assert result.events[s.DESCRIPTION].iloc[0] == "two\nlines"


def test_latin1_file_is_refused_with_the_fix():
    text = HEADER + "\nb,2024-06-01,,x,y,Caf\xe9\n"
    result = parse_events(text.encode("latin-1"), "f.csv")
    assert str(result.problems[0]) == (
        f"f.csv: is not UTF-8 text (byte 0xe9 at position {text.index(chr(0xE9))}). Save it as UTF-8, or load it "
        "with 'timeline import', which detects the encoding."
    )
    assert len(result.rejected) == result.rows == 0


def test_korean_text_and_quoted_commas_survive(write_csv):
    row = 'a,2024-06-01,,balloon_launch,north_korea,"오물 풍선, 260개",,,,,,,https://e.org/a,'
    result = read_events(write_csv(row + "\n"))
    assert result.events[s.TITLE].iloc[0] == "오물 풍선, 260개"


def test_events_are_typed_and_sorted_by_date():
    events = read_events(DATA / "sample_events.csv").events
    assert events[s.DATE].is_monotonic_increasing
    assert isinstance(events[s.EVENT_TYPE].dtype, pd.CategoricalDtype)
    assert events[s.COUNT].dtype == "float64"
    assert events.loc[events[s.ID] == "balloons-1", s.END_DATE].iloc[0] == pd.Timestamp(
        "2024-05-29"
    )


def test_lenient_vocabulary_keeps_a_users_own_categories(write_csv):
    path = write_csv("a,2024-06-01,,Missile Provocation,North Korea,T,,,,,,,https://e.org/a,\n")
    assert len(read_events(path).errors) == 2
    lenient = read_events(path, strict_vocabulary=False)
    assert lenient.errors == []
    assert list(lenient.events[s.EVENT_TYPE]) == ["Missile Provocation"]


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://en.yna.co.kr/view/AEN20240529000351315", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/A", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt://example.org/%0aalert(1)", False),
        ("data:text/html,hi", False),
        ("vbscript:msgbox", False),
        ("ftp://example.org/a", False),
        ("//example.org/a", False),
        ("https://", False),
    ],
)
def test_only_http_urls_count_as_links(url, ok):
    assert is_http_url(url) is ok


def test_a_line_break_quoted_in_the_header_does_not_count_as_a_row(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(b'"\n0"\r\n')
    result = read_events(path)
    assert (result.rows, len(result.events), len(result.rejected)) == (0, 0, 0)
