import re

import pytest

from timeline.caching import A_DAY, A_YEAR
from timeline.factory import create_app

from .conftest import DATA


@pytest.fixture(scope="module")
def client():
    return create_app(DATA / "sample_events.csv").server.test_client()


def test_every_asset_the_page_names_is_fingerprinted_and_kept_a_year(client):
    page = client.get("/").text
    assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page)
    assert len(assets) > 10 and all("?m=" in a for a in assets)
    for address in assets:
        response = client.get(address)
        assert (response.status_code, response.headers["Cache-Control"]) == (200, A_YEAR)


def test_fonts_and_map_outlines_are_kept_a_day_and_other_answers_are_left_alone(client):
    for address in (
        "/assets/fonts/Pretendard-Bold.subset.woff2",
        "/assets/topojson/world_50m.json",
    ):
        assert client.get(address).headers["Cache-Control"] == A_DAY
    assert client.get("/assets/style.css").headers.get("Cache-Control") != A_YEAR
    assert client.get("/assets/missing.js?m=1").status_code == 404
    assert client.get("/assets/missing.js?m=1").headers.get("Cache-Control") != A_YEAR
    assert client.get("/_dash-layout").headers.get("Cache-Control") != A_YEAR
