"""Every diagnostic code, described once.

Each module declares the codes it reports as :class:`Code` constants beside the checks that
report them, and lists them in its ``CODES``; this module gathers them so that
``claimreview codes``, ``explain`` and the docs can show them all, and a test can prove that no
code is reported without being declared.
"""

from __future__ import annotations

from importlib import import_module

from claimreview.validation.diagnostics import Code

# Modules that declare codes, each in a CODES tuple.
_MODULES = (
    "claimreview.readers.base",  # input and JSON syntax: every reader and the feed check
    "claimreview.readers._yaml",
    "claimreview.readers.document",
    "claimreview.readers.wdc",
    "claimreview.exporters.parquet",
    "claimreview.readers._model",
    "claimreview.schemas.models",
    "claimreview.readers.jsonld",
    "claimreview.readers.html",
    "claimreview.readers.csv_",
    "claimreview.readers._csvcells",
    "claimreview.readers._sheet",
    "claimreview.readers._sheetmap",
    "claimreview.readers.factcheck_api",
    "claimreview.exporters.html",
    "claimreview.exporters.csv_",
    "claimreview.exporters._tableschema",
    "claimreview.exporters.markdown",
    "claimreview.exporters.rdf",
    "claimreview.validation.claimreview",  # rule sets
    "claimreview.validation.vocabulary",
    "claimreview.validation.registries",
    "claimreview.validation.ld",
    "claimreview.validation.schema",
    "claimreview.validation.feed",
    "claimreview.validation.sources",
    "claimreview.links",
    "claimreview.exporters.ftm",
)


def catalogue() -> dict[str, Code]:
    """Every code by name, sorted; one name is one Code object."""
    merged: dict[str, Code] = {}
    for module in _MODULES:
        for code in import_module(module).CODES:
            other = merged.setdefault(code.name, code)
            assert other == code, f"{code.name} is declared twice, differently"
    return dict(sorted(merged.items()))
