"""A realistic synthetic ClaimReview feed, with about 1% defective records of several kinds.

Every name, URL and date here is made up on purpose and says so: organisations are "Example …",
URLs sit on the reserved example.org / example.com / example.net domains (RFC 2606), so nothing
in a generated feed can be mistaken for a real fact check.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

_VERDICTS = [("False", 1), ("Mostly false", 2), ("Half true", 3), ("Mostly true", 4), ("True", 5),
             ("Missing context", 2), ("Misleading", 2)]
_TOPICS = ["vaccine", "election", "climate", "border", "budget", "troops", "grain exports", "energy prices",
           "sanctions", "unemployment", "crime rate", "school funding"]
_LANGS = ["en", "fr", "de", "es", "pt", "ko", "uk", "ar"]
_CLAIMANTS = [("Example Politician", "Person"), ("Example Ministry", "Organization"),
              ("A viral social media post", "Person"), ("Example Party", "Organization")]
_REVIEWERS = [f"Example Fact Check {i}" for i in range(1, 21)]

# ~1% of records get one of these defects (what a feed from a partner typically gets wrong)
DEFECTS: list[str] = [
    "missing-claim-reviewed", "empty-rating-name", "relative-url", "bad-date", "rating-off-scale",
    "best-below-worst", "rating-not-number", "author-without-name", "wrong-type", "unknown-property",
]


def _date(rng: random.Random) -> str:
    return f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def review(i: int, rng: random.Random) -> dict[str, Any]:
    verdict, value = rng.choice(_VERDICTS)
    topic = rng.choice(_TOPICS)
    reviewer = rng.choice(_REVIEWERS)
    site = f"https://factcheck{_REVIEWERS.index(reviewer) + 1}.example.org"
    claimant, kind = rng.choice(_CLAIMANTS)
    published = _date(rng)
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{site}/{published[:4]}/{topic.replace(' ', '-')}-{i}",
        "datePublished": published,
        "author": {"@type": "Organization", "name": reviewer, "url": site},
        "claimReviewed": f"The {topic} figures rose {rng.randint(2, 90)} percent in a year",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": kind, "name": claimant},
            "datePublished": _date(rng),
            "appearance": [{"@type": "CreativeWork",
                            "url": f"https://news.example.com/{topic.replace(' ', '-')}/{i}-{k}"}
                           for k in range(rng.randint(1, 3))],
        },
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                         "alternateName": verdict},
        "inLanguage": rng.choice(_LANGS),
    }
    if rng.random() < 0.3:
        node["itemReviewed"]["firstAppearance"] = {"@type": "CreativeWork",
                                                   "url": f"https://social.example.net/post/{i}"}
    return node


def _defect(node: dict[str, Any], kind: str) -> None:
    rating = node["reviewRating"]
    fixes: dict[str, Callable[[], None]] = {
        "missing-claim-reviewed": lambda: node.pop("claimReviewed"),
        "empty-rating-name": lambda: rating.update(alternateName=""),
        "relative-url": lambda: node.update(url=node["url"].split(".org", 1)[1]),
        "bad-date": lambda: node.update(datePublished="2024-13-45"),
        "rating-off-scale": lambda: rating.update(ratingValue=9),
        "best-below-worst": lambda: rating.update(bestRating=1, worstRating=5),
        "rating-not-number": lambda: rating.update(ratingValue="mostly"),
        "author-without-name": lambda: node.update(author={"@type": "Organization"}),
        "wrong-type": lambda: node.update({"@type": "ClaimReveiw"}),
        "unknown-property": lambda: node.update(claimReviewd=node.pop("claimReviewed")),
    }
    fixes[kind]()


def reviews(n: int, seed: int = 2397, defect_rate: float = 0.01) -> Iterator[tuple[dict[str, Any], str | None]]:
    """``n`` ClaimReviews and, for each, the defect planted in it (None for a good one)."""
    rng = random.Random(seed)
    for i in range(n):
        node = review(i, rng)
        kind = rng.choice(DEFECTS) if rng.random() < defect_rate else None
        if kind:
            _defect(node, kind)
        yield node, kind


def write(path: Path, n: int, layout: str, seed: int = 2397) -> dict[str, int]:
    """Write a feed of ``n`` reviews as ``jsonl`` (one per line) or ``array`` (a pretty-printed JSON
    array, as CMS exports look). Returns the count of each planted defect."""
    planted: dict[str, int] = {}
    with path.open("wb") as fh:
        if layout == "array":
            fh.write(b"[\n")
        for i, (node, kind) in enumerate(reviews(n, seed)):
            if kind:
                planted[kind] = planted.get(kind, 0) + 1
            if layout == "jsonl":
                fh.write(orjson.dumps(node) + b"\n")
            else:
                body = orjson.dumps(node, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
                fh.write((b",\n  " if i else b"  ") + body)
        if layout == "array":
            fh.write(b"\n]\n")
    return planted
