"""The app's own plotly.js: the version the plotly package ships, with only the traces it draws."""

import re
from pathlib import Path

import pandas as pd
import plotly

from bench.synthetic import write_synthetic_csv
from timeline.charts import chart_figure
from timeline.config import DEFAULT_CONTEXT
from timeline.density import Window
from timeline.export import PLOTLY_BUNDLE
from timeline.figures import timeline_view_spec
from timeline.load import read_context_series, read_events
from timeline.state import CHARTS, ViewState

from .conftest import DATA

FULL = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
DRAWN = {"scatter", "scattergl", "bar", "heatmap", "scattergeo"}


def test_the_bundle_is_the_plotly_js_version_the_plotly_package_ships():
    shipped = re.search(r"plotly\.js v([0-9.]+)", FULL.read_text()[:400])[1]
    assert re.search(r'\.version="([0-9.]+)"', PLOTLY_BUNDLE.read_text())[1] == shipped


def test_the_bundle_registers_exactly_the_traces_the_app_draws_and_is_much_smaller():
    bundle = PLOTLY_BUNDLE.read_text()
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))
    assert registered == DRAWN
    assert len(bundle) < 0.4 * FULL.stat().st_size


def test_every_chart_the_app_draws_uses_only_traces_in_the_bundle(tmp_path):
    sample = read_events(DATA / "sample_events.csv").events
    large = read_events(write_synthetic_csv(tmp_path / "large.csv", 6000)).events
    dates = pd.Series(large["date"].sort_values().dt.to_pydatetime())
    state = ViewState(lang="en")
    context, _ = read_context_series(DEFAULT_CONTEXT)
    figures = [
        timeline_view_spec(sample, None, None),
        timeline_view_spec(large, None, None),  # density
        # Between WebGL's threshold and density's: a window holding 3,000 events.
        timeline_view_spec(large, Window(dates.iloc[0], dates.iloc[3000]), None),
        *[chart_figure(chart, sample, state, context) for chart in CHARTS if chart != "timeline"],
    ]
    drawn = {
        (trace.get("type") if isinstance(trace, dict) else trace.type) or "scatter"
        for figure in figures
        for trace in (figure["data"] if isinstance(figure, dict) else figure.data)
    }
    assert {"scatter", "scattergl", "heatmap", "bar", "scattergeo"} <= drawn
    assert drawn <= DRAWN
