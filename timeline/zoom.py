"""Dash glue for the zoom window: the date-axis relayouts that reach the server."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, dcc

from timeline.layout import TIMELINE

ZOOM = "zoom"


def zoom_store() -> dcc.Store:
    """Holds the last relayout of the timeline that moved its date axis."""
    return dcc.Store(id=ZOOM, storage_type="memory")


def register_zoom(app: Dash) -> None:
    """Pass only date-axis relayouts on, in the browser; autosize and hover never reach the server."""
    app.clientside_callback(
        ClientsideFunction(namespace="timeline", function_name="dateAxisRelayout"),
        Output(ZOOM, "data"),
        Input(TIMELINE, "relayoutData"),
        prevent_initial_call=True,
    )
