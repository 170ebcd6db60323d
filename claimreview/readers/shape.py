"""One ClaimReview node of a record stream in the Document's shape (plain dicts: people,
organizations, claims, reviews, with ids), as the JSON-LD reader makes it: what record writers
(CSV sheet and tables) turn into rows. A reader's helper, public so that exporters can share it."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticCustomError

from claimreview.readers.ids import slug
from claimreview.schemas.fields import check_date, check_language, check_url

_SINGULAR = {"people": "person", "organizations": "organization", "claims": "claim"}


def _finite(number: float) -> bool:
    return math.isfinite(number)


_PLAIN_REVIEW_KEYS = frozenset(("@context", "@type", "url", "datePublished", "author", "claimReviewed", "itemReviewed",
                                "reviewRating", "inLanguage", "headline"))
_PLAIN_CLAIM_KEYS = frozenset(("@type", "author", "datePublished", "appearance", "firstAppearance"))
_PLAIN_AGENT_KEYS = frozenset(("@type", "name", "url"))
_PLAIN_RATING_KEYS = frozenset(("@type", "ratingValue", "bestRating", "worstRating", "alternateName"))
_PLAIN_AGENT_KINDS = {"Person": "people", "Organization": "organizations"}
_PLAIN_INT = re.compile(r"-?[0-9]{1,15}\Z")


class _NotPlain(Exception):
    pass


def shape_record(node: dict[str, Any], page_url: str | None = None) -> dict[str, Any]:
    """One ClaimReview node as the Document's shape (plain dicts: people, organizations, claims,
    reviews, with ids), as :func:`read_data` would make it: what record writers turn into rows.

    The plain shape most feed records have (a ClaimReview with a url, dates, an author with a name,
    claimReviewed, a Claim with its author, date and appearances, a Rating with a verdict and
    integer numbers, a language) is shaped directly, in about 10 µs; any other node goes through
    the reader itself (about 700 µs). tests/test_convert_streams.py checks, on generated records,
    that both give the same shape."""
    try:
        return _plain_shape(node)
    except _NotPlain:
        from claimreview.readers.jsonld import _Reader

        shaped, _ = _Reader(node, page_url).run()
        shaped.pop("claimreview", None)
        return shaped


def _plain_text(value: Any) -> str:
    if type(value) is not str or not value.strip():
        raise _NotPlain
    return value


def _plain_url(value: Any) -> str:
    if type(value) is not str or value != value.strip():
        raise _NotPlain
    checked = _checked_url(value)
    if checked is None:
        raise _NotPlain
    return checked


@lru_cache(maxsize=4096)  # a feed names its few reviewers' and outlets' sites on every record
def _checked_url(value: str) -> str | None:
    try:
        return check_url(value)
    except (PydanticCustomError, ValueError):
        return None


def _plain_date(value: Any) -> str:
    if type(value) is not str or value != value.strip():
        raise _NotPlain
    try:
        return check_date(value)
    except PydanticCustomError:
        raise _NotPlain from None


def _plain_agent(value: Any) -> tuple[str, dict[str, Any]]:
    if type(value) is not dict or not value.keys() <= _PLAIN_AGENT_KEYS:
        raise _NotPlain
    kind = _PLAIN_AGENT_KINDS.get(value["@type"]) if type(value.get("@type")) is str else None
    if kind is None:
        raise _NotPlain
    agent = {"name": _plain_text(value.get("name"))}
    if "url" in value:
        agent["url"] = _plain_url(value["url"])
    agent["id"] = slug(agent["name"], 48) or _SINGULAR[kind]
    return kind, agent


def _plain_number(value: Any) -> int | float:
    if type(value) is int or (type(value) is float and _finite(value)):
        return value
    if type(value) is str and _PLAIN_INT.match(value):
        return int(value)
    raise _NotPlain


def _plain_appearance(value: Any) -> dict[str, Any]:
    if type(value) is not dict or value.keys() - {"@type", "url"} or value.get("@type") != "CreativeWork":
        raise _NotPlain
    return {"url": _plain_url(value.get("url"))}


def _plain_shape(node: dict[str, Any]) -> dict[str, Any]:
    if type(node) is not dict or not node.keys() <= _PLAIN_REVIEW_KEYS or node.get("@type") != "ClaimReview" \
            or node.get("@context", "https://schema.org") not in ("https://schema.org", "https://schema.org/",
                                                                  "http://schema.org", "http://schema.org/"):
        raise _NotPlain
    item = node.get("itemReviewed")
    if type(item) is not dict or not item.keys() <= _PLAIN_CLAIM_KEYS or item.get("@type") != "Claim":
        raise _NotPlain
    text = _plain_text(node.get("claimReviewed"))
    claim: dict[str, Any] = {"id": slug(text, 40) or "claim", "text": text}
    shaped: dict[str, Any] = {}
    claimant_kind, claimant = _plain_agent(item["author"]) if "author" in item else (None, None)
    reviewer_kind, reviewer = _plain_agent(node.get("author"))
    if claimant is not None and claimant_kind is not None:
        same_name = claimant["name"].strip().casefold() == reviewer["name"].strip().casefold()
        if claimant_kind == reviewer_kind and (same_name or claimant.get("url", 0) == reviewer.get("url", 1)):
            raise _NotPlain  # one entity, merged by the reader
        shaped[claimant_kind] = [claimant]
        claim["claimant"] = claimant["id"]
    if claimant is not None and claimant["id"] == reviewer["id"]:
        raise _NotPlain  # the reader would tell them apart with "-2"
    shaped.setdefault(reviewer_kind, []).append(reviewer)
    if "datePublished" in item:
        claim["date"] = _plain_date(item["datePublished"])
    if "appearance" in item:
        found = item["appearance"]
        appearances = [_plain_appearance(v) for v in (found if type(found) is list else [found])]
        if appearances:
            claim["appearances"] = appearances
    if "firstAppearance" in item:
        claim["first_appearance"] = _plain_appearance(item["firstAppearance"])
    review: dict[str, Any] = {"id": f"review-{claim['id']}"[:190], "claim": claim["id"], "reviewer": reviewer["id"]}
    if "url" in node:
        review["url"] = _plain_url(node["url"])
    if "datePublished" in node:
        review["date"] = _plain_date(node["datePublished"])
    if "headline" in node:
        review["headline"] = _plain_text(node["headline"])
    if "inLanguage" in node:
        language = node["inLanguage"]
        if type(language) is not str or language != language.strip():
            raise _NotPlain
        try:
            review["language"] = check_language(language)
        except PydanticCustomError:
            raise _NotPlain from None
    rating = node.get("reviewRating")
    if type(rating) is not dict or not rating.keys() <= _PLAIN_RATING_KEYS or rating.get("@type") != "Rating":
        raise _NotPlain
    shaped_rating: dict[str, Any] = {"label": _plain_text(rating.get("alternateName"))}
    for prop, key in (("ratingValue", "value"), ("bestRating", "best"), ("worstRating", "worst")):
        if prop in rating:
            shaped_rating[key] = _plain_number(rating[prop])
    review["rating"] = shaped_rating
    shaped["claims"] = [claim]
    shaped["reviews"] = [review]
    return {kind: shaped[kind] for kind in ("people", "organizations", "claims", "reviews") if kind in shaped}
