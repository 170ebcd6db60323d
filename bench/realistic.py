"""A feed shaped like real fact-checkers' ClaimReview markup, for the benchmark and the tests.

The plain benchmark feed (bench/synth.py) is tidy: short claims, integer ratings, plain dates, so
nearly every record passes the rule set's fast screen. Markup in the wild (the pages of
tests/fixtures/realworld, see its PROVENANCE.md) is not: ``claimReviewed`` often quotes the whole
claim (three records in four here are over the 75 characters Google's guidelines ask for, a
warning), ratings are often numbers written as text (``"1"``), dates are date-times with a UTC
offset, headlines are long, and a verdict may come with no numbers at all. About 1% of the
records are broken: one of bench/synth.py's defects, or a line cut short.

Every name, URL and date here is made up on purpose and says so: organisations are "Example …",
URLs sit on the reserved example.org / example.com / example.net domains (RFC 2606).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import synth

_VERDICTS = [("False", "1"), ("Misleading", "2"), ("Missing context", "2"), ("Half true", "3"), ("Mostly true", "4"),
             ("True", "5"), ("Altered photo", None), ("Satire", None)]
_SAYS = ["A viral post claims that", "A widely shared video says", "An Example Party politician said that",
         "Social media users claim that", "A message forwarded on messaging apps says that"]
_WHAT = ["the {topic} figures rose {n} percent in a single year, the largest rise ever recorded",
         "the government secretly changed the {topic} rules last week without telling parliament",
         "a new study proves the {topic} policy caused prices to double across the whole country",
         "photos show the {topic} protest was staged by paid actors brought in from abroad"]
_OFFSETS = ["+00:00", "+01:00", "+02:00", "-03:00", "+05:30", "+09:00", "-05:00"]


def _datetime(rng: random.Random, year: int) -> str:
    return (f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:"
            f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}{rng.choice(_OFFSETS)}")


def review(i: int, rng: random.Random) -> dict[str, Any]:
    node = synth.review(i, rng)
    topic = rng.choice(synth._TOPICS)
    claim = f"{rng.choice(_SAYS)} {rng.choice(_WHAT).format(topic=topic, n=rng.randint(2, 90))} (#{i})"
    if rng.random() >= 0.75:  # one record in four keeps a short claim
        claim = f"Post #{i} on {topic} figures"
    node["claimReviewed"] = claim
    verdict, value = rng.choice(_VERDICTS)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict}
    if value is not None:
        rating.update(ratingValue=value, bestRating="5", worstRating="1")
    node["reviewRating"] = rating
    claimed = rng.randint(2018, 2024)
    node["itemReviewed"]["datePublished"] = _datetime(rng, claimed)
    node["datePublished"] = _datetime(rng, claimed + 1)
    node["headline"] = f"Fact check: {claim} — what we found when we checked the {topic} figures"
    return node


def reviews(n: int, seed: int = 2397, defect_rate: float = 0.01) -> Iterator[tuple[dict[str, Any], str | None]]:
    """``n`` records and, for each, the defect planted in it (None for a good one)."""
    rng = random.Random(seed)
    for i in range(n):
        node = review(i, rng)
        kind = rng.choice([*synth.DEFECTS, "cut"]) if rng.random() < defect_rate else None
        if kind is not None and kind != "cut":
            synth._defect(node, kind)
        yield node, kind


def write(path: Path, n: int, layout: str = "jsonl", seed: int = 2397, defect_rate: float = 0.01) -> dict[str, int]:
    """Write the feed as ``jsonl`` or ``array`` (pretty-printed); the count of each planted defect."""
    planted: dict[str, int] = {}
    with path.open("wb") as fh:
        if layout == "array":
            fh.write(b"[\n")
        for i, (node, kind) in enumerate(reviews(n, seed, defect_rate)):
            if kind:
                planted[kind] = planted.get(kind, 0) + 1
            if layout == "jsonl":
                line = orjson.dumps(node)
                fh.write((line[: len(line) // 2] if kind == "cut" else line) + b"\n")
            else:
                body = orjson.dumps(node, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
                if kind == "cut":
                    body = body[: len(body) // 2]
                fh.write((b",\n  " if i else b"  ") + body)
        if layout == "array":
            fh.write(b"\n]\n")
    return planted
