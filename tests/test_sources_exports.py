"""The exports name sources by the outlet the sources table gives."""

import pandas as pd

from timeline.publication import outlet_name, source_line
from timeline.sources import shipped_sources


def test_the_exports_source_line_uses_the_shipped_tables_outlet_names():
    url = "https://www.koreaherald.com/view.php?ud=20240602050051"
    kbs = "https://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=196616"
    assert shipped_sources()[url].outlet == "The Korea Herald"
    assert outlet_name(url) == "The Korea Herald"
    assert outlet_name(kbs) == "KBS World"
    events = pd.DataFrame({"sources": [url, "https://www.example.org/a"]})
    assert source_line(events) == "Sources: The Korea Herald and example.org"


def test_outlets_counted_in_arrow_match_a_count_url_by_url():
    from collections import Counter

    import pandas as pd

    from timeline.load import is_http_url, read_events, split_list
    from timeline.publication import outlet_name, outlets

    from .conftest import DATA, ROOT

    def one_by_one(events):
        cited = Counter(
            outlet_name(url)
            for cell in events["sources"]
            for url in split_list(cell)
            if is_http_url(url)
        )
        return [n for n, _ in sorted(cited.items(), key=lambda item: (-item[1], item[0]))]

    shipped = read_events(ROOT / "data" / "events.csv").events
    hostile = read_events(DATA / "hostile_events.csv", strict_vocabulary=False).events
    odd = pd.DataFrame(
        {
            "sources": [
                "HTTPS://WWW.Yna.co.kr/view/AEN1 javascript:alert(1) http://m.kbs.co.kr:8080/x",
                "  https://user@example.org/a?b#c\thttps://www.reuters.com/world/ ftp://x.org/",
                None,
                "",
            ]
        }
    )
    for events in (shipped, hostile, odd):
        assert outlets(events) == one_by_one(events)
    assert len(outlets(shipped)) > 20
