"""Periods shaded behind the lanes: a toggle in the filters, kept in the link, one request."""

from ..conftest import DATA
from .conftest import wait_for_points, wait_until
from .test_view import Requests

SAMPLE = DATA / "sample_events.csv"
PERIODS = """() => (document.querySelector('#timeline .js-plotly-plot')?.layout?.annotations || [])
  .filter((a) => a.name === 'period').map((a) => a.text)"""


def test_the_periods_toggle_shades_the_periods_and_keeps_them_in_the_link(page, serve):
    requests = Requests(page)
    page.goto(serve(SAMPLE) + "/")
    wait_for_points(page, 12)
    requests.settle(page)
    page.get_by_text("Shade periods", exact=False).click()
    wait_until(page, "() => location.search.includes('periods=1')")
    assert requests.settle(page) == 1
    wait_until(page, f"() => ({PERIODS})().length === 2")
    assert page.evaluate(PERIODS) == [
        "▍Seoul suspends the whole 2018 military agreement",
        "▍Loudspeakers broadcast along the whole front",
    ]
    page.reload()
    wait_until(page, f"() => ({PERIODS})().length === 2")
    assert page.locator("#periods-toggle input").is_checked()
    page.get_by_text("Shade periods", exact=False).click()
    wait_until(page, "() => !location.search.includes('periods=')")
    wait_until(page, f"() => ({PERIODS})().length === 0")
