"""JSON Lines out: one self-contained ClaimReview or MediaReview (the JSON-LD ``claimreview``
profile) per line.

The shape feeds are exchanged in: each line can be read, checked and loaded on its own, so a
consumer streams the file and a shell pipeline can ``grep``, ``head`` or ``split`` it.
:func:`line` also serves the streaming conversion of a big feed (see
:func:`claimreview.validation.feed.to_jsonl`), which never builds a Document.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from claimreview.exporters.base import Exporter, ExportError
from claimreview.schemas import Document
from claimreview.validation.diagnostics import Diagnostic

SCHEMA_ORG = "https://schema.org"


def line(node: dict[str, Any], context: Any = SCHEMA_ORG) -> bytes:
    """One ClaimReview as one line: compact, UTF-8, with an ``@context`` first when it has none."""
    if "@context" not in node:
        node = {"@context": context, **node}
    try:
        return orjson.dumps(node, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # an integer over 64 bits, or nesting orjson does not write
        return (json.dumps(node, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class JsonlExporter(Exporter):
    schema = "claimreview"

    def build(self, doc: Document, review: str | None = None, page_url: str | None = None,
              **_: Any) -> list[dict[str, Any]]:
        from claimreview.exporters.jsonld import claimreview_data

        if not doc.reviews and not doc.media_reviews:
            raise ExportError("the document has no reviews, so a JSON Lines feed would be empty")
        data = claimreview_data(doc, review, page_url)
        return data if isinstance(data, list) else [data]

    def check(self, data: Any, rules: str | None = None, page_url: str | None = None, **_: Any) -> list[Diagnostic]:
        """Each line as the markup of its own page: the ClaimReview profile's schema, the rule set,
        the vocabulary and offline JSON-LD expansion (as the JSON-LD exporter checks it)."""
        from claimreview.exporters.jsonld import JsonLdExporter

        return JsonLdExporter().check(list(data), rules=rules, page_url=page_url)

    def render(self, data: Any, **_: Any) -> bytes:
        return b"".join(line(node) for node in data)
