"""Event text from strangers reaches Plotly escaped and Dash as plain strings; links are http(s)."""

import pytest
from dash import html

from timeline import schema as s
from timeline.figures import EVENTS_TRACE, hover_text, lane_label, timeline_figure
from timeline.layout import detail_panel, source_list
from timeline.load import parse_events, read_events

from .conftest import DATA

HOSTILE = read_events(DATA / "hostile_events.csv")
SCRIPT = "<script>window.__pwned='script';alert('script')</script>"


def hover_of(event_id: str) -> str:
    events = HOSTILE.events
    return hover_text(events[events[s.ID] == event_id])[0]


def test_hostile_fixture_accepts_four_rows_and_rejects_five():
    assert (len(HOSTILE.events), len(HOSTILE.rejected)) == (4, 5)


def test_hover_title_and_unit_are_escaped_for_plotly():
    assert hover_of("script-title") == (
        "<b>&lt;script&gt;window.__pwned='script';alert('script')&lt;/script&gt;</b>"
        "<br>2024-05-10<br>Activists"
        "<br>20 &lt;b onmouseover=\"window.__pwned='unit'\"&gt;balloons&lt;/b&gt;"
    )


def test_hover_keeps_quotes_as_they_are_because_plotly_shows_entities_literally():
    assert hover_of("svg-location").startswith(
        "<b>\"&gt;&lt;svg onload=\"window.__pwned='svg-title';alert('svg')\"&gt;</b><br>"
    )
    assert "&quot;" not in "".join(hover_text(HOSTILE.events))


def test_users_own_actor_and_type_names_are_escaped_in_hover_and_lanes():
    header = ",".join(s.COLUMNS)
    row = "a,2024-05-28,,<i>odd</i>,<b>crew</b>,Title,,,,,,,https://example.org/a,"
    events = parse_events(f"{header}\n{row}\n".encode(), "own.csv", strict_vocabulary=False).events
    assert hover_text(events)[0].endswith("<br>&lt;B&gt;Crew&lt;/B&gt;")
    assert lane_label("<i>odd</i>") == "&lt;i&gt;odd&lt;/i&gt;"
    trace = next(t for t in timeline_figure(events).data if t.meta == EVENTS_TRACE)
    assert trace.y == ("&lt;i&gt;odd&lt;/i&gt;",)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "http:/missing-slash",
    ],
)
def test_sources_that_are_not_http_links_stay_text(url):
    items = source_list(f"https://example.org/a {url}").children
    assert isinstance(items[0].children, html.A)
    assert items[1].children == url


def test_detail_panel_passes_hostile_text_as_plain_strings():
    events = HOSTILE.events
    event = events[events[s.ID] == "img-description"].iloc[0]
    panel = detail_panel(event, events)
    title = next(c for c in panel if isinstance(c, html.H2))
    description = next(c for c in panel if getattr(c, "className", "") == "detail-description")
    assert title.children == "Balloons <img src=x onerror=\"window.__pwned='img';alert('img')\">"
    assert description.children.startswith("<img src=x onerror=")
    chain_titles = [
        span.children
        for ol in panel
        if getattr(ol, "className", "") == "chain"
        for item in ol.children
        for span in item.children.children
        if span.className == "chain-title"
    ]
    assert SCRIPT in chain_titles


LINK_TYPE = '<a href="https://evil.example/">click</a>'
ESCAPED_TYPE = '&lt;a href="https://evil.example/"&gt;click&lt;/a&gt;'


def custom_typed_events():
    raw = (
        "id,date,event_type,actor,title,latitude,longitude,sources\n"
        f'a,2024-05-01,"{LINK_TYPE.replace(chr(34), chr(34) * 2)}",north_korea,A,37.5,127.0,'
        "https://example.org/a\n"
        "b,2024-06-01,balloon_launch,north_korea,B,37.6,127.1,https://example.org/b\n"
    ).encode()
    result = parse_events(raw, "custom.csv", strict_vocabulary=False)
    assert len(result.events) == 2, result.errors
    return result.events


def trace_names(traces) -> set[str]:
    return {t["name"] for t in traces if t.get("name")}


def test_a_custom_type_is_escaped_in_every_legend_and_trace_name():
    from timeline.charts import chart_figure
    from timeline.figures import timeline_view_spec
    from timeline.maps import map_figure
    from timeline.state import ViewState

    events = custom_typed_events()
    places = {
        "timeline markers": timeline_view_spec(events)["data"],
        "timeline overview": timeline_view_spec(events, limit=1)["data"],
        "map": map_figure(events).to_dict()["data"],
        "frequency": chart_figure("frequency", events, ViewState(), None).to_dict()["data"],
    }
    for place, traces in places.items():
        names = trace_names(traces)
        assert not [n for n in names if LINK_TYPE in n], place
        assert any(ESCAPED_TYPE in n for n in names), (place, names)
