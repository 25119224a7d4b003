import io
import json
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from timeline import schema as s
from timeline.export import (
    csv_bytes,
    data_table,
    describe_svg,
    embed_snippet,
    json_bytes,
    timelinejs_bytes,
)
from timeline.filters import Filters
from timeline.load import read_events
from timeline.view_export import ExportOptions, export_view, file_stem

from .conftest import DATA

HOSTILE = {
    s.TITLE: '=HYPERLINK("http://evil.example","click") <script>alert(1)</script>',
    s.DESCRIPTION: "+SUM(1,2) and 풍선 (balloons)",
    s.LOCATION: "@home",
    s.COUNT_UNIT: "-1",
    s.SOURCES: "https://example.org/ok javascript:alert(2)",
}


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


@pytest.fixture(scope="module")
def hostile(events):
    table = events.copy()
    for column, value in HOSTILE.items():
        table.loc[table.index[0], column] = value
    table.loc[table.index[1], s.TITLE] = "\tTabbed"
    table.loc[table.index[2], s.TITLE] = "\rReturn"
    return table


def test_csv_round_trips_through_pandas_with_every_column_and_korean_text(hostile):
    raw = csv_bytes(data_table(hostile))
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == [c for c in s.KNOWN_COLUMNS]
    assert len(back) == 12
    assert back.loc[0, s.DESCRIPTION] == "'+SUM(1,2) and 풍선 (balloons)"
    assert (
        back.loc[1, s.SOURCES] == "https://example.org/balloons-1 https://example.com/balloons-1b"
    )
    assert back.loc[1, s.DATE] == "2024-05-28"


@pytest.mark.parametrize(
    "row, column, expected",
    [
        (0, s.TITLE, '\'=HYPERLINK("http://evil.example","click") <script>alert(1)</script>'),
        (0, s.LOCATION, "'@home"),
        (0, s.COUNT_UNIT, "'-1"),
        (1, s.TITLE, "'\tTabbed"),
        (2, s.TITLE, "'\rReturn"),
    ],
)
def test_csv_neutralises_every_cell_a_spreadsheet_would_run(hostile, row, column, expected):
    back = pd.read_csv(io.BytesIO(csv_bytes(data_table(hostile))), encoding="utf-8-sig", dtype=str)
    assert back.loc[row, column] == expected


def test_json_has_all_columns_lists_of_sources_and_neutralised_text(hostile):
    records = json.loads(json_bytes(hostile))
    assert len(records) == 12
    first, second = records[0], records[1]
    assert list(first) == list(s.KNOWN_COLUMNS)
    assert first[s.TITLE].startswith("'=HYPERLINK")
    assert first[s.SOURCES] == ["https://example.org/ok", "javascript:alert(2)"]
    assert second[s.DATE] == "2024-05-28" and second[s.END_DATE] == "2024-05-29"
    assert second[s.COUNT] == 260 and second[s.RESPONDS_TO] == ["leaflets-1"]
    assert first[s.DESCRIPTION].endswith("풍선 (balloons)")
    assert records[3][s.COUNT] is None and records[3][s.LOCATION] is None


def test_timelinejs_escapes_text_and_links_only_http_sources(hostile):
    doc = json.loads(timelinejs_bytes(hostile, "Balloons <i>", "sub"))
    assert doc["title"]["text"]["headline"] == "Balloons &lt;i&gt;"
    first = doc["events"][0]
    assert first["unique_id"] == "leaflets-1"
    assert first["start_date"] == {"year": "2024", "month": "5", "day": "10"}
    assert "<script>" not in first["text"]["headline"]
    assert first["text"]["headline"].endswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert 'href="https://example.org/ok"' in first["text"]["text"]
    assert "javascript:" not in first["text"]["text"]
    assert doc["events"][1]["end_date"] == {"year": "2024", "month": "5", "day": "29"}
    assert first["group"] == "Leaflet launches"


def test_svg_gets_title_desc_and_fonts_as_first_children():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    out = describe_svg(svg, "Balloons & <loudspeakers>", "Alt text here")
    root = ET.fromstring(out)
    ns = "{http://www.w3.org/2000/svg}"
    assert [child.tag for child in root][:3] == [f"{ns}title", f"{ns}desc", f"{ns}style"]
    assert root.find(f"{ns}title").text == "Balloons & <loudspeakers>"
    assert root.get("role") == "img"
    assert "font/woff2;base64," in root.find(f"{ns}style").text


def test_standalone_html_has_the_data_and_no_external_script(hostile):
    page = export_view(hostile, Filters(), ExportOptions(fmt="html")).content.decode("utf-8")
    assert re.findall(r"<script[^>]*\bsrc=", page) == []
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/ok"' in page
    assert 'href="javascript:' not in page and "javascript:alert(2)" in page
    assert "Balloons land on the presidential compound" in page
    assert "Timeline of 12 events from 10 May to 31 October 2024" in page
    assert '"hovermode":"closest"' in page.replace(" ", "")


def test_embed_snippet_is_an_escaped_iframe():
    code = embed_snippet('http://127.0.0.1:8050/embed?type=a&q="x"', "T <1>", 1200, 675)
    assert code == (
        '<iframe src="http://127.0.0.1:8050/embed?type=a&amp;q=&quot;x&quot;" title="T &lt;1&gt;" '
        'width="100%" height="875" style="border:0;max-width:1240px" loading="lazy"></iframe>'
    )


@pytest.mark.parametrize(
    "filters, stem",
    [
        (Filters(), "inter-korean-timeline"),
        (
            Filters(types=("balloon_launch",), start=pd.Timestamp("2024-05-28").date()),
            "inter-korean-timeline-balloon-launch-2024-05-28",
        ),
    ],
)
def test_file_names_describe_the_view(filters, stem):
    assert file_stem(filters) == stem


def test_data_exports_follow_the_filters(events):
    view = Filters(types=("loudspeaker",))
    out = export_view(events, view, ExportOptions(fmt="csv"))
    assert out.filename == "inter-korean-timeline-loudspeaker.csv"
    assert out.media_type == "text/csv"
    back = pd.read_csv(io.BytesIO(out.content), encoding="utf-8-sig")
    assert list(back[s.ID]) == ["speakers-1", "speakers-2"]
