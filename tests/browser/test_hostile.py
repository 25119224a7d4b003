"""A dataset written to attack the page: every payload must show as text and none may run."""

import csv
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from timeline import schema as s

from ..conftest import DATA
from .conftest import POINTS, wait_for_points

HOSTILE = DATA / "hostile_events.csv"
with open(HOSTILE, encoding="utf-8", newline="") as _file:
    ROWS = {row[s.ID]: row for row in csv.DictReader(_file)}
ACCEPTED = ["script-title", "img-description", "svg-location", "formula-title"]
# Elements or attributes that only a payload could have put in the page.
INJECTED = "script:not([src]):not([type]), img[src='x'], iframe, svg[onload], [onerror], [onload], [onmouseover]"
# Links that leave the app must be http(s); the app's own pages are linked by path ("/present/...").
# Links may go to http(s) sources, the app's own pages or a place on this page (the skip link).
NOT_HTTP_LINKS = (
    "a[href]:not([href^='http://']):not([href^='https://']):not([href^='/']):not([href^='#']),"
    " a[href^='//']"
)


@pytest.fixture
def hostile(page, serve):
    """The page over the hostile dataset, recording every dialog and CSP violation."""
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    url = serve(HOSTILE)
    page.goto(url)
    wait_for_points(page, len(ACCEPTED))
    page.base = url
    return page


def assert_nothing_ran(page) -> None:
    assert page.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("window.top.__pwned") is None
    assert page.locator(INJECTED).count() == 0
    assert page.locator(NOT_HTTP_LINKS).count() == 0
    assert page.evaluate("window.__violations") == []


def hover(page, point, label, attempts: int = 4) -> None:
    """Hover a point until its label shows: a redraw that lands just after the hover (the answer
    to the previous click) clears the label, and the mouse has to come back."""
    for attempt in range(attempts):
        page.mouse.move(0, 0)
        label.wait_for(state="detached")
        point.hover(force=True)
        try:
            label.wait_for(timeout=5000)
            return
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise


def test_hover_and_detail_show_every_payload_as_text(hostile):
    page = hostile
    detail = page.locator("#detail")
    heading = detail.locator("h2.detail-title")
    label = page.locator("#timeline .hoverlayer .hovertext").first
    hovered, opened = [], {}
    for n in range(len(ACCEPTED)):
        hover(page, page.locator(POINTS).nth(n), label)
        hovered.append(label.text_content())
        title = next(r[s.TITLE] for r in ROWS.values() if hovered[-1].startswith(r[s.TITLE]))
        page.locator(POINTS).nth(n).click(force=True)
        expect(heading).to_have_text(title)
        opened[heading.inner_text()] = {
            "description": detail.locator(".detail-description").all_inner_texts(),
            "facts": detail.locator("dd").all_inner_texts(),
        }
        assert_nothing_ran(page)
    for event_id in ACCEPTED:
        row = ROWS[event_id]
        title = row[s.TITLE]
        assert sum(h.startswith(title + row[s.DATE]) for h in hovered) == 1, hovered
        assert opened[title]["description"] == ([row[s.DESCRIPTION]] if row[s.DESCRIPTION] else [])
        if row[s.LOCATION]:
            assert opened[title]["facts"][-1] == row[s.LOCATION]
    unit = ROWS["script-title"][s.COUNT_UNIT]
    assert opened[ROWS["script-title"][s.TITLE]]["facts"][-2] == f"20 {unit}"
    assert any(h.endswith(f"20 {unit}") for h in hovered)
    # A chain link names the earlier hostile title as plain text too.
    page.goto(page.base + "/?event=svg-location")
    detail.get_by_role("heading", name="What it answered").wait_for()
    titles = detail.locator("ol.chain .chain-title").all_inner_texts()
    assert ROWS["img-description"][s.TITLE] in titles
    assert_nothing_ran(page)


def test_rejected_rows_show_scripts_and_bad_links_as_text(hostile):
    page = hostile
    page.locator("#rejected summary").click()
    table = page.locator("#rejected table")
    for event_id in ["javascript-source", "data-source", "vbscript-source", "actor-script"]:
        assert table.get_by_text(ROWS[event_id][s.SOURCES if "source" in event_id else s.ACTOR])
    reasons = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert len(reasons) == 5
    assert any(
        f"'{ROWS['javascript-source'][s.SOURCES]}' is not an http(s) link" in r for r in reasons
    )
    assert any(ROWS["actor-script"][s.ACTOR] in r for r in reasons)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download rejected rows (CSV)").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    formula = next(r for r in rows if r["id"].startswith("<img"))
    assert formula[s.TITLE] == "'" + ROWS[formula["id"]][s.TITLE]
    assert_nothing_ran(page)


def test_a_hostile_link_shows_its_notices_as_text(hostile):
    page = hostile
    payload = "<img src=x onerror=\"window.__pwned='link'\">"
    page.goto(
        page.base
        + f"/?q={quote(payload)}&event={quote(payload)}&{quote('<svg onload=alert(1)>')}=1"
    )
    notices = page.locator("#notices")
    notices.get_by_text(f"Ignored the link's event '{payload}': no event has that id.").wait_for()
    assert "Ignored the unknown link parameter '<svg onload=alert(1)>'." in notices.inner_text()
    assert page.locator("#search").input_value() == payload
    assert page.locator("#caption").inner_text().startswith(f'All events matching "{payload}"')
    assert_nothing_ran(page)


def test_the_page_renders_under_its_content_security_policy(hostile):
    page = hostile
    response = page.request.get(page.base + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy
    assert "'unsafe-eval'" not in policy
    page.locator(POINTS).first.hover(force=True)
    page.locator("#timeline .hoverlayer .hovertext").first.wait_for()
    page.get_by_role("option", name="Leaflet launch 1").click()
    wait_for_points(page, len(ACCEPTED) - 1)
    assert page.evaluate("window.__violations") == []
    assert page.console_errors == []
