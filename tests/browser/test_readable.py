"""A readable timeline: markers that would overlap in a lane are packed into rows, so that on the
2024 views almost no marker hides under another."""

import pytest

from ..conftest import ROOT
from .conftest import POINTS

EVENTS = ROOT / "data" / "events.csv"
# Each drawn marker as a circle (centre and radius, in page pixels).
CIRCLES = """() => [...document.querySelectorAll('#timeline .scatterlayer .trace .points path.point')]
  .map((e) => { const r = e.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2, Math.max(r.width, r.height) / 2]; })"""


def hidden_share(circles) -> float:
    """The share of markers whose centre lies under another marker."""
    hidden = sum(
        any(j != i and (x - a) ** 2 + (y - b) ** 2 < r**2 for j, (a, b, r) in enumerate(circles))
        for i, (x, y, _) in enumerate(circles)
    )
    return hidden / max(1, len(circles))


@pytest.mark.parametrize(
    "query",
    [
        "?type=balloon_launch&from=2024-01-01&to=2024-12-31",
        "?from=2024-01-01&to=2024-12-31",
    ],
)
def test_at_most_one_marker_in_ten_hides_under_another_on_the_2024_views(page, serve, query):
    page.goto(serve(EVENTS) + "/" + query)
    page.locator(POINTS).first.wait_for()
    page.wait_for_timeout(500)
    circles = page.evaluate(CIRCLES)
    assert len(circles) >= 30
    share = hidden_share(circles)
    print(f"{query}: {len(circles)} markers, {share:.1%} hidden under another")
    assert share <= 0.10
