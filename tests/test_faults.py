import logging
import os
from pathlib import Path

import pytest

from timeline import layout
from timeline.factory import create_app
from timeline.files import write_atomic
from timeline.load import read_events

from .conftest import DATA, HEADER, client_fetch, open_view

GOOD_ROW = "a,2024-05-28,,balloon_launch,north_korea,Balloons,,,,,,,https://example.org/a,"


def page_text(app) -> str:
    """The text of the rejected/failed notice in the served layout."""
    [notice] = [c for c in app.layout.children if getattr(c, "id", None) == layout.REJECTED]
    return _text(notice)


def _text(component) -> str:
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None) or []
    children = children if isinstance(children, list) else [children]
    return " ".join(_text(c) for c in children)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.csv", "missing.csv: file not found. Check the path."),
        (lambda d: d, "cannot be read (Is a directory). Check the path and permissions."),
        (
            lambda d: _write(d / "binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
            "binary.csv: is not UTF-8 text (byte 0x89 at position 0).",
        ),
        (
            lambda d: _write(d / "nul.csv", HEADER.encode() + b"\n\x00"),
            "nul.csv: contains NUL bytes, so it is not a text CSV file. Export it as CSV.",
        ),
        (lambda d: _write(d / "empty.csv", b""), "empty.csv: is empty. Start with the header row"),
    ],
)
def test_an_unusable_file_gives_a_clear_page_and_a_log_line(tmp_path, caplog, make, message):
    path = make(tmp_path)
    with caplog.at_level(logging.ERROR, logger="timeline"):
        app = create_app(path)
    text = page_text(app)
    assert text.startswith(layout.LOAD_FAILED)
    assert message in text
    assert str(tmp_path) not in text, "the page must not reveal the server's folders"
    assert f"The events file cannot be used: {path}" in caplog.text
    assert app.server.test_client().get("/").status_code == 200


def test_a_truncated_file_keeps_its_whole_rows_and_rejects_the_cut_one(tmp_path):
    text = f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW.replace('a,', 'b,', 1)}\n"
    path = _write(tmp_path / "cut.csv", text[: len(text) - 30].encode())
    result = read_events(path)
    assert (len(result.events), len(result.rejected), result.rows) == (1, 1, 2)
    assert result.rejected["line"].tolist() == [3]
    assert "this row has 6 fields but the header has 14" in result.rejected["reason"][0]


def test_a_malformed_file_shows_its_rejected_rows_not_a_traceback(tmp_path):
    app = create_app(DATA / "bad_events.csv")
    assert page_text(app).startswith("11 of 14 rows were rejected")


def test_a_file_changed_during_the_read_is_read_again_whole(tmp_path, monkeypatch):
    path = _write(tmp_path / "events.csv", f"{HEADER}\n{GOOD_ROW}\n".encode())
    real_read = Path.read_bytes
    calls = []

    def read_while_a_writer_appends(self):
        calls.append(1)
        data = real_read(self)
        if len(calls) == 1:
            with open(self, "ab") as out:
                out.write(GOOD_ROW.replace("a,", "b,", 1).encode() + b"\n")
            return data[:-20]
        return data

    monkeypatch.setattr(Path, "read_bytes", read_while_a_writer_appends)
    result = read_events(path)
    assert len(calls) == 2
    assert (result.rows, len(result.events), result.errors) == (2, 2, [])


def test_a_file_that_never_stops_changing_is_refused_not_half_read(tmp_path, monkeypatch):
    path = _write(tmp_path / "events.csv", f"{HEADER}\n{GOOD_ROW}\n".encode())
    real_read = Path.read_bytes

    def read_while_growing(self):
        data = real_read(self)
        with open(self, "ab") as out:
            out.write(b"\n")
        return data

    monkeypatch.setattr(Path, "read_bytes", read_while_growing)
    monkeypatch.setattr("timeline.load.time.sleep", lambda _: None)
    result = read_events(path)
    assert result.rows == 0 and result.events.empty
    assert str(result.errors[0]) == (
        f"{path}: kept changing while it was read. Replace it in one step (write a new file, "
        "then rename it over the old one) and start again."
    )


def test_the_running_app_ignores_later_changes_to_its_file(tmp_path):
    row = GOOD_ROW.replace("balloon_launch,north_korea", "loudspeaker,south_korea")
    path = _write(tmp_path / "events.csv", f"{HEADER}\n{row}\n".encode())
    app = create_app(path)
    path.write_bytes(b"id,date\nhalf-written")
    page = open_view(client_fetch(app), "?type=loudspeaker")
    figure = page.value("timeline", "figure")
    assert [p["customdata"] for p in figure["data"]] == [["a"]]
    assert page.value("caption", "children").endswith("— 1 event")


def test_write_atomic_replaces_the_file_in_one_step(tmp_path):
    target = _write(tmp_path / "out.csv", b"old")
    os.chmod(target, 0o640)
    write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_an_interrupted_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = _write(tmp_path / "out.csv", b"old")

    def fail(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr("timeline.files.os.replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
