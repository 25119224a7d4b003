import importlib.util
import json
import re

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from timeline import layout as ids
from timeline import schema as s
from timeline.callbacks import selected_id
from timeline.figures import (
    DENSITY_TRACE,
    EVENTS_TRACE,
    SELECTED_TRACE,
    hover_text,
    timeline_figure,
)
from timeline.load import read_events
from timeline.maps import (
    DENSITY_KEY,
    DETAILED,
    KOREA,
    KOREA_MIN_SPAN,
    LABELS_TRACE,
    MARKER_LIMIT,
    MAX_DIAMETER,
    PLACE_KINDS,
    PLACES,
    TOPOJSON_URL,
    WORLD,
    Frame,
    cell_diameters,
    cell_hover,
    coordinates_note,
    density_cells,
    density_note,
    key_counts,
    located,
    map_colours,
    map_figure,
    map_frame,
)
from timeline.publication import ChartText, publication_figure
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


# Density: above MARKER_LIMIT located events the map counts them per cell of a grid.
BOX = Frame("world", 50, (120.0, 130.0), (30.0, 40.0))  # cells 0.25 deg wide, 0.2048 tall


def crowd(events, places, n, start=0):
    """n copies of the sample's events, the i-th at places[i % len(places)] as (lat, lon)."""
    rows = events.iloc[np.arange(start, start + n) % len(events)].reset_index(drop=True)
    rows[s.ID] = [f"e{i}" for i in range(n)]
    where = np.array(places, dtype="float64")[np.arange(n) % len(places)]
    rows[s.LATITUDE], rows[s.LONGITUDE] = where[:, 0], where[:, 1]
    return rows


NEAR_BORDER = [(37.75, 126.78), (37.53, 126.98), (38.3, 127.4), (37.9, 128.4)]


def test_up_to_the_limit_each_event_is_a_marker(events):
    fig = map_figure(crowd(events, NEAR_BORDER, MARKER_LIMIT))
    assert sum(len(t.lat) for t in traces(fig, EVENTS_TRACE)) == MARKER_LIMIT
    assert traces(fig, DENSITY_TRACE) == []
    assert fig.layout.shapes == () and len(fig.layout.annotations) == 1


def test_above_the_limit_one_circle_per_occupied_cell(events):
    shown = crowd(events, NEAR_BORDER, MARKER_LIMIT + 1)
    fig = map_figure(shown)
    assert traces(fig, EVENTS_TRACE) == []
    (density,) = traces(fig, DENSITY_TRACE)
    assert len(density.lat) == len(NEAR_BORDER)
    assert density.customdata is None
    assert sorted(zip(density.lat, density.lon, strict=True)) == sorted(NEAR_BORDER)
    assert density.hovertemplate == "%{hovertext}<extra></extra>"
    assert density.showlegend is False


def test_cells_are_counted_on_the_frames_grid():
    lat = [30.01, 30.1, 30.19, 35.0, 35.0, 39.9, 30.3]
    lon = [120.01, 120.2, 120.24, 125.0, 125.1, 129.9, 120.1]
    points = pd.DataFrame(
        {s.LATITUDE: lat, s.LONGITUDE: lon, s.EVENT_TYPE: ["balloon_launch"] * len(lat)}
    )
    cells = density_cells(points, BOX)
    # The first three share the south-west cell; 30.3 is one row up (0.2048 deg a row).
    assert list(cells.counts) == [3, 2, 1, 1]
    assert cells.lat[0] == pytest.approx(30.1) and cells.lon[0] == pytest.approx(120.15)
    assert cells.km == pytest.approx(0.25 * 111.32 * np.cos(np.radians(35)))


def test_cell_counts_add_up_to_the_located_events(events):
    rng = np.random.default_rng(3)
    places = list(zip(rng.uniform(34, 39, 500), rng.uniform(125, 130, 500), strict=True))
    shown = crowd(events, places, 6000)
    shown.loc[shown.index[:100], s.LATITUDE] = None
    cells = density_cells(located(shown), map_frame(located(shown)))
    assert cells.counts.sum() == cells.by_type.sum() == 5900
    assert list(cells.by_type.sum(axis=1)) == list(cells.counts)
    assert list(cells.counts) == sorted(cells.counts, reverse=True)
    density = traces(map_figure(shown), DENSITY_TRACE)[0]
    assert len(density.lat) == len(cells.counts) < 5900
    assert list(density.marker.size) == list(cell_diameters(cells.counts, cells.counts[0]))


def test_a_cells_hover_counts_its_events_and_names_its_commonest_types():
    kinds = ["weapons_test"] + ["leaflet_launch"] * 2 + ["balloon_launch"] * 3 + ["loudspeaker"]
    points = pd.DataFrame({s.LATITUDE: 35.0, s.LONGITUDE: 125.0, s.EVENT_TYPE: kinds})
    cells = density_cells(points, BOX)
    assert cell_hover(cells) == [
        "<b>7 events</b><br>Balloon launch: 3<br>Leaflet launch: 2<br>Loudspeaker: 1"
        "<br>and 1 more type"
    ]
    assert cell_hover(cells, "ko") == [
        "<b>사건 7건</b><br>풍선 살포 3건<br>전단 살포 2건<br>확성기 1건<br>그 밖의 유형 1개"
    ]
    one = density_cells(points.head(1), BOX)
    assert cell_hover(one) == ["<b>1 event</b><br>Weapons test: 1"]


def test_a_cells_hover_escapes_a_users_own_type():
    points = pd.DataFrame(
        {s.LATITUDE: [35.0] * 2, s.LONGITUDE: 125.0, s.EVENT_TYPE: ['<img src=x onerror="1">'] * 2}
    )
    assert cell_hover(density_cells(points, BOX)) == [
        '<b>2 events</b><br>&lt;img src=x onerror="1"&gt;: 2'
    ]


@pytest.mark.parametrize(
    "most, shown",
    [
        (1, [1]),
        (8, [5, 1]),
        (50, [50, 5, 1]),
        (3456, [2000, 200, 20]),
        (1_000_000, [1_000_000, 100_000, 10_000]),
    ],
)
def test_the_size_key_shows_round_counts_up_to_the_fullest_cell(most, shown):
    assert key_counts(most) == shown


def test_circle_area_is_in_proportion_to_the_count():
    sizes = cell_diameters(np.array([10_000, 2_500, 400, 1]), 10_000)
    # The least is drawn at 4 px, not at 0.36.
    assert list(sizes) == [MAX_DIAMETER, MAX_DIAMETER / 2, MAX_DIAMETER / 5, 4.0]


def test_the_density_map_says_what_it_shows_and_keys_its_sizes(events):
    fig = map_figure(crowd(events, NEAR_BORDER, 4000))
    note, heading, *labels = [a.text for a in fig.layout.annotations]
    assert note == "All 4,000 events are on the map"
    assert heading == ("Density: each circle counts the events<br>in a square about 11 km wide")
    # Four cells of 1,000 events each.
    assert labels == ["1,000", "100", "10"]
    circles = [x for x in fig.layout.shapes if x.type == "circle"]
    assert [round(x.x1 - x.x0, 1) for x in circles] == list(cell_diameters([1000, 100, 10], 1000))
    assert {x.name for x in fig.layout.shapes} == {DENSITY_KEY}
    assert {x.xsizemode for x in fig.layout.shapes} == {"pixel"}


def test_the_korean_density_map_is_in_korean(events):
    fig = map_figure(crowd(events, NEAR_BORDER, 4000), lang="ko")
    texts = [a.text for a in fig.layout.annotations]
    assert texts[0] == "사건 4,000건 모두 지도에 표시됩니다"
    assert texts[1] == ("밀도 지도: 원 하나가 너비 약 11km<br>칸 안의 사건 수를 나타냅니다")
    hover = traces(fig, DENSITY_TRACE)[0].hovertext[0]
    assert hover.startswith("<b>사건 1,000건</b><br>")
    assert "약 123km" in density_note(123.4, "ko") and "about 9.5 km" in density_note(9.46)


def test_a_click_on_a_density_cell_selects_nothing_and_keeps_the_ring(events):
    fig = map_figure(crowd(events, NEAR_BORDER, 4000), selected="e7")
    density = traces(fig, DENSITY_TRACE)[0]
    click = {"points": [{"curveNumber": 1, "pointNumber": 0, "lat": density.lat[0]}]}
    if density.customdata is not None:
        click["points"][0]["customdata"] = density.customdata[0]
    assert selected_id(ids.MAP, click) is None
    (ring,) = traces(fig, SELECTED_TRACE)
    assert (ring.lat[0], ring.lon[0]) == NEAR_BORDER[7 % len(NEAR_BORDER)]


def test_the_density_map_of_200000_events_stays_small(events):
    rng = np.random.default_rng(8)
    places = list(zip(rng.uniform(33.5, 43, 5000), rng.uniform(124, 131, 5000), strict=True))
    fig = map_figure(crowd(events, places, 200_000))
    density = traces(fig, DENSITY_TRACE)[0]
    assert 200 < len(density.lat) <= 40 * 40
    counts = [re.match(r"<b>([\d,]+) events</b>", h).group(1) for h in density.hovertext]
    assert sum(int(n.replace(",", "")) for n in counts) == 200_000
    assert len(pio.to_json(fig, validate=False)) < 150_000


def test_a_printed_density_map_keeps_its_key(events):
    dense = crowd(events, NEAR_BORDER, 4000)
    words = ChartText("Title", "Subtitle", "Source: example", "Credit", "Updated")
    fig = publication_figure(dense, words, 1200, 800, chart=map_figure(dense))
    assert [x.type for x in fig.layout.shapes if x.name == DENSITY_KEY] == ["rect", *["circle"] * 3]
    keyed = [a.text for a in fig.layout.annotations if a.name == DENSITY_KEY]
    assert keyed[1:] == ["1,000", "100", "10"]
