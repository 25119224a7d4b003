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
    assert len(PdfReader(out).pages) == 2
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == [
        "1-leaflets-1.png",
        "2-balloons-1.png",
    ]
    assert capsys.readouterr().out.splitlines() == [
        f"{out}: 2 pages (2 steps and the overview)",
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


def test_handout_in_korean_has_korean_headings_dates_and_event_titles(tmp_path, capsys):
    out = tmp_path / "balloons-ko.pdf"
    assert main(["handout", "balloon-war-2024", "--lang", "ko", "-o", str(out)]) == 0
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    # The story's Korean title, introduction and narration; the steps follow one another.
    assert 2 < len(pages) < 17
    assert pages[0].startswith("남북 긴장 연표 2024년 풍선 전쟁 2024년 5월부터 11월까지")
    assert "16단계. 연표의 숫자는 뒤에 이어지는 쪽의 단계 번호입니다." in pages[0]
    assert "3. 2024년 5월 28일 · 북한, 첫 오물풍선 살포…전국서 260여 개 발견" in pages[0]
    steps = " ".join(pages[1:])
    assert "2024년 풍선 전쟁 · 16단계 중 3단계 2024년 5월 28일 ~" in steps
    assert "이후 32차례로 이어진 풍선 살포의 첫 번째." in steps
    assert capsys.readouterr().out == f"{out}: {len(pages)} pages (16 steps and the overview)\n"


def test_handout_is_in_english_unless_asked(tmp_path):
    out = tmp_path / "balloons.pdf"
    assert main(["handout", "balloon-war-2024", "-o", str(out)]) == 0
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages[1:])
    assert (
        "The balloon war of 2024 · step 3 of 16 28 May 2024 – 29 May 2024 "
        "North Korea launches its first wave of trash balloons"
    ) in text


def test_handout_refuses_an_unknown_language(capsys):
    with pytest.raises(SystemExit):
        main(["handout", "balloon-war-2024", "--lang", "fr", "-o", "x.pdf"])
    assert "argument --lang: invalid choice: 'fr'" in capsys.readouterr().err


def test_handout_to_a_pptx_file_writes_a_powerpoint_deck_of_one_slide_per_step(tmp_path, capsys):
    from pptx import Presentation

    story = tmp_path / "two-steps.yaml"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "two.pptx"
    code = main(["handout", str(story), "-o", str(out), "--data", str(DATA / "sample_events.csv")])
    assert code == 0
    deck = Presentation(out)
    assert len(deck.slides) == 2
    assert "The answer." in deck.slides[1].notes_slide.notes_text_frame.text
    assert capsys.readouterr().out.splitlines() == [f"{out}: 2 slides"]
