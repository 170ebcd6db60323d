"""JSON Lines out: one self-contained ClaimReview or MediaReview (the JSON-LD ``claimreview``
profile) per line.

The shape feeds are exchanged in: each line can be read, checked and loaded on its own, so a
consumer streams the file and a shell pipeline can ``grep``, ``head`` or ``split`` it.
:class:`JsonlWriter` writes a record stream (a big feed) the same way, without building a Document:
records pass through as they are — every property kept, DataFeedItem wrappers taken off, an
``@context`` added where a line would lack one.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import orjson

from claimreview.exporters.base import Exporter, ExportError, RecordWriter
from claimreview.validation.diagnostics import WARNING, Code, Diagnostic

if TYPE_CHECKING:
    from claimreview.readers.base import Record
    from claimreview.schemas import Document

SCHEMA_ORG = "https://schema.org"

JSONL_ITEM_NOT_CARRIED = Code("jsonl.item-not-carried", WARNING,
    "Converting a DataFeed to JSON Lines: the DataFeedItems' own properties (dateCreated, url, ...) describe the "
    "feed's entries, not the ClaimReviews, and a line holds a ClaimReview only; they are not carried.")
CODES = (JSONL_ITEM_NOT_CARRIED,)


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


class JsonlWriter(RecordWriter):
    """Records as JSON Lines: each ClaimReview a record carries, one per line."""

    def write(self, record: Record) -> list[Diagnostic]:
        out = self.output.file
        assert out is not None
        context = record.context or SCHEMA_ORG
        for node in record.reviews():
            out.write(line(node, context))
        self.written += 1
        data = record.data
        if getattr(self, "_noted", False) or type(data) is not dict or "item" not in data:
            return []
        left = [k for k in data if k not in ("@type", "@context", "item")]
        if not left or not record.reviews() or record.reviews()[0] is data:
            return []
        self._noted = True  # one finding for the feed, at its first item
        return [JSONL_ITEM_NOT_CARRIED.at(f"this DataFeedItem's own {', '.join(repr(k) for k in left)} (and those of "
                                          "every item like it) describe the feed's entries, not the ClaimReviews; "
                                          "JSON Lines holds the ClaimReviews only, so they are not carried",
                                          record.pointer, file=record.file, line=record.line, column=record.column)]
