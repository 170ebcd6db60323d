"""What a record writer has written, remembered in bounded memory: 64-bit digests, 8 bytes each.

A stream of a million reviews names a few million entities (reviews, claims, claimants,
reviewers). A Python set of them would cost about 70 bytes an entry (an int object and a hash
slot): 200 MB and more. :class:`DigestSet` keeps BLAKE2b-64 digests of the keys in a sorted
``array('Q')`` (8 bytes each) and the latest ones in a small set that is merged in every
:data:`PENDING` additions, so a million entries take about 8 MB (plus at most 4.5 MB pending), and a
lookup is a bisection in C. Two different keys share a digest with probability about n²/2⁶⁵
(3·10⁻⁸ for a million entries); the effect of such a collision is one entity taken for another
already written.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from hashlib import blake2b

PENDING = 65536
"""Digests kept in a plain set before they are merged into the sorted array."""


def digest(key: str) -> int:
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class DigestSet:
    """A set of strings, kept as their 64-bit digests (see the module's docstring)."""

    def __init__(self) -> None:
        self._sorted = array("Q")
        self._new: set[int] = set()

    def __len__(self) -> int:
        return len(self._sorted) + len(self._new)

    def __contains__(self, key: str) -> bool:
        return self._has(digest(key))

    def _has(self, d: int) -> bool:
        if d in self._new:
            return True
        a = self._sorted
        i = bisect_left(a, d)
        return i < len(a) and a[i] == d

    def add(self, key: str) -> bool:
        """Add ``key``; False when it was already there."""
        d = digest(key)
        if self._has(d):
            return False
        self._new.add(d)
        if len(self._new) >= PENDING:
            self._sorted = array("Q", heapq.merge(self._sorted, sorted(self._new)))
            self._new = set()
        return True
