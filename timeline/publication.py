"""The publication chart: newsroom sizes, a clean theme, title to credit lines, and alt text."""

from __future__ import annotations

import html
import textwrap
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import schema as s
from timeline.figures import EVENTS_TRACE, FONT, SPANS_TRACE, lane_order, timeline_spec
from timeline.filters import type_label
from timeline.load import is_http_url, split_list


@dataclass(frozen=True)
class Preset:
    """A size a newsroom publishes at, in CSS pixels (multiply by the scale for the PNG)."""

    key: str
    label: str
    width: int
    height: int


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset("article", "Article (1200×675)", 1200, 675),
        Preset("square", "Square social (1080×1080)", 1080, 1080),
        Preset("slide", "Slide (1920×1080)", 1920, 1080),
        Preset("column", "Print column (600×500, 3× for 300 dpi)", 600, 500),
    )
}
DEFAULT_PRESET = "article"
SCALES = (1, 2, 3)
MIN_SIDE = 300
MAX_SIDE = 4000
MAX_SCALE = 4
DEFAULT_CREDIT = "Chart: Inter-Korean Tensions Timeline"
INK = "#1f2328"
MUTED = "#57606a"
GRID = "#e6e8eb"

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
_HOST_PREFIXES = ("www.", "m-en.", "m.", "en.", "english.", "world.", "news.", "amp.", "v.")


@dataclass(frozen=True)
class ChartText:
    """The words printed around the chart; plain text, escaped where it is drawn."""

    title: str
    subtitle: str
    source: str
    credit: str
    updated: str


def long_date(day: date | pd.Timestamp) -> str:
    """'28 May 2024'."""
    return f"{day.day} {day:%B %Y}"


def outlet_name(url: str) -> str:
    """The outlet a source URL belongs to: a known name, else its domain without 'www.'."""
    host = urlsplit(url).netloc.lower().split(":")[0]
    if host in OUTLETS:
        return OUTLETS[host]
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host.removeprefix(prefix)
            break
    return OUTLETS.get(host, host)


def outlets(events: pd.DataFrame) -> list[str]:
    """Outlets cited by the events, most cited first (ties alphabetically)."""
    cited = Counter(
        outlet_name(url)
        for cell in events[s.SOURCES]
        for url in split_list(cell)
        if is_http_url(url)
    )
    return [name for name, _ in sorted(cited.items(), key=lambda item: (-item[1], item[0]))]


def source_line(events: pd.DataFrame, max_chars: int = 150) -> str:
    """'Sources: KBS, Yonhap and 12 more outlets' within about max_chars characters."""
    names = outlets(events)
    if not names:
        return "Sources: none given for these events"
    shown: list[str] = []
    for i, name in enumerate(names):
        rest = len(names) - i - 1
        tail = f" and {rest} more outlet{'s' if rest != 1 else ''}" if rest else ""
        if shown and len("Sources: " + ", ".join([*shown, name]) + tail) > max_chars:
            break
        shown.append(name)
    rest = len(names) - len(shown)
    if rest:
        return f"Sources: {', '.join(shown)} and {rest} more outlet{'s' if rest != 1 else ''}"
    if len(shown) == 1:
        return f"Source: {shown[0]}"
    return f"Sources: {', '.join(shown[:-1])} and {shown[-1]}"


def data_as_of(events: pd.DataFrame) -> date | None:
    """The latest day any event in the dataset covers: what the data is up to date with."""
    if events.empty:
        return None
    return events[s.END_DATE].fillna(events[s.DATE]).max().date()


def span_text(events: pd.DataFrame) -> str:
    """'from 28 May to 29 November 2024', or 'on 1 June 2024' for a single day."""
    first = events[s.DATE].min()
    last = events[s.END_DATE].fillna(events[s.DATE]).max()
    if first == last:
        return f"on {long_date(first)}"
    if first.year == last.year:
        start = f"{first.day} {first:%B}"
        return f"from {start} to {long_date(last)}"
    return f"from {long_date(first)} to {long_date(last)}"


def type_breakdown(events: pd.DataFrame, most: int = 6) -> str:
    """'32 balloon launches, 11 loudspeaker broadcasts and 1 defection', most frequent first."""
    counts = events[s.EVENT_TYPE].astype(str).value_counts(sort=False)
    order = lane_order(events)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
    parts = [f"{n} {type_label(str(k), plural=n != 1).lower()}" for k, n in ranked[:most]]
    others = sum(n for _, n in ranked[most:])
    if others:
        parts.append(f"{others} other event{'s' if others != 1 else ''}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def counts_subtitle(events: pd.DataFrame) -> str:
    """The default subtitle: what is counted and how to read the markers."""
    if events.empty:
        return "The filters leave no events."
    sized = " Larger markers report larger numbers (e.g. balloons)." if _has_counts(events) else ""
    n = len(events)
    return f"{n} event{'s' if n != 1 else ''}: {type_breakdown(events, most=4)}.{sized}"


def alt_text(events: pd.DataFrame) -> str:
    """A plain-language description of the chart: span, events by type and the peaks."""
    n = len(events)
    if n == 0:
        return "An empty timeline: the filters leave no events."
    sentences = [
        f"Timeline of {n} event{'s' if n != 1 else ''} {span_text(events)}: "
        f"{type_breakdown(events)}, one row per event type."
    ]
    months = events[s.DATE].dt.to_period("M").value_counts()
    if len(months) > 1:
        busiest, most = months.idxmax(), int(months.max())
        sentences.append(f"The busiest month was {busiest:%B %Y} with {most} events.")
    if _has_counts(events):
        counted = events[events[s.COUNT].notna()]
        # Compare like with like: the peak of the unit most events are counted in.
        unit = counted[s.COUNT_UNIT].mode().iloc[0]
        top = counted.loc[counted[counted[s.COUNT_UNIT] == unit][s.COUNT].idxmax()]
        sentences.append(
            f"The largest reported count was {top[s.COUNT]:,.0f}{' ' + unit if unit else ''} on "
            f"{long_date(top[s.DATE])} ({top[s.TITLE]})."
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
) -> ChartText:
    """The title (default: the view's caption), subtitle, source, credit and updated lines."""
    return ChartText(
        title=(title or "").strip() or caption,
        subtitle=(subtitle or "").strip() or counts_subtitle(events),
        source=source_line(events, source_chars),
        credit=(credit or "").strip() or DEFAULT_CREDIT,
        updated=f"Data as of {long_date(updated)}" if updated else "",
    )


def check_size(width: int, height: int, scale: float) -> None:
    """Raise ValueError with the allowed range when a requested size is out of bounds."""
    for name, value in (("width", width), ("height", height)):
        if not MIN_SIDE <= value <= MAX_SIDE:
            raise ValueError(
                f"{name} {value} is out of range: use {MIN_SIDE} to {MAX_SIDE} pixels."
            )
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(f"scale {scale} is out of range: use a number above 0 up to {MAX_SCALE}.")


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
) -> go.Figure:
    """The timeline in a light publication theme at a fixed size, with its title and footer.

    Static charts have no hover, range buttons or modebar; the interactive one keeps hover and a
    clickable legend for the standalone HTML.
    """
    # A validated figure, so that the publication theme's template and layout updates apply.
    fig = go.Figure(timeline_spec(events))
    sizes = _Type(base=round(min(26.0, max(13.0, (width * height) ** 0.5 / 56)), 1))
    pad = round(sizes.base * 1.5)
    chars = lambda size: max(20, int((width - 2 * pad) / (size * 0.53)))  # noqa: E731
    title = _wrap(text.title, chars(sizes.title), 2)
    subtitle = _wrap(text.subtitle, chars(sizes.subtitle), 3)
    footer = [*_wrap(text.source, chars(sizes.footer), 2)]
    footer.append(" · ".join(part for part in (text.credit, text.updated) if part))
    lanes = [tick for tick in fig.layout.yaxis.categoryarray or []]
    label_width = max((len(lane) for lane in lanes), default=4) * sizes.tick * 0.58
    top = pad + len(title) * sizes.title * 1.3 + len(subtitle) * sizes.subtitle * 1.4 + pad * 0.8
    legend_room = sizes.tick * 2.2 if interactive else 0
    bottom = sizes.tick * 2.4 + len(footer) * sizes.footer * 1.45 + pad * 0.6
    margin = dict(
        l=round(pad + label_width + 12), r=pad, t=round(top + legend_room), b=round(bottom)
    )
    x_left = -(margin["l"] - pad) / (width - margin["l"] - margin["r"])
    title_height = len(title) * sizes.title * 1.3 + sizes.subtitle * 0.4
    grow = sizes.base / 14
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
    fig.update_layout(
        template="none",
        width=width,
        height=height,
        autosize=False,
        paper_bgcolor="white",
        plot_bgcolor="white",
        font=dict(family=FONT, size=sizes.tick, color=INK),
        margin=margin,
        showlegend=interactive,
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
        dragmode="zoom" if interactive else False,
        annotations=[
            # Annotations rather than layout.title: plotly measures their lines, so a wrapped
            # title cannot run off the top.
            _text_block(title, x_left, 1, margin["t"] - pad, sizes.title, INK, bold=True),
            _text_block(
                subtitle, x_left, 1, margin["t"] - pad - title_height, sizes.subtitle, MUTED
            ),
            _text_block(footer, x_left, 0, -round(sizes.tick * 2.2), sizes.footer, MUTED),
        ],
    )
    fig.update_xaxes(
        rangeselector=None,
        showgrid=True,
        gridcolor=GRID,
        linecolor="#8c959f",
        showline=True,
        ticks="outside",
        tickcolor="#8c959f",
        automargin=False,
        fixedrange=not interactive,
    )
    fig.update_yaxes(showgrid=True, gridcolor=GRID, automargin=False, ticksuffix="  ")
    return fig


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


def _has_counts(events: pd.DataFrame) -> bool:
    return bool(events[s.COUNT].notna().any())
