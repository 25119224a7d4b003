"""The options and output of `timeline import` (and the import options of `timeline serve`)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from timeline.config import (
    DEFAULT_MAX_INFLATED_MB,
    DEFAULT_MAX_READ_SECONDS,
    DEFAULT_MAX_ROWS,
    ReadLimits,
    settings,
)
from timeline.import_cache import ImportCache
from timeline.importer import (
    DEFAULT_MAX_MB,
    FIELDS,
    PRESETS,
    ImportResult,
    UnreadableFile,
    import_file,
    write_import,
)
from timeline.load import MISSING_WORDS

SHOWN_PROBLEMS = 30
# Above this size the command line reports each step as it goes.
PROGRESS_BYTES = 5 * 1024 * 1024


def add_import_arguments(parser: argparse.ArgumentParser, for_serve: bool = False) -> None:
    """Add --preset, --map and --set (and, for `import`, the reading options) to a parser."""
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="a known public format: csis (CSIS Beyond Parallel provocations), acled (ACLED "
        "export), timelinejs (the TimelineJS spreadsheet template)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"take FIELD from COLUMN; repeat title=... to compose a title. Fields: {', '.join(FIELDS)}",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="use VALUE for FIELD in every row, e.g. --set actor=north_korea",
    )
    if for_serve:
        return
    parser.add_argument(
        "--encoding", help="text encoding (default: detected), e.g. cp949, euc-kr, cp1252"
    )
    parser.add_argument(
        "--na",
        action="append",
        default=[],
        metavar="VALUE",
        help="another word that means 'no value' in optional columns, besides "
        f"{', '.join(MISSING_WORDS)} (repeat for more)",
    )
    parser.add_argument(
        "--date-format",
        help="strptime format of the date columns (default: detected), e.g. %%d/%%m/%%Y",
    )
    parser.add_argument(
        "--dayfirst", action="store_true", help="read ambiguous dates such as 05/06/2025 day-first"
    )
    parser.add_argument(
        "--type-map",
        metavar="FILE",
        help="CSV with columns from,to[,field] renaming event types (or actors when field=actor)",
    )
    parser.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_MAX_MB,
        help=f"refuse files larger than this (default: {DEFAULT_MAX_MB} MB)",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        help=f"refuse files with more data rows (default: {DEFAULT_MAX_ROWS:,}; TIMELINE_MAX_ROWS)",
    )
    parser.add_argument(
        "--max-inflated-mb",
        type=float,
        help=f"refuse workbooks that inflate to more (default: {DEFAULT_MAX_INFLATED_MB} MB; "
        "TIMELINE_MAX_INFLATED_MB)",
    )
    parser.add_argument(
        "--max-read-seconds",
        type=float,
        help=f"stop reading a file after this long (default: {DEFAULT_MAX_READ_SECONDS} s; "
        "TIMELINE_MAX_READ_SECONDS)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")


def add_imports_arguments(parser: argparse.ArgumentParser) -> None:
    """`timeline imports clean [--all]`: the import folder's upkeep."""
    parser.add_argument(
        "action",
        choices=["clean"],
        help="clean: delete expired uploads and, "
        "over the folder's cap, the least recently used imports",
    )
    parser.add_argument("--all", action="store_true", help="delete every upload and import")
    parser.add_argument(
        "--import-dir", help="the folder (default: TIMELINE_IMPORT_DIR or the user's cache folder)"
    )


def run_imports_command(args: argparse.Namespace) -> int:
    """Clean the import folder and say what was removed."""
    merged = settings(os.environ, import_dir=args.import_dir)
    cache = ImportCache(merged["import_dir"], merged["import_dir_mb"], merged["upload_hours"])
    cleaned = cache.clean(everything=args.all)
    print(
        f"Removed {cleaned.files} files ({cleaned.bytes / 1024 / 1024:.1f} MB) from {cache.folder}"
    )
    return 0


def read_limits(args: argparse.Namespace) -> ReadLimits:
    """The reading limits: flags over environment variables over defaults."""
    merged = settings(
        os.environ,
        max_rows=args.max_rows,
        max_inflated_mb=args.max_inflated_mb,
        max_read_seconds=args.max_read_seconds,
    )
    return ReadLimits.from_settings(merged)


def run_import_command(args: argparse.Namespace) -> int:
    """Import, print the report, write OUT and OUT.rejected.csv. Exit 1 if rows were rejected."""
    started = time.perf_counter()
    source = Path(args.source)
    loud = source.is_file() and source.stat().st_size > PROGRESS_BYTES and not args.quiet

    def progress(message: str) -> None:
        if loud:
            print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr)

    try:
        imported = import_file(
            source,
            preset=args.preset,
            maps=args.map,
            sets=args.set,
            encoding=args.encoding,
            date_format=args.date_format,
            dayfirst=args.dayfirst,
            type_map=args.type_map,
            max_mb=args.max_mb,
            limits=read_limits(args),
            progress=progress,
            missing_words=[*MISSING_WORDS, *args.na],
        )
    except UnreadableFile as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    progress(f"writing {args.output}")
    out, rejected = write_import(imported, args.output)
    if not args.quiet:
        print_report(imported)
    print(imported.summary())
    print(
        f"Wrote {out} ({len(imported.result.events)} events) and {rejected} "
        f"({len(imported.result.rejected)} rows) in {time.perf_counter() - started:.1f} s"
    )
    return 1 if len(imported.result.rejected) else 0


def print_report(imported: ImportResult) -> None:
    """How the file was read and mapped, then the problems (the first few of each kind)."""
    table = imported.table
    print(f"Read {table.name}: {table.kind}, {imported.rows} data rows")
    preset = f" (preset {imported.mapping.preset})" if imported.mapping.preset else ""
    print(f"Mapping{preset}:")
    for line in imported.mapping.describe():
        print(f"  {line}")
    for reading in imported.dates:
        note = " (day and month could be swapped)" if reading.ambiguous else ""
        print(f"Dates in '{reading.column}' read as {reading.label}{note}")
    problems = imported.result.problems
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"{problem.severity}: {problem}")
    if len(problems) > SHOWN_PROBLEMS:
        rest = Counter(p.severity for p in problems[SHOWN_PROBLEMS:])
        kinds = ", ".join(f"{n} more {kind}s" for kind, n in sorted(rest.items()))
        print(f"... and {kinds}; every rejected row is in the .rejected.csv file with its reason.")
