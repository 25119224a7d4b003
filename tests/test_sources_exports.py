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
