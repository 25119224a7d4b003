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
from timeline.render import shared_renderer
from timeline.state import state_from_query
from timeline.themes import PALETTES
from timeline.view_export import ExportOptions, export_view, file_stem, view_text

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


@pytest.fixture(scope="module")
def bilingual():
    return read_events(DATA / "bilingual_events.csv").events


def view_of(events, query: str):
    """The filters and export options a view's URL asks for."""
    state, notices = state_from_query(
        query, list(events[s.EVENT_TYPE].unique()), list(events[s.ACTOR].unique())
    )
    assert notices == []
    return state.filters, state.lang, state.theme


BALLOONS_KO = "?lang=ko&type=balloon_launch"


@pytest.mark.parametrize(
    "query, title, subtitle, alt",
    [
        (
            BALLOONS_KO,
            "풍선 살포, 2024년 5월 28일 ~ 2024년 7월 24일 — 5건",
            "사건 5건: 풍선 살포 5건. 표시가 클수록 보고된 수(예: 풍선 수)가 많습니다.",
            "2024년 5월 28일부터 7월 24일까지의 사건 5건을 사건 유형마다 한 줄씩 보여 주는 "
            "연표입니다. 유형별로는 풍선 살포 5건입니다. 사건이 가장 많았던 달은 2024년 6월(3건)"
            "입니다. 보고된 가장 큰 수는 풍선 720개입니다(2024년 6월 1일, 두 번째 오물풍선 살포).",
        ),
        (
            "?type=balloon_launch",
            "Balloon launches, 2024-05-28 to 2024-07-24 — 5 events",
            "5 events: 5 balloon launches. Larger markers report larger numbers (e.g. balloons).",
            "Timeline of 5 events from 28 May to 24 July 2024: 5 balloon launches, one row per "
            "event type. The busiest month was June 2024 with 3 events. The largest reported "
            "count was 720 balloons on 1 June 2024 (Second round of trash balloons).",
        ),
    ],
)
def test_title_subtitle_and_alt_text_are_in_the_views_language(
    bilingual, query, title, subtitle, alt
):
    f, lang, _ = view_of(bilingual, query)
    view = view_text(bilingual, f, ExportOptions("png", lang=lang))
    assert (view.text.title, view.text.subtitle, view.alt) == (title, subtitle, alt)


def test_english_credit_and_date_lines_are_unchanged(bilingual):
    view = view_text(bilingual, Filters(), ExportOptions("png"))
    assert (view.text.credit, view.text.updated) == (
        "Chart: Inter-Korean Tensions Timeline",
        "Data as of 31 October 2024",
    )


def test_the_korean_html_page_is_korean_throughout(bilingual):
    f, lang, _ = view_of(bilingual, BALLOONS_KO)
    page = export_view(bilingual, f, ExportOptions("html", lang=lang)).content.decode("utf-8")
    assert '<html lang="ko">' in page
    assert "<title>풍선 살포, 2024년 5월 28일 ~ 2024년 7월 24일 — 5건</title>" in page
    assert "<summary>사건 5건과 출처</summary>" in page
    assert "<th>날짜</th><th>유형</th><th>사건</th><th>출처</th>" in page
    assert (
        "<td>2024년 5월 28일 ~ 2024년 5월 29일</td><td>풍선 살포</td><td>첫 오물풍선 살포</td>"
    ) in page
    # Events without a Korean title keep their English one.
    assert "<td>풍선 살포</td><td>Third round of trash balloons</td>" in page
    assert (
        "출처: example.org 및 example.com. 차트: 남북 긴장 연표 · 2024년 10월 31일 기준 자료."
        in page
    )
    assert f'"tickvals":[{json.dumps("풍선 살포")}]' in page
    assert '"tickformatstops":[' in page


def test_the_english_html_page_keeps_its_words_and_light_colours(events):
    page = export_view(events, Filters(), ExportOptions(fmt="html")).content.decode("utf-8")
    assert '<html lang="en">' in page
    assert "<summary>The 12 events and their sources</summary>" in page
    assert "<th>Date</th><th>Type</th><th>Event</th><th>Sources</th>" in page
    assert "<td>2024-05-28 to 2024-05-29</td><td>Balloon launch</td>" in page
    assert "background:#ffffff" in page and '"paper_bgcolor":"#ffffff"' in page


@pytest.mark.parametrize(
    "fmt, theme, expected",
    [
        ("png", None, "light"),
        ("png", "dark", "dark"),
        ("svg", "contrast", "contrast"),
        ("html", "dark", "dark"),
        ("pdf", "dark", "light"),
    ],
)
def test_exports_are_light_unless_the_view_chose_a_theme_and_pdf_stays_light(fmt, theme, expected):
    assert ExportOptions(fmt, theme=theme).chart_theme == expected


def test_a_dark_view_exports_a_dark_html_page(bilingual):
    f, lang, theme = view_of(bilingual, "?theme=dark&type=loudspeaker")
    page = export_view(bilingual, f, ExportOptions("html", lang=lang, theme=theme)).content
    dark = PALETTES["dark"]
    assert f"color:{dark['ink']};background:{dark['paper']}" in page.decode("utf-8")
    assert f'"paper_bgcolor":"{dark["paper"]}"' in page.decode("utf-8")


def test_korean_timelinejs_has_korean_titles_groups_and_descriptions(bilingual):
    f, lang, _ = view_of(bilingual, BALLOONS_KO)
    doc = json.loads(export_view(bilingual, f, ExportOptions("timelinejs", lang=lang)).content)
    first = doc["events"][0]
    assert doc["title"]["text"]["headline"].startswith("풍선 살포, 2024년 5월 28일")
    assert first["text"]["headline"] == "첫 오물풍선 살포"
    assert first["group"] == "풍선 살포"
    assert first["text"]["text"].startswith("<p>북한이 오물풍선을 처음 날려 보냈다.</p><p>출처: <a")
    assert doc["events"][1]["text"]["text"].startswith("<p>Test fixture event.</p>")


def test_a_korean_svg_draws_korean_lanes_ticks_and_text(bilingual):
    f, lang, _ = view_of(bilingual, "?lang=ko&type=balloon_launch&type=leaflet_launch")
    renderer = shared_renderer()
    out = export_view(bilingual, f, ExportOptions("svg", lang=lang), renderer=lambda: renderer)
    root = ET.fromstring(out.content)
    ns = "{http://www.w3.org/2000/svg}"
    drawn = [t.text for t in root.iter(f"{ns}text") if t.text]
    lanes = [t.strip() for t in drawn if t.strip() in ("풍선 살포", "전단 살포")]
    assert lanes == ["전단 살포", "풍선 살포"]
    ticks = [t for t in drawn if re.fullmatch(r"\d+월 \d+일", t)]
    assert ticks[:3] == ["5월 5일", "5월 19일", "6월 2일"]
    assert "사건 7건: 풍선 살포 5건 및 전단 살포 2건." in " ".join(drawn)
    assert (
        root.find(f"{ns}title").text
        == "전단 살포 및 풍선 살포, 2024년 5월 10일 ~ 2024년 7월 24일 — 7건"
    )
    assert root.find(f"{ns}desc").text.startswith("2024년 5월 10일부터 7월 24일까지의 사건 7건을")


def svg_boxes(svg: str):
    """(text, box) of each annotation, and the box of each marker, in the SVG's pixels."""
    labels = [
        (m[5], (float(m[1]), float(m[2]), float(m[1]) + float(m[3]), float(m[2]) + float(m[4])))
        for m in re.finditer(
            r'<g class="annotation"[^>]*><g class="annotation-text-g"[^>]*>'
            r'<g class="cursor-pointer" transform="translate\(([\d.]+),([\d.]+)\)">'
            r'<rect class="bg" x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="([\d.]+)".*?'
            r'<text class="annotation-text"[^>]*>(.*?)</text>',
            svg,
        )
        for m in [(None, *m.groups())]
    ]
    plot = re.search(
        r'class="overplot"><g class="xy" transform="translate\(([\d.]+),([\d.]+)\)', svg
    )
    left, top = float(plot[1]), float(plot[2])
    markers = []
    for x, y, d in re.findall(
        r'<path class="point[^"]*" transform="translate\(([\d.]+),([\d.]+)\)" d="([^"]+)"', svg
    ):
        r = max(abs(float(n)) for n in re.findall(r"-?[\d.]+", d))
        x, y = left + float(x), top + float(y)
        markers.append((x - r, y - r, x + r, y + r))
    return labels, markers


def test_notes_in_the_link_are_drawn_in_the_svg_without_covering_each_other(events):
    state, notices = state_from_query(
        "?note=balloons-1&note=balloons-2:Peak: 720 balloons&note=agreement-1&note=speakers-1"
        "&note=balloons-3&note=missile-1:Missile",
        list(events[s.EVENT_TYPE].unique()),
        list(events[s.ACTOR].unique()),
        set(events[s.ID]),
    )
    assert notices == []
    renderer = shared_renderer()
    options = ExportOptions.for_view(state, "svg")
    out = export_view(events, state.filters, options, renderer=lambda: renderer)
    labels, markers = svg_boxes(out.content.decode("utf-8"))
    drawn = {text: box for text, box in labels if not text.startswith("<")}
    key = ("10", "100", "1,000 balloons", "lasting event")
    notes = {text: box for text, box in drawn.items() if text not in key}
    assert set(notes) == {
        "First trash balloons cross",
        "Peak: 720 balloons",
        "Seoul suspends the military agreement",
        "Loudspeaker broadcasts resume",
        "Third round of trash balloons",
        "Missile",
    }
    # No note covers another, the marker key, or a marker.
    boxes = list(drawn.values())
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if _meet(a, b)]
    assert overlaps == []
    assert [(a, m) for a in boxes for m in markers if _meet(a, m)] == []
    assert len(markers) == 12


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _policy(response) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (
            p.split() for p in response.headers["Content-Security-Policy"].split("; ")
        )
    }


def test_any_site_may_frame_the_embed_unless_the_setting_names_sites_and_the_explorer_stays_own():
    from timeline.factory import create_app

    client = create_app(DATA / "sample_events.csv").server.test_client()
    embed = client.get("/embed?type=balloon_launch")
    assert _policy(embed)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in embed.headers
    assert embed.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    explorer = client.get("/")
    assert _policy(explorer)["frame-ancestors"] == ["'self'"]
    assert explorer.headers["X-Frame-Options"] == "SAMEORIGIN"
    named = create_app(DATA / "sample_events.csv", frame_ancestors="https://news.example.com")
    restricted = named.server.test_client().get("/embed")
    assert _policy(restricted)["frame-ancestors"] == ["https://news.example.com"]


def test_oembed_gives_the_responsive_embed_code_of_a_link():
    from timeline.factory import create_app

    client = create_app(DATA / "sample_events.csv").server.test_client()
    link = "https://example.org/?type=loudspeaker&title=Speakers"
    answer = client.get("/oembed", query_string={"url": link, "maxwidth": 600}).json
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert answer["title"] == "Speakers"
    assert answer["width"] == 600 and answer["height"] == 538
    assert answer["html"] == (
        '<iframe src="http://localhost/embed?type=loudspeaker&amp;title=Speakers" '
        'title="Speakers" width="100%" height="538" style="border:0;max-width:640px" '
        'loading="lazy" data-timeline-embed></iframe>\n'
        '<script src="http://localhost/embed.js" async></script>'
    )
    page = client.get("/embed?type=loudspeaker&title=Speakers").get_data(as_text=True)
    assert "<h1>Speakers</h1>" in page
    assert 'type="application/json+oembed"' in page


def test_citations_name_the_view_its_link_and_both_dates_and_escape_bibtex():
    from datetime import date

    from timeline.export import citations

    cited = citations(
        "Balloons & 100% {x}", "https://e.org/?a=1", date(2024, 10, 31), date(2026, 1, 5)
    )
    assert cited["APA"] == (
        "Inter-Korean Tensions Timeline. (2026, January 5). Balloons & 100% {x} "
        "[Interactive timeline, data as of 31 October 2024]. https://e.org/?a=1"
    )
    assert cited["Chicago"] == (
        'Inter-Korean Tensions Timeline. "Balloons & 100% {x}." Interactive timeline, data as of '
        "31 October 2024. Accessed January 5, 2026. https://e.org/?a=1."
    )
    assert "  title = {Balloons \\& 100\\% \\{x\\}},\n" in cited["BibTeX"]
    assert "  howpublished = {\\url{https://e.org/?a=1}},\n" in cited["BibTeX"]
    assert cited["BibTeX"].endswith("  note = {Data as of 2024-10-31; accessed 2026-01-05}\n}")


def test_a_map_exports_offline_with_the_shipped_outlines(tmp_path):
    """plotly.js fetches map outlines from the web unless they are handed to it: the export's
    page gets them from assets/topojson, so a map renders with no network."""
    from timeline.charts import chart_figure
    from timeline.load import read_events
    from timeline.render import geo_assets_script
    from timeline.state import ViewState

    script = geo_assets_script(tmp_path).read_text(encoding="utf-8")
    assert script.startswith('window.PlotlyGeoAssets = {"topojson":{"world_')
    assert '"world_50m":{"type":"Topology"' in script and '"world_110m":' in script
    events = read_events(DATA / "sample_events.csv").events
    svg = shared_renderer().image(chart_figure("map", events, ViewState()), "svg", 700, 500)
    # The land is drawn: a long outline in the geo layer's land (without the outlines the layer
    # is empty, or the export fails waiting for them).
    land = re.search(rb'class="layer land"><path d="([^"]+)"', svg)
    assert land and len(land.group(1)) > 1000
