import io
import os
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import schema as s
from timeline.importer import (
    MAX_COLUMNS,
    Mapping,
    UnreadableFile,
    apply_overrides,
    import_file,
    import_table,
    load_any,
    near_duplicate_labels,
    parse_dates,
    propose_mapping,
    read_source,
    read_table,
    rejected_path,
    split_sources,
    write_import,
)

from .conftest import DATA, SHARED

CSIS_STYLE = DATA / "import_csis_style.csv"
ACLED_STYLE = DATA / "import_acled_style.csv"
CP1252 = DATA / "import_cp1252.csv"
DAYFIRST = DATA / "import_dayfirst.tsv"
UNCERTAIN = DATA / "import_uncertain_dates.csv"
CSIS_REAL = SHARED / "csis-beyond-parallel-provocations.csv"


def dates_of(imported) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in imported.result.events[s.DATE]]


def messages(imported, severity=None) -> list[str]:
    """Problems without the file name, e.g. "line 9, column 'date': '…' is not a date…"."""
    return [
        str(p).split(", ", 1)[1]
        for p in imported.result.problems
        if severity is None or p.severity == severity
    ]


# ---------------------------------------------------------------- the fixtures, format by format


def test_csis_style_file_is_recognised_and_every_row_accounted_for():
    imported = import_file(CSIS_STYLE)
    assert imported.mapping.preset == "csis"
    assert imported.summary() == "9 rows: 7 imported, 2 rejected, 8 warnings"
    assert dates_of(imported) == [
        "1974-11-15",
        "1975-03-19",
        "1976-08-18",
        "2023-08-24",
        "2024-05-28",
        "2024-05-29",
        "2024-06-02",
    ]
    events = imported.result.events
    assert set(events[s.ACTOR]) == {"north_korea"}
    assert sorted(set(events[s.EVENT_TYPE])) == ["Missile Provocation", "Other Provocation"]
    assert messages(imported, "error") == [
        "line 9, column 'date': '2024-13-01' is not a date. This column reads as YYYY-MM-DD, "
        "e.g. 2025-05-16; fix the value, or set the format with --date-format.",
        "line 10, column 'event': is empty. Every event needs a short factual title.",
    ]


def test_rejected_rows_are_the_original_cells_with_line_and_reason():
    rejected = import_file(CSIS_STYLE).result.rejected
    assert list(rejected.columns) == [
        "line",
        "reason",
        "date",
        "type",
        "event",
        "description",
        "resources",
    ]
    assert rejected.values.tolist() == [
        [
            9,
            "column 'date': '2024-13-01' is not a date. This column reads as YYYY-MM-DD, "
            "e.g. 2025-05-16; fix the value, or set the format with --date-format.",
            "2024-13-01",
            "Missile Provocation",
            "Short-range Ballistic Missile Launch",
            "A row with an impossible month.",
            "https://example.org/srbm",
        ],
        [
            10,
            "column 'event': is empty. Every event needs a short factual title.",
            "2024-06-10",
            "Missile Provocation",
            "",
            "A row without an event label.",
            "https://example.org/no-label",
        ],
    ]


def test_csis_style_sources_are_split_and_text_kept_in_the_description():
    events = import_file(CSIS_STYLE).result.events.set_index(s.DATE)
    assert events.loc["2024-05-29", s.SOURCES] == (
        "https://example.org/balloons-2.html https://www.youtube.com/watch?v=abc123"
    )
    assert (
        events.loc["2023-08-24", s.SOURCES] == "https://example.org/sat https://example.com/sat-2"
    )
    assert events.loc["1975-03-19", s.SOURCES] == "http://www.example.org/tunnel-2.pdf"
    assert events.loc["1976-08-18", s.SOURCES] == "https://goo.gl/abc123"
    assert events.loc["1976-08-18", s.DESCRIPTION] == (
        "Two US officers were killed at Panmunjom.\n\n"
        "Source: The US Military Experience in Korea 1871-1982, page 125."
    )
    assert events.loc["2024-06-02", s.SOURCES] == ""


def test_rows_without_a_source_and_near_duplicate_labels_are_warned_about():
    warnings = messages(import_file(CSIS_STYLE), "warning")
    assert (
        "line 4, column 'resources': is empty. Add the http(s) address of a page that "
        "reports this event." in warnings
    )
    assert warnings[0] == (
        "column 'event': 'DMZ Encroachment' (1 row) looks like a variant of 'DMZ Enroachment' "
        "(1 row). If they are the same, fix one spelling."
    )


def test_acled_export_uses_its_ids_composes_titles_and_reports_bad_rows():
    imported = import_file(ACLED_STYLE)
    assert imported.mapping.preset == "acled"
    events = imported.result.events
    assert events[[s.ID, s.TITLE, s.ACTOR, s.LOCATION]].values.tolist() == [
        ["KOR1001", "Peaceful protest — Seoul", "Protesters (South Korea)", "Seoul"],
        ["KOR1002", "Other — Kaesong", "Military Forces of North Korea (2011-)", "Kaesong"],
    ]
    assert dates_of(imported) == ["2025-05-16", "2025-06-02"]
    assert events[s.COUNT].tolist() == [0.0, 0.0]
    assert set(events[s.COUNT_UNIT]) == {"fatalities"}
    assert events[s.LATITUDE].tolist() == [37.5665, 37.9708]
    assert events.loc[1, s.DESCRIPTION].endswith("\n\nSource: Korea Herald; Yonhap")
    assert messages(imported, "error") == [
        "line 4, column 'latitude': '123.5' is not a number between -90 and 90. "
        "Use decimal degrees; Seoul is at latitude 37.5665.",
        "line 5, column 'event_id_cnty': 'KOR1001' is already the id of line 2. "
        "Give every event a unique id.",
    ]


def test_cp1252_file_with_two_digit_years_and_multiline_cells():
    imported = import_file(
        CP1252,
        maps=["date=Launch Date", "title=Missile Name", "title=Facility", "sources=Link"],
        sets=["actor=north_korea", "event_type=weapons_test"],
    )
    table = imported.table
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert imported.summary() == "6 rows: 5 imported, 1 rejected, 0 warnings"
    assert dates_of(imported) == [
        "1984-04-09",
        "1993-05-12",
        "1998-08-31",
        "2017-11-28",
        "2023-07-12",
    ]
    events = imported.result.events
    assert events[s.TITLE].tolist()[:2] == ["Scud-B — Tonghae", "Nodong — Musudan-ri"]
    assert (
        events.loc[0, s.DESCRIPTION] == "First test – reported later.\nA second line of the note."
    )
    assert events.loc[2, s.DESCRIPTION] == "Called a ‘satellite’ launch"
    assert events[s.LINE].tolist() == [2, 4, 5, 6, 7]
    assert messages(imported, "error") == [
        "line 8, column 'Launch Date': '30-Feb-24' is not a date. This column reads as D-Mon-YY, "
        "e.g. 9-Apr-84; fix the value, or set the format with --date-format."
    ]
    assert imported.result.rejected.iloc[0, 2:].tolist() == [
        "30-Feb-24",
        "Unknown",
        "Pyongyang",
        "Impossible day",
        "https://example.org/x",
    ]


def test_day_first_dates_are_detected_from_the_column():
    imported = import_file(DAYFIRST)
    assert imported.table.delimiter == "\t"
    assert [(d.column, d.label, d.ambiguous) for d in imported.dates] == [
        ("when", "DD/MM/YYYY", False)
    ]
    assert imported.result.events.set_index(s.ID)[s.DATE].dt.strftime("%Y-%m-%d").to_dict() == {
        "df-3": "2024-12-25",
        "df-4": "2025-02-01",
        "df-2": "2025-04-03",
        "df-1": "2025-05-16",
    }


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Events"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_written_by_openpyxl_reads_date_cells_serial_numbers_and_text(tmp_path):
    path = tmp_path / "tests.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["Date", "Headline", "Category", "Who", "Link"],
                [
                    datetime(2024, 5, 28),
                    "Balloons",
                    "balloon_launch",
                    "north_korea",
                    "https://a.org/1",
                ],
                [45793, "Loudspeakers", "loudspeaker", "south_korea", "https://a.org/2"],
                ["16 May 2025", "Leaflets", "leaflet_launch", "activists", None],
                [date(2024, 6, 9), None, "loudspeaker", "south_korea", "https://a.org/4"],
            ]
        )
    )
    imported = import_file(path, maps=["actor=Who", "title=Headline"])
    assert imported.table.kind == "Excel workbook, sheet 'Events'"
    assert imported.summary() == "4 rows: 3 imported, 1 rejected, 1 warning"
    assert dates_of(imported) == ["2024-05-28", "2025-05-16", "2025-05-16"]
    assert messages(imported) == [
        "line 4, column 'Link': is empty. Add the http(s) address of a page that reports this event.",
        "line 5, column 'Headline': is empty. Every event needs a short factual title.",
    ]
    assert imported.result.rejected.values.tolist()[0][2:] == [
        "2024-06-09",
        "",
        "loudspeaker",
        "south_korea",
        "https://a.org/4",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_encodings_are_detected(encoding):
    text = "date,title,actor,event_type\n2024-05-28,Café talks,south_korea,diplomacy\n"
    table = read_table(text.encode(encoding), "x.csv")
    assert table.records == [["2024-05-28", "Café talks", "south_korea", "diplomacy"]]
    expected = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16", "utf-8": "utf-8"}
    assert table.encoding == expected.get(encoding, "cp1252")


def test_encoding_can_be_given_and_a_wrong_one_is_explained():
    raw = "date,title\n2024-05-28,Caf\u00e9\n".encode("latin-1")
    assert read_table(raw, "x.csv", encoding="latin-1").records == [["2024-05-28", "Café"]]
    with pytest.raises(UnreadableFile) as error:
        read_table(raw, "x.csv", encoding="utf-8")
    assert str(error.value) == (
        "x.csv: is not valid utf-8 text (byte 0xe9 at position 25). Give the right encoding "
        "with --encoding, e.g. utf-8, utf-8-sig, utf-16, cp949, euc-kr, cp1252, latin-1."
    )


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2025-05-16", "2025-05-16"),
        ("2024-05-28T22:10:00+09:00", "2024-05-28"),
        ("9-Apr-84", "1984-04-09"),
        ("23-Jul-23", "2023-07-23"),
        ("16 May 2025", "2025-05-16"),
        ("May 16, 2025", "2025-05-16"),
        ("05/16/2025", "2025-05-16"),
        ("16/05/2025", "2025-05-16"),
        ("16.05.2025", "2025-05-16"),
        ("45793", "2025-05-16"),
        # Known only to the month or the year, or approximate: the contract's EDTF forms.
        ("Sep-84", "1984-09"),
        ("Sept. 1984", "1984-09"),
        ("September 1984", "1984-09"),
        ("1984-09", "1984-09"),
        ("09/1984", "1984-09"),
        ("1984", "1984"),
        ("c. 1990", "1990~"),
        ("1990?", "1990?"),
        ("1984-09-03~", "1984-09-03~"),
        # Korean styles.
        ("2024년 7월", "2024-07"),
        ("2024년 7월 18일", "2024-07-18"),
        ("2024년", "2024"),
        ("2024.05.28", "2024-05-28"),
        ("2024. 7. 18.", "2024-07-18"),
        ("2024. 7. 18", "2024-07-18"),
        ("2024. 7.", "2024-07"),
    ],
)
def test_dates_in_the_formats_people_use(cell, expected):
    parsed, unread, _ = parse_dates(pd.Series([cell]), "d")
    assert (parsed[0], bool(unread[0])) == (expected, False)


def test_month_and_year_dates_and_missing_words_import_instead_of_rejecting_rows():
    imported = import_file(UNCERTAIN, sets=["actor=north_korea"])
    assert imported.summary() == "8 rows: 7 imported, 1 rejected, 10 warnings"
    assert list(imported.contract[s.DATE]) == [
        "1984-04-09",
        "1984-09",
        "1984-09",
        "1990",
        "1991~",
        "1993-05?",
        "2024-07",
    ]
    assert messages(imported, "error") == [
        "line 9, column 'date': '1984-13' is not a date. This column reads as YYYY-MM, "
        "e.g. 1984-09; fix the value, or set the format with --date-format."
    ]
    assert messages(imported, "warning")[:2] == [
        "line 3, column 'latitude': 'Unknown' means the value is missing; the cell is read as "
        "empty.",
        "line 3, column 'longitude': 'Unknown' means the value is missing; the cell is read as "
        "empty.",
    ]
    assert list(imported.contract[s.LATITUDE]) == ["40.8499", "", "", "", "", "40.8499", ""]
    assert list(imported.contract[s.LOCATION])[2:5] == ["", "", ""]
    precisions = imported.result.events[s.DATE_PRECISION].value_counts().to_dict()
    assert precisions == {"month": 4, "year": 2, "day": 1}


def test_more_missing_value_words_can_be_given(write_csv):
    path = write_csv(
        "2024-06-09,A,x,y,inconnu,https://a.org/1\n",
        header="date,title,actor,event_type,lat,sources",
    )
    assert import_file(path).summary() == "1 rows: 0 imported, 1 rejected, 0 warnings"
    extended = import_file(path, missing_words=["inconnu"])
    assert extended.summary() == "1 rows: 1 imported, 0 rejected, 1 warning"


def test_two_digit_years_never_land_in_the_future():
    parsed, _, reading = parse_dates(
        pd.Series(["1-Jan-68", "1-Jan-69", "1-Jan-00", "1-Jan-99"]), "d"
    )
    assert parsed.tolist() == ["1968-01-01", "1969-01-01", "2000-01-01", "1999-01-01"]
    assert reading.label == "D-Mon-YY"


def test_ambiguous_day_and_month_are_reported_and_follow_dayfirst():
    cells = pd.Series(["05/06/2025", "01/02/2025"])
    parsed, _, reading = parse_dates(cells, "d")
    assert (parsed.tolist(), reading.ambiguous) == (["2025-05-06", "2025-01-02"], True)
    parsed, _, _ = parse_dates(cells, "d", dayfirst=True)
    assert parsed.tolist() == ["2025-06-05", "2025-02-01"]
    parsed, _, _ = parse_dates(cells, "d", date_format="%d/%m/%Y")
    assert parsed.tolist() == ["2025-06-05", "2025-02-01"]


def test_ambiguous_dates_give_one_warning_with_the_fix(write_csv):
    path = write_csv(
        "05/06/2025,A,x,y,https://a.org/1\n01/02/2025,B,x,y,https://a.org/2\n",
        header="date,title,actor,event_type,sources",
    )
    imported = import_file(path)
    assert messages(imported) == [
        "column 'date': every date could be read day-first or month-first; read as MM/DD/YYYY. "
        "If they are DD/MM/YYYY, use --date-format '%d/%m/%Y' or --dayfirst."
    ]


def test_a_column_that_mixes_formats_reads_each_cell():
    parsed, unread, reading = parse_dates(
        pd.Series(["2024-05-28", "2024-05-29", "9-Apr-84", "soon", ""]), "d"
    )
    assert parsed.tolist() == ["2024-05-28", "2024-05-29", "1984-04-09", "", ""]
    assert unread.tolist() == [False, False, False, True, False]
    assert reading.label == "YYYY-MM-DD"


# ---------------------------------------------------------------- sources


@pytest.mark.parametrize(
    "cell, urls, notes",
    [
        ("https://a.org/x", ["https://a.org/x"], []),
        ("https://a.org/x https://b.org/y", ["https://a.org/x", "https://b.org/y"], []),
        (
            "http://cnn.com/index.htmlVideo:https://www.youtube.com/watch?v=gvVQza8fYX8",
            ["http://cnn.com/index.html", "https://www.youtube.com/watch?v=gvVQza8fYX8"],
            [],
        ),
        ('http://cnn.com/t/">http://cnn.com/t/">http://cnn.com/t/', ["http://cnn.com/t/"], []),
        (
            "https://goo.gl/iSLDMz;http://b.org/op2.pdf",
            ["https://goo.gl/iSLDMz", "http://b.org/op2.pdf"],
            [],
        ),
        (
            "https://goo.gl/iXM6H4The US Military Experience in Korea 1871-1982, page 133.",
            ["https://goo.gl/iXM6H4"],
            ["The US Military Experience in Korea 1871-1982, page 133."],
        ),
        ("www.mnd.go.kr/a.pdf", ["http://www.mnd.go.kr/a.pdf"], []),
        ("Korean Peninsula Clashes", [], ["Korean Peninsula Clashes"]),
        (
            "https://web.archive.org/web/2016/http://a.org/x",
            ["https://web.archive.org/web/2016/http://a.org/x"],
            [],
        ),
        ("https://r.com/a#:~:text=that,a%20solid", ["https://r.com/a#:~:text=that,a%20solid"], []),
        ("https://a.org/x, https://b.org/y.", ["https://a.org/x", "https://b.org/y"], []),
        ("", [], []),
    ],
)
def test_sources_cells_are_split_into_links_and_text(cell, urls, notes):
    assert split_sources(cell) == (urls, notes)


# ---------------------------------------------------------------- mapping


def test_mapping_is_proposed_from_names_and_content(write_csv):
    path = write_csv(
        "16 May 2025,Loudspeakers resume,see https://a.org/1,"
        + '"A long description of what happened on the day, in one or two sentences."\n',
        header="When it happened,Headline,Where to read,Remarks",
    )
    mapping = propose_mapping(read_source(path))
    assert mapping.columns == {
        s.TITLE: ("Headline",),
        s.DATE: ("When it happened",),
        s.SOURCES: ("Where to read",),
        s.DESCRIPTION: ("Remarks",),
    }


def test_map_overrides_compose_and_set_values():
    header = ["Date", "Name", "Site", "Who"]
    mapping = apply_overrides(
        Mapping({s.DATE: ("Date",), s.TITLE: ("Name",)}),
        header,
        maps=["title=Name", "title=Site", "actor=Who", "date="],
        sets=["event_type=weapons_test"],
    )
    assert mapping.columns == {s.TITLE: ("Name", "Site"), s.ACTOR: ("Who",)}
    assert mapping.constants == {s.EVENT_TYPE: "weapons_test"}


@pytest.mark.parametrize(
    "maps, message",
    [
        (
            ["title=Nmae"],
            "--map title=Nmae: there is no column 'Nmae'. Did you mean 'Name'? Columns: Date, Name.",
        ),
        (
            ["headline=Name"],
            "--map headline=Name: write FIELD=COLUMN where FIELD is one of: date, end_date, "
            "event_type, actor, title, description, count, count_unit, location, latitude, "
            "longitude, sources, id.",
        ),
        (
            ["date=Date", "date=Name"],
            "--map date=Name: only title, description, sources can be composed from several "
            "columns; date is already 'Date'.",
        ),
    ],
)
def test_bad_map_flags_are_explained(maps, message):
    with pytest.raises(UnreadableFile) as error:
        apply_overrides(Mapping(), ["Date", "Name"], maps=maps)
    assert str(error.value) == message


def test_a_file_without_a_date_column_says_how_to_map_one(write_csv):
    path = write_csv("Balloons,x\n", header="Headline,Other")
    with pytest.raises(UnreadableFile) as error:
        import_file(path)
    assert str(error.value).endswith(
        "no column is mapped to date, which every event needs. Use --map date=COLUMN; "
        "columns: Headline, Other."
    )


def test_type_map_file_renames_types_and_actors(write_csv, tmp_path):
    remap = tmp_path / "types.csv"
    remap.write_text(
        "field,from,to\nevent_type,Balloon-floating Trash,balloon_launch\n"
        "event_type,gps signal jamming,gps_jamming\nactor,north_korea,dprk\n"
    )
    imported = import_file(CSIS_STYLE, type_map=remap)
    types = imported.result.events.set_index(s.DATE)
    assert types.loc["2024-05-28", s.EVENT_TYPE] == "Other Provocation"
    imported = import_file(CSIS_STYLE, maps=["event_type=event"], type_map=remap)
    events = imported.result.events.set_index(s.DATE)
    assert events.loc["2024-05-28", s.EVENT_TYPE] == "balloon_launch"
    assert events.loc["2024-06-02", s.EVENT_TYPE] == "gps_jamming"
    assert events.loc["1976-08-18", s.EVENT_TYPE] == "Panmunjom Axe Murder Incident"
    assert set(events[s.ACTOR]) == {"dprk"}


def test_near_duplicates_are_typos_not_numbered_series():
    labels = [
        "Multiple Lanuch Rocket System (MLRS) Test",
        "Multiple Launch Rocket System (MLRS) Test",
        "DMZ Enroachment",
        "DMZ Encroachment",
        "Balloon round 1",
        "Balloon round 2",
        "Satellite launch",
        "satellite Launch",
        "Nuclear Test",
        "north_korea",
        "south_korea",
    ]
    assert near_duplicate_labels(labels) == [
        ("Multiple Launch Rocket System (MLRS) Test", "Multiple Lanuch Rocket System (MLRS) Test"),
        ("DMZ Encroachment", "DMZ Enroachment"),
        ("satellite Launch", "Satellite launch"),
    ]


def test_a_row_with_none_of_the_mapped_values_is_rejected_not_dropped(write_csv):
    path = write_csv("2024-05-28,Balloons,extra\n,,kept elsewhere\n", header="date,title,other")
    imported = import_file(path)
    assert imported.summary() == "2 rows: 1 imported, 1 rejected, 3 warnings"
    assert imported.result.rejected[s.REASON].tolist() == [
        "none of the mapped columns has a value in this row."
    ]


# ---------------------------------------------------------------- hostile files


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "bad.csv: is empty. Export the table with a header row of column names."),
        (b" \r\n\n  \n", "bad.csv: is empty. Export the table with a header row of column names."),
        (
            b"2024-05-28,Balloons,https://a.org\n",
            "bad.csv, line 1: the first row looks like data, not column names ('2024-05-28'). "
            "Add a header row that names each column, e.g. date,title,sources.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "bad.csv: is a PNG image, not a table. Export the table as CSV or .xlsx.",
        ),
        (
            bytes(range(256)) * 8,
            "bad.csv: is a binary file, not a text table. Export the table as CSV or .xlsx.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "bad.csv: is an old Excel 97–2003 (.xls) workbook. Save it as .xlsx or CSV, not a "
            "table. Export the table as CSV or .xlsx.",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "bad.csv: is a ZIP archive but not an Excel workbook (File is not a zip file). "
            "Save it as .xlsx or CSV.",
        ),
        (
            (",".join(f"c{i}" for i in range(10_000)) + "\n").encode(),
            f"bad.csv: has 10,000 columns; the importer reads at most {MAX_COLUMNS:,}. "
            "Remove the columns you do not need and try again.",
        ),
    ],
)
def test_hostile_files_get_a_clear_error(raw, message):
    with pytest.raises(UnreadableFile) as error:
        read_table(raw, "bad.csv")
    assert str(error.value) == message


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as file:
        file.truncate(2 * 1024 * 1024 + 1)
    with pytest.raises(UnreadableFile) as error:
        read_source(path, max_mb=2)
    assert str(error.value) == (
        f"{path}: is 2.0 MB, over the import limit of 2 MB. Split the file, or raise the limit "
        "(--max-mb, TIMELINE_MAX_UPLOAD_MB)."
    )


def test_a_header_only_file_imports_nothing_without_error(write_csv):
    imported = import_file(write_csv("", header="date,title"))
    assert imported.summary() == "0 rows: 0 imported, 0 rejected, 3 warnings"
    assert messages(imported) == [
        "column 'sources': no column is mapped to sources, so no event links to a page that "
        "reports it. Use --map sources=COLUMN.",
        "column 'event_type': no column is mapped to event_type, so every event gets "
        "'unspecified'. Use --map event_type=COLUMN or --set event_type=VALUE.",
        "column 'actor': no column is mapped to actor, so every event gets 'unspecified'. "
        "Use --map actor=COLUMN or --set actor=VALUE.",
    ]


@pytest.mark.parametrize(
    "body, reason",
    [
        (
            '2024-05-28,Balloons\n2024-05-29,"Unclosed quote\n2024-05-30,More\n2024-05-31,Last\n',
            'lines 3–5 were read as one row of 2 cells because a quote (") opened in it is never '
            "closed. Close the quote, or remove it.",
        ),
        (
            '2024-05-28,Balloons\n2024-05-29,"Unclosed\n2024-05-30,More\n2024-06-01,"x",y\n',
            'lines 3–5 were read as one row of 3 cells because a quote (") opened in it is never '
            "closed. Close the quote, or remove it.",
        ),
    ],
)
def test_broken_quoting_is_one_rejected_row_naming_its_lines(write_csv, body, reason):
    imported = import_file(write_csv(body, header="date,title"))
    assert imported.summary() == "2 rows: 1 imported, 1 rejected, 3 warnings"
    assert imported.result.rejected[s.REASON].tolist() == [reason]


def test_quoted_multiline_cells_are_not_mistaken_for_broken_quoting(write_csv):
    body = '2024-05-28,"First line\nsecond line, with ""quotes"""\n2024-05-29,Next\n'
    imported = import_file(write_csv(body, header="date,title"))
    assert imported.summary() == "2 rows: 2 imported, 0 rejected, 3 warnings"
    assert imported.result.events[s.TITLE].tolist()[0] == 'First line\nsecond line, with "quotes"'


def test_ragged_rows_are_rejected_with_every_cell_kept(write_csv):
    body = "2024-05-28,Balloons\n2024-05-29,Leaflets,extra,more\n2024-05-30\n"
    imported = import_file(write_csv(body, header="date,title"))
    rejected = imported.result.rejected
    assert rejected.columns.tolist() == [
        "line",
        "reason",
        "date",
        "title",
        "(extra cell 1)",
        "(extra cell 2)",
    ]
    assert rejected.values.tolist() == [
        [
            3,
            "this row has 4 cells but the header has 2. Quote cells that contain the "
            "delimiter, and check for missing or extra cells.",
            "2024-05-29",
            "Leaflets",
            "extra",
            "more",
        ],
        [
            4,
            "this row has 1 cells but the header has 2. Quote cells that contain the "
            "delimiter, and check for missing or extra cells.",
            "2024-05-30",
            "",
            "",
            "",
        ],
    ]


cells = st.text(alphabet='ab,;"\n\r 9-/é', max_size=12)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=5), max_size=8))
def test_imported_plus_rejected_is_always_every_data_row(rows):
    text = "date,title,sources\n" + "\n".join(",".join(r) for r in rows)
    try:
        table = read_table(text.encode(), "fuzz.csv")
    except UnreadableFile:
        return
    mapping = Mapping({s.DATE: ("date",), s.TITLE: ("title",), s.SOURCES: ("sources",)})
    result = import_table(table, mapping).result
    assert len(result.events) + len(result.rejected) == len(table.records) == result.rows
    assert sorted([*result.events[s.LINE], *result.rejected[s.LINE]]) == table.lines


# ---------------------------------------------------------------- writing and serving


def test_write_import_writes_both_files_atomically(tmp_path):
    imported = import_file(CSIS_STYLE)
    out, rejected = write_import(imported, tmp_path / "out.csv")
    assert rejected == rejected_path(out) == tmp_path / "out.rejected.csv"
    assert sorted(os.listdir(tmp_path)) == ["out.csv", "out.rejected.csv"]
    again = load_any(out, strict_vocabulary=False)
    assert (len(again.events), len(again.rejected)) == (7, 0)
    assert again.events[s.ID].tolist() == imported.result.events[s.ID].tolist()
    lines = rejected.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "line,reason,date,type,event,description,resources"
    assert lines[2] == (
        "10,column 'event': is empty. Every event needs a short factual title.,2024-06-10,"
        "Missile Provocation,,A row without an event label.,https://example.org/no-label"
    )


def test_load_any_reads_contract_files_strictly_and_imports_the_rest():
    strict = load_any(DATA / "bad_events.csv")
    assert (len(strict.events), len(strict.rejected)) == (3, 11)
    imported = load_any(CSIS_STYLE)
    assert (len(imported.events), len(imported.rejected)) == (7, 2)
    broken = load_any(DATA / "no-such-file.csv")
    assert [str(p) for p in broken.problems] == [
        f"{DATA / 'no-such-file.csv'}: {DATA / 'no-such-file.csv'}: file not found. Check the path."
    ]


# ---------------------------------------------------------------- the real CSIS file


@pytest.mark.skipif(not CSIS_REAL.is_file(), reason="../shared/datasets is not on this machine")
def test_real_csis_file_imports_all_493_rows():
    imported = import_file(CSIS_REAL, preset="csis")
    result = imported.result
    assert (result.rows, len(result.events), len(result.rejected)) == (493, 493, 0)
    events = result.events
    assert events[s.EVENT_TYPE].value_counts().to_dict() == {
        "Missile Provocation": 246,
        "Other Provocation": 241,
        "Nuclear Provocation": 6,
    }
    assert events[s.TITLE].nunique() == 112
    assert (f"{events[s.DATE].min():%Y-%m-%d}", f"{events[s.DATE].max():%Y-%m-%d}") == (
        "1958-02-16",
        "2026-08-20",
    )
    assert (events[s.TITLE] == "Balloon-floating Trash").sum() == 32
    split = events[events[s.SOURCES].str.contains("youtube.com")]
    assert len(split) == 3
    assert all(len(cell.split()) == 2 for cell in split[s.SOURCES])
    # One cell is empty and 16 hold only a citation, which moves to the description.
    assert (events[s.SOURCES] == "").sum() == 17
    assert any("Lanuch" in str(p) for p in result.warnings)


def test_an_empty_first_sheet_is_skipped_and_an_empty_workbook_explained(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    data = book.create_sheet("Data")
    data.append(["date", "title"])
    data.append(["2024-05-28", "Balloons"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "two.xlsx")
    assert (table.sheet, table.records, table.lines) == ("Data", [["2024-05-28", "Balloons"]], [2])
    with pytest.raises(UnreadableFile) as error:
        read_table(xlsx_bytes([]), "empty.xlsx")
    assert str(error.value) == "empty.xlsx: the workbook has no sheet with data."


# ---------------------------------------------------------------- Korean sources


def test_a_cp949_file_with_korean_headers_and_dotted_dates_imports():
    imported = import_file(DATA / "import_korean_cp949.csv", sets=["actor=north_korea"])
    assert (imported.table.encoding, imported.table.header[:3]) == (
        "cp949",
        ["날짜", "제목", "내용"],
    )
    assert imported.summary() == "5 rows: 4 imported, 1 rejected, 4 warnings"
    assert imported.mapping.describe() == [
        "date <- '날짜'",
        "event_type <- '구분'",
        "actor = 'north_korea' for every row",
        "title <- '제목'",
        "description <- '내용'",
        "location <- '장소'",
        "latitude <- '위도'",
        "longitude <- '경도'",
        "sources <- '출처'",
    ]
    assert list(imported.contract[s.DATE]) == ["2024-05-28", "2024-06-09", "2024-07", "2024-10-15"]
    assert list(imported.contract[s.EVENT_TYPE]) == ["풍선", "확성기", "전파교란", "폭파"]
    assert messages(imported, "error") == [
        "line 6, column '날짜': '2024. 13. 1.' is not a date. This column reads as YYYY-MM-DD, "
        "e.g. 2025-05-16; fix the value, or set the format with --date-format."
    ]


def test_an_euc_kr_file_with_korean_dates_imports():
    imported = import_file(DATA / "import_korean_euckr.csv", sets=["actor=north_korea"])
    assert imported.table.kind == "euc-kr text, comma-separated"
    assert imported.summary() == "3 rows: 3 imported, 0 rejected, 1 warning"
    assert list(imported.contract[s.DATE]) == ["2024-05-28", "2024-06-09", "2024-07"]
    assert list(imported.contract[s.TITLE]) == ["오물풍선 살포", "확성기 방송 재개", "GPS 교란"]
    assert messages(imported) == [
        "line 4, column '지역': '불명' means the value is missing; the cell is read as empty."
    ]


def test_korean_labels_are_not_all_near_duplicates_of_each_other():
    assert near_duplicate_labels(["풍선", "확성기", "전파교란"]) == []
    assert near_duplicate_labels(["오물풍선 살포 1차", "오물풍선 살포 1치"]) == [
        ("오물풍선 살포 1치", "오물풍선 살포 1차")
    ]


def test_western_files_are_still_read_as_cp1252():
    assert read_source(CP1252).encoding == "cp1252"


@pytest.mark.parametrize(
    "name, rows, imported, rejected, encoding",
    [
        ("import_acled_style.csv", 4, 2, 2, "utf-8"),
        ("import_cp1252.csv", 6, 5, 1, "cp1252"),
        ("import_csis_style.csv", 9, 7, 2, "utf-8"),
        ("import_dayfirst.tsv", 4, 4, 0, "utf-8"),
        ("import_korean_cp949.csv", 5, 4, 1, "cp949"),
        ("import_korean_euckr.csv", 3, 3, 0, "euc-kr"),
        ("import_timelinejs.csv", 5, 4, 1, "utf-8"),
        ("import_uncertain_dates.csv", 8, 7, 1, "utf-8"),
    ],
)
def test_every_fixture_accounts_for_each_data_row(name, rows, imported, rejected, encoding):
    result = import_file(DATA / name)
    assert result.table.encoding == encoding
    assert (result.rows, len(result.result.events), len(result.result.rejected)) == (
        rows,
        imported,
        rejected,
    )
    assert imported + rejected == rows
    assert sorted([*result.result.events[s.LINE], *result.result.rejected[s.LINE]]) == list(
        result.table.lines
    )


def test_a_timelinejs_sheet_builds_dates_from_year_month_and_day():
    imported = import_file(DATA / "import_timelinejs.csv", sets=["actor=north_korea"])
    assert imported.mapping.preset == "timelinejs"
    assert imported.mapping.describe()[:2] == [
        "date <- 'Year' + 'Month' + 'Day'",
        "end_date <- 'End Year' + 'End Month' + 'End Day'",
    ]
    assert imported.summary() == "5 rows: 4 imported, 1 rejected, 1 warning"
    assert list(imported.contract[s.DATE]) == ["1984-04-09", "1984-09", "1990", "2024-05-28"]
    assert list(imported.contract[s.END_DATE]) == ["", "", "", "2024-06-02"]
    assert list(imported.result.rejected[s.LINE]) == [2]  # the title slide has no date


def test_acled_time_precision_keeps_only_the_month_or_marks_the_day_approximate(tmp_path):
    lines = (DATA / "import_acled_style.csv").read_text().splitlines()
    lines[1] = lines[1].replace(",2025,1,", ",2025,3,", 1)
    lines[2] = lines[2].replace(",2025,1,", ",2025,2,", 1)
    source = tmp_path / "acled.csv"
    source.write_text("\n".join(lines) + "\n")
    imported = import_file(source)
    assert imported.mapping.preset == "acled"
    assert sorted(imported.contract[s.DATE])[:2] == ["2025-05", "2025-06-02~"]
