"""Notes on the chart: added, edited and removed from the detail panel, suggested, kept in the
link, and drawn with leader lines where no label covers another label or a marker."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from ..conftest import DATA
from .conftest import wait_for_points, wait_until
from .test_view import Requests

SAMPLE = DATA / "sample_events.csv"
LABELS = "#timeline .annotation .annotation-text-g"
# Boxes of the notes' labels and of the markers, as drawn.
BOXES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  return {
    labels: [...document.querySelectorAll('#timeline .annotation .annotation-text-g .bg')]
      .map(box),
    texts: [...document.querySelectorAll('#timeline .annotation .annotation-text')]
      .map((e) => e.textContent),
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
    page.locator(LABELS).first.wait_for()
    assert page.locator(LABELS).all_text_contents() == ["Second round of trash balloons"]
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
    wait_until(
        page,
        "(n) => document.querySelectorAll('#timeline .annotation-text-g').length === n",
        len(texts),
    )
    assert page.locator(LABELS).all_text_contents() == texts


def test_suggested_notes_name_the_largest_counts_and_never_cover_each_other(page, app_url):
    page.goto(app_url + "/")
    wait_for_points(page, 12)
    page.get_by_role("button", name="Suggest notes").click()
    wait_until(page, "() => location.search.includes('note=')")
    notes = notes_of(page)
    # The largest counts first (720, 500 and 330 balloons), then the roots of chains.
    assert notes == ["balloons-2", "balloons-5", "balloons-3", "leaflets-2", "leaflets-1"]
    wait_until(
        page,
        "(n) => document.querySelectorAll('#timeline .annotation-text-g').length === n",
        len(notes),
    )
    drawn = page.evaluate(BOXES)
    labels, markers = drawn["labels"], drawn["markers"]
    assert len(labels) == len(notes)
    assert not [(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :] if overlap(a, b)]
    assert not [(a, m) for a in labels for m in markers if overlap(a, m)]
    assert re.search("trash balloons", " ".join(drawn["texts"]))
