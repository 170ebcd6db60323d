"""Spreadsheet safety for CSV text cells: the one rule, used by the CSV exporter and reader.

A spreadsheet program evaluates a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and treats a leading tab or carriage return the same way (OWASP, "CSV Injection"; ASVS
1.2.10). Following OWASP's guidance, such a text cell is written with a single quote in front,
which spreadsheets read as "this is text" and do not show. The full-width forms of the four
signs (U+FF1D, U+FF0B, U+FF0D, U+FF20) are escaped too, as a precaution: it costs nothing and
the round trip stays lossless.

To keep the round trip lossless, a text that itself starts with a single quote gets one more
quote in front, so the reader's rule is simply "drop one leading quote":

==========================  =========================
text in the model           text in the cell
==========================  =========================
``=SUM(A1)``                ``'=SUM(A1)``
``-2 points``               ``'-2 points``
``'Twas``                   ``''Twas``
``''``                      ``'''``
``Kyiv``                    ``Kyiv``
==========================  =========================

The rule applies to every text cell. Number cells (a rating's value, best and worst) are written
as plain numbers and not quoted: a spreadsheet reads ``-1`` there as the number -1, which is what
it is, and only claimreview writes those cells, from numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""First characters that make a spreadsheet evaluate a cell (OWASP's list), plus full-width forms."""

QUOTE = "'"
_ESCAPED_STARTS = FORMULA_STARTS | {QUOTE}


def neutralise(text: str) -> str:
    """The cell for a text: one single quote in front when the text starts with a formula
    character or a single quote; the text unchanged otherwise."""
    if text and text[0] in _ESCAPED_STARTS:
        return QUOTE + text
    return text


def restore(cell: str) -> str:
    """The text of a cell written by :func:`neutralise` (or typed with a leading quote)."""
    if cell and cell[0] == QUOTE:
        return cell[1:]
    return cell


def is_live_formula(cell: str) -> bool:
    """Would a spreadsheet evaluate this cell as a formula? (Used by the export check.)"""
    return bool(cell) and cell[0] in FORMULA_STARTS


def neutralise_all(texts: Iterable[str | None]) -> list[str]:
    """:func:`neutralise` over a column (None -> empty cell), without a call per cell."""
    starts = _ESCAPED_STARTS
    return ["" if t is None else QUOTE + t if t and t[0] in starts else t for t in texts]
