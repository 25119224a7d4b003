"""Dash glue for language, theme and keyboard use: translated text, the switches, the chart's
accessible description. The words live in timeline/locales; the colours in timeline/themes.py.

Other panels join by writing `tr("their.key")` where they would write a literal string and
adding the key to every catalogue in timeline/locales/.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import flask
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, dcc, html
from plotly.io.json import to_json_plotly

from timeline import layout as ids
from timeline import schema as s
from timeline.datasets import Datasets
from timeline.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, language, t
from timeline.state import ViewState, query_from_state
from timeline.themes import THEMES
from timeline.themes import theme as theme_name
from timeline.translated import I18N, text_for

# Set by assets/keyboard.js from the link before the page asks for its layout, so a Korean page
# arrives in Korean; the link stays the only record of the language.
LANG_COOKIE = "timeline-lang"
# Set by the page (assets/keyboard.js) to its theme when its link names no view, else empty.
FIRST_VIEW_COOKIE = "timeline-first"
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
    ("tab-compare", "label", "views.compare"),
    ("tab-changes", "label", "views.changes"),
]


def switches(state: ViewState, home: str = "/") -> list:
    """Links to this view in each language and each theme; the current ones marked.

    The links start with the app's own root: the hardened page allows only links to its own
    site or to http(s) sources, and a path taken from the address could name another host."""
    lang, theme = language(state.lang), theme_name(state.theme)

    def group(label_key, name, choices, current, label):
        links = [
            html.A(
                label(choice),
                href=home + query_from_state(replace(state, **{name: choice})),
                className="switch-option",
                lang=choice if name == "lang" else None,
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
        group("switch.language", "lang", LANGUAGES, lang, LANGUAGE_NAMES.get),
        group("switch.theme", "theme", THEMES, theme, lambda k: t(f"theme.{k}", lang)),
    ]


def data_bounds(events: pd.DataFrame) -> tuple[str, str]:
    """The first and last day of the data, as examples for the date inputs."""
    if events.empty:
        return (s.DATE_EXAMPLE, s.DATE_EXAMPLE)
    last = events[s.END_DATE].fillna(events[s.DATE]).max()
    return (f"{events[s.DATE].min():%Y-%m-%d}", f"{last:%Y-%m-%d}")


def page_attributes(lang: str | None, theme: str | None = None) -> dict:
    """What the page applies to the document (assets/interface.js): its language, theme and
    title."""
    lang = language(lang)
    return {"lang": lang, "theme": theme_name(theme), "title": t("app.title", lang)}


def page_props(lang: str, events: pd.DataFrame) -> list[tuple[str, str, object]]:
    """Translated props beside the tr() texts, as (component id, prop, value). The page's
    attributes start as those of its language, so that the first answer need not send them."""
    first, last = data_bounds(events)
    return [
        (PAGE_ATTRIBUTES, "data", page_attributes(lang)),
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
    elif key is not None:
        attrs.update(props.get(component_key(key), {}))
    for value in attrs.values():
        translate_tree(value, lang, props)


def component_key(component_id: str | dict) -> str:
    """A component id as one string, so that pattern-matching ids can be looked up too."""
    return (
        component_id if isinstance(component_id, str) else json.dumps(component_id, sort_keys=True)
    )


def first_view_theme() -> str | None:
    """The theme of a page opened at the first view, as its cookie tells; None for a page
    opened at a link to another view (or outside a request)."""
    if not flask.has_request_context():
        return None
    value = flask.request.cookies.get(FIRST_VIEW_COOKIE, "")
    return value if value in THEMES else None


def serve_layout_in_language(
    app: Dash,
    datasets: Datasets,
    panels: list[Callable[[str], list]] = (),
    first_view: Callable[[str, str], object] | None = None,
) -> None:
    """Answer the page's layout request in the language of its link (told by LANG_COOKIE), so
    a Korean page does not show English first. Each language's layout is made once; `panels`
    give the translated props of other panels, as page_props does for this one, and any other
    prop the page should start with in that language. A page opened at the first view gets
    `first_view(lang, theme)`, the timeline already drawn, in its theme."""
    base = to_json_plotly(app.get_layout())
    layouts = {}
    for lang in LANGUAGES:
        found = page_props(lang, datasets.default.events)
        found += [prop for panel in panels for prop in panel(lang)]
        for theme in (None, *THEMES) if first_view else (None,):
            tree = json.loads(base)
            extra = [(ids.TIMELINE, "figure", first_view(lang, theme))] if theme else []
            props: dict[str, dict] = {}
            for component, prop, value in found + extra:
                value = json.loads(to_json_plotly(value))
                props.setdefault(component_key(component), {})[prop] = value
            translate_tree(tree, lang, props)
            layouts[lang, theme] = json.dumps(tree, ensure_ascii=False)

    def serve():
        lang = language(flask.request.cookies.get(LANG_COOKIE))
        key = (lang, first_view_theme()) if first_view else (lang, None)
        return flask.Response(layouts[key], mimetype="application/json")

    app.server.view_functions[app.config.routes_pathname_prefix + "_dash-layout"] = serve


def register_interface(app: Dash) -> None:
    """Apply the page's language and theme in the browser; fold the filters on a phone.

    The words arrive already translated (serve_layout_in_language) and a language or theme
    switch is a new page, so no request is spent translating after a click."""
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
    return [
        dcc.Store(id=PAGE_ATTRIBUTES, data=page_attributes(DEFAULT_LANGUAGE)),
        dcc.Store(id=PAGE_APPLIED),
    ]
