"""Dash glue for language, theme and keyboard use: translated text, the switches, the chart's
accessible description. The words live in timeline/locales; the colours in timeline/themes.py.

Other panels join by writing `tr("their.key")` where they would write a literal string and
adding the key to every catalogue in timeline/locales/.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

import pandas as pd
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html

from timeline import layout as ids
from timeline import schema as s
from timeline.datasets import Datasets
from timeline.i18n import LANGUAGE_NAMES, LANGUAGES, language, t
from timeline.state import LANG, THEME, state_from_query
from timeline.themes import THEMES
from timeline.themes import theme as theme_name
from timeline.translated import I18N, text_for

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


def register_interface(app: Dash, datasets: Datasets) -> None:
    """Translate the page and draw the switches whenever the URL changes."""

    @app.callback(
        Output({"type": I18N, "key": ALL, "values": ALL}, "children"),
        Output(ids.SWITCHES, "children"),
        Output(PAGE_ATTRIBUTES, "data"),
        Output(ids.CHAINS_ONLY, "options"),
        Output(ids.DATE_FROM, "placeholder"),
        Output(ids.DATE_TO, "placeholder"),
        *[Output(component, prop) for component, prop, _ in TRANSLATED_PROPS],
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
            [{"label": t("filters.chains_only", lang), "value": "1"}],
            *[t("filters.date_placeholder", lang, example=day) for day in data_bounds(data.events)],
            *[t(k, lang) for _, _, k in TRANSLATED_PROPS],
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
