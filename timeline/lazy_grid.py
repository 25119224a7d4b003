"""Keep dash-ag-grid's script out of the page until a grid is shown (assets/lazy_grid.js),
and dash_table's, which no page of the app uses, out of it altogether."""

from __future__ import annotations

import json
import re

from dash import Dash

# The <script> tag Dash writes for dash-ag-grid's main bundle.
GRID_SCRIPT = re.compile(r'<script src="([^"]*/dash_ag_grid/dash_ag_grid[^"]*\.js)"></script>')

# dash_table's loader, which Dash adds to every page although the app draws no DataTable.
TABLE_SCRIPT = re.compile(r'<script src="[^"]*/dash/dash_table/bundle[^"]*\.js"></script>\s*')


def defer_grid_script(page_scripts: str) -> str:
    """The page's script tags without dash-ag-grid's, whose address becomes a JSON data block
    (#grid-script) for the stand-in that loads it when a grid is first on screen."""
    page_scripts = TABLE_SCRIPT.sub("", page_scripts)
    found = GRID_SCRIPT.search(page_scripts)
    if not found:
        return page_scripts
    address = json.dumps(found.group(1)).replace("</", "<\\/")
    block = f'<script type="application/json" id="grid-script">{address}</script>'
    return page_scripts[: found.start()] + block + page_scripts[found.end() :]


# Chunks the first screen needs, which Dash's renderer asks for only once it has drawn the
# layout: fetched with the page instead (the timeline's graph, the place filter's dropdown).
PRELOADED = ("dash/dcc/async-graph.js", "dash/dcc/async-dropdown.js")


def preload_links(prefix: str) -> str:
    return "".join(
        f'<link rel="preload" href="{prefix}_dash-component-suites/{chunk}" as="script">'
        for chunk in PRELOADED
    )


class LazyGridDash(Dash):
    """A Dash app whose pages load dash-ag-grid only when a grid is first shown, and fetch the
    first screen's chunks with the page."""

    def interpolate_index(self, **kwargs):
        kwargs["scripts"] = defer_grid_script(kwargs.get("scripts", ""))
        kwargs["css"] = preload_links(self.config.requests_pathname_prefix) + kwargs.get("css", "")
        return super().interpolate_index(**kwargs)
