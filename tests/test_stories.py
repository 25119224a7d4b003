import re

import pandas as pd
import pytest

from timeline.config import DEFAULT_DATA
from timeline.filters import Filters, apply_filters
from timeline.load import read_events
from timeline.stories import (
    Step,
    clamp_step,
    load_stories,
    parse_story,
    read_story,
    story_events,
    story_from_view,
)

from .conftest import DATA

EVENTS = read_events(DATA / "sample_events.csv").events
GOOD = """\
title: A short story
introduction: >
  Leaflets, then balloons.
steps:
  - event: leaflets-1
    narration: Activists fly leaflets.
  - event: balloons-1
"""


def parse(text: str):
    return parse_story(text, "stories/x.yaml", "x", EVENTS, "events.csv")


def messages(problems) -> list[str]:
    return [f"{p.severity}: {p}" for p in problems]


def test_a_story_file_gives_title_introduction_and_steps_in_order():
    story, problems = parse(GOOD)
    assert problems == []
    assert story.title == "A short story"
    assert story.introduction == "Leaflets, then balloons."
    assert story.steps == (Step("leaflets-1", "Activists fly leaflets."), Step("balloons-1", ""))


def test_an_unknown_event_id_names_the_file_line_and_a_close_id_and_is_left_out():
    story, problems = parse(GOOD.replace("- event: balloons-1", "- event: baloons-1"))
    assert messages(problems) == [
        "error: stories/x.yaml, line 7: 'baloons-1' is not an event id in events.csv; "
        "the step is left out. Did you mean 'balloons-1'?"
    ]
    assert story.event_ids == ["leaflets-1"]


def test_malformed_yaml_names_the_line_and_the_fix():
    story, problems = parse(GOOD.replace("Activists fly leaflets.", "Note: activists fly"))
    assert story is None
    assert messages(problems) == [
        "error: stories/x.yaml, line 6: is not valid YAML (mapping values are not allowed "
        "here). Check the indentation, and put text that contains ': ' or starts with a quote "
        "in quotes."
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "- just a list\n",
            "error: stories/x.yaml, line 1: must be a mapping with the keys title, "
            "introduction, steps; see data/stories/README.md.",
        ),
        (
            "introduction: x\nsteps:\n  - event: leaflets-1\n",
            "error: stories/x.yaml, line 1: has no 'title'. Add a line such as: "
            "title: The balloon war of 2024",
        ),
        (
            "title: T\nsteps: []\n",
            "error: stories/x.yaml, line 2: 'steps' must be a list of steps, each starting "
            "with '- event: <id>'.",
        ),
        (
            "title: T\nsteps:\n  - narration: only words\n",
            "error: stories/x.yaml, line 3: step 1 needs either 'event: <id>' or "
            "'filter: ...', and has neither; it is left out.",
        ),
    ],
)
def test_story_file_mistakes_are_reported_with_the_fix(text, expected):
    _, problems = parse(text)
    assert messages(problems)[0] == expected


def test_a_story_with_no_usable_step_is_left_out():
    story, problems = parse("title: T\nsteps:\n  - event: nope\n")
    assert story is None
    assert messages(problems)[-1] == (
        "error: stories/x.yaml, line 2: has no step that can be shown, so the story is left "
        "out. Give each step an event id from events.csv."
    )


def test_unknown_keys_are_warnings_with_a_suggestion():
    story, problems = parse(GOOD.replace("narration:", "naration:"))
    assert messages(problems) == [
        "warning: stories/x.yaml, line 6: 'naration' is not a key of a step 1 and is ignored. "
        "Did you mean 'narration'?"
    ]
    assert story.steps[0].narration == ""


def test_a_filter_step_expands_to_every_matching_event_in_date_order():
    story, problems = parse(
        "title: T\nsteps:\n  - filter:\n      type: balloon_launch\n      to: 2024-06-30\n"
    )
    assert problems == []
    f = Filters(types=("balloon_launch",), end=pd.Timestamp("2024-06-30").date())
    expected = apply_filters(EVENTS, f).sort_values(["date", "id"])["id"].tolist()
    assert story.event_ids == expected and len(expected) == 4


def test_a_filter_with_a_wrong_type_or_date_is_reported():
    _, problems = parse(
        "title: T\nsteps:\n  - filter:\n      type: ballon\n      from: 2024-13-01\n"
    )
    assert messages(problems)[:2] == [
        "error: stories/x.yaml, line 4: 'ballon' is not a type in the events. Use one of: "
        "balloon_launch, demolition, leaflet_launch, loudspeaker, military_agreement, "
        "weapons_test.",
        "error: stories/x.yaml, line 5: '2024-13-01' is not a date. Use YYYY-MM-DD, "
        "e.g. 2024-06-09.",
    ]


def test_file_names_must_be_usable_in_links(tmp_path):
    path = tmp_path / "My Story.yaml"
    path.write_text(GOOD, encoding="utf-8")
    story, problems = read_story(path, EVENTS)
    assert story is None
    assert str(problems[0]).endswith(
        "the file name is used in links, so it may hold only lowercase letters, digits and "
        "hyphens. Rename it, e.g. balloon-war-2024.yaml."
    )


def test_one_broken_file_never_stops_the_others(tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a story", encoding="utf-8")
    library = load_stories(tmp_path, EVENTS, "events.csv")
    assert list(library.stories) == ["good"]
    assert [p.file for p in library.problems] == [str(tmp_path / "broken.yaml")]


def test_shipped_stories_load_without_any_problem_and_use_only_real_events():
    events = read_events(DEFAULT_DATA).events
    library = load_stories(DEFAULT_DATA.parent / "stories", events, "data/events.csv")
    assert [str(p) for p in library.problems] == []
    assert sorted(library.stories) == [
        "balloon-war-2024",
        "defections-across-the-dmz",
        "dismantling-inter-korean-ties",
    ]
    for story in library.stories.values():
        assert story.introduction and len(story.steps) >= 10
        assert set(story.event_ids) <= set(events["id"])
        assert len(story_events(story, events)) == len(story.steps)


def test_the_explorer_view_becomes_a_story_in_date_order():
    f = Filters(types=("balloon_launch",))
    story = story_from_view(apply_filters(EVENTS, f), f)
    assert story.slug == "view"
    assert story.title == "This view: Balloon launches, 2024-05-28 to 2024-07-24"
    dates = EVENTS.set_index("id").loc[story.event_ids, "date"]
    assert list(dates) == sorted(dates) and len(story.steps) == 5


@pytest.mark.parametrize("given, expected", [("2", 2), ("0", 1), ("99", 2), ("x", 1), (None, 1)])
def test_step_numbers_are_kept_within_the_story(given, expected):
    story, _ = parse(GOOD)
    assert clamp_step(given, story) == expected


KOREAN = """\
title: A short story
title_ko: 짧은 이야기
introduction: Leaflets, then balloons.
intro_ko: 전단, 그리고 풍선.
steps:
  - event: leaflets-1
    narration: Activists fly leaflets.
    narration_ko: 활동가들이 전단을 날린다.
  - event: balloons-1
    narration: Balloons answer.
"""


def test_a_korean_story_uses_its_korean_words_and_keeps_the_english_where_none_is_given():
    story, problems = parse(KOREAN)
    assert problems == []
    korean = story.in_language("ko")
    assert (korean.title, korean.introduction) == ("짧은 이야기", "전단, 그리고 풍선.")
    assert [step.narration for step in korean.steps] == [
        "활동가들이 전단을 날린다.",
        "Balloons answer.",
    ]
    assert story.in_language("en") is story
    assert korean.in_language("ko") == korean


def test_every_shipped_story_has_a_korean_title_introduction_and_narration():
    events = read_events(DEFAULT_DATA).events
    library = load_stories(DEFAULT_DATA.parent / "stories", events, "data/events.csv")
    assert len(library.stories) == 3
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for story in library.stories.values():
        assert hangul.search(story.title_ko) and hangul.search(story.introduction_ko), story.slug
        for step in story.steps:
            assert bool(step.narration) == bool(step.narration_ko), (story.slug, step.event_id)
            assert not step.narration_ko or hangul.search(step.narration_ko)
