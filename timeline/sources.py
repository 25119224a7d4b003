"""The sources table (data/sources.csv): the outlet, headline and date behind each source URL."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from timeline.config import DATA
from timeline.i18n import DEFAULT_LANGUAGE, format_date

SOURCES_PATH = DATA / "sources.csv"
COLUMNS = ("url", "outlet", "title", "published", "language", "kind")
KINDS = ("official statement", "wire", "newspaper", "broadcaster", "think tank", "other")


@dataclass(frozen=True)
class Source:
    """One cited page; title, published and language are empty when the page did not say."""

    url: str
    outlet: str
    title: str = ""
    published: str = ""
    language: str = ""
    kind: str = "other"


def read_sources(path: str | Path) -> dict[str, Source]:
    """The table keyed by URL; a missing file is an empty table (uploaded data has none)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        return {}
    return {row["url"]: Source(**{c: (row.get(c) or "").strip() for c in COLUMNS}) for row in rows}


@cache
def shipped_sources() -> dict[str, Source]:
    """The shipped table, read once per process (call it at start-up to read it then)."""
    return read_sources(SOURCES_PATH)


def domain(url: str) -> str:
    """The address's host without 'www.', e.g. 'en.yna.co.kr'."""
    return urlsplit(url).netloc.lower().split(":")[0].removeprefix("www.")


def published_text(published: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """'5 June 2024' for a full date; a year-month or year stays as written ('2021-01')."""
    if len(published) == len("2024-06-05"):
        try:
            return format_date(pd.Timestamp(published).date(), lang)
        except ValueError:
            return published
    return published


def describe(url: str, table: dict[str, Source], lang: str = DEFAULT_LANGUAGE) -> str:
    """ "Outlet, 'Headline', 5 June 2024" with the parts the table knows; else the domain."""
    source = table.get(url)
    if source is None:
        return domain(url)
    parts = [source.outlet or domain(url)]
    if source.title:
        parts.append(f"‘{source.title}’")
    if source.published:
        parts.append(published_text(source.published, lang))
    return ", ".join(parts)


def outlet(url: str, table: dict[str, Source]) -> str | None:
    """The outlet the table names for a URL, or None when the URL has no row."""
    source = table.get(url)
    return source.outlet if source and source.outlet else None


def denylist(readme: str) -> tuple[str, ...]:
    """The hosts listed in the ```denylist block of data/README.md, one a line."""
    match = re.search(r"^```denylist\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)
    return (
        tuple(line.strip() for line in match.group(1).splitlines() if line.strip()) if match else ()
    )


def is_denied(url: str, hosts: tuple[str, ...]) -> bool:
    """Whether the URL's host is one of the hosts, or a subdomain of one."""
    host = domain(url)
    return any(host == h or host.endswith("." + h) for h in hosts)
