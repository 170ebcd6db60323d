"""The library's front door: load, export, validate and convert, the same calls the CLI makes.

``load`` and ``export`` live in :mod:`claimreview.pipeline`, below this module, so that the
checks can use them without calling back up here. Record streams (feeds) go through
:func:`claimreview.validation.record.check_record`, spread by an engine (:mod:`claimreview.engines`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from claimreview.pipeline import Converted as Converted
from claimreview.pipeline import Exported as Exported
from claimreview.pipeline import check_input as check_input
from claimreview.pipeline import convert_records as convert_records
from claimreview.pipeline import export as export
from claimreview.pipeline import export_split as export_split
from claimreview.pipeline import input_records as input_records
from claimreview.pipeline import load as load
from claimreview.pipeline import read_with as read_with
from claimreview.pipeline import streams as streams
from claimreview.readers.base import Source
from claimreview.validation.diagnostics import Diagnostic
from claimreview.validation.record import Settings, check_record

__all__ = ["Converted", "Exported", "Settings", "check_input", "check_record", "convert_records", "export",
           "input_records", "load", "read_with", "validate"]


def validate(src: str | Path | Source, fmt: str | None = None, rules: str | None = None,
             page_url: str | None = None, *, vocabulary: bool = False, scope: str = "review") -> Iterator[Diagnostic]:
    """Every problem found in an input, as diagnostics, streamed as they are found (nothing
    yielded: valid). ``src`` is a path, ``"-"`` (stdin) or a :class:`Source`. Feeds — a JSON
    array of ClaimReviews, a DataFeed, JSON Lines — are checked record by record in constant
    memory (:func:`claimreview.validation.record.check_record`); other inputs are read whole by
    their reader, as :func:`load` does.

    ``rules`` names the ClaimReview rule set (default: the newest); ``page_url`` is the page the
    markup is for; ``vocabulary`` also checks every feed record against the schema.org
    vocabulary (single documents always are; on feeds it costs several times the other checks);
    ``scope`` is what the verdict is about (:mod:`claimreview.validation.scope`): ``"review"``, each
    ClaimReview and what it references, errors elsewhere reported as warnings; ``"page"``, all of it.
    An unknown rule set or a page URL that is not http(s) raises ``ValueError`` at once; bad
    input never raises."""
    return check_input(src, fmt, Settings(rules, page_url, vocabulary, scope).checked())
