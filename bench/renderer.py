"""A small stand-in for the Dash renderer: callback requests built from the running app.

The load test and the worker benchmark send what the browser would send, without a browser and
without a copy of any callback's inputs: the page is read from `/_dash-layout`, the callbacks from
`/_dash-dependencies`, and every request is built from those and the app's earlier answers, as the
renderer does, and every answer is checked: status 200 (or 204), a callback answer naming only
outputs it was asked for, and together the answers to one change must redraw the chart and its
caption (an output left out is Dash's no_update, which the app uses for what is not on screen).
Callbacks run in waves: a change fires the server callbacks that take it as an
input; their answers fire the next wave (a callback never re-fires on its own outputs, and waits
while another pending callback still writes one of its inputs). Clientside callbacks run only in
a browser and are skipped here.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from timeline.layout import CAPTION, TIMELINE, TYPE_FILTER

UPDATE = "/_dash-update-component"
LOCATION = {"pathname": "/", "search": "", "hash": "", "href": "http://127.0.0.1/"}
# What every page load and filter change must answer: the chart and its caption.
REDRAWN = (f"{TIMELINE}.figure", f"{CAPTION}.children")
WILDCARDS = ("ALL", "ALLSMALLER", "MATCH")
MAX_WAVES = 12


def id_key(component_id) -> str:
    """The string Dash uses for a component id (dict ids as sorted, compact JSON)."""
    if isinstance(component_id, dict):
        return (
            "{"
            + ",".join(
                f"{json.dumps(k)}:{json.dumps(component_id[k])}" for k in sorted(component_id)
            )
            + "}"
        )
    return component_id


def parse_id(text: str):
    return json.loads(text) if text.startswith("{") else text


def is_pattern(component_id) -> bool:
    return isinstance(component_id, dict) and any(
        isinstance(v, list) and v and v[0] in WILDCARDS for v in component_id.values()
    )


def output_specs(output: str) -> list[tuple[object, str]]:
    """(id, property) of each output named in a callback's `output` string."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [(parse_id(p.rsplit(".", 1)[0]), p.rsplit(".", 1)[1]) for p in parts]


def clean(prop: str) -> str:
    """A property without its allow_duplicate suffix (`data@1f3a…` → `data`)."""
    return prop.split("@")[0]


@dataclass(eq=False)
class Callback:
    """One entry of /_dash-dependencies."""

    spec: dict
    outputs: list[tuple[object, str]] = field(init=False)

    def __post_init__(self):
        self.outputs = output_specs(self.spec["output"])
        self.writes = {(id_key(i), clean(p)) for i, p in self.outputs}
        self.reads = {(id_key(i), p) for i, p in self.items("inputs")}

    @property
    def name(self) -> str:
        """The callback named by its first outputs, e.g. 'url.search, type-filter.value, … (19)'."""
        names = [f"{id_key(i)}.{clean(p)}" for i, p in self.outputs]
        return ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:2])}, … ({len(names)})"

    def items(self, kind: str) -> list[tuple[object, str]]:
        return [(parse_id(i["id"]), i["property"]) for i in self.spec.get(kind, [])]


class ProtocolError(Exception):
    """An answer that is not what the renderer would accept for the request it was sent."""


class Page:
    """One open page as the renderer holds it: every component's props by id, and the callbacks."""

    def __init__(self, layout: dict, dependencies: list[dict], location: dict[str, str]):
        self.props: dict[str, dict] = {}
        self.types: dict[str, str] = {}
        self.ids: dict[str, object] = {}
        self.parent: dict[str, str | None] = {}
        self._index(layout, None)
        for key, kind in self.types.items():
            if kind == "Location":
                for prop, value in location.items():
                    self.props[key].setdefault(prop, value)
        self.callbacks = [Callback(d) for d in dependencies if not d.get("clientside_function")]

    # --- the component tree ---

    def _index(self, node, parent: str | None) -> None:
        if isinstance(node, list):
            for child in node:
                self._index(child, parent)
            return
        if not isinstance(node, dict) or "props" not in node or "type" not in node:
            return
        props = node["props"]
        here = parent
        if "id" in props:
            here = id_key(props["id"])
            self.ids[here] = props["id"]
            self.parent[here] = parent
            self.props[here] = dict(props)
            self.types[here] = node["type"]
        for value in props.values():
            if isinstance(value, (dict, list)):
                self._index(value, here)

    def _drop_descendants(self, key: str) -> None:
        def inside(k):
            p = self.parent.get(k)
            while p is not None:
                if p == key:
                    return True
                p = self.parent.get(p)
            return False

        for k in [k for k in self.props if inside(k)]:
            del self.props[k], self.types[k], self.ids[k], self.parent[k]

    def matches(self, component_id) -> list[str]:
        """Keys of the components a (possibly wildcard) id names."""
        if not is_pattern(component_id):
            key = id_key(component_id)
            return [key] if key in self.props else []
        found = []
        for key, raw in self.ids.items():
            if isinstance(raw, dict) and raw.keys() == component_id.keys():
                if all(
                    (isinstance(v, list) and v and v[0] in WILDCARDS) or raw[k] == v
                    for k, v in component_id.items()
                ):
                    found.append(key)
        return found

    def value(self, key: str, prop: str):
        return self.props.get(key, {}).get(prop)

    def set(self, key: str, prop: str, value) -> None:
        """Apply one answered output, re-reading the tree under it when it is children."""
        if key not in self.props:
            return
        self.props[key][prop] = value
        if prop == "children":
            self._drop_descendants(key)
            self._index(value, key)

    # --- requests ---

    def _entry(self, component_id, prop: str, with_value: bool):
        def one(key):
            item = {"id": self.ids[key], "property": prop}
            if with_value and self.value(key, prop) is not None:
                item["value"] = self.value(key, prop)
            return item

        keys = self.matches(component_id)
        if is_pattern(component_id):
            return [one(k) for k in keys]
        return one(keys[0]) if keys else {"id": component_id, "property": prop}

    def request(self, callback: Callback, changed: list[str]) -> dict:
        """The body the renderer POSTs to /_dash-update-component for this callback."""
        outputs = [self._entry(i, p, with_value=False) for i, p in callback.outputs]
        return {
            "output": callback.spec["output"],
            "outputs": outputs if callback.spec["output"].startswith("..") else outputs[0],
            "inputs": [self._entry(i, p, True) for i, p in callback.items("inputs")],
            "state": [self._entry(i, p, True) for i, p in callback.items("state")],
            "changedPropIds": changed,
        }

    def fired_by(self, changed: set[str], exclude: Callback | None = None) -> list[Callback]:
        """Server callbacks with an input among the changed `id.prop` strings."""
        fired = []
        for cb in self.callbacks:
            if cb is exclude:
                continue
            for component_id, prop in cb.items("inputs"):
                if any(f"{k}.{prop}" in changed for k in self.matches(component_id)):
                    fired.append(cb)
                    break
        return fired

    def initial(self) -> list[Callback]:
        """Callbacks the renderer fires when the page opens: not prevent_initial_call, and with
        every plain input on the page."""
        return [
            cb
            for cb in self.callbacks
            if not cb.spec.get("prevent_initial_call")
            and all(is_pattern(i) or self.matches(i) for i, _ in cb.items("inputs"))
        ]

    def answer(self, callback: Callback, body: dict, status: int, text: bytes) -> set[str]:
        """Check an answer and apply it; returns the `id.prop` it answered.

        Raises ProtocolError unless the status is 200 (or 204, Dash's "prevent update") and the
        body is a callback answer naming only outputs it was asked for. An output left out is
        Dash's no_update: the renderer leaves it as it is, and so does this."""
        if status == 204:
            return set()
        if status != 200:
            raise ProtocolError(f"{callback.name}: HTTP {status} {text[:200]!r}")
        try:
            response = json.loads(text)["response"]
            answered = {f"{key}.{prop}" for key, props in response.items() for prop in props}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ProtocolError(f"{callback.name}: not a callback answer ({exc!r})") from None
        wanted = body["outputs"] if isinstance(body["outputs"], list) else [body["outputs"]]
        asked = {
            f"{id_key(o['id'])}.{clean(o['property'])}"
            for w in wanted
            for o in (w if isinstance(w, list) else [w])
        }
        if answered - asked:
            unasked = ", ".join(sorted(answered - asked))
            raise ProtocolError(f"{callback.name}: answered {unasked}, which it was not asked for")
        for key, props in response.items():
            for prop, value in props.items():
                self.set(key, prop, value)
        return answered

    def waves(self, first: list[Callback], changed: set[str], send, required=REDRAWN) -> int:
        """Run `first`, then whatever its answers fire, wave after wave; `send(callback, body)`
        posts one request and returns (status, body bytes). Returns the number of requests.

        Raises ProtocolError when an answer is wrong, or when the answers together leave out one
        of the `required` outputs (by default the chart and the caption: what a change redraws).
        """
        pending = {cb: set(changed) for cb in first}
        sent, answered = 0, set()
        for _ in range(MAX_WAVES):
            if not pending:
                missing = sorted(set(required) - answered)
                if missing:
                    raise ProtocolError(f"none of {sent} answers redrew {', '.join(missing)}")
                return sent
            ready = [
                cb
                for cb in pending
                if not any(cb.reads & other.writes for other in pending if other is not cb)
            ] or list(pending)
            following = {cb: why for cb, why in pending.items() if cb not in ready}
            for cb in ready:
                inputs = {f"{k}.{p}" for i, p in cb.items("inputs") for k in self.matches(i)}
                body = self.request(cb, sorted(pending[cb] & inputs))
                status, text = send(cb, body)
                sent += 1
                out = self.answer(cb, body, status, text)
                answered |= out
                for nxt in self.fired_by(out, exclude=cb):
                    following[nxt] = following.get(nxt, set()) | out
            pending = following
        raise ProtocolError(f"callbacks still firing after {MAX_WAVES} waves")


# fetch(method, path, body or None) -> (status, body bytes): one HTTP request to the app.
Fetch = Callable[[str, str, bytes | None], tuple[int, bytes]]


def fetcher(base_url: str, timeout: float = 600) -> Fetch:
    """A Fetch over urllib against `base_url` (a loopback address)."""

    def fetch(method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"} if body else {}
        request = urllib.request.Request(base_url + path, body, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    return fetch


def open_page(fetch: Fetch, search: str = "") -> Page:
    """Open the page at a link (its query string) as a browser does: the HTML, layout, callback
    map, then the callbacks that fire on load (and those their answers fire).

    Raises ProtocolError unless the answers write the caption and the timeline is drawn, by an
    answer or by the layout (which carries the first view's timeline)."""

    def get(path: str) -> bytes:
        status, data = fetch("GET", path, None)
        if status != 200:
            raise ProtocolError(f"GET {path}: HTTP {status}")
        return data

    get("/" + search)
    layout, dependencies = json.loads(get("/_dash-layout")), json.loads(get("/_dash-dependencies"))
    page = Page(layout, dependencies, {**LOCATION, "search": search})
    page.waves(page.initial(), set(), poster(fetch), required=(f"{CAPTION}.children",))
    if not (page.value(TIMELINE, "figure") or {}).get("data"):
        raise ProtocolError(
            "the page opened without a timeline: neither the layout nor an answer drew it"
        )
    return page


def poster(fetch: Fetch):
    """send(callback, body) for Page.waves, over `fetch`."""
    return lambda callback, body: fetch("POST", UPDATE, json.dumps(body).encode())


def type_choices(page: Page) -> list:
    """The values the event-type filter offers, as its current options list them."""
    options = page.value(TYPE_FILTER, "options") or []
    values = [o["value"] if isinstance(o, dict) else o for o in options]
    if not values:
        raise ProtocolError(f"the page offers no event types ({TYPE_FILTER}.options is empty)")
    return values


def change_types(page: Page, fetch: Fetch, chosen: list) -> int:
    """Tick exactly `chosen` in the event-type filter and send every callback that fires, as the
    renderer would; returns the number of requests."""
    page.set(TYPE_FILTER, "value", chosen)
    changed = {f"{TYPE_FILTER}.value"}
    fired = page.fired_by(changed)
    if not fired:
        raise ProtocolError(f"no server callback takes {TYPE_FILTER}.value as an input")
    return page.waves(fired, changed, poster(fetch))
