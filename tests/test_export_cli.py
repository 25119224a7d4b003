import io
import json
import re

import pandas as pd
import pytest

from timeline.cli import main

from .conftest import DATA

SAMPLE = str(DATA / "sample_events.csv")


def test_export_csv_with_url_filters_writes_the_filtered_rows(tmp_path, capsys):
    out = tmp_path / "speakers.csv"
    code = main(["export", "--data", SAMPLE, "--type", "loudspeaker", "-f", "csv", "-o", str(out)])
    assert code == 0
    back = pd.read_csv(io.BytesIO(out.read_bytes()), encoding="utf-8-sig")
    assert list(back["id"]) == ["speakers-1", "speakers-2"]
    assert capsys.readouterr().err.startswith(f"csv: wrote {out} (1 kB, ")


def test_view_query_string_and_flags_combine(tmp_path):
    out = tmp_path / "view.json"
    args = ["export", "--data", SAMPLE, "--view", "?type=balloon_launch&from=2024-06-01"]
    assert main([*args, "--to", "2024-06-30", "--q", "round", "-f", "json", "-o", str(out)]) == 0
    assert [r["id"] for r in json.loads(out.read_bytes())] == [
        "balloons-2",
        "balloons-3",
        "balloons-4",
    ]


def test_batch_export_shows_progress_and_names_files_after_the_view(tmp_path, capsys):
    folder = tmp_path / "exports"
    args = [
        "export",
        "--data",
        SAMPLE,
        "--actor",
        "activists",
        "-f",
        "csv,json",
        "-f",
        "timelinejs",
    ]
    assert main([*args, "-o", f"{folder}/"]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "inter-korean-timeline.csv",
        "inter-korean-timeline.json",
        "inter-korean-timeline.timelinejs.json",
    ]
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["[1/3] csv", "[2/3] json", "[3/3] timelinejs"]


@pytest.mark.parametrize(
    "flags, message",
    [
        (
            ["--type", "balon_launch"],
            "error: unknown value 'balon_launch' for --type (did you mean 'balloon_launch'?). "
            "Known values: balloon_launch, balloon_impact, leaflet_launch,",
        ),
        (
            ["--view", "?actor=north_koera"],
            "error: unknown value 'north_koera' for 'actor' in --view (did you mean 'north_korea'?).",
        ),
        (
            ["--from", "2024-13-02"],
            "error: --from '2024-13-02' is not a date. Use YYYY-MM-DD, e.g. 2024-06-09.",
        ),
        (
            ["--view", "?colour=red"],
            "error: unknown parameter 'colour' in --view. Use one of: type, actor, from, to, q,",
        ),
        (["-f", "gif"], "error: unknown format 'gif'. Use one of: png, svg, pdf, html, csv,"),
    ],
)
def test_bad_filter_values_exit_2_with_the_value_and_the_fix(flags, message, capsys):
    assert main(["export", "--data", SAMPLE, *flags]) == 2
    assert capsys.readouterr().err.startswith(message)


def test_an_unwritable_path_is_reported_and_exits_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    target = blocker / "out.csv"
    assert main(["export", "--data", SAMPLE, "-f", "csv", "-o", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"error: csv: cannot write '{target}': '{blocker}' is a file. Choose another path with -o.\n"
    )


def test_a_missing_browser_says_how_to_install_one(tmp_path, capsys):
    missing = tmp_path / "no-chromium"
    code = main(["export", "--data", SAMPLE, "-f", "png", "--browser", str(missing)])
    assert code == 1
    assert capsys.readouterr().err == (
        f"error: png: No browser at '{missing}'. Install Chromium (Debian/Ubuntu: "
        "'sudo apt-get install chromium') or give its path with --browser PATH.\n"
    )


def test_export_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "example: timeline export --type balloon_launch" in capsys.readouterr().out


BILINGUAL = str(DATA / "bilingual_events.csv")


def test_a_korean_view_exports_a_korean_chart(tmp_path):
    args = ["export", "--data", BILINGUAL, "--view", "?lang=ko&type=balloon_launch"]
    assert main([*args, "-f", "svg,html", "-o", f"{tmp_path}/"]) == 0
    svg = (tmp_path / "inter-korean-timeline-balloon-launch.svg").read_text(encoding="utf-8")
    assert (
        '<title id="chart-title">풍선 살포, 2024년 5월 28일 ~ 2024년 7월 24일 — 5건</title>' in svg
    )
    assert ">풍선 살포  </text>" in svg
    assert ">6월 2일</text>" in svg
    page = (tmp_path / "inter-korean-timeline-balloon-launch.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and "<summary>사건 5건과 출처</summary>" in page


def test_lang_and_theme_flags_override_the_view(tmp_path):
    out = tmp_path / "view.html"
    args = ["export", "--data", BILINGUAL, "--view", "?lang=ko&type=loudspeaker"]
    assert main([*args, "--lang", "en", "--theme", "dark", "-f", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert (
        '<html lang="en">' in page and "<summary>The 2 events and their sources</summary>" in page
    )
    assert "background:#15181c" in page


def test_an_unknown_language_in_the_view_names_the_known_ones(capsys):
    assert main(["export", "--data", SAMPLE, "--view", "?lang=fr", "-f", "csv"]) == 2
    assert capsys.readouterr().err == (
        "error: unknown value 'fr' for 'lang' in --view. Known values: en, ko.\n"
    )


APP_LINK = (
    "http://127.0.0.1:8050/?type=balloon_launch&type=loudspeaker&place=Paju&event=balloons-1"
    "&zoom_from=2024-05-20&zoom_to=2024-06-15&view=totals&title=Paju+in+May"
)


def test_a_whole_app_link_with_every_parameter_exports_its_view(tmp_path):
    out = tmp_path / "paju.json"
    assert main(["export", "--data", SAMPLE, "--view", APP_LINK, "-f", "json", "-o", str(out)]) == 0
    rows = json.loads(out.read_bytes())
    assert {r["location"] for r in rows} == {"Paju"}
    assert {r["event_type"] for r in rows} <= {"balloon_launch", "loudspeaker"}


def _x_ticks(svg: str) -> list[str]:
    """The date labels under the chart's x axis, as drawn."""
    return re.findall(r'class="xtick"[^>]*>\s*<text[^>]*>([^<]+)</text>', svg)


def test_an_exported_zoomed_view_has_date_ticks_only_inside_the_zoom_window(tmp_path):
    out = tmp_path / "zoomed.svg"
    link = "/?zoom_from=2024-06-01&zoom_to=2024-06-29"
    assert main(["export", "--data", SAMPLE, "--view", link, "-f", "svg", "-o", str(out)]) == 0
    ticks = _x_ticks(out.read_text())
    assert len(ticks) >= 3
    assert all(tick.startswith("Jun") for tick in ticks), ticks


def test_the_chart_flag_exports_a_linked_views_chart(tmp_path):
    out = tmp_path / "totals.svg"
    args = ["export", "--data", SAMPLE, "--view", "?type=balloon_launch", "--chart", "totals"]
    assert main([*args, "-f", "svg", "-o", str(out)]) == 0
    svg = out.read_text()
    # The running total's line, not the timeline's lanes: the y axis counts balloons.
    y_ticks = re.findall(r'class="ytick"[^>]*>\s*<text[^>]*>([^<]+)</text>', svg)
    assert [tick.strip() for tick in y_ticks] == ["0", "500", "1000", "1500", "2000"]
    assert ">balloons</text>" in svg
