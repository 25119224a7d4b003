"""The app factory: load the data once, build the layout, register the callbacks."""

from __future__ import annotations

import logging
from pathlib import Path

from timeline.cache import read_events_cached
from timeline.caching import cache_assets
from timeline.callbacks import register_callbacks
from timeline.config import (
    ASSETS,
    DEFAULT_CONTEXT,
    DEFAULT_DATA,
    DEFAULT_FRAME_ANCESTORS,
    DEFAULT_IMPORT_DIR,
    DEFAULT_IMPORT_DIR_MB,
    DEFAULT_MAX_UPLOAD_MB,
    DEFAULT_UPLOAD_HOURS,
    ReadLimits,
)
from timeline.datasets import Dataset, Datasets
from timeline.export_view import export_panel, register_export
from timeline.export_view import panel_props as export_panel_props
from timeline.import_cache import ImportCache
from timeline.importer import is_foreign_table, load_any
from timeline.interface import page_stores, register_interface, serve_layout_in_language
from timeline.layout import APP_TITLE, build_layout, periods_props
from timeline.lazy_grid import LazyGridDash
from timeline.load import read_context_series
from timeline.periods import read_periods
from timeline.present import classroom_panel, classroom_props, register_classroom, stories_folder
from timeline.security import harden, viewer
from timeline.stories import load_stories
from timeline.upload import register_upload_callbacks, upload_panel, upload_props
from timeline.workbench import register_table, views_section
from timeline.zoom import register_zoom, zoom_store

log = logging.getLogger("timeline")


def create_app(
    events_path: str | Path = DEFAULT_DATA,
    strict_vocabulary: bool = True,
    import_options: dict | None = None,
    import_dir: str | Path = DEFAULT_IMPORT_DIR,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    context_path: str | Path = DEFAULT_CONTEXT,
    cache_dir: str | Path | None = None,
    frame_ancestors: str = DEFAULT_FRAME_ANCESTORS,
    read_limits: ReadLimits | None = None,
    import_dir_mb: float = DEFAULT_IMPORT_DIR_MB,
    upload_hours: float = DEFAULT_UPLOAD_HOURS,
) -> LazyGridDash:
    """A Dash app serving the events in events_path; bad rows are listed, never fatal.

    events_path may be any table `timeline import` reads; import_options (preset, maps, sets)
    say how to map it. Files uploaded in the browser are kept in import_dir. context_path is the
    yearly defector-arrivals series shown beside the events. With cache_dir, a large events file
    is validated once and kept there. frame_ancestors names the sites that may embed the app.
    read_limits bound what one uploaded file may become (rows, inflated size, seconds);
    import_dir stays under import_dir_mb, and an upload never imported is kept upload_hours.
    """
    if (import_options and any(import_options.values())) or is_foreign_table(events_path):
        result = load_any(events_path, strict_vocabulary, **(import_options or {}))
    else:
        result = read_events_cached(events_path, cache_dir, strict_vocabulary)
    for problem in result.errors:
        if problem.line is None:
            log.error("The events file cannot be used: %s", problem)
    if result.rows:
        log.info("Loaded %s: %s", events_path, result.summary())
    context, _ = read_context_series(context_path)
    periods, problems = read_periods()
    for problem in problems:
        log.error("A period cannot be shaded: %s", problem)
    cache = ImportCache(import_dir, import_dir_mb, upload_hours)
    datasets = Datasets(
        Dataset(result, name=str(events_path)), loader=cache.dataset, allowed=cache.may_see
    )
    app = LazyGridDash(
        __name__,
        title=APP_TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        compress=True,
    )
    stories = load_stories(stories_folder(events_path), result.events, str(events_path))
    app.layout = build_layout(
        result,
        tools=[upload_panel(max_upload_mb), export_panel(), classroom_panel(stories)],
        views=[zoom_store(), views_section()],
        stores=page_stores(),
    )
    first_view = register_callbacks(app, datasets, context, list(stories.stories), periods)
    register_table(app, datasets, viewer)
    register_zoom(app)
    register_interface(app)
    register_export(app, datasets, context, periods)
    register_upload_callbacks(app, datasets, cache, max_upload_mb, read_limits or ReadLimits())
    presenter = register_classroom(app, datasets, stories)
    harden(app, frame_ancestors, [presenter])
    cache_assets(app)
    serve_layout_in_language(
        app,
        datasets,
        [export_panel_props, periods_props, classroom_props(stories), upload_props],
        first_view,
    )
    return app
