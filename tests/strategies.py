"""Hypothesis strategies for valid Documents, hostile text included.

Every reference points at an entity of the right kind, so each generated Document is valid;
text mixes Cyrillic, Korean, right-to-left script, emoji, markup, quotes, commas, newlines,
formula starters and leading/trailing spaces.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from claimreview.blank import is_blank
from claimreview.schemas import Document

HOSTILE = [
    "</script><script>alert(1)</script>", "=HYPERLINK(\"https://evil.example\")", "+1", "-2", "@SUM(A1)",
    "\tTab", "\rCR", "'quoted", "a, b", 'say "hi"', "line\nbreak", "  padded  ", "Дмитро Кулеба", "김정은",
    "مرحبا", "שלום", "emoji 🧐", "| pipe |", "**bold** _it_", "# heading", "- item", "[x](javascript:alert(1))",
    "back\\slash", "\u2028sep\u2029", "&amp; <b>", "`code`",
]

_alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t ,\"'=+-@|<>&")
# text that shows something: the model reads text of invisible characters only as empty (claimreview.blank)
_free_text = st.text(_alphabet, min_size=1, max_size=40).filter(lambda s: s.strip() != "" and not is_blank(s))
text = st.one_of(st.sampled_from(HOSTILE), _free_text)
short_id = st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,11}", fullmatch=True)
url = st.builds(lambda host, path: f"https://{host}.example.org/{path}",
                st.from_regex(r"[a-z]{1,8}", fullmatch=True), st.from_regex(r"[A-Za-z0-9_~%-]{0,12}", fullmatch=True))
year = st.integers(1990, 2030)
date = st.one_of(
    year.map(str),
    st.tuples(year, st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.tuples(year, st.integers(1, 12), st.integers(1, 28)).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
)
language = st.sampled_from(["en", "ru", "uk", "ko", "ar", "he", "en-GB", "zh-Hant"])


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != []}


@st.composite
def documents(draw: st.DrawFn, max_reviews: int = 4) -> Document:
    ids = draw(st.lists(short_id, min_size=6, max_size=14, unique=True))
    n_people = draw(st.integers(1, 2))
    n_orgs = draw(st.integers(2, 3))
    people_ids, rest = ids[:n_people], ids[n_people:]
    org_ids, rest = rest[:n_orgs], rest[n_orgs:]
    claim_ids = rest[: max(1, len(rest) // 2)]
    review_ids = rest[len(claim_ids):][:max_reviews]
    agents = people_ids + org_ids
    orgs = [_clean({
        "id": oid, "name": draw(text), "alternate_names": draw(st.lists(text, max_size=2)),
        "kind": draw(_opt(st.sampled_from(["news-agency", "fact-checker", "government"]))),
        "description": draw(_opt(text)), "country": draw(_opt(text)), "url": draw(_opt(url)),
        "same_as": draw(st.lists(url, max_size=2, unique=True)),
        "parent": draw(_opt(st.sampled_from([o for o in org_ids if o != oid]))) if len(org_ids) > 1 else None,
    }) for oid in org_ids]
    people = [_clean({
        "id": pid, "name": draw(text), "alternate_names": draw(st.lists(text, max_size=2)),
        "job_title": draw(_opt(text)), "description": draw(_opt(text)),
        "affiliations": draw(st.lists(st.sampled_from(org_ids), max_size=2, unique=True)),
        "nationality": draw(_opt(text)), "url": draw(_opt(url)), "same_as": draw(st.lists(url, max_size=1)),
    }) for pid in people_ids]
    claims = []
    for cid in claim_ids:
        appearance = st.builds(lambda u, o, d, t: _clean({"url": u, "outlet": o, "date": d, "description": t}),
                               url, _opt(st.sampled_from(agents)), _opt(date), _opt(text))
        appearances = draw(st.lists(appearance, max_size=2))
        claims.append(_clean({
            "id": cid, "text": draw(text), "claimant": draw(_opt(st.sampled_from(agents))), "date": draw(_opt(date)),
            "appearances": appearances, "about": draw(st.lists(st.sampled_from(agents), max_size=2, unique=True)),
            "language": draw(_opt(language)),
        }))
    reviews = []
    for rid in review_ids:
        worst = draw(st.integers(1, 3))
        best = draw(st.integers(worst + 1, 10))
        numbers = draw(st.booleans())
        rating = _clean({
            "label": draw(text), "explanation": draw(_opt(text)),
            "value": draw(st.integers(worst, best)) if numbers else None,
            "best": best if numbers else None, "worst": worst if numbers else None,
        })
        reviews.append(_clean({
            "id": rid, "claim": draw(st.sampled_from(claim_ids)), "reviewer": draw(st.sampled_from(org_ids)),
            "rating": rating, "url": draw(_opt(url)), "headline": draw(_opt(text)), "language": draw(_opt(language)),
        }))
    article = _clean({
        "id": draw(short_id.filter(lambda x: x not in ids)), "headline": draw(text), "url": draw(_opt(url)),
        "date_published": draw(_opt(date)), "publisher": draw(_opt(st.sampled_from(org_ids))),
        "label": draw(_opt(text)), "keywords": draw(st.lists(text, max_size=3)), "language": draw(_opt(language)),
        "claims": claim_ids,
    })
    return Document.model_validate({"people": people, "organizations": orgs, "claims": claims, "reviews": reviews,
                                    "articles": [article]})
