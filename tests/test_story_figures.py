import re
from datetime import timedelta

import pandas as pd
import pytest

from timeline.config import ASSETS, DEFAULT_DATA
from timeline.i18n import TICK_FORMATS
from timeline.load import read_events
from timeline.stories import Step, Story, load_stories, story_events
from timeline.story_figures import (
    CURRENT_TRACE,
    HIGHLIGHT,
    LABEL_CHAR,
    SLIDE_HEIGHT,
    STORY_TRACE,
    colours,
    slide_figure,
    step_labels,
    story_figure,
)
from timeline.themes import THEMES, contrast_ratio, palette

from .conftest import DATA

EVENTS = read_events(DATA / "sample_events.csv").events
STORY = Story(
    "s",
    "Sample",
    steps=tuple(Step(i) for i in ["leaflets-1", "balloons-1", "agreement-1", "speakers-1"]),
)
ROWS = story_events(STORY, EVENTS)


def points(fig, meta):
    return [x for trace in fig["data"] if trace.get("meta") == meta for x in trace["x"]]


def test_a_step_shows_the_events_so_far_numbered_and_rings_the_current_one():
    fig = story_figure(ROWS, 2)
    assert sorted(points(fig, STORY_TRACE)) == ["2024-05-10", "2024-05-28", "2024-06-04"]
    labels = sorted(n for t in fig["data"] if t.get("meta") == STORY_TRACE for n in t["text"])
    # The current step's number is drawn above its ring, which would hide it on the marker.
    assert labels == ["", "1", "2"]
    assert points(fig, CURRENT_TRACE) == ["2024-06-04"]
    [ring] = [t for t in fig["data"] if t.get("meta") == CURRENT_TRACE]
    assert ring["text"] == ["<b>3</b>"]


def test_the_axis_covers_the_whole_story_at_every_step():
    ranges = {tuple(story_figure(ROWS, i)["layout"]["xaxis"]["range"]) for i in range(4)}
    assert ranges == {("2024-05-03", "2024-06-16")}
    lanes = {tuple(story_figure(ROWS, i)["layout"]["yaxis"]["categoryarray"]) for i in range(4)}
    assert len(lanes) == 1


def test_the_overview_shows_every_step_without_a_ring():
    fig = story_figure(ROWS, None)
    assert len(points(fig, STORY_TRACE)) == 4 and points(fig, CURRENT_TRACE) == []


def test_slide_text_is_escaped_and_carries_progress():
    rows = ROWS.copy()
    rows.loc[1, "title"] = "<b>bold</b> & more"
    texts = [
        a["text"] for a in slide_figure("Sample", rows, 1, "say <this>")["layout"]["annotations"]
    ]
    assert "2 / 4" in texts
    assert any("&lt;b&gt;bold&lt;/b&gt; &amp; more" in t for t in texts)
    assert any("say &lt;this&gt;" in t for t in texts)


ALL_EVENTS = read_events(DEFAULT_DATA).events
BALLOONS = load_stories(DEFAULT_DATA.parent / "stories", ALL_EVENTS, "data").get("balloon-war-2024")
BALLOON_ROWS = story_events(BALLOONS, ALL_EVENTS)
# Step 3 of the balloon story: the first round of trash balloons, 28-29 May 2024.
FIRST_ROUND = "북한, 첫 오물풍선 살포…전국서 260여 개 발견"


def hover(fig) -> list[str]:
    return [
        h for trace in fig["data"] if trace.get("meta") == STORY_TRACE for h in trace["hovertext"]
    ]


def test_a_korean_story_figure_has_korean_lanes_dates_titles_and_counts():
    fig = story_figure(BALLOON_ROWS, 2, lang="ko")
    lanes = fig["layout"]["yaxis"]["categoryarray"]
    assert lanes[-1] == "풍선 살포" and "전단 살포" in lanes
    assert {y for trace in fig["data"] for y in trace["y"]} <= set(lanes)
    [ring] = [trace for trace in fig["data"] if trace.get("meta") == CURRENT_TRACE]
    assert ring["y"] == ["풍선 살포"]
    assert hover(fig)[0] == (
        f"<b>{FIRST_ROUND}</b><br>2024년 5월 28일 ~ 2024년 5월 29일<br>북한<br>풍선 260개"
    )
    assert fig["layout"]["xaxis"]["tickformatstops"] == TICK_FORMATS["ko"]


def test_an_english_story_figure_is_unchanged_by_default():
    fig = story_figure(BALLOON_ROWS, 2)
    assert fig["layout"]["yaxis"]["categoryarray"][-1] == "Balloon launch"
    assert hover(fig)[0].startswith(
        "<b>North Korea launches its first wave of trash balloons into South Korea</b><br>"
        "2024-05-28 to 2024-05-29<br>North Korea"
    )
    assert "tickformatstops" not in fig["layout"]["xaxis"]


@pytest.mark.parametrize("theme", THEMES)
def test_the_story_figure_is_drawn_in_the_theme_colours(theme):
    fig = story_figure(BALLOON_ROWS, 2, theme=theme)
    layout, colours_ = fig["layout"], palette(theme)
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == colours_["paper"]
    assert layout["font"]["color"] == colours_["ink"]
    assert layout["xaxis"]["gridcolor"] == colours_["grid"]
    assert layout["hoverlabel"]["bgcolor"] == colours_["panel"]
    assert layout["hoverlabel"]["font"]["color"] == colours_["ink"]
    [ring] = [trace for trace in fig["data"] if trace.get("meta") == CURRENT_TRACE]
    assert ring["marker"]["color"] == HIGHLIGHT[theme]
    assert {t["marker"]["line"]["color"] for t in fig["data"] if t.get("meta") == STORY_TRACE} == {
        colours_["outline"]
    }


def test_the_dark_paper_is_the_dark_themes():
    assert story_figure(BALLOON_ROWS, 0, theme="dark")["layout"]["paper_bgcolor"] == "#15181c"
    assert story_figure(BALLOON_ROWS, 0, theme="nonsense")["layout"]["paper_bgcolor"] == "#ffffff"


def test_a_korean_slide_writes_the_event_in_korean_and_keeps_the_story_words():
    narration = BALLOONS.steps[2].narration
    fig = slide_figure(BALLOONS.title, BALLOON_ROWS, 2, narration, "출처: x", lang="ko")
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert texts[:4] == [
        "The balloon war of 2024",
        "3 / 16",
        "2024년 5월 28일 ~ 2024년 5월 29일",
        f"<b>{FIRST_ROUND}</b>",
    ]
    # Hangul has no italics: on a Korean slide the teacher's words are bold instead.
    assert texts[4].startswith(f"<b>{narration}</b><br>북한은 2024년 5월 28일 밤부터")
    assert texts[5] == "출처: x"


def test_korean_lines_on_a_slide_are_shorter_because_hangul_is_wider():
    fig = slide_figure("T", BALLOON_ROWS, 2, lang="ko")
    body = fig["layout"]["annotations"][4]["text"].split("<br>")
    assert len(body) >= 3
    assert max(len(line) for line in body) <= 70


@pytest.mark.parametrize("theme", THEMES)
def test_presentation_text_passes_wcag_aa_in_every_theme(theme):
    c = colours(theme)
    for text in ("ink", "muted", "accent"):
        for ground in ("paper", "panel"):
            assert contrast_ratio(c[text], c[ground]) >= 4.5, (text, ground)
    assert contrast_ratio(c["paper"], c["accent"]) >= 4.5  # button labels
    assert contrast_ratio(c["paper"], c["ink"]) >= 4.5  # a button under the pointer
    assert contrast_ratio(c["highlight"], c["paper"]) >= 3  # ring and focus outline
    assert contrast_ratio(c["highlight"], c["panel"]) >= 3  # the notices' edge


def test_the_stylesheet_takes_the_theme_colours_and_declares_each_highlight():
    css = (ASSETS / "present.css").read_text(encoding="utf-8")
    light = re.search(r"^\.present \{[^}]*--present-highlight:\s*(#[0-9a-f]{6})", css, re.M)
    assert light and light.group(1) == HIGHLIGHT["light"]
    for theme in ("dark", "contrast"):
        rule = rf'html\[data-theme="{theme}"\] \.present \{{ --present-highlight: (#[0-9a-f]{{6}}); \}}'
        assert re.search(rule, css).group(1) == HIGHLIGHT[theme]
    # Every other colour comes from the theme's variables (assets/themes.css).
    assert sorted(set(re.findall(r"#[0-9a-f]{6}", css))) == sorted(HIGHLIGHT.values())
    assert "background: var(--paper); color: var(--ink);" in css


def test_steps_close_together_share_one_label():
    days = pd.Series(pd.to_datetime(["2024-05-29", "2024-06-20", "2024-05-28", "2024-05-30"]))
    steps = pd.Series([2, 5, 1, 4])
    labels = step_labels(days, steps, timedelta(days=5))
    # Order of the input: 29 May, 20 June, 28 May, 30 May.
    assert labels == ["", "5", "", "1, 2, 4"]


def test_step_labels_whose_text_would_touch_are_joined_into_one():
    # 1 June and 8 June are further apart than `near`, but "1, 2" and "3" a week apart would
    # touch when a character is 4 days wide on the axis.
    days = pd.Series(pd.to_datetime(["2024-06-01", "2024-06-02", "2024-06-08", "2024-09-01"]))
    steps = pd.Series([1, 2, 3, 4])
    assert step_labels(days, steps, timedelta(days=2)) == ["", "1, 2", "3", "4"]
    char = timedelta(days=4)
    assert step_labels(days, steps, timedelta(days=2), char) == ["", "", "1, 2, 3", "4"]


def test_no_two_step_labels_of_a_shipped_story_overlap_on_the_axis():
    events = read_events(DEFAULT_DATA).events
    library = load_stories(DEFAULT_DATA.parent / "stories", events, "data/events.csv")
    for story in library.stories.values():
        fig = story_figure(story_events(story, events))
        span = pd.Timestamp(fig["layout"]["xaxis"]["range"][1]) - pd.Timestamp(
            fig["layout"]["xaxis"]["range"][0]
        )
        char = span * LABEL_CHAR
        for trace in fig["data"]:
            if trace.get("meta") != STORY_TRACE:
                continue
            placed = sorted(
                (pd.Timestamp(x), len(text))
                for x, text in zip(trace["x"], trace["text"], strict=True)
                if text
            )
            for (a, wa), (b, wb) in zip(placed, placed[1:], strict=False):
                assert b - a >= char * (wa + wb) / 2, (story.slug, trace["y"][0], a, b)


def _blocks(fig):
    """Each slide text's top and bottom as shares of the plot's height (1 is its top)."""
    layout = fig["layout"]
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    for note in layout["annotations"]:
        lines = note["text"].count("<br>") + 1
        yield note, note["y"], note["y"] - lines * note["font"]["size"] * 1.3 / plot


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_slide_text_overlaps_the_chart_or_leaves_the_slide(lang):
    events = read_events(DEFAULT_DATA).events
    library = load_stories(DEFAULT_DATA.parent / "stories", events, "data/events.csv")
    for story in library.stories.values():
        story = story.in_language(lang)
        rows = story_events(story, events)
        for i, step in enumerate(story.steps):
            fig = slide_figure(story.title, rows, i, step.narration, "Source: Yonhap", lang)
            layout = fig["layout"]
            chart_top = layout["yaxis"]["domain"][1]
            assert chart_top >= 0.4, (story.slug, i)
            *texts, note = list(_blocks(fig))
            for _, top, bottom in texts:
                assert top <= 1 and bottom >= chart_top, (story.slug, i + 1)
            # The source line is under the axis labels and above the slide's foot.
            plot = SLIDE_HEIGHT - layout["margin"]["t"] - layout["margin"]["b"]
            assert note[1] * plot <= -40 and -note[2] * plot <= layout["margin"]["b"] - 10
            # The current step's line is drawn in the plot area only, never through the text.
            [line] = layout["shapes"]
            assert (line["yref"], line["y0"], line["y1"]) == ("y domain", 0, 1)
