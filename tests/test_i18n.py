import json
import re
from datetime import date

import pandas as pd
import pytest

from timeline import schema as s
from timeline.filters import Filters, actor_label, apply_filters, describe, type_label
from timeline.i18n import (
    LANGUAGES,
    LOCALES,
    catalogue,
    event_text,
    format_count,
    format_date,
    format_number,
    join,
    language,
    localised_titles,
    plural,
    t,
)
from timeline.load import read_events

from .conftest import DATA

PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "bilingual_events.csv").events


def test_every_language_has_a_catalogue_file():
    assert sorted(p.stem for p in LOCALES.glob("*.json")) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_key_is_missing_or_extra_in_any_catalogue(lang):
    english = set(catalogue("en"))
    assert sorted(english - set(catalogue(lang))) == []
    assert sorted(set(catalogue(lang)) - english) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_is_filled_and_keeps_the_placeholders(lang):
    for key, text in catalogue("en").items():
        translated = catalogue(lang)[key]
        assert translated.strip(), key
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(text)), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_event_type_and_actor_has_a_label_in_every_language(lang):
    for key in s.EVENT_TYPES:
        assert f"type.{key}" in catalogue(lang) and f"type.{key}.plural" in catalogue(lang)
    for key in s.ACTORS:
        assert f"actor.{key}" in catalogue(lang)


def test_english_labels_are_the_ones_in_the_data_contract():
    for key, (label, many, _) in s.EVENT_TYPES.items():
        assert (type_label(key), type_label(key, plural=True)) == (label, many)
    for key, (label, _) in s.ACTORS.items():
        assert actor_label(key) == label


def test_catalogues_are_utf8_json_objects_of_strings():
    for lang in LANGUAGES:
        data = json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))
        assert all(isinstance(v, str) for v in data.values())


def test_labels_in_korean():
    assert type_label("balloon_launch", lang="ko") == "풍선 살포"
    assert actor_label("north_korea", "ko") == "북한"
    assert type_label("my_own_type", lang="ko") == "My own type"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (date(2024, 5, 28), "en", "28 May 2024"),
        (date(2024, 5, 28), "ko", "2024년 5월 28일"),
        (pd.Timestamp("2024-12-01"), "ko", "2024년 12월 1일"),
        (pd.Timestamp("2024-12-01"), "en", "1 December 2024"),
    ],
)
def test_dates_are_written_the_way_each_language_writes_them(value, lang, expected):
    assert format_date(value, lang) == expected


def test_english_captions_keep_iso_dates_and_korean_ones_do_not():
    assert format_date(date(2024, 5, 28), "en", iso=True) == "2024-05-28"
    assert format_date(date(2024, 5, 28), "ko", iso=True) == "2024년 5월 28일"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(1234567, "en", "1,234,567"), (1234567, "ko", "1,234,567"), (2.5, "ko", "2.5")],
)
def test_numbers_are_grouped_by_thousands(value, lang, expected):
    assert format_number(value, lang) == expected


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [(1, "en", "1 event"), (2, "en", "2 events"), (1, "ko", "1건"), (1200, "ko", "1,200건")],
)
def test_counts_take_the_plural_of_each_language(n, lang, expected):
    assert plural("count.events", n, lang) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("ko", "ko"), ("ko-KR", "ko"), ("KO_kr", "ko"), ("en-GB", "en"), ("fr", "en"), (None, "en")],
)
def test_browser_language_codes_map_to_a_supported_language(code, expected):
    assert language(code) == expected


def test_lists_are_joined_per_language():
    assert join(["a", "b", "c"], "en") == "a, b and c"
    assert join(["북한", "한국"], "ko") == "북한 및 한국"


def test_korean_caption_describes_the_view(events):
    f = Filters(types=("balloon_launch",), actors=("north_korea",))
    assert describe(f, apply_filters(events, f), "ko") == (
        "풍선 살포 · 주체: 북한, 2024년 5월 28일 ~ 2024년 7월 24일 — 5건"
    )


def test_korean_text_is_shown_when_given_and_english_otherwise(events):
    first, second, third = (
        events[events[s.ID] == i].iloc[0] for i in ("balloons-1", "balloons-2", "balloons-3")
    )
    assert event_text(first, s.TITLE, "ko") == "첫 오물풍선 살포"
    assert event_text(first, s.DESCRIPTION, "ko") == "북한이 오물풍선을 처음 날려 보냈다."
    assert event_text(second, s.DESCRIPTION, "ko") == "Test fixture event."
    assert event_text(third, s.TITLE, "ko") == third[s.TITLE]
    assert event_text(first, s.TITLE, "en") == "First trash balloons cross"


def test_localised_titles_fall_back_row_by_row(events):
    titles = localised_titles(events, "ko")
    assert titles[events[s.ID] == "balloons-1"].item() == "첫 오물풍선 살포"
    assert titles[events[s.ID] == "leaflets-1"].item() == "Activists launch leaflets north"
    assert list(localised_titles(events, "en")) == list(events[s.TITLE])


def test_a_missing_translation_falls_back_to_english(monkeypatch):
    monkeypatch.setitem(catalogue("ko"), "filters.reset", None)
    monkeypatch.delitem(catalogue("ko"), "filters.reset")
    assert t("filters.reset", "ko") == "Reset filters"


def test_short_english_dates_abbreviate_the_month():
    assert format_date(date(2024, 9, 6), "en", short=True) == "6 Sep 2024"
    assert format_date(date(2024, 9, 6), "ko", short=True) == "2024년 9월 6일"


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (720, "balloons", "en", "720 balloons"),
        (720, "balloons", "ko", "풍선 720개"),
        (2, "missiles", "ko", "미사일 2발"),
        (11000, "soldiers", "ko", "병력 11,000명"),
        (3, "widgets", "ko", "3 widgets"),
        (1.5, "", "ko", "1.5"),
    ],
)
def test_counts_carry_their_unit_the_way_each_language_counts(value, unit, lang, expected):
    assert format_count(value, unit, lang) == expected


def test_a_one_day_range_is_written_once(events):
    day = date(2024, 5, 28)
    f = Filters(start=day, end=day)
    shown = apply_filters(events, f)
    assert describe(f, shown, "ko") == "모든 사건, 2024년 5월 28일 — 1건"
    assert describe(f, shown) == "All events, 2024-05-28 — 1 event"
