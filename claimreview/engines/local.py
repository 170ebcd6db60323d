"""The in-process engine: each record of a stream through the record check, one after another."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator

from claimreview.engines import Checked
from claimreview.readers.base import Record
from claimreview.validation.diagnostics import Diagnostic
from claimreview.validation.record import Settings, checker


def diagnostics(events: Iterable[Record | Diagnostic], settings: Settings) -> Iterator[Diagnostic]:
    """The reader's diagnostics and every record's findings, in input order; nothing is made for
    a record without findings. The collector is on whenever a diagnostic is handed over."""
    check = checker(settings).check_record
    for event in events:
        if type(event) is Record:
            found = check(event)
            if found:
                gc_was_on = gc.isenabled()
                gc.enable()
                yield from found
                if not gc_was_on:
                    gc.disable()
        else:
            yield event  # type: ignore[misc]


def checked(events: Iterable[Record | Diagnostic], settings: Settings) -> Iterator[Checked | Diagnostic]:
    """Every record with its findings (:class:`Checked`), and the reader's diagnostics, in input order."""
    check = checker(settings).check_record
    for event in events:
        if type(event) is Record:
            yield Checked(event, check(event))
        else:
            yield event  # type: ignore[misc]
