"""The load test against a real gunicorn on loopback, and the ways it must fail."""

import importlib.util
import sys
from pathlib import Path

import pytest

from bench.renderer import Page, ProtocolError
from timeline.layout import CAPTION, TYPE_FILTER

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "loadtest.py"
SPEC = importlib.util.spec_from_file_location("loadtest", SCRIPT)
loadtest = sys.modules["loadtest"] = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(loadtest)

QUICK = ["2", "3", "--workers", "2", "--think", "0.05", "0.2"]


@pytest.fixture(scope="module")
def gunicorn():
    server = loadtest.Gunicorn(workers=2)
    yield server
    server.stop()


def test_two_users_for_three_seconds_open_pages_and_change_filters(gunicorn):
    report = loadtest.run(gunicorn, users=2, seconds=3, think=(0.05, 0.2))
    assert report.failures() == [], report.text(gunicorn.port)
    assert report.errors == []
    assert report.elapsed >= 3
    for user in report.users:
        assert user.page_loads, "no page was opened"
        assert len(user.changes) >= loadtest.MIN_CHANGES
        # Every change sent the type filter's callbacks and had each answer checked.
        assert min(user.requests_per_change) >= 1
        assert user.requests >= 3 * len(user.page_loads) + sum(user.requests_per_change)
    text = report.text(gunicorn.port)
    assert "page loads" in text and "filter changes" in text and text.endswith("OK")


def test_a_request_that_drops_an_input_fails_the_run(monkeypatch, capsys):
    built = Page.request

    def without_last_input(self, callback, changed):
        body = built(self, callback, changed)
        body["inputs"] = body["inputs"][:-1]
        return body

    monkeypatch.setattr(Page, "request", without_last_input)
    assert loadtest.main(QUICK) == 1
    out = capsys.readouterr().out
    assert "ProtocolError" in out and "HTTP 500" in out
    assert "FAILED: 2 errors; the run ended after" in out
    assert "users made fewer than 3 filter changes (fewest: 0)" in out


LAYOUT = {
    "type": "Div",
    "namespace": "dash_html_components",
    "props": {
        "children": [
            {"type": "Checklist", "namespace": "dcc", "props": {"id": TYPE_FILTER, "value": ["a"]}},
            {"type": "P", "namespace": "html", "props": {"id": CAPTION, "children": None}},
        ]
    },
}
CALLBACK = {
    "output": f"{CAPTION}.children",
    "inputs": [{"id": TYPE_FILTER, "property": "value"}],
    "state": [],
    "prevent_initial_call": False,
}


def test_the_request_is_built_from_the_layout_and_the_callback_map():
    page = Page(LAYOUT, [CALLBACK], {})
    changed = {f"{TYPE_FILTER}.value"}
    [callback] = page.fired_by(changed)
    page.set(TYPE_FILTER, "value", ["a", "b"])
    assert page.request(callback, sorted(changed)) == {
        "output": f"{CAPTION}.children",
        "outputs": {"id": CAPTION, "property": "children"},
        "inputs": [{"id": TYPE_FILTER, "property": "value", "value": ["a", "b"]}],
        "state": [],
        "changedPropIds": [f"{TYPE_FILTER}.value"],
    }


@pytest.mark.parametrize(
    "status, text, message",
    [
        (500, b"<h1>Internal Server Error</h1>", "caption.children: HTTP 500"),
        (200, b"<html>", "caption.children: not a callback answer"),
        (
            200,
            b'{"multi": true, "response": {"timeline": {"figure": {}}}}',
            "caption.children: answered timeline.figure, which it was not asked for",
        ),
        (200, b'{"multi": true, "response": {}}', "none of 1 answers redrew caption.children"),
        (204, b"", "none of 1 answers redrew caption.children"),
    ],
)
def test_an_answer_the_renderer_would_not_draw_is_an_error(status, text, message):
    page = Page(LAYOUT, [CALLBACK], {})

    def send(callback, body):
        return status, text

    with pytest.raises(ProtocolError, match=message):
        page.waves(page.callbacks, {f"{TYPE_FILTER}.value"}, send, (f"{CAPTION}.children",))


def test_a_run_that_ends_early_or_changes_too_little_fails():
    user = loadtest.User(port=1, until=0, seed=0)
    user.changes = [0.1]
    report = loadtest.Report([user], seconds=60, elapsed=1.0, workers=4, memory=(1, 1), stuck=[])
    assert report.failures() == [
        "the run ended after 1.0 s of 60 s",
        "1 of 1 users made fewer than 3 filter changes (fewest: 1)",
    ]
