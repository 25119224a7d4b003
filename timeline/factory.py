"""The app factory: load the data once, build the layout, register the callbacks."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from timeline.callbacks import register_callbacks
from timeline.config import ASSETS, DEFAULT_DATA
from timeline.datasets import Dataset, Datasets
from timeline.interface import page_stores, register_interface
from timeline.layout import APP_TITLE, build_layout
from timeline.load import read_events
from timeline.workbench import register_views, views_section


def create_app(events_path: str | Path = DEFAULT_DATA) -> Dash:
    """A Dash app serving the events in events_path; bad rows are listed, never fatal."""
    result = read_events(events_path)
    datasets = Datasets(Dataset(result, name=str(events_path)))
    app = Dash(
        __name__,
        title=APP_TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
    )
    app.layout = build_layout(result, tools=[], views=[views_section()], stores=page_stores())
    register_callbacks(app, datasets)
    register_views(app, datasets)
    register_interface(app, datasets)
    return app
