"""Writers for the filtered events and charts: CSV, JSON, TimelineJS, SVG text, standalone HTML."""

from __future__ import annotations

import base64
import html
import json
from dataclasses import replace
from datetime import date
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go

from timeline import schema as s
from timeline.config import ASSETS
from timeline.filters import describe, type_label
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    date_labels,
    event_text,
    format_date,
    format_number,
    language,
    localised_titles,
    plural,
    t,
)
from timeline.load import date_fields, is_http_url, split_list
from timeline.publication import ChartText, data_as_of, outlets
from timeline.state import TIMELINE_CHART, ViewState, query_from_state
from timeline.themes import DEFAULT_THEME, palette

# plotly.js with only the traces the app draws, built by scripts/plotly-bundle/build.sh; the
# page loads it as an asset, so dcc.Graph never fetches the full plotly.min.js.
PLOTLY_BUNDLE = ASSETS / "plotly-timeline.min.js"
LICENCE = (
    "Event descriptions: the project's own words, MIT licence; every fact is attributed to the "
    "sources listed with it."
)
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix text cells that a spreadsheet would execute with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with dates as YYYY-MM-DD text and every formula-like text cell neutralised."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
        elif not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(object).map(neutralise_formula)
    return out


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheets show Korean text), formulas neutralised."""
    return safe_table(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


FORMATS: dict[str, tuple[str, str]] = {
    "png": ("image/png", "png"),
    "svg": ("image/svg+xml", "svg"),
    "pdf": ("application/pdf", "pdf"),
    "html": ("text/html", "html"),
    "csv": ("text/csv", "csv"),
    "json": ("application/json", "json"),
    "timelinejs": ("application/json", "timelinejs.json"),
}
FONT_FILES = {400: "Pretendard-Regular.subset.woff2", 700: "Pretendard-Bold.subset.woff2"}
PAGE_FONT = "Pretendard, Inter, 'Noto Sans KR', 'Helvetica Neue', Arial, sans-serif"
LIST_COLUMNS = (s.SOURCES, s.RESPONDS_TO)


def data_table(events: pd.DataFrame) -> pd.DataFrame:
    """The event columns a reader needs, in contract order, without the loader's bookkeeping.
    Dates are written as they were given, so '1984-09' stays a month."""
    table = events[[c for c in s.KNOWN_COLUMNS if c in events.columns]]
    if s.DATE_TEXT in events.columns:
        table = table.assign(**{s.DATE: events[s.DATE_TEXT], s.END_DATE: events[s.END_DATE_TEXT]})
    return table


def json_bytes(events: pd.DataFrame) -> bytes:
    """The events as a UTF-8 JSON array; sources and responses as lists, formulas neutralised."""
    return _json(event_records(events))


def view_json_bytes(
    events: pd.DataFrame, shown: pd.DataFrame, state: ViewState, link: str
) -> bytes:
    """The rows a view shows with what a reader needs to use them: how current the data is,
    the filters in words, the outlets cited, the licence and a citation. `link` is the app's
    address; `events` is the whole dataset, for its as-of date."""
    lang = language(state.lang)
    view_link = link + query_from_state(replace(state, chart=TIMELINE_CHART))
    as_of = data_as_of(events)
    caption = describe(state.filters, shown, lang)
    meta = {
        "title": t("app.title", lang),
        "view": view_link,
        "filters": caption,
        "events": len(shown),
        "data_as_of": as_of.isoformat() if as_of else None,
        "sources": outlets(shown),
        "licence": LICENCE,
        "citation": t(
            "export.citation",
            lang,
            app=t("app.title", lang),
            caption=caption,
            day=format_date(as_of, lang) if as_of else "",
            link=view_link,
        ),
    }
    return _json({"meta": meta, "events": event_records(shown)})


CITATION_STYLES = ("APA", "Chicago", "BibTeX")
_BIBTEX_SPECIAL = str.maketrans(
    {c: "\\" + c for c in "&%$#_{}"}
    | {"~": r"\textasciitilde{}", "^": r"\^{}", "\\": r"\textbackslash{}"}
)


def citations(title: str, link: str, as_of: date | None, accessed: date) -> dict[str, str]:
    """How to cite a view in APA, Chicago and BibTeX: the project as author, the view's title
    and link, the day the data is current to and the day it was read."""
    app = t("app.title", DEFAULT_LANGUAGE)
    data = f", data as of {format_date(as_of)}" if as_of else ""
    day = f"{accessed:%B} {accessed.day}, {accessed.year}"
    note = (f"Data as of {as_of.isoformat()}; " if as_of else "") + f"accessed {accessed}"
    key = f"inter_korean_timeline_{accessed.year}"
    return {
        "APA": (
            f"{app}. ({accessed.year}, {accessed:%B} {accessed.day}). {title} "
            f"[Interactive timeline{data}]. {link}"
        ),
        "Chicago": f'{app}. "{title}." Interactive timeline{data}. Accessed {day}. {link}.',
        "BibTeX": (
            f"@misc{{{key},\n"
            f"  author = {{{{{app.translate(_BIBTEX_SPECIAL)}}}}},\n"
            f"  title = {{{title.translate(_BIBTEX_SPECIAL)}}},\n"
            f"  year = {{{accessed.year}}},\n"
            f"  howpublished = {{\\url{{{link}}}}},\n"
            f"  note = {{{note}}}\n"
            "}"
        ),
    }


def citation_text(title: str, link: str, as_of: date | None, accessed: date) -> str:
    """The three citations under their style's name, as the "Cite this" box shows them."""
    cited = citations(title, link, as_of, accessed)
    return "\n\n".join(f"{style}\n{cited[style]}" for style in CITATION_STYLES)


def event_records(events: pd.DataFrame) -> list[dict]:
    """One dict per event with dates as YYYY-MM-DD, blanks as null and list cells as lists."""
    table = safe_table(data_table(events)).astype(object)
    table = table.where(table.notna() & (table != ""), None)
    records = table.to_dict(orient="records")
    for record in records:
        for column in LIST_COLUMNS:
            if column in record:
                record[column] = split_list(record[column])
    return records


def timelinejs_bytes(
    events: pd.DataFrame, headline: str, text: str = "", lang: str = DEFAULT_LANGUAGE
) -> bytes:
    """The events in TimelineJS 3 JSON, titles and groups in lang; the text is escaped HTML with
    http(s) source links only."""
    slides = []
    titles = localised_titles(events, lang)
    for row, title in zip(events.itertuples(index=False), titles, strict=True):
        slide = {
            "unique_id": row.id,
            "start_date": _tl_date(row, s.DATE),
            "text": {"headline": html.escape(title), "text": _slide_text(row, lang)},
            "group": type_label(str(row.event_type), plural=True, lang=lang),
        }
        if not pd.isna(row.end_date) and row.end_date != row.date:
            slide["end_date"] = _tl_date(row, s.END_DATE)
        slides.append(slide)
    title = {"text": {"headline": html.escape(headline), "text": f"<p>{html.escape(text)}</p>"}}
    return _json({"title": title, "events": slides})


def font_face_css(weights: dict[int, str] = FONT_FILES, served: str = "") -> str:
    """@font-face rules with the shipped fonts inlined, for files that must work offline, or
    loaded from `served` (the app's fonts folder, for the pages it serves)."""
    rules = []
    for weight, name in weights.items():
        if served:
            source = html.escape(served + name)
        else:
            data = base64.b64encode((ASSETS / "fonts" / name).read_bytes()).decode("ascii")
            source = f"data:font/woff2;base64,{data}"
        rules.append(
            "@font-face{font-family:'Pretendard';"
            f"font-weight:{weight};src:url({source}) format('woff2');}}"
        )
    return "".join(rules)


def describe_svg(svg: bytes, title: str, description: str, embed_fonts: bool = True) -> bytes:
    """The SVG with an accessible <title> and <desc> (and the fonts inlined) as its first children."""
    text = svg.decode("utf-8")
    start = text.index("<svg")
    end = text.index(">", start) + 1
    opening = text[start:end]
    if "role=" not in opening:
        opening = opening[:-1] + ' role="img" aria-labelledby="chart-title chart-desc">'
    head = (
        f'<title id="chart-title">{html.escape(title)}</title>'
        f'<desc id="chart-desc">{html.escape(description)}</desc>'
    )
    if embed_fonts:
        head += f"<style>{font_face_css()}</style>"
    return (text[:start] + opening + head + text[end:]).encode("utf-8")


def page_head(lang: str, title: str, alt: str) -> str:
    """The start of a standalone page: doctype, language, title and description, escaped."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<meta name="description" content="{html.escape(alt)}">\n'
    )


def standalone_html(
    fig: go.Figure,
    text: ChartText,
    alt: str,
    events: pd.DataFrame,
    plotlyjs: str | bool = True,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
) -> str:
    """One HTML file that works offline: chart with hover, zoom and legend, alt text, sources.

    The page's words are in lang and its colours follow theme, like the figure's.
    plotly.js (the app's own bundle, PLOTLY_BUNDLE) is inlined unless plotlyjs names a script URL
    (the app's served embed does that). Every piece of event text is escaped and only http(s)
    sources become links.
    """
    chart = fig.to_html(
        full_html=False,
        include_plotlyjs=False if plotlyjs is True else plotlyjs,
        config={
            "displaylogo": False,
            "responsive": True,
            "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        },
        default_width="100%",
        default_height=f"{fig.layout.height or 600}px",
    )
    if plotlyjs is True:
        chart = f"<script>{PLOTLY_BUNDLE.read_text(encoding='utf-8')}</script>\n{chart}"
    footer = " · ".join(p for p in (text.credit, text.updated) if p)
    c = palette(theme)
    return f"""{page_head(lang, text.title, alt)}<style>{font_face_css()}
body{{margin:0;padding:16px;font-family:{PAGE_FONT};color:{c["ink"]};background:{c["paper"]}}}
figure{{margin:0;max-width:{fig.layout.width or 1200}px}}
figcaption{{color:{c["muted"]};font-size:14px;line-height:1.45}}
.alt{{margin:8px 0}} table{{border-collapse:collapse;font-size:14px;margin-top:16px}}
th,td{{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid {c["grid"]}}}
a{{color:{c["accent"]}}} details{{margin-top:12px}}
</style>
</head>
<body>
<figure role="figure" aria-label="{html.escape(text.title)}">
{chart}
<figcaption>
<p class="alt">{html.escape(alt)}</p>
<p>{html.escape(text.source)}. {html.escape(footer)}.</p>
</figcaption>
</figure>
{events_details(events, lang, folded=False)}
</body>
</html>
"""


def embed_snippet(url: str, title: str, width: int, height: int, script: str = "") -> str:
    """A responsive iframe (the page's width, up to the view's) that shows a served view on
    another page; with `script` (the app's /embed.js), its height follows the embedded page."""
    frame = (
        f'<iframe src="{html.escape(url)}" title="{html.escape(title)}" width="100%" '
        f'height="{int(height) + 200}" style="border:0;max-width:{int(width) + 40}px" '
        'loading="lazy"'
    )
    if not script:
        return frame + "></iframe>"
    return (
        frame + f' {EMBED_ATTRIBUTE}></iframe>\n<script src="{html.escape(script)}" async></script>'
    )


# The message an embedded page sends its parent with its height, and the attribute that marks
# the iframes the app's embed script resizes.
EMBED_MESSAGE = "inter-korean-timeline:height"
EMBED_ATTRIBUTE = "data-timeline-embed"
# Served at /embed.js for the pages that embed a view: each marked iframe takes the height its
# page reports, so no scroll bar or empty band shows at any width.
EMBED_SCRIPT = f"""(function () {{
  window.addEventListener("message", function (event) {{
    var data = event.data;
    if (!data || data.type !== "{EMBED_MESSAGE}" || !(data.height > 0)) return;
    var frames = document.querySelectorAll("iframe[{EMBED_ATTRIBUTE}]");
    for (var i = 0; i < frames.length; i++) {{
      if (frames[i].contentWindow === event.source) {{
        frames[i].style.height = Math.ceil(data.height) + "px";
      }}
    }}
  }});
}})();
"""
# Below this frame width the embed draws its narrow chart (laid out for NARROW_WIDTH).
NARROW_FROM = 600
NARROW_WIDTH = 360
# The embedded page draws the chart that fits its frame, at the frame's width, and tells the
# page around it how tall it is.
_EMBED_PAGE_SCRIPT = f"""(function () {{
  var figures = JSON.parse(document.getElementById("figures").textContent);
  var chart = document.getElementById("chart");
  var config = {{displaylogo: false, responsive: false,
    modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"]}};
  var drawn = null;
  function tell() {{
    if (window.parent !== window) {{
      window.parent.postMessage({{type: "{EMBED_MESSAGE}",
        height: document.documentElement.scrollHeight}}, "*");
    }}
  }}
  function draw() {{
    var width = chart.clientWidth;
    var key = width < {NARROW_FROM} ? "narrow" : "wide";
    var figure = figures[key];
    var layout = Object.assign({{}}, figure.layout, {{width: width, autosize: false}});
    if (key !== drawn) {{
      Plotly.react(chart, figure.data, layout, config).then(tell);
      drawn = key;
    }} else {{
      Plotly.relayout(chart, {{width: width}}).then(tell);
    }}
  }}
  var timer = null;
  window.addEventListener("resize", function () {{
    clearTimeout(timer);
    timer = setTimeout(draw, 100);
  }});
  if (window.ResizeObserver) new ResizeObserver(tell).observe(document.body);
  draw();
}})();
"""


def embed_html(
    figures: dict[str, go.Figure],
    text: ChartText,
    alt: str,
    events: pd.DataFrame,
    plotlyjs: str,
    lang: str = DEFAULT_LANGUAGE,
    theme: str = DEFAULT_THEME,
    oembed: str = "",
    fonts: str = "",
    total: int | None = None,
) -> str:
    """The /embed page: the view's title, subtitle, chart, sources and credit, fitting any frame
    from 320 to 1200 pixels wide. The words are page text (they wrap to the frame); the chart is
    the "wide" figure at the frame's width, or below NARROW_FROM pixels the "narrow" one, whose
    ticks and notes are laid out for a phone. `fonts` is where the app serves its fonts; `total`
    is the number of events in the view when `events` lists only the first of them."""
    data = json.dumps(
        {key: json.loads(fig.to_json()) for key, fig in figures.items()}, separators=(",", ":")
    ).replace("</", "<\\/")
    footer = " · ".join(p for p in (text.credit, text.updated) if p)
    c = palette(theme)
    discovery = (
        f'<link rel="alternate" type="application/json+oembed" href="{html.escape(oembed)}" '
        f'title="{html.escape(text.title)}">\n'
        if oembed
        else ""
    )
    return f"""{page_head(lang, text.title, alt)}{discovery}<style>{font_face_css(served=fonts)}
html,body{{margin:0;background:{c["paper"]}}}
body{{padding:12px 12px 8px;font-family:{PAGE_FONT};color:{c["ink"]};overflow-x:hidden}}
h1{{font-size:clamp(18px,3.2vw,26px);line-height:1.25;margin:0 0 4px;overflow-wrap:anywhere}}
.subtitle{{color:{c["muted"]};font-size:clamp(13px,2vw,16px);line-height:1.4;margin:0 0 6px}}
#chart{{width:100%;min-height:200px}}
footer{{color:{c["muted"]};font-size:13px;line-height:1.45;margin-top:4px}}
footer p{{margin:2px 0}} table{{border-collapse:collapse;font-size:13px;margin-top:8px}}
th,td{{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid {c["grid"]}}}
a{{color:{c["accent"]}}} details{{margin-top:6px;font-size:13px}}
.sr-only{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}
</style>
</head>
<body>
<figure role="figure" aria-label="{html.escape(text.title)}" style="margin:0">
<h1>{html.escape(text.title)}</h1>
<p class="subtitle">{html.escape(text.subtitle)}</p>
<div id="chart"></div>
<p class="sr-only">{html.escape(alt)}</p>
<footer>
<p>{html.escape(text.source)}.</p>
<p>{html.escape(footer)}.</p>
</footer>
</figure>
{events_details(events, lang, folded=True, total=total)}
<script src="{html.escape(plotlyjs)}"></script>
<script type="application/json" id="figures">{data}</script>
<script>{_EMBED_PAGE_SCRIPT}</script>
</body>
</html>
"""


def events_details(events: pd.DataFrame, lang: str, folded: bool, total: int | None = None) -> str:
    """The shown events and their sources as a table under a summary, folded or open; when they
    are the first of `total` events, the summary says so."""
    headings = [t(key, lang) for key in ("table.date", "table.type", "export.event")]
    headings.append(t("table.sources", lang))
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headings)
    if total is not None and total > len(events):
        summary = t(
            "export.first_events_and_sources",
            lang,
            shown=format_number(len(events)),
            n=format_number(total),
        )
    else:
        summary = plural("export.events_and_sources", len(events), lang)
    return (
        f"<details{'' if folded else ' open'}>\n<summary>{html.escape(summary)}</summary>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{_html_rows(events, lang)}\n"
        "</tbody>\n</table>\n</details>"
    )


def _html_rows(events: pd.DataFrame, lang: str) -> str:
    """The table rows of the standalone page: date (or span), type, title and source links."""
    days = date_labels(events[s.DATE], lang)
    ends = date_labels(events[s.END_DATE].fillna(events[s.DATE]), lang)
    titles = localised_titles(events, lang)
    rows = []
    for row, day, end, title in zip(
        events.itertuples(index=False), days, ends, titles, strict=True
    ):
        if not pd.isna(row.end_date) and row.end_date != row.date:
            day = t("hover.span", lang, start=day, end=end)
        links = "<br>".join(_link(url) for url in split_list(row.sources))
        rows.append(
            f"<tr><td>{html.escape(day)}</td>"
            f"<td>{html.escape(type_label(str(row.event_type), lang=lang))}</td>"
            f"<td>{html.escape(title)}</td><td>{links or t('export.none_given', lang)}</td></tr>\n"
        )
    return "".join(rows)


def _link(url: str) -> str:
    if not is_http_url(url):
        return html.escape(url)
    host = urlsplit(url).netloc.removeprefix("www.")
    return (
        f'<a href="{html.escape(url)}" rel="noopener noreferrer" target="_blank">'
        f"{html.escape(host)}</a>"
    )


def _slide_text(row, lang: str) -> str:
    description = event_text(row._asdict(), s.DESCRIPTION, lang)
    parts = [f"<p>{html.escape(description)}</p>"] if description else []
    links = [_link(url) for url in split_list(row.sources) if is_http_url(url)]
    if links:
        parts.append(f"<p>{t('export.sources', lang, names=', '.join(links))}</p>")
    return "".join(parts)


def _tl_date(row, column: str) -> dict[str, str]:
    """TimelineJS's year, month and day of a date, leaving out what is not known."""
    written = getattr(row, f"{column}_text", None)
    if written:
        return date_fields(written)
    day = getattr(row, column)
    return {"year": str(day.year), "month": str(day.month), "day": str(day.day)}


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
