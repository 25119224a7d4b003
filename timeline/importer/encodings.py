"""Telling the text encoding of a table's bytes and decoding them."""

from __future__ import annotations

import codecs

from timeline.importer.errors import UnreadableFile

TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used: the one given, else detected from BOM and content."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise UnreadableFile(
                f"{name}: '{encoding}' is not an encoding Python knows. Try one of: "
                f"{', '.join(TEXT_ENCODINGS)}."
            ) from exc
        candidates = [encoding]
    elif raw.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif looks_utf16(raw):
        candidates = ["utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"]
    else:
        candidates = ["utf-8", "cp1252", "latin-1"]
    for candidate in candidates:
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError as exc:
            if candidate == candidates[-1]:
                raise UnreadableFile(
                    f"{name}: is not valid {candidate} text (byte 0x{raw[exc.start]:02x} at "
                    f"position {exc.start}). Give the right encoding with --encoding, "
                    f"e.g. {', '.join(TEXT_ENCODINGS)}."
                ) from exc
            continue
        if "\x00" in text:
            raise UnreadableFile(f"{name}: contains NUL characters, so it is not a text table.")
        return text.removeprefix("\ufeff"), candidate
    raise AssertionError("unreachable")  # pragma: no cover


def looks_utf16(raw: bytes) -> bool:
    sample = raw[:4000]
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) // 2
    return half > 0 and max(zeros_odd, zeros_even) > 0.4 * half and min(zeros_odd, zeros_even) == 0
