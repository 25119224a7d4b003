"""Telling the text encoding of a table's bytes and decoding them.

UTF-8 and UTF-16 are recognised by their bytes; a file with Hangul in the ranges Korean Excel
writes is tried as EUC-KR, then CP949 (its superset); other East Asian encodings come from
charset-normalizer's guess; Western files fall back to cp1252, then latin-1.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from charset_normalizer import from_bytes

from timeline.importer.errors import UnreadableFile

TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp949", "euc-kr", "cp1252", "latin-1")
KOREAN_ENCODINGS = ("euc-kr", "cp949")
# Bytes looked at to guess an encoding: enough for any header and many rows, quick to guess.
SAMPLE_BYTES = 64 * 1024
# Multi-byte encodings that cp1252 would misread without an error, so they are tried before it.
_EAST_ASIAN = {
    "big5",
    "big5hkscs",
    "cp932",
    "cp949",
    "cp950",
    "euc_jis_2004",
    "euc_jisx0213",
    "euc_jp",
    "euc_kr",
    "gb18030",
    "gb2312",
    "gbk",
    "iso2022_jp",
    "iso2022_kr",
    "johab",
    "shift_jis",
    "shift_jis_2004",
}


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
        candidates = _detected(raw)
    failure = None
    for candidate in candidates:
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError as exc:
            failure = (candidate, exc)
            continue
        if "\x00" in text:
            raise UnreadableFile(f"{name}: contains NUL characters, so it is not a text table.")
        return text.removeprefix("\ufeff"), candidate
    candidate, exc = failure
    raise UnreadableFile(
        f"{name}: is not valid {candidate} text (byte 0x{raw[exc.start]:02x} at "
        f"position {exc.start}). Give the right encoding with --encoding, "
        f"e.g. {', '.join(TEXT_ENCODINGS)}."
    ) from exc


def _detected(raw: bytes) -> Iterator[str]:
    """Encodings to try in turn; the guessing is done only when UTF-8 fails."""
    yield "utf-8"
    yield from guess_encodings(raw)
    yield "cp1252"
    yield "latin-1"


def guess_encodings(raw: bytes) -> list[str]:
    """Multi-byte encodings worth trying before cp1252: Korean first when the bytes hold Hangul,
    then charset-normalizer's guess if it is an East Asian encoding."""
    sample = raw[:SAMPLE_BYTES]
    if sample.isascii():
        return []
    guesses = list(KOREAN_ENCODINGS) if hangul_share(sample) >= 0.5 else []
    best = from_bytes(sample).best()
    if best is not None and codecs.lookup(best.encoding).name.replace("-", "_") in _EAST_ASIAN:
        guesses.append(best.encoding)
    return list(dict.fromkeys(guesses))


def hangul_share(raw: bytes) -> float:
    """The share of Hangul syllables among the non-ASCII characters, read as CP949."""
    text = raw.decode("cp949", errors="ignore")
    wide = sum(1 for c in text if ord(c) > 127)
    hangul = sum(1 for c in text if "\uac00" <= c <= "\ud7a3")
    return hangul / wide if wide else 0.0


def looks_utf16(raw: bytes) -> bool:
    sample = raw[:4000]
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) // 2
    return half > 0 and max(zeros_odd, zeros_even) > 0.4 * half and min(zeros_odd, zeros_even) == 0
