from timeline.filters import timeline_description
from timeline.interface import switches, with_param
from timeline.load import read_events

from .conftest import DATA


def test_switch_links_keep_the_view_and_set_one_parameter():
    assert with_param("?type=defection&lang=en&event=a", "lang", "ko") == (
        "?type=defection&event=a&lang=ko"
    )
    assert with_param("", "theme", "dark") == "?theme=dark"


def test_switches_mark_the_current_language_and_theme():
    language, theme = switches("?event=a", "ko", "dark")
    links = {a.children: a for a in language.children[1:] + theme.children[1:]}
    assert links["한국어"].href == "/?event=a&lang=ko"
    assert getattr(links["한국어"], "aria-current") == "true"
    assert links["English"].lang == "en"
    assert links["어둡게"].href == "/?event=a&theme=dark"
    assert not hasattr(links["밝게"], "aria-current")


def test_the_timeline_is_described_in_each_language():
    events = read_events(DATA / "sample_events.csv").events
    assert timeline_description(events, "ko") == (
        "2024년 5월 10일부터 2024년 10월 31일까지 12건을 사건 유형별 줄로 보여 주는 연표 차트. "
        "가장 많은 유형: 풍선 살포 (5)."
    )
    assert timeline_description(events.iloc[0:0], "en") == "Timeline chart with no events."
