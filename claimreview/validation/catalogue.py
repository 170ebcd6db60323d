"""Every diagnostic code, described once.

Each module declares the codes it reports as :class:`Code` constants beside the checks that
report them. A format lists its codes in its registry entry (``Format.codes``); the rooms that
are no format (input and JSON syntax, the model, the rule sets, the vocabulary, JSON-LD expansion,
the feed check) list theirs in a ``CODES`` tuple named here. This module gathers them for
``claimreview codes``, ``explain``, SARIF rules and the docs; a test proves that every Code in the
package is here.
"""

from __future__ import annotations

from importlib import import_module

from claimreview.formats import codes as format_codes
from claimreview.validation.diagnostics import Code

ROOMS = (
    "claimreview.readers.base",  # input and JSON syntax: every reader and the feed check
    "claimreview.readers._model",  # the model, as every reader builds it
    "claimreview.schemas.models",  # the model's rules across entities
    "claimreview.validation.claimreview",  # the ClaimReview rule sets
    "claimreview.validation.vocabulary",
    "claimreview.validation.registries",
    "claimreview.validation.ld",
    "claimreview.validation.schema",
    "claimreview.validation.record",
    "claimreview.validation.sources",
    "claimreview.links",
    "claimreview.exporters.ftm",
)
"""The modules with codes that belong to no one format, each in a CODES tuple."""


def catalogue() -> dict[str, Code]:
    """Every code by name, sorted; one name is one Code object."""
    merged: dict[str, Code] = {}
    for code in [*format_codes().values(), *(c for m in ROOMS for c in import_module(m).CODES)]:
        other = merged.setdefault(code.name, code)
        assert other == code, f"{code.name} is declared twice, differently"
    return dict(sorted(merged.items()))
