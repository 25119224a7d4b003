from datetime import date

import pytest

from timeline import layout as ids
from timeline.callbacks import brushed, selected_id
from timeline.filters import Filters
from timeline.state import ViewState


@pytest.mark.parametrize(
    "trigger, payload, expected",
    [
        (ids.TIMELINE, {"points": [{"customdata": "balloons-1"}]}, "balloons-1"),
        (ids.TIMELINE, {"points": [{"x": "2024-01-01"}]}, None),
        (ids.TIMELINE, None, None),
        (ids.TOTALS, {"points": [{"customdata": "balloons-2"}]}, "balloons-2"),
        (ids.TABLE, {"rowId": "speakers-1", "colId": "title"}, "speakers-1"),
        ({"type": ids.CHAIN_STEP, "id": "agreement-1"}, None, "agreement-1"),
        (ids.SEARCH, {"points": [{"customdata": "x"}]}, None),
    ],
)
def test_selected_id_reads_each_selector(trigger, payload, expected):
    assert selected_id(trigger, payload) == expected


def test_brushing_sets_the_date_filter():
    state = ViewState(Filters(query="x"), event="e", view="frequency")
    out = brushed(state, {"range": {"x": ["2024-06-03 00:00", "2024-08-25 12:00"]}})
    assert out == ViewState(
        Filters(query="x", start=date(2024, 6, 3), end=date(2024, 8, 25)),
        event="e",
        view="frequency",
    )
    assert brushed(state, None) == state


def test_places_with_the_most_events_come_first_and_places_with_none_last():
    from timeline.layout import place_options

    options = place_options(["Yongsan", "Paju", "Ganghwa", "Cheorwon"], {"Paju": 3, "Yongsan": 1})
    assert [o["label"] for o in options] == [
        "Paju (3)",
        "Yongsan (1)",
        "Cheorwon (0)",
        "Ganghwa (0)",
    ]
    assert [o["search"] for o in options] == ["Paju", "Yongsan", "Cheorwon", "Ganghwa"]


def test_an_answer_leaves_alone_the_fields_already_showing_its_values():
    """The answer to a change in 'from' must not write 'to' back: the user may be typing there
    while the answer is on its way, and an echo of the old value would wipe it."""
    from bench.renderer import poster
    from timeline.factory import create_app

    from .conftest import DATA, client_fetch, open_view

    fetch = client_fetch(create_app(DATA / "sample_events.csv"))
    page = open_view(fetch)
    page.set(ids.DATE_FROM, "value", "2024-06-01")
    sync = next(cb for cb in page.callbacks if "timeline.figure" in cb.spec["output"])
    body = page.request(sync, [f"{ids.DATE_FROM}.value"])
    send = poster(fetch)
    answered = page.answer(sync, body, *send(sync, body))
    assert f"{ids.TIMELINE}.figure" in answered
    assert f"{ids.DATE_FROM}.value" not in answered
    assert f"{ids.DATE_TO}.value" not in answered
    assert f"{ids.TYPE_FILTER}.value" not in answered
    # A value the view does not keep is still written back: an unreadable date is cleared.
    page.set(ids.DATE_FROM, "value", "2024-6-1x")
    body = page.request(sync, [f"{ids.DATE_FROM}.value"])
    page.answer(sync, body, *send(sync, body))
    assert page.value(ids.DATE_FROM, "value") == ""


def test_a_page_opened_at_the_first_view_draws_the_timeline_from_its_layout():
    """A page whose link names no view (its cookie says so, and its theme) gets a layout that
    carries the first view's timeline in its language and theme, so the chart is drawn before
    the first answer; that answer then leaves it out. Any other page gets an empty chart first,
    never a timeline it would then replace."""
    import json

    from bench.renderer import poster
    from timeline.factory import create_app

    from .conftest import DATA, layout_props, open_view

    app = create_app(DATA / "sample_events.csv")

    def browser(**cookies):
        client = app.server.test_client()
        for name, value in cookies.items():
            client.set_cookie(name.replace("_", "-"), value)

        def fetch(method, path, body):
            answer = client.open(path, method=method, data=body, content_type="application/json")
            return answer.status_code, answer.data

        return client, fetch

    def layout_timeline(client) -> dict:
        return layout_props(json.loads(client.get("/_dash-layout").data))[ids.TIMELINE]["figure"]

    def events_drawn(figure) -> int:
        return sum(
            len(t.get("customdata") or []) for t in figure["data"] if t.get("meta") == "events"
        )

    client, fetch = browser(timeline_first="light")
    assert events_drawn(layout_timeline(client)) == 12
    page = open_view(fetch)
    sync = next(cb for cb in page.callbacks if "timeline.figure" in cb.spec["output"])
    body = page.request(sync, [])
    assert "timeline" not in json.loads(poster(fetch)(sync, body)[1])["response"]
    # A link to another view: no timeline in the layout, and the answer draws the view.
    client, fetch = browser(timeline_first="")
    assert layout_timeline(client)["data"] == []
    linked = open_view(fetch, "?type=loudspeaker")
    assert events_drawn(linked.value(ids.TIMELINE, "figure")) == 2
    # The first view in Korean and the dark theme.
    client, _ = browser(timeline_lang="ko", timeline_first="dark")
    korean = layout_timeline(client)
    assert "풍선 살포" in json.dumps(korean["layout"]["yaxis"], ensure_ascii=False)
    assert "Balloon" not in json.dumps(korean["layout"]["yaxis"])
    light = layout_timeline(browser(timeline_lang="ko", timeline_first="light")[0])
    assert korean["layout"]["template"] != light["layout"]["template"]
