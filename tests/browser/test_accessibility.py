"""Language, themes, keyboard, axe-core and the phone layout, in real headless Chromium."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from timeline.themes import PALETTES, THEMES

from ..conftest import DATA, FIXTURE_LANES
from .conftest import POINTS, wait_until

BILINGUAL = DATA / "bilingual_events.csv"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def app_url(serve):
    return serve(BILINGUAL)


@pytest.fixture
def open_page(browser):
    """open_page(url, **context options) -> a page; the test fails on any console error."""
    contexts, errors = [], []

    def start(url, **options):
        options.setdefault("viewport", {"width": 1400, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(45000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        return page

    yield start
    for context in contexts:
        context.close()
    assert errors == [], f"browser console errors: {errors}"


def wait_for_points(page, n: int) -> None:
    """Wait for n markers; generous, as the first load of a fresh server can be slow."""
    wait_until(
        page,
        "s => document.querySelectorAll(s.points).length === s.n",
        {"points": POINTS, "n": n},
        timeout=40,
    )


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


def test_switching_to_korean_translates_the_page_and_shows_korean_titles(open_page, app_url):
    page = open_page(app_url + "?event=balloons-1")
    wait_for_points(page, 13)
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.get_by_role("navigation", name="Language").get_by_role("link", name="한국어").click()
    page.get_by_role("heading", name="남북 긴장 연표", level=1).wait_for()
    wait_for_points(page, 13)
    assert query(page)["lang"] == ["ko"] and query(page)["event"] == ["balloons-1"]
    assert page.locator("html").get_attribute("lang") == "ko"
    expect(page).to_have_title("남북 긴장 연표")
    assert page.locator("#caption").inner_text() == (
        "모든 사건, 2024년 5월 10일 ~ 2024년 10월 31일 — 12건"
    )
    assert page.locator("#type-label").inner_text() == "사건 유형"
    assert page.get_by_role("option", name="풍선 살포 5").count() == 1
    detail = page.locator("#detail")
    detail.get_by_role("heading", name="첫 오물풍선 살포").wait_for()
    assert detail.locator(".detail-date").inner_text() == "2024년 5월 28일 ~ 2024년 5월 29일"
    assert "북한이 오물풍선을 처음 날려 보냈다." in detail.inner_text()
    assert page.get_by_role("button", name="필터 초기화").count() == 1
    assert page.locator("#search").get_attribute("placeholder") == "제목이나 설명의 낱말"
    lanes = page.locator("#timeline .yaxislayer-above text").all_text_contents()
    assert lanes[-2:] == ["전단 살포", "풍선 살포"]
    ticks = page.locator("#timeline .xaxislayer-above text").all_text_contents()
    assert ticks and all(tick.endswith(("년", "월", "일")) for tick in ticks), ticks
    # Searching matches the Korean text too.
    page.fill("#search", "오물풍선")
    wait_for_points(page, 3)


def test_a_korean_browser_opens_the_korean_interface(open_page, app_url):
    page = open_page(app_url, locale="ko-KR")
    page.get_by_role("heading", name="남북 긴장 연표", level=1).wait_for()
    wait_for_points(page, 12)
    assert query(page)["lang"] == ["ko"]
    # The user's own choice wins over the browser's.
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Inter-Korean Tensions Timeline", level=1).wait_for()
    wait_for_points(page, 12)
    assert query(page)["lang"] == ["en"]


def test_the_theme_follows_the_system_until_chosen(open_page, app_url):
    theme = "dark"
    page = open_page(app_url, color_scheme="dark")
    wait_for_points(page, 12)
    assert page.locator("html").get_attribute("data-theme") == theme
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == rgb(PALETTES[theme]["paper"])
    with page.expect_navigation():
        page.get_by_role("link", name="High contrast").click()
    wait_for_points(page, 12)
    wait_until(page, "document.documentElement.dataset.theme === 'contrast'")
    assert query(page)["theme"] == ["contrast"]
    plot = page.locator("#timeline .main-svg").first
    assert plot.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 0)"


KEYBOARD_CASES = {
    "en": (
        "Timeline chart of 12 events from 10 May 2024 to 31 October 2024, one lane per event "
        "type. Most frequent: Balloon launches (5).",
        [
            "Activists launch leaflets north",
            "First trash balloons cross",
            "Second round of trash balloons",
        ],
    ),
    # leaflets-1 has no Korean title, so the English one is shown.
    "ko": (
        "2024년 5월 10일부터 2024년 10월 31일까지 12건을 사건 유형별 줄로 보여 주는 연표 차트. "
        "가장 많은 유형: 풍선 살포 (5).",
        ["Activists launch leaflets north", "첫 오물풍선 살포", "두 번째 오물풍선 살포"],
    ),
}


@pytest.mark.parametrize(("lang", "theme"), [("en", "light"), ("ko", "dark"), ("en", "contrast")])
def test_the_timeline_can_be_stepped_through_by_keyboard_alone(open_page, app_url, lang, theme):
    page = open_page(f"{app_url}?lang={lang}&theme={theme}")
    wait_for_points(page, 12)
    expected, (leaflets, first, second) = KEYBOARD_CASES[lang]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "timeline-box"
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring == "solid"
    described = page.locator("#timeline-box").get_attribute("aria-describedby")
    description = page.locator(f"#{described.split()[0]}")
    wait_until(page, "id => document.getElementById(id).textContent", described.split()[0])
    assert description.text_content() == expected
    detail = page.locator("#detail")
    assert detail.get_attribute("aria-live") == "polite"
    steps = [
        ("ArrowRight", "leaflets-1", leaflets),
        ("ArrowRight", "balloons-1", first),
        ("ArrowRight", "balloons-2", second),
        ("ArrowLeft", "balloons-1", first),
        ("End", "missile-1", None),
        ("Home", "leaflets-1", leaflets),
    ]
    for key, event, title in steps:
        page.keyboard.press(key)
        try:
            wait_until(page, "e => location.search.includes('event=' + e)", event)
        except AssertionError as error:
            focused = page.evaluate("document.activeElement.id")
            raise AssertionError(
                f"{key} should select {event}: at {page.url}, focus {focused}"
            ) from error
        if title:
            detail.get_by_role("heading", name=title).wait_for()
        assert page.evaluate("document.activeElement.id") == "timeline-box"
    wait_for_points(page, 13)
    page.keyboard.press("Escape")
    wait_until(page, "!location.search.includes('event=')")
    detail.locator(".hint").wait_for()
    wait_for_points(page, 12)
    assert page.evaluate("document.activeElement.id") == "timeline-box"


def test_every_filter_control_is_reached_with_the_tab_key(open_page, app_url):
    page = open_page(app_url)
    wait_for_points(page, 12)
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    for control in ("types-all", "date-from", "date-to", "search", "reset", "timeline-box"):
        assert control in reached, (control, reached)


def run_axe(page) -> list[dict]:
    # Evaluated, not added as a <script>: the app's CSP refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("theme", "lang"), list(zip(THEMES, ["en", "ko", "en"], strict=True)))
def test_axe_finds_nothing_serious_in_any_theme(open_page, app_url, theme, lang):
    page = open_page(f"{app_url}?theme={theme}&lang={lang}&event=balloons-1&view=table")
    wait_for_points(page, 13)
    page.locator(".ag-row").first.wait_for()
    page.locator("#detail h2").wait_for()
    found = run_axe(page)
    assert found == [], found


@pytest.mark.parametrize(
    ("view", "theme", "lang", "ready"),
    [
        ("map", "contrast", "ko", "#map .scattergeo"),
        ("context", "dark", "en", "#context .bars"),
    ],
)
def test_axe_finds_nothing_serious_in_the_other_views(open_page, app_url, view, theme, lang, ready):
    page = open_page(f"{app_url}?theme={theme}&lang={lang}&view={view}")
    wait_for_points(page, 12)
    page.locator(ready).first.wait_for()
    if view == "context":
        page.locator("#context-table summary").click()
    found = run_axe(page)
    assert found == [], found


@pytest.mark.parametrize(
    ("lang", "theme", "close"), [("en", "light", "Close"), ("ko", "dark", "닫기")]
)
def test_a_phone_shows_the_page_without_sideways_scrolling(open_page, app_url, lang, theme, close):
    page = open_page(
        f"{app_url}?lang={lang}&theme={theme}",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    wait_for_points(page, 12)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    panel = page.locator("#filters-panel")
    wait_until(page, "!document.getElementById('filters-panel').open")
    assert page.locator("#search").is_hidden()
    panel.locator(":scope > summary").click()
    page.locator("#search").wait_for()
    page.locator(POINTS).first.tap(force=True)
    page.locator("#detail h2").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chart = page.locator("#timeline").bounding_box()
    assert chart["width"] >= 340
    found = run_axe(page)
    assert found == [], found
    # The detail is a sheet over the bottom of the screen until it is closed.
    sheet = page.locator(".detail")
    assert sheet.evaluate("e => getComputedStyle(e).position") == "sticky"
    box = sheet.bounding_box()
    assert box["y"] + box["height"] <= 844 + 1
    page.get_by_role("button", name=close).tap()
    page.locator("#detail .hint").wait_for()
    assert "event=" not in page.url


@pytest.mark.parametrize(
    ("link", "heading", "hint", "size"),
    [
        ("?lang=ko&theme=dark", "필터", "연표에서 사건을 누르거나", "기사 (1200×675)"),
        ("?theme=dark", "Filters", "Click an event on the timeline", "Article (1200×675)"),
    ],
)
def test_a_page_arrives_in_its_language_before_any_callback_answers(
    browser, app_url, link, heading, hint, size
):
    """The layout itself is sent in the link's language: no English flashes on a Korean page.
    The callbacks are held unanswered, so only the layout can have put these words there."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    held = []
    context.route("**/_dash-update-component*", lambda route: held.append(route))
    page = context.new_page()
    try:
        page.goto(app_url + link)
        page.locator("#detail .hint").wait_for()
        assert page.locator("#filters-heading").inner_text().startswith(heading)
        assert page.locator("#detail .hint").inner_text().startswith(hint)
        assert page.get_by_text(size, exact=True).count() == 1
        assert held, "the page's callbacks were not held"
        # The first view's timeline is drawn from the layout, in the page's theme: no light
        # chart flashes on a dark page.
        expect(page.locator(POINTS)).to_have_count(12)
        paper = PALETTES["dark"]["paper"].lstrip("#")
        dark = "rgb({}, {}, {})".format(*(int(paper[i : i + 2], 16) for i in (0, 2, 4)))
        assert (
            page.locator("#timeline .main-svg").first.evaluate(
                "e => getComputedStyle(e).backgroundColor"
            )
            == dark
        )
    finally:
        context.close()


def test_every_small_chart_has_its_numbers_as_a_table(open_page, app_url):
    page = open_page(f"{app_url}?view=totals&lang=ko")
    wait_for_points(page, 12)
    page.locator("#totals .scatterlayer .point").first.wait_for()
    table = page.locator("#totals-table")
    table.get_by_text("수치를 표로 보기").click()
    rows = table.get_by_role("row")
    expect(rows).to_have_count(6)
    assert rows.nth(0).inner_text().split("\n") == ["날짜", "제목", "수량", "누적 합계"]
    assert rows.nth(2).inner_text().split("\n") == [
        "2024년 6월 1일",
        "두 번째 오물풍선 살포",
        "풍선 720개",
        "980",
    ]
    page.locator("#tab-frequency").click()
    wait_until(page, "!location.search.includes('view=')")
    frequency = page.locator("#frequency-table")
    frequency.get_by_text("수치를 표로 보기").click()
    expect(frequency.get_by_role("region", name="주별 사건 수")).to_be_visible()
    expect(frequency.get_by_role("columnheader")).to_have_count(len(FIXTURE_LANES) + 2)
    chart = page.get_by_role("figure", name="주별 사건 수: 모두 12건이며", exact=False)
    expect(chart).to_have_count(1)
    expect(chart.locator(".js-plotly-plot")).to_have_count(1)
    assert run_axe(page) == []


def test_fast_stepping_ends_on_the_last_event_stepped_to(open_page, app_url):
    page = open_page(app_url)
    wait_for_points(page, 12)
    page.locator("#timeline-box").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    detail = page.locator("#detail")
    detail.get_by_role("heading", name="Seoul suspends the military agreement").wait_for()
    page.wait_for_timeout(1500)  # any answer to an older step has arrived by now
    assert query(page)["event"] == ["agreement-1"]
    expect(detail.locator("h2.detail-title")).to_have_text("Seoul suspends the military agreement")
