"""The app factory: load the data once, build the layout, register the callbacks."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from timeline.cache import read_events_cached
from timeline.callbacks import register_callbacks
from timeline.config import ASSETS, DEFAULT_DATA
from timeline.datasets import Dataset, Datasets
from timeline.layout import APP_TITLE, build_layout
from timeline.zoom import register_zoom, zoom_store


def create_app(events_path: str | Path = DEFAULT_DATA, cache_dir: str | Path | None = None) -> Dash:
    """A Dash app serving the events in events_path; bad rows are listed, never fatal.

    With cache_dir, a large events file is validated once and kept there as Parquet.
    """
    result = read_events_cached(events_path, cache_dir)
    datasets = Datasets(Dataset(result, name=str(events_path)))
    app = Dash(
        __name__,
        title=APP_TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        compress=True,
    )
    app.layout = build_layout(result, tools=[], views=[zoom_store()])
    register_callbacks(app, datasets)
    register_zoom(app)
    return app
