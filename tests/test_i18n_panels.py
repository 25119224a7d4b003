"""The upload dialog, the classroom panel and the presentation in English and Korean."""

import pytest

from timeline import schema as s
from timeline.config import DEFAULT_DATA
from timeline.datasets import Dataset, Datasets
from timeline.importer import UnreadableFile, import_table, propose_mapping, read_table
from timeline.load import read_events
from timeline.present import (
    CONTROLS,
    _exit_href,
    classroom_panel,
    event_panel,
    interface_query,
    page_language,
    page_theme,
    presentation_layout,
    resolve,
    story_href,
    story_index,
)
from timeline.state import ViewState
from timeline.stories import load_stories, story_events
from timeline.translated import I18N
from timeline.upload import decode_upload, describe_table, import_summary, report, upload_panel

from .conftest import DATA, layout_props

EVENTS = read_events(DEFAULT_DATA).events
STORIES = load_stories(DEFAULT_DATA.parent / "stories", EVENTS, "data")
BALLOONS = STORIES.get("balloon-war-2024")


@pytest.fixture(scope="module")
def cp1252():
    table = read_table((DATA / "import_cp1252.csv").read_bytes(), "import_cp1252.csv")
    mapping = propose_mapping(table)
    mapping.constants[s.ACTOR] = "north_korea"
    return table, mapping, import_table(table, mapping)


def texts(component) -> list[str]:
    """Every string in a component tree, depth first."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list):
        return [text for child in component for text in texts(child)]
    children = getattr(component, "children", None)
    if children is None:
        return []
    if not isinstance(children, list):
        children = [children]
    return [text for child in children for text in texts(child)]


def translated_keys(component) -> list[str]:
    """The catalogue keys of the tr() elements in a component tree."""
    found = []
    ident = getattr(component, "id", None)
    if isinstance(ident, dict) and ident.get("type") == I18N:
        found.append(ident["key"])
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found += translated_keys(child)
    return found


@pytest.mark.parametrize(
    "lang, summary, read",
    [
        (
            "en",
            "6 rows: 5 imported, 1 rejected, 1 warning",
            "cp1252 text, semicolon-separated · 6 data rows · 5 columns",
        ),
        (
            "ko",
            "6행 중 5행 가져옴, 1행 거부, 경고 1건",
            "cp1252 텍스트, 세미콜론으로 구분 · 데이터 6행 · 열 5개",
        ),
    ],
)
def test_the_import_report_is_written_in_the_interface_language(cp1252, lang, summary, read):
    table, mapping, imported = cp1252
    assert import_summary(imported, lang) == summary
    assert describe_table(table, mapping, lang) == read
    assert texts(report(imported, lang))[0] == summary


def test_the_english_summary_is_the_importers_own(cp1252):
    assert import_summary(cp1252[2]) == cp1252[2].summary()


def test_the_korean_report_names_its_parts_in_korean_and_keeps_the_reasons(cp1252):
    words = texts(report(cp1252[2], "ko"))
    assert words[1] == "'Launch Date' 열의 날짜를 D-Mon-YY 형식으로 읽었습니다."
    assert "경고 (1)" in words
    assert words[-5:-2] == ["거부된 행 (1)", "행", "이유"]
    assert words[-1].startswith("column 'Launch Date': '30-Feb-24' is not a date.")


@pytest.mark.parametrize(
    "contents, message",
    [
        (None, "a.csv: 받은 내용이 없습니다. 파일을 다시 고르세요."),
        (
            "data:text/csv;base64,!!!!",
            "a.csv: 올린 파일이 손상된 채 도착했습니다. 다시 시도하세요.",
        ),
        (
            "data:text/csv;base64," + "A" * 4000,
            "a.csv: 가져오기 한도인 0.002MB보다 큽니다. 파일을 나누어 올리세요.",
        ),
    ],
)
def test_upload_refusals_are_in_korean(contents, message):
    with pytest.raises(UnreadableFile) as refused:
        decode_upload(contents, "a.csv", 2000, 0.002, "ko")
    assert str(refused.value) == message


def test_the_upload_panel_text_follows_the_language_and_each_key_appears_once():
    keys = translated_keys(upload_panel(5))
    assert len(keys) == len(set(keys))
    assert {"upload.heading", "upload.close", "upload.import", "upload.field.date"} <= set(keys)
    panel_texts = texts(upload_panel(5))
    assert "Up to 5 MB. Only this browser sees what you upload, until you share its view." in (
        panel_texts
    )
    assert "Which column holds what" in panel_texts


@pytest.mark.parametrize(
    "search, lang, query",
    [
        ("?type=defection&lang=ko&theme=dark&event=a", "ko", "?lang=ko&theme=dark"),
        ("?lang=en", "en", "?lang=en"),
        ("?lang=xx&theme=contrast", "en", "?theme=contrast"),
        ("", "en", ""),
        (None, "en", ""),
    ],
)
def test_the_language_and_theme_are_read_from_the_page_address(search, lang, query):
    assert page_language(search) == lang
    assert interface_query(search) == query


@pytest.mark.parametrize(
    "search, theme",
    [("?theme=dark&lang=ko", "dark"), ("?theme=contrast", "contrast"), ("?theme=pink", "light"),
     ("", "light"), (None, "light")],
)  # fmt: skip
def test_the_presentation_takes_its_theme_from_the_page_address(search, theme):
    assert page_theme(search) == theme


@pytest.mark.parametrize(
    "lang, title, introduction",
    [
        (
            "ko",
            "이 화면: 폭파·철거, 2020년 6월 16일 ~ 2024년 10월 15일",
            "탐색 화면에서 보던 사건입니다: 폭파·철거, 2020년 6월 16일 ~ 2024년 10월 15일 — 5건.",
        ),
        (
            "en",
            "This view: Demolitions, 2020-06-16 to 2024-10-15",
            "The events of the explorer view: Demolitions, 2020-06-16 to 2024-10-15 — 5 events.",
        ),
    ],
)
def test_a_view_presented_as_a_story_is_titled_in_the_page_language(lang, title, introduction):
    datasets = Datasets(Dataset(read_events(DEFAULT_DATA)))
    _, story, notices = resolve("view", f"?type=demolition&lang={lang}", datasets, STORIES)
    assert (story.title, story.introduction, notices) == (title, introduction, [])


def test_the_classroom_panel_is_translated_and_story_links_carry_language_and_theme():
    panel = classroom_panel(STORIES)
    assert translated_keys(panel) == ["classroom.heading", "classroom.view"]
    assert story_href("balloon-war-2024") == "/present/balloon-war-2024"
    assert story_href("balloon-war-2024", ViewState(lang="ko", theme="dark", step=3)) == (
        "/present/balloon-war-2024?step=3&lang=ko&theme=dark"
    )


def test_leaving_a_story_returns_to_the_explorer_in_the_same_language():
    assert _exit_href("balloon-war-2024", "?step=3&lang=ko", "e1") == "/?event=e1&lang=ko"
    assert _exit_href("balloon-war-2024", "?step=3", "e1") == "/?event=e1"


def test_a_korean_presentation_shows_the_events_korean_text_and_keeps_the_story_words():
    event = story_events(BALLOONS, EVENTS).iloc[2]
    words = texts(event_panel(BALLOONS, event, 3, "ko"))
    assert words[:3] == [
        "2024년 5월 28일 ~ 2024년 5월 29일",
        "북한, 첫 오물풍선 살포…전국서 260여 개 발견",
        "The first round of what became 32 rounds of balloons.",
    ]
    assert words[3].startswith("북한은 2024년 5월 28일 밤부터")
    assert words[4:6] == ["풍선 살포 · 북한", "출처"]
    english = texts(event_panel(BALLOONS, event, 3))
    assert english[0] == "28 May 2024 – 29 May 2024"
    assert english[1] == "North Korea launches its first wave of trash balloons into South Korea"
    assert english[4:6] == ["Balloon launch · North Korea", "Sources"]


def test_the_story_index_counts_steps_in_korean_and_links_keep_the_language():
    index = story_index(STORIES, [], "?lang=ko")
    items = index[0].children
    first = items[0].children
    assert first[0].href == "/present/balloon-war-2024?lang=ko"
    assert first[1].children == f" — {len(BALLOONS.steps)}단계"


def test_the_presentation_starts_with_english_controls():
    words = texts(presentation_layout())
    assert [w for w in words if w in ("First", "← Back", "Next →", "Exit")] == [
        "First",
        "← Back",
        "Next →",
        "Exit",
    ]
    assert len(CONTROLS) == 9


def test_the_korean_layout_has_the_upload_dialog_and_page_attributes_in_korean():
    """Served in its language at once: the page sends no request on load to translate them."""
    import json

    from timeline.factory import create_app

    client = create_app(DATA / "sample_events.csv").server.test_client()
    client.set_cookie("timeline-lang", "ko")
    found = layout_props(json.loads(client.get("/_dash-layout").data))
    assert found["page-attributes"]["data"] == {
        "lang": "ko",
        "theme": "light",
        "title": "남북 긴장 연표",
    }
    assert found['{"field": "actor", "type": "import-map"}']["placeholder"] == "(없음)"
    assert (
        found['{"field": "actor", "type": "import-set-label"}']["children"]
        == "주체: 모든 행에 같은 값"
    )
    english = json.loads(
        create_app(DATA / "sample_events.csv").server.test_client().get("/_dash-layout").data
    )
    assert '"lang": "en"' in json.dumps(english)
