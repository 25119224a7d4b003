"""Classroom mode: a full-screen presentation of a story at /present/<story>?step=N.

The presentation is a second Dash app on the explorer's Flask server, so the explorer's layout
and callbacks stay as they are. assets/present.js moves between steps (buttons, keys, swipes)
by writing ?step=N to the address bar, and the one callback here renders whatever it says.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from timeline import layout as explorer
from timeline import schema as s
from timeline.config import ASSETS
from timeline.datasets import Dataset, Datasets
from timeline.deck import story_pptx
from timeline.figures import BLANK_FIGURE
from timeline.filters import actor_label, type_label
from timeline.handout import handout_pdf, slide_pngs, slides_zip
from timeline.i18n import (
    DEFAULT_LANGUAGE,
    event_day,
    event_text,
    format_number,
    in_language,
    language,
    plural,
    t,
)
from timeline.layout import source_list
from timeline.security import viewer
from timeline.state import ViewState, query_from_state, state_from_query
from timeline.stories import (
    VIEW_SLUG,
    Story,
    StoryLibrary,
    clamp_step,
    story_events,
    story_from_view,
)
from timeline.story_figures import story_figure
from timeline.themes import theme as theme_name
from timeline.translated import tr

PREFIX = "/present/"

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
POWERPOINT = "present-powerpoint"
POWERPOINT_DOWNLOAD = "present-powerpoint-download"
STAGE = "present-stage"
CHART = "present-timeline"
EVENT = "present-event"
INDEX = "present-index"
NOTICES = "present-notices"
PAGE = "present-page"
PAGE_APPLIED = "present-page-applied"
CONTROLS_NAV = "present-controls"
CHART_SECTION = "present-chart"
PANEL = "classroom"
VIEW_LINK = "present-view-link"
STORY_LINK = "present-story-link"

# The presentation's controls: (component id, label key, hint key); the hints name the keys.
CONTROLS = [
    (FIRST, "present.first", "present.first_hint"),
    (PREV, "present.back", "present.back_hint"),
    (NEXT, "present.next", "present.next_hint"),
    (LAST, "present.last", "present.last_hint"),
    (FULLSCREEN, "present.fullscreen", "present.fullscreen_hint"),
    (HANDOUT, "present.handout", "present.handout_hint"),
    (SLIDES, "present.slides", "present.slides_hint"),
    (POWERPOINT, "present.powerpoint", "present.powerpoint_hint"),
    (EXIT, "present.exit", "present.exit_hint"),
]

# A presentation of a view steps through each of its events; past this many it is refused with
# a sentence, so that one link cannot make the server build a handout of 200,000 slides.
MAX_VIEW_STEPS = 500


def page_language(search: str | None) -> str:
    """The interface language a query string asks for; English when it names none or a bad one."""
    state, _ = state_from_query(search, [], [])
    return language(state.lang)


def page_theme(search: str | None) -> str:
    """The theme a query string asks for; the light theme when it names none or a bad one."""
    state, _ = state_from_query(search, [], [])
    return theme_name(state.theme)


def interface_view(search: str | None) -> ViewState:
    """Only the language and the theme a link chose: what a story link carries along."""
    state, _ = state_from_query(search, [], [])
    return ViewState(lang=state.lang, theme=state.theme)


def interface_query(search: str | None) -> str:
    """'?lang=ko&theme=dark': a query string that keeps only the language and the theme."""
    return query_from_state(interface_view(search))


def story_href(slug: str, view: ViewState | None = None) -> str:
    """The link that presents a story with a view's step, language and theme."""
    return PREFIX + quote(slug) + query_from_state(view or ViewState())


def classroom_panel(library: StoryLibrary) -> html.Div:
    """The explorer's panel: the shipped stories, and presenting the current view as a story."""
    links = [
        html.Li(html.A(story.title, id={"type": STORY_LINK, "slug": slug}, href=story_href(slug)))
        for slug, story in library.stories.items()
    ]
    return html.Div(
        id=PANEL,
        className="control classroom",
        children=[
            tr("classroom.heading", className="label"),
            html.Ul(links, className="story-links"),
            html.A(tr("classroom.view"), id=VIEW_LINK, href=PREFIX + VIEW_SLUG, className="button"),
        ],
    )


def classroom_props(library: StoryLibrary):
    """The panel's story titles in each language, as (component id, prop, value), for the layout
    served in that language."""

    def props(lang: str) -> list[tuple[dict, str, str]]:
        return [
            ({"type": STORY_LINK, "slug": slug}, "children", story.in_language(lang).title)
            for slug, story in library.stories.items()
        ]

    return props


def classroom_outputs(slugs: list[str]) -> dict[str, Output]:
    """The explorer's presentation links, by name."""
    return {
        "present_view": Output(VIEW_LINK, "href"),
        **{f"story:{slug}": Output({"type": STORY_LINK, "slug": slug}, "href") for slug in slugs},
    }


def classroom_links(state: ViewState, slugs: list[str]) -> dict[str, str]:
    """'Present this view' carries the whole view but the selected event; the story links carry
    the language and the theme."""
    interface = ViewState(lang=state.lang, theme=state.theme)
    return {
        "present_view": story_href(VIEW_SLUG, replace(state, event=None)),
        **{f"story:{slug}": story_href(slug, interface) for slug in slugs},
    }


def register_classroom(app: Dash, datasets: Datasets, library: StoryLibrary) -> Dash:
    """Mount the presentation app; the explorer's main callback keeps its links current."""
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

    def control(component_id, label, hint):
        text, title = t(label), t(hint)
        if component_id == EXIT:
            return html.A(text, id=EXIT, href="/", className="present-button", title=title)
        return html.Button(text, id=component_id, className="present-button", title=title)

    return html.Div(
        id=ROOT,
        className="present",
        children=[
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=PAGE),
            dcc.Store(id=PAGE_APPLIED),
            html.Header(
                className="present-bar",
                children=[
                    html.H1(id=TITLE, className="present-title"),
                    html.P(id=PROGRESS, className="present-progress", **{"aria-live": "polite"}),
                    html.Nav(
                        id=CONTROLS_NAV,
                        className="present-controls",
                        **{"aria-label": t("present.controls")},
                        children=[control(*row) for row in CONTROLS],
                    ),
                ],
            ),
            html.Div(id=NOTICES, className="present-notices", role="status"),
            html.Main(
                id=STAGE,
                className="present-stage",
                children=[
                    html.Section(
                        id=CHART_SECTION,
                        className="present-chart",
                        **{"aria-label": t("present.chart")},
                        children=dcc.Graph(
                            id=CHART,
                            config={"displayModeBar": False, "responsive": True},
                            figure=BLANK_FIGURE,
                            style={"height": "100%"},
                        ),
                    ),
                    html.Article(id=EVENT, className="present-event", **{"aria-live": "polite"}),
                ],
            ),
            html.Section(id=INDEX, className="present-index", hidden=True),
            dcc.Loading(
                type="circle",
                className="present-loading",
                children=[
                    dcc.Download(id=HANDOUT_DOWNLOAD),
                    dcc.Download(id=SLIDES_DOWNLOAD),
                    dcc.Download(id=POWERPOINT_DOWNLOAD),
                ],
            ),
        ],
    )


def _register(app: Dash, datasets: Datasets, library: StoryLibrary) -> None:
    @app.callback(
        *[Output(component, "children") for component, _, _ in CONTROLS],
        *[Output(component, "title") for component, _, _ in CONTROLS],
        Output(CONTROLS_NAV, "aria-label"),
        Output(CHART_SECTION, "aria-label"),
        Output(PAGE, "data"),
        Input(URL, "search"),
    )
    def translate(search):
        lang = page_language(search)
        title = t("present.title", lang, app=t("app.title", lang))
        return (
            *[t(label, lang) for _, label, _ in CONTROLS],
            *[t(hint, lang) for _, _, hint in CONTROLS],
            t("present.controls", lang),
            t("present.chart", lang),
            {"lang": lang, "theme": page_theme(search), "title": title},
        )

    app.clientside_callback(
        ClientsideFunction(namespace="a11y", function_name="applyPage"),
        Output(PAGE_APPLIED, "data"),
        Input(PAGE, "data"),
    )

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
        slug, lang = _slug(pathname), page_language(search)
        data, story, notices = resolve(slug, search, datasets, library)
        if story is None:
            return (
                t("present.stories", lang), "", 0, no_update, [], "/" + interface_query(search),
                True, False, story_index(library, notices, search), [],
            )  # fmt: skip
        step = clamp_step(state_from_query(search, [], [])[0].step, story)
        rows = story_events(story, data.events)
        event = rows.iloc[step - 1]
        return (
            story.title,
            f"{step} / {len(story.steps)}",
            len(story.steps),
            stage_figure(rows, step - 1, lang, page_theme(search)),
            event_panel(story, event, step, lang),
            _exit_href(slug, search, event[s.ID]),
            False,
            True,
            [],
            [html.P(n) for n in notices],
        )

    def handout(story: Story, data: Dataset, lang: str) -> tuple[bytes, str]:
        return handout_pdf(story, data.events, lang=lang).pdf, f"{story.slug}-handout.pdf"

    def slides(story: Story, data: Dataset, lang: str) -> tuple[bytes, str]:
        archive = slides_zip(slide_pngs(story, data.events, lang), f"{story.slug}-slides")
        return archive, f"{story.slug}-slides.zip"

    def powerpoint(story: Story, data: Dataset, lang: str) -> tuple[bytes, str]:
        return story_pptx(story, data.events, lang), f"{story.slug}.pptx"

    for button, target, build in (
        (HANDOUT, HANDOUT_DOWNLOAD, handout),
        (SLIDES, SLIDES_DOWNLOAD, slides),
        (POWERPOINT, POWERPOINT_DOWNLOAD, powerpoint),
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
        content, filename = build(story, data, page_language(search))
        return dcc.send_bytes(content, filename)


def resolve(
    slug: str, search: str | None, datasets: Datasets, library: StoryLibrary
) -> tuple[Dataset, Story | None, list[str]]:
    """The dataset and story a presentation link names, with notices for anything ignored."""
    lang = page_language(search)
    if slug == VIEW_SLUG:
        data, state, notices = datasets.read_view(search, viewer())
        notices = [in_language(n, lang) for n in notices]
        shown = data.shown(state.filters)
        if shown.empty:
            return data, None, notices + [t("present.no_events", lang)]
        if len(shown) > MAX_VIEW_STEPS:
            count, most = format_number(len(shown), lang), format_number(MAX_VIEW_STEPS, lang)
            return data, None, notices + [t("present.too_many", lang, n=count, most=most)]
        return data, story_from_view(shown, state.filters, lang), notices
    data = datasets.default
    story = library.get(slug)
    if story is None:
        return data, None, [t("present.not_found", lang, slug=slug)] if slug else []
    return data, story.in_language(lang), [str(p) for p in library.problems_of(story)]


def stage_figure(rows, current: int, lang: str, theme: str) -> dict:
    """The story's timeline filling the stage: its height is the stage's, and present.js scales
    its text with the screen (24 px at 1080p)."""
    fig = story_figure(rows, current, font_size=24, lang=lang, theme=theme)
    fig["layout"].pop("height", None)
    fig["layout"]["autosize"] = True
    return fig


def event_panel(story: Story, event, step: int, lang: str = DEFAULT_LANGUAGE) -> list:
    """The current event in large type: date, title, narration, description, facts, sources.

    The story's own words (introduction, narration) stay as the story file wrote them."""
    narration = story.steps[step - 1].narration
    children = []
    if step == 1 and story.introduction:
        children.append(html.P(story.introduction, className="present-intro"))
    children += [
        html.P(event_day(event, lang), className="present-date"),
        html.H2(event_text(event, s.TITLE, lang), className="present-event-title"),
    ]
    if narration:
        children.append(html.P(narration, className="present-narration"))
    description = event_text(event, s.DESCRIPTION, lang)
    if description:
        children.append(html.P(description, className="present-description"))
    facts = [
        type_label(str(event[s.EVENT_TYPE]), lang=lang),
        actor_label(str(event[s.ACTOR]), lang),
    ]
    if event[s.LOCATION]:
        facts.append(event[s.LOCATION])
    children.append(html.P(" · ".join(facts), className="present-facts"))
    children.append(html.Div([html.H3(t("detail.sources", lang)), source_list(event[s.SOURCES], lang)],
                             className="present-sources"))  # fmt: skip
    return children


def story_index(library: StoryLibrary, notices: list[str], search: str | None = None) -> list:
    """The stories that can be presented, and the problems of any story file that cannot."""
    lang, interface = page_language(search), interface_view(search)
    children = [html.P(n, className="present-notice") for n in notices]
    children.append(
        html.Ul(
            [
                html.Li(
                    [
                        html.A(story.in_language(lang).title, href=story_href(slug, interface)),
                        html.Span(
                            " — " + plural("present.steps", len(story.steps), lang),
                            className="present-muted",
                        ),
                    ]
                )
                for slug, story in library.stories.items()
            ],
            className="present-story-list",
        )
    )
    if library.problems:
        children.append(html.H2(t("present.problems", lang)))
        children.append(html.Ul([html.Li(f"{p.severity}: {p}") for p in library.problems]))
    return children


def _exit_href(slug: str, search: str | None, event_id: str) -> str:
    """Back to the explorer at the current event: with the whole view when presenting one."""
    if slug == VIEW_SLUG:
        view, _ = state_from_query(search, [], [])
        return "/" + query_from_state(replace(view, step=None, event=event_id))
    return "/" + query_from_state(replace(interface_view(search), event=event_id))


def _slug(pathname: str | None) -> str:
    path = (pathname or "").removeprefix(PREFIX.rstrip("/")).strip("/")
    return path.split("/")[0] if path else ""


def stories_folder(events_path: str | Path) -> Path:
    """The story files that go with an events file: a 'stories' folder beside it."""
    return Path(events_path).parent / "stories"
