import pytest
from pypdf import PdfReader

from timeline.cli import main

from .conftest import DATA

STORY = """\
title: Two steps
steps:
  - event: leaflets-1
  - event: balloons-1
    narration: The answer.
"""


def test_handout_writes_the_pdf_and_one_png_per_step(tmp_path, capsys):
    story = tmp_path / "two-steps.yaml"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "two.pdf"
    code = main(
        ["handout", str(story), "-o", str(out), "--png-dir", str(tmp_path / "png"),
         "--data", str(DATA / "sample_events.csv")]
    )  # fmt: skip
    assert code == 0
    assert len(PdfReader(out).pages) == 3
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == [
        "1-leaflets-1.png",
        "2-balloons-1.png",
    ]
    assert capsys.readouterr().out.splitlines() == [
        f"{out}: 3 pages (2 steps and the overview)",
        f"{tmp_path / 'png'}: 2 slides of 1920x1080 px",
    ]


def test_handout_of_a_story_with_a_bad_event_reports_it_and_exits_1(tmp_path, capsys):
    story = tmp_path / "bad.yaml"
    story.write_text("title: T\nsteps:\n  - event: nope\n", encoding="utf-8")
    code = main(
        [
            "handout",
            str(story),
            "-o",
            str(tmp_path / "x.pdf"),
            "--data",
            str(DATA / "sample_events.csv"),
        ]
    )
    assert code == 1
    assert not (tmp_path / "x.pdf").exists()
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {story}, line 3: 'nope' is not an event id in "
        f"{DATA / 'sample_events.csv'}; the step is left out."
    )


def test_handout_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["handout", "--help"])
    assert "example: timeline handout balloon-war-2024 -o balloons.pdf" in capsys.readouterr().out
