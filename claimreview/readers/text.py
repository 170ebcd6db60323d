"""Bytes to text, with a located diagnostic for every way that can go wrong."""

from __future__ import annotations

import bisect
import codecs
import re

from claimreview.readers.base import INPUT_BINARY, INPUT_ENCODING, OTHER_BOMS, too_large
from claimreview.readers.base import MAX_INPUT_BYTES as MAX_INPUT_BYTES  # defined beside the bounded reader
from claimreview.readers.base import is_binary as is_binary
from claimreview.validation.diagnostics import Diagnostic


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class LineIndex:
    """Line and column of many offsets in one text: the line starts are found once, then each
    lookup is a binary search (``line_col`` per diagnostic would rescan the text each time)."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def head_problems(head: bytes, file: str, what: str = "a text claim file") -> list[Diagnostic]:
    """What the first bytes of a file say against reading it as UTF-8 text: a UTF-16/32 byte
    order mark, or NUL bytes (a binary file)."""
    for bom, name in OTHER_BOMS.items():
        if head.startswith(bom):
            return [INPUT_ENCODING.at(f"the file is {name}; claimreview reads UTF-8: re-save it as UTF-8",
                          file=file, line=1, column=1)]
    nul = head.find(b"\x00", 0, 8192)
    if nul >= 0:
        line = head.count(b"\n", 0, nul) + 1
        column = nul - head.rfind(b"\n", 0, nul)
        return [INPUT_BINARY.at(f"the file holds NUL bytes: it is binary, not {what}", file=file,
                      line=line, column=column)]
    return []


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text (a UTF-8 byte order mark is accepted and dropped) or a diagnostic."""
    if len(data) > MAX_INPUT_BYTES:
        return None, [too_large(len(data), file)]
    problems = head_problems(data[:8192], file)
    if problems:
        return None, problems
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, column = line_col(good, len(good))
        return None, [INPUT_ENCODING.at(f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not "
                            "UTF-8: re-save the file as UTF-8", file=file, line=line, column=column)]
