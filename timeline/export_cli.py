"""`timeline export`: a filtered view to files, with the same filters as the app's URL."""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from timeline import schema as s
from timeline import state as url
from timeline.config import DEFAULT_CONTEXT, DEFAULT_DATA
from timeline.export import FORMATS
from timeline.i18n import LANGUAGES, in_language
from timeline.publication import DEFAULT_CREDIT, PRESETS
from timeline.render import BrowserError
from timeline.themes import THEMES

# Every parameter of an explorer link; a presentation's step means nothing to an export.
VIEW_PARAMETERS = [name for name in url.PARAMETERS if name != url.STEP]


class UsageError(ValueError):
    """A bad flag value; the message says which value and what would work."""


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of `timeline export`."""
    parser.add_argument(
        "--format",
        "-f",
        dest="formats",
        action="append",
        metavar="FORMAT",
        help=f"{', '.join(FORMATS)}; repeat or separate with commas for several (default: png)",
    )
    filters = parser.add_argument_group("filters (as in the app's address bar)")
    filters.add_argument("--type", action="append", metavar="TYPE", help="event type; repeatable")
    filters.add_argument("--actor", action="append", metavar="ACTOR", help="actor; repeatable")
    filters.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    filters.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")
    filters.add_argument("--q", metavar="WORDS", help="words in the title or description")
    filters.add_argument(
        "--view",
        metavar="LINK",
        help="a link copied from the app, whole or only its query string, e.g. "
        "'http://127.0.0.1:8050/?type=balloon_launch&zoom_from=2024-06-01&zoom_to=2024-07-01'; "
        "every parameter the app writes is read (filters, zoom, tab, chart, title, size, …)",
    )
    chart = parser.add_argument_group("chart")
    chart.add_argument(
        "--chart",
        choices=url.CHARTS,
        help="what to draw: the timeline (in the view's zoom window) or a linked view's chart "
        "(default: the view's, else timeline)",
    )
    chart.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the chart's words, dates and event titles (default: en, or the view's)",
    )
    chart.add_argument(
        "--theme",
        choices=THEMES,
        help="colours of png, svg and html (default: light, or the view's); pdf is always light",
    )
    chart.add_argument("--title", help="chart title (default: the view's caption)")
    chart.add_argument("--subtitle", help="chart subtitle (default: events counted by type)")
    chart.add_argument("--credit", help=f"credit line (default: '{DEFAULT_CREDIT}')")
    chart.add_argument(
        "--preset",
        choices=list(PRESETS),
        help="size: " + "; ".join(f"{p.key} {p.width}×{p.height}" for p in PRESETS.values()),
    )
    chart.add_argument("--width", type=int, help="width in pixels (overrides the preset)")
    chart.add_argument("--height", type=int, help="height in pixels (overrides the preset)")
    chart.add_argument("--scale", type=float, default=1, help="PNG pixel density: 1, 2 or 3")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="events CSV (default: bundled)")
    parser.add_argument(
        "-o",
        "--output",
        help="file to write; for several formats a folder (created when missing). "
        "Default: a name made from the view, in the current folder",
    )
    parser.add_argument("--browser", help="Chromium or Chrome for png/svg/pdf (default: on PATH)")


def run_export(args: argparse.Namespace) -> int:
    """Export the view once per requested format; exit 2 on a bad flag, 1 when a file fails."""
    from timeline.datasets import Dataset
    from timeline.load import read_context_series, read_events
    from timeline.render import shared_renderer
    from timeline.view_export import ExportOptions, export_view

    result = read_events(args.data)
    if result.errors and result.events.empty:
        for problem in result.errors:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    data = Dataset(result, name=args.data)
    try:
        formats = parse_formats(args.formats)
        types, actors = _known_types(data.types), _known_actors(data.actors)
        query = view_query(args, types, actors)
        state, notices = url.state_from_query(query, types, actors, data.ids, data.places)
        if notices:
            raise UsageError(" ".join(in_language(n, "en") for n in notices))
        state = with_chart_flags(state, args)
        targets = output_paths(args.output, formats, state.filters)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if state.dataset:
        print(
            "note: the link names a dataset uploaded to the app; exporting --data "
            f"{args.data} with the link's view instead.",
            file=sys.stderr,
        )
    context, _ = read_context_series(DEFAULT_CONTEXT)
    renderer = shared_renderer(args.browser)
    failed = 0
    for i, (fmt, target) in enumerate(targets, start=1):
        options = ExportOptions.for_view(state, fmt, args.scale)
        options = replace(
            options, width=args.width or options.width, height=args.height or options.height
        )
        started = time.perf_counter()
        try:
            exported = export_view(
                data.events, state.filters, options, renderer=lambda: renderer, context=context
            )
            write_file(target, exported.content)
        except (ValueError, OSError, BrowserError) as error:
            print(f"error: {fmt}: {error}", file=sys.stderr)
            failed += 1
            if isinstance(error, BrowserError):
                break
            continue
        took = time.perf_counter() - started
        step = f"[{i}/{len(targets)}] " if len(targets) > 1 else ""
        print(
            f"{step}{fmt}: wrote {target} ({_size(len(exported.content))}, {took:.2f} s)",
            file=sys.stderr,
        )
    renderer.close()
    return 1 if failed else 0


def parse_formats(given: list[str] | None) -> list[str]:
    """Formats from repeated or comma-separated --format values, in the order given, once each."""
    formats: list[str] = []
    for value in given or ["png"]:
        for fmt in (part.strip().lower() for part in value.split(",")):
            if fmt not in FORMATS:
                raise UsageError(
                    f"unknown format '{fmt}'{_did_you_mean(fmt, FORMATS)}. "
                    f"Use one of: {', '.join(FORMATS)}."
                )
            if fmt not in formats:
                formats.append(fmt)
    return formats


def with_chart_flags(state: url.ViewState, args: argparse.Namespace) -> url.ViewState:
    """The view with what the chart flags say instead of what the link said."""
    changes = {
        name: value
        for name, value in (
            ("chart", args.chart),
            ("title", args.title),
            ("subtitle", args.subtitle),
            ("credit", args.credit),
            ("size", args.preset),
        )
        if value is not None
    }
    return replace(state, **changes)


def view_query(args: argparse.Namespace, types: list[str], actors: list[str]) -> str:
    """One query string from --view and the filter flags, every value checked."""
    given = [
        (f"'{k}' in --view", url.RENAMED.get(k, k), v)
        for k, v in parse_qsl(url.query_text(args.view), keep_blank_values=True)
    ]
    flags = [("--type", url.TYPE, args.type), ("--actor", url.ACTOR, args.actor)]
    flags += [
        ("--from", url.FROM, [args.start]),
        ("--to", url.TO, [args.end]),
        ("--q", url.QUERY, [args.q]),
        ("--lang", url.LANG, [args.lang]),
        ("--theme", url.THEME, [args.theme]),
    ]
    given += [(flag, key, v) for flag, key, values in flags for v in values or [] if v is not None]
    known = {url.TYPE: types, url.ACTOR: actors, url.LANG: LANGUAGES, url.THEME: THEMES}
    for where, key, value in given:
        if key in known and value != url.NONE and value not in known[key]:
            raise UsageError(
                f"unknown value '{value}' for {where}{_did_you_mean(value, known[key])}. "
                f"Known values: {', '.join(known[key])}."
            )
        if key in (url.FROM, url.TO):
            try:
                date.fromisoformat(value)
            except ValueError:
                raise UsageError(
                    f"{where} '{value}' is not a date. Use YYYY-MM-DD, e.g. {s.DATE_EXAMPLE}."
                ) from None
        if key not in url.PARAMETERS:
            raise UsageError(
                f"unknown parameter {where}. Use one of: {', '.join(VIEW_PARAMETERS)}."
            )
    return "?" + urlencode([(key, value) for _, key, value in given])


def output_paths(output: str | None, formats: list[str], f) -> list[tuple[str, Path]]:
    """Where each format goes: the -o file for one format, files in the -o folder for several."""
    from timeline.view_export import file_stem

    stem = file_stem(f)
    names = {fmt: f"{stem}.{FORMATS[fmt][1]}" for fmt in formats}
    if output is None:
        return [(fmt, Path(names[fmt])) for fmt in formats]
    path = Path(output)
    if len(formats) == 1 and not (output.endswith(("/", "\\")) or path.is_dir()):
        return [(formats[0], path)]
    if path.exists() and not path.is_dir():
        raise UsageError(f"-o '{output}' is a file: give a folder when exporting several formats.")
    return [(fmt, path / names[fmt]) for fmt in formats]


def write_file(path: Path, content: bytes) -> None:
    """Write content, creating the export folder; OSError messages name the path and the fix."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise OSError(f"cannot write '{path}': '{folder}' is a file. Choose another path with -o.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as error:
        reason = error.strerror or str(error)
        raise OSError(f"cannot write '{path}': {reason}. Choose another path with -o.") from None


def _known_types(present: list[str]) -> list[str]:
    return [*s.EVENT_TYPES, *(t for t in present if t not in s.EVENT_TYPES)]


def _known_actors(present: list[str]) -> list[str]:
    return [*s.ACTORS, *(a for a in present if a not in s.ACTORS)]


def _did_you_mean(value: str, known) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, round(n / 1000))} kB"
