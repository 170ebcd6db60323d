"""ClaimReview JSON-LD carried inside another shape (an API's objects, a CSV row, an RSS item, a
site's JSON envelope), read by the JSON-LD reader and every finding placed back in the input.

A reader of such a shape builds the JSON-LD nodes the shape stands for, each with a map from the
JSON Pointers of what it built to where that came from (a JSON Pointer into the input, a line and
column, a CSV cell), and hands them to :func:`read_nodes`: the ClaimReview rules, the vocabulary
and the model see ordinary JSON-LD, and the user sees the place in the file they can edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from claimreview.readers.base import Loaded
from claimreview.validation.diagnostics import Diagnostic


@dataclass(frozen=True)
class Origin:
    """Where a built value came from."""

    pointer: str = ""
    """JSON Pointer into the input ("" when the input is not JSON: a CSV row, an XML element)."""
    line: int | None = None
    column: int | None = None
    label: str = ""
    """What to name before the message (a CSV column's header: ``claimReviewed: ...``)."""
    item: int | None = None
    """The record of the input it belongs to (an RSS item), when the input has several."""


Place = Callable[[str], tuple[int | None, int | None]]
"""A JSON Pointer into the input -> its line and column."""


@dataclass
class Origins:
    """Built pointer -> :class:`Origin`; a pointer not listed takes its nearest listed parent's,
    with the rest of the pointer added where the origin is itself a JSON Pointer (a subtree
    copied as it is: ``/0/author/name`` under ``/0`` -> ``/data/0`` is ``/data/0/author/name``)."""

    exact: dict[str, Origin] = field(default_factory=dict)
    locate: Place | None = None
    """Line and column of an input JSON Pointer, for origins that carry a pointer but no line."""
    copied: set[str] = field(default_factory=set)
    """Built pointers whose subtree is the input's subtree at their origin's pointer, unchanged."""
    locators: dict[str, Place] = field(default_factory=dict)
    """Built pointer -> the line and column of pointers under it, when they are not :attr:`locate`'s
    (a JSON text inside an XML element)."""

    def add(self, built: str, origin: Origin, copied: bool = False, locate: Place | None = None) -> None:
        self.exact.setdefault(built, origin)
        if copied:
            self.copied.add(built)
        if locate is not None:
            self.locators[built] = locate

    def of(self, built: str) -> Origin | None:
        tokens = built.split("/")
        for n in range(len(tokens), 0, -1):
            prefix = "/".join(tokens[:n])
            origin = self.exact.get(prefix)
            if origin is None:
                continue
            rest = built[len(prefix):]
            locate = self.locators.get(prefix, self.locate)
            if rest and prefix in self.copied:
                pointer = origin.pointer + rest
                line, column = locate(pointer) if locate is not None else (origin.line, origin.column)
                return Origin(pointer, line if line is not None else origin.line,
                              column if line is not None else origin.column, origin.label, origin.item)
            if origin.line is None and locate is not None:
                line, column = locate(origin.pointer)
                return Origin(origin.pointer, line, column, origin.label, origin.item)
            return origin
        return None


def placed(d: Diagnostic, origins: Origins, file: str, words: dict[str, str] | None = None) -> Diagnostic:
    """A finding about the built JSON-LD, moved to where its value came from in the input, its
    message in the input's words (``words``: schema.org name -> the shape's name for it)."""
    message = d.message
    for word, theirs in (words or {}).items():
        message = re.sub(rf"\b{re.escape(word)}\b", theirs, message)
    origin = origins.of(d.pointer)
    if origin is None:
        return d.at(file=file, line=None, column=None, message=message)
    if origin.label and not re.match(rf"{re.escape(origin.label)}\b", message):  # the column, unless named first
        message = f"{origin.label}: {message}"
    return d.at(file=file, pointer=origin.pointer, line=origin.line, column=origin.column, message=message,
                item=origin.item if origin.item is not None else d.item)


def read_nodes(nodes: list[Any], origins: Origins, file: str, found: list[Diagnostic], *, rules: str | None = None,
               page_url: str | None = None, conversion_notes: bool = True, scope: str | None = None,
               words: dict[str, str] | None = None) -> Loaded:
    """The nodes through the JSON-LD reader (rules, vocabulary, model), every finding moved into
    the input; ``found`` are the shape's own findings (already placed), reported first. Two
    findings that land on the same place with the same words (one page author shared by the
    page's reviews) are one."""
    from claimreview.readers.jsonld import read_data
    from claimreview.validation.scope import DEFAULT_SCOPE

    loaded = read_data(nodes, file=file, rules=rules, page_url=page_url, conversion_notes=conversion_notes,
                       scope=scope or DEFAULT_SCOPE)
    moved = list(dict.fromkeys(placed(d, origins, file, words) for d in loaded.diagnostics))
    moved.sort(key=lambda d: (d.line or 0, d.column or 0))
    everything = found + moved
    return Loaded(loaded.document, everything, items=loaded.items)
