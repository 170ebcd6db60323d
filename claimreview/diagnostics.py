"""One diagnostic type for every check, and the helpers that make and render them.

A :class:`Diagnostic` is a frozen, slotted dataclass rather than a Pydantic model (as the style
guide sketches): feed validation makes them in a hot loop, and a dataclass is several times
cheaper to create while carrying exactly the same fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# the RFC 6901 helpers, re-exported: every diagnostic carries a pointer
from claimreview.pointer import escape_token as escape_token
from claimreview.pointer import pointer as pointer
from claimreview.pointer import split_pointer as split_pointer
from claimreview.pointer import unescape_token as unescape_token


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"
    """Nothing wrong: what a conversion changed in form only (a date written in ISO 8601's extended
    form, a number given as text written as a number). Never fails a run, ``--strict`` included."""


ERROR, WARNING, NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE


@dataclass(frozen=True, slots=True)
class Diagnostic:
    kind: Code
    """What was found: its code, with the code's severity, text and whether the run can go on.
    Made by :meth:`Code.at`, so that no diagnostic has a code the catalogue does not describe."""
    message: str
    """A sentence a person can act on."""
    pointer: str = ""
    """RFC 6901 JSON Pointer into the input; "" is the whole document."""
    severity: Severity = Severity.ERROR
    file: str | None = None
    line: int | None = None
    column: int | None = None
    item: int | None = None
    """Index of the record within a feed, when the input is one."""

    @property
    def code(self) -> str:
        """Stable rule code, ``<area>.<kebab-case>``, e.g. ``model.unknown-id``."""
        return self.kind.name

    @property
    def cannot_run(self) -> bool:
        return self.kind.cannot_run

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def at(self, **where: Any) -> Diagnostic:
        """A copy with location fields filled in (file, line, column, item, pointer)."""
        return dataclasses.replace(self, **where)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "severity": self.severity.value,
            "code": self.code,
            "pointer": self.pointer,
            "message": self.message,
        }
        for key in ("file", "line", "column", "item"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def render(self) -> str:
        """``file:line:column:/pointer: severity code: message`` (parts that are known)."""
        where = [self.file or "<input>"]
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        where.append(self.pointer)
        return f"{':'.join(where)}: {self.severity.value} {self.code}: {self.message}"


@dataclass(frozen=True, slots=True)
class Code:
    """A diagnostic code: its stable name, its severity and what it means.

    Each module declares the codes it reports as constants (and lists them in its format's
    ``codes``, or its room's ``CODES``), and reports them with :meth:`at`; the catalogue gathers
    them all. Behaviour depends on these properties, never on the spelling of a name.
    """

    name: str
    """``<area>.<kebab-case>``, e.g. ``model.unknown-id``; stable across releases."""
    severity: Severity
    text: str
    """What it means and what to do, in a sentence or two (``claimreview codes``, ``explain``)."""
    cannot_run: bool = False
    """The input could not be checked at all (unreadable, unknown format): the run exits 2."""

    def at(self, message: str, pointer: str = "", **where: Any) -> Diagnostic:
        """A finding of this code: the message for this occurrence, and where it is."""
        return Diagnostic(self, message, pointer, self.severity, **where)

    def __str__(self) -> str:
        return self.name


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
