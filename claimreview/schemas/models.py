"""The claimreview model: a small database of entities that refer to each other by id.

A :class:`Document` holds flat collections of people, organizations, sanctions, articles,
claims and reviews. Field rules (types, URLs, dates, language tags) sit on the fields; rules
across entities (unknown or duplicate ids, a reference to the wrong kind, a rating off its
scale, a review dated before its claim) sit in one place, :func:`document_problems`, run by
the ``Document`` validator.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from claimreview.schemas._types import (
    EntityId,
    FieldName,
    LanguageTag,
    NonEmptyStr,
    Number,
    OpenSanctionsId,
    PartialDate,
    Url,
    WikidataId,
    definitely_before,
)

FORMAT_VERSION: Literal["1"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        allow_inf_nan=False,
    )


class Citation(_Model):
    """Where a fact comes from: an article of this document (with its words), another document
    (by its identifier), or neither because it is an inference (with the reasoning).

    Exactly one of ``article``, ``document`` and ``inferred``. A citation backs the fields it
    names in ``fields``, or, when ``fields`` is empty, everything its entity says."""

    article: EntityId | None = None
    """Id of an article in this document that states the fact."""
    document: NonEmptyStr | None = None
    """Identifier of another document, e.g. its official symbol "S/RES/2397 (2017)"."""
    inferred: NonEmptyStr | None = None
    """Not stated by any source: the reasoning that led to the value (e.g. "the article calls
    Rossiya 1 a channel")."""
    quote: NonEmptyStr | None = None
    """The source's own words, verbatim (for an article, tests check they occur in its text)."""
    paragraph: int | None = Field(default=None, ge=1)
    """Paragraph of the source, counted from 1, where the words are."""
    url: Url | None = None
    """Where the document can be read, when known (an article's URL is on the article)."""
    fields: list[FieldName] = []
    """The fields of the entity this citation backs; empty: the entity as a whole."""

    @model_validator(mode="after")
    def _one_kind(self) -> Citation:
        kinds = [k for k in ("article", "document", "inferred") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("a source names exactly one of article (an article of this document), document "
                             f"(another document's identifier) or inferred (the reasoning); this one has "
                             f"{' and '.join(kinds) or 'none'}")
        if self.inferred is not None and (self.quote or self.paragraph or self.url):
            raise ValueError("an inference has no quote, paragraph or url: cite the words it rests on in a "
                             "source of its own")
        if self.article is not None and self.url is not None:
            raise ValueError("an article's URL belongs on the article, not on the source that cites it")
        return self


class Entity(_Model):
    id: EntityId
    """Stable id, unique across the document; other entities refer to this one by it."""
    sources: list[Citation] = []
    """Where what this entity says comes from: articles (with their words), other documents,
    or inferences marked as such."""


class OrganizationKind(StrEnum):
    NEWS_AGENCY = "news-agency"
    NEWSPAPER = "newspaper"
    BROADCASTER = "broadcaster"
    TV_CHANNEL = "tv-channel"
    NEWS_WEBSITE = "news-website"
    MAGAZINE = "magazine"
    PERIODICAL = "periodical"
    PHOTO_AGENCY = "photo-agency"
    FACT_CHECKER = "fact-checker"
    GOVERNMENT = "government"
    GOVERNMENT_AGENCY = "government-agency"
    INTERGOVERNMENTAL = "intergovernmental-organization"
    POLITICAL_ENTITY = "political-entity"
    MILITARY = "military"
    COMPANY = "company"
    NGO = "ngo"
    OTHER = "other"


class Person(Entity):
    name: NonEmptyStr
    """Name as written in the source."""
    alternate_names: list[NonEmptyStr] = []
    """Other spellings, transliterations and names in other scripts."""
    job_title: NonEmptyStr | None = None
    """Role or title, e.g. "Foreign Minister of Ukraine"."""
    description: NonEmptyStr | None = None
    affiliations: list[EntityId] = []
    """Ids of organizations the person belongs to or speaks for."""
    nationality: NonEmptyStr | None = None
    """Country, as a name or an ISO 3166 code."""
    url: Url | None = None
    same_as: list[Url] = []
    """Pages that identify the same person (Wikidata, Wikipedia, an official page)."""
    wikidata: WikidataId | None = None
    """Wikidata item, e.g. "Q42"; only one you have checked."""
    opensanctions: OpenSanctionsId | None = None
    """OpenSanctions entity id (a Wikidata QID or an "NK-" id); only one you have checked."""


class Organization(Entity):
    name: NonEmptyStr
    alternate_names: list[NonEmptyStr] = []
    kind: OrganizationKind | None = None
    description: NonEmptyStr | None = None
    country: NonEmptyStr | None = None
    parent: EntityId | None = None
    """Id of the organization this one belongs to (a channel's broadcaster, a council's UN)."""
    url: Url | None = None
    same_as: list[Url] = []
    wikidata: WikidataId | None = None
    """Wikidata item, e.g. "Q42"; only one you have checked."""
    opensanctions: OpenSanctionsId | None = None
    """OpenSanctions entity id (a Wikidata QID or an "NK-" id); only one you have checked."""


class Sanction(Entity):
    title: NonEmptyStr
    identifier: NonEmptyStr | None = None
    """Official symbol, e.g. "S/RES/2397 (2017)"."""
    kind: NonEmptyStr | None = None
    """What kind of instrument it is, e.g. "Security Council resolution"."""
    authority: EntityId
    """Id of the organization that adopted it."""
    date_adopted: PartialDate | None = None
    targets: list[EntityId] = []
    """Ids of the people or organizations it is directed at."""
    measures: list[NonEmptyStr] = []
    reason: NonEmptyStr | None = None
    status: NonEmptyStr | None = None
    url: Url | None = None
    same_as: list[Url] = []


class Image(_Model):
    caption: NonEmptyStr | None = None
    credit: NonEmptyStr | None = None
    """Credit line as printed, e.g. "ALEXANDER ZEMLIANICHENKO/POOL/AFP via Getty Images"."""
    creators: list[EntityId] = []
    """Ids of the photographer(s)."""
    providers: list[EntityId] = []
    """Ids of the agencies that distributed it."""
    url: Url | None = None


class Article(Entity):
    headline: NonEmptyStr
    url: Url | None = None
    date_published: PartialDate | None = None
    date_modified: PartialDate | None = None
    publisher: EntityId | None = None
    authors: list[EntityId] = []
    label: NonEmptyStr | None = None
    """The article's own label of its content, e.g. "RUMOR"."""
    description: NonEmptyStr | None = None
    keywords: list[NonEmptyStr] = []
    language: LanguageTag | None = None
    image: Image | None = None
    cites: list[EntityId] = []
    """Ids of the outlets the article cites (in files before provenance: ``sources``, a list of ids)."""
    about: list[EntityId] = []
    claims: list[EntityId] = []
    """Ids of the claims it reports."""


    @model_validator(mode="before")
    @classmethod
    def _outlets_were_sources(cls, data: Any) -> Any:
        # Before sources were citations, an article's "sources" were the ids of the outlets it cites.
        if isinstance(data, dict) and "cites" not in data:
            old = data.get("sources")
            if isinstance(old, list) and old and all(isinstance(x, str) for x in old):
                data = {**data, "cites": old}
                del data["sources"]
        return data


class Appearance(_Model):
    """A place where the claim was published or said."""

    url: Url | None = None
    outlet: EntityId | None = None
    """Id of the organization that published or broadcast it."""
    date: PartialDate | None = None
    description: NonEmptyStr | None = None

    @model_validator(mode="after")
    def _says_where(self) -> Appearance:
        if self.url is None and self.outlet is None and self.description is None:
            raise ValueError("an appearance needs at least a url, an outlet or a description")
        return self


class Claim(Entity):
    text: NonEmptyStr
    """The claim as stated or closely paraphrased."""
    claimant: EntityId | None = None
    """Id of the person or organization who made it."""
    date: PartialDate | None = None
    appearances: list[Appearance] = []
    first_appearance: Appearance | None = None
    about: list[EntityId] = []
    language: LanguageTag | None = None


class Rating(_Model):
    label: NonEmptyStr
    """The verdict in words, e.g. "False" or "Unproven"; always required."""
    value: Number | None = None
    best: Number | None = None
    worst: Number | None = None
    explanation: NonEmptyStr | None = None
    image: Url | None = None


class Review(Entity):
    claim: EntityId
    reviewer: EntityId
    """Id of the organization (or person) that reviewed the claim."""
    rating: Rating
    url: Url | None = None
    date: PartialDate | None = None
    headline: NonEmptyStr | None = None
    language: LanguageTag | None = None
    note: NonEmptyStr | None = None
    """Anything a reader should know about the review itself (e.g. that it is illustrative)."""


KINDS = ("people", "organizations", "sanctions", "articles", "claims", "reviews")


class Document(_Model):
    """A claimreview document: everything one article, feed or desk knows, as flat collections."""

    claimreview: Literal["1"] = FORMAT_VERSION
    """Version of the claimreview file format."""
    people: list[Person] = []
    organizations: list[Organization] = []
    sanctions: list[Sanction] = []
    articles: list[Article] = []
    claims: list[Claim] = []
    reviews: list[Review] = []

    @model_validator(mode="after")
    def _cross_entity_rules(self, info: ValidationInfo) -> Document:
        problems = document_problems(self)
        sink = info.context.get("problems") if isinstance(info.context, dict) else None
        if sink is not None:
            sink.extend(problems)
        elif problems:
            raise ValueError("; ".join(f"{p.pointer}: {p.message}" for p in problems[:5]))
        return self

    def entities(self) -> dict[str, Entity]:
        return {e.id: e for kind in KINDS for e in getattr(self, kind)}


class Problem(BaseModel):
    """A rule across entities broken, before it becomes a Diagnostic."""

    code: str
    pointer: str
    message: str


def document_problems(doc: Document) -> list[Problem]:
    """Every rule that spans entities: ids, references and their kinds, scales, date order."""
    problems: list[Problem] = []
    kind_of: dict[str, str] = {}
    for kind in KINDS:
        for i, entity in enumerate(getattr(doc, kind)):
            if entity.id in kind_of:
                problems.append(
                    Problem(
                        code="model.duplicate-id",
                        pointer=f"/{kind}/{i}/id",
                        message=f"id {entity.id!r} is already used by an entity in {kind_of[entity.id]}; "
                        "give each entity its own id",
                    )
                )
            else:
                kind_of[entity.id] = kind

    def ref(pointer: str, target: str | None, allowed: tuple[str, ...], role: str) -> None:
        if target is None:
            return
        found = kind_of.get(target)
        if found is None:
            problems.append(
                Problem(
                    code="model.unknown-id",
                    pointer=pointer,
                    message=f"{role} {target!r} is not the id of any entity in this document; "
                    f"add it to {' or '.join(allowed)} or correct the id",
                )
            )
        elif found not in allowed:
            problems.append(
                Problem(
                    code="model.wrong-kind",
                    pointer=pointer,
                    message=f"{role} {target!r} is in {found}, but must be in {' or '.join(allowed)}",
                )
            )

    agents = ("people", "organizations")
    anything = KINDS
    for i, p in enumerate(doc.people):
        for j, org in enumerate(p.affiliations):
            ref(f"/people/{i}/affiliations/{j}", org, ("organizations",), "affiliation")
    for i, o in enumerate(doc.organizations):
        ref(f"/organizations/{i}/parent", o.parent, ("organizations",), "parent organization")
        if o.parent == o.id:
            problems.append(
                Problem(code="model.self-reference", pointer=f"/organizations/{i}/parent",
                        message="an organization cannot be its own parent")
            )
    for i, s in enumerate(doc.sanctions):
        ref(f"/sanctions/{i}/authority", s.authority, ("organizations",), "authority")
        for j, t in enumerate(s.targets):
            ref(f"/sanctions/{i}/targets/{j}", t, agents, "target")
    for i, a in enumerate(doc.articles):
        base = f"/articles/{i}"
        ref(f"{base}/publisher", a.publisher, agents, "publisher")
        for j, x in enumerate(a.authors):
            ref(f"{base}/authors/{j}", x, agents, "author")
        for j, x in enumerate(a.cites):
            ref(f"{base}/cites/{j}", x, agents, "cited outlet")
        for j, x in enumerate(a.about):
            ref(f"{base}/about/{j}", x, anything, "subject")
        for j, x in enumerate(a.claims):
            ref(f"{base}/claims/{j}", x, ("claims",), "claim")
        if a.image is not None:
            for j, x in enumerate(a.image.creators):
                ref(f"{base}/image/creators/{j}", x, agents, "image creator")
            for j, x in enumerate(a.image.providers):
                ref(f"{base}/image/providers/{j}", x, agents, "image provider")
    claim_dates: dict[str, str | None] = {}
    for i, c in enumerate(doc.claims):
        base = f"/claims/{i}"
        claim_dates[c.id] = c.date
        ref(f"{base}/claimant", c.claimant, agents, "claimant")
        for j, x in enumerate(c.about):
            ref(f"{base}/about/{j}", x, anything, "subject")
        appearances = [(f"{base}/appearances/{j}", ap) for j, ap in enumerate(c.appearances)]
        if c.first_appearance is not None:
            appearances.append((f"{base}/first_appearance", c.first_appearance))
        for pointer, ap in appearances:
            ref(f"{pointer}/outlet", ap.outlet, agents, "outlet")
    for kind in KINDS:
        for i, entity in enumerate(getattr(doc, kind)):
            problems.extend(_citation_problems(entity, f"/{kind}/{i}", ref))
    for i, r in enumerate(doc.reviews):
        base = f"/reviews/{i}"
        ref(f"{base}/claim", r.claim, ("claims",), "reviewed claim")
        ref(f"{base}/reviewer", r.reviewer, agents, "reviewer")
        problems.extend(_scale_problems(r.rating, f"{base}/rating"))
        claim_date = claim_dates.get(r.claim)
        if r.date and claim_date and definitely_before(r.date, claim_date):
            problems.append(
                Problem(
                    code="model.review-before-claim",
                    pointer=f"{base}/date",
                    message=f"the review is dated {r.date}, before its claim ({claim_date}); "
                    "correct one of the two dates",
                )
            )
    return problems


def _citation_problems(entity: Entity, base: str, ref: Any) -> list[Problem]:
    out: list[Problem] = []
    names = set(type(entity).model_fields) - {"id", "sources"}
    for j, c in enumerate(entity.sources):
        ref(f"{base}/sources/{j}/article", c.article, ("articles",), "cited article")
        for k, spec in enumerate(c.fields):
            name, _, index = spec.partition("/")
            where = f"{base}/sources/{j}/fields/{k}"
            if name not in names:
                out.append(Problem(code="model.unknown-field", pointer=where,
                                   message=f"{name!r} is not a field of {type(entity).__name__}; name one of "
                                   f"{', '.join(sorted(names))}"))
            elif index:
                value = getattr(entity, name)
                if not isinstance(value, list) or int(index) >= len(value):
                    size = f"has {len(value)} items" if isinstance(value, list) else "is not a list"
                    out.append(Problem(code="model.unknown-field", pointer=where,
                                       message=f"{spec!r} names no item: {name} {size} (items count from 0)"))
    return out


def _scale_problems(rating: Rating, pointer: str) -> list[Problem]:
    out: list[Problem] = []
    if rating.worst is not None and rating.best is not None and not rating.worst < rating.best:
        out.append(
            Problem(code="model.rating-scale", pointer=f"{pointer}/worst",
                    message=f"worst ({rating.worst:g}) must be below best ({rating.best:g})")
        )
    elif rating.value is not None:
        if rating.worst is not None and rating.value < rating.worst:
            out.append(
                Problem(code="model.rating-out-of-scale", pointer=f"{pointer}/value",
                        message=f"value {rating.value:g} is below worst ({rating.worst:g})")
            )
        if rating.best is not None and rating.value > rating.best:
            out.append(
                Problem(code="model.rating-out-of-scale", pointer=f"{pointer}/value",
                        message=f"value {rating.value:g} is above best ({rating.best:g})")
            )
    return out


def document_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a claimreview file, as generated from the models."""
    schema = Document.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:claimreview:schema:document",
        "title": "claimreview document",
        **schema,
    }
