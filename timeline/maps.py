"""A map of the events that have coordinates, drawn from topojson shipped in assets/topojson/."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import schema as s
from timeline.figures import (
    DENSITY_TRACE,
    EVENTS_TRACE,
    FONT,
    SELECTED_TRACE,
    hover_text,
    lane_order,
    marker_sizes,
    plotly_text,
    selection_ring,
    type_style,
)
from timeline.filters import type_label
from timeline.i18n import DEFAULT_LANGUAGE, format_number, plural, t
from timeline.notes import label_width
from timeline.themes import DEFAULT_THEME, palette, template
from timeline.themes import theme as theme_name

# Passed as dcc.Graph config {"topojsonURL": TOPOJSON_URL}; the files are served from assets/.
# Under a URL prefix (requests_pathname_prefix) pass app.get_asset_url("topojson/") instead.
TOPOJSON_URL = "/assets/topojson/"
LABELS_TRACE = "labels"

# The map's own colours per theme: land, sea, country borders, coastlines, and the text of the
# place names by kind. Each text colour reaches 4.5:1 against both land and sea, since a label near
# a coast may sit on either; borders reach 3:1 against both.
MAP_COLOURS: dict[str, dict[str, str]] = {
    "light": {
        "land": "#efece4",
        "sea": "#dce8f1",
        "border": "#6e6e6e",
        "coast": "#9fb0bd",
        "country": "#5f6670",
        "dmz": "#6b4e2e",
        "water": "#456a87",
        "city": "#1f2328",
    },
    "dark": {
        "land": "#2a2f36",
        "sea": "#14212d",
        "border": "#9aa3ad",
        "coast": "#5a7388",
        "country": "#b4bcc6",
        "dmz": "#e3c596",
        "water": "#8fc0e3",
        "city": "#f0f2f4",
    },
    "contrast": {
        "land": "#000000",
        "sea": "#002244",
        "border": "#ffffff",
        "coast": "#ffffff",
        "country": "#ffffff",
        "dmz": "#ffff00",
        "water": "#aee6ff",
        "city": "#ffffff",
    },
}
PLACE_KINDS = ("country", "dmz", "water", "city")


@dataclass(frozen=True)
class Frame:
    """The part of the globe a map shows: a topojson scope and longitude/latitude ranges."""

    scope: str
    resolution: int
    lon: tuple[float, float]
    lat: tuple[float, float]

    def contains(self, lat: pd.Series, lon: pd.Series) -> pd.Series:
        """Which of the points lie inside the frame."""
        return lat.between(*self.lat) & lon.between(*self.lon)


# The peninsula, the Yellow Sea and the East Sea where most missiles come down.
KOREA = Frame("world", 50, (116.5, 141.5), (33.0, 44.0))
# assets/topojson/world_50m.json is cut to this box (scripts/trim_topojson.py) to stay small;
# views reaching beyond it use the coarser, whole world_110m.json.
DETAILED = Frame("world", 50, (20.0, 180.0), (-15.0, 80.0))
WORLD = Frame("world", 110, (-180.0, 180.0), (-85.0, 85.0))
MIN_SPAN = 12.0
# A map of events in Korea zooms to them, but no closer than this many degrees of longitude
# (about 260 km before the margin): the border and a place name stay in view around one event.
KOREA_MIN_SPAN = 3.0
# Room around events in Korea for the names of the cities they happened in.
KOREA_MARGIN = 1.6
# Smaller than on the timeline: many events share a few places along the border.
MARKER_SCALE = 0.8
# Above this many located events the map draws density: one circle per cell of a square grid.
MARKER_LIMIT = 3000
# Cells across the frame's width; a cell is as tall on the map as it is wide.
GRID_COLUMNS = 40
# Circle diameters in pixels: the fullest cell, and the least any cell is drawn at.
MAX_DIAMETER = 36.0
MIN_DIAMETER = 4.0
# Types named in a cell's hover, most events first.
HOVER_TYPES = 3
# The shapes and labels of the density key, named so that exports keep them.
DENSITY_KEY = "density-key"
KM_PER_DEGREE = 111.32

# (name, latitude, longitude, size, kind, position): place names that make the Korea frame
# readable. The text is the catalogue's 'map.place.<name>'; the kind picks its colour from
# MAP_COLOURS. The DMZ label starts at its point so a longer name runs out to sea, not over the
# events along the border.
PLACES: tuple[tuple[str, float, float, int, str, str], ...] = (
    ("north_korea", 40.55, 127.2, 12, "country", "middle center"),
    ("south_korea", 36.2, 128.3, 12, "country", "middle center"),
    ("china", 42.3, 123.0, 12, "country", "middle center"),
    ("japan", 35.9, 137.6, 12, "country", "middle center"),
    ("russia", 43.75, 133.6, 12, "country", "middle center"),
    ("dmz", 38.72, 128.45, 12, "dmz", "middle right"),
    ("yellow_sea", 35.8, 123.6, 12, "water", "middle center"),
    ("east_sea", 39.6, 134.2, 12, "water", "middle center"),
    ("seoul", 37.3, 127.45, 12, "city", "middle center"),
    ("pyongyang", 39.45, 125.3, 12, "city", "middle center"),
)


def located(events: pd.DataFrame) -> pd.DataFrame:
    """The events that have both a latitude and a longitude."""
    return events[_has_coordinates(events)]


def _has_coordinates(events: pd.DataFrame) -> pd.Series:
    return events[s.LATITUDE].notna() & events[s.LONGITUDE].notna()


def map_frame(points: pd.DataFrame) -> Frame:
    """The frame that fits the points: within Korea when at least half of them lie there (the
    rest are counted in the note), else wherever they are. No points: the whole Korea frame."""
    lat, lon = points[s.LATITUDE], points[s.LONGITUDE]
    if points.empty:
        return KOREA
    inside = KOREA.contains(lat, lon)
    if 2 * int(inside.sum()) >= len(points):
        return _fit(lat[inside], lon[inside], KOREA, KOREA_MIN_SPAN, KOREA_MARGIN)
    corners = (pd.Series([lat.min(), lat.max()]), pd.Series([lon.min(), lon.max()]))
    outer = DETAILED if DETAILED.contains(*corners).all() else WORLD
    return _fit(lat, lon, outer, MIN_SPAN)


def _fit(
    lat: pd.Series, lon: pd.Series, outer: Frame, min_span: float, margin: float = 1.3
) -> Frame:
    """The points' box times `margin`, at least min_span degrees wide and in about the map's
    proportions, kept within the outer frame."""
    lon_span = max(lon.max() - lon.min(), min_span) * margin
    lat_span = max((lat.max() - lat.min()) * margin, lon_span / 1.8)
    lon_span = max(lon_span, lat_span * 1.5)
    return Frame(
        outer.scope,
        outer.resolution,
        _within(lon.min(), lon.max(), lon_span, outer.lon),
        _within(lat.min(), lat.max(), lat_span, outer.lat),
    )


def coordinates_note(
    events: pd.DataFrame, frame: Frame | None = None, lang: str = DEFAULT_LANGUAGE
) -> str:
    """What the map leaves out: events without coordinates, and located events outside the view."""
    total, points = len(events), events.loc[_has_coordinates(events), [s.LATITUDE, s.LONGITUDE]]
    missing = total - len(points)
    if total == 0:
        return t("map.note.empty", lang)
    if missing == 0:
        note = plural("map.note.all", total, lang)
    elif missing == total:
        note = plural("map.note.none", total, lang)
    else:
        note = plural("map.note.missing", missing, lang, total=format_number(total, lang))
    frame = frame or map_frame(points)
    outside = int((~frame.contains(points[s.LATITUDE], points[s.LONGITUDE])).sum())
    if outside:
        note = plural("map.note.outside", outside, lang, note=note)
    return note


def map_figure(
    events: pd.DataFrame,
    selected: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """Events with coordinates as markers, one trace per type in the timeline's colours and shapes;
    above MARKER_LIMIT of them, their density (see density_cells) with its key.

    Place names, the note and the legend are in `lang`; land, sea, text and rings follow `theme`.
    """
    has_coordinates = _has_coordinates(events)
    dense = int(has_coordinates.sum()) > MARKER_LIMIT
    columns = [s.LATITUDE, s.LONGITUDE, s.EVENT_TYPE]
    points = events.loc[has_coordinates, columns] if dense else events[has_coordinates]
    frame = map_frame(points)
    colours, ground = palette(theme), map_colours(theme)
    fig = go.Figure()
    if _inside(frame, KOREA):
        fig.add_trace(_places(lang, theme, frame))
    marks: tuple[list[dict], list[dict]] = ([], [])
    if dense:
        cells = density_cells(points, frame)
        fig.add_trace(density_trace(cells, lang, theme))
        marks = density_key(int(cells.counts.max()), cells.km, lang, theme)
    else:
        fig.add_traces(_event_traces(points, lang, theme))
    chosen = events[has_coordinates & (events[s.ID] == selected)] if selected else events.iloc[:0]
    if len(chosen):
        fig.add_trace(
            go.Scattergeo(
                lat=chosen[s.LATITUDE].to_numpy(),
                lon=chosen[s.LONGITUDE].to_numpy(),
                mode="markers",
                meta=SELECTED_TRACE,
                showlegend=False,
                hoverinfo="skip",
                marker=selection_ring(theme),
            )
        )
    fig.update_geos(
        scope=frame.scope,
        resolution=frame.resolution,
        projection_type="mercator",
        lonaxis_range=list(frame.lon),
        lataxis_range=list(frame.lat),
        showland=True,
        landcolor=ground["land"],
        showocean=False,
        showlakes=True,
        lakecolor=ground["sea"],
        showcountries=True,
        countrycolor=ground["border"],
        countrywidth=1.2,
        showcoastlines=True,
        coastlinecolor=ground["coast"],
        coastlinewidth=0.6,
        showsubunits=False,
        showrivers=False,
        showframe=False,
        bgcolor=ground["sea"],
    )
    fig.update_layout(
        template=template(theme),
        font=dict(family=FONT, size=14, color=colours["ink"]),
        height=600,
        margin=dict(l=0, r=0, t=34, b=10),
        paper_bgcolor=colours["paper"],
        showlegend=True,
        legend=dict(
            orientation="h",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            font=dict(size=12),
            itemsizing="constant",
            itemclick=False,
            itemdoubleclick=False,
        ),
        hovermode="closest",
        hoverlabel=dict(
            bgcolor=colours["paper"],
            bordercolor=colours["line"],
            font=dict(size=14, color=colours["ink"]),
            align="left",
        ),
        clickmode="event",
        uirevision=f"map:{frame}",
        annotations=[
            dict(
                text=coordinates_note(events, frame, lang),
                x=0,
                y=1,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                yshift=8,
                showarrow=False,
                font=dict(size=13, color=colours["muted"]),
            ),
            *marks[1],
        ],
        shapes=marks[0],
    )
    return fig


def _event_traces(points: pd.DataFrame, lang: str, theme: str) -> list[go.Scattergeo]:
    """One trace of markers per event type, in the timeline's colours and shapes."""
    outline = palette(theme)["outline"]
    traces = []
    for key in lane_order(points):
        rows = points[points[s.EVENT_TYPE] == key]
        colour, symbol = type_style(key)
        traces.append(
            go.Scattergeo(
                lat=rows[s.LATITUDE].to_numpy(),
                lon=rows[s.LONGITUDE].to_numpy(),
                mode="markers",
                name=plotly_text(type_label(key, lang=lang)),
                legendgroup=key,
                meta=EVENTS_TRACE,
                customdata=rows[s.ID].to_numpy(),
                hovertext=hover_text(rows, lang),
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(
                    color=colour,
                    symbol=symbol,
                    size=(marker_sizes(rows[s.COUNT]) * MARKER_SCALE).round(1),
                    line=dict(width=1, color=outline),
                    opacity=0.9,
                ),
            )
        )
    return traces


@dataclass(frozen=True)
class Cells:
    """Located events counted per non-empty cell of a square grid, the fullest cell first."""

    lat: np.ndarray  # where the cell's events lie on average
    lon: np.ndarray
    counts: np.ndarray  # events per cell
    types: list[str]  # event types in lane order: the columns of by_type
    by_type: np.ndarray  # events per cell (rows) and type (columns)
    km: float  # the width of a cell


def cell_size(frame: Frame) -> tuple[float, float]:
    """Width and height in degrees of a density cell: GRID_COLUMNS fill the frame's width, and a
    cell is as tall as it is wide on the Mercator map at the frame's middle latitude (so about
    square on the ground as well)."""
    width = (frame.lon[1] - frame.lon[0]) / GRID_COLUMNS
    return width, width * math.cos(math.radians(sum(frame.lat) / 2))


def density_cells(points: pd.DataFrame, frame: Frame) -> Cells:
    """The located events counted per cell of a grid laid from the frame's south-west corner
    (events outside the frame fall in cells outside it), and per type within each cell."""
    lat = points[s.LATITUDE].to_numpy(dtype="float64")
    lon = points[s.LONGITUDE].to_numpy(dtype="float64")
    width, height = cell_size(frame)
    km = height * KM_PER_DEGREE  # the height in km, and the width too: the cell is square
    types = lane_order(points)
    if not len(points):
        empty = np.zeros(0)
        return Cells(empty, empty, empty.astype(np.int64), types, np.zeros((0, 0), np.int64), km)
    column = np.floor((lon - frame.lon[0]) / width).astype(np.int64)
    row = np.floor((lat - frame.lat[0]) / height).astype(np.int64)
    column -= column.min()
    codes = (row - row.min()) * (column.max() + 1) + column
    _, cell = np.unique(codes, return_inverse=True)
    counts = np.bincount(cell)
    kinds, present = pd.factorize(points[s.EVENT_TYPE])
    type_codes = np.array([types.index(str(key)) for key in present], dtype=np.int64)[kinds]
    by_type = np.bincount(cell * len(types) + type_codes, minlength=len(counts) * len(types))
    fullest = np.argsort(-counts, kind="stable")
    return Cells(
        lat=(np.bincount(cell, weights=lat) / counts)[fullest],
        lon=(np.bincount(cell, weights=lon) / counts)[fullest],
        counts=counts[fullest],
        types=types,
        by_type=by_type.reshape(len(counts), len(types))[fullest],
        km=km,
    )


def cell_diameters(counts: np.ndarray, most: int) -> np.ndarray:
    """Circle diameters in pixels whose area is in proportion to the count, MAX_DIAMETER for
    `most`, never under MIN_DIAMETER."""
    sizes = MAX_DIAMETER * np.sqrt(np.asarray(counts, dtype="float64") / max(most, 1))
    return np.clip(sizes, MIN_DIAMETER, MAX_DIAMETER).round(1)


def cell_hover(cells: Cells, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Hover label per cell: its number of events, then its HOVER_TYPES most common types."""
    names = [plotly_text(type_label(key, lang=lang)) for key in cells.types]
    top = np.argsort(-cells.by_type, axis=1, kind="stable")[:, :HOVER_TYPES]
    present = (cells.by_type > 0).sum(axis=1)
    labels = []
    for count, row, shown, kinds in zip(cells.counts, cells.by_type, top, present, strict=True):
        lines = [f"<b>{plural('map.density.events', int(count), lang)}</b>"]
        lines += [
            t("map.density.type", lang, type=names[i], n=format_number(row[i], lang))
            for i in shown
            if row[i]
        ]
        if kinds > HOVER_TYPES:
            lines.append(plural("map.density.more", int(kinds) - HOVER_TYPES, lang))
        labels.append("<br>".join(lines))
    return labels


def density_trace(
    cells: Cells, lang: str = DEFAULT_LANGUAGE, theme: str = DEFAULT_THEME
) -> go.Scattergeo:
    """One circle per cell, its area by the number of events, the smallest drawn on top.

    One colour, not the cell's most common type: a cell holds several types, and its majority
    would hide the rest and make a type's colour mean something else than on the timeline; the
    hover names the types. The circles carry no event id, so a click on one selects nothing.
    """
    colours = palette(theme)
    most = int(cells.counts.max()) if len(cells.counts) else 1
    return go.Scattergeo(
        lat=cells.lat.round(4),
        lon=cells.lon.round(4),
        mode="markers",
        meta=DENSITY_TRACE,
        showlegend=False,
        hovertext=cell_hover(cells, lang),
        hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(
            color=colours["accent"],
            size=cell_diameters(cells.counts, most),
            line=dict(width=1, color=colours["outline"]),
            opacity=0.6,
        ),
    )


def key_counts(most: int) -> list[int]:
    """The counts the density key shows: the fullest cell's, rounded down to 1, 2 or 5 times a
    power of ten, then a tenth and a hundredth of that, and 1; at most three, none under 1."""

    def round_down(value: float) -> int:
        if value < 1:
            return 0
        power = 10 ** math.floor(math.log10(value))
        return next(m * power for m in (5, 2, 1) if m * power <= value)

    wanted = [round_down(most), round_down(most / 10), round_down(most / 100), 1]
    return sorted({n for n in wanted if n >= 1}, reverse=True)[:3]


def density_note(km: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """What the density map shows: circles counting the events in squares of about km wide."""
    width = format_number(round(km) if km >= 10 else round(km, 1), lang)
    return t("map.density.note", lang, km=width)


def density_key(
    most: int, km: float, lang: str = DEFAULT_LANGUAGE, theme: str = DEFAULT_THEME
) -> tuple[list[dict], list[dict]]:
    """Shapes and labels in the map's lower left corner, on a panel: the density note over a
    row of circles of the sizes drawn for a few counts (key_counts), each with its number."""
    colours = palette(theme)
    font, pad, corner = 12, 8, 4
    lines = density_note(km, lang).split("<br>")
    counts = key_counts(most)
    diameters = cell_diameters(np.array(counts), most)
    labels = [format_number(n, lang) for n in counts]
    # Each label starts just right of its circle; an over-estimated width only widens the gap.
    steps = [
        float(d) + 4 + label_width(label, font) + 4
        for d, label in zip(diameters, labels, strict=True)
    ]
    width = 2 * pad + max(max(label_width(line, font) for line in lines), sum(steps))
    height = 2 * pad + len(lines) * font * 1.35 + 6 + MAX_DIAMETER
    pixels = dict(
        xref="paper", yref="paper", xsizemode="pixel", ysizemode="pixel", xanchor=0, yanchor=0
    )
    shapes = [
        dict(
            type="rect",
            x0=corner,
            x1=round(corner + width),
            y0=corner,
            y1=round(corner + height),
            fillcolor=colours["paper"],
            line=dict(width=1, color=colours["line"]),
            layer="above",
            name=DENSITY_KEY,
            **pixels,
        )
    ]
    text = dict(xref="paper", yref="paper", x=0, y=0, showarrow=False, name=DENSITY_KEY)
    annotations = [
        dict(
            text="<br>".join(plotly_text(line) for line in lines),
            xanchor="left",
            yanchor="top",
            align="left",
            xshift=corner + pad,
            yshift=round(corner + height - pad),
            font=dict(size=font, color=colours["ink"]),
            **text,
        )
    ]
    middle = corner + pad + MAX_DIAMETER / 2
    left = corner + pad
    for diameter, label, step in zip(diameters, labels, steps, strict=True):
        shapes.append(
            dict(
                type="circle",
                x0=round(left, 1),
                x1=round(left + diameter, 1),
                y0=round(middle - diameter / 2, 1),
                y1=round(middle + diameter / 2, 1),
                fillcolor=colours["accent"],
                opacity=0.6,
                line=dict(width=1, color=colours["outline"]),
                layer="above",
                name=DENSITY_KEY,
                **pixels,
            )
        )
        annotations.append(
            dict(
                text=label,
                xanchor="left",
                yanchor="middle",
                xshift=round(left + diameter + 4, 1),
                yshift=middle,
                font=dict(size=font, color=colours["ink"]),
                **text,
            )
        )
        left += step
    return shapes, annotations


def map_colours(theme: str = DEFAULT_THEME) -> dict[str, str]:
    """The land, sea, line and place-name colours of the map in a theme (light if unknown)."""
    return MAP_COLOURS[theme_name(theme)]


def place_names(lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The PLACES' names in lang, e.g. 'Seoul' or '서울'."""
    return [t(f"map.place.{p[0]}", lang) for p in PLACES]


def _places(lang: str, theme: str, frame: Frame = KOREA) -> go.Scattergeo:
    """The names of the PLACES that lie in the frame."""
    colours = map_colours(theme)
    names = dict(zip((p[0] for p in PLACES), place_names(lang), strict=True))
    shown = [p for p in PLACES if frame.contains(pd.Series([p[1]]), pd.Series([p[2]])).iloc[0]]
    return go.Scattergeo(
        lat=[p[1] for p in shown],
        lon=[p[2] for p in shown],
        text=[names[p[0]] for p in shown],
        mode="text",
        meta=LABELS_TRACE,
        textfont=dict(size=[p[3] for p in shown], color=[colours[p[4]] for p in shown]),
        textposition=[p[5] for p in shown],
        hoverinfo="skip",
        showlegend=False,
    )


def _inside(frame: Frame, outer: Frame) -> bool:
    """Whether a frame lies within another."""
    return (
        outer.lon[0] <= frame.lon[0] <= frame.lon[1] <= outer.lon[1]
        and outer.lat[0] <= frame.lat[0] <= frame.lat[1] <= outer.lat[1]
    )


def _within(
    low: float, high: float, span: float, limits: tuple[float, float]
) -> tuple[float, float]:
    """A range of the given span centred on [low, high], shifted and cut to stay within limits."""
    start = max(float(low + high - span) / 2, limits[0])
    end = min(start + float(span), limits[1])
    return round(max(end - float(span), limits[0]), 2), round(end, 2)
