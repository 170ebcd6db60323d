"""How records are spread: in this process (:mod:`.local`), over ``--jobs`` processes
(:mod:`.processes`), or over a Dask cluster (:mod:`.dask`). The local and process engines give
the same events, in input order: a :class:`Checked` record with its findings, or a
:class:`Diagnostic` the reader found (broken JSON, ...)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from claimreview.readers.base import Record
from claimreview.validation.diagnostics import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Checked:
    """A record and what :func:`~claimreview.validation.record.check_record` found in it (placed)."""

    record: Record
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


@dataclass
class Stats:
    """What a run has seen so far; the CLI prints it as the summary and the progress bar."""

    files: int = 0
    items: int = 0
    errors: int = 0
    warnings: int = 0
    notices: int = 0
    """What a conversion changed in form only; never fails a run."""
    by_code: Counter[str] = field(default_factory=Counter)
    file: str = ""
    """The input being read."""
    bytes_read: int = 0
    """Bytes of the current input read so far (feeds only)."""
    bytes_total: int | None = None
    """Size of the current input, when known."""
    keep: Callable[[Diagnostic], bool] | None = None
    """Which findings are reported (``--select``/``--ignore``); the others are not counted."""
    ignored: int = 0

    def reported(self, d: Diagnostic) -> bool:
        return self.keep is None or self.keep(d)

    def count(self, d: Diagnostic) -> Diagnostic:
        if self.keep is not None and not self.keep(d):
            self.ignored += 1
            return d
        if d.is_error:
            self.errors += 1
        elif d.severity is Severity.NOTICE:
            self.notices += 1
        else:
            self.warnings += 1
        self.by_code[d.code] += 1
        return d

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "items": self.items, "errors": self.errors, "warnings": self.warnings,
                "by_code": dict(sorted(self.by_code.items()))}
