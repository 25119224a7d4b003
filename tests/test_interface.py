import json

import pytest

from timeline import layout as ids
from timeline.factory import create_app
from timeline.filters import timeline_description
from timeline.i18n import t
from timeline.interface import LANG_COOKIE, switches
from timeline.load import read_events
from timeline.state import ViewState

from .conftest import DATA, layout_props


def test_switches_mark_the_current_language_and_theme():
    language, theme = switches(ViewState(event="a", lang="ko", theme="dark"))
    links = {a.children: a for a in language.children[1:] + theme.children[1:]}
    assert links["한국어"].href == "/?event=a&lang=ko&theme=dark"
    assert links["English"].href == "/?event=a&lang=en&theme=dark"
    assert getattr(links["한국어"], "aria-current") == "true"
    assert links["English"].lang == "en"
    assert links["밝게"].href == "/?event=a&lang=ko&theme=light"
    assert not hasattr(links["밝게"], "aria-current")


def test_switch_links_stay_on_this_site_whatever_the_address_path():
    # The app's own root, never a path from the address bar such as '//evil.example/'.
    language, _ = switches(ViewState(lang="en"), "/")
    assert {a.href for a in language.children[1:]} == {"/?lang=en", "/?lang=ko"}


def test_the_timeline_is_described_in_each_language():
    events = read_events(DATA / "sample_events.csv").events
    assert timeline_description(events, "ko") == (
        "2024년 5월 10일부터 2024년 10월 31일까지 12건을 사건 유형별 줄로 보여 주는 연표 차트. "
        "가장 많은 유형: 풍선 살포 (5)."
    )
    assert timeline_description(events.iloc[0:0], "en") == "Timeline chart with no events."


def layout_texts(client, cookie: str | None) -> dict:
    """Texts of the layout the server sends: filter heading, detail hint, search placeholder."""
    if cookie is not None:
        client.set_cookie(LANG_COOKIE, cookie)
    response = client.get("/_dash-layout")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    props = layout_props(json.loads(response.data))
    found = {"search": props[ids.SEARCH]["placeholder"]}
    for key, values in props.items():
        if key.startswith("{") and json.loads(key).get("key") in ("filters.heading", "detail.hint"):
            found[json.loads(key)["key"]] = values["children"]
    return found


@pytest.mark.parametrize(
    ("cookie", "heading", "search"),
    [
        ("ko", "필터", "제목이나 설명의 낱말"),
        ("en", "Filters", "Words in title or description"),
        (None, "Filters", "Words in title or description"),
        ("<script>", "Filters", "Words in title or description"),
    ],
)
def test_the_layout_is_sent_in_the_language_the_page_names(cookie, heading, search):
    client = create_app(DATA / "bilingual_events.csv").server.test_client()
    found = layout_texts(client, cookie)
    assert (found["filters.heading"], found["search"]) == (heading, search)
    assert found["detail.hint"] == t("detail.hint", cookie or "en")
