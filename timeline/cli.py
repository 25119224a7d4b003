"""The `timeline` command line: a thin layer over the library."""

from __future__ import annotations

import argparse
import os
import sys

from timeline.config import app_settings, settings
from timeline.load import read_events

EXAMPLES = {
    "serve": "example: timeline serve --data data/events.csv --port 8050",
    "validate": "example: timeline validate data/events.csv",
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
    app = create_app(**app_settings(merged))
    print(f"Serving on http://{merged['host']}:{merged['port']}/", file=sys.stderr)
    app.run(host=merged["host"], port=merged["port"], debug=merged["debug"])
    return 0


def run_validate(args: argparse.Namespace) -> int:
    result = read_events(args.path)
    if not args.quiet:
        for problem in result.problems:
            print(f"{problem.severity}: {problem}")
    print(result.summary())
    return 1 if result.errors else 0


def _command(commands, name: str, help_text: str, run) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=EXAMPLES.get(name),
    )
    parser.set_defaults(run=run)
    return parser
