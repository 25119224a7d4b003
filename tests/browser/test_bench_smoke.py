"""The benchmark's smallest run in real Chromium: it measures clicks only when the chart changed."""

import bench.run as bench

SMOKE = ["--sizes", "--no-naive", "--clicks", "2"]
COUNTS = bench.type_counts(bench.SHIPPED)
SHIPPED = f"{sum(COUNTS.values()):,} (shipped)"


def test_the_benchmark_measures_page_load_and_clicks_on_the_shipped_data(browser, tmp_path):
    [row] = bench.measure(bench.parse([*SMOKE, "--work", str(tmp_path)]), browser)
    assert row["failures"] == []
    assert (row["size"], row["app"]) == (SHIPPED, "ours")
    # The page load was drawn and sent callback requests that were answered.
    assert row["draw_s"] > 0 and row["load_kb"] > 100 and row["load_requests"] >= 1
    # Each click sent requests, all answered, and the chart settled after the last answer.
    assert row["requests"] >= 1
    assert 0 < row["first_ms"] <= row["last_ms"] <= row["settled_ms"]
    assert row["wire_kb"] > 0 and row["cpu_ms"] > 0
    assert row["console_errors"] == []
    lines = bench.table([row]).splitlines()
    assert lines[2].startswith(f"| {SHIPPED} | requests per click |")
    assert "longest page freeze, load + 3 s" in "\n".join(lines)


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
