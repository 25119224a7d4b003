"""Time `timeline import` on the CSIS file and on a generated table of a million rows.

    .venv/bin/python bench/import_bench.py              # both, 1,000,000 generated rows
    .venv/bin/python bench/import_bench.py --rows 100000

The generated table has the CSIS columns (date,type,event,description,resources) with dates
in day-first and ISO form, run-together links, citations and one bad row in ten thousand, so
every path of the importer is exercised. Numbers go to stdout; nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.importer import import_file, write_import  # noqa: E402

CSIS = ROOT.parent / "shared" / "datasets" / "csis-beyond-parallel-provocations.csv"
TYPES = ["Missile Provocation", "Other Provocation", "Nuclear Provocation"]
EVENTS = [
    "Short-range Ballistic Missile Launch",
    "Balloon-floating Trash",
    "GPS Signal Jamming",
    "Artillery Fire",
    "DMZ Enroachment",
    "DMZ Encroachment",
    "Cruise Missile Launch",
]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write a CSIS-shaped CSV of `rows` data rows."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["date", "type", "event", "description", "resources"])
        for i in range(rows):
            year, month, day = rng.randint(1958, 2025), rng.randint(1, 12), rng.randint(1, 28)
            date = f"{year}-{month:02d}-{day:02d}"
            if i % 10_000 == 9_999:
                date = f"{year}-13-{day:02d}"  # rejected: no such month
            source = f"https://example.org/{i}"
            if i % 50 == 0:
                source += f"Video:https://www.youtube.com/watch?v=v{i}"
            elif i % 70 == 0:
                source = "The US Military Experience in Korea 1871-1982, page 125."
            out.writerow(
                [
                    date,
                    rng.choice(TYPES),
                    rng.choice(EVENTS),
                    f"Generated event {i}, reported by the military at {rng.randint(1, 12)} a.m.",
                    source,
                ]
            )


def measure(label: str, source: Path, out_dir: Path, **options) -> None:
    started = time.perf_counter()
    stages: list[tuple[str, float]] = []
    imported = import_file(
        source, progress=lambda m: stages.append((m, time.perf_counter() - started)), **options
    )
    imported_at = time.perf_counter() - started
    write_import(imported, out_dir / f"{label}.csv")
    total = time.perf_counter() - started
    result = imported.result
    size = source.stat().st_size / 1024 / 1024
    print(f"{label}: {size:.1f} MB, {imported.summary()}")
    for message, at in stages:
        print(f"  {at:7.2f} s  {message}")
    print(f"  {imported_at:7.2f} s  imported and validated")
    print(
        f"  {total:7.2f} s  written ({len(result.events):,} events, {len(result.rejected):,} rejected)"
    )
    print(
        f"  peak memory so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        if CSIS.is_file():
            measure("csis", CSIS, folder, preset="csis")
        else:
            print(f"skipped the CSIS file: {CSIS} is absent")
        generated = folder / "generated.csv"
        started = time.perf_counter()
        generate(generated, args.rows)
        print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s")
        measure(f"generated-{args.rows}", generated, folder, preset="csis", max_mb=1024)


if __name__ == "__main__":
    main()
