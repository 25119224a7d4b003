"""The shipped dataset is checked like code."""

import re

import pandas as pd
import pytest

from timeline import schema as s
from timeline.load import is_http_url, read_context_series, read_events, split_list
from timeline.sources import KINDS, denylist, is_denied, read_sources

from .conftest import ROOT

EVENTS = ROOT / "data" / "events.csv"
ARRIVALS = ROOT / "data" / "defector_arrivals.csv"
SOURCES = ROOT / "data" / "sources.csv"
PERIODS = ROOT / "data" / "periods.csv"
README = ROOT / "data" / "README.md"


@pytest.fixture(scope="module")
def result():
    return read_events(EVENTS)


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(EVENTS, dtype=str, keep_default_na=False)


def test_shipped_data_validates_with_no_errors_and_no_warnings(result):
    assert [str(p) for p in result.problems] == []
    assert len(result.events) == result.rows >= 250


def test_ids_are_unique_slugs_that_start_with_the_date(raw):
    assert raw[s.ID].is_unique
    bad = [
        i
        for i, d in zip(raw[s.ID], raw[s.DATE], strict=True)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*", i) or not i.startswith(d)
    ]
    assert bad == []


def test_rows_are_sorted_by_date(raw):
    assert raw[s.DATE].is_monotonic_increasing


def test_no_two_events_share_type_date_and_title(raw):
    assert not raw.duplicated([s.EVENT_TYPE, s.DATE, s.TITLE]).any()


def test_every_event_has_an_http_source(raw):
    missing = [
        i
        for i, cell in zip(raw[s.ID], raw[s.SOURCES], strict=True)
        if not split_list(cell) or not all(is_http_url(u) for u in split_list(cell))
    ]
    assert missing == []


def test_responds_to_points_to_earlier_or_same_day_events(raw):
    dates = dict(zip(raw[s.ID], raw[s.DATE], strict=True))
    wrong = [
        (i, ref)
        for i, d, cell in zip(raw[s.ID], raw[s.DATE], raw[s.RESPONDS_TO], strict=True)
        for ref in split_list(cell)
        if ref not in dates or dates[ref] > d or ref == i
    ]
    assert wrong == []


def test_at_least_forty_escalation_links(raw):
    assert sum(len(split_list(c)) for c in raw[s.RESPONDS_TO]) >= 40


def test_counts_are_non_negative_integers_with_units(raw):
    counted = raw[raw[s.COUNT] != ""]
    assert counted[s.COUNT].str.fullmatch(r"\d+").all()
    assert (counted[s.COUNT_UNIT] != "").all()


def test_the_2024_balloon_campaign_has_all_32_jcs_rounds(raw):
    rounds = raw[raw[s.ID].str.contains(r"-balloons-round-\d+$")]
    numbers = sorted(int(i.rsplit("-", 1)[1]) for i in rounds[s.ID])
    assert numbers == list(range(1, 33))
    assert rounds[s.DATE].min() == "2024-05-28"


def test_balloon_launch_rows_are_the_rounds_and_consequences_are_impacts(raw):
    launches = raw[raw[s.EVENT_TYPE] == "balloon_launch"]
    assert launches[s.ID].str.fullmatch(r"2024-\d{2}-\d{2}-balloons-round-\d+").all()
    assert len(launches) == 32
    impacts = raw[raw[s.EVENT_TYPE] == "balloon_impact"]
    assert len(impacts) == 10 and (impacts[s.DATE] >= "2024-05-28").all()
    assert {"2024-07-24-goyang-rooftop-fire", "2024-06-26-incheon-airport-runways-shut"} <= set(
        impacts[s.ID]
    )
    assert launches[s.COUNT].replace("", "0").astype(int).sum() == 5_990


@pytest.mark.parametrize(
    "event_id",
    [
        "2017-11-13-jsa-soldier-defection",
        "2024-05-28-balloons-round-1",
        "2024-06-04-military-agreement-suspended",
        "2024-06-09-loudspeakers-resumed",
        "2024-08-20-goseong-staff-sergeant-defection",
        "2024-10-15-roads-demolished",
        "2023-11-22-military-agreement-partial-suspension",
    ],
)
def test_key_events_are_present(raw, event_id):
    assert event_id in set(raw[s.ID])


def test_coordinates_come_in_pairs(raw):
    lat, lon = raw[s.LATITUDE] != "", raw[s.LONGITUDE] != ""
    assert (lat == lon).all()


def test_defector_series_is_one_figure_per_year_with_a_source():
    series, problems = read_context_series(ARRIVALS)
    assert problems == []
    assert series["year"].is_unique and series["year"].is_monotonic_increasing
    assert list(series["year"]) == list(range(series["year"].min(), series["year"].max() + 1))
    assert (series["arrivals"] > 0).all()
    assert series.set_index("year").loc[2023, "arrivals"] == 196
    assert all(is_http_url(u) for u in series["source"])


def test_every_story_event_and_2024_balloon_launch_has_a_korean_title(result):
    import yaml

    events = result.events.set_index(s.ID)
    story_ids = {
        step["event"]
        for path in (ROOT / "data" / "stories").glob("*.yaml")
        for step in yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]
        if step.get("event")
    }
    balloons = events[(events[s.EVENT_TYPE] == "balloon_launch") & (events[s.DATE].dt.year == 2024)]
    wanted = story_ids | set(balloons.index)
    assert len(story_ids) >= 40 and len(balloons) == 32
    untitled = sorted(i for i in wanted if not str(events.at[i, "title_ko"] or "").strip())
    assert untitled == []


@pytest.fixture(scope="module")
def cited(raw):
    """Every URL the shipped data cites: the events' sources and the context series."""
    arrivals = pd.read_csv(ARRIVALS, dtype=str, keep_default_na=False)
    periods = pd.read_csv(PERIODS, dtype=str, keep_default_na=False)
    return (
        {u for cell in raw[s.SOURCES] for u in split_list(cell)}
        | set(arrivals["source"])
        | {u for cell in periods["sources"] for u in split_list(cell)}
    )


def test_every_cited_url_has_one_row_in_the_sources_table_and_no_row_is_unused(cited):
    table = pd.read_csv(SOURCES, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["url", "outlet", "title", "published", "language", "kind"]
    assert table["url"].is_unique
    assert sorted(cited - set(table["url"])) == []
    assert sorted(set(table["url"]) - cited) == []


def test_sources_table_rows_name_an_outlet_a_kind_and_a_well_formed_date():
    table = read_sources(SOURCES)
    assert len(table) >= 800
    bad = [
        u
        for u, row in table.items()
        if not row.outlet
        or row.kind not in KINDS
        or not re.fullmatch(r"(\d{4}-\d{2}(-\d{2})?)?", row.published)
        or not re.fullmatch(r"([a-z]{2})?", row.language)
    ]
    assert bad == []
    assert table["https://www.koreaherald.com/view.php?ud=20240602050051"].published == "2024-06-02"


def test_the_denylist_holds_the_known_aggregators_and_no_cited_url_is_on_it(cited):
    hosts = denylist(README.read_text(encoding="utf-8"))
    named = {"menafn.com", "urdupoint.com", "bignewsnetwork.com", "newspic.kr", "tellerreport.com"}
    assert named | {"pledgetimes.com", "indialivetoday.com", "v.daum.net"} <= set(hosts)
    assert len(hosts) >= 80
    assert sorted(u for u in cited if is_denied(u, hosts)) == []
