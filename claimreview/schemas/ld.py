"""The JSON-LD view: small models of the schema.org nodes claimreview writes.

These are an export view, not a second source of truth: ``claimreview.exporters.jsonld`` builds
them from a :class:`~claimreview.schemas.Document`, and ``claimreview/schemas/json/claimreview.schema.json``
is generated from :class:`ClaimReviewLD`. Python fields are snake_case; the schema.org spellings
and the ``@``-keywords are aliases (``validate_by_name``, ``serialize_by_alias``). ``@context``
sits on a root only (:class:`GraphLD`, or a self-contained :class:`ClaimReviewLD`); a link to
another node is ``{"@id": ...}`` (:class:`Link`).

Dump with ``model_dump(mode="json", exclude_none=True)``: absent values and empty lists are
``None`` and so never written. Every property used is defined by schema.org for the node's type
or one of its supertypes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue, SkipJsonSchema
from pydantic_core import CoreSchema, core_schema

from claimreview import schemaorg
from claimreview.pointer import escape_token
from claimreview.schemas.fields import (
    BCP47_PATTERN,
    DATE_PATTERN,
    LanguageTag,
    NonEmptyStr,
    Number,
    PartialDate,
    Url,
)

SCHEMA_ORG = "https://schema.org"
"""The context every output names (the https form, as schema.org and Google write it)."""

KIND_IRI = "urn:claimreview:organization-kind:"
"""``additionalType`` base that carries an organization's claimreview kind (``<base><kind>``)."""

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
"""A Wikidata item's concept URI (Q42 -> http://www.wikidata.org/entity/Q42), as sameAs."""
OPENSANCTIONS_ENTITY = "https://www.opensanctions.org/entities/"
"""An OpenSanctions entity's page (NK-... -> https://www.opensanctions.org/entities/NK-.../), as sameAs."""


def id_uris(wikidata: str | None, opensanctions: str | None) -> list[str]:
    """The sameAs URIs of a person's or organization's Wikidata and OpenSanctions ids."""
    out = [f"{WIKIDATA_ENTITY}{wikidata}"] if wikidata else []
    return out + ([f"{OPENSANCTIONS_ENTITY}{opensanctions}/"] if opensanctions else [])


def id_of_uri(uri: str) -> list[tuple[str, str]]:
    """``[("wikidata", "Q42")]`` for a URI :func:`id_uris` writes (well-formed ids only), else ``[]``."""
    import re

    if uri.startswith(WIKIDATA_ENTITY) and re.fullmatch(r"Q[1-9][0-9]{0,18}", uri[len(WIKIDATA_ENTITY):]):
        return [("wikidata", uri[len(WIKIDATA_ENTITY):])]
    rest = uri[len(OPENSANCTIONS_ENTITY):]
    if uri.startswith(OPENSANCTIONS_ENTITY) and re.fullmatch(r"(?:Q[1-9][0-9]*|NK-[A-Za-z0-9]{4,40})/", rest):
        return [("opensanctions", rest[:-1])]
    return []

ORGANIZATION_TYPES = (
    "Organization",
    "NewsMediaOrganization",
    "GovernmentOrganization",
    "Corporation",
    "NGO",
)
"""The schema.org types an organization is written as (the most specific one that fits its kind)."""

OrganizationType = Literal["Organization", "NewsMediaOrganization", "GovernmentOrganization", "Corporation", "NGO"]

NumericText = Annotated[
    str,
    StringConstraints(pattern=r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"),
    Field(description="A number written as text (Google reads these as numbers)"),
]
RatingNumber = Annotated[Number | NumericText, Field(description="A number (claimreview writes numbers)")]
TypeIri = Annotated[str, StringConstraints(pattern=r"^(https?://\S+|urn:[a-z0-9][a-z0-9-]*:\S+)$")]
"""An http(s) IRI, or a URN such as claimreview's ``urn:claimreview:organization-kind:news-agency``."""
TypeName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*$"),
                     Field(description="A schema.org type name")]


class LDNode(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        use_attribute_docstrings=True,
    )


class Link(LDNode):
    """A reference to a node defined elsewhere in the same output."""

    id: str = Field(alias="@id", min_length=1)


class CountryLD(LDNode):
    type_: Literal["Country"] = Field("Country", alias="@type")
    name: NonEmptyStr


class _Thing(LDNode):
    """Fields every claimreview node may carry; ``@type`` comes first in each subclass."""

    type_: str = Field(alias="@type")
    id: str | None = Field(None, alias="@id")


class WebPageLD(LDNode):
    """The page a node is the main entity of, by its URL."""

    type_: Literal["WebPage"] = Field("WebPage", alias="@type")
    id: Url = Field(alias="@id")


class ImageObjectLD(LDNode):
    type_: Literal["ImageObject"] = Field("ImageObject", alias="@type")
    id: str | None = Field(None, alias="@id")
    url: Url | None = None
    content_url: Url | None = Field(None, alias="contentUrl")
    caption: NonEmptyStr | None = None
    credit_text: NonEmptyStr | None = Field(None, alias="creditText")
    creator: list[Agent] | None = None
    provider: list[Agent] | None = None
    width: int | str | None = None
    """Pixels (claimreview writes a number; markup also gives "165", or "")."""
    height: int | str | None = None


class PersonLD(_Thing):
    type_: Literal["Person"] = Field("Person", alias="@type")
    name: NonEmptyStr
    alternate_name: list[NonEmptyStr] | None = Field(None, alias="alternateName")
    job_title: NonEmptyStr | None = Field(None, alias="jobTitle")
    description: NonEmptyStr | None = None
    affiliation: list[Link | OrganizationLD] | None = None
    nationality: CountryLD | None = None
    url: Url | None = None
    same_as: list[Url] | None = Field(None, alias="sameAs")
    image: ImageObjectLD | None = None


class OrganizationLD(_Thing):
    type_: OrganizationType = Field("Organization", alias="@type")
    additional_type: TypeIri | None = Field(None, alias="additionalType")
    """claimreview's kind of organization, as ``KIND_IRI + kind`` (a URN: claimreview owns no domain to
    mint http IRIs under), or a third party's http(s) IRI."""
    name: NonEmptyStr
    alternate_name: list[NonEmptyStr] | None = Field(None, alias="alternateName")
    description: NonEmptyStr | None = None
    location: CountryLD | None = None
    """The organization's country."""
    parent_organization: Link | OrganizationLD | None = Field(None, alias="parentOrganization")
    url: Url | None = None
    same_as: list[Url] | None = Field(None, alias="sameAs")
    logo: ImageObjectLD | None = None
    image: ImageObjectLD | None = None


Agent = Link | PersonLD | OrganizationLD


class LegislationLD(_Thing):
    """A sanction: a resolution, law or order, with who passed it and whom it targets."""

    type_: Literal["Legislation"] = Field("Legislation", alias="@type")
    name: NonEmptyStr
    legislation_identifier: NonEmptyStr | None = Field(None, alias="legislationIdentifier")
    legislation_type: NonEmptyStr | None = Field(None, alias="legislationType")
    legislation_date: PartialDate | None = Field(None, alias="legislationDate")
    legislation_passed_by: Agent | None = Field(None, alias="legislationPassedBy")
    about: list[Agent] | None = None
    """The people and organizations it targets."""
    abstract: list[NonEmptyStr] | None = None
    """Its measures, one per item."""
    description: NonEmptyStr | None = None
    """Why it was adopted."""
    creative_work_status: NonEmptyStr | None = Field(None, alias="creativeWorkStatus")
    url: Url | None = None
    same_as: list[Url] | None = Field(None, alias="sameAs")


class NewsArticleLD(_Thing):
    type_: Literal["NewsArticle"] = Field("NewsArticle", alias="@type")
    headline: NonEmptyStr
    name: NonEmptyStr | None = None
    url: Url | None = None
    main_entity_of_page: WebPageLD | None = Field(None, alias="mainEntityOfPage")
    date_published: PartialDate | None = Field(None, alias="datePublished")
    date_modified: PartialDate | None = Field(None, alias="dateModified")
    publisher: Agent | None = None
    author: list[Agent] | None = None
    genre: NonEmptyStr | None = None
    """The article's own label of its content, e.g. RUMOR."""
    description: NonEmptyStr | None = None
    keywords: list[NonEmptyStr] | None = None
    in_language: LanguageTag | None = Field(None, alias="inLanguage")
    image: ImageObjectLD | None = None
    about: list[Link] | None = None
    mentions: list[Link] | None = None
    """The outlets it cites and the claims it reports."""


class CreativeWorkLD(LDNode):
    """Where a claim appeared: a page, a broadcast, a post."""

    type_: TypeName = Field("CreativeWork", alias="@type")
    url: Url | None = None
    publisher: Agent | None = None
    date_published: PartialDate | None = Field(None, alias="datePublished")
    description: NonEmptyStr | None = None


class ClaimLD(_Thing):
    type_: Literal["Claim"] = Field("Claim", alias="@type")
    text: NonEmptyStr | None = None
    """The claim; in a self-contained ClaimReview it is the review's ``claimReviewed``."""
    name: NonEmptyStr | None = None
    url: Url | None = None
    author: Agent | None = None
    date_published: PartialDate | None = Field(None, alias="datePublished")
    appearance: list[CreativeWorkLD] | None = None
    first_appearance: CreativeWorkLD | None = Field(None, alias="firstAppearance")
    about: list[Link | PersonLD | OrganizationLD | LegislationLD | NewsArticleLD | ClaimLD] | None = None
    in_language: LanguageTag | None = Field(None, alias="inLanguage")


class RatingLD(LDNode):
    type_: Literal["Rating"] = Field("Rating", alias="@type")
    alternate_name: NonEmptyStr = Field(alias="alternateName")
    """The verdict in words; always written."""
    rating_value: RatingNumber | None = Field(None, alias="ratingValue")
    best_rating: RatingNumber | None = Field(None, alias="bestRating")
    worst_rating: RatingNumber | None = Field(None, alias="worstRating")
    rating_explanation: NonEmptyStr | None = Field(None, alias="ratingExplanation")
    image: Url | None = None


class ClaimReviewLD(LDNode):
    context: str | None = Field(None, alias="@context")
    """Only on a self-contained ClaimReview (the ``claimreview`` profile)."""
    type_: Literal["ClaimReview"] = Field("ClaimReview", alias="@type")
    id: str | None = Field(None, alias="@id")
    url: Url | None = None
    date_published: PartialDate | None = Field(None, alias="datePublished")
    date_modified: PartialDate | None = Field(None, alias="dateModified")
    headline: NonEmptyStr | None = None
    name: NonEmptyStr | None = None
    in_language: LanguageTag | None = Field(None, alias="inLanguage")
    description: NonEmptyStr | None = None
    """A note on the review itself."""
    claim_reviewed: NonEmptyStr | list[NonEmptyStr] = Field(alias="claimReviewed")
    """The claim's text; several texts when the markup read gave several."""
    author: Agent | None = None
    publisher: Agent | None = None
    item_reviewed: Link | ClaimLD | None = Field(None, alias="itemReviewed")
    review_rating: RatingLD = Field(alias="reviewRating")
    image: ImageObjectLD | None = None
    main_entity_of_page: WebPageLD | None = Field(None, alias="mainEntityOfPage")
    identifier: NonEmptyStr | None = None
    sd_license: Url | None = Field(None, alias="sdLicense")
    sd_publisher: Agent | None = Field(None, alias="sdPublisher")
    associated_media_review: SkipJsonSchema[list[Link] | None] = Field(None, alias="associatedMediaReview")
    """The MediaReviews of the same content (links: each is a node of its own). Left out of the
    profile's JSON Schema: third-party markup may nest the MediaReview itself here, and the
    MediaReview rules judge it."""


class DataFeedItemLD(_Thing):
    """The feed item a review was published in (graph profile only)."""

    type_: Literal["DataFeedItem"] = Field("DataFeedItem", alias="@type")
    url: Url | None = None
    date_created: PartialDate | None = Field(None, alias="dateCreated")
    date_modified: PartialDate | None = Field(None, alias="dateModified")
    item: Link


MediaObjectTypeName = Literal["MediaObject", "ImageObject", "ImageObjectSnapshot", "VideoObject", "VideoObjectSnapshot",
                              "AudioObject"]


class MediaObjectLD(LDNode):
    """One appearance of a reviewed image, video or audio clip."""

    type_: MediaObjectTypeName = Field("MediaObject", alias="@type")
    content_url: Url | None = Field(None, alias="contentUrl")
    url: Url | None = None
    archived_at: Url | None = Field(None, alias="archivedAt")
    description: NonEmptyStr | None = None
    date_published: PartialDate | None = Field(None, alias="datePublished")
    publisher: Agent | None = None


class MediaReviewItemLD(LDNode):
    """What a MediaReview reviews: the media's appearances, who made it, what it was taken to claim."""

    type_: Literal["MediaReviewItem"] = Field("MediaReviewItem", alias="@type")
    media_item_appearance: list[MediaObjectLD] = Field(alias="mediaItemAppearance")
    creator: Agent | None = None
    interpreted_as_claim: list[Link | ClaimLD] | None = Field(None, alias="interpretedAsClaim")


MediaAuthenticityName = Literal["OriginalMediaContent", "DecontextualizedContent", "EditedOrCroppedContent",
                                "TransformedContent", "StagedContent", "SatireOrParodyContent"]


class MediaReviewLD(LDNode):
    context: str | None = Field(None, alias="@context")
    """Only on a self-contained MediaReview (the ``claimreview`` profile)."""
    type_: Literal["MediaReview"] = Field("MediaReview", alias="@type")
    id: str | None = Field(None, alias="@id")
    url: Url | None = None
    date_published: PartialDate | None = Field(None, alias="datePublished")
    headline: NonEmptyStr | None = None
    in_language: LanguageTag | None = Field(None, alias="inLanguage")
    description: NonEmptyStr | None = None
    author: Agent | None = None
    media_authenticity_category: list[MediaAuthenticityName] = Field(alias="mediaAuthenticityCategory")
    """The verdict, as schema.org's example writes it: the enumeration members' names."""
    original_media_context_description: NonEmptyStr | None = Field(None, alias="originalMediaContextDescription")
    original_media_link: Url | None = Field(None, alias="originalMediaLink")
    item_reviewed: MediaReviewItemLD = Field(alias="itemReviewed")
    associated_claim_review: list[Link] | None = Field(None, alias="associatedClaimReview")


GraphNode = (NewsArticleLD | ClaimReviewLD | MediaReviewLD | ClaimLD | PersonLD | OrganizationLD | LegislationLD
             | DataFeedItemLD)


class GraphLD(LDNode):
    context: str = Field(SCHEMA_ORG, alias="@context")
    graph: list[GraphNode] = Field(alias="@graph")


class _OutputSchema(GenerateJsonSchema):
    """Serialization-mode schema of what claimreview writes: absent values are left out (never
    ``null``), and a field is required when it has no default or is the node's ``@type``."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        out = self.generate_inner(schema["schema"])
        if schema.get("default") is not None and "const" not in out:
            out["default"] = schema["default"]
        return out

    def field_is_required(self, field: Any, total: bool) -> bool:
        inner: CoreSchema = field["schema"]
        if inner["type"] == "default":
            return inner["schema"]["type"] == "literal" and len(inner["schema"]["expected"]) == 1
        return True

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        out: JsonSchemaValue = _third_party(super().generate(schema, mode))
        return out


_TEXT = {"type": "string", "pattern": r"\S"}
_URL_PATTERN = r"^https?://\S+$"
_AS_TEXT_TOO = {"#/$defs/CreativeWorkLD", "#/$defs/ImageObjectLD", "#/$defs/WebPageLD"}
"""Nodes markup may give as a URL or in words (an appearance, an image, a page), as the reader reads them."""
_ANY_TYPE = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _third_party(node: Any) -> Any:
    """Relaxations that let third-party markup be checked against the schema too, so that it
    accepts what the JSON-LD reader reads (one set of rules for a page and a feed): schema.org is
    open, so properties claimreview does not write are allowed (the vocabulary check judges them);
    where claimreview writes a list, one value alone is accepted as well, as schema.org allows for
    every property; any ``@type`` (the rules and the vocabulary judge types); dates, URLs and
    language tags in any form (what the JSON-LD reader cannot read it leaves out with a warning,
    and the rules judge the values Google requires); a person or organization given as its name,
    and an appearance, image or page given as its URL or in words."""
    if isinstance(node, list):
        return [_third_party(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _third_party(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}
    if out.get("pattern") in (DATE_PATTERN, _URL_PATTERN, BCP47_PATTERN):
        # a date, a URL or a language tag the reader cannot read is left out with a warning on a page
        # (the vocabulary's, the registries'): the rules judge the ones Google requires (the review's url)
        del out["pattern"]
    refs = {b.get("$ref") for b in out.get("anyOf", []) if isinstance(b, dict)}
    if {"#/$defs/PersonLD", "#/$defs/OrganizationLD"} <= refs or refs & _AS_TEXT_TOO:
        out["anyOf"] = [*out["anyOf"], _TEXT]
    elif out.get("$ref") in _AS_TEXT_TOO:
        out = {"anyOf": [{"$ref": out.pop("$ref")}, _TEXT], **out}
    if isinstance(out.get("properties"), dict) and "@type" in out["properties"]:
        out["properties"]["@type"] = _ANY_TYPE  # the rules and the vocabulary judge types (an older CreativeWork)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {name: _value_or_list(prop) for name, prop in out["properties"].items()}
    return out


def _value_or_list(prop: dict[str, Any]) -> dict[str, Any]:
    if prop.get("type") != "array" or "items" not in prop:
        return prop
    rest = {k: v for k, v in prop.items() if k not in ("type", "items")}
    return {"anyOf": [prop["items"], {"type": "array", "items": prop["items"]}], **rest}


def claimreview_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one ClaimReview node as claimreview writes it: self-contained
    (``--profile claimreview``) or in a ``@graph`` with links."""
    schema = ClaimReviewLD.model_json_schema(mode="serialization", by_alias=True, schema_generator=_OutputSchema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:claimreview:schema:claimreview",
        "title": "schema.org ClaimReview (claimreview profile)",
        "description": "One ClaimReview node as claimreview writes it: self-contained, everything nested, or a "
        "node of a @graph whose links are {\"@id\": ...}. Other schema.org properties are allowed; the "
        "vocabulary and Google's rules are checked separately.",
        **{k: v for k, v in schema.items() if k != "title"},
    }


# -- walking JSON-LD of any shape ---------------------------------------------------------------

def local_name(term: str) -> str:
    """``ClaimReview`` for ``ClaimReview``, ``schema:ClaimReview``, ``http(s)://schema.org/ClaimReview``;
    any other term is returned as it is."""
    return schemaorg.local_name(term) or term


def types_of(node: dict[str, Any]) -> list[str]:
    """The schema.org type names of a node (``@type`` may be a string or a list)."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return [local_name(v) for v in values if isinstance(v, str)]


def is_a(node: Any, type_name: str) -> bool:
    return isinstance(node, dict) and type_name in types_of(node)


def _token(key: str | int) -> str:
    return "/" + escape_token(key)


def walk(data: Any, stop: Callable[[dict[str, Any]], bool] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON object in ``data`` with its JSON Pointer, in document order (pre-order, without
    recursion, so depth costs no stack). ``stop(node)`` true: yield the node, skip its insides."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        ptr, value = stack.pop()
        if isinstance(value, dict):
            yield ptr, value
            if stop is not None and stop(value):
                continue
            stack.extend((ptr + _token(k), v) for k, v in reversed(value.items()) if isinstance(v, dict | list))
        elif isinstance(value, list):
            items = list(enumerate(value))
            stack.extend((ptr + _token(i), v) for i, v in reversed(items) if isinstance(v, dict | list))


def _is_claimreview(node: dict[str, Any]) -> bool:
    return is_a(node, "ClaimReview")


def claimreview_nodes(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, node) for every ClaimReview in an output or input of any shape: one object, an
    array, a ``@graph``, a DataFeed, or nested in another node (a WebPage's ``mainEntity``).
    A ClaimReview's own insides are not searched."""
    return ((p, n) for p, n in walk(data, _is_claimreview) if _is_claimreview(n))


def _is_review(node: dict[str, Any]) -> bool:
    return is_a(node, "ClaimReview") or is_a(node, "MediaReview")


def review_nodes(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, node) for every ClaimReview and MediaReview, as :func:`claimreview_nodes` finds
    ClaimReviews: what a page or a file holds to be checked."""
    return ((p, n) for p, n in walk(data, _is_review) if _is_review(n))
