import re

import pytest

from timeline.config import ASSETS
from timeline.load import read_events
from timeline.stories import Step, Story, story_events
from timeline.story_figures import (
    CURRENT_TRACE,
    STORY_TRACE,
    THEME,
    contrast_ratio,
    slide_figure,
    story_figure,
)

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
    assert labels == ["1", "2", "3"]
    assert points(fig, CURRENT_TRACE) == ["2024-06-04"]


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


@pytest.mark.parametrize(
    "fg, bg, expected", [("#000000", "#ffffff", 21.0), ("#777777", "#ffffff", 4.48)]
)
def test_contrast_ratio_follows_wcag(fg, bg, expected):
    assert contrast_ratio(fg, bg) == pytest.approx(expected, abs=0.01)


def test_presentation_colours_pass_wcag_aa_in_the_figure_and_the_stylesheet():
    css = (ASSETS / "present.css").read_text(encoding="utf-8")
    declared = dict(re.findall(r"--present-(\w+):\s*(#[0-9a-f]{6})", css))
    for name in ("paper", "ink", "muted", "accent", "highlight"):
        assert declared[name] == THEME[name]
    text_on_paper = [contrast_ratio(THEME[c], THEME["paper"]) for c in ("ink", "muted", "accent")]
    assert min(text_on_paper) >= 4.5
    assert contrast_ratio(THEME["paper"], THEME["accent"]) >= 4.5  # button labels
    assert contrast_ratio(THEME["ink"], declared["panel"]) >= 4.5  # introduction box
    assert contrast_ratio(THEME["highlight"], THEME["paper"]) >= 3  # ring and focus outline
