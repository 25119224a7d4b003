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


def open_view(fetch, search: str = ""):
    """A page opened at a link as the Dash renderer opens it (bench/renderer.py), through
    `fetch(method, path, body) -> (status, bytes)`: every callback the page fires on load is
    sent and its answer applied, so the requests follow the app's callbacks as they are."""
    from bench.renderer import open_page

    return open_page(fetch, search)


def client_fetch(app):
    """A fetch for open_view over Flask's test client: no server needed."""
    client = app.server.test_client()

    def fetch(method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        response = client.open(path, method=method, data=body, content_type="application/json")
        return response.status_code, response.data

    return fetch


def layout_props(layout) -> dict[str, dict]:
    """The props of every component with an id in a layout's JSON form, by the id (a dict id as
    sorted JSON)."""
    import json

    found: dict[str, dict] = {}

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "props" in node:
            key = node["props"].get("id")
            if key is not None:
                found[key if isinstance(key, str) else json.dumps(key, sort_keys=True)] = node[
                    "props"
                ]
            for value in node["props"].values():
                walk(value)

    walk(layout)
    return found
