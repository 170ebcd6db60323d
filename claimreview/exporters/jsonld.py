"""schema.org JSON-LD out: the Document as one linked ``@graph``, or as self-contained ClaimReviews.

Profiles
  ``graph`` (default)
      One ``@context`` and one ``@graph``: NewsArticle, ClaimReview, Claim, Person,
      Organization (or the schema.org subtype that fits its kind) and Legislation nodes, in that
      order, each kind in document order, linked by ``{"@id": ...}``.
  ``claimreview``
      One self-contained ClaimReview per review, everything it refers to nested in it: the shape
      fact-check pages embed. One review gives one object, several a list; ``review=ID`` picks one.

In the ``claimreview`` profile a reference that would loop back (an organization that is its
parent's parent) or nest deeper than :data:`MAX_NESTING` is a link, and so is a claim's
``about`` that names a review.

``@id`` rule: an entity with claimreview id ``X`` is ``#X`` (a fragment of the page the markup is
on), or ``<page_url without fragment>#X`` when ``page_url`` is given. Readers turn such ids back
into ``X``. Every entity node carries its ``@id`` in both profiles, so nested copies of the same
person or organization are one node to a JSON-LD processor.

Mapping, model field -> schema.org property (the reader maps back the same way):

- Person: name, alternate_names -> alternateName, job_title -> jobTitle, description,
  affiliations -> affiliation, nationality -> nationality (a Country), url, same_as -> sameAs, image.
- Organization: kind -> ``@type`` (:data:`KIND_TYPES`) plus ``additionalType`` =
  ``KIND_IRI + kind``, country -> location (a Country), parent -> parentOrganization, logo, image.
- Sanction -> Legislation: title -> name, identifier -> legislationIdentifier, kind ->
  legislationType, date_adopted -> legislationDate, authority -> legislationPassedBy, targets ->
  about, measures -> abstract (one item per measure), reason -> description, status ->
  creativeWorkStatus.
- Article -> NewsArticle: name, main_entity_of_page -> mainEntityOfPage, label -> genre, keywords,
  language -> inLanguage, authors -> author,
  image -> ImageObject (caption, credit -> creditText, creators -> creator, providers ->
  provider, url), cited outlets and claims -> mentions (outlets first, then claims).
- Claim: text -> text (graph) and the review's claimReviewed, url, claimant -> author, date ->
  datePublished, appearances -> appearance and first_appearance -> firstAppearance as
  CreativeWork (url, outlet -> publisher, date -> datePublished, description).
- Review -> ClaimReview: claim -> itemReviewed, reviewer -> author, date -> datePublished,
  date_modified -> dateModified, name, note -> description, language -> inLanguage, claim_reviewed
  -> claimReviewed (when given; else the claim's text), publisher, image, main_entity_of_page ->
  mainEntityOfPage (a WebPage by its @id), identifier, sd_license -> sdLicense, sd_publisher ->
  sdPublisher; rating -> Rating (label -> alternateName always; value/best/worst ->
  ratingValue/bestRating/worstRating only when given; explanation -> ratingExplanation; image);
  feed_item -> a DataFeedItem node (url, dateCreated, dateModified, item: a link to the review),
  in the graph profile only; the media reviews that name it -> associatedMediaReview (links).
- Images (an article's, a review's, a person's, an organization's logo and image) -> ImageObject
  (its kept @id, url, contentUrl, caption, credit -> creditText, creators -> creator, providers ->
  provider, width, height).
- An entity read from markup with an ``@id`` other than ``#id`` (its ``iri``) is written with that
  ``@id``, so the node keeps its name (``https://factcheck.afp.com/`` stays itself).
- MediaReview -> MediaReview: authenticity -> mediaAuthenticityCategory (the members' names, as
  schema.org's example writes them), original_context -> originalMediaContextDescription,
  original_media -> originalMediaLink, reviewer -> author, date -> datePublished, note ->
  description; a MediaReviewItem as itemReviewed: media -> mediaItemAppearance (each a MediaObject
  of its type: content_url -> contentUrl, archived_at -> archivedAt, date -> datePublished, outlet
  -> publisher), media_creator -> creator, claims -> interpretedAsClaim; claim_reviews ->
  associatedClaimReview (links). In the ``claimreview`` profile the media reviews follow the
  ClaimReviews, self-contained too.

A person's or organization's Wikidata and OpenSanctions ids are written as ``sameAs`` URIs
(``http://www.wikidata.org/entity/Q42``, ``https://www.opensanctions.org/entities/ID/``) and read
back into their fields. Every field of the model but the entities' ``sources`` is carried by the
graph profile, so Document -> graph -> Document is lossless for the rest (read it back with the
same ``page_url`` it was written with, or ids become slugs). Sources are not written
yet: schema.org's ``citation`` belongs to creative works only and can say neither which field a
source backs nor that a value is inferred; the CSV tables, Markdown and FtM exports carry them. The
claimreview profile carries each review with what it refers to, and nothing else: entities no
review reaches (an article, an unreferenced sanction) are only in the graph.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag

from claimreview.exporters.base import Exporter, ExportError, RecordWriter
from claimreview.schemas import (
    Appearance,
    Article,
    Claim,
    Document,
    Image,
    MediaReview,
    Organization,
    OrganizationKind,
    Person,
    Rating,
    Review,
    Sanction,
)
from claimreview.schemas.ld import (
    KIND_IRI,
    SCHEMA_ORG,
    Agent,
    ClaimLD,
    ClaimReviewLD,
    CountryLD,
    CreativeWorkLD,
    DataFeedItemLD,
    GraphLD,
    ImageObjectLD,
    LegislationLD,
    Link,
    MediaObjectLD,
    MediaReviewItemLD,
    MediaReviewLD,
    NewsArticleLD,
    OrganizationLD,
    PersonLD,
    RatingLD,
    WebPageLD,
    claimreview_nodes,
    id_uris,
)
from claimreview.validation import claimreview
from claimreview.validation.diagnostics import Diagnostic
from claimreview.validation.schema import check_against

if TYPE_CHECKING:
    from claimreview.readers.base import Record

__all__ = ["KIND_TYPES", "PROFILES", "JsonLdExporter", "claimreview_nodes", "entity_iri"]

PROFILES = ("graph", "claimreview")

MAX_NESTING = 12
"""How deep the claimreview profile nests entities (an organization's parent's parent ...);
anything deeper is a link. Real markup needs three or four levels."""

KIND_TYPES: dict[OrganizationKind, str] = {
    OrganizationKind.NEWS_AGENCY: "NewsMediaOrganization",
    OrganizationKind.NEWSPAPER: "NewsMediaOrganization",
    OrganizationKind.BROADCASTER: "NewsMediaOrganization",
    OrganizationKind.TV_CHANNEL: "NewsMediaOrganization",
    OrganizationKind.NEWS_WEBSITE: "NewsMediaOrganization",
    OrganizationKind.MAGAZINE: "NewsMediaOrganization",
    OrganizationKind.PERIODICAL: "NewsMediaOrganization",
    OrganizationKind.PHOTO_AGENCY: "NewsMediaOrganization",
    OrganizationKind.FACT_CHECKER: "NewsMediaOrganization",
    OrganizationKind.GOVERNMENT: "GovernmentOrganization",
    OrganizationKind.GOVERNMENT_AGENCY: "GovernmentOrganization",
    OrganizationKind.MILITARY: "GovernmentOrganization",
    OrganizationKind.COMPANY: "Corporation",
    OrganizationKind.NGO: "NGO",
    OrganizationKind.INTERGOVERNMENTAL: "Organization",
    OrganizationKind.POLITICAL_ENTITY: "Organization",
    OrganizationKind.OTHER: "Organization",
}
"""The schema.org type of each kind of organization: the most specific real type that fits."""


def entity_iri(entity_id: str, page_url: str | None = None) -> str:
    """The ``@id`` of entity ``entity_id``: ``#id``, or ``<page>#id`` when the page is known."""
    base = urldefrag(page_url)[0] if page_url else ""
    return f"{base}#{entity_id}"


def _list(values: list[Any]) -> list[Any] | None:
    return values or None


class _Builder:
    """Model -> LD nodes. ``nested`` chooses between links (graph) and nested nodes (claimreview)."""

    def __init__(self, doc: Document, page_url: str | None, nested: bool) -> None:
        self.doc = doc
        self.page_url = page_url
        self.nested = nested
        self.entities = doc.entities()
        self._path: set[str] = set()

    def iri(self, entity_id: str) -> str:
        """The node's ``@id``: the one it was read with (kept), else ``#id``."""
        kept = getattr(self.entities.get(entity_id), "iri", None)  # every entity kind has an iri field
        if isinstance(kept, str):
            return kept
        return entity_iri(entity_id, self.page_url)

    def image(self, image: Image | None) -> ImageObjectLD | None:
        if image is None:
            return None
        return ImageObjectLD(
            id=image.iri,
            url=image.url,
            content_url=image.content_url,
            caption=image.caption,
            credit_text=image.credit,
            creator=_list([self.agent(x) for x in image.creators]),
            provider=_list([self.agent(x) for x in image.providers]),
            width=image.width,
            height=image.height,
        )

    def link(self, entity_id: str) -> Link:
        return Link(id=self.iri(entity_id))

    def _expand(self, entity_id: str, make: Callable[[Any], Any]) -> Any:
        """A nested node for ``entity_id``, or a link when nesting would loop back on itself or
        go deeper than :data:`MAX_NESTING`."""
        if not self.nested or entity_id in self._path or len(self._path) >= MAX_NESTING:
            return self.link(entity_id)
        self._path.add(entity_id)
        try:
            return make(self.entities[entity_id])
        finally:
            self._path.discard(entity_id)

    def agent(self, entity_id: str) -> Agent:
        entity = self.entities[entity_id]
        return self._expand(entity_id, self.person if isinstance(entity, Person) else self.organization)  # type: ignore[no-any-return]

    def organization_ref(self, entity_id: str) -> Link | OrganizationLD:
        return self._expand(entity_id, self.organization)  # type: ignore[no-any-return]

    def subject(self, entity_id: str) -> Any:
        """Something a claim is about, whatever kind it is."""
        makers: dict[type, Callable[[Any], Any]] = {
            Person: self.person, Organization: self.organization, Sanction: self.legislation,
            Article: self.news_article, Claim: self.claim,
        }
        maker = makers.get(type(self.entities[entity_id]))
        if maker is None:  # a review: linked, never nested inside another review's claim
            return self.link(entity_id)
        return self._expand(entity_id, maker)

    # -- entities ---------------------------------------------------------------------------

    def person(self, p: Person) -> PersonLD:
        return PersonLD(
            id=self.iri(p.id),
            name=p.name,
            alternate_name=_list(p.alternate_names),
            job_title=p.job_title,
            description=p.description,
            affiliation=_list([self.organization_ref(o) for o in p.affiliations]),
            nationality=CountryLD(name=p.nationality) if p.nationality else None,
            url=p.url,
            same_as=_list([*p.same_as, *id_uris(p.wikidata, p.opensanctions)]),
            image=self.image(p.image),
        )

    def organization(self, o: Organization) -> OrganizationLD:
        return OrganizationLD(
            type_=KIND_TYPES[o.kind] if o.kind else "Organization",
            id=self.iri(o.id),
            additional_type=KIND_IRI + o.kind.value if o.kind else None,
            name=o.name,
            alternate_name=_list(o.alternate_names),
            description=o.description,
            location=CountryLD(name=o.country) if o.country else None,
            parent_organization=self.organization_ref(o.parent) if o.parent else None,
            url=o.url,
            same_as=_list([*o.same_as, *id_uris(o.wikidata, o.opensanctions)]),
            logo=self.image(o.logo),
            image=self.image(o.image),
        )

    def legislation(self, s: Sanction) -> LegislationLD:
        return LegislationLD(
            id=self.iri(s.id),
            name=s.title,
            legislation_identifier=s.identifier,
            legislation_type=s.kind,
            legislation_date=s.date_adopted,
            legislation_passed_by=self.agent(s.authority),
            about=_list([self.agent(t) for t in s.targets]),
            abstract=_list(s.measures),
            description=s.reason,
            creative_work_status=s.status,
            url=s.url,
            same_as=_list(s.same_as),
        )

    def news_article(self, a: Article) -> NewsArticleLD:
        # a nested article (something a claim is about) is a summary: its links would dangle
        links = not self.nested
        return NewsArticleLD(
            id=self.iri(a.id),
            headline=a.headline,
            name=a.name,
            url=a.url,
            main_entity_of_page=WebPageLD(id=a.main_entity_of_page) if a.main_entity_of_page else None,
            date_published=a.date_published,
            date_modified=a.date_modified,
            publisher=self.agent(a.publisher) if a.publisher else None,
            author=_list([self.agent(x) for x in a.authors]),
            genre=a.label,
            description=a.description,
            keywords=_list(a.keywords),
            in_language=a.language,
            image=self.image(a.image),
            about=_list([self.link(x) for x in a.about]) if links else None,
            mentions=_list([self.link(x) for x in [*a.cites, *a.claims]]) if links else None,
        )

    def appearance(self, ap: Appearance) -> CreativeWorkLD:
        return CreativeWorkLD(
            url=ap.url,
            publisher=self.agent(ap.outlet) if ap.outlet else None,
            date_published=ap.date,
            description=ap.description,
        )

    def claim(self, c: Claim, with_text: bool = True) -> ClaimLD:
        return ClaimLD(
            id=self.iri(c.id),
            text=c.text if with_text else None,
            name=c.name,
            url=c.url,
            author=self.agent(c.claimant) if c.claimant else None,
            date_published=c.date,
            appearance=_list([self.appearance(ap) for ap in c.appearances]),
            first_appearance=self.appearance(c.first_appearance) if c.first_appearance else None,
            about=_list([self.subject(x) for x in c.about]),
            in_language=c.language,
        )

    def claim_review(self, r: Review, context: str | None = None) -> ClaimReviewLD:
        claim = self.entities[r.claim]
        assert isinstance(claim, Claim)
        item: Link | ClaimLD
        if self.nested:
            self._path.add(r.id)
            self._path.add(claim.id)
            # claimReviewed carries the text, unless it was given in other words
            item = self.claim(claim, with_text=bool(r.claim_reviewed))
        else:
            item = self.link(claim.id)
        review = ClaimReviewLD(
            context=context,
            id=self.iri(r.id),
            url=r.url,
            date_published=r.date,
            date_modified=r.date_modified,
            headline=r.headline,
            name=r.name,
            in_language=r.language,
            description=r.note,
            claim_reviewed=(r.claim_reviewed if len(r.claim_reviewed) > 1 else r.claim_reviewed[0])
            if r.claim_reviewed else claim.text,
            author=self.agent(r.reviewer),
            publisher=self.agent(r.publisher) if r.publisher else None,
            item_reviewed=item,
            review_rating=rating_ld(r.rating),
            image=self.image(r.image),
            main_entity_of_page=WebPageLD(id=r.main_entity_of_page) if r.main_entity_of_page else None,
            identifier=r.identifier,
            sd_license=r.sd_license,
            sd_publisher=self.agent(r.sd_publisher) if r.sd_publisher else None,
            associated_media_review=_list([self.link(m.id) for m in self.doc.media_reviews
                                           if r.id in m.claim_reviews]),
        )
        self._path.clear()
        return review

    def media_review(self, m: MediaReview, context: str | None = None) -> MediaReviewLD:
        claims: list[Link | ClaimLD] = []
        for claim_id in m.claims:
            claims.append(self._expand(claim_id, self.claim))
        return MediaReviewLD(
            context=context,
            id=self.iri(m.id),
            url=m.url,
            date_published=m.date,
            headline=m.headline,
            in_language=m.language,
            description=m.note,
            author=self.agent(m.reviewer) if m.reviewer else None,
            media_authenticity_category=[a.value for a in m.authenticity],
            original_media_context_description=m.original_context,
            original_media_link=m.original_media,
            item_reviewed=MediaReviewItemLD(
                media_item_appearance=[MediaObjectLD(
                    type_=x.type.value, content_url=x.content_url, url=x.url, archived_at=x.archived_at,
                    description=x.description, date_published=x.date,
                    publisher=self.agent(x.outlet) if x.outlet else None) for x in m.media],
                creator=self.agent(m.media_creator) if m.media_creator else None,
                interpreted_as_claim=_list(claims),
            ),
            associated_claim_review=_list([self.link(r) for r in m.claim_reviews]),
        )


    def feed_item(self, r: Review) -> DataFeedItemLD:
        item = r.feed_item
        assert item is not None
        return DataFeedItemLD(url=item.url, date_created=item.date_created, date_modified=item.date_modified,
                              item=self.link(r.id))


def rating_ld(rating: Rating) -> RatingLD:
    return RatingLD(
        alternate_name=rating.label,
        rating_value=rating.value,
        best_rating=rating.best,
        worst_rating=rating.worst,
        rating_explanation=rating.explanation,
        image=rating.image,
    )


def _dump(node: Any) -> dict[str, Any]:
    return node.model_dump(mode="json", exclude_none=True)  # type: ignore[no-any-return]


def graph_data(doc: Document, page_url: str | None = None) -> dict[str, Any]:
    b = _Builder(doc, page_url, nested=False)
    nodes: list[Any] = [
        *(b.news_article(a) for a in doc.articles),
        *(b.claim_review(r) for r in doc.reviews),
        *(b.media_review(m) for m in doc.media_reviews),
        *(b.claim(c) for c in doc.claims),
        *(b.person(p) for p in doc.people),
        *(b.organization(o) for o in doc.organizations),
        *(b.legislation(s) for s in doc.sanctions),
        *(b.feed_item(r) for r in doc.reviews if r.feed_item is not None),
    ]
    return _dump(GraphLD(context=SCHEMA_ORG, graph=nodes))


def claimreview_data(doc: Document, review: str | None = None,
                     page_url: str | None = None) -> dict[str, Any] | list[dict[str, Any]]:
    """One self-contained ClaimReview per review, then one self-contained MediaReview per media
    review (their links to each other are ``{"@id": ...}`` of nodes in the same list)."""
    reviews, media = list(doc.reviews), list(doc.media_reviews)
    if review is not None:
        reviews = [r for r in reviews if r.id == review]
        media = [m for m in media if m.id == review]
        if not reviews and not media:
            known = ", ".join([r.id for r in doc.reviews[:20]] + [m.id for m in doc.media_reviews[:20]]) or "none"
            raise ExportError(f"no review has the id {review!r}; the document's reviews: {known}")
    if not reviews and not media:
        raise ExportError("the document has no reviews, so the claimreview profile has nothing to write; "
                          "use --profile graph")
    b = _Builder(doc, page_url, nested=True)
    out = [_dump(b.claim_review(r, context=SCHEMA_ORG)) for r in reviews]
    out += [_dump(b.media_review(m, context=SCHEMA_ORG)) for m in media]
    return out[0] if len(out) == 1 else out


class JsonLdExporter(Exporter):
    schema = "claimreview"

    def build(self, doc: Document, profile: str | None = "graph", review: str | None = None,
              page_url: str | None = None, **_: Any) -> dict[str, Any] | list[dict[str, Any]]:
        profile = profile or "graph"
        if profile not in PROFILES:
            raise ExportError(f"unknown JSON-LD profile {profile!r}: choose {' or '.join(PROFILES)}")
        if profile == "graph":
            if review is not None:
                raise ExportError("--review picks one self-contained ClaimReview: use it with --profile claimreview")
            return graph_data(doc, page_url)
        return claimreview_data(doc, review, page_url)

    def check(self, data: Any, rules: str | None = None, page_url: str | None = None,
              **_: Any) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for ptr, node in claimreview_nodes(data):
            found.extend(d.at(pointer=ptr + d.pointer) for d in check_against("claimreview", node))
        rules = rules or claimreview.DEFAULT_RULES
        if isinstance(data, list):  # the claimreview profile: each item is the markup of its own page
            for i, item in enumerate(data):
                found.extend(d.at(pointer=f"/{i}{d.pointer}")
                             for d in claimreview.check_jsonld(item, rules=rules, page_url=page_url,
                                                                  registries=False))
        else:
            found.extend(claimreview.check_jsonld(data, rules=rules, page_url=page_url, registries=False))
        return found

    def render(self, data: Any, **_: Any) -> bytes:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")



class DataFeedWriter(RecordWriter):
    """Records as one schema.org DataFeed, streamed: ``{"@context": ..., "@type": "DataFeed",
    "dataFeedElement": [`` then each ClaimReview a record carries, compact, one per line, then
    ``]}``. An item keeps its own ``@context`` only where it differs from the feed's. A
    DataFeedItem that says more than its item (Data Commons' ``dateCreated`` and ``url``) is kept
    as the element, its ClaimReviews inside it, so nothing of it is lost. The file streams back in
    (claimreview reads a DataFeed item by item) and is what Google's Fact Check Markup Tool and
    ClaimReview feed consumers take."""

    def __init__(self, target: str, inputs: Iterable[str | Path] = (), **options: Any) -> None:
        super().__init__(target, inputs, **options)
        assert self.output.file is not None
        self.output.file.write(b'{"@context":"https://schema.org","@type":"DataFeed","dataFeedElement":[')
        self._first = True

    def write(self, record: Record) -> list[Diagnostic]:
        from claimreview.exporters.jsonl import SCHEMA_ORG

        out = self.output.file
        assert out is not None
        nodes = []
        for node in record.reviews():
            context = node.get("@context", record.context or SCHEMA_ORG)
            if context == SCHEMA_ORG:
                node = {k: v for k, v in node.items() if k != "@context"}
            elif "@context" not in node:
                node = {"@context": context, **node}
            nodes.append(node)
        data = record.data
        if nodes and data.get("item") is not None and any(k not in ("@type", "@context", "item") for k in data):
            # a DataFeedItem with its own dateCreated, url, ...: the element itself, its ClaimReviews inside
            wrapper = {k: v for k, v in data.items() if k != "item" and (k != "@context" or v != SCHEMA_ORG)}
            wrapper["item"] = nodes if isinstance(data["item"], list) else nodes[0]
            nodes = [wrapper]
        for node in nodes:
            out.write(b"\n" if self._first else b",\n")
            out.write(_compact(node))
            self._first = False
        self.written += 1
        return []

    def close(self) -> None:
        assert self.output.file is not None
        self.output.file.write(b"\n]}\n")
        super().close()


def _compact(node: dict[str, Any]) -> bytes:
    """One node as compact JSON (orjson; the standard library for what orjson does not write)."""
    import orjson

    try:
        return orjson.dumps(node)
    except orjson.JSONEncodeError:  # an integer over 64 bits, or nesting orjson does not write
        return json.dumps(node, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
