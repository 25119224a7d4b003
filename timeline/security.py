"""HTTP hardening: security headers, a Content-Security-Policy, request limits and plain errors."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import secrets

import flask
from dash import Dash
from flask import Response
from werkzeug.exceptions import HTTPException

from timeline.config import DEFAULT_FRAME_ANCESTORS
from timeline.state import is_token

log = logging.getLogger(__name__)

# Large enough for a dataset sent by the upload panel; a bigger body is refused with 413.
MAX_REQUEST_BYTES = 64 * 1024 * 1024
# The browser's owner id: random, sent only to this site, unreadable by scripts. Uploads made
# with it are seen only by this browser until shared. (The language cookie is the only other.)
OWNER_COOKIE = "timeline_owner"
OWNER_DAYS = 365
SERVER_ERROR = "Something went wrong on the server. The error has been logged; please try again."
# One CSP source allowed in frame-ancestors: 'self', 'none', or an http(s) origin whose host
# may start with a '*.' wildcard, e.g. https://news.example.com or https://*.example.org:8443.
_SOURCE = re.compile(
    r"^(?:'self'|'none'|https?://(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)$",
    re.IGNORECASE,
)
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def frame_ancestors_sources(value: str | None) -> list[str]:
    """The sites allowed to embed the app, checked; raises ValueError naming the bad part."""
    sources = (value or DEFAULT_FRAME_ANCESTORS).replace(",", " ").split()
    for source in sources:
        if not _SOURCE.match(source):
            raise ValueError(
                f"frame ancestors: '{source}' is not a source a browser accepts. Use 'self', "
                "'none' or origins separated by spaces, e.g. "
                "\"'self' https://news.example.com https://*.example.org\"."
            )
    if "'none'" in sources and len(sources) > 1:
        raise ValueError("frame ancestors: 'none' cannot be combined with other sources.")
    return sources


def content_security_policy(script_hashes: list[str], frame_ancestors: list[str]) -> str:
    """Only the app's own scripts (plus Dash's hashed inline ones), styles, images and fonts."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        # Dash's components and Plotly inject their own stylesheets and style attributes at run
        # time; they change with every release, so styles (never scripts) may be inline.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(script_hashes: list[str], frame_ancestors: list[str]) -> dict[str, str]:
    """Every header added to every response."""
    headers = {
        "Content-Security-Policy": content_security_policy(script_hashes, frame_ancestors),
        **STATIC_HEADERS,
    }
    # Older browsers ignore frame-ancestors; give them the nearest X-Frame-Options.
    legacy = {("'self'",): "SAMEORIGIN", ("'none'",): "DENY"}.get(tuple(frame_ancestors))
    if legacy:
        headers["X-Frame-Options"] = legacy
    return headers


_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE
)


def inline_script_hashes(page: str) -> list[str]:
    """The CSP hashes ("'sha256-…'", as Dash's csp_hashes gives them) of a page's inline scripts."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(page)
    ]


def harden(
    app: Dash, frame_ancestors: str | None = DEFAULT_FRAME_ANCESTORS, others: list[Dash] = ()
) -> None:
    """Add the headers to every response, cap request size and answer errors in plain words.

    Call after every callback is registered: the CSP hashes Dash's inline scripts, of this app
    and of the `others` mounted on the same server.
    """
    hashes = list(dict.fromkeys(h for a in (app, *others) for h in a.csp_hashes()))
    headers = security_headers(hashes, frame_ancestors_sources(frame_ancestors))
    server = app.server
    # The upload panel may need more (config.request_bytes); never lower what it set.
    server.config["MAX_CONTENT_LENGTH"] = max(
        server.config.get("MAX_CONTENT_LENGTH") or 0, MAX_REQUEST_BYTES
    )

    from timeline.export_view import EMBED_PATH

    embed_page = app.get_relative_path(EMBED_PATH)
    # The read-only /embed view may be framed by any site unless the setting names the sites;
    # the explorer keeps the setting ('self' by default).
    chosen = frame_ancestors not in (None, DEFAULT_FRAME_ANCESTORS)
    explorer_ancestors = frame_ancestors_sources(frame_ancestors)
    embed_ancestors = explorer_ancestors if chosen else ["*"]

    @server.after_request
    def add_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        embedded = flask.request.path == embed_page
        if response.mimetype == "text/html" and not response.direct_passthrough:
            # Pages built outside Dash (the /embed view) carry their own inline scripts; Dash's
            # pages are covered by its csp_hashes.
            body = response.get_data(as_text=True)
            extra = [] if "_dash-renderer" in body else inline_script_hashes(body)
            if set(extra) - set(hashes) or embedded:
                ancestors = embed_ancestors if embedded else explorer_ancestors
                policy = content_security_policy(list(dict.fromkeys([*hashes, *extra])), ancestors)
                response.headers["Content-Security-Policy"] = policy
        if embedded and not chosen:
            del response.headers["X-Frame-Options"]
        return response

    server.before_request(refuse_chunked_body)
    server.after_request(give_owner_cookie)
    server.register_error_handler(Exception, plain_error)


def refuse_chunked_body() -> Response | None:
    """Answer 411 to a body sent without its length: its size cannot be checked before reading
    it, and browsers always send the length of what the app asks them to send."""
    if "chunked" in flask.request.headers.get("Transfer-Encoding", "").lower():
        return Response(
            "411 Length Required: send the body with a Content-Length.\n",
            status=411,
            mimetype="text/plain",
        )
    return None


def viewer() -> str | None:
    """The requesting browser's owner id from its cookie; None outside a request or without one."""
    if not flask.has_request_context():
        return None
    value = flask.request.cookies.get(OWNER_COOKIE, "")
    return value if is_token(value) else None


def give_owner_cookie(response: Response) -> Response:
    """Set a random owner id on a browser that has none (HttpOnly, SameSite=Lax)."""
    if viewer() is None:
        response.set_cookie(
            OWNER_COOKIE,
            secrets.token_hex(16),
            max_age=OWNER_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=flask.request.is_secure,
            path="/",
        )
    return response


def plain_error(error: Exception) -> Response:
    """A short text answer: the status for HTTP errors, a fixed sentence for anything else.

    The traceback goes to the server log, never to the browser.
    """
    if isinstance(error, HTTPException):
        code = error.code or 500
        return Response(f"{code} {error.name}\n", status=code, mimetype="text/plain")
    log.exception("Unhandled error while answering a request")
    return Response(SERVER_ERROR + "\n", status=500, mimetype="text/plain")
