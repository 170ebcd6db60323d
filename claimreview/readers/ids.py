"""Ids for entities a reader has to name itself (a sheet's claimants, an API response's claims,
JSON-LD nodes without an @id): readable slugs, stable across runs, unique in the document."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_BASE = 180
"""Longest base an id is made from: ids are at most 200 characters, and "-N" may follow."""


def slug(text: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary; names in other scripts
    are transliterated (Дмитро Кулеба -> dmitro-kuleba, 김정은 -> gim-jeong-eun), so that ids stay
    readable. "" for text with nothing to spell (punctuation only)."""
    if text.isascii():  # most ids: nothing to spell, character by character (a record stream's hot path)
        ascii_text = text.lower()
    else:
        ascii_text = "".join(_spelled(c) for c in unicodedata.normalize("NFC", text)).lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0] or out[:limit]
    return out


def _spelled(char: str) -> str:
    """One character in ASCII. Syllables of scripts without case (Hangul, Han, Kana) come out
    capitalised (Gim, Jeong): each becomes a word of its own."""
    if char.isascii():
        return char
    from anyascii import anyascii

    spelled = anyascii(char)
    return f" {spelled}" if spelled[:1].isupper() and char.lower() == char.upper() else spelled


def digest(text: str) -> str:
    """Eight hex digits that stand for a text (for names in other scripts). Lone surrogates, which
    the model refuses later with a located error, must not make this raise first."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


class Taken(set[str]):
    """Ids in use, remembering the next free suffix of each base, so that N entities with the
    same base (a page of identical blocks) cost N steps in :func:`unique`, not N²/2."""

    def __init__(self) -> None:
        super().__init__()
        self.next: dict[str, int] = {}


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, ... whichever is free; the result is added to ``taken``
    (give a :class:`Taken` where many ids may share a base)."""
    base = base[:MAX_BASE].rstrip("-") or "id"
    counters = taken.next if isinstance(taken, Taken) else {}
    candidate, n = base, counters.get(base, 2)
    if n > 2:
        candidate = f"{base}-{n}"
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    counters[base] = n
    taken.add(candidate)
    return candidate
