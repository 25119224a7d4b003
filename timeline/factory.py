"""The app factory: load the data once, build the layout, register the callbacks."""

from __future__ import annotations

import logging
from pathlib import Path

from dash import Dash

from timeline.callbacks import register_callbacks
from timeline.config import ASSETS, DEFAULT_DATA, DEFAULT_FRAME_ANCESTORS
from timeline.datasets import Dataset, Datasets
from timeline.layout import APP_TITLE, build_layout
from timeline.load import read_events
from timeline.security import harden

log = logging.getLogger("timeline")


def create_app(
    events_path: str | Path = DEFAULT_DATA, frame_ancestors: str = DEFAULT_FRAME_ANCESTORS
) -> Dash:
    """A Dash app serving the events in events_path; bad rows are listed, never fatal."""
    result = read_events(events_path)
    for problem in result.errors:
        if problem.line is None:
            log.error("The events file cannot be used: %s", problem)
    if result.rows:
        log.info("Loaded %s: %s", events_path, result.summary())
    datasets = Datasets(Dataset(result, name=str(events_path)))
    app = Dash(
        __name__,
        title=APP_TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
    )
    app.layout = build_layout(result, tools=[], views=[])
    register_callbacks(app, datasets)
    harden(app, frame_ancestors)
    return app
