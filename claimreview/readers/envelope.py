"""ClaimReviews in a site's API envelope: JSON listings that wrap the JSON-LD in their own keys.

Fact-checkers' sites and datasets hand out their ClaimReviews inside JSON of their own:
``{"data": [...], "total": 15}``, ``{"results": [...], "next": ...}``, a WordPress REST listing
``[{"id": 123, "date": ..., "schema": {...}}, ...]``, or Fact-Check Insights' JSON download
(``{"claimReviews": [...], "mediaReviews": [...], "meta": {...}}``, as the dataset's exporter
writes it: TechAndCheck/zenodotus, ``lib/tasks/render_exports.rake``). The wrapper is no JSON-LD:
its keys are the site's API, not schema.org terms.

This reader finds the JSON-LD inside (every object with ``@type``, ``@context`` or ``@graph``
reached through objects and lists that have none; a JSON-LD object is read whole, as a page's
block would be), reads and checks it as ClaimReview JSON-LD, and reports the wrapper's keys as
one vocabulary warning per kind of wrapper object (``/data/*``: "id", "date", "title" in 15
objects), not as errors: they are not wrong, they are not markup. Findings point into the file
(``/data/3/reviewRating``) with their line and column. An envelope with no ClaimReview or
MediaReview inside is an error: there is nothing to check.
"""

from __future__ import annotations

from typing import Any

from claimreview.formats import PAGE_URL, RULES, Format
from claimreview.readers import strictjson
from claimreview.readers._embedded import Origin, Origins, read_nodes
from claimreview.readers.base import Loaded, Source
from claimreview.readers.sniffing import wrapped_reviews
from claimreview.validation.diagnostics import WARNING, Code, Diagnostic, escape_token

ENVELOPE_KEYS = Code("envelope.keys", WARNING,
    "Keys of a site's API wrapper around the JSON-LD (data, results, id, meta, ...): not schema.org terms and "
    "not part of any ClaimReview; they are not read")

CODES: tuple[Code, ...] = (ENVELOPE_KEYS,)

_LD_KEYS = ("@type", "@context", "@graph")


def sniff(head: bytes) -> bool:
    """JSON whose top is no JSON-LD node, with a ClaimReview or MediaReview inside."""
    return wrapped_reviews(head)


def _pattern(pointer: str) -> str:
    """``/data/3/author`` -> ``/data/*/author``: where one kind of wrapper object sits."""
    return "/".join("*" if token.isdigit() else token for token in pointer.split("/"))


def _unwrap(data: Any) -> tuple[list[tuple[str, Any]], dict[str, tuple[str, list[str], int]]]:
    """The JSON-LD objects inside the envelope, with their pointers, and the wrapper's keys:
    pattern -> (first pointer, keys in the order first seen, how many objects)."""
    found: list[tuple[str, Any]] = []
    wrappers: dict[str, tuple[str, list[str], int]] = {}
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed([(f"{pointer}/{i}", v) for i, v in enumerate(value)]))
        elif isinstance(value, dict):
            if any(k in value for k in _LD_KEYS):
                found.append((pointer, value))
                continue
            pattern = _pattern(pointer)
            first, keys, count = wrappers.get(pattern, (pointer, [], 0))
            inner = [k for k, v in value.items() if isinstance(v, dict | list)]
            keys += [k for k in value if k not in keys]
            wrappers[pattern] = (first, keys, count + 1)
            stack.extend(reversed([(f"{pointer}/{escape_token(k)}", value[k]) for k in inner]))
    return found, wrappers


def read(source: Source, *, rules: str | None = None, page_url: str | None = None, conversion_notes: bool = True,
         scope: str | None = None, **_: Any) -> Loaded:
    """Read the ClaimReviews inside a site's JSON envelope."""
    text, data, problems = strictjson.read_source(source)
    if text is None or problems:
        return Loaded(None, problems)
    locator = strictjson.JsonLocator(text, source.name)
    found_ld, wrappers = _unwrap(data)
    diagnostics: list[Diagnostic] = []
    for pattern, (first, keys, count) in wrappers.items():
        if not keys:
            continue
        shown = ", ".join(repr(k) for k in keys[:10]) + (", ..." if len(keys) > 10 else "")
        where = f" (in {count} objects like this one)" if count > 1 else ""
        line, column = locator.locate(first)
        diagnostics.append(ENVELOPE_KEYS.at(f"{shown}{where}: the site's own keys around the JSON-LD, not schema.org "
                                            "terms; the ClaimReviews inside are read, these are not",
                                            first if pattern else "", file=source.name, line=line, column=column))
    origins = Origins(locate=locator.locate)
    nodes = []
    for index, (pointer, node) in enumerate(found_ld):
        origins.add(f"/{index}", Origin(pointer), copied=True)
        nodes.append(node)
    origins.add("", Origin(""))
    return read_nodes(nodes, origins, source.name, diagnostics, rules=rules, page_url=page_url,
                      conversion_notes=conversion_notes, scope=scope)


FORMAT = Format(
    "site-api", "A site's JSON API listing with ClaimReview JSON-LD inside its own keys ({\"data\": [...]}, "
    "WordPress REST, Fact-Check Insights JSON)", (".json",), f"{__name__}:read", sniff=f"{__name__}:sniff",
    codes=CODES, aliases=("envelope", "api-listing"), options=(RULES, PAGE_URL),
)
