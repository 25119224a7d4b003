"""How long browsers may keep what the app serves: a fingerprinted asset (its address carries
`?m=` and the file's modification time, as Dash writes it) for a year, the fonts and map outlines
that the style sheets and charts name without one for a day, anything else as the app decides."""

from __future__ import annotations

import flask
from dash import Dash

A_YEAR = "public, max-age=31536000, immutable"
A_DAY = "public, max-age=86400"
# Asset folders whose files are named without a fingerprint but change only with a release.
STEADY = ("fonts/", "topojson/")


def cache_assets(app: Dash) -> None:
    """Add Cache-Control to the app's own assets (/assets/…)."""
    prefix = app.config.requests_pathname_prefix + "assets/"

    @app.server.after_request
    def cache_control(response: flask.Response) -> flask.Response:
        path = flask.request.path
        if response.status_code != 200 or not path.startswith(prefix):
            return response
        if flask.request.args.get("m"):
            response.headers["Cache-Control"] = A_YEAR
        elif path[len(prefix) :].startswith(STEADY):
            response.headers["Cache-Control"] = A_DAY
        return response
