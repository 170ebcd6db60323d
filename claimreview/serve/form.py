"""The editor's form and the claimreview document it stands for, both ways, and each finding
placed beside the field it is about.

The form holds what a fact check needs: the reviewing desk, an optional article, and its claims,
each with its claimant (one already in the file, or a new person or organization), where it
appeared and its review; the rating scale (labels and their numbers) is declared once and each
review picks a verdict from it. A file that holds more than the form shows is never saved over
(see :func:`represents`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from claimreview.readers.ids import slug, unique
from claimreview.validation.diagnostics import Diagnostic, split_pointer

CLAIM_FIELDS = ("text", "claimant", "new_name", "new_kind", "date", "appearances", "verdict", "explanation",
                "review_url", "review_date", "headline", "language")
NEW = "__new__"
DESK = "our-desk"


@dataclass
class ClaimForm:
    text: str = ""
    claimant: str = ""
    """An id of a person or organization in the file, NEW, or "" for none."""
    new_name: str = ""
    new_kind: str = "person"
    date: str = ""
    appearances: str = ""
    """URLs, one a line."""
    verdict: str = ""
    explanation: str = ""
    review_url: str = ""
    review_date: str = ""
    headline: str = ""
    language: str = "en"
    claim_id: str = ""
    review_id: str = ""


@dataclass
class Agent:
    id: str
    name: str
    kind: str
    """person or organization."""


@dataclass
class FormState:
    file: str = ""
    desk_name: str = ""
    desk_url: str = ""
    scale: str = ""
    """The rating scale, one "label = number" a line (the number may be left out)."""
    article_headline: str = ""
    article_url: str = ""
    claims: list[ClaimForm] = field(default_factory=lambda: [ClaimForm()])
    agents: list[Agent] = field(default_factory=list)
    """The people and organizations of the file, for the claimant pickers."""

    def scale_items(self) -> list[tuple[str, float | None]]:
        return parse_scale(self.scale)


_SCALE_LINE = re.compile(r"\s*(.+?)\s*(?:=\s*([+-]?\d+(?:\.\d+)?))?\s*")


def parse_scale(text: str) -> list[tuple[str, float | None]]:
    out: list[tuple[str, float | None]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _SCALE_LINE.fullmatch(line)
        if m:
            out.append((m.group(1), float(m.group(2)) if m.group(2) else None))
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def from_fields(fields: Mapping[str, str], agents: list[Agent] | None = None) -> FormState:
    """A form as posted: ``desk_name``, ``scale``, ``claims-0-text``, ``agents`` (id|kind|name lines)."""
    state = FormState(file=fields.get("file", "").strip(), desk_name=fields.get("desk_name", ""),
                      desk_url=fields.get("desk_url", ""), scale=fields.get("scale", ""),
                      article_headline=fields.get("article_headline", ""), article_url=fields.get("article_url", ""),
                      claims=[])
    state.agents = agents if agents is not None else _agents_field(fields.get("agents", ""))
    count = 0
    while f"claims-{count}-text" in fields:
        count += 1
    for i in range(count):
        claim = ClaimForm(**{name: fields.get(f"claims-{i}-{name}", "") for name in CLAIM_FIELDS})
        claim.claim_id = fields.get(f"claims-{i}-claim_id", "")
        claim.review_id = fields.get(f"claims-{i}-review_id", "")
        claim.new_kind = claim.new_kind if claim.new_kind in ("person", "organization") else "person"
        state.claims.append(claim)
    if not state.claims:
        state.claims.append(ClaimForm())
    return state


def _agents_field(text: str) -> list[Agent]:
    out = []
    for line in text.splitlines():
        parts = line.split("|", 2)
        if len(parts) == 3 and parts[1] in ("person", "organization") and parts[0] and parts[2]:
            out.append(Agent(parts[0], parts[2], parts[1]))
    return out


def agents_field(agents: list[Agent]) -> str:
    return "\n".join(f"{a.id}|{a.kind}|{a.name}" for a in agents if "\n" not in a.name)


@dataclass
class Built:
    data: dict[str, Any]
    fields: dict[str, str]
    """JSON Pointer (of the document) -> the form field it came from."""
    reviews: list[int]
    """Index of the claim block of each review."""


def _put(d: dict[str, Any], key: str, value: Any) -> None:
    if value not in ("", None, []):
        d[key] = value


def to_document(state: FormState) -> Built:
    """The claimreview document data of a form (plain data, checked by the model on load)."""
    fields: dict[str, str] = {}
    data: dict[str, Any] = {"claimreview": "1", "people": [], "organizations": [], "claims": [], "reviews": []}
    taken = {a.id for a in state.agents} | {DESK}
    for agent in state.agents:
        kind = "people" if agent.kind == "person" else "organizations"
        data[kind].append({"id": agent.id, "name": agent.name})
    desk: dict[str, Any] = {"id": DESK}
    _put(desk, "name", state.desk_name.strip() or None)
    _put(desk, "url", state.desk_url.strip())
    fields[f"/organizations/{len(data['organizations'])}/name"] = "desk_name"
    fields[f"/organizations/{len(data['organizations'])}/url"] = "desk_url"
    fields[f"/organizations/{len(data['organizations'])}"] = "desk_name"
    data["organizations"].append(desk)
    scale = dict(state.scale_items())
    numbers = [v for v in scale.values() if v is not None]
    reviews: list[int] = []
    for i, c in enumerate(state.claims):
        if not any(getattr(c, n).strip() for n in ("text", "verdict", "explanation", "review_url", "new_name")):
            continue  # an empty block (the one left for a new claim)
        p = f"claims-{i}-"
        ci, ri = len(data["claims"]), len(data["reviews"])
        claim_id = c.claim_id or unique(slug(c.text, 28) or "claim", taken)
        taken.add(claim_id)
        claim: dict[str, Any] = {"id": claim_id}
        _put(claim, "text", c.text.strip() or None)
        claimant = c.claimant
        if claimant == NEW and c.new_name.strip():
            kind = "people" if c.new_kind == "person" else "organizations"
            claimant = unique(slug(c.new_name) or c.new_kind, taken)
            fields[f"/{kind}/{len(data[kind])}"] = p + "new_name"
            fields[f"/{kind}/{len(data[kind])}/name"] = p + "new_name"
            data[kind].append({"id": claimant, "name": c.new_name.strip()})
            state.agents.append(Agent(claimant, c.new_name.strip(), c.new_kind))
            c.claimant, c.new_name = claimant, ""
        _put(claim, "claimant", claimant if claimant != NEW else "")
        _put(claim, "date", c.date.strip())
        _put(claim, "appearances", [{"url": u} for u in c.appearances.split()])
        data["claims"].append(claim)
        for name in ("text", "claimant", "date"):
            fields[f"/claims/{ci}/{name}"] = p + name
        fields[f"/claims/{ci}/appearances"] = p + "appearances"
        fields[f"/claims/{ci}"] = p + "text"
        review_id = c.review_id or unique(f"review-{claim_id}", taken)
        taken.add(review_id)
        rating: dict[str, Any] = {}
        _put(rating, "label", c.verdict.strip() or None)
        value = scale.get(c.verdict.strip())
        if value is not None and numbers:
            rating.update(value=_number(value), best=_number(max(numbers)), worst=_number(min(numbers)))
        _put(rating, "explanation", c.explanation.strip())
        review: dict[str, Any] = {"id": review_id, "claim": claim_id, "reviewer": DESK, "rating": rating}
        _put(review, "url", c.review_url.strip())
        _put(review, "date", c.review_date.strip())
        _put(review, "headline", c.headline.strip())
        _put(review, "language", c.language.strip())
        data["reviews"].append(review)
        c.claim_id, c.review_id = claim_id, review_id
        for name, key in (("url", "review_url"), ("date", "review_date"), ("headline", "headline"),
                          ("language", "language"), ("rating", "verdict")):
            fields[f"/reviews/{ri}/{name}"] = p + key
        fields[f"/reviews/{ri}/rating/explanation"] = p + "explanation"
        fields[f"/reviews/{ri}"] = p + "verdict"
        reviews.append(i)
    if state.article_headline.strip() or state.article_url.strip():
        article: dict[str, Any] = {"id": "article"}
        _put(article, "headline", state.article_headline.strip() or None)
        _put(article, "url", state.article_url.strip())
        article["publisher"] = DESK
        article["claims"] = [c["id"] for c in data["claims"]]
        data["articles"] = [article]
        fields["/articles/0/headline"] = "article_headline"
        fields["/articles/0/url"] = "article_url"
        fields["/articles/0"] = "article_headline"
    for kind in ("people", "organizations", "claims", "reviews"):
        if not data[kind]:
            del data[kind]
    return Built(data, fields, reviews)


def from_document(doc: Any, file: str) -> FormState:
    """The form of a loaded Document (see :func:`represents` for whether it shows all of it)."""
    state = FormState(file=file, claims=[])
    desk = next((o for o in doc.organizations if o.id == DESK), None)
    if desk is None and doc.reviews:
        desk = next((o for o in doc.organizations if o.id == doc.reviews[0].reviewer), None)
    if desk is not None:
        state.desk_name, state.desk_url = desk.name, desk.url or ""
    state.agents = [Agent(p.id, p.name, "person") for p in doc.people]
    state.agents += [Agent(o.id, o.name, "organization") for o in doc.organizations if o is not desk]
    if doc.articles:
        state.article_headline = doc.articles[0].headline or ""
        state.article_url = doc.articles[0].url or ""
    scale: dict[str, float | None] = {}
    for review in doc.reviews:
        claim = next(c for c in doc.claims if c.id == review.claim)
        r = review.rating
        if r.label not in scale or r.value is not None:
            scale[r.label] = r.value
        state.claims.append(ClaimForm(
            text=claim.text, claimant=claim.claimant or "", date=claim.date or "",
            appearances="\n".join(a.url for a in claim.appearances if a.url), verdict=r.label,
            explanation=r.explanation or "", review_url=review.url or "", review_date=review.date or "",
            headline=review.headline or "", language=review.language or "", claim_id=claim.id, review_id=review.id))
    state.scale = "\n".join(f"{label} = {_number(v)}" if v is not None else label for label, v in scale.items())
    if not state.claims:
        state.claims.append(ClaimForm())
    return state


def represents(doc: Any, state: FormState) -> bool:
    """Whether saving the form would give back the document as it is (nothing the form does not
    show would be lost)."""
    from claimreview.schemas import Document

    try:
        again = Document.model_validate(to_document(state).data)
    except ValueError:
        return False
    return bool(again.model_dump(exclude_defaults=True) == doc.model_dump(exclude_defaults=True))


def place(findings: list[Diagnostic], built: Built) -> tuple[dict[str, list[Diagnostic]], list[Diagnostic]]:
    """Each finding at the form field its pointer names (the longest known prefix), the rest general."""
    by_field: dict[str, list[Diagnostic]] = {}
    general: list[Diagnostic] = []
    for d in findings:
        tokens = split_pointer(d.pointer) if d.pointer else []
        name = None
        while tokens and name is None:
            name = built.fields.get("/" + "/".join(tokens))
            tokens = tokens[:-1]
        if name is None:
            general.append(d)
        else:
            by_field.setdefault(name, []).append(d)
    return by_field, general


_LD_FIELDS = {
    "url": "review_url", "datePublished": "review_date", "claimReviewed": "text", "reviewRating": "verdict",
    "inLanguage": "language", "headline": "headline", "author": "desk", "itemReviewed": "text",
}
_LD_CLAIM = {"author": "claimant", "datePublished": "date", "appearance": "appearances",
             "firstAppearance": "appearances"}


def ld_field(pointer: str, claim_block: int) -> str:
    """The form field of a finding in one review's ClaimReview markup (``/itemReviewed/author``)."""
    tokens = split_pointer(pointer) if pointer else []
    if not tokens:
        return f"claims-{claim_block}-verdict"
    if tokens[0] == "author":
        return "desk_name"
    if tokens[0] == "itemReviewed" and len(tokens) > 1 and tokens[1] in _LD_CLAIM:
        return f"claims-{claim_block}-{_LD_CLAIM[tokens[1]]}"
    return f"claims-{claim_block}-{_LD_FIELDS.get(tokens[0], 'text')}"
