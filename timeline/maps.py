"""A map of the events that have coordinates, drawn from topojson shipped in assets/topojson/."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from timeline import schema as s
from timeline.figures import (
    EVENTS_TRACE,
    FONT,
    SELECTED_TRACE,
    hover_text,
    lane_order,
    marker_sizes,
    type_style,
)
from timeline.filters import type_label
from timeline.i18n import DEFAULT_LANGUAGE
from timeline.themes import DEFAULT_THEME

# Passed as dcc.Graph config {"topojsonURL": TOPOJSON_URL}; the files are served from assets/.
# Under a URL prefix (requests_pathname_prefix) pass app.get_asset_url("topojson/") instead.
TOPOJSON_URL = "/assets/topojson/"
LABELS_TRACE = "labels"

LAND = "#efece4"
SEA = "#dce8f1"
BORDER = "#6e6e6e"
COAST = "#9fb0bd"
MUTED = "#5f6670"
INK = "#1f2328"
SEA_TEXT = "#4f7390"


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
# Smaller than on the timeline: many events share a few places along the border.
MARKER_SCALE = 0.8

# (text, latitude, longitude, size, colour): place names that make the Korea frame readable.
PLACES: tuple[tuple[str, float, float, int, str], ...] = (
    ("NORTH KOREA", 40.55, 127.2, 12, MUTED),
    ("SOUTH KOREA", 36.2, 128.3, 12, MUTED),
    ("CHINA", 42.3, 123.0, 12, MUTED),
    ("JAPAN", 35.9, 137.6, 12, MUTED),
    ("RUSSIA", 43.75, 133.6, 12, MUTED),
    ("DMZ", 38.72, 128.85, 12, "#6b4e2e"),
    ("Yellow Sea", 35.8, 123.6, 12, SEA_TEXT),
    ("East Sea<br>(Sea of Japan)", 39.6, 134.2, 12, SEA_TEXT),
    ("Seoul", 37.3, 127.45, 12, INK),
    ("Pyongyang", 39.45, 125.3, 12, INK),
)


def located(events: pd.DataFrame) -> pd.DataFrame:
    """The events that have both a latitude and a longitude."""
    return events[events[s.LATITUDE].notna() & events[s.LONGITUDE].notna()]


def map_frame(points: pd.DataFrame) -> Frame:
    """The Korea frame when at least half the points lie in it (or there are none); else fit them."""
    lat, lon = points[s.LATITUDE], points[s.LONGITUDE]
    if 2 * int(KOREA.contains(lat, lon).sum()) >= len(points):
        return KOREA
    corners = (pd.Series([lat.min(), lat.max()]), pd.Series([lon.min(), lon.max()]))
    outer = DETAILED if DETAILED.contains(*corners).all() else WORLD
    lon_span = max(lon.max() - lon.min(), MIN_SPAN) * 1.3
    lat_span = max((lat.max() - lat.min()) * 1.3, lon_span / 1.8)
    lon_span = max(lon_span, lat_span * 1.5)
    return Frame(
        outer.scope,
        outer.resolution,
        _within(lon.min(), lon.max(), lon_span, outer.lon),
        _within(lat.min(), lat.max(), lat_span, outer.lat),
    )


def coordinates_note(events: pd.DataFrame, frame: Frame | None = None) -> str:
    """What the map leaves out: events without coordinates, and located events outside the view."""
    total, points = len(events), located(events)
    missing = total - len(points)
    if total == 0:
        return "No events to show"
    if missing == 0:
        note = "The 1 event is on the map" if total == 1 else f"All {total:,} events are on the map"
    elif missing == total:
        none = "The 1 event has no" if total == 1 else f"None of the {total:,} events have"
        note = f"{none} coordinates, so the map is empty"
    elif missing == 1:
        note = f"1 of {total:,} events has no coordinates and is not on the map"
    else:
        note = f"{missing:,} of {total:,} events have no coordinates and are not on the map"
    frame = frame or map_frame(points)
    outside = int((~frame.contains(points[s.LATITUDE], points[s.LONGITUDE])).sum())
    if outside:
        verb = "lies" if outside == 1 else "lie"
        note += f"; {outside:,} {verb} outside this view (filter to them to fit the map)"
    return note


def map_figure(
    events: pd.DataFrame,
    selected: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> go.Figure:
    """Events with coordinates as markers, one trace per type in the timeline's colours and shapes."""
    points = located(events)
    frame = map_frame(points)
    fig = go.Figure()
    if frame == KOREA:
        fig.add_trace(_places())
    for key in lane_order(points):
        rows = points[points[s.EVENT_TYPE] == key]
        colour, symbol = type_style(key)
        fig.add_trace(
            go.Scattergeo(
                lat=rows[s.LATITUDE].to_numpy(),
                lon=rows[s.LONGITUDE].to_numpy(),
                mode="markers",
                name=type_label(key, lang=lang),
                legendgroup=key,
                meta=EVENTS_TRACE,
                customdata=rows[s.ID].to_numpy(),
                hovertext=hover_text(rows, lang),
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(
                    color=colour,
                    symbol=symbol,
                    size=(marker_sizes(rows[s.COUNT]) * MARKER_SCALE).round(1),
                    line=dict(width=1, color="white"),
                    opacity=0.9,
                ),
            )
        )
    chosen = points[points[s.ID] == selected] if selected is not None else points.iloc[:0]
    if len(chosen):
        fig.add_trace(
            go.Scattergeo(
                lat=chosen[s.LATITUDE].to_numpy(),
                lon=chosen[s.LONGITUDE].to_numpy(),
                mode="markers",
                meta=SELECTED_TRACE,
                showlegend=False,
                hoverinfo="skip",
                marker=dict(size=30, symbol="circle-open", color="#111111", line=dict(width=3)),
            )
        )
    fig.update_geos(
        scope=frame.scope,
        resolution=frame.resolution,
        projection_type="mercator",
        lonaxis_range=list(frame.lon),
        lataxis_range=list(frame.lat),
        showland=True,
        landcolor=LAND,
        showocean=False,
        showlakes=True,
        lakecolor=SEA,
        showcountries=True,
        countrycolor=BORDER,
        countrywidth=1.2,
        showcoastlines=True,
        coastlinecolor=COAST,
        coastlinewidth=0.6,
        showsubunits=False,
        showrivers=False,
        showframe=False,
        bgcolor=SEA,
    )
    fig.update_layout(
        font=dict(family=FONT, size=14, color="#1f2328"),
        height=600,
        margin=dict(l=0, r=0, t=34, b=10),
        paper_bgcolor="white",
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
        hoverlabel=dict(bgcolor="white", font_size=14, align="left"),
        clickmode="event",
        uirevision=f"map:{frame}",
        annotations=[
            dict(
                text=coordinates_note(events, frame),
                x=0,
                y=1,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                yshift=8,
                showarrow=False,
                font=dict(size=13, color=MUTED),
            )
        ],
    )
    return fig


def _places() -> go.Scattergeo:
    return go.Scattergeo(
        lat=[p[1] for p in PLACES],
        lon=[p[2] for p in PLACES],
        text=[p[0] for p in PLACES],
        mode="text",
        meta=LABELS_TRACE,
        textfont=dict(size=[p[3] for p in PLACES], color=[p[4] for p in PLACES]),
        hoverinfo="skip",
        showlegend=False,
    )


def _within(
    low: float, high: float, span: float, limits: tuple[float, float]
) -> tuple[float, float]:
    """A range of the given span centred on [low, high], shifted and cut to stay within limits."""
    start = max(float(low + high - span) / 2, limits[0])
    end = min(start + float(span), limits[1])
    return round(max(end - float(span), limits[0]), 2), round(end, 2)
