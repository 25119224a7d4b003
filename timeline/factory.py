"""The app factory: load the data once, build the layout, register the callbacks."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from timeline.callbacks import register_callbacks
from timeline.config import ASSETS, DEFAULT_CONTEXT, DEFAULT_DATA
from timeline.datasets import Dataset, Datasets
from timeline.export_view import export_panel, register_export
from timeline.layout import APP_TITLE, build_layout
from timeline.load import read_context_series, read_events
from timeline.workbench import register_views, views_section


def create_app(
    events_path: str | Path = DEFAULT_DATA, context_path: str | Path = DEFAULT_CONTEXT
) -> Dash:
    """A Dash app serving the events in events_path; bad rows are listed, never fatal."""
    result = read_events(events_path)
    context, _ = read_context_series(context_path)
    datasets = Datasets(Dataset(result, name=str(events_path)))
    app = Dash(
        __name__,
        title=APP_TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
    )
    app.layout = build_layout(result, tools=[export_panel()], views=[views_section()])
    register_callbacks(app, datasets)
    register_views(app, datasets, context)
    register_export(app, datasets)
    return app
