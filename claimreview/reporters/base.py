"""The reporter contract: start, emit each finding, finish with the totals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from claimreview.validation.diagnostics import Diagnostic

if TYPE_CHECKING:  # the feed check is imported by validate itself
    from claimreview.engines import Stats


@dataclass
class Summary:
    """A run's totals and verdict, as the reporters show them."""

    stats: Stats
    """What was seen: files, items, errors and warnings, by code."""
    valid: bool = True
    """No error (and, with ``strict``, no warning)."""
    strict: bool = False
    cannot_run: bool = False
    """An input could not be checked at all (the run exits 2)."""
    rules: str | None = None
    """The rule set asked for (None: the default)."""

    def as_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "strict": self.strict, **self.stats.as_dict()}


class Reporter:
    name: ClassVar[str]
    description: ClassVar[str]
    binary: ClassVar[bool] = False
    """Writes bytes (a Parquet file), not text."""

    def __init__(self, out: Any, err: TextIO, *, quiet: bool = False, rules: str | None = None) -> None:
        self.out, self.err, self.quiet = out, err, quiet
        self.rules = rules
        """The rule set asked for (None: the default), known before the first finding."""

    def start(self) -> None:
        """Before the first finding."""

    def emit(self, d: Diagnostic) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        """After the last finding."""
