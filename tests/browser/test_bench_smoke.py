"""The benchmark's smallest run in real Chromium, and the load test's requests checked against it."""

import json

from playwright.sync_api import expect

import bench.run as bench
from bench.renderer import UPDATE, change_types, fetcher, open_page, type_choices
from timeline.layout import CAPTION

SMOKE = ["--sizes", "--no-naive", "--clicks", "2"]
COUNTS = bench.type_counts(bench.SHIPPED)
SHIPPED = f"{sum(COUNTS.values()):,} (shipped)"


def test_the_benchmark_measures_page_load_and_clicks_on_the_shipped_data(browser, tmp_path):
    [row] = bench.measure(bench.parse([*SMOKE, "--work", str(tmp_path)]), browser)
    assert row["failures"] == []
    assert (row["size"], row["app"]) == (SHIPPED, "ours")
    # The page load was drawn and sent callback requests that were answered.
    assert row["draw_s"] > 0 and row["load_kb"] > 100
    # One callback request on load: the layout arrives in its language with its attributes.
    assert row["load_requests"] == 1
    # The scripts it parsed, decoded: the small plotly bundle and Dash, not the grid.
    assert 2_000 < row["js_kb"] < 3 * 1024
    # Each click sent requests, all answered, and the chart settled after the last answer.
    assert row["requests"] >= 1
    assert 0 < row["first_ms"] <= row["last_ms"] <= row["settled_ms"]
    assert row["wire_kb"] > 0 and row["cpu_ms"] > 0
    assert row["console_errors"] == []
    lines = bench.table([row]).splitlines()
    assert lines[2].startswith(f"| {SHIPPED} | requests per click |")
    assert "longest page freeze, load + 3 s" in "\n".join(lines)
    assert (
        f"| {SHIPPED} | JavaScript on first load (decoded) | {row['js_kb']:,.0f} KB | not run | – |"
        in lines
    )


def test_a_click_that_does_not_change_the_chart_as_expected_fails(
    browser, tmp_path, monkeypatch, capsys
):
    real = bench.type_counts
    first, second = sorted(COUNTS)[:2]

    def one_event_moved(path):
        counts = real(path)
        return {**counts, first: counts[first] + 1, second: counts[second] - 1}

    monkeypatch.setattr(bench, "type_counts", one_event_moved)
    monkeypatch.setattr(bench, "CLICK_TIMEOUT_S", 3)
    monkeypatch.setattr(bench, "SETTLE_S", 0)
    assert bench.main([*SMOKE, "--work", str(tmp_path)], browser=browser) == 1
    out = capsys.readouterr().out
    assert f"| {SHIPPED} | click → chart settled | failed (2 of 2) |" in out
    expected = sum(COUNTS.values()) - COUNTS[first] - 1
    assert f"failed: {SHIPPED}, ours: clicking {first}: after 3 s the chart showed" in out
    assert f", expected {expected}, " in out


def test_the_load_test_sends_the_requests_a_browser_sends(serve, page):
    """The load test's stand-in renderer and Chromium send the same callbacks, on page load and
    for one unticked event type."""
    url = serve(bench.SHIPPED)
    sent: list[str] = []
    page.on(
        "request",
        lambda r: sent.append(r.post_data_json["output"]) if UPDATE in r.url else 0,
    )
    page.goto(url)
    page.locator(f"#{CAPTION}").filter(has_text="—").wait_for()
    wait_idle(page, sent)
    on_load, sent[:] = sorted(sent), []
    first = sorted(COUNTS)[0]
    page.click(bench.CHARTS["ours"].option(first))
    expect(page.locator(f"#{CAPTION}")).to_contain_text(f"{sum(COUNTS.values()) - COUNTS[first]}")
    wait_idle(page, sent)
    on_click = sorted(sent)

    posted: list[str] = []
    fetch = fetcher(url)

    def recording(method, path, body):
        if body:
            posted.append(json.loads(body)["output"])
        return fetch(method, path, body)

    stand_in = open_page(recording)
    assert sorted(posted) == on_load
    posted.clear()
    change_types(stand_in, recording, [t for t in type_choices(stand_in) if t != first])
    assert sorted(posted) == on_click
    assert on_click, "the click sent no callback request"


def wait_idle(page, sent: list, quiet_ms: int = 500) -> None:
    """Wait until no new callback request was sent for quiet_ms (at most 20 s)."""
    for _ in range(40):
        seen = len(sent)
        page.wait_for_timeout(quiet_ms)
        if len(sent) == seen:
            return
    raise AssertionError("callback requests never stopped")
