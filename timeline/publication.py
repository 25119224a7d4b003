"""The publication chart: newsroom sizes, a clean theme, title to credit lines, and alt text."""

from __future__ import annotations

import functools
import html
import textwrap
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc

from timeline import schema as s
from timeline.density import Window
from timeline.figures import (
    EVENTS_TRACE,
    FONT,
    KEY,
    SPANS_TRACE,
    lane_order,
    marker_key,
    note_range,
    notes_drawn,
    period_bands,
    timeline_spec,
)
from timeline.filters import type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    day_and_month,
    event_text,
    format_count,
    format_date,
    format_number,
    join,
    language,
    month_name,
    plural,
    t,
)
from timeline.load import URL_PATTERN
from timeline.notes import note_rows, place_notes, span_of
from timeline.sources import outlet, shipped_sources
from timeline.state import Note
from timeline.themes import DEFAULT_THEME, palette


@dataclass(frozen=True)
class Preset:
    """A size a newsroom publishes at, in CSS pixels (multiply by the scale for the PNG)."""

    key: str
    width: int
    height: int

    def label(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """'Article (1200×675)' or '기사 (1200×675)'."""
        return t(f"export.preset.{self.key}", lang, width=self.width, height=self.height)


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset("article", 1200, 675),
        Preset("square", 1080, 1080),
        Preset("slide", 1920, 1080),
        Preset("column", 600, 500),
    )
}
DEFAULT_PRESET = "article"
SCALES = (1, 2, 3)
MIN_SIDE = 300
MAX_SIDE = 4000
MAX_SCALE = 4
DEFAULT_CREDIT = t("export.credit_default", DEFAULT_LANGUAGE)

# Readable names for outlets the data cites often; anything else is shown by its domain.
OUTLETS = {
    "kbs.co.kr": "KBS",
    "yna.co.kr": "Yonhap",
    "koreaherald.com": "The Korea Herald",
    "joins.com": "Korea JoongAng Daily",
    "koreajoongangdaily.joins.com": "Korea JoongAng Daily",
    "donga.com": "Dong-A Ilbo",
    "news1.kr": "News1",
    "chosun.com": "Chosun Ilbo",
    "nippon.com": "Nippon.com",
    "tass.com": "TASS",
    "upi.com": "UPI",
    "nknews.org": "NK News",
    "38north.org": "38 North",
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "nytimes.com": "The New York Times",
    "koreatimes.co.kr": "The Korea Times",
    "hani.co.kr": "Hankyoreh",
    "khan.co.kr": "Kyunghyang Shinmun",
    "kmib.co.kr": "Kukmin Ilbo",
    "hankyung.com": "Korea Economic Daily",
    "straitstimes.com": "The Straits Times",
    "scmp.com": "South China Morning Post",
    "stripes.com": "Stars and Stripes",
    "channelnewsasia.com": "CNA",
    "ajunews.com": "Aju News",
    "edaily.co.kr": "Edaily",
    "daum.net": "Daum",
    "mbn.co.kr": "MBN",
    "newsis.com": "Newsis",
    "ytn.co.kr": "YTN",
    "sbs.co.kr": "SBS",
    "mk.co.kr": "Maeil Business",
    "kyodonews.jp": "Kyodo",
    "kyodonews.net": "Kyodo",
    "cnn.com": "CNN",
    "theguardian.com": "The Guardian",
}
# The host of an http(s) URL: after the scheme, up to the port, path, query or fragment.
_HOST = r"^[a-zA-Z]+://(?P<host>[^/?#\s:]*)"
_HOST_PREFIXES = ("www.", "m-en.", "m.", "en.", "english.", "world.", "news.", "amp.", "v.")


@dataclass(frozen=True)
class ChartText:
    """The words printed around the chart; plain text, escaped where it is drawn."""

    title: str
    subtitle: str
    source: str
    credit: str
    updated: str


def outlet_name(url: str) -> str:
    """The outlet a source URL belongs to: the sources table's, a known name, else its domain."""
    named = outlet(url, shipped_sources())
    if named:
        return named
    return host_outlet(urlsplit(url).netloc.lower().split(":")[0])


@functools.lru_cache(maxsize=4096)
def host_outlet(host: str) -> str:
    """The outlet a host (lower case) belongs to: a known name, else its domain."""
    if host in OUTLETS:
        return OUTLETS[host]
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host.removeprefix(prefix)
            break
    return OUTLETS.get(host, host)


def outlets(events: pd.DataFrame) -> list[str]:
    """Outlets cited by the events, most cited first (ties alphabetically).

    Counted in Arrow, a name worked out once per distinct URL of the sources table and once per
    host of the others: a million events cost a fraction of a second, not a Python step per URL."""
    cells = pa.array(events[s.SOURCES].fillna("").astype(str).array)
    urls = pc.list_flatten(pc.utf8_split_whitespace(cells))
    urls = urls.filter(pc.match_substring_regex(urls, URL_PATTERN.pattern, ignore_case=True))
    named = {url: source.outlet for url, source in shipped_sources().items() if source.outlet}
    listed = pc.is_in(urls, value_set=pa.array(list(named), pa.string()))
    cited: Counter = Counter()
    for url, n in _counts(urls.filter(listed)):
        cited[named[url]] += n
    others = urls.filter(pc.invert(listed))
    hosts = pc.utf8_lower(pc.struct_field(pc.extract_regex(others, _HOST), [0]))
    for host, n in _counts(hosts):
        cited[host_outlet(host)] += n
    return [name for name, _ in sorted(cited.items(), key=lambda item: (-item[1], item[0]))]


def _counts(values: pa.Array) -> list[tuple[str, int]]:
    counted = pc.value_counts(values)
    return list(zip(counted.field(0).to_pylist(), counted.field(1).to_pylist(), strict=True))


def source_line(events: pd.DataFrame, max_chars: int = 150, lang: str = DEFAULT_LANGUAGE) -> str:
    """'Sources: KBS, Yonhap and 12 more outlets' within about max_chars characters."""
    names = outlets(events)
    if not names:
        return t("export.no_sources", lang)
    if len(names) == 1:
        return t("export.source", lang, name=names[0])

    def line(shown: int) -> str:
        rest = len(names) - shown
        more = [plural("export.more_outlets", rest, lang)] if rest else []
        return t("export.sources", lang, names=join([*names[:shown], *more], lang))

    shown = 1
    while shown < len(names) and len(line(shown + 1)) <= max_chars:
        shown += 1
    return line(shown)


def data_as_of(events: pd.DataFrame) -> date | None:
    """The latest day any event in the dataset covers: what the data is up to date with."""
    if events.empty:
        return None
    return events[s.END_DATE].fillna(events[s.DATE]).max().date()


def span_text(events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> str:
    """'from 28 May to 29 November 2024', or 'on 1 June 2024' for a single day."""
    first = events[s.DATE].min()
    last = events[s.END_DATE].fillna(events[s.DATE]).max()
    if first == last:
        return t("export.span_day", lang, day=format_date(first, lang))
    if first.year == last.year:
        start, end = day_and_month(first, lang), day_and_month(last, lang)
        return t("export.span_in_year", lang, start=start, end=end, year=first.year)
    return t("export.span", lang, start=format_date(first, lang), end=format_date(last, lang))


def type_breakdown(events: pd.DataFrame, most: int = 6, lang: str = DEFAULT_LANGUAGE) -> str:
    """'32 balloon launches, 11 loudspeaker broadcasts and 1 defection', most frequent first."""
    counts = events[s.EVENT_TYPE].astype(str).value_counts(sort=False)
    order = lane_order(events)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
    parts = [
        t(
            "export.type_count",
            lang,
            n=format_number(n, lang),
            type=_in_sentence(type_label(str(k), n != 1, lang), lang),
        )
        for k, n in ranked[:most]
    ]
    others = sum(n for _, n in ranked[most:])
    if others:
        parts.append(plural("export.other_events", others, lang))
    return join(parts, lang)


def counts_subtitle(events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> str:
    """The default subtitle: what is counted and how to read the markers."""
    if events.empty:
        return t("export.no_events", lang)
    counted = t(
        "export.counts",
        lang,
        count=plural("count.events", len(events), lang),
        types=type_breakdown(events, most=4, lang=lang),
    )
    return f"{counted} {t('export.sized', lang)}" if _has_counts(events) else counted


def alt_text(events: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> str:
    """A plain-language description of the chart: span, events by type and the peaks."""
    if events.empty:
        return t("export.alt_empty", lang)
    sentences = [
        t(
            "export.alt",
            lang,
            count=plural("count.events", len(events), lang),
            span=span_text(events, lang),
            types=type_breakdown(events, lang=lang),
        )
    ]
    months = events[s.DATE].dt.to_period("M").value_counts()
    if len(months) > 1:
        busiest, most = months.idxmax(), int(months.max())
        sentences.append(
            t(
                "export.busiest",
                lang,
                month=month_name(busiest, lang),
                count=plural("count.events", most, lang),
            )
        )
    if _has_counts(events):
        counted = events[events[s.COUNT].notna()]
        # Compare like with like: the peak of the unit most events are counted in.
        unit = counted[s.COUNT_UNIT].mode().iloc[0]
        top = counted.loc[counted[counted[s.COUNT_UNIT] == unit][s.COUNT].idxmax()]
        amount = format_count(top[s.COUNT], unit, lang)
        sentences.append(
            t(
                "export.largest",
                lang,
                amount=amount,
                day=format_date(top[s.DATE], lang),
                title=event_text(top, s.TITLE, lang),
            )
        )
    return " ".join(sentences)


def chart_text(
    events: pd.DataFrame,
    caption: str,
    updated: date | None,
    title: str | None = None,
    subtitle: str | None = None,
    credit: str | None = None,
    source_chars: int = 150,
    lang: str = DEFAULT_LANGUAGE,
) -> ChartText:
    """The title (default: the view's caption), subtitle, source, credit and updated lines."""
    return ChartText(
        title=(title or "").strip() or caption,
        subtitle=(subtitle or "").strip() or counts_subtitle(events, lang),
        source=source_line(events, source_chars, lang),
        credit=(credit or "").strip() or t("export.credit_default", lang),
        updated=t("export.data_as_of", lang, day=format_date(updated, lang)) if updated else "",
    )


def check_size(width: int, height: int, scale: float, lang: str = DEFAULT_LANGUAGE) -> None:
    """Raise ValueError with the allowed range when a requested size is out of bounds."""
    for name, value in (("width", width), ("height", height)):
        if not MIN_SIDE <= value <= MAX_SIDE:
            side = t(f"export.error.{name}", lang)
            raise ValueError(
                t("export.error.side", lang, side=side, value=value, low=MIN_SIDE, high=MAX_SIDE)
            )
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(t("export.error.scale", lang, value=scale, high=MAX_SCALE))


@dataclass(frozen=True)
class _Type:
    """Type sizes in pixels for one chart width."""

    base: float

    @property
    def title(self) -> float:
        return round(self.base * 1.55, 1)

    @property
    def subtitle(self) -> float:
        return round(self.base * 1.0, 1)

    @property
    def tick(self) -> float:
        return round(self.base * 0.9, 1)

    @property
    def footer(self) -> float:
        return round(self.base * 0.78, 1)


def publication_figure(
    events: pd.DataFrame,
    text: ChartText,
    width: int,
    height: int,
    interactive: bool = False,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
    window: Window | None = None,
    chart: go.Figure | dict | None = None,
    notes: tuple[Note, ...] = (),
    framed: bool = True,
    periods: pd.DataFrame | None = None,
) -> go.Figure:
    """The timeline (or another `chart` of the view) in a publication theme at a fixed size,
    with its title, footer and `notes` (labels with leader lines, in rows above the lanes).
    Unframed, the title and footer are left to the page around the chart (the /embed page).
    `periods` are shaded behind the lanes and labelled above them.

    Lane labels, date ticks and event titles are in `lang`; colours follow `theme` (light, the
    newsroom default, unless the caller asks otherwise). `window` limits the timeline's date
    axis to a zoomed span. Static charts have no hover, range buttons or modebar; the
    interactive one keeps hover and a clickable legend for the standalone HTML.
    """
    # A validated figure, so that the publication theme's template and layout updates apply.
    if chart is not None:
        fig = go.Figure(chart)
        fig.update_layout(title=None)
    else:
        fig = go.Figure(timeline_spec(events, lang=lang, theme=theme))
    named = [trace for trace in fig.data if trace.name and trace.showlegend is not False]
    legend = interactive or (chart is not None and len(named) > 1)
    colours = palette(theme)
    sizes = _Type(base=round(min(26.0, max(13.0, (width * height) ** 0.5 / 56)), 1))
    pad = round(sizes.base * 1.5)

    def chars(line: str, size: float) -> int:
        per_char = _ems(line, 0.53) / len(line) if line else 0.53
        return max(20, int((width - 2 * pad) / (size * per_char)))

    title = _wrap(text.title, chars(text.title, sizes.title), 2) if framed else []
    subtitle = _wrap(text.subtitle, chars(text.subtitle, sizes.subtitle), 3) if framed else []
    footer = [*_wrap(text.source, chars(text.source, sizes.footer), 2)] if framed else []
    if framed:
        footer.append(" · ".join(part for part in (text.credit, text.updated) if part))
    ticks = fig.layout.yaxis.tickvals or fig.layout.yaxis.categoryarray or []
    lanes = list(ticks) if chart is None else []
    label_width = max((_ems(lane, 0.58) for lane in lanes), default=6 * 0.58) * sizes.tick
    top = pad + len(title) * sizes.title * 1.3 + len(subtitle) * sizes.subtitle * 1.4 + pad * 0.8
    legend_room = sizes.tick * 2.2 if legend else 0
    grow = sizes.base / 14
    plot_width = width - 2 * pad - label_width - 12
    if chart is None and not events.empty:
        # Markers are packed again for this chart's real width and marker size.
        spec = timeline_spec(events, lang=lang, theme=theme, plot_width=plot_width / grow)
        fig = go.Figure(spec)
    bands: tuple[list, list] = ([], [])
    key: tuple[list, list] = ([], [])
    if chart is None and not events.empty:
        key = marker_key(
            events, lang, theme, sizes.footer, grow, lift=legend_room + 4, room=width - 2 * pad
        )
        if key[1]:
            legend_room += 26 * grow + 8
    if chart is None and periods is not None and not events.empty:
        span = span_of(events, window)
        bands = period_bands(
            periods, span, lang, theme, sizes.footer, lift=legend_room + 4, plot_width=plot_width
        )
    legend_room += len(bands[1]) * sizes.footer * 1.45 + (6 if bands[1] else 0)
    bottom = sizes.tick * 2.4 + len(footer) * sizes.footer * 1.45 + pad * 0.6
    margin = dict(
        l=round(pad + label_width + 12), r=pad, t=round(top + legend_room), b=round(bottom)
    )
    x_left = -(margin["l"] - pad) / (width - margin["l"] - margin["r"])
    title_height = len(title) * sizes.title * 1.3 + sizes.subtitle * 0.4
    for trace in fig.data:
        if trace.meta == EVENTS_TRACE:
            trace.marker.size = (np.asarray(trace.marker.size) * grow).round(1)
            trace.marker.opacity = 0.85
            if not interactive:
                trace.hoverinfo = "skip"
                trace.hovertemplate = None
        if trace.meta == SPANS_TRACE:
            trace.line.width = round(8 * grow, 1)
    _group_spans_with_markers(fig)
    spec_shapes, spec_annotations = fig.layout.shapes or (), fig.layout.annotations or ()
    ink, muted = colours["ink"], colours["muted"]
    fig.update_layout(
        template="none",
        width=width,
        height=height,
        autosize=False,
        paper_bgcolor=colours["paper"],
        plot_bgcolor=colours["paper"],
        font=dict(family=FONT, size=sizes.tick, color=ink),
        margin=margin,
        showlegend=legend,
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            y=1,
            yanchor="bottom",
            font=dict(size=sizes.footer),
        ),
        hovermode="closest" if interactive else False,
        hoverlabel=dict(font=dict(family=FONT, size=sizes.footer + 1)),
        modebar=dict(bgcolor=colours["paper"], color=muted, activecolor=ink),
        dragmode="zoom" if interactive else False,
    )
    # Whole lists, not an element-wise update of the spec's; the explorer's key is left out, as
    # it is drawn again at this chart's sizes.
    fig.layout.shapes = [*bands[0], *(x for x in spec_shapes if x.name != KEY), *key[0]]
    fig.layout.annotations = [
        *(x for x in spec_annotations if x.name != KEY),
        # Annotations rather than layout.title: plotly measures their lines, so a wrapped
        # title cannot run off the top.
        *(
            [
                _text_block(title, x_left, 1, margin["t"] - pad, sizes.title, ink, bold=True),
                _text_block(
                    subtitle,
                    x_left,
                    1,
                    margin["t"] - pad - title_height,
                    sizes.subtitle,
                    muted,
                ),
                _text_block(footer, x_left, 0, -round(sizes.tick * 2.2), sizes.footer, muted),
            ]
            if framed
            else []
        ),
        *bands[1],
        *key[1],
    ]
    if any(trace.type == "scattergeo" for trace in fig.data):
        return fig
    fig.update_xaxes(
        rangeselector=None,
        showgrid=True,
        gridcolor=colours["grid"],
        linecolor=colours["line"],
        showline=True,
        ticks="outside",
        tickcolor=colours["line"],
        automargin=False,
        fixedrange=not interactive,
    )
    fig.update_yaxes(showgrid=True, gridcolor=colours["grid"], automargin=False, ticksuffix="  ")
    if fig.layout.yaxis.ticktext:
        # Plotly leaves the suffix off labels given as tick text.
        fig.update_yaxes(ticktext=[f"{label}  " for label in fig.layout.yaxis.ticktext])
    if window is not None:
        fig.update_xaxes(range=[window.start, window.end], autorange=False)
    elif bands[0]:
        fig.update_xaxes(range=list(span_of(events)), autorange=False)
    if chart is None and notes and not events.empty:
        _draw_notes(fig, events, notes, margin, width, height, sizes.footer, grow, lang, theme)
    return fig


def _draw_notes(fig, events, notes, margin, width, height, font_px, grow, lang, theme) -> None:
    """Notes in rows above the top lane, packed for the plot's real width, so that no label
    covers another or a marker."""
    categories = list(fig.layout.yaxis.categoryarray or [])
    plot_width = width - margin["l"] - margin["r"]
    plot_height = height - margin["t"] - margin["b"]
    window = fig.layout.xaxis.range
    span = span_of(events) if window is None else tuple(pd.Timestamp(x) for x in window)
    placed = place_notes(events, notes, span, plot_width, font_px, lang)
    rows = note_rows(placed)
    row_px = font_px * 1.8
    lane_px = max(1.0, (plot_height - rows * row_px) / max(1, len(categories)))
    unit = row_px / lane_px
    at = {
        event: row
        for trace in fig.data
        if trace.meta == EVENTS_TRACE
        for event, row in zip(trace.customdata, trace.y, strict=True)
    }
    fig.update_yaxes(range=note_range(categories, rows, unit), autorange=False)
    marker = round(7 * grow, 1)
    drawn = notes_drawn(placed, at, categories, unit, font_px, theme, marker_px=marker)
    fig.update_layout(annotations=[*fig.layout.annotations, *drawn])


def _text_block(
    lines: list[str], x: float, y: float, shift: float, size: float, colour: str, bold=False
) -> dict:
    """Left-aligned lines whose top edge sits shift pixels above paper height y."""
    text = "<br>".join(f"<b>{line}</b>" if bold else line for line in lines)
    return dict(
        text=text,
        xref="paper",
        yref="paper",
        x=x,
        y=y,
        xanchor="left",
        yanchor="top",
        yshift=shift,
        align="left",
        showarrow=False,
        font=dict(size=size, color=colour),
    )


def _group_spans_with_markers(fig: go.Figure) -> None:
    """Lasting-event bars share the legend entry of their lane's markers."""
    pending = []
    for trace in fig.data:
        if trace.meta == SPANS_TRACE:
            pending.append(trace)
        elif trace.meta == EVENTS_TRACE:
            for span in pending:
                span.legendgroup = trace.legendgroup
            pending = []


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(text, width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return [html.escape(line) for line in lines]


def _ems(text: str, narrow: float) -> float:
    """Rough width of text in ems: Hangul and other wide characters take a full em."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else narrow for c in text)


def _in_sentence(label: str, lang: str) -> str:
    """A type label inside an English sentence is lower case; Korean has no case."""
    return label.lower() if language(lang) == DEFAULT_LANGUAGE else label


def _has_counts(events: pd.DataFrame) -> bool:
    return bool(events[s.COUNT].notna().any())
