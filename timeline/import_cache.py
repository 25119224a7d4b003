"""Uploaded files and imported datasets on disk, shared by all workers, bounded and private.

Any worker can import a file another worker received, and show a dataset another worker
imported: nothing lives only in one process's memory. An upload is kept under its content's
hash for an hour (long enough to map and import it); an import under a random token, which
goes into the view's link. Keys come from the browser, so only well-formed keys are ever turned
into paths.

The folder never grows past its cap: once over, the least recently used entries are deleted.
Each import records the browser that made it (an owner id from a cookie): only that browser
may see it until its owner shares it, and only the owner may delete it.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from timeline.config import DEFAULT_IMPORT_DIR_MB, DEFAULT_UPLOAD_HOURS
from timeline.datasets import Dataset
from timeline.export import csv_bytes
from timeline.importer import ImportResult, content_key, write_atomic
from timeline.load import read_events
from timeline.state import is_token

# True for a key this cache could have made; anything else is never used in a path.
is_key = is_token
UPLOAD = ".upload"
EVENTS = ".csv"
REJECTED = ".rejected.csv"
RECORD = ".json"


@dataclass(frozen=True)
class Cleaned:
    """What one clean-up removed."""

    files: int
    bytes: int


class ImportCache:
    """A folder of uploads (KEY.upload) and imports (KEY.csv, KEY.rejected.csv, KEY.json)."""

    def __init__(
        self,
        folder: str | Path,
        max_mb: float = DEFAULT_IMPORT_DIR_MB,
        upload_hours: float = DEFAULT_UPLOAD_HOURS,
        clock: Callable[[], float] = time.time,
    ):
        self.folder = Path(folder)
        self.max_bytes = int(max_mb * 1024 * 1024)
        self.upload_seconds = upload_hours * 3600
        self.clock = clock

    def save_upload(self, raw: bytes) -> str:
        """Keep an uploaded file; returns its key."""
        key = content_key(raw)
        path = self.folder / f"{key}{UPLOAD}"
        if not path.exists():
            write_atomic(path, raw)
        self._used(path)
        self.tidy(keep=key)
        return key

    def upload(self, key: str) -> bytes | None:
        """The bytes of an uploaded file, or None when the key is unknown, malformed or expired."""
        path = self._path(key, UPLOAD)
        if path is None or self._expired(path):
            return None
        return self._read(path)

    def save_import(
        self, imported: ImportResult, name: str, owner: str | None = None
    ) -> tuple[str, Dataset]:
        """Keep imported events and their rejected rows; returns the key and the dataset.

        The key goes into the view's link, so it is random: knowing the content of a file
        does not give the address of someone else's import of it. Only its owner may see it
        until it is shared; one without an owner (a browser without cookies) nobody may."""
        key = secrets.token_hex(16)
        record = {"name": name, "owner": owner, "shared": False}
        written = [
            write_atomic(self.folder / f"{key}{RECORD}", json.dumps(record).encode()),
            write_atomic(self.folder / f"{key}{REJECTED}", csv_bytes(imported.result.rejected)),
            write_atomic(self.folder / f"{key}{EVENTS}", imported.events_csv()),
        ]
        for path in written:
            self._used(path)
        self.tidy(keep=key)
        return key, Dataset(imported.result, name=name)

    def dataset(self, key: str) -> Dataset | None:
        """An imported dataset read back from disk (another worker imported it), or None."""
        path = self._path(key, EVENTS)
        if path is None or not path.is_file():
            return None
        self._used(path)
        result = read_events(path, strict_vocabulary=False)
        return Dataset(result, name=f"imported {key[:8]}")

    def rejected(self, key: str, viewer: str | None) -> bytes | None:
        """The rejected rows of an import as a spreadsheet-safe CSV, or None (also when the
        viewer may not see it)."""
        path = self._path(key, REJECTED)
        if path is None or not self.may_see(key, viewer):
            return None
        return self._read(path)

    def may_see(self, key: str, viewer: str | None) -> bool:
        """True when the import is shared, or the viewer is its owner."""
        record = self._record(key)
        if record is None:
            return False
        return bool(record.get("shared")) or (viewer is not None and record["owner"] == viewer)

    def is_owner(self, key: str, viewer: str | None) -> bool:
        """True when the viewer made this import."""
        record = self._record(key)
        return record is not None and viewer is not None and record.get("owner") == viewer

    def is_shared(self, key: str) -> bool:
        """True when anyone with the link may see this import."""
        record = self._record(key)
        return record is not None and bool(record.get("shared"))

    def share(self, key: str, viewer: str | None) -> bool:
        """Let anyone with the link see the import; only its owner may. True when done."""
        record = self._record(key)
        if record is None or not self.is_owner(key, viewer):
            return False
        record["shared"] = True
        self._used(write_atomic(self.folder / f"{key}{RECORD}", json.dumps(record).encode()))
        return True

    def delete(self, key: str, viewer: str | None) -> bool:
        """Delete an import and its rejected rows; only its owner may. True when done."""
        if not self.is_owner(key, viewer):
            return False
        self._remove(key)
        return True

    def tidy(self, keep: str | None = None) -> Cleaned:
        """Delete expired uploads, then the least recently used entries while over the cap."""
        removed = Cleaned(0, 0)
        now = self.clock()
        entries = self._entries()
        for key, files in list(entries.items()):
            uploads = [p for p in files if p.name.endswith(UPLOAD)]
            if key != keep and uploads and now - _mtime(uploads[0]) > self.upload_seconds:
                removed = _plus(removed, self._unlink(uploads))
                files.remove(uploads[0])
                if not files:
                    del entries[key]
        total = sum(_size(p) for files in entries.values() for p in files)
        by_age = sorted(entries, key=lambda k: max(_mtime(p) for p in entries[k]))
        for key in by_age:
            if total <= self.max_bytes:
                break
            if key == keep:
                continue
            freed = self._unlink(entries[key])
            total -= freed.bytes
            removed = _plus(removed, freed)
        return removed

    def clean(self, everything: bool = False) -> Cleaned:
        """What `timeline imports clean` does: tidy, or with everything, empty the folder."""
        if not everything:
            return self.tidy()
        return self._unlink([p for files in self._entries().values() for p in files])

    def _entries(self) -> dict[str, list[Path]]:
        entries: dict[str, list[Path]] = {}
        if not self.folder.is_dir():
            return entries
        for path in self.folder.iterdir():
            key = path.name.split(".", 1)[0]
            if is_key(key) and path.is_file():
                entries.setdefault(key, []).append(path)
        return entries

    def _record(self, key: str) -> dict | None:
        path = self._path(key, RECORD)
        raw = self._read(path) if path is not None else None
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def _remove(self, key: str) -> None:
        self._unlink([self.folder / f"{key}{suffix}" for suffix in (EVENTS, REJECTED, RECORD)])

    def _expired(self, path: Path) -> bool:
        return path.is_file() and self.clock() - _mtime(path) > self.upload_seconds

    def _used(self, path: Path) -> None:
        """Mark an entry as just used, for least-recently-used eviction."""
        try:
            os.utime(path, (self.clock(), self.clock()))
        except OSError:
            pass

    def _path(self, key: str, suffix: str) -> Path | None:
        return self.folder / f"{key}{suffix}" if is_key(key) else None

    @staticmethod
    def _read(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except OSError:
            return None

    @staticmethod
    def _unlink(paths: list[Path]) -> Cleaned:
        files = size = 0
        for path in paths:
            try:
                freed = path.stat().st_size
                path.unlink()
            except OSError:
                continue  # another worker removed it first
            files, size = files + 1, size + freed
        return Cleaned(files, size)


def _plus(a: Cleaned, b: Cleaned) -> Cleaned:
    return Cleaned(a.files + b.files, a.bytes + b.bytes)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
