"""Uploaded files and imported datasets on disk, shared by all workers.

Any worker can import a file another worker received, and show a dataset another worker
imported: nothing lives only in one process's memory. An upload is kept under its content's
hash; an import under a random token, which goes into the view's link. Keys come from the
browser, so only well-formed keys are ever turned into paths.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from timeline.datasets import Dataset
from timeline.export import csv_bytes
from timeline.importer import ImportResult, content_key, write_atomic
from timeline.load import read_events
from timeline.state import is_token

# True for a key this cache could have made; anything else is never used in a path.
is_key = is_token


class ImportCache:
    """A folder of uploads (KEY.upload) and imports (KEY.csv, KEY.rejected.csv)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def save_upload(self, raw: bytes) -> str:
        """Keep an uploaded file; returns its key."""
        key = content_key(raw)
        path = self.folder / f"{key}.upload"
        if not path.exists():
            write_atomic(path, raw)
        return key

    def upload(self, key: str) -> bytes | None:
        """The bytes of an uploaded file, or None when the key is unknown or malformed."""
        return self._read(key, ".upload")

    def save_import(self, imported: ImportResult, name: str) -> tuple[str, Dataset]:
        """Keep imported events and their rejected rows; returns the key and the dataset.

        The key goes into the view's link, so it is random: knowing the content of a file
        does not give the address of someone else's import of it."""
        events = imported.events_csv()
        key = secrets.token_hex(16)
        write_atomic(self.folder / f"{key}.csv", events)
        write_atomic(self.folder / f"{key}.rejected.csv", csv_bytes(imported.result.rejected))
        return key, Dataset(imported.result, name=name)

    def dataset(self, key: str) -> Dataset | None:
        """An imported dataset read back from disk (another worker imported it), or None."""
        if not is_key(key) or not (self.folder / f"{key}.csv").is_file():
            return None
        result = read_events(self.folder / f"{key}.csv", strict_vocabulary=False)
        return Dataset(result, name=f"imported {key[:8]}")

    def rejected(self, key: str) -> bytes | None:
        """The rejected rows of an import as a spreadsheet-safe CSV, or None."""
        return self._read(key, ".rejected.csv")

    def _read(self, key: str, suffix: str) -> bytes | None:
        if not is_key(key):
            return None
        try:
            return (self.folder / f"{key}{suffix}").read_bytes()
        except OSError:
            return None
