"""Settings: flag > environment variable > default, turned into create_app keyword arguments here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
APP_NAME = "inter-korean-timeline"


def bundled(name: str) -> Path:
    """A folder shipped with the app: inside the installed package (a wheel or `pip install .`
    puts data/ and assets/ there), else beside it in a checkout or an editable install."""
    packaged = PACKAGE / name
    return packaged if packaged.is_dir() else ROOT / name


DATA = bundled("data")
DEFAULT_DATA = DATA / "events.csv"
DEFAULT_CONTEXT = DATA / "defector_arrivals.csv"
ASSETS = bundled("assets")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
# Caches live in the user's cache folder (~/.cache/inter-korean-timeline on Linux), never
# inside the installed package, which may not be writable.
CACHE = user_cache_path(APP_NAME)
# Uploaded files and imported datasets, shared by every worker process.
DEFAULT_IMPORT_DIR = CACHE / "imports"
DEFAULT_MAX_UPLOAD_MB = 50
# The import folder's cap (least recently used entries go first) and how long an upload that
# was never imported is kept.
DEFAULT_IMPORT_DIR_MB = 1000
DEFAULT_UPLOAD_HOURS = 1
# What a file may become once read, not just its bytes: rows, inflated workbook size, seconds.
DEFAULT_MAX_ROWS = 2_000_000
DEFAULT_MAX_INFLATED_MB = 1000
DEFAULT_MAX_READ_SECONDS = 30
# Parquet copies of large event files, keyed by content (see timeline/cache.py).
DEFAULT_CACHE = CACHE / "timeline"
# Which query backend serves the events (timeline/query.py): "auto" picks DuckDB over a Parquet
# copy in the cache folder for large datasets and pandas otherwise; "pandas" or "duckdb" force one.
DEFAULT_BACKEND = "auto"
# Room in an upload request for everything but the file: its name, the page's state, the JSON.
REQUEST_OVERHEAD = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """What one file may become once read: checked while it streams, so a small file that
    inflates to gigabytes is refused in seconds. Each names its setting in the refusal."""

    max_rows: int = DEFAULT_MAX_ROWS
    max_inflated_mb: float = DEFAULT_MAX_INFLATED_MB
    max_seconds: float = DEFAULT_MAX_READ_SECONDS

    @classmethod
    def from_settings(cls, merged: dict) -> ReadLimits:
        """The limits among merged settings."""
        return cls(merged["max_rows"], merged["max_inflated_mb"], merged["max_read_seconds"])


def upload_bytes(max_upload_mb: float) -> int:
    """The largest file, in bytes, that the upload panel accepts: checked in the browser before
    sending, and again on the server."""
    return int(max_upload_mb * 1024 * 1024)


def request_bytes(max_upload_mb: float) -> int:
    """The largest request the server reads: the largest file as base64 (a third larger), plus
    REQUEST_OVERHEAD. Anything bigger is refused with 413 before it is read."""
    return upload_bytes(max_upload_mb) * 4 // 3 + REQUEST_OVERHEAD


ENVIRONMENT = {
    "TIMELINE_DATA": "events_path",
    "TIMELINE_HOST": "host",
    "TIMELINE_PORT": "port",
    "TIMELINE_DEBUG": "debug",
    "TIMELINE_IMPORT_DIR": "import_dir",
    "TIMELINE_MAX_UPLOAD_MB": "max_upload_mb",
    "TIMELINE_IMPORT_DIR_MB": "import_dir_mb",
    "TIMELINE_UPLOAD_HOURS": "upload_hours",
    "TIMELINE_MAX_ROWS": "max_rows",
    "TIMELINE_MAX_INFLATED_MB": "max_inflated_mb",
    "TIMELINE_MAX_READ_SECONDS": "max_read_seconds",
    "TIMELINE_CACHE": "cache_dir",
    "TIMELINE_FRAME_ANCESTORS": "frame_ancestors",
    "TIMELINE_BACKEND": "backend",
}
# Sites allowed to show the app in a frame (CSP frame-ancestors); newsrooms add their own.
DEFAULT_FRAME_ANCESTORS = "'self'"


def settings(environ: Mapping[str, str], **flags) -> dict:
    """Merge command-line flags (None when not given) over environment variables over defaults."""
    merged: dict = {
        "events_path": str(DEFAULT_DATA),
        "host": DEFAULT_HOST,
        "port": DEFAULT_PORT,
        "debug": False,
        "import_dir": str(DEFAULT_IMPORT_DIR),
        "max_upload_mb": DEFAULT_MAX_UPLOAD_MB,
        "import_dir_mb": DEFAULT_IMPORT_DIR_MB,
        "upload_hours": DEFAULT_UPLOAD_HOURS,
        "max_rows": DEFAULT_MAX_ROWS,
        "max_inflated_mb": DEFAULT_MAX_INFLATED_MB,
        "max_read_seconds": DEFAULT_MAX_READ_SECONDS,
        "cache_dir": str(DEFAULT_CACHE),
        "frame_ancestors": DEFAULT_FRAME_ANCESTORS,
        "backend": DEFAULT_BACKEND,
    }
    for variable, key in ENVIRONMENT.items():
        if environ.get(variable):
            merged[key] = environ[variable]
    merged.update({k: v for k, v in flags.items() if v is not None})
    merged["port"] = int(merged["port"])
    merged["max_upload_mb"] = float(merged["max_upload_mb"])
    merged["import_dir_mb"] = float(merged["import_dir_mb"])
    merged["upload_hours"] = float(merged["upload_hours"])
    merged["max_rows"] = int(merged["max_rows"])
    merged["max_inflated_mb"] = float(merged["max_inflated_mb"])
    merged["max_read_seconds"] = float(merged["max_read_seconds"])
    merged["debug"] = str(merged["debug"]).lower() in ("1", "true", "yes", "on")
    merged["backend"] = str(merged["backend"]).strip().lower()
    return merged


def app_settings(merged: dict) -> dict:
    """The subset of settings that create_app takes.

    The bundled data must use the built-in vocabularies; a user's own file keeps its categories.
    """
    bundled = Path(merged["events_path"]).resolve() == DEFAULT_DATA.resolve()
    return {
        "events_path": merged["events_path"],
        "strict_vocabulary": bundled,
        "import_dir": merged["import_dir"],
        "import_dir_mb": merged["import_dir_mb"],
        "upload_hours": merged["upload_hours"],
        "max_upload_mb": merged["max_upload_mb"],
        "read_limits": ReadLimits.from_settings(merged),
        "cache_dir": merged["cache_dir"],
        "frame_ancestors": merged["frame_ancestors"],
    }
