import io
import json
import logging

import pytest

from timeline.config import DEFAULT_MAX_UPLOAD_MB, app_settings, request_bytes, settings
from timeline.factory import create_app
from timeline.security import (
    MAX_REQUEST_BYTES,
    OWNER_COOKIE,
    SERVER_ERROR,
    content_security_policy,
    frame_ancestors_sources,
)
from timeline.state import is_token

from .conftest import DATA

SAMPLE = DATA / "sample_events.csv"


@pytest.fixture(scope="module")
def app():
    return create_app(SAMPLE)


@pytest.fixture
def client(app):
    return app.server.test_client()


def csp(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response.headers["Content-Security-Policy"].split(";")]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize(
    "path", ["/", "/_dash-layout", "/_dash-dependencies", "/assets/style.css", "/no-such-page"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert csp(response)["frame-ancestors"] == ["'self'"]


def test_scripts_may_come_only_from_the_app_and_dashs_hashed_inline_script(app, client):
    policy = csp(client.get("/"))
    assert policy["script-src"] == ["'self'", *app.csp_hashes()]
    assert len(app.csp_hashes()) == 1
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_the_hashed_inline_script_is_the_one_dash_serves(app, client):
    page = client.get("/").text
    assert "var renderer = new DashRenderer();" in page
    assert app.csp_hashes() == ["'sha256-jZlsGVOhUAIcH+4PVs7QuGZkthRMgvT2n0ilH6/zTM0='"]


@pytest.mark.parametrize(
    ("value", "sources"),
    [
        (None, ["'self'"]),
        ("'none'", ["'none'"]),
        ("'self' https://news.example.com", ["'self'", "https://news.example.com"]),
        (
            "https://*.example.org:8443, http://localhost",
            ["https://*.example.org:8443", "http://localhost"],
        ),
    ],
)
def test_frame_ancestors_accept_self_none_and_origins(value, sources):
    assert frame_ancestors_sources(value) == sources


@pytest.mark.parametrize(
    ("value", "bad"),
    [
        ("https://a.example; script-src *", "https://a.example;"),
        ("*", "*"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("'unsafe-inline'", "'unsafe-inline'"),
        ("https://news.example.com/path", "https://news.example.com/path"),
    ],
)
def test_frame_ancestors_refuse_anything_that_could_change_the_policy(value, bad):
    with pytest.raises(ValueError) as error:
        frame_ancestors_sources(value)
    assert f"'{bad}' is not a source a browser accepts" in str(error.value)


def test_none_cannot_be_combined_with_other_sources():
    with pytest.raises(ValueError, match="'none' cannot be combined"):
        frame_ancestors_sources("'none' https://news.example.com")


def test_newsrooms_allow_their_site_with_an_environment_variable():
    merged = settings({"TIMELINE_FRAME_ANCESTORS": "'self' https://news.example.com"})
    assert app_settings(merged)["frame_ancestors"] == "'self' https://news.example.com"
    app = create_app(SAMPLE, frame_ancestors=merged["frame_ancestors"])
    response = app.server.test_client().get("/")
    assert csp(response)["frame-ancestors"] == ["'self'", "https://news.example.com"]
    assert "X-Frame-Options" not in response.headers


def test_the_flag_beats_the_environment_for_frame_ancestors():
    merged = settings({"TIMELINE_FRAME_ANCESTORS": "https://a.example"}, frame_ancestors="'none'")
    assert merged["frame_ancestors"] == "'none'"


def test_a_bad_frame_ancestors_setting_stops_the_app_at_start():
    with pytest.raises(ValueError, match="'\\*' is not a source"):
        create_app(SAMPLE, frame_ancestors="*")


def test_defaults_are_loopback_without_debug():
    merged = settings({})
    assert (merged["host"], merged["debug"]) == ("127.0.0.1", False)


def test_dev_tools_stay_off_even_when_dash_debug_is_set(monkeypatch):
    monkeypatch.setenv("DASH_DEBUG", "true")
    page = create_app(SAMPLE).server.test_client().get("/").text
    config = json.loads(
        page.split('<script id="_dash-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["ui"] is False
    assert config["props_check"] is False
    assert "hot_reload" not in config


def test_a_server_error_answers_a_plain_sentence_and_logs_the_traceback(caplog):
    app = create_app(SAMPLE)

    @app.server.route("/raise-for-test")
    def broken():
        raise RuntimeError("secret detail in /srv/app/timeline/secret.py")

    with caplog.at_level(logging.ERROR, logger="timeline.security"):
        response = app.server.test_client().get("/raise-for-test")
    assert response.status_code == 500
    assert response.mimetype == "text/plain"
    assert response.text == SERVER_ERROR + "\n"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "secret detail" in caplog.text and "Traceback" in caplog.text


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        (b"{not json", 400, "400 Bad Request\n"),
        (json.dumps({"unexpected": 1}).encode(), 500, SERVER_ERROR + "\n"),
    ],
)
def test_malformed_callback_requests_get_no_traceback_or_path(client, body, status, text):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert (response.status_code, response.text) == (status, text)
    assert "Traceback" not in response.text and "/" not in response.text.strip()


def test_an_oversized_request_is_refused_before_it_is_read(client):
    # The limit is the larger of the hardening's and what the largest upload needs.
    limit = max(MAX_REQUEST_BYTES, request_bytes(DEFAULT_MAX_UPLOAD_MB))
    assert client.application.config["MAX_CONTENT_LENGTH"] == limit
    response = client.post(
        "/_dash-update-component",
        data=b"x" * (limit + 1),
        content_type="application/json",
    )
    assert (response.status_code, response.text) == (413, "413 Request Entity Too Large\n")


def test_a_path_outside_the_assets_folder_is_not_served(client):
    response = client.get("/assets/../pyproject.toml")
    assert response.status_code == 404
    assert "dependencies" not in response.text


def test_policy_text_has_no_stray_separators():
    policy = content_security_policy(["'sha256-x'"], ["'self'"])
    assert policy.startswith("default-src 'self'; script-src 'self' 'sha256-x'; ")
    assert policy.endswith("; frame-ancestors 'self'")


def test_inline_script_hashes_match_what_the_browser_computes():
    from timeline.security import inline_script_hashes

    page = '<script src="/x.js"></script><script type="text/javascript">alert(1)</script>'
    # echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
    assert inline_script_hashes(page) == ["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]


def test_a_browser_gets_one_random_http_only_owner_cookie_and_keeps_it(app):
    first, second = app.server.test_client(), app.server.test_client()
    cookie = first.get("/").headers.get_all("Set-Cookie")
    owner = [c for c in cookie if c.startswith(f"{OWNER_COOKIE}=")]
    assert len(owner) == 1
    value = owner[0].split(";")[0].split("=", 1)[1]
    assert is_token(value)
    flags = {part.strip().lower() for part in owner[0].split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/"} <= flags
    assert "secure" not in flags  # plain http on loopback; behind https it is Secure
    again = first.get("/").headers.get_all("Set-Cookie")
    assert not [c for c in again if c.startswith(f"{OWNER_COOKIE}=")]
    other = second.get("/").headers.get_all("Set-Cookie")
    assert [c for c in other if c.startswith(f"{OWNER_COOKIE}=")][0] != owner[0]


def test_an_owner_cookie_that_is_not_a_token_is_replaced(app):
    client = app.server.test_client()
    client.set_cookie(OWNER_COOKIE, "../../etc/passwd")
    cookies = client.get("/").headers.get_all("Set-Cookie")
    assert [c for c in cookies if c.startswith(f"{OWNER_COOKIE}=")]


def test_a_chunked_body_is_refused_before_any_of_it_is_read(client):
    class Unread(io.BytesIO):
        def read(self, *_args):
            raise AssertionError("the server read the body")

        readline = readinto = read

    response = client.post(
        "/_dash-update-component",
        input_stream=Unread(),
        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"},
    )
    assert response.status_code == 411
    assert response.get_data(as_text=True) == (
        "411 Length Required: send the body with a Content-Length.\n"
    )
