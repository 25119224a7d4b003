from timeline.lazy_grid import defer_grid_script

SCRIPTS = (
    '<script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash/dash_table/bundle.v7_4_1m1.js"></script>\n'
    '<script src="/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35_3_0m1.min.js"></script>\n'
    '<script src="/assets/lazy_grid.js?m=1"></script>'
)


def test_the_grid_script_becomes_an_address_for_the_stand_in_and_dash_table_goes():
    assert defer_grid_script(SCRIPTS) == (
        '<script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js"></script>\n'
        '<script type="application/json" id="grid-script">'
        '"/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35_3_0m1.min.js"</script>\n'
        '<script src="/assets/lazy_grid.js?m=1"></script>'
    )


def test_a_page_without_the_grid_is_left_as_it_is():
    page = '<script src="/assets/zoom.js"></script>'
    assert defer_grid_script(page) == page


def test_the_app_page_carries_the_grid_address_and_no_grid_script(tmp_path):
    from timeline.factory import create_app

    from .conftest import DATA

    html = create_app(DATA / "sample_events.csv").server.test_client().get("/").text
    assert 'id="grid-script">"/_dash-component-suites/dash_ag_grid/dash_ag_grid.v' in html
    assert '<script src="/_dash-component-suites/dash_ag_grid/' not in html
    assert "lazy_grid.js" in html


def test_the_page_fetches_the_first_screens_chunks_with_itself():
    from timeline.factory import create_app

    from .conftest import DATA

    client = create_app(DATA / "sample_events.csv").server.test_client()
    html = client.get("/").text
    for chunk in ("async-graph.js", "async-dropdown.js"):
        address = f"/_dash-component-suites/dash/dcc/{chunk}"
        assert f'<link rel="preload" href="{address}" as="script">' in html
        assert client.get(address).status_code == 200
