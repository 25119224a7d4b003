"""Stories: titled sequences of events for presenting in class, read from YAML files.

A story file has a title, an introduction and steps; each step names one event id, or a filter
that expands to every matching event in date order, with optional narration for the teacher.
Every problem is reported with the file, the line and the fix; a bad step is left out and the
rest of the story still presents.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from timeline import schema as s
from timeline.filters import Filters, apply_filters, describe
from timeline.i18n import DEFAULT_LANGUAGE, t
from timeline.load import ERROR, WARNING, Problem

TITLE = "title"
INTRODUCTION = "introduction"
STEPS = "steps"
EVENT = "event"
FILTER = "filter"
NARRATION = "narration"
# Korean versions of the story's own words; a story without them presents in its own words.
TITLE_KO = "title_ko"
INTRODUCTION_KO = "intro_ko"
NARRATION_KO = "narration_ko"
STORY_KEYS = (TITLE, TITLE_KO, INTRODUCTION, INTRODUCTION_KO, STEPS)
STEP_KEYS = (EVENT, FILTER, NARRATION, NARRATION_KO)
# The same names as the explorer's link parameters, so a view's link reads like a filter.
FILTER_KEYS = ("type", "actor", "from", "to", "q")
SUFFIXES = (".yaml", ".yml")
VIEW_SLUG = "view"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Step:
    """One event of a story and what the teacher may say about it."""

    event_id: str
    narration: str = ""
    narration_ko: str = ""


@dataclass(frozen=True)
class Story:
    """A title, an introduction and the steps to present, in order."""

    slug: str
    title: str
    introduction: str = ""
    steps: tuple[Step, ...] = ()
    path: str = ""
    title_ko: str = ""
    introduction_ko: str = ""

    @property
    def event_ids(self) -> list[str]:
        return [step.event_id for step in self.steps]

    def in_language(self, lang: str | None) -> Story:
        """The story in its Korean words for lang='ko' (each missing one stays as written)."""
        if lang != "ko":
            return self
        steps = tuple(
            replace(step, narration=step.narration_ko or step.narration) for step in self.steps
        )
        return replace(
            self,
            title=self.title_ko or self.title,
            introduction=self.introduction_ko or self.introduction,
            steps=steps,
        )


@dataclass
class StoryLibrary:
    """The stories that can be presented, by slug, and every problem found reading them."""

    stories: dict[str, Story] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, slug: str | None) -> Story | None:
        return self.stories.get(slug or "")

    def problems_of(self, story: Story) -> list[Problem]:
        return [p for p in self.problems if p.file == story.path]


class _Lines(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and of each of its keys."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        keys = [(self.construct_object(k, deep=True), k.start_mark.line + 1) for k, _ in node.value]
        return _Mapping(mapping, node.start_mark.line + 1, keys)


def _mapping(loader: _Lines, node: yaml.MappingNode) -> _Mapping:
    return loader.construct_mapping(node, deep=True)


_Lines.add_constructor("tag:yaml.org,2002:map", _mapping)
# Dates stay text, so a mistyped one (2024-13-01) is reported like any other bad value.
_Lines.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Mapping(dict):
    """A dict with the line it starts on and the line of each key (duplicates included)."""

    def __init__(self, values: dict, line: int, keys: list[tuple[object, int]]):
        super().__init__(values)
        self.line = line
        self.keys_at = keys

    def line_of(self, key: str) -> int:
        return next((line for k, line in reversed(self.keys_at) if k == key), self.line)


def load_stories(folder: str | Path, events: pd.DataFrame, events_name: str) -> StoryLibrary:
    """Every story file in a folder, checked against the events; problems never stop the others."""
    library = StoryLibrary()
    paths = sorted(p for p in Path(folder).glob("*") if p.suffix in SUFFIXES)
    for path in paths:
        story, problems = read_story(path, events, events_name)
        library.problems += problems
        if story is not None:
            library.stories[story.slug] = story
    return library


def read_story(
    path: str | Path, events: pd.DataFrame, events_name: str = "the events file"
) -> tuple[Story | None, list[Problem]]:
    """Read one story file: the story (None when nothing can be presented) and every problem."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()[: _MAX_FILE_BYTES + 1]
    except OSError as exc:
        return None, [Problem(ERROR, name, f"cannot be read ({exc.strerror}). Check the path.")]
    if len(raw) > _MAX_FILE_BYTES:
        return None, [Problem(ERROR, name, "is larger than 1 MiB; a story file is a few pages.")]
    slug = Path(path).stem
    if not _SLUG.match(slug):
        return None, [
            Problem(
                ERROR,
                name,
                "the file name is used in links, so it may hold only lowercase letters, digits "
                "and hyphens. Rename it, e.g. balloon-war-2024.yaml.",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(ERROR, name, "is not UTF-8 text. Save it as UTF-8.")]
    return parse_story(text, name, slug, events, events_name)


def parse_story(
    text: str, name: str, slug: str, events: pd.DataFrame, events_name: str = "the events file"
) -> tuple[Story | None, list[Problem]]:
    """Validate the text of a story file; `name` is used in messages."""
    try:
        data = yaml.load(text, Loader=_Lines)  # noqa: S506 - _Lines is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "unreadable"
        return None, [
            Problem(
                ERROR,
                name,
                f"is not valid YAML ({reason}). Check the indentation, and put text that "
                "contains ': ' or starts with a quote in quotes.",
                line=line,
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(ERROR, name, f"is not valid YAML ({exc}).")]
    if not isinstance(data, _Mapping):
        return None, [
            Problem(
                ERROR,
                name,
                f"must be a mapping with the keys {', '.join((TITLE, INTRODUCTION, STEPS))}; see "
                "data/stories/README.md.",
                line=1,
            )
        ]
    problems = _unknown_keys(data, STORY_KEYS, name, "story")
    title = _text(data, TITLE, name, problems, required=True)
    introduction = _text(data, INTRODUCTION, name, problems)
    title_ko = _text(data, TITLE_KO, name, problems) or ""
    introduction_ko = _text(data, INTRODUCTION_KO, name, problems) or ""
    steps = _steps(data, name, events, events_name, problems)
    if title is None:
        return None, problems
    if not steps:
        problems.append(
            Problem(
                ERROR,
                name,
                "has no step that can be shown, so the story is left out. Give each step an "
                f"event id from {events_name}.",
                line=data.line_of(STEPS),
            )
        )
        return None, problems
    story = Story(slug, title, introduction or "", tuple(steps), name, title_ko, introduction_ko)
    return story, problems


def _text(data: _Mapping, key: str, name: str, problems: list[Problem], required=False):
    value = data.get(key)
    if value is None:
        if required:
            problems.append(
                Problem(
                    ERROR,
                    name,
                    f"has no '{key}'. Add a line such as: {key}: The balloon war of 2024",
                    line=data.line,
                )
            )
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(
            Problem(
                ERROR,
                name,
                f"'{key}' must be text. Write it on the same line or as an indented block "
                "after '>'.",
                line=data.line_of(key),
            )
        )
        return None if required else ""
    return " ".join(value.split())


def _steps(data, name, events, events_name, problems) -> list[Step]:
    raw = data.get(STEPS)
    if not isinstance(raw, list) or not raw:
        problems.append(
            Problem(
                ERROR,
                name,
                "'steps' must be a list of steps, each starting with '- event: <id>'.",
                line=data.line_of(STEPS) if STEPS in data else data.line,
            )
        )
        return []
    known = set(events[s.ID])
    steps: list[Step] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, _Mapping):
            problems.append(
                Problem(
                    ERROR,
                    name,
                    f"step {index} must be a mapping such as '- event: <id>'; it is left out.",
                    line=data.line_of(STEPS),
                    value=str(item),
                )
            )
            continue
        problems += _unknown_keys(item, STEP_KEYS, name, f"step {index}")
        narration = _text(item, NARRATION, name, problems) or ""
        narration_ko = _text(item, NARRATION_KO, name, problems) or ""
        ids = _step_events(item, index, name, events, known, events_name, problems)
        for event_id in ids:
            if event_id in seen:
                problems.append(
                    Problem(
                        WARNING,
                        name,
                        f"is already step {seen[event_id]}; it is shown again.",
                        line=item.line,
                        value=event_id,
                    )
                )
            seen.setdefault(event_id, len(steps) + 1)
            steps.append(Step(event_id, narration, narration_ko))
    return steps


def _step_events(item, index, name, events, known, events_name, problems) -> list[str]:
    has_event, has_filter = EVENT in item, FILTER in item
    if has_event == has_filter:
        problems.append(
            Problem(
                ERROR,
                name,
                f"step {index} needs either 'event: <id>' or 'filter: ...', "
                f"{'not both' if has_event else 'and has neither'}; it is left out.",
                line=item.line,
            )
        )
        return []
    if has_event:
        event_id = item[EVENT]
        line = item.line_of(EVENT)
        if not isinstance(event_id, str) or event_id not in known:
            value = str(event_id)
            close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            problems.append(
                Problem(
                    ERROR,
                    name,
                    f"is not an event id in {events_name}; the step is left out.{hint}",
                    line=line,
                    value=value,
                )
            )
            return []
        return [event_id]
    f = _filters(item[FILTER], item.line_of(FILTER), name, events, problems)
    if f is None:
        return []
    matched = apply_filters(events, f).sort_values([s.DATE, s.ID], kind="stable")
    if matched.empty:
        problems.append(
            Problem(
                WARNING,
                name,
                f"the filter of step {index} matches no event in {events_name}; it is left out.",
                line=item.line_of(FILTER),
            )
        )
    return list(matched[s.ID])


def _filters(raw, line, name, events, problems) -> Filters | None:
    if not isinstance(raw, _Mapping):
        problems.append(
            Problem(
                ERROR,
                name,
                f"'filter' must be a mapping of {', '.join(FILTER_KEYS)}; the step is left out.",
                line=line,
            )
        )
        return None
    wrong = _unknown_keys(raw, FILTER_KEYS, name, "filter", severity=ERROR)
    values: dict = {}
    for key, column in (("type", s.EVENT_TYPE), ("actor", s.ACTOR)):
        given = raw.get(key)
        if given is None:
            continue
        given = [given] if isinstance(given, str) else given
        present = sorted(set(events[column].astype(str)))
        bad = [str(v) for v in given if not isinstance(v, str) or v not in present]
        for value in bad:
            wrong.append(
                Problem(
                    ERROR,
                    name,
                    f"is not a {key} in the events. Use one of: {', '.join(present)}.",
                    line=raw.line_of(key),
                    value=value,
                )
            )
        values[key] = tuple(given)
    for key in ("from", "to"):
        given = raw.get(key)
        if given is None:
            continue
        try:
            values[key] = given if isinstance(given, date) else date.fromisoformat(str(given))
        except ValueError:
            wrong.append(
                Problem(
                    ERROR,
                    name,
                    f"is not a date. Use YYYY-MM-DD, e.g. {s.DATE_EXAMPLE}.",
                    line=raw.line_of(key),
                    value=str(given),
                )
            )
    query = raw.get("q", "")
    problems += wrong
    if wrong:
        return None
    return Filters(
        types=values.get("type"),
        actors=values.get("actor"),
        start=values.get("from"),
        end=values.get("to"),
        query=str(query),
    )


def _unknown_keys(data: _Mapping, known, name, what, severity=WARNING) -> list[Problem]:
    problems = []
    counted: dict = {}
    for key, line in data.keys_at:
        counted[key] = counted.get(key, 0) + 1
        if counted[key] == 2:
            problems.append(
                Problem(
                    WARNING,
                    name,
                    f"'{key}' is given twice in the {what}; only the last one is used.",
                    line=line,
                )
            )
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1)
        fix = f"Did you mean '{close[0]}'?" if close else f"Known keys: {', '.join(known)}."
        effect = "is ignored" if severity == WARNING else "makes the step be left out"
        problems.append(
            Problem(
                severity, name, f"'{key}' is not a key of a {what} and {effect}. {fix}", line=line
            )
        )
    return problems


def story_from_view(shown: pd.DataFrame, f: Filters, lang: str = DEFAULT_LANGUAGE) -> Story:
    """An ad-hoc story of the events in an explorer view, in date order, titled in lang."""
    ordered = shown.sort_values([s.DATE, s.ID], kind="stable")
    caption = describe(f, shown, lang)
    return Story(
        slug=VIEW_SLUG,
        title=t("story.view_title", lang, view=caption.split(" — ")[0]),
        introduction=t("story.view_introduction", lang, view=caption),
        steps=tuple(Step(event_id) for event_id in ordered[s.ID]),
    )


def story_events(story: Story, events: pd.DataFrame) -> pd.DataFrame:
    """The event rows of a story's steps, in step order (an event shown twice appears twice)."""
    by_id = events.set_index(s.ID, drop=False)
    return by_id.loc[[i for i in story.event_ids if i in by_id.index]].reset_index(drop=True)


def clamp_step(step: int | str | None, story: Story) -> int:
    """A 1-based step number within the story; anything unreadable is the first step."""
    try:
        number = int(str(step))
    except ValueError:
        return 1
    return max(1, min(number, len(story.steps)))
