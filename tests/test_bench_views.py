"""The per-view benchmark's smoke run: every row measured, and a view that answers nothing fails."""

import bench.views as views

from .conftest import DATA


def test_every_view_is_measured_with_its_answer(tmp_path, capsys):
    assert (
        views.main([str(DATA / "sample_events.csv"), "--cache", str(tmp_path), "--runs", "1"]) == 0
    )
    out = capsys.readouterr().out
    for name in ("timeline, controls, caption", "table: 100 rows sorted by title"):
        assert f"| {name} | " in out
    for view in views.VIEWS:
        assert f"| view: {view} | " in out
    for chart in ("timeline", "frequency", "totals", "map"):
        assert f"| /embed, chart {chart} | " in out
    assert "failed" not in out
    measured = out.split("| open the file |")[1].splitlines()[1:]
    assert len(measured) == 2 + len(views.VIEWS) + 4
    assert [line for line in measured if line.endswith("| 0.0 KB |")] == []


def test_a_view_that_answers_nothing_fails(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(views, "view_outputs", lambda data, state, context: {})
    path = str(DATA / "sample_events.csv")
    assert views.main([path, "--cache", str(tmp_path), "--runs", "1", "--no-embed"]) == 1
    assert "failed: view: map: the answer was empty" in capsys.readouterr().out
