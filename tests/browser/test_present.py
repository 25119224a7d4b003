from urllib.parse import parse_qs, urlsplit

import pytest
from pptx import Presentation
from pypdf import PdfReader

from timeline.config import DEFAULT_DATA
from timeline.load import read_events
from timeline.stories import load_stories
from timeline.story_figures import HIGHLIGHT
from timeline.themes import THEMES, contrast_ratio, palette

from .conftest import wait_for_points, wait_until

STORIES = load_stories(DEFAULT_DATA.parent / "stories", read_events(DEFAULT_DATA).events, "data")
BALLOONS = STORIES.get("balloon-war-2024")
TITLES = read_events(DEFAULT_DATA).events.set_index("id")["title"]
STORY_POINTS = "#present-timeline .scatterlayer .trace .points path.point"


@pytest.fixture
def base(serve):
    return serve(DEFAULT_DATA)


def heading(page):
    return page.locator(".present-event-title")


def wait_for_step(page, story, n):
    title = TITLES[story.steps[n - 1].event_id]
    wait_until(
        page,
        "([t, p]) => {const h = document.querySelector('.present-event-title');"
        " const q = document.querySelector('#present-progress');"
        " return h && q && h.innerText === t && q.innerText === p;}",
        arg=[title, f"{n} / {len(story.steps)}"],
        timeout=15000,
    )


def step_in_url(page) -> str | None:
    return (parse_qs(urlsplit(page.url).query).get("step") or [None])[0]


def test_arrow_keys_step_through_a_story_and_escape_returns_to_the_explorer(page, base):
    page.goto(base + "/present/balloon-war-2024")
    wait_for_step(page, BALLOONS, 1)
    assert page.locator("#present-title").inner_text() == "The balloon war of 2024"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_for_step(page, BALLOONS, 4)
    assert heading(page).inner_text() == (
        "Kim Yo Jong mocks Seoul, calling the trash balloons 'gifts of sincerity'"
    )
    assert step_in_url(page) == "4"
    # Four story events so far plus the ring around the current one.
    wait_until(page, f"document.querySelectorAll({STORY_POINTS!r}).length === 5")
    page.keyboard.press("ArrowLeft")
    wait_for_step(page, BALLOONS, 3)
    assert step_in_url(page) == "3"
    page.keyboard.press("Escape")
    page.wait_for_url(base + "/?event=2024-05-28-balloons-round-1")
    detail = page.locator("#detail .detail-title")
    detail.wait_for()
    assert detail.inner_text() == TITLES[BALLOONS.event_ids[2]]


def test_reloading_a_step_link_keeps_the_place_and_home_end_jump(page, base):
    page.goto(base + "/present/balloon-war-2024?step=7")
    wait_for_step(page, BALLOONS, 7)
    page.keyboard.press("End")
    wait_for_step(page, BALLOONS, 16)
    page.keyboard.press("PageDown")
    page.keyboard.press("Space")
    page.wait_for_timeout(300)
    assert step_in_url(page) == "16"
    page.keyboard.press("Home")
    wait_for_step(page, BALLOONS, 1)
    assert page.locator(".present-intro").inner_text().startswith("From May to November 2024")
    page.get_by_role("button", name="Next →").click()
    wait_for_step(page, BALLOONS, 2)
    page.keyboard.press("PageUp")
    wait_for_step(page, BALLOONS, 1)


def test_every_shipped_story_presents_from_first_to_last_step(page, base):
    assert len(STORIES.stories) >= 3
    for story in STORIES.stories.values():
        page.goto(base + f"/present/{story.slug}")
        wait_for_step(page, story, 1)
        for n in range(2, len(story.steps) + 1):
            page.keyboard.press("ArrowRight")
            wait_for_step(page, story, n)
        assert step_in_url(page) == str(len(story.steps))
        assert page.locator("#present-notices").inner_text() == ""


def test_body_text_is_at_least_28_px_at_1920_by_1080(browser, base):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(base + "/present/defections-across-the-dmz?step=2")
    page.locator(".present-description").wait_for()
    sizes = page.evaluate(
        "['.present-description', '.present-facts', '.present-sources li', '.present-date']"
        ".map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
    )
    context.close()
    assert min(sizes) >= 28


def test_the_explorer_lists_the_stories_and_presents_its_view_as_a_story(page, base):
    page.goto(base + "/?type=demolition")
    wait_for_points(page, 5)
    links = page.locator("#classroom .story-links a")
    assert links.all_inner_texts() == [s.title for s in STORIES.stories.values()]
    assert links.first.get_attribute("href") == "/present/balloon-war-2024"
    link = page.get_by_role("link", name="Present this view")
    wait_until(
        page,
        "document.getElementById('present-view-link').getAttribute('href')"
        " === '/present/view?type=demolition'",
    )
    link.click()
    page.wait_for_url("**/present/view?type=demolition")
    page.locator("#present-progress").get_by_text("1 / 5").wait_for()
    assert page.locator("#present-title").inner_text() == (
        "This view: Demolitions, 2020-06-16 to 2024-10-15"
    )
    page.keyboard.press("End")
    page.locator("#present-progress").get_by_text("5 / 5").wait_for()
    assert parse_qs(urlsplit(page.url).query) == {"type": ["demolition"], "step": ["5"]}


def test_an_unknown_story_lists_the_stories_instead(page, base):
    page.goto(base + "/present/no-such-story")
    page.get_by_text("No story is called 'no-such-story'. Choose one below.").wait_for()
    page.get_by_role("link", name="Defections across the DMZ").click()
    wait_for_step(page, STORIES.get("defections-across-the-dmz"), 1)


def test_the_handout_downloads_from_the_presentation(page, base):
    story = STORIES.get("defections-across-the-dmz")
    page.goto(base + "/present/defections-across-the-dmz?step=3")
    wait_for_step(page, story, 3)
    with page.expect_download(timeout=60000) as download:
        page.get_by_role("button", name="Handout PDF").click()
    assert download.value.suggested_filename == "defections-across-the-dmz-handout.pdf"
    reader = PdfReader(download.value.path())
    # The overview page, then the steps one after another: fewer pages than steps.
    assert 2 <= len(reader.pages) < len(story.steps)
    assert reader.pages[0].extract_text().startswith("Inter-Korean Tensions Timeline")


def test_the_powerpoint_deck_downloads_from_a_korean_presentation(page, base):
    story = STORIES.get("defections-across-the-dmz")
    page.goto(base + "/present/defections-across-the-dmz?step=1&lang=ko")
    wait_for_fit(page, 1, len(story.steps))
    with page.expect_download(timeout=90000) as download:
        page.get_by_role("button", name="파워포인트").click()
    assert download.value.suggested_filename == "defections-across-the-dmz.pptx"
    deck = Presentation(download.value.path())
    assert len(deck.slides) == len(story.steps)
    first = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert first[0] == story.title_ko
    assert story.steps[0].narration_ko in first[2]


def test_swiping_left_and_right_moves_between_steps(browser, base):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/present/balloon-war-2024?step=2")
    wait_for_step(page, BALLOONS, 2)
    swipe = """([from, to]) => {
      const at = (x) => new Touch({identifier: 1, target: document.body, clientX: x, clientY: 300});
      document.dispatchEvent(new TouchEvent('touchstart', {touches: [at(from)]}));
      document.dispatchEvent(new TouchEvent('touchend', {changedTouches: [at(to)]}));
    }"""
    page.evaluate(swipe, [800, 500])
    wait_for_step(page, BALLOONS, 3)
    page.evaluate(swipe, [300, 700])
    wait_for_step(page, BALLOONS, 2)
    context.close()
    assert errors == []


def test_the_classroom_panel_and_the_presentation_follow_the_korean_interface(page, base):
    korean = read_events(DEFAULT_DATA).events.set_index("id")["title_ko"]
    page.goto(base + "/?lang=ko&theme=dark")
    classroom = page.locator("#classroom")
    wait_until(
        page,
        "(a => a && a.getAttribute('href') === '/present/balloon-war-2024?lang=ko&theme=dark')"
        "(document.querySelector('#classroom .story-links a'))",
    )
    assert classroom.locator(".label").inner_text() == "수업에서 발표하기"
    # The shipped stories are listed by their Korean titles.
    assert classroom.locator(".story-links a").first.inner_text() == "2024년 풍선 전쟁"
    assert classroom.get_by_role("link", name="이 화면 발표하기").get_attribute("href") == (
        "/present/view?lang=ko&theme=dark"
    )
    classroom.locator(".story-links a").first.click()
    page.wait_for_url("**/present/balloon-war-2024?lang=ko&theme=dark")
    page.get_by_role("button", name="다음 →").wait_for()
    wait_until(page, "document.documentElement.lang === 'ko'")
    assert page.locator(".present-controls").get_attribute("aria-label") == "이야기 조작"
    assert page.get_by_role("button", name="← 이전").get_attribute("title") == (
        "이전 단계 (← 또는 Page Up)"
    )
    heading(page).get_by_text(korean[BALLOONS.event_ids[0]]).wait_for()
    page.get_by_role("button", name="다음 →").click()
    heading(page).get_by_text(korean[BALLOONS.event_ids[1]]).wait_for()
    assert parse_qs(urlsplit(page.url).query) == {
        "lang": ["ko"],
        "theme": ["dark"],
        "step": ["2"],
    }
    assert page.locator(".present-sources h3").inner_text() == "출처"
    page.keyboard.press("Escape")
    page.wait_for_url(base + f"/?event={BALLOONS.event_ids[1]}&lang=ko&theme=dark")


# Text on the presentation page as (selector, what it stands on): the page or the buttons.
TEXTS = [
    (".present-title", ".present"),
    (".present-progress", ".present"),
    (".present-date", ".present"),
    (".present-event-title", ".present"),
    (".present-description", ".present"),
    (".present-facts", ".present"),
    (".present-sources a", ".present"),
    (".present-intro", ".present-intro"),
    ("#present-next", "#present-next"),
    ("#present-exit", "#present-exit"),
]
COLOURS = """(pairs) => pairs.map(([text, ground]) => [
  getComputedStyle(document.querySelector(text)).color,
  getComputedStyle(document.querySelector(ground)).backgroundColor])"""


def hex_of(css: str) -> str:
    """'#15181c' for 'rgb(21, 24, 28)'."""
    channels = css[css.index("(") + 1 : css.index(")")].split(",")[:3]
    return "#" + "".join(f"{int(float(c)):02x}" for c in channels)


@pytest.mark.parametrize("theme", THEMES)
def test_the_presentation_is_drawn_in_the_theme_of_its_link_and_text_passes_wcag_aa(
    page, base, theme
):
    page.goto(base + f"/present/balloon-war-2024?theme={theme}")
    wait_for_step(page, BALLOONS, 1)
    paper = palette(theme)["paper"]
    wait_until(page, "t => document.documentElement.dataset.theme === t", arg=theme)
    wait_until(
        page,
        "p => {const g = document.querySelector('#present-timeline .js-plotly-plot');"
        " return g && g._fullLayout && g._fullLayout.paper_bgcolor === p;}",
        arg=paper,
    )
    assert hex_of(page.evaluate(COLOURS, [[".present", ".present"]])[0][1]) == paper
    ring = page.evaluate(
        "getComputedStyle(document.querySelector('.present'))"
        ".getPropertyValue('--present-highlight').trim()"
    )
    assert ring == HIGHLIGHT[theme]
    for (text, _), (colour, background) in zip(TEXTS, page.evaluate(COLOURS, TEXTS), strict=True):
        ratio = contrast_ratio(hex_of(colour), hex_of(background))
        assert ratio >= 4.5, f"{theme}: {text} {colour} on {background} is {ratio:.2f}:1"


def test_a_korean_presentation_in_the_dark_theme_draws_a_dark_korean_chart(page, base):
    korean = read_events(DEFAULT_DATA).events.set_index("id")["title_ko"]
    page.goto(base + "/present/balloon-war-2024?lang=ko&theme=dark&step=3")
    heading(page).get_by_text(korean[BALLOONS.event_ids[2]]).wait_for()
    wait_until(
        page,
        "() => {const g = document.querySelector('#present-timeline .js-plotly-plot');"
        " return g && g._fullLayout && g._fullLayout.paper_bgcolor === '#15181c';}",
    )
    lanes = page.locator("#present-timeline .ytick text").all_text_contents()
    assert "풍선 살포" in lanes and "Balloon launch" not in lanes
    background = page.evaluate(
        "getComputedStyle(document.querySelector('#present-timeline .main-svg')).backgroundColor"
    )
    assert hex_of(background) == "#15181c"
    assert hex_of(page.evaluate(COLOURS, [[".present", ".present"]])[0][1]) == "#15181c"
    assert page.locator(".present-date").inner_text() == "2024년 5월 28일 ~ 2024년 5월 29일"


# Every text element of the slide whose text overflows its own box, or that leaves the screen.
OVERFLOWING = """() => {
  const out = [];
  const root = document.getElementById('present-root');
  for (const el of root.querySelectorAll('h1, h2, h3, p, li, a, button, article, nav, header')) {
    if (el.closest('.js-plotly-plot') || !el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0
        || el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
        || r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.left < -1) {
      out.push(`${el.tagName}.${el.className || el.id}: ${(el.innerText || '').slice(0, 40)}`);
    }
  }
  return out;
}"""
ROWS = """() => new Set([...document.querySelectorAll('#present-controls > *')]
  .map(b => Math.round(b.getBoundingClientRect().top))).size"""


def wait_for_fit(page, n: int, total: int) -> None:
    wait_until(
        page,
        "p => {const e = document.getElementById('present-event');"
        " return e && e.getAttribute('data-fitted') === p;}",
        arg=f"{n} / {total}",
        timeout=15,
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_step_of_every_story_fits_a_1280_by_720_projector(browser, base, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    stories = STORIES.stories.values() if lang == "en" else [BALLOONS]
    for story in stories:
        total = len(story.steps)
        page.goto(base + f"/present/{story.slug}?lang={lang}")
        for n in range(1, total + 1):
            if n > 1:
                page.keyboard.press("ArrowRight")
            wait_for_fit(page, n, total)
            assert page.evaluate(OVERFLOWING) == [], f"{story.slug} step {n}"
            assert page.evaluate(ROWS) == 1
    context.close()
    assert errors == []


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768), (1920, 1080)])
def test_the_longest_step_fits_other_screens_with_one_row_of_controls(browser, base, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    # Step 1 of the balloon story carries the introduction and a long description.
    page.goto(base + "/present/balloon-war-2024?step=1")
    wait_for_fit(page, 1, len(BALLOONS.steps))
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate(ROWS) == 1
    context.close()


def test_at_1080p_the_chart_fills_most_of_the_stage_with_24_px_labels(browser, base):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(base + "/present/balloon-war-2024?step=9")
    wait_for_fit(page, 9, len(BALLOONS.steps))
    wait_until(
        page,
        "() => {const g = document.querySelector('#present-timeline .js-plotly-plot');"
        " return g && g.layout && g.layout.font.size === 24;}",
    )
    sizes = page.evaluate(
        "[...document.querySelectorAll('#present-timeline .xtick text, #present-timeline .ytick"
        " text')].map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert len(sizes) > 6 and min(sizes) >= 24
    chart = page.locator("#present-timeline").bounding_box()
    assert chart["width"] * chart["height"] >= 0.55 * 1920 * 1080
    context.close()
