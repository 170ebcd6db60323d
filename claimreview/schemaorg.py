"""The spellings of schema.org terms: a neutral module for the models' JSON-LD view
(:mod:`claimreview.schemas.ld`) and the checks (:mod:`claimreview.validation.vocabulary`), which
must read ``ClaimReview``, ``schema:ClaimReview`` and ``https://schema.org/ClaimReview`` alike.
"""

from __future__ import annotations

PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:", "https://www.schema.org/", "http://www.schema.org/")
"""Spellings of a schema.org term besides the bare compacted one (the www. forms are wrong, but
seen in real markup; the reader reads them, so the checks must see them too)."""


def local_name(term: str) -> str | None:
    """The schema.org name of a compacted, ``schema:``-prefixed or full-IRI term; None for a term
    of another vocabulary (``og:title``, ``http://purl.org/dc/terms/title``)."""
    if ":" not in term:
        return term
    for prefix in PREFIXES:
        if term.startswith(prefix):
            return term[len(prefix):] or None
    return None
