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


class LazyGridDash(Dash):
    """A Dash app whose pages load dash-ag-grid only when a grid is first shown."""

    def interpolate_index(self, **kwargs):
        kwargs["scripts"] = defer_grid_script(kwargs.get("scripts", ""))
        return super().interpolate_index(**kwargs)
