"""Web Data Commons' schema.org extraction: each crawled page's ClaimReviews, from N-Quads.

Web Data Commons publishes the schema.org markup found in Common Crawl as N-Quads files (usually
gzipped, chunked by pay-level domain), one quad per line with the page's URL as the graph name.
A page's Microdata and its JSON-LD are extracted separately and both kept, so a page that marks
up one fact check both ways holds two copies of it; types come as ``http://schema.org/`` and
``https://schema.org/`` alike; and every file has a few lines no RDF parser accepts.

:func:`records` reads such a file in bounded memory and yields one :class:`Record` for each
ClaimReview or MediaReview of each page, as the JSON-LD a publisher would have written
(schema.org terms, the nodes it references embedded, ``@id`` kept for IRIs), with the page URL,
so the same checks as for any feed apply (the review's ``url`` is judged against its page).

- Parsing is pyoxigraph's N-Quads parser (Rust), fed chunks of whole lines; a chunk with a
  broken line is parsed again line by line, so each junk line is one located warning and the
  rest of the chunk is kept. Measured on ``bench/wdc_synth.py`` data (78 quads a page, like the
  October 2024 ClaimReview subset): the parser alone runs at about 790,000 quads/s on one core
  here; reading, grouping and rebuilding the reviews at about 300,000 quads/s.
- Quads are grouped by page as they come: WDC writes a page's quads together, so memory holds
  one page at a time (a page of more than ``MAX_PAGE_QUADS`` quads is skipped with a warning).
  A page whose quads come back later in the file is read as a second page of the same URL.
- Copies are merged per page: two reviews whose content is the same once white space is folded
  and blank-node labels are set aside (the Microdata and JSON-LD extractions of one fact check)
  are one record; the first is kept and the merge is counted in a notice-level warning.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from functools import cache
from typing import IO, Any

from claimreview.formats import Format
from claimreview.readers.base import Loaded, Record, Source
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic

JUNK_LINE = Code("wdc.junk-line", WARNING, "A line of the N-Quads file that is not a valid quad (Web Data Commons "
                 "files carry a few per file); it is skipped and the rest of the file is read.")
PAGE_TOO_LARGE = Code("wdc.page-too-large", WARNING, "A page with more quads than claimreview holds for one page "
                      "(1,000,000); its reviews are skipped so that memory stays bounded.")
DUPLICATE_COPY = Code("wdc.duplicate-copy", WARNING, "A page marks up the same review twice (its Microdata and its "
                      "JSON-LD, most often); the copies are read as one record.")
NO_REVIEWS = Code("wdc.no-reviews", ERROR, "The N-Quads file holds no ClaimReview or MediaReview at all: there is "
                  "nothing to check.")
CODES = (JUNK_LINE, PAGE_TOO_LARGE, DUPLICATE_COPY, NO_REVIEWS)

CHUNK_BYTES = 4 << 20
"""Bytes of whole lines handed to the parser at a time."""
MAX_PAGE_QUADS = 1_000_000
MAX_DEPTH = 12
"""How deep referenced nodes are embedded into a review (a ClaimReview needs three or four levels)."""

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA = ("http://schema.org/", "https://schema.org/", "http://www.schema.org/", "https://www.schema.org/")
REVIEW_TYPES = frozenset(("ClaimReview", "MediaReview"))
_SPACE = re.compile(r"\s+")

def sniff(head: bytes) -> bool:
    """Gzip (WDC ships .gz), or text whose first line is a quad with a graph name."""
    if head[:2] == b"\x1f\x8b":
        return True
    first = head.split(b"\n", 1)[0].strip()
    return first.endswith(b"> .") and first.startswith((b"_:", b"<"))


def local(iri: str) -> str:
    """``name`` for a schema.org IRI under any of its prefixes; other IRIs stay whole."""
    for prefix in SCHEMA:
        if iri.startswith(prefix):
            return iri[len(prefix):]
    return iri


def records(source: Source, settings: object = None) -> Iterator[Record | Diagnostic]:
    """Every ClaimReview and MediaReview of every page in a WDC N-Quads file, in file order."""
    with source.open() as raw:
        yield from _pages(_text_stream(raw), source.name)


def read(source: Source, **options: Any) -> Loaded:
    """A (small) crawl as one Document, for ``convert`` to the whole-document formats: its
    reviews read as the JSON-LD reader reads a page's, each finding placed on its page's line."""
    from claimreview.readers.jsonld import read_data

    found: list[Diagnostic] = []
    reviews: list[Record] = []
    for event in records(source):
        if isinstance(event, Record):
            reviews.append(event)
        else:
            found.append(event)

    def locate(pointer: str) -> tuple[int | None, int | None]:
        index = pointer.split("/")[1] if pointer.count("/") else ""
        if index.isdigit() and int(index) < len(reviews):
            return reviews[int(index)].line, 1
        return None, None

    nodes = [{"@context": "https://schema.org", **r.data} for r in reviews]
    loaded = read_data(nodes, file=source.name, locate=locate, rules=options.get("rules"))
    return Loaded(loaded.document, found + loaded.diagnostics)


def _text_stream(raw: IO[bytes]) -> IO[bytes]:
    """The N-Quads text of a file, a pipe or bytes: gunzipped when it starts with gzip's magic."""
    from claimreview.readers.stream import Prefixed

    head = raw.read(2)
    stream: Any = Prefixed(head, raw)
    if head == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=stream)  # type: ignore[return-value]  # a binary reader all the same
    return stream  # type: ignore[no-any-return]


def _chunks(fh: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(first line number, bytes of whole lines), about CHUNK_BYTES each."""
    line = 1
    carry = b""
    while True:
        block = fh.read(CHUNK_BYTES)
        if not block:
            break
        block = carry + block
        cut = block.rfind(b"\n") + 1
        if cut == 0:
            carry = block
            continue
        chunk, carry = block[:cut], block[cut:]
        yield line, chunk
        line += chunk.count(b"\n")
    if carry:
        yield line, carry + b"\n"


def _parsed(fh: IO[bytes], name: str) -> Iterator[tuple[int, list[Any]] | Diagnostic]:
    """(line of the first quad, quads of consecutive lines), chunk by chunk; a Diagnostic per junk line.

    A chunk the parser accepts whole has one quad per line. One it refuses is halved until the
    junk lines stand alone (a few junk lines cost about two more parses of their chunk, not one
    parse per line); blank and comment lines are taken out first so that line numbers stay exact."""
    for first, chunk in _chunks(fh):
        if b"\n\n" in chunk or chunk.startswith((b"\n", b"#")) or b"\n#" in chunk:
            lines = chunk.split(b"\n")[:-1]
            keep = [i for i, text in enumerate(lines) if text.strip() and not text.lstrip().startswith(b"#")]
            runs: list[list[int]] = []
            for i in keep:
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            for run in runs:
                yield from _halving(b"".join(lines[i] + b"\n" for i in run), first + run[0], name)
        else:
            yield from _halving(chunk, first, name)


def _halving(lines: bytes, first: int, name: str) -> Iterator[tuple[int, list[Any]] | Diagnostic]:
    from pyoxigraph import RdfFormat, parse

    try:
        yield first, list(parse(lines, RdfFormat.N_QUADS))
        return
    except SyntaxError as exc:
        if lines.count(b"\n") <= 1:
            yield _junk(str(exc), name, first)
            return
    parts = lines.split(b"\n")[:-1]
    half = len(parts) // 2
    yield from _halving(b"\n".join(parts[:half]) + b"\n", first, name)
    yield from _halving(b"\n".join(parts[half:]) + b"\n", first + half, name)


_PARSER_PLACE = re.compile(r"^Parser error (?:at|between) line 1 (?:between )?columns? (\d+)[^:]*: ")


def _junk(message: str, name: str, line: int) -> Diagnostic:
    """A junk line's warning, at the column the parser names, in the parser's words."""
    first = message.splitlines()[0] if message else "not parsable"
    place = _PARSER_PLACE.match(first)
    reason = re.sub(r"^Parser error[^:]*: ", "", first)
    reason = re.sub(r" \(line \d+\)$", "", reason)[:200]
    return JUNK_LINE.at(f"not an N-Quads line: {reason}; skipped", file=name, line=line,
                        column=int(place.group(1)) if place else 1)


def _pages(fh: IO[bytes], name: str) -> Iterator[Record | Diagnostic]:
    """Quads grouped by page as they come; each page's reviews rebuilt when the page ends.

    The loop runs once per quad, so it only unpacks the quad and appends it (measured: anything
    more per quad, such as reading IRIs' values, halves the rate); the work of rebuilding is
    done per page, and only for the nodes a review reaches."""
    item = 0
    graph: Any = None
    page: list[tuple[Any, Any, Any]] = []
    page_line = 0
    for event in _parsed(fh, name):
        if isinstance(event, Diagnostic):
            yield event
            continue
        first, quads = event
        for offset, (subject, predicate, obj, g) in enumerate(quads):
            if g != graph:
                if page:
                    for found in _reviews(str(getattr(graph, "value", "")), page, name, page_line, item):
                        item += isinstance(found, Record)
                        yield found
                graph, page, page_line = g, [], first + offset
            if len(page) < MAX_PAGE_QUADS:
                page.append((subject, predicate, obj))
            elif len(page) == MAX_PAGE_QUADS:
                page.append((subject, predicate, obj))
                yield PAGE_TOO_LARGE.at(f"the page {getattr(graph, 'value', '')} has more than {MAX_PAGE_QUADS:,} "
                                        "quads; only its first are read", file=name, line=page_line, column=1)
    if page:
        for found in _reviews(str(getattr(graph, "value", "")), page, name, page_line, item):
            item += isinstance(found, Record)
            yield found
    if item == 0:
        yield NO_REVIEWS.at("no ClaimReview or MediaReview in this file", file=name)


@cache
def _review_types() -> frozenset[Any]:
    from pyoxigraph import NamedNode

    return frozenset(NamedNode(prefix + kind) for prefix in SCHEMA for kind in REVIEW_TYPES)


@cache
def _rdf_type() -> Any:
    from pyoxigraph import NamedNode

    return NamedNode(RDF_TYPE)


def _reviews(page: str, quads: list[tuple[Any, Any, Any]], name: str, line: int,
             item: int) -> Iterator[Record | Diagnostic]:
    rdf_type, review_types = _rdf_type(), _review_types()
    nodes: dict[Any, list[tuple[Any, Any]]] = {}
    reviews = []
    for subject, predicate, obj in quads:
        props = nodes.get(subject)
        if props is None:
            props = nodes[subject] = []
        props.append((predicate, obj))
        if predicate == rdf_type and obj in review_types and subject not in reviews:
            reviews.append(subject)
    seen: set[bytes] = set()
    for subject in reviews:
        data = _embed(subject, nodes, (), 0)
        fingerprint = _fingerprint(data) if len(reviews) > 1 else b""
        if fingerprint in seen:
            yield DUPLICATE_COPY.at(f"{page} marks up this {data.get('@type')} twice (its Microdata and its JSON-LD, "
                                    "most often); read once", file=name, line=line, column=1)
            continue
        seen.add(fingerprint)
        yield Record(data=data, file=name, item=item, line=line, column=1, page_url=page or None)
        item += 1


def _embed(subject: Any, nodes: dict[Any, list[tuple[Any, Any]]], path: tuple[Any, ...], depth: int) -> dict[str, Any]:
    from pyoxigraph import BlankNode, Literal

    out: dict[str, Any] = {}
    if type(subject) is not BlankNode:
        out["@id"] = subject.value
    path = (*path, subject)
    grouped: dict[str, list[Any]] = {}
    for predicate, obj in nodes[subject]:
        key = _key(predicate.value)
        if type(obj) is Literal:
            value: Any = obj.value
        elif key == "@type":
            value = local(obj.value)
        elif obj in nodes and obj not in path and depth < MAX_DEPTH:
            value = _embed(obj, nodes, path, depth + 1)
        else:
            value = {} if type(obj) is BlankNode else obj.value
        values = grouped.get(key)
        if values is None:
            grouped[key] = [value]
        elif value not in values:
            values.append(value)
    for key, values in grouped.items():
        out[key] = values[0] if len(values) == 1 else values
    return out


@cache
def _key(iri: str) -> str:
    return "@type" if iri == RDF_TYPE else local(iri)


def _fingerprint(data: Any) -> bytes:
    import orjson

    return orjson.dumps(_folded(data), option=orjson.OPT_SORT_KEYS)


def _folded(value: Any) -> Any:
    """The content of a review with white space folded and list order set aside: what a page's
    Microdata and JSON-LD copies of one review have in common."""
    if type(value) is str:
        return _SPACE.sub(" ", value).strip()
    if type(value) is list:
        return sorted((_folded(v) for v in value), key=repr)
    if type(value) is dict:
        return {k: _folded(v) for k, v in value.items() if k != "@id"}
    return value


FORMAT = Format("wdc", "Web Data Commons N-Quads (gzipped or not): each crawled page's ClaimReviews", (".nq", ".gz"),
                f"{__name__}:read", sniff=f"{__name__}:sniff", records=f"{__name__}:records", extra="rdf",
                codes=CODES, aliases=("webdatacommons", "crawl"))
