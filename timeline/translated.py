"""Text in the page that follows the interface language (Dash glue over timeline.i18n).

Write `tr("some.key")` where a literal string would go and add the key to every catalogue in
timeline/locales/; timeline.interface rewrites all such text when the language changes.
"""

from __future__ import annotations

import json

from dash import html

from timeline.i18n import DEFAULT_LANGUAGE, catalogue, plural, t

I18N = "i18n"


def tr(key: str, element=html.Span, values: dict | None = None, **props):
    """Text that follows the interface language: an element whose children are t(key, lang).

    `values` fill the key's {placeholders}; a key with '.one'/'.other' forms is chosen by n.
    Each key appears once in a page (the key is the element's id).
    """
    values = values or {}
    return element(
        text_for(key, DEFAULT_LANGUAGE, values),
        id={"type": I18N, "key": key, "values": json.dumps(values, sort_keys=True)},
        **props,
    )


def text_for(key: str, lang: str, values: dict) -> str:
    """The text of key in lang; n picks the plural form when the key has one."""
    if "n" in values and key + ".one" in catalogue(DEFAULT_LANGUAGE):
        return plural(key, values["n"], lang, **{k: v for k, v in values.items() if k != "n"})
    return t(key, lang, **values)
