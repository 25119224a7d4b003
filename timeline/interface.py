"""Dash glue for language, theme and keyboard use: translated text, the switches, the chart's
accessible description. The words live in timeline/locales; the colours in timeline/themes.py.

Other panels join by writing `tr("their.key")` where they would write a literal string and
adding the key to every catalogue in timeline/locales/.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

import flask
import pandas as pd
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html
from plotly.io.json import to_json_plotly

from timeline import layout as ids
from timeline import schema as s
from timeline.datasets import Datasets
from timeline.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, language, t
from timeline.state import LANG, THEME, state_from_query
from timeline.themes import THEMES
from timeline.themes import theme as theme_name
from timeline.translated import I18N, text_for

# Set by assets/keyboard.js from the link before the page asks for its layout, so a Korean page
# arrives in Korean; the link stays the only record of the language.
LANG_COOKIE = "timeline-lang"
PAGE_ATTRIBUTES = "page-attributes"
PAGE_APPLIED = "page-applied"
# Component props that carry translated text, beside children: (component id, prop, key).
TRANSLATED_PROPS = [
    (ids.SEARCH, "placeholder", "filters.search_placeholder"),
    (ids.PLACE_FILTER, "placeholder", "filters.any_place"),
    ("tab-frequency", "label", "views.frequency"),
    ("tab-totals", "label", "views.totals"),
    ("tab-table", "label", "views.table"),
    ("tab-map", "label", "views.map"),
    ("tab-context", "label", "views.context"),
]


def with_param(search: str | None, name: str, value: str) -> str:
    """The query string with one parameter set to value, the others kept in order."""
    pairs = parse_qsl((search or "").lstrip("?"), keep_blank_values=True)
    return "?" + urlencode([(k, v) for k, v in pairs if k != name] + [(name, value)])


def switches(search: str | None, lang: str, theme: str, path: str | None = "/") -> list:
    """Links to this view in each language and each theme; the current ones marked.

    The links start with the page's path: the hardened page allows only links to its own site
    (starting with '/') or to http(s) sources."""

    def group(label_key, name, choices, current, label):
        links = [
            html.A(
                label(choice),
                href=(path or "/") + with_param(search, name, choice),
                className="switch-option",
                lang=choice if name == LANG else None,
                **({"aria-current": "true"} if choice == current else {}),
            )
            for choice in choices
        ]
        return html.Nav(
            className="switch",
            **{"aria-label": t(label_key, lang)},
            children=[html.Span(t(label_key, lang), className="switch-label"), *links],
        )

    return [
        group("switch.language", LANG, LANGUAGES, lang, LANGUAGE_NAMES.get),
        group("switch.theme", THEME, THEMES, theme, lambda k: t(f"theme.{k}", lang)),
    ]


def data_bounds(events: pd.DataFrame) -> tuple[str, str]:
    """The first and last day of the data, as examples for the date inputs."""
    if events.empty:
        return (s.DATE_EXAMPLE, s.DATE_EXAMPLE)
    last = events[s.END_DATE].fillna(events[s.DATE]).max()
    return (f"{events[s.DATE].min():%Y-%m-%d}", f"{last:%Y-%m-%d}")


def page_props(lang: str, events: pd.DataFrame) -> list[tuple[str, str, object]]:
    """Translated props beside the tr() texts, as (component id, prop, value)."""
    first, last = data_bounds(events)
    return [
        (ids.CHAINS_ONLY, "options", [{"label": t("filters.chains_only", lang), "value": "1"}]),
        (ids.DATE_FROM, "placeholder", t("filters.date_placeholder", lang, example=first)),
        (ids.DATE_TO, "placeholder", t("filters.date_placeholder", lang, example=last)),
        *[(component, prop, t(key, lang)) for component, prop, key in TRANSLATED_PROPS],
    ]


def translate_tree(node, lang: str, props: dict[str, dict]) -> None:
    """Rewrite, in place, the text of a layout in its JSON form into lang; `props` holds the
    translated props by component id."""
    if isinstance(node, list):
        for child in node:
            translate_tree(child, lang, props)
        return
    if not isinstance(node, dict) or "props" not in node:
        return
    attrs = node["props"]
    key = attrs.get("id")
    if isinstance(key, dict) and key.get("type") == I18N:
        attrs["children"] = text_for(key["key"], lang, json.loads(key["values"]))
    elif isinstance(key, str):
        attrs.update(props.get(key, {}))
    for value in attrs.values():
        translate_tree(value, lang, props)


def serve_layout_in_language(
    app: Dash, datasets: Datasets, panels: list[Callable[[str], list]] = ()
) -> None:
    """Answer the page's layout request in the language of its link (told by LANG_COOKIE), so
    a Korean page does not show English first. Each language's layout is made once; `panels`
    give the translated props of other panels, as page_props does for this one."""
    layouts = {DEFAULT_LANGUAGE: to_json_plotly(app.get_layout())}
    for lang in LANGUAGES:
        if lang != DEFAULT_LANGUAGE:
            tree = json.loads(layouts[DEFAULT_LANGUAGE])
            found = page_props(lang, datasets.default.events)
            found += [prop for panel in panels for prop in panel(lang)]
            props: dict[str, dict] = {}
            for component, prop, value in found:
                props.setdefault(component, {})[prop] = value
            translate_tree(tree, lang, props)
            layouts[lang] = json.dumps(tree, ensure_ascii=False)

    def serve():
        lang = language(flask.request.cookies.get(LANG_COOKIE))
        return flask.Response(layouts[lang], mimetype="application/json")

    app.server.view_functions[app.config.routes_pathname_prefix + "_dash-layout"] = serve


def register_interface(app: Dash, datasets: Datasets) -> None:
    """Translate the page and draw the switches whenever the URL changes."""

    @app.callback(
        Output({"type": I18N, "key": ALL, "values": ALL}, "children"),
        Output(ids.SWITCHES, "children"),
        Output(PAGE_ATTRIBUTES, "data"),
        *[
            Output(component, prop)
            for component, prop, _ in page_props(DEFAULT_LANGUAGE, pd.DataFrame())
        ],
        Input(ids.URL, "search"),
        Input(ids.DATASET, "data"),
        State(ids.URL, "pathname"),
    )
    def translate(search, key, path):
        data = datasets.get(key)
        state, _ = state_from_query(search, data.types, data.actors, data.ids, data.places)
        lang, theme = language(state.lang), theme_name(state.theme)
        texts = [
            text_for(o["id"]["key"], lang, json.loads(o["id"]["values"]))
            for o in ctx.outputs_list[0]
        ]
        return (
            texts,
            switches(search, lang, theme, path),
            {"lang": lang, "theme": theme, "title": t("app.title", lang)},
            *[value for _, _, value in page_props(lang, data.events)],
        )

    app.clientside_callback(
        ClientsideFunction(namespace="a11y", function_name="applyPage"),
        Output(PAGE_APPLIED, "data"),
        Input(PAGE_ATTRIBUTES, "data"),
    )
    # Filters start folded on a phone and open on a wider screen.
    app.clientside_callback(
        ClientsideFunction(namespace="a11y", function_name="filtersOpen"),
        Output(ids.FILTERS_PANEL, "open"),
        Input(ids.URL, "pathname"),
    )


def page_stores() -> list:
    """The invisible parts of the page this module writes to."""
    return [dcc.Store(id=PAGE_ATTRIBUTES), dcc.Store(id=PAGE_APPLIED)]
