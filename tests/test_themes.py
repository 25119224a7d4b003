import re

import pytest

from timeline import schema as s
from timeline.config import ASSETS
from timeline.figures import frequency_figure, timeline_figure
from timeline.load import read_events
from timeline.themes import (
    MARK_PAIRS,
    PALETTES,
    TEXT_PAIRS,
    THEMES,
    contrast_ratio,
    palette,
    template,
)

from .conftest import DATA

CSS = (ASSETS / "themes.css").read_text(encoding="utf-8")


def css_palette(name: str) -> dict[str, str]:
    block = re.search(r'html\[data-theme="' + name + r'"\][^{]*\{(.*?)\}', CSS, re.S).group(1)
    return dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6});", block))


def test_contrast_ratio_matches_the_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == 1


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_text_colours_reach_wcag_aa_in_every_theme(name, fg, bg):
    colours = PALETTES[name]
    assert contrast_ratio(colours[fg], colours[bg]) >= 4.5, (name, fg, bg)


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize(("fg", "bg"), MARK_PAIRS)
def test_borders_focus_rings_and_marker_outlines_reach_3_to_1(name, fg, bg):
    colours = PALETTES[name]
    assert contrast_ratio(colours[fg], colours[bg]) >= 3, (name, fg, bg)


@pytest.mark.parametrize("name", THEMES)
def test_the_stylesheet_declares_the_same_palette(name):
    assert css_palette(name) == PALETTES[name]


def test_an_unknown_theme_is_the_light_one():
    assert palette("sepia") == PALETTES["light"]
    assert palette(None) == PALETTES["light"]


def test_every_event_type_has_its_own_marker_shape():
    symbols = [symbol for _, symbol in s.TYPE_STYLE.values()]
    assert len(set(symbols)) == len(symbols) == len(s.EVENT_TYPES)


@pytest.mark.parametrize("name", THEMES)
def test_figures_take_the_theme_background_and_text(name):
    events = read_events(DATA / "sample_events.csv").events
    fig = timeline_figure(events, theme=name)
    assert fig.layout.template.layout.paper_bgcolor == PALETTES[name]["paper"]
    assert fig.layout.font.color == PALETTES[name]["ink"]
    outlines = {t.marker.line.color for t in fig.data if t.meta == "events"}
    assert outlines == {PALETTES[name]["outline"]}
    assert template(name).layout.plot_bgcolor == PALETTES[name]["paper"]


def test_bars_are_outlined_in_the_theme_colour():
    import pandas as pd

    counts = pd.DataFrame(
        {"start": pd.to_datetime(["2024-06-01"]), s.EVENT_TYPE: ["balloon_launch"], "events": [3]}
    )
    fig = frequency_figure(counts, "month", "ko", "dark")
    assert fig.data[0].marker.line.color == PALETTES["dark"]["outline"]
    assert fig.layout.title.text == "월별 사건 수"
    assert fig.data[0].name == "풍선 살포"
