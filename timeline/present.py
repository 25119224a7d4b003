"""Classroom mode: a full-screen presentation of a story at /present/<story>?step=N.

The presentation is a second Dash app on the explorer's Flask server, so the explorer's layout
and callbacks stay as they are. assets/present.js moves between steps (buttons, keys, swipes)
by writing ?step=N to the address bar, and the one callback here renders whatever it says.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

from dash import Dash, Input, Output, State, dcc, html, no_update

from timeline import layout as explorer
from timeline import schema as s
from timeline.config import ASSETS
from timeline.datasets import Dataset, Datasets
from timeline.filters import actor_label, apply_filters, type_label
from timeline.handout import handout_pdf, slide_pngs, slides_zip
from timeline.layout import source_list
from timeline.state import state_from_query
from timeline.stories import (
    VIEW_SLUG,
    Story,
    StoryLibrary,
    clamp_step,
    story_events,
    story_from_view,
)
from timeline.story_figures import event_day, story_figure

PREFIX = "/present/"
STEP = "step"
DATASET_PARAM = "dataset"

ROOT = "present-root"
URL = "present-url"
TITLE = "present-title"
PROGRESS = "present-progress"
FIRST = "present-first"
PREV = "present-prev"
NEXT = "present-next"
LAST = "present-last"
FULLSCREEN = "present-fullscreen"
EXIT = "present-exit"
HANDOUT = "present-handout"
SLIDES = "present-slides"
HANDOUT_DOWNLOAD = "present-handout-download"
SLIDES_DOWNLOAD = "present-slides-download"
STAGE = "present-stage"
CHART = "present-timeline"
EVENT = "present-event"
INDEX = "present-index"
NOTICES = "present-notices"
PANEL = "classroom"
VIEW_LINK = "present-view-link"

NOT_FOUND = "No story is called '{slug}'. Choose one below."


def story_href(slug: str, step: int | None = None) -> str:
    """The link that presents a story, at a step when given."""
    return PREFIX + quote(slug) + (f"?{STEP}={step}" if step else "")


def classroom_panel(library: StoryLibrary) -> html.Div:
    """The explorer's panel: the shipped stories, and presenting the current view as a story."""
    links = [
        html.Li(html.A(story.title, href=story_href(slug)))
        for slug, story in library.stories.items()
    ]
    return html.Div(
        id=PANEL,
        className="control classroom",
        children=[
            html.Span("Present in class", className="label"),
            html.Ul(links, className="story-links"),
            html.A("Present this view", id=VIEW_LINK, href=PREFIX + VIEW_SLUG, className="button"),
        ],
    )


def register_classroom(app: Dash, datasets: Datasets, library: StoryLibrary) -> Dash:
    """Keep the explorer's 'Present this view' link current and mount the presentation app."""

    @app.callback(
        Output(VIEW_LINK, "href"),
        Input(explorer.URL, "search"),
        Input(explorer.DATASET, "data"),
    )
    def view_link(search, key):
        pairs = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k != "event"]
        if key:
            pairs.append((DATASET_PARAM, key))
        return PREFIX + VIEW_SLUG + ("?" + urlencode(pairs) if pairs else "")

    return create_presenter(app, datasets, library)


def create_presenter(explorer_app: Dash, datasets: Datasets, library: StoryLibrary) -> Dash:
    """The presentation app, served under /present/ by the explorer's server."""
    app = Dash(
        "timeline.present",
        server=explorer_app.server,
        url_base_pathname=PREFIX,
        title="Present · " + explorer.APP_TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
    )
    app.layout = presentation_layout()
    _register(app, datasets, library)
    return app


def presentation_layout() -> html.Div:
    """The full-screen stage: a bar with the story and the controls, the timeline and the event."""

    def button(label, component_id, title):
        return html.Button(label, id=component_id, className="present-button", title=title)

    return html.Div(
        id=ROOT,
        className="present",
        children=[
            dcc.Location(id=URL, refresh=False),
            html.Header(
                className="present-bar",
                children=[
                    html.H1(id=TITLE, className="present-title"),
                    html.P(id=PROGRESS, className="present-progress", **{"aria-live": "polite"}),
                    html.Nav(
                        className="present-controls",
                        **{"aria-label": "Story controls"},
                        children=[
                            button("First", FIRST, "First step (Home)"),
                            button("← Back", PREV, "Previous step (← or Page Up)"),
                            button("Next →", NEXT, "Next step (→, Space or Page Down)"),
                            button("Last", LAST, "Last step (End)"),
                            button("Full screen", FULLSCREEN, "Full screen (F)"),
                            button("Handout PDF", HANDOUT, "Download a printable handout"),
                            button("Slides", SLIDES, "Download one PNG per step (zip)"),
                            html.A(
                                "Exit",
                                id=EXIT,
                                href="/",
                                className="present-button",
                                title="Back to the explorer (Esc)",
                            ),
                        ],
                    ),
                ],
            ),
            html.Div(id=NOTICES, className="present-notices", role="status"),
            html.Main(
                id=STAGE,
                className="present-stage",
                children=[
                    html.Section(
                        className="present-chart",
                        **{"aria-label": "Story timeline"},
                        children=dcc.Graph(
                            id=CHART,
                            config={"displayModeBar": False, "responsive": True},
                            figure={"data": [], "layout": {}},
                        ),
                    ),
                    html.Article(id=EVENT, className="present-event", **{"aria-live": "polite"}),
                ],
            ),
            html.Section(id=INDEX, className="present-index", hidden=True),
            dcc.Loading(
                type="circle",
                className="present-loading",
                children=[dcc.Download(id=HANDOUT_DOWNLOAD), dcc.Download(id=SLIDES_DOWNLOAD)],
            ),
        ],
    )


def _register(app: Dash, datasets: Datasets, library: StoryLibrary) -> None:
    @app.callback(
        Output(TITLE, "children"),
        Output(PROGRESS, "children"),
        Output(PROGRESS, "data-total"),
        Output(CHART, "figure"),
        Output(EVENT, "children"),
        Output(EXIT, "href"),
        Output(STAGE, "hidden"),
        Output(INDEX, "hidden"),
        Output(INDEX, "children"),
        Output(NOTICES, "children"),
        Input(URL, "pathname"),
        Input(URL, "search"),
    )
    def show(pathname, search):
        slug = _slug(pathname)
        data, story, notices = resolve(slug, search, datasets, library)
        if story is None:
            return (
                "Stories", "", 0, no_update, [], "/", True, False,
                story_index(library, notices), [],
            )  # fmt: skip
        step = clamp_step(_params(search).get(STEP, "1"), story)
        rows = story_events(story, data.events)
        event = rows.iloc[step - 1]
        return (
            story.title,
            f"{step} / {len(story.steps)}",
            len(story.steps),
            story_figure(rows, step - 1),
            event_panel(story, event, step),
            _exit_href(slug, search, event[s.ID]),
            False,
            True,
            [],
            [html.P(n) for n in notices],
        )

    def handout(story: Story, data: Dataset) -> tuple[bytes, str]:
        return handout_pdf(story, data.events).pdf, f"{story.slug}-handout.pdf"

    def slides(story: Story, data: Dataset) -> tuple[bytes, str]:
        archive = slides_zip(slide_pngs(story, data.events), f"{story.slug}-slides")
        return archive, f"{story.slug}-slides.zip"

    for button, target, build in (
        (HANDOUT, HANDOUT_DOWNLOAD, handout),
        (SLIDES, SLIDES_DOWNLOAD, slides),
    ):
        _register_download(app, button, target, build, datasets, library)


def _register_download(app, button, target, build, datasets, library) -> None:
    @app.callback(
        Output(target, "data"),
        Input(button, "n_clicks"),
        State(URL, "pathname"),
        State(URL, "search"),
        prevent_initial_call=True,
    )
    def download(_clicks, pathname, search):
        data, story, _ = resolve(_slug(pathname), search, datasets, library)
        if story is None:
            return no_update
        content, filename = build(story, data)
        return dcc.send_bytes(content, filename)


def resolve(
    slug: str, search: str | None, datasets: Datasets, library: StoryLibrary
) -> tuple[Dataset, Story | None, list[str]]:
    """The dataset and story a presentation link names, with notices for anything ignored."""
    params = _params(search)
    if slug == VIEW_SLUG:
        data = datasets.get(params.get(DATASET_PARAM))
        view = "&".join(
            f"{k}={quote(v)}" for k, v in parse_qsl((search or "").lstrip("?"))
            if k not in (STEP, DATASET_PARAM)
        )  # fmt: skip
        state, notices = state_from_query(view, data.types, data.actors, data.ids)
        shown = apply_filters(data.events, state.filters)
        if shown.empty:
            return data, None, notices + ["This view has no events to present."]
        return data, story_from_view(shown, state.filters), notices
    data = datasets.default
    story = library.get(slug)
    if story is None:
        return data, None, [NOT_FOUND.format(slug=slug)] if slug else []
    return data, story, [str(p) for p in library.problems_of(story)]


def event_panel(story: Story, event, step: int) -> list:
    """The current event in large type: date, title, narration, description, facts, sources."""
    narration = story.steps[step - 1].narration
    children = []
    if step == 1 and story.introduction:
        children.append(html.P(story.introduction, className="present-intro"))
    children += [
        html.P(event_day(event), className="present-date"),
        html.H2(event[s.TITLE], className="present-event-title"),
    ]
    if narration:
        children.append(html.P(narration, className="present-narration"))
    if event[s.DESCRIPTION]:
        children.append(html.P(event[s.DESCRIPTION], className="present-description"))
    facts = [type_label(str(event[s.EVENT_TYPE])), actor_label(str(event[s.ACTOR]))]
    if event[s.LOCATION]:
        facts.append(event[s.LOCATION])
    children.append(html.P(" · ".join(facts), className="present-facts"))
    children.append(html.Div([html.H3("Sources"), source_list(event[s.SOURCES])],
                             className="present-sources"))  # fmt: skip
    return children


def story_index(library: StoryLibrary, notices: list[str]) -> list:
    """The stories that can be presented, and the problems of any story file that cannot."""
    children = [html.P(n, className="present-notice") for n in notices]
    children.append(
        html.Ul(
            [
                html.Li(
                    [
                        html.A(story.title, href=story_href(slug)),
                        html.Span(f" — {len(story.steps)} steps", className="present-muted"),
                    ]
                )
                for slug, story in library.stories.items()
            ],
            className="present-story-list",
        )
    )
    if library.problems:
        children.append(html.H2("Problems in story files"))
        children.append(html.Ul([html.Li(f"{p.severity}: {p}") for p in library.problems]))
    return children


def _exit_href(slug: str, search: str | None, event_id: str) -> str:
    if slug == VIEW_SLUG:
        pairs = [
            (k, v)
            for k, v in parse_qsl((search or "").lstrip("?"))
            if k not in (STEP, DATASET_PARAM)
        ]
        return "/?" + urlencode([*pairs, ("event", event_id)])
    return "/?" + urlencode([("event", event_id)])


def _slug(pathname: str | None) -> str:
    path = (pathname or "").removeprefix(PREFIX.rstrip("/")).strip("/")
    return path.split("/")[0] if path else ""


def _params(search: str | None) -> dict[str, str]:
    return dict(parse_qsl((search or "").lstrip("?")))


def stories_folder(events_path: str | Path) -> Path:
    """The story files that go with an events file: a 'stories' folder beside it."""
    return Path(events_path).parent / "stories"
