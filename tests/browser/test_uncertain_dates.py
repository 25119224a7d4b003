"""Events known only to the month or the year, drawn and described in the browser."""

from ..conftest import DATA
from .conftest import POINTS, wait_for_points, wait_until

UNCERTAIN = DATA / "uncertain_events.csv"
DOTTED = (
    "[...document.querySelectorAll('#timeline .scatterlayer .trace path.js-line')]"
    ".filter(p => p.style.strokeDasharray).length"
)


def test_a_month_only_event_is_a_dotted_month_span_that_says_month_known(page, serve):
    page.goto(serve(UNCERTAIN))
    wait_for_points(page, 5)
    # Sep 1984 and 1985~ in the weapons-test lane, March to April 1985 in the exercises lane.
    assert page.evaluate(DOTTED) == 3
    marker = page.locator(POINTS).nth(1).bounding_box()
    x, y = marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2
    page.mouse.move(x, y)
    hover = "document.querySelector('#timeline .hoverlayer').textContent"
    wait_until(page, hover)
    assert page.evaluate(hover) == (
        "Scud-B test series (month known)September 1984 (month known)North Korea"
    )
    page.mouse.click(x, y)
    page.locator("#detail").get_by_text("September 1984 (month known)", exact=True).wait_for()
