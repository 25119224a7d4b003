"""Interface text in English and Korean: one catalogue per language, dates and numbers per language.

Add a string by adding the same key to every file in timeline/locales/; the tests fail when a key
is missing from any catalogue. Plain functions, no Dash.
"""

from __future__ import annotations

import json
import math
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = LANGUAGES[0]
# The name of each language, written in that language, for the switch.
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}
LOCALES = Path(__file__).with_name("locales")
_EN_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every string of one language, keyed by a dotted name such as 'filters.reset'."""
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def language(value: str | None) -> str:
    """A supported language code for a code such as 'ko-KR' or 'en-GB'; English otherwise."""
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text for key in lang, with {placeholders} filled; English if the language lacks it."""
    text = catalogue(language(lang)).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text


class Message(str):
    """A message in English that keeps its catalogue key and values, so that a page can show it
    in the reader's language: `Message("notice.bad_zoom").in_language("ko")`."""

    key: str
    values: dict

    def __new__(cls, key: str, **values) -> Message:
        message = super().__new__(cls, t(key, DEFAULT_LANGUAGE, **values))
        message.key, message.values = key, values
        return message

    def in_language(self, lang: str | None) -> str:
        return t(self.key, lang or DEFAULT_LANGUAGE, **self.values)


def in_language(text: str, lang: str | None) -> str:
    """A Message in lang; any other text as it is."""
    return text.in_language(lang) if isinstance(text, Message) else text


def plural(key: str, n: int, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The '.one' or '.other' form of key for n, with {n} written as a number of that language."""
    form = "one" if n == 1 else "other"
    return t(f"{key}.{form}", lang, n=format_number(n, lang), **values)


def format_number(value: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A number with thousands separators ('1,234' in both languages), one decimal if not whole."""
    if math.isclose(value, round(value)):
        return f"{int(round(value)):,}"
    return f"{value:,.1f}"


def format_count(value: float, unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A count with its unit in lang: '720 balloons', '풍선 720개'. Units the catalogue does not
    know (a user's own) are written after the number as given."""
    key = f"unit.{unit}"
    if unit and key in catalogue(DEFAULT_LANGUAGE):
        return t(key, lang, n=format_number(value, lang))
    return f"{format_number(value, lang)} {unit}".strip()


def unit_name(unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The name of a count unit in lang, e.g. for a chart axis: 'balloons', '풍선(개)'."""
    key = f"unit_name.{unit}"
    return t(key, lang) if unit and key in catalogue(DEFAULT_LANGUAGE) else unit


def format_date(day, lang: str = DEFAULT_LANGUAGE, iso: bool = False, short: bool = False) -> str:
    """'28 May 2024' or '2024년 5월 28일'; English has iso '2024-05-28' and short '28 May 2024'."""
    day = pd.Timestamp(day) if not isinstance(day, date) else day
    if language(lang) == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    if iso:
        return f"{day:%Y-%m-%d}"
    month = _EN_MONTHS[day.month - 1]
    return f"{day.day} {month[:3] if short else month} {day.year}"


# How a date known only to its month or year, or marked approximate or uncertain, is qualified.
_PRECISION_WORDS = {
    "en": {"month": "month known", "year": "year known", "~": "approximate", "?": "uncertain"},
    "ko": {"month": "월까지 확인", "year": "연도만 확인", "~": "대략", "?": "불확실"},
}


def period_label(day, precision: str = "day", qualifier: str = "", lang: str = DEFAULT_LANGUAGE):
    """'September 1984 (month known)', '1984 (year known, approximate)' or, for a day with no
    qualifier, format_date(day, lang)."""
    day = pd.Timestamp(day)
    korean = language(lang) == "ko"
    if precision == "year":
        text = f"{day.year}년" if korean else str(day.year)
    elif precision == "month":
        text = (
            f"{day.year}년 {day.month}월" if korean else f"{_EN_MONTHS[day.month - 1]} {day.year}"
        )
    else:
        text = format_date(day, lang)
    words = _PRECISION_WORDS[language(lang)]
    notes = [words[k] for k in (precision, qualifier) if k in words]
    return f"{text} ({', '.join(notes)})" if notes else text


def date_qualifier(text: str) -> str:
    """'~' or '?' when an EDTF date as written ends with one, else ''."""
    return text[-1] if isinstance(text, str) and text[-1:] in ("~", "?") else ""


def day_and_month(day, lang: str = DEFAULT_LANGUAGE) -> str:
    """'28 May' or '5월 28일': a date whose year is written elsewhere in the sentence."""
    if language(lang) == "ko":
        return f"{day.month}월 {day.day}일"
    return f"{day.day} {day:%B}"


def step_name(day, period: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A day, week or month named by its first day: '9 April 2024', 'week of 8 April 2024',
    'April 2024'."""
    if period == "month":
        return month_name(day, lang)
    if period == "week":
        return t("chart.week_of", lang, date=format_date(day, lang))
    return format_date(day, lang)


def month_name(month, lang: str = DEFAULT_LANGUAGE) -> str:
    """'June 2024' or '2024년 6월' for a month (a Period) or any day in it."""
    if language(lang) == "ko":
        return f"{month.year}년 {month.month}월"
    return f"{month:%B %Y}"


def date_labels(days: pd.Series, lang: str = DEFAULT_LANGUAGE) -> pd.Series:
    """format_date(day, lang, iso=True) for a column of days, vectorised."""
    if language(lang) == "ko":
        parts = [days.dt.year, days.dt.month, days.dt.day]
        year, month, day = (p.astype("int64").astype(str) for p in parts)
        return year + "년 " + month + "월 " + day + "일"
    return days.dt.strftime("%Y-%m-%d")


def join(items: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """'a, b and c' in English, 'a, b 및 c' in Korean."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + t("list.and", lang) + items[-1]


def event_text(event, field: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """An event's title or description in lang (the field_ko column), falling back to English."""
    if language(lang) != DEFAULT_LANGUAGE:
        translated = event.get(f"{field}_{language(lang)}")
        if isinstance(translated, str) and translated.strip():
            return translated
    value = event.get(field)
    return value if isinstance(value, str) else ""


def event_day(event, lang: str = DEFAULT_LANGUAGE) -> str:
    """'9 June 2024' or '2024년 6월 9일'; a lasting event gives its first and last day, and a
    date known only to the month or year says so: 'September 1984 (month known)'."""
    precision = event.get("date_precision") or "day"
    day = period_label(event["date"], precision, date_qualifier(event.get("date_text")), lang)
    end = event.get("end_date")
    if not pd.isna(end) and end != event["date"]:
        day = t("detail.to", lang, start=day, end=format_date(end, lang))
    return day


def localised_titles(events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> pd.Series:
    """The title column in lang, falling back to English row by row."""
    column = f"title_{language(lang)}"
    if language(lang) == DEFAULT_LANGUAGE or column not in events.columns:
        return events["title"]
    translated = events[column].fillna("").astype(str)
    return translated.where(translated.str.strip() != "", events["title"])


# Plotly's d3 time formats: tick labels at each zoom level, per language.
TICK_FORMATS = {
    "en": None,
    "ko": [
        {"dtickrange": [None, 86400000], "value": "%-m월 %-d일"},
        # Day and week ticks; the bound sits below a month (about 2.6e9 ms) so that monthly
        # ticks, which also match an upper bound of "M1", are named by month, not by day.
        {"dtickrange": [86400000, 2000000000], "value": "%-m월 %-d일"},
        {"dtickrange": ["M1", "M12"], "value": "%Y년 %-m월"},
        {"dtickrange": ["M12", None], "value": "%Y년"},
    ],
}
HOVER_DATE = {"en": "%d %b %Y", "ko": "%Y년 %-m월 %-d일"}
