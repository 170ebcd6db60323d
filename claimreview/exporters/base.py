"""The exporter contract: build, check, render. ``claimreview.export`` runs the three in order
and writes nothing when the check finds an error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from claimreview.validation.diagnostics import Diagnostic

if TYPE_CHECKING:  # the models cost a sixth of a second to import; feeds never need them
    from claimreview.io import StreamOutput
    from claimreview.readers.base import Record
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


class RecordWriter:
    """The record-stream side of an exporter (``Format.writer``): made with the output target,
    given each record with ``write(record)``, finished by ``close()`` (the output is renamed into
    place, through :class:`claimreview.io.StreamOutput`) or ``discard()`` (nothing is left).

    ``write`` returns the writer's own findings about a record (a cell a CSV file cannot hold,
    ...): an error there means the record was not written. Records come checked
    (:func:`~claimreview.validation.record.check_record`) and in input order; a writer keeps
    bounded memory whatever the number of records."""

    takes: ClassVar[tuple[str, ...]] = ()
    """Which of its format's declared write options (``Format.options``) it takes; a conversion
    that sets any other (``--review``, ``--profile``: whole-document choices) reads the input whole."""
    folder: ClassVar[bool] = False
    """True when the output is several files (a folder, or a .zip)."""

    def __init__(self, target: str, inputs: Iterable[str | Path] = (), *, parents: bool = False,
                 **options: Any) -> None:
        from claimreview.io import StreamOutput

        self.output: StreamOutput = StreamOutput(target, inputs, folder=self.is_folder(**options), parents=parents)
        self.written = 0
        """Records written so far."""

    @classmethod
    def is_folder(cls, **options: Any) -> bool:
        return cls.folder

    def write(self, record: Record) -> list[Diagnostic]:
        raise NotImplementedError

    def close(self) -> None:
        self.output.close()

    def discard(self) -> None:
        self.output.discard()
