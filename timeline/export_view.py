"""The export panel: publication images, standalone HTML, embed code, data and alt text."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import flask
import plotly
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from timeline import layout as ids
from timeline.datasets import Datasets
from timeline.export import embed_snippet
from timeline.i18n import DEFAULT_LANGUAGE, format_number, language, t
from timeline.publication import DEFAULT_PRESET, MAX_SIDE, MIN_SIDE, PRESETS, SCALES
from timeline.render import BrowserError
from timeline.state import in_link_order, state_from_query
from timeline.translated import tr
from timeline.view_export import ExportOptions, export_view, interactive_html, view_text

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
EMBED_PATH = "/embed"
PLOTLY_PATH = "/embed/plotly.min.js"
DATASET_PARAM = "dataset"
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
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def button_label(fmt: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The name of an export format on its button: 'PNG', 'Interactive HTML'."""
    return BUTTON_LABELS[fmt] or t(f"export.format.{fmt}", lang)


def preset_options(lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The size choices, labelled in lang."""
    return [{"label": p.label(lang), "value": p.key} for p in PRESETS.values()]


def export_panel() -> html.Details:
    """The panel shown under the filters; its words follow the interface language."""
    article = PRESETS[DEFAULT_PRESET]
    return html.Details(
        className="control export",
        open=True,
        children=[
            tr("export.heading", html.Summary, className="export-summary"),
            _field("export.title", dcc.Input(id=EXPORT_TITLE, type="text", debounce=True)),
            _field("export.subtitle", dcc.Input(id=EXPORT_SUBTITLE, type="text", debounce=True)),
            _field(
                "export.credit",
                dcc.Input(
                    id=EXPORT_CREDIT,
                    type="text",
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
            _copyable("export.alt_text", "export.copy.alt_text", ALT_TEXT, ALT_TEXT_COPY),
            _copyable("export.embed_code", "export.copy.embed_code", EMBED_CODE, EMBED_CODE_COPY),
            dcc.Download(id=EXPORT_DOWNLOAD),
        ],
    )


def panel_props(lang: str) -> list[tuple[str, str, object]]:
    """The panel's translated props, as (component id, prop, value)."""
    return [
        (EXPORT_PRESET, "options", preset_options(lang)),
        (EXPORT_CREDIT, "placeholder", t("export.credit_placeholder", lang)),
        (ALT_TEXT_COPY, "title", t("export.copy.alt_text", lang)),
        (EMBED_CODE_COPY, "title", t("export.copy.embed_code", lang)),
    ]


def register_export(app: Dash, datasets: Datasets) -> None:
    """Wire the export panel and serve the /embed page of a view."""

    @app.callback(
        Output(EXPORT_WIDTH, "value"),
        Output(EXPORT_HEIGHT, "value"),
        Input(EXPORT_PRESET, "value"),
        prevent_initial_call=True,
    )
    def apply_preset(key):
        preset = PRESETS.get(key, PRESETS[DEFAULT_PRESET])
        return preset.width, preset.height

    @app.callback(
        *[Output(component, prop) for component, prop, _ in panel_props(DEFAULT_LANGUAGE)],
        Output({"type": EXPORT_BUTTON, "format": ALL}, "title"),
        Input(ids.URL, "search"),
    )
    def translate_panel(search):
        lang = view_language(search)
        buttons = [
            t("export.download_as", lang, format=button_label(o["id"]["format"], lang))
            for o in ctx.outputs_list[-1]
        ]
        return (*[value for _, _, value in panel_props(lang)], buttons)

    @app.callback(
        Output(ALT_TEXT, "value"),
        Output(EMBED_CODE, "value"),
        Output(EXPORT_TITLE, "placeholder"),
        Output(EXPORT_SUBTITLE, "placeholder"),
        Input(ids.URL, "search"),
        Input(ids.DATASET, "data"),
        Input(EXPORT_WIDTH, "value"),
        Input(EXPORT_HEIGHT, "value"),
    )
    def describe_view(search, key, width, height):
        data = datasets.get(key)
        state, _ = state_from_query(search, data.types, data.actors)
        options = ExportOptions(fmt="png", lang=state.lang)
        view = view_text(data.events, state.filters, options, data.shown(state.filters))
        query = embed_query(search, key)
        url = flask.request.host_url.rstrip("/") + app.get_relative_path(EMBED_PATH) + query
        code = embed_snippet(url, view.text.title, width or 1200, height or 675)
        return view.alt, code, view.text.title, view.text.subtitle

    @app.callback(
        Output(EXPORT_DOWNLOAD, "data"),
        Output(EXPORT_STATUS, "children"),
        Input({"type": EXPORT_BUTTON, "format": ALL}, "n_clicks"),
        State(ids.URL, "search"),
        State(ids.DATASET, "data"),
        State(EXPORT_TITLE, "value"),
        State(EXPORT_SUBTITLE, "value"),
        State(EXPORT_CREDIT, "value"),
        State(EXPORT_WIDTH, "value"),
        State(EXPORT_HEIGHT, "value"),
        State(EXPORT_SCALE, "value"),
        prevent_initial_call=True,
    )
    def download(clicks, search, key, title, subtitle, credit, width, height, scale):
        if not ctx.triggered_id or not any(clicks):
            return no_update, no_update
        fmt = ctx.triggered_id["format"]
        data = datasets.get(key)
        state, _ = state_from_query(search, data.types, data.actors)
        options = ExportOptions(
            fmt,
            width or 0,
            height or 0,
            scale or 1,
            title,
            subtitle,
            credit,
            state.lang,
            state.theme,
        )
        try:
            exported = export_view(data.events, state.filters, options)
        except (ValueError, BrowserError) as error:
            return no_update, str(error)
        note = t(
            "export.downloaded",
            options.language,
            name=exported.filename,
            size=format_number(len(exported.content)),
        )
        return dcc.send_bytes(exported.content, exported.filename, type=exported.media_type), note

    @app.server.route(EMBED_PATH)
    def embed_page():
        data = datasets.get(flask.request.args.get(DATASET_PARAM))
        query = urlencode(
            [(k, v) for k, v in flask.request.args.items(multi=True) if k != DATASET_PARAM]
        )
        state, _ = state_from_query(query, data.types, data.actors)
        options = ExportOptions(fmt="html", lang=state.lang, theme=state.theme)
        view = view_text(data.events, state.filters, options, data.shown(state.filters))
        page = interactive_html(view, options, plotlyjs=app.get_relative_path(PLOTLY_PATH))
        return flask.Response(page, mimetype="text/html")

    @app.server.route(PLOTLY_PATH)
    def embed_plotly():
        return flask.send_file(PLOTLY_JS, mimetype="text/javascript", max_age=86400)


def embed_query(search: str | None, dataset_key: str | None) -> str:
    """The view's query string, plus the dataset key when it is not the bundled data."""
    pairs = in_link_order(search)
    if dataset_key:
        pairs.append((DATASET_PARAM, dataset_key))
    return "?" + urlencode(pairs) if pairs else ""


def view_language(search: str | None) -> str:
    """The interface language a view's query string asks for; English by default."""
    state, _ = state_from_query(search, [], [])
    return language(state.lang)


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
