"""Fact-Check Insights CSV downloads (Duke Reporters' Lab): ClaimReview flattened to schema paths.

Fact-Check Insights (https://www.factcheckinsights.org, the Duke Reporters' Lab's dataset of the
ClaimReview and MediaReview markup fact-checkers submit) offers its data as JSON and as a zip of
two CSV files, ``claim_review.csv`` and ``media_review.csv``. Each CSV row is one review, its
columns the review's schema.org paths joined by dots, list positions counted from 1, and a UTF-8
byte order mark in front "for Excel". The headers are the ones the dataset's own exporter writes
(TechAndCheck/zenodotus, ``app/models/claim_review.rb`` and ``media_review.rb``, ``csv_headers``;
listed on the Reporters' Lab's "What exactly is the Fact-Check Insights dataset?", 2024-06-20)::

    id, @context, @type, claimReviewed, datePublished, url, author.@type, author.name, author.url,
    itemReviewed.@type, itemReviewed.author.name, itemReviewed.author.@type, itemReviewed.author.sameAs,
    reviewRating.@type, reviewRating.ratingValue, reviewRating.alternateName, author.image,
    itemReviewed.name, itemReviewed.datePublished, itemReviewed.firstAppearance.url,
    itemReviewed.firstAppearance.type, itemReviewed.author.image, reviewRating.ratingExplanation,
    itemReviewed.author.jobTitle, reviewRating.bestRating, reviewRating.worstRating, reviewRating.image,
    itemReviewed.appearance.1.url, itemReviewed.appearance.1.@type, ... itemReviewed.appearance.15.@type

(``media_review.csv``: ``id, @context, @type, datePublished, mediaAuthenticityCategory,
originalMediaContextDescription, originalMediaLink, url, author.@type, author.name, author.url,
itemReviewed.contentUrl, itemReviewed.startTime, itemReviewed.endTime, itemReviewed.@type``.)

Any such file is read the same way, whatever its columns: each row is unflattened back into the
JSON-LD node it came from (``a.b.1.c`` is ``{"a": {"b": [{"c": ...}]}}``; ``type`` is ``@type``, as
schema.org's context aliases it; an empty cell is a value the review does not have, as the
exporter writes one) and read and checked as any ClaimReview is. Every finding is placed at its
cell: the row's line, the column's number and header. ``id`` is the dataset's own record number,
not part of the review: a conversion note says it is not carried. ``media_review.csv`` writes
``mediaAuthenticityCategory`` in words for people ("Missing Context", "Edited or Cropped", several
joined with ", "); those are read back as the schema.org values they stand for (:data:`HUMANIZED`),
with a conversion note.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from claimreview.formats import PAGE_URL, RULES, Format
from claimreview.readers import _csvcells
from claimreview.readers._embedded import Origin, Origins, read_nodes
from claimreview.readers.base import Loaded, Source
from claimreview.readers.text import decode
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic

INSIGHTS_BAD_PATH = Code("insights.bad-path", ERROR,
    "A column header that is not a schema path (names joined by dots, list positions from 1), or that puts a "
    "value where another column puts an object")
INSIGHTS_HUMANIZED = Code("insights.humanized-category", WARNING,
    "A MediaReview's mediaAuthenticityCategory as the dataset writes it for people (\"Missing Context\", "
    "\"Edited or Cropped\"), read back as the schema.org value it renders (DecontextualizedContent, ...)")
INSIGHTS_RECORD_ID = Code("insights.record-id", WARNING,
    "The id column: the dataset's own record number, not part of the ClaimReview; not carried into what is "
    "made from the file")

CODES: tuple[Code, ...] = (INSIGHTS_BAD_PATH, INSIGHTS_HUMANIZED, INSIGHTS_RECORD_ID)

HUMANIZED = {
    "Missing Context": "DecontextualizedContent",
    "Edited or Cropped": "EditedOrCroppedContent",
    "Original": "OriginalMediaContent",
    "Satire or Parody": "SatireOrParodyContent",
    "Staged": "StagedContent",
    "Transformed": "TransformedContent",
}
"""The dataset's names for schema.org's MediaManipulationRatingEnumeration (its exporter's
``media_authenticity_category_humanized``, which joins several with ", ")."""

_ROOTS = ("claimReviewed", "reviewRating.", "itemReviewed.", "mediaAuthenticityCategory")
_SEGMENT = re.compile(r"^(?:@?[A-Za-z_][\w:-]*|[1-9]\d{0,3})$")


def sniff(head: bytes) -> bool:
    """A CSV header with ``@type`` and the dataset's schema paths (``claimReviewed``,
    ``reviewRating.…``, ``itemReviewed.…``, ``mediaAuthenticityCategory``)."""
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    cells = [c.strip().strip('"') for c in re.split(r"[,;\t]", first)]
    return "@type" in cells and sum(1 for c in cells if c.startswith(_ROOTS)) >= 2


def _path(header: str) -> list[str | int] | None:
    """``itemReviewed.appearance.1.url`` -> ["itemReviewed", "appearance", 0, "url"]; None when the
    header is no schema path."""
    parts = header.strip().split(".")
    if not parts or not all(_SEGMENT.match(p) for p in parts) or parts[0].isdigit():
        return None
    return [int(p) - 1 if p.isdigit() else ("@type" if p == "type" else p) for p in parts]


def _set(node: dict[str, Any], path: list[str | int], value: str) -> bool:
    """Put ``value`` at ``path`` in ``node``; False when another column already put something
    else of another shape there."""
    here: Any = node
    for step, after in pairwise(path):
        want: Any = [] if isinstance(after, int) else {}
        if isinstance(step, int):
            if not isinstance(here, list):
                return False
            while len(here) <= step:
                here.append(None)
            if here[step] is None:
                here[step] = want
            here = here[step]
        else:
            if not isinstance(here, dict):
                return False
            here = here.setdefault(step, want)
        if not isinstance(here, type(want)):
            return False
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(here, list):
            return False
        while len(here) <= last:
            here.append(None)
        here[last] = value
    else:
        if not isinstance(here, dict) or isinstance(here.get(last), dict | list):
            return False
        here[last] = value
    return True


def _compact(value: Any) -> Any:
    """Lists without the positions no column filled (appearance 1 and 3 of 15)."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not None]
    return value


def _pointer(path: list[str | int], positions: dict[tuple[Any, ...], int]) -> str:
    """The JSON Pointer of a header's value in the compacted node."""
    out = []
    for i, step in enumerate(path):
        if isinstance(step, int):
            out.append(str(positions.get(tuple(path[: i + 1]), step)))
        else:
            out.append(step.replace("~", "~0").replace("/", "~1"))
    return "/" + "/".join(out)


def read(source: Source, *, rules: str | None = None, page_url: str | None = None, conversion_notes: bool = True,
         scope: str | None = None, **_: Any) -> Loaded:
    """Read a Fact-Check Insights CSV (claim_review.csv or media_review.csv)."""
    text, problems = decode(source.read_bytes(), source.name)
    if text is None:
        return Loaded(None, problems)
    sheet = _csvcells.parse(text, source.name, _csvcells.detect_delimiter(text))
    found: list[Diagnostic] = list(problems) + sheet.diagnostics
    header = sheet.header
    paths: list[list[str | int] | None] = []
    for index, name in enumerate(header):
        path = _path(name)
        if path is None:
            found.append(_csvcells.at_cell(INSIGHTS_BAD_PATH, "not a schema path (names joined by dots, list "
                                           "positions counted from 1, such as itemReviewed.appearance.1.url); the "
                                           "column is not read", source.name, 1, index, header))
        elif path == ["id"]:
            if conversion_notes:
                found.append(_csvcells.at_cell(INSIGHTS_RECORD_ID, "the dataset's record number, not part of the "
                                               "review; it is not carried", source.name, 1, index, header))
            path = None
        paths.append(path)
    nodes: list[Any] = []
    origins = Origins()
    for item, (line, row) in enumerate(sheet.rows):
        node: dict[str, Any] = {}
        filled: list[tuple[int, list[str | int]]] = []
        for index, (cell, path) in enumerate(zip(row, paths, strict=False)):
            if path is None or _csvcells.text(cell) is None:
                continue
            if not _set(node, path, cell):
                found.append(_csvcells.at_cell(INSIGHTS_BAD_PATH, "another column already gives this path a value "
                                               "of another shape (an object and a text, or a list and an object); "
                                               "this cell is not read", source.name, line, index, header))
                continue
            filled.append((index, path))
        node = _compact(node)
        category = node.get("mediaAuthenticityCategory")
        if isinstance(category, str) and all(p.strip() in HUMANIZED for p in category.split(",")):
            values = [HUMANIZED[p.strip()] for p in category.split(",")]
            node["mediaAuthenticityCategory"] = values[0] if len(values) == 1 else values
            column = header.index("mediaAuthenticityCategory") if "mediaAuthenticityCategory" in header else None
            if conversion_notes:
                found.append(_csvcells.at_cell(INSIGHTS_HUMANIZED, f"{category!r} is the dataset's wording; read as "
                                               f"{', '.join(values)}", source.name, line, column, header,
                                               "/mediaAuthenticityCategory"))
        built = f"/{len(nodes)}"
        origins.add(built, Origin("", line=line, item=item), copied=True)
        positions = _positions(filled)
        for index, path in filled:
            ptr = _pointer(path, positions)
            origins.add(built + ptr, Origin(ptr, line=line, column=index + 1, label=header[index], item=item))
        nodes.append(node)
    return read_nodes(nodes, origins, source.name, found, rules=rules, page_url=page_url,
                      conversion_notes=conversion_notes, scope=scope)


def _positions(filled: list[tuple[int, list[str | int]]]) -> dict[tuple[Any, ...], int]:
    """A list position of a header (``appearance.3``) -> its index once empty positions are left out."""
    out: dict[tuple[Any, ...], int] = {}
    seen: dict[tuple[Any, ...], list[int]] = {}
    for _, path in filled:
        for i, step in enumerate(path):
            if isinstance(step, int):
                parent = tuple(path[:i])
                taken = seen.setdefault(parent, [])
                if step not in taken:
                    taken.append(step)
    for parent, taken in seen.items():
        for rank, step in enumerate(sorted(taken)):
            out[(*parent, step)] = rank
    return out


FORMAT = Format(
    "factcheck-insights", "Fact-Check Insights CSV download (Duke Reporters' Lab): ClaimReview or MediaReview "
    "flattened to schema paths", (".csv",), f"{__name__}:read", sniff=f"{__name__}:sniff", codes=CODES,
    aliases=("insights", "fci"), options=(RULES, PAGE_URL),
)
