"""The export panel: publication images, standalone HTML, embed code, data and alt text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

import flask
import pandas as pd
import plotly.graph_objects as go
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from timeline import layout as ids
from timeline import schema as s
from timeline.datasets import Dataset, Datasets
from timeline.density import DETAIL_LIMIT
from timeline.export import (
    EMBED_SCRIPT,
    NARROW_FROM,
    NARROW_WIDTH,
    PLOTLY_BUNDLE,
    citation_text,
    csv_bytes,
    data_table,
    embed_html,
    embed_snippet,
    view_json_bytes,
)
from timeline.figures import BLANK_FIGURE, timeline_view_spec
from timeline.i18n import DEFAULT_LANGUAGE, format_number, t
from timeline.publication import DEFAULT_PRESET, MAX_SIDE, MIN_SIDE, PRESETS, SCALES, data_as_of
from timeline.render import BrowserError
from timeline.security import viewer
from timeline.state import CHARTS, TIMELINE_CHART, ViewState, custom_size, query_from_state
from timeline.translated import tr
from timeline.view_export import (
    ExportOptions,
    export_view,
    view_figure,
    view_text,
)

# The most events /events.csv and /events.json send at once (about 7 MB of CSV): a bigger view
# is refused with a sentence saying how to narrow it.
MAX_SERVED_ROWS = 20_000
# A view too large to draw event by event lists this many of its events under the embed.
EMBED_LISTED = 500
EXPORT_TITLE = "export-title"
EXPORT_SUBTITLE = "export-subtitle"
EXPORT_CREDIT = "export-credit"
EXPORT_PRESET = "export-preset"
EXPORT_WIDTH = "export-width"
EXPORT_HEIGHT = "export-height"
EXPORT_SCALE = "export-scale"
EXPORT_BUTTON = "export-button"
EXPORT_DOWNLOAD = "export-download"
EXPORT_STATUS = "export-status"
ALT_TEXT = "alt-text"
EMBED_CODE = "embed-code"
CITATION = "citation"
CITATION_COPY = "citation-copy"
EXPORT_PANEL = "export-panel"
# Whether the panel is open, written in the browser by assets/export.js: the panel's words and
# preview are worked out only while someone can see them.
EXPORT_OPEN = "export-open"
EXPORT_CHART = "export-chart"
EXPORT_PREVIEW = "export-preview"
EXPORT_PREVIEW_BOX = "export-preview-box"
CSV_LINK = "export-csv-link"
JSON_LINK = "export-json-link"
EMBED_PATH = "/embed"
PLOTLY_PATH = "/embed/plotly.min.js"
# The script a page that embeds a view loads, so that each iframe takes its page's height.
EMBED_SCRIPT_PATH = "/embed.js"
# oEmbed: a CMS given a view's link asks here for its embed code.
OEMBED_PATH = "/oembed"
CSV_PATH = "/events.csv"
JSON_PATH = "/events.json"
# The preview shows the export at its real size, scaled to this width.
PREVIEW_WIDTH = 216
# The export panel's fields that are part of the view, by the name the main callback uses.
FIELDS = {
    "export_title": EXPORT_TITLE,
    "export_subtitle": EXPORT_SUBTITLE,
    "export_credit": EXPORT_CREDIT,
    "export_preset": EXPORT_PRESET,
    "export_width": EXPORT_WIDTH,
    "export_height": EXPORT_HEIGHT,
    "export_chart": EXPORT_CHART,
}
ALT_TEXT_COPY = "alt-text-copy"
EMBED_CODE_COPY = "embed-code-copy"
# Format names are the same in every language; None means the catalogue has a name for it.
BUTTON_LABELS = {
    "png": "PNG",
    "svg": "SVG",
    "pdf": "PDF",
    "html": None,
    "csv": "CSV",
    "json": "JSON",
    "timelinejs": "TimelineJS",
}


def button_label(fmt: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The name of an export format on its button: 'PNG', 'Interactive HTML'."""
    return BUTTON_LABELS[fmt] or t(f"export.format.{fmt}", lang)


def preset_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The size choices, labelled in lang."""
    return [{"label": p.label(lang), "value": p.key} for p in PRESETS.values()]


def chart_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The charts an export can draw, labelled in lang."""
    return [{"label": t(f"export.chart.{key}", lang), "value": key} for key in CHARTS]


def export_controls() -> dict[str, Input]:
    """The panel's fields that change the view, as inputs of the main callback."""
    return {name: Input(component, "value") for name, component in FIELDS.items()}


def export_outputs() -> dict[str, Output]:
    """What the panel shows for a view, by name."""
    return {
        **{name: Output(component, "value") for name, component in FIELDS.items()},
        "alt_text": Output(ALT_TEXT, "value"),
        "embed_code": Output(EMBED_CODE, "value"),
        "citation": Output(CITATION, "value"),
        "title_placeholder": Output(EXPORT_TITLE, "placeholder"),
        "subtitle_placeholder": Output(EXPORT_SUBTITLE, "placeholder"),
        "preview": Output(EXPORT_PREVIEW, "figure"),
        "preview_box": Output(EXPORT_PREVIEW_BOX, "style"),
        "csv_link": Output(CSV_LINK, "href"),
        "json_link": Output(JSON_LINK, "href"),
    }


def view_with_export_field(state: ViewState, trigger: str, values: dict) -> ViewState:
    """The view after an edit of one of the panel's fields (values by FIELDS name)."""
    name = next(n for n, component in FIELDS.items() if component == trigger)
    value = values[name]
    if name in ("export_title", "export_subtitle", "export_credit"):
        return replace(state, **{name.removeprefix("export_"): (value or "").strip()})
    if name == "export_chart":
        return replace(state, chart=value if value in CHARTS else state.chart)
    if name == "export_preset":
        return replace(state, size=None if value in (None, DEFAULT_PRESET) else value)
    return replace(state, size=size_key(values["export_width"], values["export_height"]))


def size_key(width, height) -> str | None:
    """The view's size for a width and height: a preset's key when one matches, else 'WxH'."""
    try:
        width, height = int(width), int(height)
    except (TypeError, ValueError):
        return None
    width, height = (min(MAX_SIDE, max(MIN_SIDE, side)) for side in (width, height))
    for preset in PRESETS.values():
        if (preset.width, preset.height) == (width, height):
            return None if preset.key == DEFAULT_PRESET else preset.key
    return f"{width}x{height}"


def export_view_state(data: Dataset, state: ViewState, app: Dash, host: str) -> dict:
    """Everything the open panel shows for a view: its fields, words, preview and links."""
    options = ExportOptions.for_view(state, "png")
    view = view_text(data.events, state.filters, options, data.shown(state.filters))
    query = query_from_state(state)
    url = host + app.get_relative_path(EMBED_PATH) + query
    scale = PREVIEW_WIDTH / options.width
    preview = view_figure(view, options)
    return {
        "export_title": state.title,
        "export_subtitle": state.subtitle,
        "export_credit": state.credit,
        "export_preset": state.size
        if state.size in PRESETS
        else (None if custom_size(state.size) else DEFAULT_PRESET),
        "export_width": options.width,
        "export_height": options.height,
        "export_chart": state.chart,
        "alt_text": view.alt,
        "embed_code": embed_snippet(
            url,
            view.text.title,
            options.width,
            options.height,
            host + app.get_relative_path(EMBED_SCRIPT_PATH),
        ),
        "citation": citation_text(
            view.text.title,
            host + app.get_relative_path("/") + query,
            data_as_of(data.events),
            date.today(),
        ),
        "title_placeholder": view.text.title,
        "subtitle_placeholder": view.text.subtitle,
        "preview": preview,
        "preview_box": {
            "--preview-scale": f"{scale:.4f}",
            "width": f"{PREVIEW_WIDTH}px",
            "height": f"{round(options.height * scale)}px",
        },
        "csv_link": app.get_relative_path(CSV_PATH) + query,
        "json_link": app.get_relative_path(JSON_PATH) + query,
    }


def export_panel() -> html.Details:
    """The panel shown under the filters; its words follow the interface language."""
    article = PRESETS[DEFAULT_PRESET]
    return html.Details(
        id=EXPORT_PANEL,
        className="control export",
        open=False,
        children=[
            tr("export.heading", html.Summary, className="export-summary"),
            dcc.Store(id=EXPORT_OPEN, data=False),
            tr("export.chart", html.Span, className="label"),
            dcc.RadioItems(
                id=EXPORT_CHART,
                className="checklist",
                options=chart_options(),
                value=CHARTS[0],
            ),
            tr("export.preview", html.Span, className="label"),
            html.Div(
                id=EXPORT_PREVIEW_BOX,
                className="export-preview",
                children=dcc.Graph(
                    id=EXPORT_PREVIEW,
                    figure=BLANK_FIGURE,
                    config={"staticPlot": True, "displayModeBar": False},
                ),
            ),
            _field(
                "export.title", dcc.Input(id=EXPORT_TITLE, type="text", value="", debounce=True)
            ),
            _field(
                "export.subtitle",
                dcc.Input(id=EXPORT_SUBTITLE, type="text", value="", debounce=True),
            ),
            _field(
                "export.credit",
                dcc.Input(
                    id=EXPORT_CREDIT,
                    type="text",
                    value="",
                    debounce=True,
                    placeholder=t("export.credit_placeholder"),
                ),
            ),
            tr("export.size", html.Span, className="label"),
            dcc.RadioItems(
                id=EXPORT_PRESET,
                className="checklist",
                options=preset_options(),
                value=DEFAULT_PRESET,
            ),
            html.Div(
                className="export-size",
                children=[
                    _field("export.width", _number(EXPORT_WIDTH, article.width)),
                    _field("export.height", _number(EXPORT_HEIGHT, article.height)),
                ],
            ),
            tr("export.density", html.Span, className="label"),
            dcc.RadioItems(
                id=EXPORT_SCALE,
                className="export-scale",
                options=[{"label": f"{n}×", "value": n} for n in SCALES],
                value=2,
                inline=True,
            ),
            html.Div(
                className="export-buttons",
                children=[
                    html.Button(
                        label or tr(f"export.format.{fmt}"),
                        id={"type": EXPORT_BUTTON, "format": fmt},
                        className="button",
                        title=t("export.download_as", format=button_label(fmt)),
                    )
                    for fmt, label in BUTTON_LABELS.items()
                ],
            ),
            dcc.Loading(html.P(id=EXPORT_STATUS, className="hint", role="status"), type="dot"),
            html.P(
                className="export-data-links",
                children=[
                    tr("export.data_links", html.Span),
                    " ",
                    html.A("events.csv", id=CSV_LINK, href=CSV_PATH),
                    " · ",
                    html.A("events.json", id=JSON_LINK, href=JSON_PATH),
                ],
            ),
            _copyable("export.alt_text", "export.copy.alt_text", ALT_TEXT, ALT_TEXT_COPY),
            _copyable("export.embed_code", "export.copy.embed_code", EMBED_CODE, EMBED_CODE_COPY),
            _copyable("export.cite", "export.copy.cite", CITATION, CITATION_COPY),
            dcc.Download(id=EXPORT_DOWNLOAD),
        ],
    )


def panel_props(lang: str) -> list[tuple[str, str, object]]:
    """The panel's translated props, as (component id, prop, value)."""
    return [
        (EXPORT_PRESET, "options", preset_options(lang)),
        (EXPORT_CHART, "options", chart_options(lang)),
        (EXPORT_CREDIT, "placeholder", t("export.credit_placeholder", lang)),
        (ALT_TEXT_COPY, "title", t("export.copy.alt_text", lang)),
        (EMBED_CODE_COPY, "title", t("export.copy.embed_code", lang)),
        (CITATION_COPY, "title", t("export.copy.cite", lang)),
        *[
            (
                {"type": EXPORT_BUTTON, "format": fmt},
                "title",
                t("export.download_as", lang, format=button_label(fmt, lang)),
            )
            for fmt in BUTTON_LABELS
        ],
    ]


def register_export(
    app: Dash, datasets: Datasets, context: pd.DataFrame, periods: pd.DataFrame | None = None
) -> None:
    """Wire the export panel's downloads and serve a view as a page (/embed) and as data
    (/events.csv, /events.json). `context` is the yearly series the context chart draws,
    `periods` the lasting states a view may shade."""

    @app.callback(
        Output(EXPORT_DOWNLOAD, "data"),
        Output(EXPORT_STATUS, "children"),
        Input({"type": EXPORT_BUTTON, "format": ALL}, "n_clicks"),
        State(ids.URL, "search"),
        State(EXPORT_SCALE, "value"),
        *[State(component, "value") for component in FIELDS.values()],
        prevent_initial_call=True,
    )
    def download(clicks, search, scale, *fields):
        if not ctx.triggered_id or not any(clicks):
            return no_update, no_update
        data, state, _ = datasets.read_view(search, viewer())
        # A field typed and left by clicking a button may not be in the link yet.
        values = dict(zip(FIELDS, fields, strict=True))
        for component in FIELDS.values():
            state = view_with_export_field(state, component, values)
        options = ExportOptions.for_view(state, ctx.triggered_id["format"], scale or 1)
        try:
            exported = export_view(
                data.events, state.filters, options, context=context, periods=periods
            )
        except (ValueError, BrowserError) as error:
            return no_update, str(error)
        note = t(
            "export.downloaded",
            options.language,
            name=exported.filename,
            size=format_number(len(exported.content)),
        )
        return dcc.send_bytes(exported.content, exported.filename, type=exported.media_type), note

    def requested() -> tuple[Dataset, ViewState]:
        link = flask.request.query_string.decode("utf-8", "replace")
        data, state, _ = datasets.read_view(link, viewer())
        return data, state

    @app.server.route(EMBED_PATH)
    def embed_page():
        data, state = requested()
        options = ExportOptions.for_view(state, "html")
        view = view_text(data.events, state.filters, options, data.shown(state.filters))
        listed, detailed = view.shown, len(view.shown) <= DETAIL_LIMIT
        if detailed or options.chart != TIMELINE_CHART:
            figures = embed_figures(view, options, context, periods)
        else:
            # As the explorer does: counts per lane and period instead of a marker per event,
            # so the page stays small however many events the view holds.
            figures = overview_figures(data, state, options)
        if not detailed:
            listed = view.shown.iloc[:EMBED_LISTED]
        query = flask.request.query_string.decode("utf-8", "replace")
        link = flask.request.host_url.rstrip("/") + app.get_relative_path(EMBED_PATH)
        oembed = app.get_relative_path(OEMBED_PATH) + "?" + urlencode({"url": f"{link}?{query}"})
        page = embed_html(
            figures,
            view.text,
            view.alt,
            listed,
            app.get_relative_path(PLOTLY_PATH),
            options.language,
            options.chart_theme,
            oembed,
            fonts=app.get_asset_url("fonts/"),
            total=len(view.shown),
        )
        return _shared(flask.Response(page, mimetype="text/html"))

    @app.server.route(EMBED_SCRIPT_PATH)
    def embed_script():
        return _shared(flask.Response(EMBED_SCRIPT, mimetype="text/javascript"))

    @app.server.route(OEMBED_PATH)
    def oembed():
        link = flask.request.args.get("url", "")
        data, state, _ = datasets.read_view(link, viewer())
        options = ExportOptions.for_view(state, "html")
        view = view_text(data.events, state.filters, options, data.shown(state.filters))
        host = flask.request.host_url.rstrip("/")
        answer = oembed_answer(
            host + app.get_relative_path(EMBED_PATH) + query_from_state(state),
            host + app.get_relative_path(EMBED_SCRIPT_PATH),
            view.text.title,
            options,
            flask.request.args.get("maxwidth", type=int),
        )
        return flask.jsonify(answer)

    @app.server.route(CSV_PATH)
    def events_csv():
        data, state = requested()
        shown = data.shown(state.filters)
        if len(shown) > MAX_SERVED_ROWS:
            return too_many_rows(len(shown), CSV_PATH)
        content = csv_bytes(data_table(shown))
        return _attachment(content, "text/csv; charset=utf-8", "events.csv")

    @app.server.route(JSON_PATH)
    def events_json():
        data, state = requested()
        link = flask.request.host_url.rstrip("/") + app.get_relative_path("/")
        shown = data.shown(state.filters)
        if len(shown) > MAX_SERVED_ROWS:
            return too_many_rows(len(shown), JSON_PATH)
        content = view_json_bytes(data.events, shown, state, link)
        return flask.Response(content, mimetype="application/json")

    @app.server.route(PLOTLY_PATH)
    def embed_plotly():
        return flask.send_file(PLOTLY_BUNDLE, mimetype="text/javascript", max_age=86400)


def embed_figures(view, options: ExportOptions, context: pd.DataFrame | None, periods=None) -> dict:
    """The embed's two charts, without title or footer: "wide" at the view's width (drawn at
    the frame's width from NARROW_FROM pixels up) and "narrow", laid out for a phone."""
    # Laid out for the narrowest frame it is drawn in, so that markers never meet when wider.
    wide = replace(
        options,
        width=NARROW_FROM + 40,
        height=round((NARROW_FROM + 40) * options.height / options.width * 1.1),
    )
    lanes = max(1, len(set(view.shown[s.EVENT_TYPE].astype(str)))) if len(view.shown) else 1
    narrow = replace(options, width=NARROW_WIDTH, height=max(420, 140 + 44 * lanes))
    figures = {}
    for key, sized in (("wide", wide), ("narrow", narrow)):
        fig = view_figure(
            view, sized, interactive=True, context=context, framed=False, periods=periods
        )
        # The page writes the title above; lanes are labelled on the axis, so no legend.
        fig.update_layout(showlegend=False)
        if key == "narrow" and options.chart != "map":
            fig.update_xaxes(nticks=4, tickangle=0)
        figures[key] = fig
    return figures


def oembed_answer(
    url: str, script: str, title: str, options: ExportOptions, max_width: int | None = None
) -> dict:
    """The oEmbed (1.0, type "rich") answer for a view: its responsive embed code and size."""
    width = min(options.width, max_width) if max_width else options.width
    height = round(options.height * width / options.width) + 200
    return {
        "version": "1.0",
        "type": "rich",
        "provider_name": t("app.title", options.language),
        "title": title,
        "html": embed_snippet(url, title, width, height - 200, script),
        "width": width,
        "height": height,
    }


def overview_figures(data: Dataset, state: ViewState, options: ExportOptions) -> dict:
    """The embed's charts for a view of more than DETAIL_LIMIT events: the explorer's level of
    detail (counts per lane and period), the same at every width."""
    spec = timeline_view_spec(
        data.events,
        options.window,
        rows=data.rows(state.filters),
        lang=options.language,
        theme=options.chart_theme,
    )
    fig = go.Figure(spec)
    fig.update_layout(showlegend=False, margin_t=12, height=round(options.height * 0.8))
    return {"wide": fig, "narrow": fig}


def too_many_rows(count: int, path: str) -> flask.Response:
    """413 with a sentence: the view holds more events than one request may carry."""
    return flask.Response(
        f"413 This view has {count:,} events; {path} sends at most {MAX_SERVED_ROWS:,} at once. "
        "Narrow the view (event types, actors, dates, search), or export it on the server: "
        "timeline export --view '?…' --format csv\n",
        status=413,
        mimetype="text/plain",
    )


def _shared(response: flask.Response) -> flask.Response:
    """A response other sites may load: the embed page in their iframes, its script in theirs."""
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _attachment(content: bytes, media_type: str, filename: str) -> flask.Response:
    response = flask.Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _field(key: str, control) -> html.Label:
    return html.Label(className="control", children=[tr(key, className="label"), control])


def _number(component_id: str, value: int) -> dcc.Input:
    return dcc.Input(
        id=component_id,
        type="number",
        min=MIN_SIDE,
        max=MAX_SIDE,
        step=1,
        value=value,
        debounce=True,
    )


def _copyable(key: str, copy_key: str, component_id: str, copy_id: str) -> html.Div:
    return html.Div(
        className="control copyable",
        children=[
            html.Div(
                className="control-head",
                children=[
                    tr(key, html.Label, htmlFor=component_id, className="label"),
                    dcc.Clipboard(
                        id=copy_id,
                        target_id=component_id,
                        title=t(copy_key),
                    ),
                ],
            ),
            dcc.Textarea(id=component_id, readOnly=True, rows=4, className="copy-text"),
        ],
    )
