"""The exporter contract: build, check, render. ``claimreview.export`` runs the three in order
and writes nothing when the check finds an error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from claimreview.validation.diagnostics import Diagnostic

if TYPE_CHECKING:  # the models cost a sixth of a second to import; feeds never need them
    from claimreview.schemas import Document

Rendered = bytes | Mapping[str, bytes]
"""One file's bytes, or several files by relative name (a CSV folder)."""


class ExportError(ValueError):
    """The export cannot be made as asked (an option that does not apply, an unknown id)."""


class Exporter:
    schema: ClassVar[str | None] = None
    """Name of the JSON Schema (claimreview/schemas/json/<name>.schema.json) build() must satisfy."""
    multi_file: ClassVar[bool] = False
    """True when render() returns several files (written as a folder or a zip)."""

    def build(self, doc: Document, **options: Any) -> Any:
        """The output as plain data (dicts, lists, rows)."""
        raise NotImplementedError

    def check(self, data: Any, **options: Any) -> list[Diagnostic]:
        """The output's JSON Schema and the format's own rules; errors stop the export."""
        return []

    def render(self, data: Any, **options: Any) -> Rendered:
        raise NotImplementedError
