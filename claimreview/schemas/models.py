"""The claimreview model: a small database of entities that refer to each other by id.

A :class:`Document` holds flat collections of people, organizations, sanctions, articles,
claims and reviews. Field rules (types, URLs, dates, language tags) sit on the fields; rules
across entities (unknown or duplicate ids, a reference to the wrong kind, a rating off its
scale, a review dated before its claim) sit in one place, :func:`document_problems`, run by
the ``Document`` validator.

A reference is declared once, on its field, with a :class:`Ref` marker naming the collections
its id may be found in (``Annotated[EntityId | None, Ref(AGENTS, "claimant")]``). Everything
else reads that declaration through :func:`references`: the reference rules of
:func:`document_problems` and the CSV tables' foreign keys and ``claimreview:references``
(:mod:`claimreview.tables`). A new reference field needs nothing but its field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from claimreview.diagnostics import ERROR, Code
from claimreview.schemas.fields import (
    EntityId,
    FieldName,
    LanguageTag,
    NodeIri,
    NonEmptyStr,
    Number,
    OpenSanctionsId,
    PartialDate,
    Url,
    WikidataId,
    definitely_before,
)

MODEL_DUPLICATE_ID = Code("model.duplicate-id", ERROR, "Two entities share one id.")
MODEL_RATING_OUT_OF_SCALE = Code("model.rating-out-of-scale", ERROR, "A rating value outside worst..best.")
MODEL_RATING_SCALE = Code("model.rating-scale", ERROR, "A rating whose worst is not below its best.")
MODEL_REVIEW_BEFORE_CLAIM = Code("model.review-before-claim", ERROR, "A review dated before the claim it reviews.")
MODEL_SELF_REFERENCE = Code("model.self-reference", ERROR, "An organization named as its own parent.")
MODEL_UNKNOWN_ID = Code("model.unknown-id", ERROR, "A reference to an id no entity has.")
MODEL_WRONG_KIND = Code("model.wrong-kind", ERROR,
    "A reference to an entity of the wrong kind (a reviewer that is a claim, ...).")
MODEL_UNKNOWN_SOURCE_FIELD = Code("model.unknown-source-field", ERROR,
    "A source that names a field its entity does not have, or an item its list does not have "
    "(fields: [measures/3] of two measures): name the field the source backs.")

CODES: tuple[Code, ...] = (
    MODEL_DUPLICATE_ID,
    MODEL_RATING_OUT_OF_SCALE,
    MODEL_RATING_SCALE,
    MODEL_REVIEW_BEFORE_CLAIM,
    MODEL_SELF_REFERENCE,
    MODEL_UNKNOWN_ID,
    MODEL_WRONG_KIND,
    MODEL_UNKNOWN_SOURCE_FIELD,
)

FORMAT_VERSION: Literal["1"] = "1"

KINDS = ("people", "organizations", "sanctions", "articles", "claims", "reviews", "media_reviews")
"""The Document's collections, in order."""
AGENTS = ("people", "organizations")
"""Who can say, write, publish or review something."""


@dataclass(frozen=True)
class Ref:
    """On a field: its id (or each id of its list) names an entity of one of ``kinds``.

    Pydantic keeps the marker in the field's metadata and ignores it otherwise; the JSON Schema
    of the field stays an id."""

    kinds: tuple[str, ...]
    """The collections the referenced entity may be in."""
    role: str
    """What the referenced entity is to this one, as messages name it ("reviewer")."""
    not_self: bool = False
    """The entity may not name itself (an organization is not its own parent)."""

    def __post_init__(self) -> None:
        if not self.kinds or not set(self.kinds) <= set(KINDS):
            raise ValueError(f"Ref kinds must be among {', '.join(KINDS)}, not {self.kinds!r}")


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

    article: Annotated[EntityId | None, Ref(("articles",), "cited article")] = None
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


class Image(_Model):
    iri: NodeIri | None = None
    """The ImageObject's ``@id`` in the markup it was read from."""
    caption: NonEmptyStr | None = None
    credit: NonEmptyStr | None = None
    """Credit line as printed, e.g. "ALEXANDER ZEMLIANICHENKO/POOL/AFP via Getty Images"."""
    creators: Annotated[list[EntityId], Ref(AGENTS, "image creator")] = []
    """Ids of the photographer(s)."""
    providers: Annotated[list[EntityId], Ref(AGENTS, "image provider")] = []
    """Ids of the agencies that distributed it."""
    url: Url | None = None
    content_url: Url | None = None
    """The image file itself (schema.org ``contentUrl``), when the markup gives it beside ``url``."""
    width: int | None = Field(default=None, ge=1)
    """Width in pixels, when the markup gives it."""
    height: int | None = Field(default=None, ge=1)
    """Height in pixels, when the markup gives it."""


class Person(Entity):
    name: NonEmptyStr
    """Name as written in the source."""
    alternate_names: list[NonEmptyStr] = []
    """Other spellings, transliterations and names in other scripts."""
    job_title: NonEmptyStr | None = None
    """Role or title, e.g. "Foreign Minister of Ukraine"."""
    description: NonEmptyStr | None = None
    affiliations: Annotated[list[EntityId], Ref(("organizations",), "affiliation")] = []
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
    image: Image | None = None
    """A picture of the person (schema.org ``image``)."""

    iri: NodeIri | None = None
    """The node's ``@id`` in the markup it was read from (e.g. ``https://factcheck.afp.com/``), when it
    is not ``#<id>``: JSON-LD written from this document names the same node."""

class Organization(Entity):
    name: NonEmptyStr
    alternate_names: list[NonEmptyStr] = []
    kind: OrganizationKind | None = None
    description: NonEmptyStr | None = None
    country: NonEmptyStr | None = None
    parent: Annotated[EntityId | None, Ref(("organizations",), "parent organization", not_self=True)] = None
    """Id of the organization this one belongs to (a channel's broadcaster, a council's UN)."""
    url: Url | None = None
    same_as: list[Url] = []
    wikidata: WikidataId | None = None
    """Wikidata item, e.g. "Q42"; only one you have checked."""
    opensanctions: OpenSanctionsId | None = None
    """OpenSanctions entity id (a Wikidata QID or an "NK-" id); only one you have checked."""
    logo: Image | None = None
    """The organization's logo (schema.org ``logo``; Google shows a fact-checker's)."""
    image: Image | None = None
    """A picture of the organization (schema.org ``image``), when it is not the logo."""

    iri: NodeIri | None = None
    """The node's ``@id`` in the markup it was read from (e.g. ``https://factcheck.afp.com/``), when it
    is not ``#<id>``: JSON-LD written from this document names the same node."""

class Sanction(Entity):
    title: NonEmptyStr
    identifier: NonEmptyStr | None = None
    """Official symbol, e.g. "S/RES/2397 (2017)"."""
    kind: NonEmptyStr | None = None
    """What kind of instrument it is, e.g. "Security Council resolution"."""
    authority: Annotated[EntityId, Ref(("organizations",), "authority")]
    """Id of the organization that adopted it."""
    date_adopted: PartialDate | None = None
    targets: Annotated[list[EntityId], Ref(AGENTS, "target")] = []
    """Ids of the people or organizations it is directed at."""
    measures: list[NonEmptyStr] = []
    reason: NonEmptyStr | None = None
    status: NonEmptyStr | None = None
    url: Url | None = None
    same_as: list[Url] = []

    iri: NodeIri | None = None
    """The node's ``@id`` in the markup it was read from (e.g. ``https://factcheck.afp.com/``), when it
    is not ``#<id>``: JSON-LD written from this document names the same node."""

class Article(Entity):
    headline: NonEmptyStr
    url: Url | None = None
    date_published: PartialDate | None = None
    date_modified: PartialDate | None = None
    publisher: Annotated[EntityId | None, Ref(AGENTS, "publisher")] = None
    authors: Annotated[list[EntityId], Ref(AGENTS, "author")] = []
    label: NonEmptyStr | None = None
    """The article's own label of its content, e.g. "RUMOR"."""
    description: NonEmptyStr | None = None
    keywords: list[NonEmptyStr] = []
    language: LanguageTag | None = None
    image: Image | None = None
    cites: Annotated[list[EntityId], Ref(AGENTS, "cited outlet")] = []
    """Ids of the outlets the article cites (in files before provenance: ``sources``, a list of ids)."""
    about: Annotated[list[EntityId], Ref(KINDS, "subject")] = []
    claims: Annotated[list[EntityId], Ref(("claims",), "claim")] = []
    """Ids of the claims it reports."""
    name: NonEmptyStr | None = None
    """The article's name, when the markup gives one that differs from its headline."""
    main_entity_of_page: Url | None = None
    """The page the article is the main subject of (schema.org ``mainEntityOfPage``)."""
    iri: NodeIri | None = None
    """The node's ``@id`` in the markup it was read from (e.g. ``https://factcheck.afp.com/``), when it
    is not ``#<id>``: JSON-LD written from this document names the same node."""


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
    outlet: Annotated[EntityId | None, Ref(AGENTS, "outlet")] = None
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
    claimant: Annotated[EntityId | None, Ref(AGENTS, "claimant")] = None
    """Id of the person or organization who made it."""
    date: PartialDate | None = None
    appearances: list[Appearance] = []
    first_appearance: Appearance | None = None
    about: Annotated[list[EntityId], Ref(KINDS, "subject")] = []
    language: LanguageTag | None = None
    url: Url | None = None
    """Where the claim can be seen (schema.org ``url`` of the Claim; AFP's template puts the original
    post there)."""
    name: NonEmptyStr | None = None
    """The Claim's ``name``, as the markup gives it (often the claim's text again)."""

    iri: NodeIri | None = None
    """The node's ``@id`` in the markup it was read from (e.g. ``https://factcheck.afp.com/``), when it
    is not ``#<id>``: JSON-LD written from this document names the same node."""

class Rating(_Model):
    label: NonEmptyStr
    """The verdict in words, e.g. "False" or "Unproven"; always required."""
    value: Number | None = None
    best: Number | None = None
    worst: Number | None = None
    explanation: NonEmptyStr | None = None
    image: Url | None = None


class FeedItem(_Model):
    """The DataFeedItem a review was published in (a Data Commons or Google feed wraps each one)."""

    url: Url | None = None
    date_created: PartialDate | None = None
    date_modified: PartialDate | None = None


class Review(Entity):
    claim: Annotated[EntityId, Ref(("claims",), "reviewed claim")]
    reviewer: Annotated[EntityId, Ref(AGENTS, "reviewer")]
    """Id of the organization (or person) that reviewed the claim."""
    rating: Rating
    url: Url | None = None
    date: PartialDate | None = None
    date_modified: PartialDate | None = None
    headline: NonEmptyStr | None = None
    name: NonEmptyStr | None = None
    """The review's name (fact-checkers often give the article's title here rather than in headline)."""
    language: LanguageTag | None = None
    note: NonEmptyStr | None = None
    """Anything a reader should know about the review itself (e.g. that it is illustrative)."""
    claim_reviewed: list[NonEmptyStr] = []
    """``claimReviewed`` as the markup gives it, when that is not just the claim's text (several
    texts, or another wording); empty: the claim's text."""
    publisher: Annotated[EntityId | None, Ref(AGENTS, "publisher")] = None
    """Id of the organization that published the review, when the markup names one."""
    image: Image | None = None
    main_entity_of_page: Url | None = None
    """The page the review is the main subject of (schema.org ``mainEntityOfPage``)."""
    identifier: NonEmptyStr | None = None
    """The publisher's own identifier of the review, as text."""
    sd_license: Url | None = None
    """The licence of the structured data itself (schema.org ``sdLicense``)."""
    sd_publisher: Annotated[EntityId | None, Ref(AGENTS, "structured data publisher")] = None
    """Id of who published the structured data (``sdPublisher``), e.g. Google Fact Check Tools."""
    feed_item: FeedItem | None = None

    iri: NodeIri | None = None
    """The node's ``@id`` in the markup it was read from (e.g. ``https://factcheck.afp.com/``), when it
    is not ``#<id>``: JSON-LD written from this document names the same node."""

class MediaAuthenticity(StrEnum):
    """schema.org's MediaManipulationRatingEnumeration (release 30.0): how a media object was
    presented, in the context of how it was published or shared."""

    ORIGINAL = "OriginalMediaContent"
    DECONTEXTUALIZED = "DecontextualizedContent"
    EDITED_OR_CROPPED = "EditedOrCroppedContent"
    TRANSFORMED = "TransformedContent"
    STAGED = "StagedContent"
    SATIRE_OR_PARODY = "SatireOrParodyContent"


class MediaType(StrEnum):
    """The schema.org type of a reviewed media object (MediaObject and its image, video and audio
    subtypes, with schema.org's snapshots of an image or video as it appeared)."""

    MEDIA = "MediaObject"
    IMAGE = "ImageObject"
    IMAGE_SNAPSHOT = "ImageObjectSnapshot"
    VIDEO = "VideoObject"
    VIDEO_SNAPSHOT = "VideoObjectSnapshot"
    AUDIO = "AudioObject"


class MediaItem(_Model):
    """One appearance of the reviewed image, video or audio: where it was seen, as a file or a page."""

    type: MediaType = MediaType.MEDIA
    content_url: Url | None = None
    """The media file itself, or the post that carries it (schema.org ``contentUrl``)."""
    url: Url | None = None
    """A page about or carrying it."""
    archived_at: Url | None = None
    """An archived copy (schema.org ``archivedAt``)."""
    description: NonEmptyStr | None = None
    date: PartialDate | None = None
    """When it was published or uploaded."""
    outlet: Annotated[EntityId | None, Ref(AGENTS, "media outlet")] = None
    """Id of the organization or person that published it."""

    @model_validator(mode="after")
    def _says_what(self) -> MediaItem:
        if not (self.content_url or self.url or self.archived_at or self.description):
            raise ValueError("a media item needs at least a content_url, a url, an archived_at or a description")
        return self


class MediaReview(Entity):
    """A review of an image, video or audio clip: whether it was presented authentically
    (schema.org MediaReview), with the claims it was taken to make and the ClaimReviews beside it."""

    media: list[MediaItem]
    """Where the reviewed media appeared (at least one)."""
    authenticity: list[MediaAuthenticity]
    """The verdict: one or more of schema.org's media manipulation ratings."""
    reviewer: Annotated[EntityId | None, Ref(AGENTS, "reviewer")] = None
    """Id of the organization (or person) that reviewed the media."""
    media_creator: Annotated[EntityId | None, Ref(AGENTS, "media creator")] = None
    """Id of who made or first shared the media."""
    original_context: NonEmptyStr | None = None
    """What the media really shows, when it was presented out of context
    (schema.org ``originalMediaContextDescription``)."""
    original_media: Url | None = None
    """Where the original, unaltered media can be seen (schema.org ``originalMediaLink``)."""
    claims: Annotated[list[EntityId], Ref(("claims",), "claim the media was taken to make")] = []
    """Ids of the claims the media was interpreted as making (schema.org ``interpretedAsClaim``)."""
    claim_reviews: Annotated[list[EntityId], Ref(("reviews",), "associated ClaimReview")] = []
    """Ids of the reviews of claims about the same content (schema.org ``associatedClaimReview``; the
    reviews are written with ``associatedMediaReview`` back to this one)."""
    url: Url | None = None
    date: PartialDate | None = None
    headline: NonEmptyStr | None = None
    language: LanguageTag | None = None
    note: NonEmptyStr | None = None
    iri: NodeIri | None = None
    """The node's ``@id`` in the markup it was read from, when it is not ``#<id>``."""

    @model_validator(mode="after")
    def _has_media_and_verdict(self) -> MediaReview:
        if not self.media:
            raise ValueError("a media review needs at least one media item: where the image, video or audio was seen")
        if not self.authenticity:
            raise ValueError("a media review needs its verdict: at least one authenticity rating (e.g. "
                             "DecontextualizedContent)")
        return self


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
    media_reviews: list[MediaReview] = []
    """Reviews of images, videos and audio (schema.org MediaReview)."""

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

    model_config = ConfigDict(arbitrary_types_allowed=True)

    code: Code
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
                        code=MODEL_DUPLICATE_ID,
                        pointer=f"/{kind}/{i}/id",
                        message=f"id {entity.id!r} is already used by an entity in {kind_of[entity.id]}; "
                        "give each entity its own id",
                    )
                )
            else:
                kind_of[entity.id] = kind
    claim_dates = {c.id: c.date for c in doc.claims}
    for kind in KINDS:
        for i, entity in enumerate(getattr(doc, kind)):
            base = f"/{kind}/{i}"
            for pointer, ref, target in _references_in(entity, base):
                problems.extend(_reference_problems(pointer, ref, target, kind_of, entity.id, kind))
            problems.extend(_citation_problems(entity, base))
            if isinstance(entity, Review):
                problems.extend(_scale_problems(entity.rating, f"{base}/rating"))
                claim_date = claim_dates.get(entity.claim)
                if entity.date and claim_date and definitely_before(entity.date, claim_date):
                    problems.append(
                        Problem(
                            code=MODEL_REVIEW_BEFORE_CLAIM,
                            pointer=f"{base}/date",
                            message=f"the review is dated {entity.date}, before its claim ({claim_date}); "
                            "correct one of the two dates",
                        )
                    )
    return problems


@cache
def references(model: type[BaseModel]) -> dict[str, Ref]:
    """The reference fields of a model, by name, as their :class:`Ref` markers declare them."""
    return {name: meta for name, f in model.model_fields.items() for meta in f.metadata if isinstance(meta, Ref)}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes a field's type holds (``Image | None``: Image; ``list[Appearance]``: Appearance)."""
    if isinstance(annotation, type):
        return [annotation] if issubclass(annotation, BaseModel) else []
    if get_origin(annotation) in (list, Union, UnionType, Annotated):
        return [m for a in get_args(annotation) for m in _models_in(a)]
    return []


@cache
def _nested(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that hold models of their own (an article's image, a claim's
    appearances), whose references belong to the entity too."""
    return tuple(name for name, f in model.model_fields.items() if _models_in(f.annotation))


def model_classes(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model class reachable from ``model``'s fields, by name (the names of the JSON
    Schema's ``$defs``)."""
    found: dict[str, type[BaseModel]] = {}
    todo = [model]
    while todo:
        m = todo.pop()
        if m.__name__ not in found:
            found[m.__name__] = m
            todo.extend(sub for f in m.model_fields.values() for sub in _models_in(f.annotation))
    return found


def _references_in(obj: BaseModel, base: str) -> Iterator[tuple[str, Ref, str]]:
    """(pointer, ref, id) of every id an entity refers to, in field order, nested objects included."""
    model = type(obj)
    for name, ref in references(model).items():
        value = getattr(obj, name)
        if isinstance(value, list):
            for j, target in enumerate(value):
                yield f"{base}/{name}/{j}", ref, target
        elif value is not None:
            yield f"{base}/{name}", ref, value
    for name in _nested(model):
        value = getattr(obj, name)
        if isinstance(value, list):
            for j, child in enumerate(value):
                yield from _references_in(child, f"{base}/{name}/{j}")
        elif value is not None:
            yield from _references_in(value, f"{base}/{name}")


def _reference_problems(pointer: str, ref: Ref, target: str, kind_of: dict[str, str], own_id: str, own_kind: str,
                        ) -> list[Problem]:
    allowed = " or ".join(ref.kinds)
    found = kind_of.get(target)
    if found is None:
        return [Problem(code=MODEL_UNKNOWN_ID, pointer=pointer,
                        message=f"{ref.role} {target!r} is not the id of any entity in this document; "
                        f"add it to {allowed} or correct the id")]
    if found not in ref.kinds:
        return [Problem(code=MODEL_WRONG_KIND, pointer=pointer,
                        message=f"{ref.role} {target!r} is in {found}, but must be in {allowed}")]
    if ref.not_self and target == own_id and found == own_kind:
        return [Problem(code=MODEL_SELF_REFERENCE, pointer=pointer,
                        message=f"{ref.role} {target!r} is this entity itself: name another one, or leave the "
                        "field out")]
    return []


def _citation_problems(entity: Entity, base: str) -> list[Problem]:
    """Each field a citation names is a field of its entity (and an item it names exists)."""
    out: list[Problem] = []
    names = set(type(entity).model_fields) - {"id", "sources"}
    for j, c in enumerate(entity.sources):
        for k, spec in enumerate(c.fields):
            name, _, index = spec.partition("/")
            where = f"{base}/sources/{j}/fields/{k}"
            if name not in names:
                out.append(Problem(code=MODEL_UNKNOWN_SOURCE_FIELD, pointer=where,
                                   message=f"{name!r} is not a field of {type(entity).__name__}; name one of "
                                   f"{', '.join(sorted(names))}"))
            elif index:
                value = getattr(entity, name)
                if not isinstance(value, list) or int(index) >= len(value):
                    size = f"has {len(value)} items" if isinstance(value, list) else "is not a list"
                    out.append(Problem(code=MODEL_UNKNOWN_SOURCE_FIELD, pointer=where,
                                       message=f"{spec!r} names no item: {name} {size} (items count from 0)"))
    return out


def _scale_problems(rating: Rating, pointer: str) -> list[Problem]:
    out: list[Problem] = []
    if rating.worst is not None and rating.best is not None and not rating.worst < rating.best:
        out.append(
            Problem(code=MODEL_RATING_SCALE, pointer=f"{pointer}/worst",
                    message=f"worst ({rating.worst:g}) must be below best ({rating.best:g})")
        )
    elif rating.value is not None:
        if rating.worst is not None and rating.value < rating.worst:
            out.append(
                Problem(code=MODEL_RATING_OUT_OF_SCALE, pointer=f"{pointer}/value",
                        message=f"value {rating.value:g} is below worst ({rating.worst:g})")
            )
        if rating.best is not None and rating.value > rating.best:
            out.append(
                Problem(code=MODEL_RATING_OUT_OF_SCALE, pointer=f"{pointer}/value",
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
