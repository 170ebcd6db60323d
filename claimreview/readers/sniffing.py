"""Telling shapes of JSON apart from their first bytes, without a format module (feed validation
imports this, and no format, to decide whether a ``.json`` array is a feed of ClaimReviews)."""

from __future__ import annotations

import re

_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"\s*:?|[{}\[\]]')
_REVIEW_TYPE = re.compile(rb'^"(?:(?:https?://(?:www\.)?schema\.org/|schema:)?(?:ClaimReview|MediaReview))"$')
_LD_KEYS = frozenset((b'"@type"', b'"@context"', b'"@graph"', b'"@id"'))


def wrapped_reviews(head: bytes) -> bool:
    """JSON whose top (the object, or each element of an array) is no JSON-LD node, with a
    ClaimReview or MediaReview typed deeper inside it: a site's API envelope (``{"data": [...]}``,
    ``[{"id": 7, "schema": {...}}]``, its first records perhaps without one), not a JSON-LD
    document or a feed of ClaimReviews."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] not in (b"{", b"["):
        return False
    top = 1 if text[:1] == b"{" else 2  # the depth of the keys of the top object, or of the first element
    depth = 0
    typed = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
        elif token in (b"}", b"]"):
            depth -= 1
            if depth < top and (top == 1 or depth < 1):
                return False  # the top object (or the array) ended without a review inside
        elif token.endswith(b":"):
            key = token[:-1].rstrip()
            if depth == top and key in _LD_KEYS:
                return False  # the top (an element of the array) is JSON-LD itself
            typed = depth > top and key == b'"@type"'
        else:
            if typed and _REVIEW_TYPE.match(token):
                return True
            typed = False
    return False
