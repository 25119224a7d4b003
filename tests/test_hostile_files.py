"""Small files that would become huge are refused within seconds and within bounded memory."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from timeline.config import ReadLimits
from timeline.importer import UnreadableFile, read_source, read_table

from .hostile_files import long_rows, wide_sheet, zip_bomb

ROOT = Path(__file__).resolve().parent.parent
# Measured in a fresh process: seconds from the call to the refusal, and the peak resident
# memory above what the process held just before (the imports of pandas and openpyxl).
MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    from timeline.importer import UnreadableFile, read_source
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        read_source(sys.argv[1])
        message = None
    except UnreadableFile as exc:
        message = str(exc)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"message": message, "seconds": seconds, "extra_mb": (peak - before) / 1024}))
    """
)


def refusal(path: Path) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(run.stdout)


def test_zip_bomb_is_refused_in_a_second_without_inflating(tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    measured = refusal(bomb)
    assert measured["message"] == (
        f"{bomb}: the workbook part 'xl/worksheets/sheet1.xml' inflates 295 times, from 1.6 MB "
        "to 477 MB; a spreadsheet inflates at most 100 times. Open it in a spreadsheet "
        "program and save it again, or export it as CSV."
    )
    assert measured["seconds"] < 1
    assert measured["extra_mb"] < 50


@pytest.mark.parametrize(
    "dimension, message",
    [
        (
            True,
            "{path}, sheet 'Events': declares 16,384 columns; the importer reads at most 1,000. "
            "Delete the columns you do not need, or copy the table to a new sheet.",
        ),
        (
            False,
            "{path}, sheet 'Events', row 2: has a value in column 16,384; the importer reads at "
            "most 1,000 columns. Delete the columns you do not need.",
        ),
    ],
)
def test_wide_sheet_is_refused_at_its_first_wide_row(tmp_path, dimension, message):
    wide = wide_sheet(tmp_path / "wide.xlsx", dimension=dimension)
    assert wide.stat().st_size < 300 * 1024
    measured = refusal(wide)
    assert measured["message"] == message.format(path=wide)
    assert measured["seconds"] < 2
    assert measured["extra_mb"] < 50


def test_rows_over_the_limit_stop_the_read_while_streaming(tmp_path):
    book = long_rows(tmp_path / "rows.xlsx", 30)
    with pytest.raises(UnreadableFile) as refused:
        read_source(book, limits=ReadLimits(max_rows=20))
    assert str(refused.value) == (
        f"{book}: has more than 20 data rows, the import limit. Split the file, or raise the "
        "limit (--max-rows, TIMELINE_MAX_ROWS)."
    )
    assert len(read_source(book, limits=ReadLimits(max_rows=30)).records) == 30


def test_declared_rows_over_the_limit_are_refused_before_reading(tmp_path):
    book = long_rows(tmp_path / "rows.xlsx", 30, dimension=True)
    with pytest.raises(UnreadableFile, match=r"declares 31 rows, over the limit of 20 data rows"):
        read_source(book, limits=ReadLimits(max_rows=20))


def test_csv_rows_over_the_limit_are_refused():
    raw = b"date,title\n" + b"2024-01-01,event\n" * 30
    with pytest.raises(UnreadableFile, match="has more than 20 data rows"):
        read_table(raw, "rows.csv", limits=ReadLimits(max_rows=20))


def test_inflated_size_over_the_limit_is_refused(tmp_path):
    book = long_rows(tmp_path / "rows.xlsx", 20_000)
    with pytest.raises(UnreadableFile) as refused:
        read_source(book, limits=ReadLimits(max_inflated_mb=1))
    assert str(refused.value).endswith(
        "over the limit of 1 MB. Split the file, or raise the limit "
        "(--max-inflated-mb, TIMELINE_MAX_INFLATED_MB)."
    )


def test_time_limit_stops_a_slow_read(tmp_path):
    book = long_rows(tmp_path / "rows.xlsx", 5_000)
    with pytest.raises(UnreadableFile) as refused:
        read_source(book, limits=ReadLimits(max_seconds=0))
    assert str(refused.value) == (
        f"{book}: still reading at row 1,000 after 0 seconds, the time limit for one file. "
        "Split the file, or raise the limit (--max-read-seconds, TIMELINE_MAX_READ_SECONDS)."
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_sample_reads_only_the_first_rows(tmp_path, suffix):
    if suffix == "xlsx":
        raw = long_rows(tmp_path / "rows.xlsx", 50).read_bytes()
    else:
        raw = b"date,title\n" + b"2024-01-01,event\n" * 50
    sample = read_table(raw, f"rows.{suffix}", rows=10)
    assert (len(sample.records), sample.complete) == (10, False)
    whole = read_table(raw, f"rows.{suffix}", rows=50)
    assert (len(whole.records), whole.complete) == (50, True)


def test_limits_take_flags_over_environment_over_defaults():
    from timeline.config import app_settings, settings

    environ = {"TIMELINE_MAX_ROWS": "500", "TIMELINE_MAX_READ_SECONDS": "5"}
    merged = settings(environ, max_rows=100)
    assert app_settings(merged)["read_limits"] == ReadLimits(100, 1000, 5)
    assert app_settings(settings({}))["read_limits"] == ReadLimits(2_000_000, 1000, 30)


def test_upload_dialog_says_a_sample_has_more_rows():
    from timeline.importer import propose_mapping
    from timeline.upload import describe_table

    raw = b"date,title\n" + b"2024-01-01,event\n" * 1500
    sample = read_table(raw, "rows.csv", rows=1000)
    assert "1,000+ data rows" in describe_table(sample, propose_mapping(sample))


def test_a_cell_longer_than_its_field_rejects_its_row_and_names_the_limit():
    from timeline.importer import import_table, propose_mapping

    place = "Seoul " * 2000
    raw = (
        "date,title,location\n"
        "2024-01-01,Short and fine,Seoul\n"
        f"2024-01-02,Long place,{place}\n"
        f"2024-01-03,{'T' * 501},Seoul\n"
    ).encode()
    table = read_table(raw, "long.csv")
    imported = import_table(table, propose_mapping(table))
    assert list(imported.result.events["title"]) == ["Short and fine"]
    assert [str(p) for p in imported.result.errors] == [
        "long.csv, line 3, column 'location': 'Seoul Seoul Seoul Seoul Seoul Seoul Seou…' is "
        "11,999 characters long; location holds at most 200. Shorten it.",
        f"long.csv, line 4, column 'title': '{'T' * 40}…' is 501 characters long; title holds "
        "at most 500. Shorten it.",
    ]
