import os

import pytest

from timeline.cli import main

from .conftest import DATA

CSIS_STYLE = DATA / "import_csis_style.csv"
CP1252 = DATA / "import_cp1252.csv"


def test_import_writes_events_and_rejected_rows_and_exits_1_when_rows_were_rejected(
    tmp_path, capsys
):
    out = tmp_path / "out.csv"
    assert main(["import", str(CSIS_STYLE), "--preset", "csis", "-o", str(out), "--quiet"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "9 rows: 7 imported, 2 rejected, 8 warnings"
    assert lines[1].startswith(
        f"Wrote {out} (7 events) and {tmp_path / 'out.rejected.csv'} (2 rows) in "
    )
    assert out.read_text().splitlines()[0] == (
        "id,date,end_date,event_type,actor,title,description,count,count_unit,location,"
        "latitude,longitude,sources,responds_to"
    )
    assert len((tmp_path / "out.rejected.csv").read_text().splitlines()) == 3


def test_a_file_nobody_prepared_imports_with_map_flags_alone(tmp_path, capsys):
    out = tmp_path / "missiles.csv"
    code = main(
        [
            "import",
            str(CP1252),
            "-o",
            str(out),
            "--map",
            "date=Launch Date",
            "--map",
            "title=Missile Name",
            "--map",
            "title=Facility",
            "--map",
            "sources=Link",
            "--set",
            "actor=north_korea",
            "--set",
            "event_type=weapons_test",
        ]
    )
    printed = capsys.readouterr().out.splitlines()
    assert code == 1
    assert printed[:3] == [
        f"Read {CP1252}: cp1252 text, semicolon-separated, 6 data rows",
        "Mapping:",
        "  date <- 'Launch Date'",
    ]
    assert "  title <- 'Missile Name' + 'Facility'" in printed
    assert "Dates in 'Launch Date' read as D-Mon-YY" in printed
    assert printed[-2] == "6 rows: 5 imported, 1 rejected, 0 warnings"
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("1984-04-09-scud-b-tonghae,1984-04-09,,weapons_test,north_korea,")


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such.csv"], "error: no-such.csv: file not found. Check the path.\n"),
        (
            [str(CSIS_STYLE), "--map", "title=Event"],
            "error: --map title=Event: there is no column 'Event'. Did you mean 'event'? "
            "Columns: date, type, event, description, resources.\n",
        ),
        (
            [str(CP1252), "--preset", "acled"],
            "error: The acled preset needs the column(s) 'event_id_cnty', 'event_date', "
            "'event_type', 'actor1', 'sub_event_type', 'location', 'notes', 'fatalities', "
            "'latitude', 'longitude', 'source', which the file does not have "
            "(found: Launch Date, Missile Name, Facility, Notes, Link). Map columns with --map.\n",
        ),
    ],
)
def test_unusable_input_exits_2_with_one_clear_line(args, message, tmp_path, capsys):
    assert main(["import", *args, "-o", str(tmp_path / "out.csv")]) == 2
    assert capsys.readouterr().err == message
    assert not (tmp_path / "out.csv").exists()


def test_import_has_help_with_an_example(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--help"])
    assert exit_.value.code == 0
    assert "timeline import provocations.csv --preset csis -o out.csv" in capsys.readouterr().out


def test_only_the_bundled_data_is_held_to_the_built_in_vocabulary():
    from timeline.config import DEFAULT_DATA, app_settings, settings

    assert app_settings(settings({}))["strict_vocabulary"] is True
    assert app_settings(settings({}, events_path=str(DEFAULT_DATA)))["strict_vocabulary"] is True
    mine = app_settings(settings({"TIMELINE_MAX_UPLOAD_MB": "5"}, events_path="out.csv"))
    assert (mine["strict_vocabulary"], mine["max_upload_mb"]) == (False, 5.0)


def test_serve_takes_the_same_mapping_flags_as_import():
    from timeline.cli import build_parser

    args = build_parser().parse_args(
        ["serve", "--data", "x.csv", "--preset", "acled", "--map", "title=Name", "--set", "actor=a"]
    )
    assert (args.preset, args.map, args.set) == ("acled", ["title=Name"], ["actor=a"])


def test_an_imported_file_validates_with_its_own_categories(tmp_path, capsys):
    out = tmp_path / "out.csv"
    main(["import", str(CSIS_STYLE), "-o", str(out), "--quiet"])
    capsys.readouterr()
    assert main(["validate", str(out), "--quiet"]) == 1
    assert main(["validate", str(out), "--quiet", "--own-categories"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "7 rows: 7 valid, 0 rejected, 2 warnings"


KOREAN_CP949 = DATA / "import_korean_cp949.csv"


def test_a_cp949_korean_file_imports_with_its_hangul_intact(tmp_path, capsys):
    out = tmp_path / "korean.csv"
    code = main(["import", str(KOREAN_CP949), "-o", str(out), "--set", "actor=north_korea"])
    printed = capsys.readouterr().out.splitlines()
    assert code == 1
    assert printed[0] == f"Read {KOREAN_CP949}: cp949 text, comma-separated, 5 data rows"
    assert "  date <- '날짜'" in printed and "  title <- '제목'" in printed
    assert "5 rows: 4 imported, 1 rejected, 4 warnings" in printed
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("2024-05-28-북한-오물풍선-첫-살포,2024-05-28,,풍선,north_korea,")
    assert "2024-07,,전파교란" in rows[3]
    assert "'똠방'" in rows[4]


def test_the_encoding_flag_overrides_the_guess_and_na_adds_words(tmp_path, capsys):
    source = tmp_path / "t.csv"
    source.write_bytes("날짜,제목,장소\n2024.05.28,풍선,모름\n".encode("cp949"))
    out = tmp_path / "out.csv"
    assert main(["import", str(source), "-o", str(out), "--encoding", "cp1252"]) == 2
    assert "columns: ³¯Â¥, Á¦¸ñ, Àå¼Ò." in capsys.readouterr().err  # as the user asked
    main(["import", str(source), "-o", str(out), "--na", "모름"])
    printed = capsys.readouterr().out
    assert f"Read {source}: euc-kr text, comma-separated, 1 data rows" in printed
    assert "column '장소': '모름' means the value is missing; the cell is read as empty." in printed


def test_imports_clean_removes_expired_uploads_and_with_all_everything(tmp_path, capsys):
    old = tmp_path / ("0" * 32 + ".upload")
    new = tmp_path / ("1" * 32 + ".upload")
    old.write_bytes(b"x" * 1024)
    new.write_bytes(b"y")
    os.utime(old, (1, 1))
    assert main(["imports", "clean", "--import-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"Removed 1 files (0.0 MB) from {tmp_path}\n"
    assert [p.name for p in tmp_path.iterdir()] == [new.name]
    assert main(["imports", "clean", "--all", "--import-dir", str(tmp_path)]) == 0
    assert list(tmp_path.iterdir()) == []
