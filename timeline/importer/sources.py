"""Splitting a cell of source links into http(s) links and the text around them."""

from __future__ import annotations

import re

_URL = re.compile(r"(?:https?://|www\.)[^\s;|<>\"']+", re.IGNORECASE)
_RUN_TOGETHER = re.compile(r"(?<![/=?&%])(?=https?://)", re.IGNORECASE)
_LABEL = re.compile(r"(?<=[a-z0-9/._-])[A-Z][a-z]+:$")
_TRAILING_WORD = re.compile(r"(?<=[a-zA-Z0-9/._-])[A-Z][a-z]+$")
SIMPLE_URL = r"^https?://[^\s;|<>\"']+$"


def split_sources(cell: str) -> tuple[list[str], list[str]]:
    """Split a sources cell into http(s) links and any text that is not a link.

    Handles links separated by spaces, ';', '|' or ', ', links run together with no separator
    ('...index.htmlVideo:https://...'), a missing scheme ('www.'), HTML leftovers ('">') and
    repeated links.
    """
    urls: list[str] = []
    notes: list[str] = []
    position = 0
    for match in _URL.finditer(cell):
        notes.append(cell[position : match.start()])
        position = match.end()
        pieces = [p for p in _RUN_TOGETHER.split(match.group(0)) if p]
        for i, piece in enumerate(pieces):
            if i < len(pieces) - 1:
                piece = _LABEL.sub("", piece)
            elif position < len(cell) and cell[position].isspace():
                rest = cell[position:].lstrip()
                word = _TRAILING_WORD.search(piece)
                if word and rest[:1].isalnum():
                    notes.append(word.group(0) + " ")
                    piece = piece[: word.start()]
            piece = _trim_url(piece)
            if piece.lower().startswith("www."):
                piece = "http://" + piece
            if piece and piece not in urls:
                urls.append(piece)
    notes.append(cell[position:])
    note = " ".join("".join(notes).split())
    note = note.strip(" ;,|\"'<>")
    return urls, [note] if re.search(r"\w", note) else []


def _trim_url(url: str) -> str:
    url = url.rstrip(".,;:!?\"'>")
    if url.endswith(")") and "(" not in url:
        url = url.rstrip(")")
    return url
