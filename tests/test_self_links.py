"""Every link the app draws stays on the site, whatever path the address bar holds."""

import json
import re

import pytest

from bench.renderer import LOCATION, Page, poster
from timeline.factory import create_app
from timeline.layout import CAPTION

from .conftest import DATA, client_fetch

HOSTILE_PATHS = [
    "//evil.example/",
    "/\\evil.example/",
    "/%2F%2Fevil.example/",
    "/%5Cevil.example/",
    "/%2f%5cevil.example/",
    "/\\/evil.example/",
    "/%09/evil.example/",
]


@pytest.fixture(scope="module")
def app():
    return create_app(DATA / "sample_events.csv")


def hrefs(node) -> list[str]:
    """Every href in a tree of component props."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "href" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(hrefs(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(hrefs(value))
    return found


def stays_on_site(href: str) -> bool:
    """A path on this site: one leading slash, never '//' or '/\\' (which browsers read as
    another host), no scheme, no host."""
    return bool(re.match(r"^/(?![/\\])", href)) and "evil" not in href


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_links_drawn_on_a_page_opened_at_a_hostile_path_stay_on_the_site(app, path):
    fetch = client_fetch(app)
    layout = json.loads(fetch("GET", "/_dash-layout", None)[1])
    dependencies = json.loads(fetch("GET", "/_dash-dependencies", None)[1])
    location = {**LOCATION, "pathname": path, "href": "http://127.0.0.1" + path}
    page = Page(layout, dependencies, location)
    page.waves(page.initial(), set(), poster(fetch), required=(f"{CAPTION}.children",))
    links = [h for key, props in page.props.items() if key != "url" for h in hrefs(props)]
    assert len(links) >= 6  # the language and theme switches, the present and data links
    assert [h for h in links if not stays_on_site(h)] == []


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_hostile_path_answers_no_link_off_the_site(app, path):
    response = app.server.test_client().get(path)
    assert response.status_code in (200, 404)
    assert "evil.example" not in response.get_data(as_text=True)
    assert "evil.example" not in response.headers.get("Location", "")
