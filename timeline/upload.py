"""The upload panel: bring a CSV/TSV/XLSX, confirm the mapping, read the report, explore.

Thin glue over timeline.importer. The uploaded bytes and the imported events are kept on disk
by ImportCache, so every worker process can serve every step; the page's dataset store holds
only the content-hash key of what this one browser tab is viewing.
"""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import replace

import dash_ag_grid as dag
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from timeline import layout as ids
from timeline import schema as s
from timeline.config import ReadLimits, request_bytes, upload_bytes
from timeline.datasets import Datasets
from timeline.i18n import DEFAULT_LANGUAGE, LANGUAGES, format_number, plural, t
from timeline.import_cache import ImportCache, is_key
from timeline.importer import (
    EXCEL_SERIAL,
    FIELDS,
    JOINERS,
    SAMPLE_ROWS,
    TEXT_ENCODINGS,
    ImportResult,
    Mapping,
    Table,
    UnreadableFile,
    import_table,
    propose_mapping,
    read_table,
)
from timeline.present import interface_query, interface_view, page_language
from timeline.security import viewer
from timeline.state import query_from_state
from timeline.translated import tr

UPLOAD = "import-upload"
OWNER_ACTIONS = "import-owner"
SHARE = "import-share"
DELETE = "import-delete"
SHARE_STATUS = "import-share-status"
REJECTED_FILENAME = "rejected-rows.csv"
STATUS = "import-status"
BACK = "import-back"
DIALOG = "import-dialog"
HEADING = "import-heading"
READ = "import-read"
PREVIEW = "import-preview"
DAYFIRST = "import-dayfirst"
RUN = "import-run"
CLOSE = "import-close"
EXPLORE = "import-explore"
REPORT = "import-report"
SOURCE = "import-source"
KEY = "import-key"
REJECTED_BUTTON = "import-rejected-button"
REJECTED_DOWNLOAD = "import-rejected-download"
MAP = "import-map"
SET = "import-set"
SET_LABEL = "import-set-label"
PANEL_HEADING = "import-panel-heading"
# Written by assets/upload_limit.js when a chosen file is over the limit, so it is never sent.
TOO_LARGE = "import-too-large"
ENCODING = "import-encoding"

ACCEPT = ".csv,.tsv,.txt,.xlsx"
SHOWN_PROBLEMS = 100
SHOWN_REJECTED = 200
# Fields that can take one value for every row instead of a column.
SETTABLE = (s.EVENT_TYPE, s.ACTOR, s.COUNT_UNIT)
DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
DAYFIRST_OPTION = "dayfirst"

log = logging.getLogger(__name__)
# Dash 4 fails to redraw checklist options whose component labels get new values at old
# positions ("Cannot read properties of undefined (reading 'props')", stale labels). Emptying
# the options in the same response that switches the dataset lets the main view fill them anew.
_CLEAR_FILTER_OPTIONS = (
    Output(ids.TYPE_FILTER, "options", allow_duplicate=True),
    Output(ids.ACTOR_FILTER, "options", allow_duplicate=True),
)
# What reading an upload shows in the dialog, by name.
PREVIEW_OUTPUTS = {
    "hidden": Output(DIALOG, "hidden"),
    "heading": Output(HEADING, "children"),
    "read": Output(READ, "children"),
    "columns": Output(PREVIEW, "columnDefs"),
    "rows": Output(PREVIEW, "rowData"),
    "map_options": Output({"type": MAP, "field": ALL}, "options"),
    "map_values": Output({"type": MAP, "field": ALL}, "value"),
    "set_values": Output({"type": SET, "field": ALL}, "value"),
    "source": Output(SOURCE, "data"),
    "status": Output(STATUS, "children"),
    "report": Output(REPORT, "children"),
    "rejected_hidden": Output(REJECTED_BUTTON, "hidden"),
    "explore_hidden": Output(EXPLORE, "hidden"),
    "encoding_options": Output(ENCODING, "options"),
    "encoding": Output(ENCODING, "value"),
}
# What an import changes: its report, the dataset in the link, the owner's buttons, by name.
IMPORT_OUTPUTS = {
    "report": Output(REPORT, "children", allow_duplicate=True),
    "dataset": Output(ids.DATASET, "data", allow_duplicate=True),
    "search": Output(ids.URL, "search", allow_duplicate=True),
    "key": Output(KEY, "data"),
    "status": Output(STATUS, "children", allow_duplicate=True),
    "back_hidden": Output(BACK, "hidden"),
    "rejected_hidden": Output(REJECTED_BUTTON, "hidden", allow_duplicate=True),
    "explore_hidden": Output(EXPLORE, "hidden", allow_duplicate=True),
    "owner_hidden": Output(OWNER_ACTIONS, "hidden", allow_duplicate=True),
    "share_hidden": Output(SHARE, "hidden", allow_duplicate=True),
    "share_status": Output(SHARE_STATUS, "children", allow_duplicate=True),
    "type_options": _CLEAR_FILTER_OPTIONS[0],
    "actor_options": _CLEAR_FILTER_OPTIONS[1],
}


def field_label(name: str, lang: str) -> str:
    """The mapping row's name of a field, e.g. 'Date (required)'."""
    return t(f"upload.field.{name}", lang)


def upload_panel(max_mb: float) -> html.Section:
    """The panel under the filters: the drop zone, the status line and the (hidden) dialog."""
    return html.Section(
        className="control import-panel",
        **{"aria-labelledby": PANEL_HEADING},
        children=[
            html.H2(tr("upload.heading"), id=PANEL_HEADING),
            html.Div(
                dcc.Upload(
                    id=UPLOAD,
                    className="upload",
                    accept=ACCEPT,
                    max_size=upload_bytes(max_mb),
                    children=html.Div([tr("upload.drop"), tr("upload.choose", className="link")]),
                ),
                **too_large_attributes(max_mb),
            ),
            tr("upload.limit", html.P, values={"mb": f"{max_mb:g}"}, className="hint"),
            html.P(id=TOO_LARGE, className="import-status error", role="alert", hidden=True),
            dcc.Loading(html.P(id=STATUS, className="import-status", role="status"), type="dot"),
            html.Button(tr("upload.back"), id=BACK, className="link", hidden=True),
            html.Div(
                id=OWNER_ACTIONS,
                className="import-owner",
                hidden=True,
                children=[
                    tr("upload.private", html.P, className="hint"),
                    html.Button(tr("upload.share"), id=SHARE, className="button"),
                    html.Button(tr("upload.delete"), id=DELETE, className="button"),
                    html.P(id=SHARE_STATUS, className="import-status", role="status"),
                ],
            ),
            dcc.Store(id=SOURCE),
            dcc.Store(id=KEY),
            dcc.Download(id=REJECTED_DOWNLOAD),
            _dialog(),
        ],
    )


def too_large_attributes(max_mb: float) -> dict[str, str]:
    """The limit in bytes and the refusal in every language, for assets/upload_limit.js; the
    script puts the file's name and size (as the browser knows it) in place of {name}."""
    attributes = {"data-max-bytes": str(upload_bytes(max_mb))}
    for lang in LANGUAGES:
        refusal = t("upload.too_large", lang, name="{name}", mb=f"{max_mb:g}")
        attributes[f"data-too-large-{lang}"] = refusal
    return attributes


def encoding_options(detected: str, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The encodings the dialog offers; the first (value '') is the importer's own guess."""
    guess = {"label": t("upload.detected", lang, encoding=detected), "value": ""}
    return [guess] + [{"label": e, "value": e} for e in TEXT_ENCODINGS if e != detected]


def upload_props(lang: str) -> list[tuple[str | dict, str, object]]:
    """The dialog's translated props, as (component id, prop, value), for the layout served in
    that language."""
    return [
        *[({"type": MAP, "field": name}, "placeholder", t("upload.none", lang)) for name in FIELDS],
        *[
            ({"type": SET, "field": name}, "placeholder", t("upload.one_value", lang))
            for name in SETTABLE
        ],
        *[
            (
                {"type": SET_LABEL, "field": name},
                "children",
                t("upload.one_value_for", lang, field=field_label(name, lang)),
            )
            for name in SETTABLE
        ],
        (DAYFIRST, "options", dayfirst_options(lang)),
    ]


def _dialog() -> html.Div:
    rows = []
    for name in FIELDS:
        control = [
            dcc.Dropdown(
                id={"type": MAP, "field": name},
                options=[],
                multi=name in JOINERS,
                placeholder=t("upload.none"),
                className="map-dropdown",
            )
        ]
        if name in SETTABLE:
            control.append(
                html.Label(
                    [
                        html.Span(
                            t("upload.one_value_for", field=field_label(name, DEFAULT_LANGUAGE)),
                            id={"type": SET_LABEL, "field": name},
                            className="sr-only",
                        ),
                        dcc.Input(
                            id={"type": SET, "field": name},
                            type="text",
                            placeholder=t("upload.one_value"),
                            className="map-constant",
                        ),
                    ]
                )
            )
        rows.append(
            html.Div(
                className="map-row",
                children=[tr(f"upload.field.{name}", className="label"), html.Div(control)],
            )
        )
    return html.Div(
        id=DIALOG,
        className="import-dialog",
        role="dialog",
        hidden=True,
        **{"aria-labelledby": HEADING},
        children=[
            html.Div(
                className="import-head",
                children=[
                    html.H2(id=HEADING),
                    html.Button(tr("upload.close"), id=CLOSE, className="button"),
                ],
            ),
            html.Div(
                className="import-read",
                children=[
                    html.P(id=READ, className="hint"),
                    html.Label(
                        className="encoding",
                        children=[
                            tr("upload.encoding"),
                            dcc.Dropdown(
                                id=ENCODING,
                                options=[],
                                value="",
                                clearable=False,
                                searchable=False,
                                className="encoding-dropdown",
                            ),
                        ],
                    ),
                ],
            ),
            tr("upload.first_rows", html.H3),
            dag.AgGrid(
                id=PREVIEW,
                columnDefs=[],
                rowData=[],
                defaultColDef={"resizable": True, "minWidth": 110, "maxWidth": 420},
                style={"height": "210px"},
            ),
            tr("upload.mapping", html.H3),
            html.Div(rows, className="map-grid"),
            dcc.Checklist(
                id=DAYFIRST,
                options=dayfirst_options(DEFAULT_LANGUAGE),
                value=[],
                className="checklist",
            ),
            html.Div(
                className="import-actions",
                children=[
                    html.Button(tr("upload.import"), id=RUN, className="button primary"),
                    html.Button(tr("upload.explore"), id=EXPLORE, className="button", hidden=True),
                    html.Button(
                        tr("upload.download_rejected"),
                        id=REJECTED_BUTTON,
                        className="button",
                        hidden=True,
                    ),
                ],
            ),
            dcc.Loading(
                type="default",
                children=html.Div(id=REPORT, className="import-report", **{"aria-live": "polite"}),
            ),
        ],
    )


def dayfirst_options(lang: str) -> list[dict]:
    """The one option of the day-first checklist, in lang."""
    return [{"label": t("upload.dayfirst", lang), "value": DAYFIRST_OPTION}]


def register_upload_callbacks(
    app: Dash, datasets: Datasets, cache: ImportCache, max_mb: float, limits: ReadLimits
) -> None:
    """Wire the upload panel: propose a mapping, import, report, switch the page's dataset."""
    limit = upload_bytes(max_mb)
    # Refuse oversized requests before they are read; security.harden keeps this limit.
    app.server.config["MAX_CONTENT_LENGTH"] = max(
        app.server.config.get("MAX_CONTENT_LENGTH") or 0, request_bytes(max_mb)
    )

    @app.callback(
        output=PREVIEW_OUTPUTS,
        inputs={
            "contents": Input(UPLOAD, "contents"),
            "encoding": Input(ENCODING, "value"),
            "filename": State(UPLOAD, "filename"),
            "source": State(SOURCE, "data"),
            "search": State(ids.URL, "search"),
        },
        prevent_initial_call=True,
    )
    def propose(contents, encoding, filename, source, search):
        name, lang = filename or "upload", page_language(search)
        chosen = encoding if ctx.triggered_id == ENCODING else ""
        try:
            if chosen:  # the same file again, read with the encoding the user picked
                raw = cache.upload((source or {}).get("key"))
                if raw is None:
                    raise UnreadableFile(t("upload.gone", lang))
            else:
                raw = decode_upload(contents, name, limit, max_mb, lang)
            table = read_table(
                raw, name, encoding=chosen or None, max_mb=max_mb, limits=limits, rows=SAMPLE_ROWS
            )
        except UnreadableFile as exc:
            return _refused(str(exc))
        except Exception:  # a file no rule foresaw must not break the page
            log.exception("reading upload %s", name)
            return _refused(t("upload.unexpected", lang, name=name))
        mapping = propose_mapping(table)
        columns = [{"label": h, "value": h} for h in table.header]
        source = {"key": cache.save_upload(raw), "name": name, "encoding": chosen}
        detected = None if chosen else table.encoding
        return {
            "hidden": False,
            "heading": t("upload.title", lang, name=name),
            "read": describe_table(table, mapping, lang),
            "columns": [{"field": f"c{i}", "headerName": h} for i, h in enumerate(table.header)],
            "rows": [{f"c{i}": v for i, v in enumerate(r.values())} for r in table.preview()],
            "map_options": [columns] * len(FIELDS),
            "map_values": [_dropdown_value(mapping, name) for name in FIELDS],
            "set_values": [mapping.constants.get(name, "") for name in SETTABLE],
            "source": source,
            "status": "",
            "report": [],
            "rejected_hidden": True,
            "explore_hidden": True,
            "encoding_options": encoding_options(detected, lang) if detected else no_update,
            "encoding": chosen,
        }

    @app.callback(
        output=IMPORT_OUTPUTS,
        inputs={
            "_clicks": Input(RUN, "n_clicks"),
            "columns": State({"type": MAP, "field": ALL}, "value"),
            "constants": State({"type": SET, "field": ALL}, "value"),
            "dayfirst": State(DAYFIRST, "value"),
            "source": State(SOURCE, "data"),
            "search": State(ids.URL, "search"),
        },
        prevent_initial_call=True,
    )
    def run(_clicks, columns, constants, dayfirst, source, search):
        lang = page_language(search)
        raw = cache.upload((source or {}).get("key"))
        if raw is None:
            return _failed(t("upload.gone", lang))
        name = source.get("name") or "upload"
        mapping = mapping_from_controls(columns, constants)
        try:
            encoding = source.get("encoding") or None
            table = read_table(raw, name, encoding=encoding, max_mb=max_mb, limits=limits)
            imported = import_table(table, mapping, dayfirst=DAYFIRST_OPTION in (dayfirst or []))
        except UnreadableFile as exc:
            return _failed(str(exc))
        except Exception:  # a file no rule foresaw must not break the page
            log.exception("importing upload %s", name)
            return _failed(t("upload.unexpected", lang, name=name))
        key, dataset = cache.save_import(imported, name, owner=viewer())
        datasets.add(key, dataset, reloadable=True)
        events = format_number(len(imported.result.events), lang)
        status = t("upload.showing", lang, name=name, n=events)
        rejected = len(imported.result.rejected)
        view = query_from_state(replace(interface_view(search), dataset=key))
        return {
            "report": report(imported, lang),
            "dataset": key,
            "search": view,
            "key": key,
            "status": status,
            "back_hidden": False,
            "rejected_hidden": rejected == 0,
            "explore_hidden": False,
            "owner_hidden": False,
            "share_hidden": False,
            "share_status": "",
            "type_options": [],
            "actor_options": [],
        }

    @app.callback(
        Output(DIALOG, "hidden", allow_duplicate=True),
        Input(CLOSE, "n_clicks"),
        Input(EXPLORE, "n_clicks"),
        prevent_initial_call=True,
    )
    def close(_close, _explore):
        return True

    @app.callback(
        Output(ids.DATASET, "data", allow_duplicate=True),
        Output(ids.URL, "search", allow_duplicate=True),
        Output(STATUS, "children", allow_duplicate=True),
        Output(BACK, "hidden", allow_duplicate=True),
        Output(OWNER_ACTIONS, "hidden", allow_duplicate=True),
        Output(DIALOG, "hidden", allow_duplicate=True),
        *_CLEAR_FILTER_OPTIONS,
        Input(BACK, "n_clicks"),
        Input(DELETE, "n_clicks"),
        State(KEY, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def back(_back, _delete, key, search):
        status = ""
        if ctx.triggered_id == DELETE and cache.delete(key, viewer()):
            status = t("upload.deleted", page_language(search))
        return "", interface_query(search), status, True, True, True, [], []

    @app.callback(
        Output(SHARE_STATUS, "children", allow_duplicate=True),
        Output(SHARE, "hidden", allow_duplicate=True),
        Input(SHARE, "n_clicks"),
        State(KEY, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def share(_clicks, key, search):
        lang = page_language(search)
        if not cache.share(key, viewer()):
            return t("upload.share_refused", lang), no_update
        return t("upload.shared", lang), True

    @app.callback(
        Output(REJECTED_DOWNLOAD, "data"),
        Input(REJECTED_BUTTON, "n_clicks"),
        State(KEY, "data"),
        prevent_initial_call=True,
    )
    def download(_clicks, key):
        data = cache.rejected(key, viewer()) if is_key(key) else None
        if data is None:
            return no_update
        # As bytes, so the UTF-8 BOM that tells spreadsheets the encoding survives.
        return dcc.send_bytes(data, REJECTED_FILENAME, type="text/csv")


def _refused(message: str) -> dict:
    """Outputs of the upload callback when the file cannot be read: say why, change nothing else."""
    unchanged = dict.fromkeys(PREVIEW_OUTPUTS, no_update)
    return {
        **unchanged,
        "hidden": True,
        "map_options": [no_update] * len(FIELDS),
        "map_values": [no_update] * len(FIELDS),
        "set_values": [no_update] * len(SETTABLE),
        "status": message,
        "report": [],
        "rejected_hidden": True,
        "explore_hidden": True,
    }


def _failed(message: str) -> dict:
    """Outputs of the import callback when the import failed: the reason in the report."""
    return {
        **dict.fromkeys(IMPORT_OUTPUTS, no_update),
        "report": [html.P(message, className="error")],
    }


def decode_upload(
    contents: str | None, name: str, limit: int, max_mb: float, lang: str = DEFAULT_LANGUAGE
) -> bytes:
    """The bytes of a dcc.Upload data URL; raises UnreadableFile when absent, broken or too big."""
    if not contents or "," not in contents:
        raise UnreadableFile(t("upload.nothing", lang, name=name))
    encoded = contents.split(",", 1)[1]
    if len(encoded) * 3 // 4 > limit:
        raise UnreadableFile(t("upload.too_large", lang, name=name, mb=f"{max_mb:g}"))
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise UnreadableFile(t("upload.damaged", lang, name=name)) from exc


def table_kind(table: Table, lang: str = DEFAULT_LANGUAGE) -> str:
    """'utf-8 text, comma-separated' or "Excel workbook, sheet 'Events'", in lang."""
    if table.sheet is not None:
        return t("upload.kind.sheet", lang, sheet=table.sheet)
    if table.delimiter in DELIMITERS:
        separated = t(f"upload.separated.{DELIMITERS[table.delimiter]}", lang)
    else:
        separated = t("upload.separated.other", lang, delimiter=repr(table.delimiter))
    return t("upload.kind.text", lang, encoding=table.encoding, separated=separated)


def describe_table(table: Table, mapping: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    """'utf-8 text, comma-separated · 493 data rows · 5 columns · recognised as the CSIS format';
    a sample of a longer table says '1,000+ data rows'."""
    more = "" if table.complete else "+"
    parts = [
        table_kind(table, lang),
        t("upload.rows", lang, n=format_number(len(table.records), lang) + more),
        t("upload.columns", lang, n=format_number(len(table.header), lang)),
    ]
    if mapping.preset:
        parts.append(t("upload.preset", lang, preset=mapping.preset.upper()))
    return " · ".join(parts)


def mapping_from_controls(columns: list, constants: list) -> Mapping:
    """The Mapping the dialog's dropdowns and 'one value' boxes describe."""
    chosen: dict[str, tuple[str, ...]] = {}
    for name, value in zip(FIELDS, columns, strict=True):
        picked = value if isinstance(value, list) else [value] if value else []
        if picked:
            chosen[name] = tuple(picked)
    fixed = {
        name: value.strip()
        for name, value in zip(SETTABLE, constants, strict=True)
        if value and value.strip() and name not in chosen
    }
    return Mapping(chosen, fixed)


def _dropdown_value(mapping: Mapping, name: str):
    columns = list(mapping.columns.get(name, ()))
    if name in JOINERS:
        return columns
    return columns[0] if columns else None


def import_summary(imported: ImportResult, lang: str = DEFAULT_LANGUAGE) -> str:
    """One line such as '493 rows: 493 imported, 0 rejected, 73 warnings', in lang."""
    result = imported.result
    return t(
        "upload.summary",
        lang,
        rows=format_number(result.rows, lang),
        imported=format_number(len(result.events), lang),
        rejected=format_number(len(result.rejected), lang),
        warnings=plural("upload.warnings", len(result.warnings), lang),
    )


def report(imported: ImportResult, lang: str = DEFAULT_LANGUAGE) -> list:
    """The validation report: counts, how dates were read, problems, and the rejected rows."""
    result = imported.result
    children: list = [html.H3(import_summary(imported, lang), className="import-summary")]
    for reading in imported.dates:
        label = t("upload.excel_serial", lang) if reading.format == EXCEL_SERIAL else reading.label
        children.append(html.P(t("upload.dates", lang, column=reading.column, format=label)))
    problems = [p for p in result.problems if not (p.is_error and p.line is not None)]
    if problems:
        listed = [
            html.Summary(t("upload.warnings_heading", lang, n=format_number(len(problems)))),
            html.Ul([html.Li(str(p)) for p in problems[:SHOWN_PROBLEMS]]),
        ]
        if len(problems) > SHOWN_PROBLEMS:
            more = format_number(len(problems) - SHOWN_PROBLEMS)
            listed.append(html.P(t("upload.more", lang, n=more), className="hint"))
        children.append(html.Details(listed))
    rejected = result.rejected
    if len(rejected):
        rows = [
            html.Tr([html.Td(str(line)), html.Td(reason)])
            for line, reason in zip(
                rejected[s.LINE][:SHOWN_REJECTED], rejected[s.REASON][:SHOWN_REJECTED], strict=True
            )
        ]
        heading = t("upload.rejected_heading", lang, n=format_number(len(rejected)))
        head = html.Tr([html.Th(t("rejected.line", lang)), html.Th(t("rejected.reason", lang))])
        children.append(html.H3(heading))
        children.append(
            html.Table([html.Thead(head), html.Tbody(rows)], className="rejected-table")
        )
    return children
