"""Notes on the chart: added, edited and removed from the detail panel, suggested, kept in the
link, and drawn with leader lines where no label covers another label or a marker."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from ..conftest import DATA
from .conftest import wait_for_points, wait_until
from .test_view import Requests

SAMPLE = DATA / "sample_events.csv"
# The notes' texts (annotations named "note"), and the boxes of all labels and markers drawn.
NOTES = """() => (document.querySelector('#timeline .js-plotly-plot')?.layout?.annotations || [])
  .filter((a) => a.name === 'note').map((a) => a.text)"""
BOXES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const plot = document.querySelector('#timeline .js-plotly-plot');
  const names = (plot.layout.annotations || []).map((a) => a.name);
  const drawn = [...document.querySelectorAll('#timeline .annotation')];
  return {
    notes: drawn.filter((g) => names[+g.dataset.index] === 'note')
      .map((g) => box(g.querySelector('.bg'))),
    labels: drawn.map((g) => box(g.querySelector('.bg'))),
    texts: drawn.map((g) => g.textContent),
    markers: [...document.querySelectorAll('#timeline .scatterlayer .point')].map(box),
  };
}"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def notes_of(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("note", [])


@pytest.fixture
def app_url(serve):
    return serve(SAMPLE)


def test_a_note_is_added_edited_and_removed_with_one_request_each(page, app_url):
    requests = Requests(page)
    page.goto(app_url + "/?event=balloons-2")
    wait_for_points(page, 13)  # the 12 events and the selection ring
    requests.settle(page)
    page.get_by_role("button", name="Add note").click()
    wait_until(page, "() => location.search.includes('note=balloons-2')")
    assert requests.settle(page) == 1
    expect_labels(page, ["Second round of trash balloons"])
    field = page.get_by_label("Note on the chart")
    field.fill("Peak: 720 balloons")
    field.press("Enter")
    wait_until(page, "() => location.search.includes('Peak')")
    assert requests.settle(page) == 1
    assert notes_of(page) == ["balloons-2:Peak: 720 balloons"]
    expect_labels(page, ["Peak: 720 balloons"])
    page.get_by_role("button", name="Remove note").click()
    wait_until(page, "() => !location.search.includes('note=')")
    assert requests.settle(page) == 1
    expect_labels(page, [])


def expect_labels(page, texts: list[str]) -> None:
    wait_until(page, f"() => ({NOTES})().length === {len(texts)}")
    assert page.evaluate(NOTES) == texts


def test_suggested_notes_name_the_largest_counts_and_never_cover_each_other(page, app_url):
    page.goto(app_url + "/")
    wait_for_points(page, 12)
    page.get_by_role("button", name="Suggest notes").click()
    wait_until(page, "() => location.search.includes('note=')")
    notes = notes_of(page)
    # The largest counts first (720, 500 and 330 balloons), then the roots of chains.
    assert notes == ["balloons-2", "balloons-5", "balloons-3", "leaflets-2", "leaflets-1"]
    wait_until(page, f"() => ({NOTES})().length === {len(notes)}")
    drawn = page.evaluate(BOXES)
    labels, markers = drawn["notes"], drawn["markers"]
    assert len(labels) == len(notes)
    # No note covers another label (a note, the key, a period) or a marker.
    others = drawn["labels"]
    assert not [(a, b) for a in labels for b in others if a != b and overlap(a, b)]
    assert not [(a, m) for a in labels for m in markers if overlap(a, m)]
    assert re.search("trash balloons", " ".join(drawn["texts"]))
