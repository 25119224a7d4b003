"""Every page is bounded: however many events a view holds, no answer grows with them."""

import time

import pytest

from bench.synthetic import write_synthetic_csv
from timeline import export_view, present
from timeline.datasets import Dataset, Datasets
from timeline.export_view import EMBED_LISTED
from timeline.factory import create_app
from timeline.load import read_events
from timeline.stories import VIEW_SLUG, StoryLibrary

from .conftest import DATA

SAMPLE = DATA / "sample_events.csv"
LARGE = 60_000


@pytest.fixture(scope="module")
def large_client(tmp_path_factory):
    path = write_synthetic_csv(tmp_path_factory.mktemp("large") / "events.csv", LARGE)
    app = create_app(path, strict_vocabulary=False, cache_dir=None)
    return app.server.test_client()


@pytest.fixture(scope="module")
def client():
    return create_app(SAMPLE).server.test_client()


def test_embed_of_a_large_view_draws_counts_not_a_marker_per_event(large_client):
    started = time.perf_counter()
    response = large_client.get("/embed")
    seconds = time.perf_counter() - started
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert len(response.data) < 500_000, f"/embed sent {len(response.data):,} bytes"
    assert seconds < 10
    # The chart is the explorer's counts per lane and period (a heatmap), with no marker per
    # event; the table lists the first EMBED_LISTED events, and says so.
    assert '"type":"heatmap"' in page
    assert "e0-2014-01-01" in page and "e59999-2024-12-28" not in page
    assert page.count("<tr>") == EMBED_LISTED + 1
    assert f"<summary>The first 500 of {LARGE:,} events and their sources</summary>" in page


def test_embed_of_a_narrow_view_of_the_same_file_draws_each_event(large_client):
    response = large_client.get("/embed?type=balloon_launch&from=2024-06-01&to=2024-06-30")
    assert response.status_code == 200
    assert len(response.data) < 1_000_000


@pytest.mark.parametrize("path", ["/events.csv", "/events.json"])
def test_data_over_the_row_cap_is_refused_with_a_sentence(client, monkeypatch, path):
    monkeypatch.setattr(export_view, "MAX_SERVED_ROWS", 5)
    refused = client.get(path)
    assert refused.status_code == 413
    assert refused.get_data(as_text=True) == (
        f"413 This view has 12 events; {path} sends at most 5 at once. Narrow the view (event "
        "types, actors, dates, search), or export it on the server: "
        "timeline export --view '?…' --format csv\n"
    )
    assert client.get(path + "?type=weapons_test").status_code == 200


def test_the_row_cap_refuses_the_large_file_whole(large_client):
    assert large_client.get("/events.csv").status_code == 413
    assert len(large_client.get("/events.json").data) < 300


def test_presenting_a_view_over_the_step_cap_is_refused_with_a_notice(monkeypatch):
    monkeypatch.setattr(present, "MAX_VIEW_STEPS", 5)
    datasets = Datasets(Dataset(read_events(SAMPLE)))
    data, story, notices = present.resolve(VIEW_SLUG, "", datasets, StoryLibrary({}, []))
    assert story is None
    assert notices == [
        "This view has 12 events; a presentation steps through at most 5. Narrow the view "
        "with filters first."
    ]
    _, story, _ = present.resolve(VIEW_SLUG, "?type=weapons_test", datasets, StoryLibrary({}, []))
    assert story is not None
