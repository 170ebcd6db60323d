"""Parquet for analysts: one flat row per ClaimReview, for DuckDB, Polars, pandas or Spark.

The table is what people ask of a feed or a crawl — which verdicts, by whom, about whom, when,
where the claims appeared — with the messy parts of real markup made queryable: a rating's
numbers are read from numeric strings (``"4"``) into doubles beside the text as published, and a
``rating_normalised`` in [0, 1] ((value - worst) / (best - worst)) puts every site's scale on
one axis, next to the verdict label as the site wrote it.

Rows are built from the ClaimReview JSON-LD node of a record (a feed line, a crawled page's
review) or of each review of a Document (the ``claimreview`` JSON-LD profile), so a feed and a
claimreview file give the same columns. :class:`ReviewWriter` writes a stream in row groups of
``ROW_GROUP`` rows, holding no more than one group in memory; it writes to a binary file the
caller opened (the CLI's atomic writer), and the file is complete only once ``close()`` has
written Parquet's footer.

pyarrow is an optional dependency (``pip install 'claimreview[parquet]'``), imported on first use.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from claimreview.exporters.base import Exporter, ExportError, RecordWriter
from claimreview.formats import RULES, Format
from claimreview.readers.base import Record
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic

if TYPE_CHECKING:
    import pyarrow as pa

    from claimreview.schemas import Document

NEEDS_PYARROW = Code("parquet.needs-pyarrow", ERROR, "Parquet output needs pyarrow: pip install "
                     "'claimreview[parquet]'.", cannot_run=True)
INVALID = Code("parquet.invalid", ERROR, "A row does not fit the reviews table's schema (a bug in the exporter, "
               "reported rather than written).")
CODES = (NEEDS_PYARROW, INVALID)

ROW_GROUP = 50_000
"""Rows in a row group, at most."""
ROW_GROUP_BYTES = 16 << 20
"""Bytes of Arrow data in a row group, at most: what a stream holds besides one batch, whatever
the width of its rows."""
BATCH = 4096
"""Rows held as Python values before they become a columnar Arrow batch."""

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("url", "string", "the fact check's address (ClaimReview url)"),
    ("claim_reviewed", "string", "the claim as the fact-checker summed it up"),
    ("rating_label", "string", "the verdict as published (alternateName, else name)"),
    ("rating_value", "float64", "ratingValue as a number (numeric strings read), else null"),
    ("rating_best", "float64", "bestRating as a number (5 when absent beside a value, as schema.org says)"),
    ("rating_worst", "float64", "worstRating as a number (1 when absent beside a value, as schema.org says)"),
    ("rating_normalised", "float64", "(value - worst) / (best - worst), in [0, 1]; null without numbers"),
    ("rating_value_text", "string", "ratingValue exactly as published"),
    ("author_name", "string", "who published the fact check"),
    ("author_url", "string", "the fact-checker's address"),
    ("date_published", "string", "the fact check's date as published (ISO 8601 text)"),
    ("claim_author", "string", "the claimant: itemReviewed's author"),
    ("claim_date", "string", "when the claim was made: itemReviewed's datePublished"),
    ("appearance_urls", "list<string>", "where the claim appeared: appearance and firstAppearance urls"),
    ("language", "string", "inLanguage"),
    ("review_type", "string", "ClaimReview or MediaReview"),
    ("media_authenticity", "list<string>", "a MediaReview's verdicts (mediaAuthenticityCategory names); empty for "
     "a ClaimReview"),
    ("media_urls", "list<string>", "a MediaReview's media: the contentUrl and url of each appearance"),
    ("source_file", "string", "the input the record came from"),
    ("source_line", "int64", "its line there, when known"),
    ("source_item", "int64", "its index in that input's stream of reviews (findings carry the same, as item)"),
    ("page_url", "string", "the page the markup was published on, when known (a crawl's page)"),
)


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:  # pragma: no cover - the test extra installs it
        raise ExportError("Parquet output needs pyarrow: pip install 'claimreview[parquet]'") from None
    return pyarrow


def schema() -> pa.Schema:
    pa = _pyarrow()
    types = {"string": pa.string(), "float64": pa.float64(), "int64": pa.int64(), "list<string>": pa.list_(pa.string())}
    return pa.schema([pa.field(name, types[kind], metadata={"description": text}) for name, kind, text in COLUMNS])


def _text(value: Any) -> str | None:
    """The text of a value as real markup gives it: a string, a number, the first of a list, or
    a node's name (an author given as {"@type": "Organization", "name": ...})."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "", [], {})), None)
    if isinstance(value, dict):
        value = value.get("name") if "name" in value else value.get("@id", value.get("url"))
        return _text(value) if not isinstance(value, dict) else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        return str(value)
    return None


def _number(value: Any) -> float | None:
    text = _text(value)
    if text is None:
        return None
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _urls(claim: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for key in ("firstAppearance", "appearance"):
        values = claim.get(key)
        for value in values if isinstance(values, list) else [values]:
            url = value.get("url") if isinstance(value, dict) else value
            text = _text(url)
            if text and text not in found:
                found.append(text)
    return found


def row(node: dict[str, Any], file: str | None = None, line: int | None = None, page_url: str | None = None,
        item: int | None = None) -> dict[str, Any]:
    """The reviews-table row of one ClaimReview (or MediaReview) JSON-LD node."""
    rating = node.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    value = _number(rating.get("ratingValue"))
    # schema.org's defaults (5 and 1) say how to read a value; a verdict given only in words has no scale
    best = _number(rating.get("bestRating")) if "bestRating" in rating else 5.0 if value is not None else None
    worst = _number(rating.get("worstRating")) if "worstRating" in rating else 1.0 if value is not None else None
    normalised = None
    if value is not None and best is not None and worst is not None and best > worst:
        normalised = min(1.0, max(0.0, (value - worst) / (best - worst)))
    author = node.get("author")
    author = author[0] if isinstance(author, list) and author else author
    claim = node.get("itemReviewed")
    claim = claim[0] if isinstance(claim, list) and claim else claim
    claim = claim if isinstance(claim, dict) else {}
    kind = node.get("@type")
    categories: list[str] = []
    media_urls: list[str] = []
    claim_reviewed = _text(node.get("claimReviewed"))
    if _text(kind) == "MediaReview":  # its item is the media; the claim is what the media was taken to say
        media = claim
        values = node.get("mediaAuthenticityCategory")
        for v in values if isinstance(values, list) else [values]:
            name = _text(v.get("@id") if isinstance(v, dict) else v)
            if name:
                categories.append(name.rsplit("/", 1)[-1].rsplit(":", 1)[-1])
        appearances = media.get("mediaItemAppearance", media)
        for a in appearances if isinstance(appearances, list) else [appearances]:
            for key in ("contentUrl", "url"):
                url = _text(a.get(key)) if isinstance(a, dict) else None
                if url and url not in media_urls:
                    media_urls.append(url)
        said = media.get("interpretedAsClaim")
        said = said[0] if isinstance(said, list) and said else said
        claim = said if isinstance(said, dict) else {}
        claim_reviewed = _text(claim.get("text")) or _text(claim.get("description"))
        if "author" not in claim and media.get("creator") is not None:
            claim = {**claim, "author": media.get("creator")}
    return {
        "url": _text(node.get("url")),
        "claim_reviewed": claim_reviewed,
        "rating_label": _text(rating.get("alternateName")) or _text(rating.get("name")),
        "rating_value": value,
        "rating_best": best,
        "rating_worst": worst,
        "rating_normalised": normalised,
        "rating_value_text": _text(rating.get("ratingValue")),
        "author_name": _text(author.get("name")) if isinstance(author, dict) else _text(author),
        "author_url": _text(author.get("url")) if isinstance(author, dict) else None,
        "date_published": _text(node.get("datePublished")),
        "claim_author": _text(claim.get("author")),
        "claim_date": _text(claim.get("datePublished")),
        "appearance_urls": _urls(claim),
        "language": _text(node.get("inLanguage")),
        "review_type": _text(kind) if kind is not None else None,
        "media_authenticity": categories,
        "media_urls": media_urls,
        "source_file": file,
        "source_line": line,
        "source_item": item,
        "page_url": page_url,
    }


def table(rows: list[dict[str, Any]]) -> pa.Table:
    pa = _pyarrow()
    return pa.Table.from_pylist(rows, schema=schema())


class _Rows:
    """Rows into a Parquet file on ``sink`` in row groups of at most ``ROW_GROUP`` rows and
    ``ROW_GROUP_BYTES``: at most ``BATCH`` rows held as dicts, the rest of the group as Arrow
    record batches, so memory stays flat."""

    def __init__(self, sink: BinaryIO) -> None:
        pa = _pyarrow()
        # the C allocator: Arrow's default (mimalloc) keeps the pages of the batches a stream frees, and a
        # stream's peak memory grew with its length (measured: +37 MB from 10,000 to 40,000 crawled pages)
        pa.set_memory_pool(pa.system_memory_pool())
        self._rows: list[dict[str, Any]] = []
        self._batches: list[Any] = []
        self._held = self._bytes = 0
        self._schema = schema()
        self._writer = pa.parquet.ParquetWriter(sink, self._schema, compression="zstd")

    def add(self, record: Record) -> None:
        for node in record.reviews():
            self._rows.append(row(node, record.file, record.line, record.page_url, record.item))
        if len(self._rows) >= BATCH:
            self._batch()
            if self._held >= ROW_GROUP or self._bytes >= ROW_GROUP_BYTES:
                self._flush()

    def _batch(self) -> None:
        if self._rows:
            batch = _pyarrow().RecordBatch.from_pylist(self._rows, schema=self._schema)
            self._batches.append(batch)
            self._held += batch.num_rows
            self._bytes += batch.nbytes
            self._rows = []

    def _flush(self) -> None:
        self._batch()
        if self._batches:
            self._writer.write_table(_pyarrow().Table.from_batches(self._batches, schema=self._schema),
                                     row_group_size=ROW_GROUP)
            self._batches, self._held, self._bytes = [], 0, 0

    def close(self) -> None:
        self._flush()
        self._writer.close()

    def abandon(self) -> None:
        """Stop without writing what is held (the output is being discarded)."""
        self._rows, self._batches = [], []
        with contextlib.suppress(Exception):  # whatever pyarrow says of a file about to be removed
            self._writer.close()


class ReviewWriter(RecordWriter):
    """The record writer (``Format.writer``): a row per ClaimReview of each record, in row groups
    of ``ROW_GROUP``; ``close()`` writes the footer and puts the file in place."""

    def __init__(self, target: str, inputs: Iterable[str | Path] = (), **options: Any) -> None:
        super().__init__(target, inputs, **options)
        assert self.output.file is not None
        self._rows = _Rows(self.output.file)

    def write(self, record: Record) -> list[Diagnostic]:
        self._rows.add(record)
        self.written += 1
        return []

    def close(self) -> None:
        self._rows.close()
        super().close()

    def discard(self) -> None:
        self._rows.abandon()  # before its file is closed: pyarrow would write the footer into it later
        super().discard()


def write_records(records: Iterable[Record], sink: BinaryIO) -> None:
    rows = _Rows(sink)
    for record in records:
        rows.add(record)
    rows.close()


class ParquetExporter(Exporter):
    """A Document's reviews as the reviews table (through the ``claimreview`` JSON-LD profile)."""


    def build(self, doc: Document, **options: Any) -> Any:
        from claimreview.exporters.jsonld import claimreview_data

        if not doc.reviews and not doc.media_reviews:
            raise ExportError("the document has no reviews, so the reviews table would be empty")
        nodes = claimreview_data(doc)
        return [row(node, item=i) for i, node in enumerate(nodes if isinstance(nodes, list) else [nodes])]

    def check(self, data: Any, **options: Any) -> list[Diagnostic]:
        pa = _pyarrow()
        try:
            table(data)  # the rows fit the declared schema, or pyarrow says which does not
        except (pa.ArrowException, TypeError, ValueError) as exc:
            return [INVALID.at(f"the reviews table cannot hold these rows: {exc}")]
        return []

    def render(self, data: Any, **options: Any) -> bytes:
        buffer = io.BytesIO()
        _pyarrow().parquet.write_table(table(data), buffer, compression="zstd")
        return buffer.getvalue()


FORMAT = Format("parquet", "Parquet: one flat row per ClaimReview, for DuckDB, Polars and pandas", (".parquet",),
                exporter=f"{__name__}:ParquetExporter", writer=f"{__name__}:ReviewWriter", extra="parquet",
                options=(RULES,), codes=CODES, aliases=("pq",))
