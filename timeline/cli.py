"""The `timeline` command line: a thin layer over the library."""

from __future__ import annotations

import argparse
import os
import sys

from timeline.config import app_settings, settings
from timeline.export_cli import add_export_arguments, run_export
from timeline.i18n import DEFAULT_LANGUAGE, LANGUAGES
from timeline.load import read_events

EXAMPLES = {
    "serve": "example: timeline serve --data data/events.csv --port 8050",
    "validate": "example: timeline validate data/events.csv",
    "export": (
        "example: timeline export --type balloon_launch --from 2024-05-28 --format png --scale 2 "
        "-o balloons.png\n"
        "     or: timeline export --view '?type=balloon_launch&from=2024-05-28' "
        "--format png,svg,pdf,html,csv,json -o exports/"
    ),
    "import": (
        "examples:\n"
        "  timeline import provocations.csv --preset csis -o out.csv\n"
        '  timeline import tests.xlsx -o out.csv --map date="Launch Date" '
        '--map title="Missile Name" --map title=Facility --set actor=north_korea\n'
        "Writes OUT and OUT.rejected.csv (the rejected rows as in the file, with line and reason)."
    ),
    "trends": (
        "example: timeline trends --data data/events.csv --month 2024-10\n"
        "Each event type and actor in the month against the average of the 3 and the 12 months "
        "before; the month defaults to the last full month of the data."
    ),
    "handout": (
        "example: timeline handout balloon-war-2024 -o balloons.pdf --png-dir slides/\n"
        "     or: timeline handout balloon-war-2024 -o balloons.pptx   (PowerPoint)\n"
        "     or: timeline handout balloon-war-2024 --lang ko -o balloons-ko.pdf"
    ),
}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return args.run(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Inter-Korean Tensions Timeline: validate, serve and export sourced events.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = _command(commands, "serve", "serve the app in a browser", run_serve)
    serve.add_argument("--data", help="events CSV to serve (default: the bundled data)")
    serve.add_argument("--host", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: 8050)")
    serve.add_argument(
        "--frame-ancestors",
        help="sites allowed to embed the app in a frame, e.g. \"'self' https://news.example.com\" "
        "(default: 'self')",
    )
    serve.add_argument(
        "--debug",
        action="store_true",
        default=None,
        help="Dash debug mode with reloader and dev tools (never in production)",
    )

    validate = _command(
        commands, "validate", "check an events CSV and list every problem", run_validate
    )
    validate.add_argument("path", help="the events CSV")
    validate.add_argument("--quiet", action="store_true", help="print only the summary line")
    validate.add_argument(
        "--own-categories",
        action="store_true",
        help="accept event types and actors outside the built-in vocabulary (imported files)",
    )

    add_export_arguments(
        _command(
            commands, "export", "export a filtered view as an image, web page or data", run_export
        )
    )

    from timeline.import_cli import add_import_arguments

    add_import_arguments(serve, for_serve=True)
    importer = _command(
        commands,
        "import",
        "convert any event table (CSV, TSV, Excel) into an events CSV, with a report",
        run_import,
    )
    importer.formatter_class = argparse.RawDescriptionHelpFormatter
    importer.add_argument("source", help="the table to import (.csv, .tsv, .txt or .xlsx)")
    importer.add_argument("-o", "--output", required=True, help="the events CSV to write")
    add_import_arguments(importer)
    from timeline.import_cli import add_imports_arguments, run_imports_command

    add_imports_arguments(
        _command(commands, "imports", "tidy the folder of uploads and imports", run_imports_command)
    )

    trends = _command(
        commands, "trends", "rank what changed in a month against the months before", run_trends
    )
    trends.add_argument("--data", help="events CSV (default: the bundled data)")
    trends.add_argument(
        "--month", help="the month to look at, YYYY-MM (default: the last full one)"
    )
    trends.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="language")

    handout = _command(
        commands,
        "handout",
        "write a story's PDF handout, PowerPoint deck or slide PNGs",
        run_handout,
    )
    handout.add_argument("story", help="a story's name in data/stories, or a story YAML file")
    handout.add_argument("-o", "--output", required=True, help="the .pdf or .pptx file to write")
    handout.add_argument("--png-dir", help="also write one 1920x1080 PNG per step here")
    handout.add_argument("--data", help="events CSV (default: the bundled data)")
    handout.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="language of the headings, dates and event titles (default: en)",
    )
    return parser


def run_serve(args: argparse.Namespace) -> int:
    from timeline.factory import create_app

    merged = settings(
        os.environ,
        events_path=args.data,
        host=args.host,
        port=args.port,
        debug=args.debug,
        frame_ancestors=args.frame_ancestors,
    )
    imports = {"preset": args.preset, "maps": args.map, "sets": args.set}
    app = create_app(**app_settings(merged), import_options=imports)
    print(f"Serving on http://{merged['host']}:{merged['port']}/", file=sys.stderr)
    app.run(host=merged["host"], port=merged["port"], debug=merged["debug"])
    return 0


def run_validate(args: argparse.Namespace) -> int:
    result = read_events(args.path, strict_vocabulary=not args.own_categories)
    if not args.quiet:
        for problem in result.problems:
            print(f"{problem.severity}: {problem}")
    print(result.summary())
    return 1 if result.errors else 0


def run_trends(args: argparse.Namespace) -> int:
    import pandas as pd

    from timeline.config import DEFAULT_DATA
    from timeline.trends import trends_report

    try:
        month = pd.Period(args.month, freq="M") if args.month else None
    except ValueError:
        month = None
    if args.month and (month is None or len(args.month) != 7):
        print(f"--month '{args.month}' is not a month. Use YYYY-MM, e.g. 2024-10.", file=sys.stderr)
        return 2
    result = read_events(args.data or str(DEFAULT_DATA))
    if result.errors:
        print(result.summary(), file=sys.stderr)
    print(trends_report(result.events, month, args.lang), end="")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from timeline.import_cli import run_import_command

    return run_import_command(args)


def _command(commands, name: str, help_text: str, run) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=EXAMPLES.get(name),
    )
    parser.set_defaults(run=run)
    return parser


def run_handout(args: argparse.Namespace) -> int:
    from pathlib import Path

    from timeline.config import DEFAULT_DATA
    from timeline.handout import handout_pdf, slide_pngs
    from timeline.present import stories_folder
    from timeline.stories import read_story

    events_path = args.data or str(DEFAULT_DATA)
    result = read_events(events_path)
    given = Path(args.story)
    path = (
        given
        if given.suffix in (".yaml", ".yml")
        else stories_folder(events_path) / (args.story + ".yaml")
    )
    story, problems = read_story(path, result.events, events_path)
    for problem in problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    if story is None:
        return 1
    if Path(args.output).suffix.lower() == ".pptx":
        from timeline.deck import story_pptx

        Path(args.output).write_bytes(story_pptx(story, result.events, lang=args.lang))
        print(f"{args.output}: {len(story.steps)} slides")
        return 1 if any(p.is_error for p in problems) else 0
    handout = handout_pdf(story, result.events, lang=args.lang)
    for warning in handout.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    Path(args.output).write_bytes(handout.pdf)
    print(f"{args.output}: {handout.pages} pages ({len(story.steps)} steps and the overview)")
    if args.png_dir:
        folder = Path(args.png_dir)
        folder.mkdir(parents=True, exist_ok=True)
        slides = slide_pngs(story, result.events, args.lang)
        for name, png in slides:
            (folder / name).write_bytes(png)
        print(f"{folder}: {len(slides)} slides of 1920x1080 px")
    return 1 if any(p.is_error for p in problems) else 0
