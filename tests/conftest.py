from pathlib import Path

import pytest

from timeline import schema as s

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# The lanes of bilingual_events.csv and sample_events.csv, top down.
FIXTURE_LANES = [
    "Balloon launch",
    "Leaflet launch",
    "Loudspeaker",
    "Military agreement",
    "Weapons test",
    "Demolition",
]
SHARED = ROOT.parent / "shared" / "datasets"
HEADER = ",".join(s.COLUMNS)


@pytest.fixture
def write_csv(tmp_path):
    """Write CSV text (header added unless given) to a temp file and return its path."""

    def write(body: str, header: str | None = HEADER, name="events.csv", encoding="utf-8"):
        path = tmp_path / name
        text = (header + "\n" if header is not None else "") + body
        path.write_bytes(text.encode(encoding))
        return path

    return write
