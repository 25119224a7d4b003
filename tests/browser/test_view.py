"""One view everywhere: one request per interaction, the link restores the whole view (an upload
included), exports draw what is on screen, and the link doubles as a data API."""

import io
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import expect

from timeline.export import PLOTLY_BUNDLE

from ..conftest import DATA
from .conftest import POINTS, wait_for_points, wait_until
from .test_export_panel import download, open_export
from .test_upload import import_cp1252

SAMPLE = DATA / "sample_events.csv"
UPDATE = "/_dash-update-component"


@pytest.fixture
def app_url(serve):
    return serve(SAMPLE)


class Requests:
    """Counts the app's callback requests and their answers, as Dash's own tests count calls."""

    def __init__(self, page):
        self.sent = 0
        self.answered = 0
        page.on("request", lambda r: self._count(r.url, "sent"))
        page.on("requestfinished", lambda r: self._count(r.url, "answered"))

    def _count(self, url: str, kind: str) -> None:
        if UPDATE in url:
            setattr(self, kind, getattr(self, kind) + 1)

    def settle(self, page, quiet_ms: int = 700) -> int:
        """Wait until every request is answered and none follows for quiet_ms; the count since
        the last settle."""
        while True:
            before = self.sent
            page.wait_for_timeout(quiet_ms)
            if self.sent == before and self.answered == self.sent:
                break
        count, self.sent, self.answered = self.sent, 0, 0
        return count


def test_a_click_a_tab_switch_and_a_selection_each_cost_one_request(page, app_url):
    requests = Requests(page)
    page.goto(app_url + "/")
    wait_for_points(page, 12)
    requests.settle(page)
    page.get_by_role("option", name=re.compile("^Loudspeaker")).first.click()
    wait_for_points(page, 10)
    assert requests.settle(page) == 1
    assert parse_qs(urlparse(page.url).query)["type"] != []
    with page.expect_response(lambda r: UPDATE in r.url) as answer:
        page.locator("#tab-totals").click()
    page.wait_for_selector("#totals .scatterlayer .trace")
    assert requests.settle(page) == 1
    assert parse_qs(urlparse(page.url).query)["view"] == ["totals"]
    # A tab changes nothing on the timeline: it is not sent again.
    assert "totals" in answer.value.json()["response"]
    assert "timeline" not in answer.value.json()["response"]
    page.locator(POINTS).first.click(force=True)
    page.locator("#detail .detail-title").wait_for()
    assert requests.settle(page) == 1
    assert "event" in parse_qs(urlparse(page.url).query)


def test_with_the_export_panel_open_a_click_still_costs_one_request(page, app_url):
    requests = Requests(page)
    page.goto(app_url + "/?type=balloon_launch")
    wait_for_points(page, 5)
    requests.settle(page)
    open_export(page)
    assert requests.settle(page) == 1
    page.get_by_role("option", name=re.compile("^Loudspeaker")).first.click()
    wait_for_points(page, 7)
    assert requests.settle(page) == 1
    wait_until(page, "document.querySelector('#alt-text').value.startsWith('Timeline of 7')")


def test_an_export_of_a_zoomed_view_has_dates_only_inside_the_zoom(page, app_url):
    page.goto(app_url + "/?zoom_from=2024-06-01&zoom_to=2024-06-29")
    page.locator(POINTS).first.wait_for()
    open_export(page)
    name, content = download(page, "SVG")
    ticks = re.findall(r'class="xtick"[^>]*>\s*<text[^>]*>([^<]+)</text>', content.decode())
    assert len(ticks) >= 3 and all(tick.startswith("Jun") for tick in ticks), ticks
    # The preview draws the same window.
    preview = page.evaluate(
        "document.querySelector('#export-preview .js-plotly-plot').layout.xaxis.range"
    )
    assert [day[:10] for day in preview] == ["2024-06-01", "2024-06-29"]


def test_the_export_follows_the_tab_last_used_and_draws_its_chart(page, app_url):
    page.goto(app_url + "/?type=balloon_launch")
    wait_for_points(page, 5)
    open_export(page)
    page.locator("#tab-totals").click()
    page.wait_for_selector("#totals .scatterlayer .trace")
    wait_until(page, "new URLSearchParams(location.search).get('chart') === 'totals'")
    assert page.locator("#export-chart input[value='totals']").is_checked()
    wait_until(page, "document.querySelector('#export-preview .js-plotly-plot').data.length === 1")
    name, content = download(page, "SVG")
    y_ticks = re.findall(r'class="ytick"[^>]*>\s*<text[^>]*>([^<]+)</text>', content.decode())
    assert [tick.strip() for tick in y_ticks] == ["0", "500", "1000", "1500", "2000"]
    # Choosing the timeline again in the panel is part of the link too.
    page.locator("#export-chart").get_by_text("Timeline", exact=True).click()
    wait_until(page, "!new URLSearchParams(location.search).has('chart')")


def test_the_embed_keeps_the_views_title_and_credit(page, app_url):
    page.goto(app_url + "/embed?type=loudspeaker&title=Speakers+on+the+border&credit=Chart:+A.+B.")
    page.wait_for_selector(".js-plotly-plot .scatterlayer")
    text = page.locator("figure").inner_text()
    assert "Speakers on the border" in text and "Chart: A. B." in text


def test_events_csv_and_json_return_exactly_the_rows_of_the_view(page, app_url):
    # The zoom is a way of looking, not a filter: the data holds every filtered row.
    link = "/events.csv?type=loudspeaker&zoom_from=2024-06-01&zoom_to=2024-06-05"
    body = page.request.get(app_url + link).body()
    assert body.startswith(b"\xef\xbb\xbf")
    assert list(pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")["id"]) == [
        "speakers-1",
        "speakers-2",
    ]
    answer = page.request.get(app_url + "/events.json?type=loudspeaker&lang=ko").json()
    assert [e["id"] for e in answer["events"]] == ["speakers-1", "speakers-2"]
    meta = answer["meta"]
    assert meta["events"] == 2
    assert meta["data_as_of"] == "2024-10-31"
    assert meta["view"].endswith("/?type=loudspeaker&lang=ko")
    assert meta["filters"].startswith("확성기")
    assert meta["citation"].startswith("남북 긴장 연표")
    assert meta["sources"] == ["example.org"]
    # The export panel links to both for the view on screen.
    page.goto(app_url + "/?type=loudspeaker")
    wait_for_points(page, 2)
    open_export(page)
    assert page.locator("#export-csv-link").get_attribute("href") == "/events.csv?type=loudspeaker"
    assert page.locator("#export-json-link").get_attribute("href") == (
        "/events.json?type=loudspeaker"
    )


def test_a_spreadsheet_formula_in_the_data_api_is_neutralised(page, serve):
    url = serve(DATA / "hostile_events.csv")
    body = page.request.get(url + "/events.csv").body().decode("utf-8-sig")
    cells = [cell for line in body.splitlines() for cell in line.split(",")]
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_an_uploads_link_restores_it_on_reload_and_a_gone_one_says_so(page, app_url):
    page.goto(app_url + "/")
    wait_for_points(page, 12)
    dialog = import_cp1252(page, "en")
    dialog.get_by_role("button", name="Explore the events").click()
    dialog.wait_for(state="hidden")
    wait_for_points(page, 5)
    token = parse_qs(urlparse(page.url).query)["dataset"][0]
    assert re.fullmatch("[0-9a-f]{32}", token)
    page.reload()
    wait_for_points(page, 5)
    assert page.locator("#caption").inner_text().endswith("— 5 events")
    page.goto(app_url + "/?dataset=" + "0" * 32)
    wait_for_points(page, 12)
    assert "no longer here" in page.locator("#notices").inner_text()
    assert "dataset" not in parse_qs(urlparse(page.url).query)


def test_the_page_and_the_embed_load_the_apps_small_plotly_bundle_never_the_full_one(page, app_url):
    scripts: dict[str, int] = {}
    page.on(
        "response",
        lambda r: (
            scripts.__setitem__(r.url.split("?")[0], len(r.body()))
            if r.ok and r.url.split("?")[0].endswith(".js")
            else None
        ),
    )
    page.goto(app_url + "/?view=map")
    wait_for_points(page, 12)
    page.wait_for_selector("#map .scattergeo, #map .geo")
    page.goto(app_url + "/embed?type=loudspeaker")
    page.wait_for_selector(".js-plotly-plot .scatterlayer")
    assert not [url for url in scripts if url.endswith("package_data/plotly.min.js")]
    bundle = PLOTLY_BUNDLE.stat().st_size
    assert scripts[app_url + "/assets/plotly-timeline.min.js"] == bundle
    assert scripts[app_url + "/embed/plotly.min.js"] == bundle


def test_the_header_says_how_current_the_data_is_in_the_pages_language(page, app_url):
    page.goto(app_url + "/")
    wait_for_points(page, 12)
    assert page.locator("#data-as-of").inner_text() == "Data as of 31 October 2024"
    page.goto(app_url + "/?lang=ko")
    wait_for_points(page, 12)
    assert page.locator("#data-as-of").inner_text() == "2024년 10월 31일 기준 자료"


def test_the_grid_script_loads_only_when_a_grid_is_first_shown(page, app_url):
    scripts: dict[str, int] = {}
    page.on(
        "response",
        lambda r: (
            scripts.__setitem__(r.url.split("?")[0].rsplit("/", 1)[-1], len(r.body()))
            if r.ok and r.url.split("?")[0].endswith(".js")
            else None
        ),
    )
    page.goto(app_url)
    wait_for_points(page, 12)
    page.wait_for_timeout(500)
    grid = [name for name in scripts if "ag_grid" in name or name.startswith("async-community")]
    assert grid == []
    assert not [name for name in scripts if name.startswith("bundle.")]  # dash_table's loader
    # Everything the first screen loads: under 3 MiB of JavaScript, decoded.
    assert sum(scripts.values()) < 3 * 2**20
    page.get_by_role("tab", name="Table").click()
    expect(page.get_by_role("gridcell", name="First trash balloons cross")).to_be_visible()
    grid = sorted(n.split(".")[0] for n in scripts if "ag_grid" in n or "async-community" in n)
    assert grid == ["async-community", "dash_ag_grid"]
