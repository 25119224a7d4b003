"""Synthetic events with realistic columns and text lengths, for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from timeline import schema as s

TYPES = list(s.EVENT_TYPES)[:12]
ACTORS = ["north_korea", "south_korea", "activists", "defectors", "united_states", "japan"]
FIRST_DAY = np.datetime64("2014-01-01")
DAYS = 11 * 365
_SUBJECTS = [
    "North Korean balloons",
    "Activists' leaflets",
    "Loudspeaker broadcasts",
    "A border patrol",
    "Army engineers",
    "Coast guard vessels",
    "The defence ministry",
    "A reconnaissance drone",
    "Artillery units",
    "The unification ministry",
]
_VERBS = ["cross", "land near", "resume near", "are reported at", "halt at", "are seen off"]
_PLACES = ["Paju", "Gimpo", "Cheorwon", "Yeonpyeong", "Goseong", "Ganghwa", "Seoul", "Incheon"]
_SENTENCES = [
    "Officials said the objects carried waste paper, plastic and soil but nothing hazardous.",
    "The military broadcast warnings and tracked the crossing on radar for several hours.",
    "Residents were told not to touch debris and to report any landing to the police.",
    "The statement called the act a provocation and promised a measured response.",
    "Local media reported that flights at a nearby airport were briefly suspended.",
    "Analysts read the move as a reply to the launch reported by activists a week earlier.",
]


def synthetic_events(n: int, seed: int = 8) -> pd.DataFrame:
    """n events over eleven years: 12 types, 6 actors, titles of ~50 and descriptions of ~170 chars."""
    rng = np.random.default_rng(seed)
    days = np.sort(rng.integers(0, DAYS, n))
    dates = pd.Series((FIRST_DAY + days).astype("datetime64[D]")).dt.strftime("%Y-%m-%d")
    lasting = rng.random(n) < 0.05
    end = FIRST_DAY + days + rng.integers(1, 10, n)
    end_dates = pd.Series(end.astype("datetime64[D]")).dt.strftime("%Y-%m-%d").where(lasting, "")

    def pick(options):
        return pd.Series(np.asarray(options, dtype=object)[rng.integers(0, len(options), n)])

    title = pick(_SUBJECTS) + " " + pick(_VERBS) + " " + pick(_PLACES) + " (" + dates + ")"
    description = pick(_SENTENCES) + " " + pick(_SENTENCES)
    counted = rng.random(n) < 0.3
    counts = pd.Series(rng.integers(1, 500, n)).astype(str).where(counted, "")
    ids = "e" + pd.Series(np.arange(n)).astype(str) + "-" + dates
    return pd.DataFrame(
        {
            s.ID: ids,
            s.DATE: dates,
            s.END_DATE: end_dates,
            s.EVENT_TYPE: pick(TYPES),
            s.ACTOR: pick(ACTORS),
            s.TITLE: title,
            s.DESCRIPTION: description,
            s.COUNT: counts,
            s.COUNT_UNIT: pd.Series(["balloons"] * n).where(counted, ""),
            s.LOCATION: pick(_PLACES),
            s.LATITUDE: "37.75",
            s.LONGITUDE: "126.78",
            s.SOURCES: "https://example.org/news/" + ids,
            s.RESPONDS_TO: "",
        }
    )


def write_synthetic_csv(path: str | Path, n: int, seed: int = 8) -> Path:
    """Write n synthetic events as a UTF-8 CSV with the contract's header."""
    table = pa.Table.from_pandas(synthetic_events(n, seed).astype(str), preserve_index=False)
    pacsv.write_csv(table, str(path), pacsv.WriteOptions(quoting_style="needed"))
    return Path(path)
