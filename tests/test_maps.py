import importlib.util
import json

import pandas as pd
import pytest

from timeline import schema as s
from timeline.figures import EVENTS_TRACE, SELECTED_TRACE, hover_text, timeline_figure
from timeline.load import read_events
from timeline.maps import (
    DETAILED,
    KOREA,
    KOREA_MIN_SPAN,
    LABELS_TRACE,
    PLACE_KINDS,
    PLACES,
    TOPOJSON_URL,
    WORLD,
    coordinates_note,
    located,
    map_colours,
    map_figure,
    map_frame,
)
from timeline.themes import THEMES, contrast_ratio, palette

from .conftest import DATA, ROOT


@pytest.fixture(scope="module")
def events():
    return read_events(DATA / "sample_events.csv").events


def traces(fig, meta):
    return [t for t in fig.data if t.meta == meta]


def placed(events, coordinates):
    """A copy of the events with the given {id: (lat, lon)} coordinates, the rest without any."""
    out = events.copy()
    out[s.LATITUDE] = [coordinates.get(i, (None, None))[0] for i in out[s.ID]]
    out[s.LONGITUDE] = [coordinates.get(i, (None, None))[1] for i in out[s.ID]]
    return out.astype({s.LATITUDE: "float64", s.LONGITUDE: "float64"})


def test_one_trace_per_type_with_only_the_located_events(events):
    fig = map_figure(events)
    points = {t.name: list(t.customdata) for t in traces(fig, EVENTS_TRACE)}
    assert points == {
        "Balloon launch": ["balloons-1", "balloons-5"],
        "Leaflet launch": ["leaflets-1"],
        "Weapons test": ["missile-1"],
    }
    balloons = traces(fig, EVENTS_TRACE)[0]
    assert list(balloons.lat) == [37.7599, 37.532]
    assert list(balloons.lon) == [126.78, 126.977]


def test_events_without_coordinates_are_counted_in_the_note(events):
    fig = map_figure(events)
    assert [a.text for a in fig.layout.annotations] == [
        "8 of 12 events have no coordinates and are not on the map"
    ]


@pytest.mark.parametrize(
    "coordinates, rows, note, korean",
    [
        ({}, 0, "No events to show", "표시할 사건이 없습니다"),
        (
            {"leaflets-1": (37.7, 126.5)},
            1,
            "The 1 event is on the map",
            "사건 1건이 지도에 표시됩니다",
        ),
        (
            {"leaflets-1": (37.7, 126.5), "balloons-1": (37.7, 126.7)},
            3,
            "1 of 3 events has no coordinates and is not on the map",
            "사건 3건 중 1건은 좌표가 없어 지도에 표시되지 않습니다",
        ),
        (
            {},
            3,
            "None of the 3 events have coordinates, so the map is empty",
            "사건 3건 모두 좌표가 없어 지도가 비어 있습니다",
        ),
        (
            {},
            1,
            "The 1 event has no coordinates, so the map is empty",
            "사건 1건에 좌표가 없어 지도가 비어 있습니다",
        ),
        (
            {"leaflets-1": (37.7, 126.5), "balloons-1": (37.7, 126.7), "balloons-2": (1.29, 103.8)},
            3,
            "All 3 events are on the map; 1 lies outside this view (filter to them to fit the map)",
            "사건 3건 모두 지도에 표시됩니다 · 1건은 지금 보이는 범위 밖에 있습니다"
            "(그 사건만 필터로 고르면 지도가 맞춰집니다)",
        ),
    ],
)
def test_note_names_what_the_map_leaves_out(events, coordinates, rows, note, korean):
    shown = placed(events, coordinates).head(rows)
    assert coordinates_note(shown) == note
    assert coordinates_note(shown, lang="ko") == korean


def test_korean_map_has_korean_note_places_and_legend(events):
    fig = map_figure(events, lang="ko")
    assert [a.text for a in fig.layout.annotations] == [
        "사건 12건 중 8건은 좌표가 없어 지도에 표시되지 않습니다"
    ]
    whole = map_figure(events.head(0), lang="ko")
    assert list(traces(whole, LABELS_TRACE)[0].text) == [
        "북한",
        "한국",
        "중국",
        "일본",
        "러시아",
        "비무장지대",
        "서해",
        "동해",
        "서울",
        "평양",
    ]
    assert [t.name for t in traces(fig, EVENTS_TRACE)] == ["풍선 살포", "전단 살포", "무기 시험"]
    balloons = traces(fig, EVENTS_TRACE)[0]
    assert balloons.hovertext[0].startswith("<b>First trash balloons cross</b><br>2024년 5월 28일")


def test_english_place_names_are_unchanged(events):
    assert list(traces(map_figure(events.head(0)), LABELS_TRACE)[0].text) == [
        "NORTH KOREA",
        "SOUTH KOREA",
        "CHINA",
        "JAPAN",
        "RUSSIA",
        "DMZ",
        "Yellow Sea",
        "East Sea<br>(Sea of Japan)",
        "Seoul",
        "Pyongyang",
    ]


@pytest.mark.parametrize(
    "theme, paper, land, sea, border",
    [
        ("light", "#ffffff", "#efece4", "#dce8f1", "#6e6e6e"),
        ("dark", "#15181c", "#2a2f36", "#14212d", "#9aa3ad"),
        ("contrast", "#000000", "#000000", "#002244", "#ffffff"),
    ],
)
def test_theme_sets_paper_land_sea_and_borders(events, theme, paper, land, sea, border):
    fig = map_figure(events, selected="missile-1", theme=theme)
    geo = fig.layout.geo
    assert fig.layout.paper_bgcolor == paper
    assert (geo.landcolor, geo.lakecolor, geo.bgcolor, geo.countrycolor) == (land, sea, sea, border)
    colours = palette(theme)
    assert {t.marker.line.color for t in traces(fig, EVENTS_TRACE)} == {colours["outline"]}
    assert traces(fig, SELECTED_TRACE)[0].marker.color == colours["ring"]
    assert fig.layout.hoverlabel.bgcolor == paper
    assert fig.layout.hoverlabel.font.color == fig.layout.font.color == colours["ink"]
    assert fig.layout.annotations[0].font.color == colours["muted"]


def test_an_unknown_theme_draws_the_light_map(events):
    assert map_colours("sepia") == map_colours("light")
    assert map_figure(events, theme="sepia").layout.paper_bgcolor == "#ffffff"


@pytest.mark.parametrize("theme", THEMES)
def test_place_names_reach_4_5_to_1_on_land_and_sea(events, theme):
    ground = map_colours(theme)
    labels = traces(map_figure(events.head(0), theme=theme), LABELS_TRACE)[0]
    assert list(labels.textfont.color) == [ground[p[4]] for p in PLACES]
    for kind in PLACE_KINDS:
        for under in ("land", "sea"):
            ratio = contrast_ratio(ground[kind], ground[under])
            assert ratio >= 4.5, f"{theme}: {kind} text on {under} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", THEMES)
def test_borders_markers_and_text_on_paper_reach_their_contrast(events, theme):
    ground, colours = map_colours(theme), palette(theme)
    for under in ("land", "sea"):
        assert contrast_ratio(ground["border"], ground[under]) >= 3
        assert contrast_ratio(colours["ring"], ground[under]) >= 3
    fig = map_figure(events, theme=theme)
    for text in (fig.layout.font.color, fig.layout.annotations[0].font.color):
        assert contrast_ratio(text, fig.layout.paper_bgcolor) >= 4.5


def test_colours_and_symbols_equal_the_timelines(events):
    on_timeline = {
        t.name: (t.marker.color, t.marker.symbol)
        for t in traces(timeline_figure(events), EVENTS_TRACE)
    }
    on_map = {
        t.name: (t.marker.color, t.marker.symbol) for t in traces(map_figure(events), EVENTS_TRACE)
    }
    assert on_map == {name: on_timeline[name] for name in on_map}
    assert on_map["Weapons test"] == ("#44AA99", "triangle-down")


def test_hover_is_the_timelines_hover_text(events):
    balloons = traces(map_figure(events), EVENTS_TRACE)[0]
    rows = located(events)
    assert list(balloons.hovertext) == hover_text(rows[rows[s.EVENT_TYPE] == "balloon_launch"])
    assert balloons.hovertext[0].startswith("<b>First trash balloons cross</b><br>2024-05-28")
    assert balloons.hovertemplate == "%{hovertext}<extra></extra>"


def test_hover_escapes_markup(events):
    hostile = located(events).head(1).copy()
    hostile[s.TITLE] = '<img src=x onerror="alert(1)">'
    trace = traces(map_figure(hostile), EVENTS_TRACE)[0]
    assert trace.hovertext[0].startswith('<b>&lt;img src=x onerror="alert(1)"&gt;</b>')


def test_selected_event_is_ringed(events):
    rings = traces(map_figure(events, selected="missile-1"), SELECTED_TRACE)
    assert len(rings) == 1
    assert (list(rings[0].lat), list(rings[0].lon)) == ([39.0392], [125.7625])
    assert rings[0].marker.symbol == "circle-open"
    assert rings[0].hoverinfo == "skip"


@pytest.mark.parametrize("selected", [None, "roads-1", "no-such-event"])
def test_no_ring_without_a_located_selection(events, selected):
    assert traces(map_figure(events, selected=selected), SELECTED_TRACE) == []


def test_the_map_zooms_to_fit_the_events_in_korea_with_the_place_names_inside(events):
    fig = map_figure(events)
    points = located(events)
    frame = map_frame(points)
    lon, lat = tuple(fig.layout.geo.lonaxis.range), tuple(fig.layout.geo.lataxis.range)
    assert (lon, lat) == (frame.lon, frame.lat)
    # Four events between Seoul and Pyongyang: about 4 degrees wide, not China to Japan (25).
    assert lon[1] - lon[0] < 5 and lat[1] - lat[0] < 3
    assert frame.contains(points["latitude"], points["longitude"]).all()
    assert fig.layout.geo.resolution == 50
    labels = traces(fig, LABELS_TRACE)[0]
    assert {"Seoul", "Pyongyang"} <= set(labels.text)
    assert "JAPAN" not in labels.text and "CHINA" not in labels.text
    inside = [p for p in PLACES if lat[0] <= p[1] <= lat[1] and lon[0] <= p[2] <= lon[1]]
    assert len(labels.text) == len(inside)
    assert labels.hoverinfo == "skip"


def test_a_single_event_in_korea_is_shown_with_some_country_around_it(events):
    one = map_frame(located(events).head(1))
    assert one.lon[1] - one.lon[0] == pytest.approx(KOREA_MIN_SPAN * 1.6, abs=0.02)
    assert one.contains(pd.Series([37.7469]), pd.Series([126.4880])).all()


def test_an_empty_view_still_frames_korea(events):
    fig = map_figure(events.head(0))
    assert tuple(fig.layout.geo.lonaxis.range) == KOREA.lon
    assert traces(fig, EVENTS_TRACE) == []


def test_map_fits_events_far_from_korea_in_the_detailed_file(events):
    far = placed(events, {"leaflets-1": (1.2494, 103.8303), "balloons-1": (51.73, 36.19)}).head(2)
    frame = map_frame(located(far))
    assert frame.resolution == 50
    assert frame.lon[0] <= 36.19 and frame.lon[1] >= 103.8303
    assert frame.lat[0] <= 1.2494 and frame.lat[1] >= 51.73
    assert DETAILED.contains(pd.Series(frame.lat), pd.Series(frame.lon)).all()
    assert traces(map_figure(far), LABELS_TRACE) == []


def test_map_beyond_the_detailed_area_uses_the_world_file(events):
    far = placed(events, {"leaflets-1": (38.8977, -77.0365)}).head(1)
    fig = map_figure(far)
    assert fig.layout.geo.resolution == WORLD.resolution == 110
    low, high = fig.layout.geo.lonaxis.range
    assert low < -77.0365 < high


def test_most_events_in_korea_keep_the_korea_frame(events):
    mostly = placed(
        events,
        {"leaflets-1": (37.7, 126.5), "balloons-1": (37.7, 126.7), "balloons-2": (1.3, 103.8)},
    )
    frame = map_frame(located(mostly))
    # Fitted to the two events near the border; the third is counted in the note.
    assert frame.lon[0] < 126.5 < 126.7 < frame.lon[1] and frame.lon[1] - frame.lon[0] < 5
    assert "; 1 lies outside this view" in coordinates_note(located(mostly), frame)
    fewer = placed(
        events,
        {"leaflets-1": (37.7, 126.5), "balloons-1": (1.3, 103.8), "balloons-2": (1.3, 103.9)},
    )
    assert map_frame(located(fewer)) != KOREA


def test_every_frame_has_its_topojson_shipped_small():
    folder = ROOT / TOPOJSON_URL.strip("/")
    files = {f"{f.scope}_{f.resolution}m.json" for f in (KOREA, DETAILED, WORLD)}
    assert {p.name for p in folder.glob("*.json")} == files == {"world_50m.json", "world_110m.json"}
    assert sum((folder / name).stat().st_size for name in files) < 1_000_000
    for name in files:
        topology = json.loads((folder / name).read_text())
        assert {"land", "countries", "coastlines", "lakes"} <= set(topology["objects"])
        assert topology["objects"]["land"]["geometries"]


def test_clicks_select_events(events):
    fig = map_figure(events)
    assert fig.layout.clickmode == "event"
    assert all(len(t.customdata) == len(t.lat) for t in traces(fig, EVENTS_TRACE))


def _trim_module():
    spec = importlib.util.spec_from_file_location(
        "trim_topojson", ROOT / "scripts" / "trim_topojson.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_trimming_keeps_only_shapes_that_reach_the_box():
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [1, 0], [0, 1], [-1, -1]], [[100, 10], [1, 0]], [[120, 30], [2, 2]]],
        "objects": {
            "land": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "MultiPolygon", "arcs": [[[0]], [[~1]]]},
                    {"type": "Polygon", "arcs": [[2]], "id": "X"},
                ],
            },
            "rivers": {
                "type": "GeometryCollection",
                "geometries": [{"type": "LineString", "arcs": [2]}],
            },
        },
    }
    out = _trim_module().trim(topology, lon=(90, 130), lat=(0, 40), drop=("rivers",))
    assert out["arcs"] == [[[100, 10], [1, 0]], [[120, 30], [2, 2]]]
    assert out["objects"]["land"]["geometries"] == [
        {"type": "MultiPolygon", "arcs": [[[~0]]]},
        {"type": "Polygon", "arcs": [[1]], "id": "X"},
    ]
    assert out["objects"]["rivers"]["geometries"] == []
