"""Light, dark and high-contrast themes: one palette each, used by the CSS and the Plotly figures.

assets/themes.css declares the same colours as CSS variables; the tests check both agree and that
every text colour meets WCAG AA (4.5:1) and every mark colour 3:1 against its background.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

THEMES = ("light", "dark", "contrast")
DEFAULT_THEME = THEMES[0]

# name -> CSS variable -> colour. 'ink' and 'muted' are text; 'accent' is links; 'line' is borders.
PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "paper": "#ffffff",
        "panel": "#f6f7f9",
        "ink": "#1f2328",
        "muted": "#59636e",
        "line": "#8c959f",
        "grid": "#e4e7eb",
        "accent": "#0b5cad",
        "focus": "#b35c00",
        "ring": "#111111",
        "outline": "#1f2328",
    },
    "dark": {
        "paper": "#15181c",
        "panel": "#1f2329",
        "ink": "#e8eaed",
        "muted": "#aab2bc",
        "line": "#6b7480",
        "grid": "#2e343b",
        "accent": "#7cb7ff",
        "focus": "#ffb547",
        "ring": "#ffffff",
        "outline": "#e8eaed",
    },
    "contrast": {
        "paper": "#000000",
        "panel": "#000000",
        "ink": "#ffffff",
        "muted": "#ffffff",
        "line": "#ffffff",
        "grid": "#5c5c5c",
        "accent": "#ffff00",
        "focus": "#00ffff",
        "ring": "#ffffff",
        "outline": "#ffffff",
    },
}
# Pairs (foreground, background) that carry text and must reach 4.5:1.
TEXT_PAIRS = [(f, b) for f in ("ink", "muted", "accent") for b in ("paper", "panel")]
# Non-text marks (borders of inputs, focus ring, selection ring) need 3:1 (WCAG 1.4.11).
# Event markers are outlined in "outline" so their shape stands out whatever their fill.
MARK_PAIRS = [
    ("line", "paper"),
    ("focus", "paper"),
    ("focus", "panel"),
    ("ring", "paper"),
    ("outline", "paper"),
]


def theme(value: str | None) -> str:
    """A known theme name; the light theme otherwise."""
    return value if value in THEMES else DEFAULT_THEME


def palette(name: str | None) -> dict[str, str]:
    """The colours of a theme by name; the light theme's for an unknown name."""
    return PALETTES[theme(name)]


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a '#rrggbb' colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def template(name: str) -> go.layout.Template:
    """The Plotly template of a theme: background, text, grid and hover colours."""
    p = palette(name)
    base = "plotly_white" if theme(name) == "light" else "plotly_dark"
    axis = dict(gridcolor=p["grid"], linecolor=p["line"], zerolinecolor=p["grid"])
    tpl = go.layout.Template(
        layout=dict(
            paper_bgcolor=p["paper"],
            plot_bgcolor=p["paper"],
            font=dict(color=p["ink"]),
            xaxis=axis,
            yaxis=axis,
            hoverlabel=dict(bgcolor=p["panel"], font=dict(color=p["ink"]), bordercolor=p["line"]),
        )
    )
    merged = go.layout.Template(pio.templates[base])
    merged.update(tpl)
    return merged
