"""Strict JSON for documents: duplicate keys, NaN and Infinity are errors, and every
diagnostic can be placed at a line and column.

Parsing uses the standard library's C parser. Positions are found only when a diagnostic needs
one, by :class:`JsonLocator`, a small scanner that walks the text once and maps JSON Pointers to
offsets, so valid input pays nothing for them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but missing from typeshed
from typing import Any

from claimreview.readers.base import JSON_DUPLICATE_KEY, JSON_NON_FINITE_NUMBER, JSON_SYNTAX, JSON_TOO_DEEP, Source
from claimreview.readers.text import LineIndex, decode
from claimreview.validation.diagnostics import Diagnostic, escape_token, split_pointer

_WS = re.compile(r"[ \t\n\r]*")
_LONG_NUMBER = re.compile(r"-?\d{4000,}")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


class _Refused(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused("duplicate")
    return out


def _constant(name: str) -> float:
    raise _Refused("constant")


def read_source(source: Source) -> tuple[str | None, Any, list[Diagnostic]]:
    """A source's text and its strictly parsed JSON, or the diagnostics that stop both."""
    text, problems = decode(source.read_bytes(), source.name)
    if text is None:
        return None, None, problems
    data, problems = parse(text, source.name)
    return text, data, problems


def parse(text: str, file: str) -> tuple[Any, list[Diagnostic]]:
    """Parse JSON text. On failure return ``(None, diagnostics)`` with every problem located."""
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant), []
    except json.JSONDecodeError as exc:
        what = "the file is empty" if not text.strip() else exc.msg
        hint = " (is the file cut short?)" if exc.pos >= len(text.rstrip()) and text.strip() else ""
        return None, [JSON_SYNTAX.at(f"{what}{hint}", file=file, line=exc.lineno, column=exc.colno)]
    except RecursionError:
        return None, [JSON_TOO_DEEP.at("the JSON is nested too deeply to read (over about 1,000 "
                            "levels); no claim file needs more than a few dozen", file=file)]
    except _Refused:
        return None, list(JsonLocator(text, file).refusals())
    except ValueError:  # Python refuses integers of over 4,300 digits (CVE-2020-10735)
        long = _LONG_NUMBER.search(text)
        line, column = LineIndex(text).line_col(long.start()) if long else (None, None)
        return None, [JSON_SYNTAX.at("a number with thousands of digits: no claim file has use for it",
                            file=file, line=line, column=column)]


_SKIP = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # C scanner: a value and where it ends


def find_offset(text: str, ptr: str) -> int | None:
    """Offset in ``text`` (one JSON value) of the value at ``ptr`` — of its key, in an object — or
    of the nearest enclosing value that exists: what :class:`JsonLocator` answers, found by
    stepping over every value off the path with the C scanner rather than walking them in Python.
    None when the text holds no value."""
    ws = _WS.match
    pos = ws(text, 0).end()  # type: ignore[union-attr]
    if pos >= len(text):
        return None
    found = pos
    try:
        for token in split_pointer(ptr):
            opener = text[pos]
            if opener == "{":
                pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
                while text[pos] == '"':
                    key_at = pos
                    key, pos = scanstring(text, pos + 1)
                    pos = ws(text, ws(text, pos).end() + 1).end()  # type: ignore[union-attr]  # past ':'
                    if key == token:
                        found = key_at
                        break
                    pos = ws(text, _SKIP(text, pos)[1]).end()  # type: ignore[union-attr]
                    if text[pos] != ",":
                        return found
                    pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
                else:
                    return found
            elif opener == "[" and token.isdigit() and token == str(int(token)):
                pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
                for _ in range(int(token)):
                    if text[pos] == "]":
                        return found
                    pos = ws(text, _SKIP(text, pos)[1]).end()  # type: ignore[union-attr]
                    if text[pos] != ",":
                        return found
                    pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    return found
                found = pos
            else:
                return found
    except (IndexError, ValueError, StopIteration, RecursionError):
        pass
    return found


class JsonLocator:
    """Maps JSON Pointers to line and column in the text they came from."""

    def __init__(self, text: str, file: str | None = None) -> None:
        self.text = text
        self.file = file
        self._lines: LineIndex | None = None

    def _line_col(self, offset: int) -> tuple[int, int]:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_col(offset)

    def locate(self, ptr: str) -> tuple[int | None, int | None]:
        """Line and column of the value at ``ptr`` (of its key, in an object), or of the
        nearest enclosing value that exists."""
        offset = find_offset(self.text, ptr)
        return (None, None) if offset is None else self._line_col(offset)

    def refusals(self) -> Iterator[Diagnostic]:
        """Diagnostics for duplicate keys and non-finite numbers."""
        return (d for d, _ in self.refusals_at())

    def refusals_at(self) -> Iterator[tuple[Diagnostic, int]]:
        """:meth:`refusals`, each with its offset in the text."""
        for kind, p, offset in self._events():
            if kind not in ("duplicate", "constant"):
                continue
            line, column = self._line_col(offset)
            if kind == "duplicate":
                key = split_pointer(p)[-1]
                d = JSON_DUPLICATE_KEY.at(f"key {key!r} appears twice in the same object; "
                          "only one can be kept, so remove or rename the other", p,
                          file=self.file, line=line, column=column)
            else:
                d = JSON_NON_FINITE_NUMBER.at("NaN and Infinity are not JSON numbers: write a "
                          "number, or leave the field out", p, file=self.file, line=line, column=column)
            yield d, offset

    def _events(self) -> Iterator[tuple[str, str, int]]:
        """Walk the text iteratively (no recursion, so depth costs no stack): yields
        ("key", pointer, offset) for object members, ("value", ...) for every value,
        ("duplicate", ...) and ("constant", ...) for what strict JSON refuses."""
        text, n = self.text, len(self.text)
        # stack of [pointer, is_object, next_index, seen_keys]
        stack: list[list[Any]] = []
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
        ptr = ""
        while pos < n:
            ch = text[pos]
            yield "value", ptr, pos
            if ch == "{" or ch == "[":
                stack.append([ptr, ch == "{", 0, set()])
                pos += 1
            elif ch == '"':
                try:
                    _, pos = scanstring(text, pos + 1)
                except ValueError:
                    return
            else:
                m = _SCALAR.match(text, pos)
                if not m:
                    return
                if m.group() in ("NaN", "Infinity", "-Infinity"):
                    yield "constant", ptr, pos
                pos = m.end()
            # after a value: close containers, find the next member or item
            while True:
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if not stack or pos >= n:
                    if not stack:
                        return
                    return
                frame = stack[-1]
                ch = text[pos]
                if ch in "]}":
                    stack.pop()
                    pos += 1
                    continue
                if ch == ",":
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                elif frame[2] != 0:
                    return
                if frame[1]:
                    if pos >= n or text[pos] != '"':
                        if pos < n and text[pos] == "}":
                            continue
                        return
                    key_at = pos
                    try:
                        key, pos = scanstring(text, pos + 1)
                    except ValueError:
                        return
                    ptr = frame[0] + "/" + escape_token(key)
                    yield ("duplicate" if key in frame[3] else "key"), ptr, key_at
                    frame[3].add(key)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if pos >= n or text[pos] != ":":
                        return
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                else:
                    if text[pos] == "]":
                        continue
                    ptr = frame[0] + "/" + str(frame[2])
                frame[2] += 1
                break
