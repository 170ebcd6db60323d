"""schema.org ClaimReview JSON-LD in: third-party markup, or claimreview's own export, -> Document.

Real markup is messy, and all of these are read: a single object, an array, a ``@graph``,
``DataFeed``/``DataFeedItem`` wrappers (``dataFeedElement[].item``), a ClaimReview nested in
another node (a WebPage's ``mainEntity``); ``http://`` or ``https://`` schema.org contexts, or
none; ``@type`` as a string or a list, bare or as ``schema:X`` or a schema.org IRI; author,
appearance and itemReviewed as a string, an object, a link or a list; numbers as numbers or
numeric strings; dates as a date or a date-time, with or without a zone or fractions of a second.

People and organizations seen several times are merged into one entity: by ``@id``, then by url,
then by name (two nodes with different ``@id``\\ s stay two entities). Entity ids are stable:
``X`` for an ``@id`` of ``#X``, or of ``<page>#X`` when ``page_url`` is given (the rule claimreview's
export follows, so its output reads back with the same ids), otherwise a slug of the name (of
the claim text, for claims; ``review-<claim id>`` for reviews), made unique with ``-2``, ``-3``.
Any other ``@id`` (``https://factcheck.afp.com/``, ``_:b0``) is kept in the entity's ``iri``, and the
JSON-LD export writes it back, so the node keeps its name.

Nothing is dropped silently: every property, node or value that the claimreview model cannot carry
is a warning (``jsonld.not-carried`` and friends, see :data:`CODES`) naming its JSON Pointer.
A caller that only validates can leave these notes about conversion out
(``conversion_notes=False``, :data:`CONVERSION_NOTES`). A MediaReview is read into the
model's media reviews (its media items, verdicts, claims and associated ClaimReviews; a
ClaimReview's ``associatedMediaReview`` is kept on the media review it names). Reading third-party
markup is validating it, so :func:`read_data` also runs the ClaimReview (and MediaReview) rules
(:func:`claimreview.validation.claimreview.check_jsonld`) on the input.

Carried besides Google's required and recommended properties (the extras real pages use): a
ClaimReview's ``name``, ``dateModified``, ``publisher``, ``image``, ``mainEntityOfPage``,
``identifier`` (as text), ``sdLicense``, ``sdPublisher`` and ``claimReviewed`` given as several
texts or another wording than the Claim's; the url and dates of the DataFeedItem that carries it;
a Claim's ``url``; ``logo`` and ``image`` of organizations, ``image`` of people (ImageObjects with
url, contentUrl, caption, credit, width and height in pixels, and their ``@id``); an article's
``name`` and ``mainEntityOfPage``.

What the model cannot carry from typical markup (each reported): an appearance's own type,
headline, name, author and image (an appearance is a url, an outlet, a date and a description);
a ClaimReview's ``reviewBody``; a Rating's ``name`` when it differs from ``alternateName``; an
organization's more specific type (NewsMediaOrganization, ...) unless it also carries claimreview's
kind; nodes of types the model has no place for (WebPage, WebSite, BreadcrumbList, ...).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin

from pydantic_core import PydanticCustomError

from claimreview import urls
from claimreview.formats import PAGE_URL, PROFILE, REVIEW, RULES, SPLIT, Format
from claimreview.readers import strictjson
from claimreview.readers._model import Locate, build_document
from claimreview.readers.base import Loaded, Source
from claimreview.readers.ids import Taken, slug, unique
from claimreview.schemas import KINDS, MediaAuthenticity, MediaType, OrganizationKind
from claimreview.schemas.fields import ID_PATTERN, check_language, check_url, is_http_url, read_date
from claimreview.schemas.ld import KIND_IRI, claimreview_nodes, id_of_uri, local_name, review_nodes, types_of, walk
from claimreview.validation import claimreview
from claimreview.validation.diagnostics import ERROR, NOTICE, WARNING, Code, Diagnostic, escape_token
from claimreview.validation.ld import JSONLD_TOO_DEEP
from claimreview.validation.scope import DEFAULT_SCOPE, judge, review_roots
from claimreview.validation.vocabulary import iter_nodes

JSONLD_DANGLING_LINK = Code("jsonld.dangling-link", WARNING,
    "An {\"@id\": ...} link to a node the input does not define")
JSONLD_GUESSED = Code("jsonld.guessed", WARNING,
    "A value read on a stated guess: an author given as text read as a person or an organization, a name taken "
    "from a URL")
JSONLD_INCOMPLETE = Code("jsonld.incomplete", WARNING,
    "A node that lacks what claimreview needs to keep it (a name, a claim, a rating in words, ...); it is left "
    "out")
JSONLD_INVALID_VALUE = Code("jsonld.invalid-value", WARNING,
    "A value that is not what its property needs (an absolute URL, an ISO 8601 date, a number, a BCP 47 "
    "language tag, text); it is left out")
JSONLD_NO_CLAIMREVIEW = Code("jsonld.no-claimreview", ERROR,
    "The input holds no ClaimReview (and no MediaReview): there is nothing to check")
JSONLD_NOT_CARRIED = Code("jsonld.not-carried", WARNING,
    "A property, node or extra value the claimreview model has no place for; it is left out of anything made "
    "from the input")
JSONLD_NORMALISED = Code("jsonld.normalised", NOTICE,
    "A value written in claimreview's form, its meaning unchanged: a date in ISO 8601's extended form "
    "(2020-06-23 20:02 -> 2020-06-23T20:02, +0200 -> +02:00), a number given as text as a number, blanks "
    "around a URL dropped, a relative URL resolved against --page-url")
JSONLD_NOT_JSON_LD = Code("jsonld.not-json-ld", ERROR, "The input is not a JSON object or an array")

CODES: tuple[Code, ...] = (
    JSONLD_DANGLING_LINK,
    JSONLD_GUESSED,
    JSONLD_INCOMPLETE,
    JSONLD_INVALID_VALUE,
    JSONLD_NO_CLAIMREVIEW,
    JSONLD_NORMALISED,
    JSONLD_NOT_CARRIED,
    JSONLD_NOT_JSON_LD,
)
"""Every diagnostic code this reader emits."""

CONVERSION_NOTES = frozenset({JSONLD_NOT_CARRIED, JSONLD_GUESSED, JSONLD_INCOMPLETE, JSONLD_DANGLING_LINK,
                              JSONLD_NORMALISED})
"""Codes about what converting the markup keeps, rather than about the markup's own correctness."""

_ID_RE = re.compile(ID_PATTERN)

ORGANIZATION_TYPES = frozenset({
    "Organization", "NewsMediaOrganization", "GovernmentOrganization", "Corporation", "NGO",
    "EducationalOrganization", "CollegeOrUniversity", "ResearchOrganization", "MedicalOrganization",
    "PoliticalParty", "PerformingGroup", "SportsOrganization", "LocalBusiness", "OnlineBusiness",
    "Consortium", "FundingScheme", "LibrarySystem", "WorkersUnion", "SearchRescueOrganization",
    "Airline", "Project", "FundingAgency", "ResearchProject",
})
ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "AnalysisNewsArticle", "AskPublicNewsArticle", "BackgroundNewsArticle",
    "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "SatiricalArticle", "BlogPosting",
    "Report", "ScholarlyArticle", "TechArticle", "LiveBlogPosting", "SocialMediaPosting",
})
_KIND_FROM_TYPE = {
    "GovernmentOrganization": OrganizationKind.GOVERNMENT,
    "Corporation": OrganizationKind.COMPANY,
    "NGO": OrganizationKind.NGO,
}
_KINDS = frozenset(k.value for k in OrganizationKind)
_AUTHENTICITY = tuple(k.value for k in MediaAuthenticity)
_MEDIA_TYPES = frozenset(k.value for k in MediaType)
_REQUIRED: dict[str, tuple[tuple[str, str], ...]] = {
    "people": (("name", "a name"),),
    "organizations": (("name", "a name"),),
    "sanctions": (("title", "a name"), ("authority", "who passed it (legislationPassedBy)")),
    "articles": (("headline", "a headline"),),
    "claims": (("text", "the claim's text (claimReviewed, or the Claim's text)"),),
    "reviews": (("claim", "a claim claimreview can keep"), ("reviewer", "an author"),
                ("rating", "a rating in words (reviewRating with alternateName or name)")),
    "media_reviews": (("media", "the media it reviews (itemReviewed: a MediaObject, or a MediaReviewItem with "
                                "mediaItemAppearance)"),
                      ("authenticity", "its verdict (mediaAuthenticityCategory)")),
}
"""What the model requires of each kind, and how to say it is missing."""
_TYPE_NAMES = {"people": "Person", "organizations": "Organization", "sanctions": "Legislation",
               "articles": "NewsArticle", "claims": "Claim", "reviews": "ClaimReview", "media_reviews": "MediaReview"}
_GENERIC_FRAGMENTS = frozenset({"organization", "person", "claim", "claimreview", "review", "article",
                                "newsarticle", "legislation", "author", "publisher", "itemreviewed", "mediareview"})
"""Fragments that only name a node's type or role (Yoast's ``#organization``): an id made from them says
nothing, so the entity is named after what it says instead."""
_SINGULAR = {"people": "person", "organizations": "organization", "sanctions": "sanction",
             "articles": "article", "claims": "claim", "reviews": "review", "media_reviews": "media review"}


def sniff(head: bytes) -> bool:
    """JSON (an object or an array) that carries JSON-LD keywords."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] not in (b"{", b"["):
        return False
    return any(k in head for k in (b'"@context"', b'"@type"', b'"@graph"'))


def read(source: Source, *, rules: str | None = None, page_url: str | None = None,
         conversion_notes: bool = True, scope: str = DEFAULT_SCOPE, **_: Any) -> Loaded:
    """Read a JSON-LD file. ``conversion_notes=False`` leaves out the notes about what the claimreview
    model cannot carry (:data:`CONVERSION_NOTES`): what ``validate`` wants to know is whether the
    markup is right, and a ClaimReview with an ``image`` is not wrong."""
    text, data, problems = strictjson.read_source(source)
    if text is None or problems:
        return Loaded(None, problems)
    return read_data(data, file=source.name, locate=strictjson.JsonLocator(text, source.name).locate,
                     rules=rules, page_url=page_url, conversion_notes=conversion_notes, scope=scope)


def read_data(data: Any, file: str | None = None, locate: Locate | None = None, rules: str | None = None,
              page_url: str | None = None, conversion_notes: bool = True, scope: str = DEFAULT_SCOPE) -> Loaded:
    """Parsed JSON-LD -> Document, with every problem as a diagnostic pointing into ``data``
    (``locate`` maps a pointer to a line and column of the input).

    Errors outside the ClaimReviews and what they reference are warnings unless ``scope`` is
    ``"page"`` (:mod:`claimreview.validation.scope`, the verdict model). Without
    ``conversion_notes`` (what ``validate`` asks for), a note of the reader about a value that the
    checks already reported at the same place is left out: one defect, one finding."""

    def place(d: Diagnostic) -> Diagnostic:
        line, column = locate(d.pointer) if locate is not None else (None, None)
        return d.at(file=file, line=line, column=column)

    if not isinstance(data, dict | list):
        return Loaded(None, [place(JSONLD_NOT_JSON_LD.at("JSON-LD markup is a JSON object or an array of "
                                         f"objects, not {type(data).__name__}"))])
    too_deep = JSONLD_TOO_DEEP.at("the nodes are nested too deeply to read (objects or lists inside each "
                     "other hundreds of levels down); link nodes with {\"@id\": ...} instead")
    reader = _Reader(data, page_url)
    try:
        shaped, origins = reader.run()
    except RecursionError:
        return Loaded(None, [place(too_deep)])
    built = build_document(shaped, registries=False)  # the checks of the markup report them, located
    found = [d for d in reader.diagnostics if conversion_notes or d.kind not in CONVERSION_NOTES]
    modelled = [d.at(pointer=_origin(d.pointer, origins)) for d in built.diagnostics]
    try:
        checked = claimreview.check_jsonld(data, rules=rules or claimreview.DEFAULT_RULES, page_url=page_url)
    except RecursionError:
        return Loaded(None, [place(d) for d in found + modelled] + [place(too_deep)])
    # one defect, one finding: the model's rule broken where the checks report an error (a review before its
    # claim) is the checks' finding
    ruled = {d.pointer for d in checked if d.is_error}
    found += [d for d in modelled if d.pointer not in ruled]
    # a second value of a property given several different values is the checks' error, not also a reader's note
    several = {d.pointer for d in checked if d.kind == claimreview.SEVERAL_VALUES}
    if several:
        found = [d for d in found if d.pointer.rpartition("/")[0] not in several]
    if not conversion_notes:  # a value the checks judged is not also a note (a node may be both, for other reasons)
        reported = {d.pointer for d in checked} - {where for _, where in iter_nodes(data)}
        found = [d for d in found if d.pointer not in reported]
    found = judge(found + checked, review_roots(data), scope)
    placed = [place(d) for d in found]
    placed.sort(key=lambda d: (d.line or 0, d.column or 0))  # stable: same place keeps its order
    return Loaded(built.document, placed, items=sum(1 for _ in review_nodes(data)))


def _origin(ptr: str, origins: dict[str, str]) -> str:
    """The input pointer of a claimreview-shaped pointer: its longest known prefix, plus the rest."""
    tokens = ptr.split("/")
    for n in range(len(tokens), 0, -1):
        prefix = "/".join(tokens[:n])
        if prefix in origins:
            return origins[prefix]
    return ""


# -- values -----------------------------------------------------------------------------------------


def _token(key: str | int) -> str:
    return "/" + escape_token(key)


def _items(ptr: str, value: Any) -> list[tuple[str, Any]]:
    """A value or a list of values, each with its pointer (nested lists are flattened)."""
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [(ptr, value)]
    while stack:
        p, v = stack.pop()
        if isinstance(v, list):
            stack.extend(reversed([(p + _token(i), x) for i, x in enumerate(v)]))
        else:
            out.append((p, v))
    return out


def _is_link(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _site_name(url: str) -> str:
    """What to call a site known only by a url: its host without "www." (no user or port), or the
    text itself when it is no URL."""
    host = urls.host_of(url.strip())
    return host.removeprefix("www.") if host else url.strip()


def _url_key(url: str) -> str:
    """What two URLs that lead to the same page share: the URL as WHATWG serialises it, without
    scheme, ``www.``, fragment or trailing slash."""
    parsed = urls.http_url(url.strip())
    if not isinstance(parsed, urls.HttpUrl):  # not a URL to merge by, but the text still is a key
        return url.strip().lower()
    rest = parsed.href.split("://", 1)[1].split("#", 1)[0].removeprefix("www.")
    path, sep, query = rest.partition("?")
    return f"{path.rstrip('/')}{sep}{query}"


def _finite(number: float) -> bool:
    try:
        return math.isfinite(number)  # an int too large for a float overflows here
    except OverflowError:
        return False


_NUMBER_RE = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


@dataclass(eq=False)
class _Entity:
    kind: str
    """people, organizations, sanctions, articles, claims or reviews."""
    ptr: str
    """Pointer of the first node it was read from."""
    iri: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    """claimreview fields; references to other entities are _Entity objects until the end."""
    origins: dict[str, str] = field(default_factory=dict)
    """claimreview sub-pointer ("/rating/value") -> input pointer."""
    merged_into: _Entity | None = None
    id: str = ""
    nodes: int = 0
    """How many input nodes were read into it (more than one: it was merged)."""

    def resolve(self) -> _Entity:
        entity = self
        while entity.merged_into is not None:
            entity = entity.merged_into
        return entity


class _Reader:
    def __init__(self, data: Any, page_url: str | None) -> None:
        self.data = data
        self.page_url = page_url
        self.index: dict[str, tuple[str, dict[str, Any]]] = {}
        """Node definitions by @id, with their pointers: what a {"@id": ...} link points to."""
        self._reviews: list[tuple[str, dict[str, Any]]] = []
        self._media: list[tuple[str, dict[str, Any]]] = []
        for p, n in walk(data):  # one walk over the whole input
            if isinstance(n.get("@id"), str) and len(n) > 1:
                self.index.setdefault(n["@id"], (p, n))
            if "@type" in n:
                types = types_of(n)
                if "ClaimReview" in types:
                    self._reviews.append((p, n))
                elif "MediaReview" in types:
                    self._media.append((p, n))
        self._prefixed: dict[int, dict[str, str]] = {}
        self._deferred: set[int] = set()
        """Top-level nodes not read yet: a reference to one waits for its turn."""
        self.diagnostics: list[Diagnostic] = []
        self.entities: list[_Entity] = []
        self._by_node: dict[int, tuple[Any, _Entity]] = {}
        self._filled: dict[int, Any] = {}
        """Nodes already read, by id() (the node is kept so that its id() is never reused)."""
        self._keys: dict[tuple[str, str, str], _Entity] = {}
        self._handled: set[int] = set()
        self._local = self._local_id_rule()
        self._feed_items: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}
        """A DataFeedItem's url and dates, by the id() of the ClaimReview it carries."""

    # -- diagnostics -------------------------------------------------------------------------------

    def warn(self, code: Code, message: str, ptr: str) -> None:
        self.diagnostics.append(code.at(message, ptr))

    def not_carried(self, ptr: str, what: str) -> None:
        self.warn(JSONLD_NOT_CARRIED, f"{what} is not carried into the claimreview model, which has no place "
                  "for it; it is left out of anything made from this input", ptr)

    def normalised(self, ptr: str, what: str) -> None:
        self.warn(JSONLD_NORMALISED, f"{what}: the same value, in claimreview's form", ptr)

    def extra_values(self, ptr: str, values: list[tuple[str, Any]], prop: str) -> None:
        for p, _ in values[1:]:
            self.not_carried(p, f"a second value of {prop!r} (claimreview keeps one)")

    def leftover(self, ptr: str, node: dict[str, Any], handled: Iterable[str], type_name: str) -> None:
        known = {"@id", "@type", "@context", *handled}
        for key in node:
            if key not in known:
                name = local_name(key)
                if name in known:
                    continue
                self.not_carried(ptr + _token(key), f"property {key!r} of {_a(type_name)}")

    def extra_types(self, ptr: str, node: dict[str, Any], kept: Iterable[str], written: str) -> None:
        """Types claimreview does not keep (it writes ``written``); supertypes it implies are fine."""
        implied = {"Thing", "CreativeWork", "Review", "Intangible", *kept}
        for t in types_of(node):
            if t not in implied:
                self.not_carried(ptr + "/@type", f"type {t!r} (claimreview writes this node as a {written})")

    # -- scalar values -----------------------------------------------------------------------------

    def _get(self, node: dict[str, Any], prop: str) -> tuple[str, Any] | None:
        """The key actually used for ``prop`` (plain, ``schema:prop`` or a schema.org IRI)."""
        if prop in node:
            return prop, node[prop]
        prefixed = self._prefixed.get(id(node))
        if prefixed is None:  # node ids are stable: every node is part of self.data
            prefixed = {local_name(k): k for k in node if ":" in k}
            self._prefixed[id(node)] = prefixed
        key = prefixed.get(prop)
        return (key, node[key]) if key is not None else None

    def values(self, ptr: str, node: dict[str, Any], prop: str) -> list[tuple[str, Any]]:
        found = self._get(node, prop)
        if found is None:
            return []
        key, value = found
        return [(p, v) for p, v in _items(ptr + _token(key), value) if v is not None]

    def text_value(self, ptr: str, value: Any, prop: str) -> str | None:
        if isinstance(value, dict) and "@value" in value:
            value = value["@value"]
        if isinstance(value, bool) or value is None:
            self.warn(JSONLD_INVALID_VALUE, f"{prop!r} should be text, not {value!r}; it is left out", ptr)
            return None
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, dict):
            name = value.get("name")
            if isinstance(name, str) and name.strip():
                self.leftover(ptr, value, ("name",), "/".join(types_of(value)) or "node")
                return name
            self.warn(JSONLD_INVALID_VALUE, f"{prop!r} should be text, not an object; it is left out", ptr)
            return None
        if not isinstance(value, str):  # a list inside an @value object
            self.warn(JSONLD_INVALID_VALUE, f"{prop!r} should be text, not {type(value).__name__}; "
                      "it is left out", ptr)
            return None
        if not value.strip():
            self.warn(JSONLD_INVALID_VALUE, f"{prop!r} is empty; it is left out", ptr)
            return None
        return value

    def text(self, ptr: str, node: dict[str, Any], prop: str) -> tuple[str, str] | None:
        """The one text value of a single-valued property (a second value is reported)."""
        found = self.values(ptr, node, prop)
        self.extra_values(ptr, found, prop)
        for p, v in found[:1]:
            t = self.text_value(p, v, prop)
            if t is not None:
                return p, t
        return None

    def texts(self, ptr: str, node: dict[str, Any], prop: str, split: bool = False) -> list[tuple[str, str]]:
        """Every text value; ``split``: one string is a comma-separated list (schema.org keywords)."""
        found = self._get(node, prop)
        split = split and found is not None and isinstance(found[1], str)
        out: list[tuple[str, str]] = []
        for p, v in self.values(ptr, node, prop):
            t = self.text_value(p, v, prop)
            if t is None:
                continue
            parts = [s.strip() for s in t.split(",")] if split else [t]
            out.extend((p, s) for s in parts if s.strip())
        return out

    def url_value(self, ptr: str, value: Any, prop: str) -> str | None:
        if _is_link(value):
            value = value["@id"]
        t = self.text_value(ptr, value, prop)
        if t is None:
            return None
        candidate = t.strip()
        try:
            if self.page_url and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", candidate):
                candidate = urljoin(self.page_url, candidate)
            checked = check_url(candidate)
            if checked != t:
                self.normalised(ptr, f"{prop} {t[:100]!r} is written {checked[:100]!r}")
            return checked
        except (PydanticCustomError, ValueError):  # ValueError: urljoin of "//[x"
            self.warn(JSONLD_INVALID_VALUE, f"{prop!r} is {t[:200]!r}, not an absolute http(s) URL"
                      f"{'' if self.page_url else ' (give --page-url to resolve relative links)'}; it is left out",
                      ptr)
            return None

    def url(self, ptr: str, node: dict[str, Any], prop: str) -> tuple[str, str] | None:
        found = self.values(ptr, node, prop)
        self.extra_values(ptr, found, prop)
        for p, v in found[:1]:
            u = self.url_value(p, v, prop)
            if u is not None:
                return p, u
        return None

    def urls(self, ptr: str, node: dict[str, Any], prop: str) -> list[tuple[str, str]]:
        out = []
        for p, v in self.values(ptr, node, prop):
            u = self.url_value(p, v, prop)
            if u is not None:
                out.append((p, u))
        return out

    def date(self, ptr: str, node: dict[str, Any], prop: str) -> tuple[str, str] | None:
        found = self.text(ptr, node, prop)
        if found is None:
            return None
        p, raw = found
        date = read_date(raw)
        if date is not None:
            if date != raw:
                self.normalised(p, f"{prop} {raw[:100]!r} is written {date!r} (ISO 8601's extended form)")
            return p, date
        self.warn(JSONLD_INVALID_VALUE, f"{prop!r} is {raw[:100]!r}, which is not an ISO 8601 date "
                  "(YYYY-MM-DD or a date-time); it is left out", p)
        return None

    def number(self, ptr: str, node: dict[str, Any], prop: str) -> tuple[str, int | float] | None:
        found = self.values(ptr, node, prop)
        self.extra_values(ptr, found, prop)
        for p, v in found[:1]:
            if isinstance(v, dict) and "@value" in v:
                v = v["@value"]
            number: int | float | None = None
            if isinstance(v, int | float) and not isinstance(v, bool):
                number = v
            elif isinstance(v, str) and len(v) <= 100 and _NUMBER_RE.match(v.strip()):
                s = v.strip()
                number = int(s) if re.fullmatch(r"[-+]?\d+", s) else float(s)
                self.normalised(p, f"{prop} {v!r} is written as the number {number!r}")
            if number is None or not _finite(number):
                self.warn(JSONLD_INVALID_VALUE, f"{prop!r} is {v!r}, which does not read as a number; "
                          "it is left out", p)
                return None
            return p, number
        return None

    def language(self, ptr: str, node: dict[str, Any], prop: str) -> tuple[str, str] | None:
        found = self.values(ptr, node, prop)
        self.extra_values(ptr, found, prop)
        for p, v in found[:1]:
            candidates = [v]
            if isinstance(v, dict):  # a schema.org Language
                candidates = [v.get("alternateName"), v.get("identifier"), v.get("name")]
            for c in candidates:
                if isinstance(c, str):
                    try:
                        return p, check_language(c.strip())
                    except PydanticCustomError:
                        continue
            self.warn(JSONLD_INVALID_VALUE, f"{prop!r} is {v!r}, not a BCP 47 language tag (e.g. en, pt-BR); "
                      "it is left out", p)
        return None

    # -- entity ids --------------------------------------------------------------------------------

    def _local_id_rule(self) -> Callable[[str], str | None]:
        """``#X`` is X, and so is ``<page>#X`` when the page's URL is given (claimreview's rule)."""
        page = urldefrag(self.page_url)[0] if self.page_url else None

        def local(iri: str) -> str | None:
            base, fragment = urldefrag(iri)
            if not fragment or not _ID_RE.match(fragment) or len(fragment) > 200:
                return None
            return fragment if base in ("", page) else None

        return local

    # -- registering entities ----------------------------------------------------------------------

    def entity(self, ptr: str, node: dict[str, Any], kind: str) -> _Entity:
        """The entity a node stands for: the one already made for it or merged with it, or a new one."""
        known = self._by_node.get(id(node))
        if known is not None:
            return known[1].resolve()
        iri = node.get("@id") if isinstance(node.get("@id"), str) else None
        match = self._keys.get((kind, "@id", iri)) if iri else None
        if match is None and kind in ("people", "organizations"):
            for key in self._agent_keys(node):
                candidate = self._keys.get((kind, *key))
                if candidate is not None and (iri is None or candidate.resolve().iri is None):
                    match = candidate.resolve()
                    break
        if match is None:
            match = _Entity(kind, ptr, iri)
            self.entities.append(match)
        elif iri and match.iri is None:
            match.iri = iri
        if iri:
            self._keys.setdefault((kind, "@id", iri), match)
        if kind in ("people", "organizations"):
            for key in self._agent_keys(node):
                self._keys.setdefault((kind, *key), match)
        self._by_node[id(node)] = (node, match)
        return match

    def _agent_keys(self, node: dict[str, Any]) -> list[tuple[str, str]]:
        keys = []
        url = node.get("url")
        if isinstance(url, str) and url.strip():
            keys.append(("url", _url_key(url.strip())))
        name = node.get("name")
        if isinstance(name, str) and name.strip():
            keys.append(("name", name.strip().casefold()))
        return keys

    def setf(self, entity: _Entity, name: str, value: Any, ptr: str) -> None:
        """Set a single-valued field; a different second value (from a merged node) is reported."""
        current = entity.data.get(name)
        if current is None:
            entity.data[name] = value
            entity.origins["/" + name] = ptr
        elif current != value:
            if name == "name" and entity.kind in ("people", "organizations"):
                self.addf(entity, "alternate_names", [(ptr, value)])
            else:
                if name == "url" and _url_key(current) == _url_key(value):
                    return
                self.not_carried(ptr, f"a second, different value of {name!r} for the same "
                                 f"{_SINGULAR[entity.kind]} ({str(current)[:80]!r} is kept)")

    def addf(self, entity: _Entity, name: str, values: list[tuple[str, Any]]) -> None:
        """Append to a list field. Once a second node has been merged into the entity, values it
        already holds are skipped (one node's own list is kept as it is, repeats and all)."""
        current: list[Any] = entity.data.setdefault(name, [])
        merged = entity.nodes > 1
        for p, v in values:
            if merged and (v in current or (name == "alternate_names" and v == entity.data.get("name"))):
                continue
            entity.origins[f"/{name}/{len(current)}"] = p
            current.append(v)

    # -- the walk ----------------------------------------------------------------------------------

    def run(self) -> tuple[dict[str, Any], dict[str, str]]:
        tops = list(self._top_nodes("", self.data))
        modelled = [(p, n, k) for p, n in tops if (k := self._kind(n)) is not None]
        for p, n, k in modelled:  # register first, so entities keep the input's order
            self.entity(p, n, k)
            self._deferred.add(id(n))
        for p, n in tops:
            kind = self._kind(n)
            if kind is not None:
                self.fill(p, n, kind)
            else:
                inside = next(claimreview_nodes(n), None) is not None
                self.not_carried(p, _a('/'.join(types_of(n)) or "node without @type")
                                 + (" (the ClaimReview inside it is read)" if inside else ""))
        for p, n in self._reviews:  # ClaimReviews nested in nodes claimreview does not read
            if id(n) not in self._filled:
                self.fill(p, n, "reviews")
        for p, n in self._media:  # MediaReviews nested in nodes claimreview does not read
            if id(n) not in self._filled:
                self.fill(p, n, "media_reviews")
        if not any(e.kind in ("reviews", "media_reviews") for e in self.entities) and not self._media \
                and next(claimreview_nodes(self.data), None) is None:
            # (a ClaimReview that is there but could not be built has its own findings)
            self.diagnostics.append(JSONLD_NO_CLAIMREVIEW.at("no ClaimReview was found in this input: "
                                          'there is nothing to check (a fact check is a node with "@type": '
                                          '"ClaimReview")', ""))
        self._merge_claims()
        return self._finish()

    def _top_nodes(self, ptr: str, value: Any) -> list[tuple[str, dict[str, Any]]]:
        """The nodes an input holds at its top: through arrays, @graph and DataFeed wrappers
        (walked with a stack, so nesting costs no recursion)."""
        out: list[tuple[str, dict[str, Any]]] = []
        stack: list[tuple[str, Any]] = [(ptr, value)]
        while stack:
            ptr, value = stack.pop()
            inner: list[tuple[str, Any]] = []
            if isinstance(value, list):
                inner = [(ptr + _token(i), v) for i, v in enumerate(value)]
            elif not isinstance(value, dict):
                self.not_carried(ptr, f"a top-level {type(value).__name__} value (JSON-LD nodes are objects)")
            elif "@graph" in value:
                self.leftover(ptr, value, ("@graph",), "graph")
                inner = [(ptr + "/@graph", value["@graph"])]
            elif "DataFeed" in types_of(value) or "DataFeedItem" in types_of(value):
                self._handled.add(id(value))
                if "DataFeed" in types_of(value):
                    self.leftover(ptr, value, ("dataFeedElement",), "/".join(types_of(value)))
                    inner = self.values(ptr, value, "dataFeedElement")
                else:
                    inner = self.values(ptr, value, "item")
                    self._feed_item(ptr, value, inner)
            elif not _is_link(value):
                out.append((ptr, value))
            stack.extend(reversed(inner))
        return out

    def _feed_item(self, ptr: str, node: dict[str, Any], items: list[tuple[str, Any]]) -> None:
        """A DataFeedItem's own url and dates, kept on the ClaimReview it carries (on the first, when
        it carries several)."""
        item: dict[str, Any] = {}
        origins: dict[str, str] = {}
        found = self.url(ptr, node, "url")
        if found:
            item["url"], origins["url"] = found[1], found[0]
        for prop, name in (("dateCreated", "date_created"), ("dateModified", "date_modified")):
            d = self.date(ptr, node, prop)
            if d:
                item[name], origins[name] = d[1], d[0]
        handled = ["item", "url", "dateCreated", "dateModified"]
        self.extra_types(ptr, node, ("DataFeedItem",), "DataFeedItem")
        self.leftover(ptr, node, handled, "DataFeedItem")
        target = next((v for _, v in (self.deref(p, x) for p, x in items)
                       if isinstance(v, dict) and "ClaimReview" in types_of(v)), None)
        if target is None:
            if item:
                self.not_carried(ptr, "the url and dates of a DataFeedItem that carries no ClaimReview")
            return
        self._feed_items[id(target)] = (item, origins)

    def _kind(self, node: dict[str, Any]) -> str | None:
        types = set(types_of(node))
        if "ClaimReview" in types:
            return "reviews"
        if "MediaReview" in types:
            return "media_reviews"
        if "Claim" in types:
            return "claims"
        if "Person" in types:
            return "people"
        if types & ORGANIZATION_TYPES or any(t.endswith("Organization") for t in types):
            return "organizations"
        if "Legislation" in types:
            return "sanctions"
        if types & ARTICLE_TYPES:
            return "articles"
        return None

    def fill(self, ptr: str, node: dict[str, Any], kind: str) -> _Entity:
        entity = self.entity(ptr, node, kind)
        if id(node) in self._filled:
            return entity
        self._filled[id(node)] = node
        self._deferred.discard(id(node))
        entity.nodes += 1
        fillers: dict[str, Callable[[_Entity, str, dict[str, Any]], None]] = {
            "people": self._person, "organizations": self._organization, "sanctions": self._sanction,
            "articles": self._article, "claims": self._claim, "reviews": self._review,
            "media_reviews": self._media_review,
        }
        fillers[kind](entity, ptr, node)
        return entity

    # -- references --------------------------------------------------------------------------------

    def deref(self, ptr: str, value: Any) -> tuple[str, Any]:
        """A link resolved to its node definition (when the input defines it)."""
        if _is_link(value):
            target = self.index.get(value["@id"])
            if target is not None:
                return target
        return ptr, value

    def agent(self, ptr: str, value: Any, role: str, guess: str, types: tuple[str, ...] = ("people", "organizations")
              ) -> _Entity | None:
        """A person or organization from a link, an object or a string (a name or a URL)."""
        ptr, value = self.deref(ptr, value)
        if _is_link(value):
            self.warn(JSONLD_DANGLING_LINK, f"the {role} links to {value['@id']!r}, which this input does not "
                      "define, so its name is unknown; it is left out", ptr)
            return None
        if isinstance(value, str):
            return self._agent_from_text(ptr, value, role, guess)
        if not isinstance(value, dict):
            self.warn(JSONLD_INVALID_VALUE, f"the {role} should be a Person or an Organization, not {value!r}; "
                      "it is left out", ptr)
            return None
        kind = self._kind(value)
        if kind is None and not types_of(value):
            kind = guess
            self.warn(JSONLD_GUESSED, f"the {role} has no @type; it is read as "
                      f"{'a person' if guess == 'people' else 'an organization'}", ptr)
        if kind not in types:
            self.not_carried(ptr, f"{_a('/'.join(types_of(value)) or 'node')} as {role} (claimreview takes "
                             f"{' or '.join(_SINGULAR[t] for t in types)} here)")
            return None
        if id(value) in self._deferred:  # a top-level node: read in its turn (no recursion down long chains)
            return self.entity(ptr, value, kind)
        entity = self.fill(ptr, value, kind)
        return entity if "name" in entity.resolve().data else self._unnamed(entity, ptr, role)

    def _unnamed(self, entity: _Entity, ptr: str, role: str) -> _Entity | None:
        entity = entity.resolve()
        url = entity.data.get("url")
        if url:
            host = _site_name(url)
            entity.data["name"] = host
            entity.origins["/name"] = entity.origins.get("/url", ptr)
            self.warn(JSONLD_GUESSED, f"the {role} has no name; it is named {host!r} after its url", ptr)
            return entity
        self.warn(JSONLD_INCOMPLETE, f"the {role} has neither a name nor a url, so claimreview cannot tell who it "
                  "is; it is left out", ptr)
        entity.merged_into = None
        entity.data["_dropped"] = True
        return None

    def _agent_from_text(self, ptr: str, text: str, role: str, guess: str) -> _Entity | None:
        if not text.strip():
            self.warn(JSONLD_INVALID_VALUE, f"the {role} is empty; it is left out", ptr)
            return None
        node: dict[str, Any]
        if re.match(r"^https?://", text.strip()):
            target = self.index.get(text.strip())
            if target is not None:
                return self.agent(target[0], target[1], role, guess)
            node = {"url": text.strip()} if is_http_url(text.strip()) else {"name": text.strip()}
        else:
            node = {"name": text.strip()}
        self.warn(JSONLD_GUESSED, f"the {role} is given as text; it is read as "
                  f"{'a person' if guess == 'people' else 'an organization'}", ptr)
        entity = self.entity(ptr, node, guess)
        self._filled[id(node)] = node
        entity.nodes += 1
        for key, value in node.items():
            self.setf(entity, key, value, ptr)
        return entity if "name" in entity.resolve().data else self._unnamed(entity, ptr, role)

    def _first_agent(self, e: _Entity, ptr: str, node: dict[str, Any], prop: str, role: str, field_name: str,
                     guess: str, types: tuple[str, ...] = ("people", "organizations")) -> None:
        """A single-valued agent field (a claimant, a reviewer, a publisher, an authority)."""
        found = self.values(ptr, node, prop)
        self.extra_values(ptr, found, prop)
        for p, v in found[:1]:
            agent = self.agent(p, v, role, guess, types)
            if agent is not None:
                self.setf(e, field_name, agent, p)

    def _one_agent(self, ptr: str, node: dict[str, Any], prop: str, role: str, guess: str) -> _Entity | None:
        """The agent of a single-valued property of a value that is no entity (an appearance's
        or a media item's publisher); a second value is reported."""
        found = self.values(ptr, node, prop)
        self.extra_values(ptr, found, prop)
        for p, v in found[:1]:
            return self.agent(p, v, role, guess)
        return None

    def agents(self, ptr: str, node: dict[str, Any], prop: str, role: str, guess: str,
               types: tuple[str, ...] = ("people", "organizations")) -> list[tuple[str, _Entity]]:
        out = []
        for p, v in self.values(ptr, node, prop):
            e = self.agent(p, v, role, guess, types)
            if e is not None:
                out.append((p, e))
        return out

    def subject(self, ptr: str, value: Any, role: str) -> _Entity | None:
        """Anything an article or claim is about or mentions, if it is something claimreview models."""
        ptr, value = self.deref(ptr, value)
        if _is_link(value):
            self.warn(JSONLD_DANGLING_LINK, f"the {role} links to {value['@id']!r}, which this input does not "
                      "define; it is left out", ptr)
            return None
        kind = self._kind(value) if isinstance(value, dict) else None
        if kind is None or not isinstance(value, dict):
            what = "/".join(types_of(value)) if isinstance(value, dict) else repr(value)[:80]
            self.not_carried(ptr, f"{role} {what or 'without @type'} (claimreview models people, organizations, "
                             "sanctions, articles and claims)")
            return None
        if kind in ("people", "organizations"):
            return self.agent(ptr, value, role, kind)
        if id(value) in self._deferred:
            return self.entity(ptr, value, kind)
        return self.fill(ptr, value, kind)

    # -- one filler per kind -----------------------------------------------------------------------

    def _common(self, e: _Entity, ptr: str, node: dict[str, Any], *texts: tuple[str, str]) -> None:
        for prop, name in texts:
            found = self.text(ptr, node, prop)
            if found:
                self.setf(e, name, found[1], found[0])

    def _thing(self, e: _Entity, ptr: str, node: dict[str, Any]) -> None:
        found = self.url(ptr, node, "url")
        if found:
            self.setf(e, "url", found[1], found[0])
        same_as = self.urls(ptr, node, "sameAs")
        if e.kind in ("people", "organizations"):  # the ids the exporter writes as sameAs go back to their fields
            for p, u in same_as:
                for name, value in id_of_uri(u):
                    self.setf(e, name, value, p)
            same_as = [(p, u) for p, u in same_as if not id_of_uri(u)]
        self.addf(e, "same_as", same_as)

    def _person(self, e: _Entity, ptr: str, node: dict[str, Any]) -> None:
        self._common(e, ptr, node, ("name", "name"), ("jobTitle", "job_title"), ("description", "description"))
        self.addf(e, "alternate_names", self.texts(ptr, node, "alternateName"))
        self._thing(e, ptr, node)
        self.addf(e, "affiliations", self.agents(ptr, node, "affiliation", "affiliation", "organizations",
                                                 ("organizations",)))
        found = self.values(ptr, node, "nationality")
        self.extra_values(ptr, found, "nationality")
        for p, v in found[:1]:
            country = self.text_value(p, v, "nationality")
            if country:
                self.setf(e, "nationality", country, p)
        self._image_field(e, ptr, node, "image", "image")
        self.extra_types(ptr, node, ("Person",), "Person")
        self.leftover(ptr, node, ("name", "jobTitle", "description", "alternateName", "url", "sameAs",
                                  "affiliation", "nationality", "image"), "Person")

    def _organization(self, e: _Entity, ptr: str, node: dict[str, Any]) -> None:
        self._common(e, ptr, node, ("name", "name"), ("description", "description"))
        self.addf(e, "alternate_names", self.texts(ptr, node, "alternateName"))
        self._thing(e, ptr, node)
        handled = ["name", "description", "alternateName", "url", "sameAs", "additionalType", "location",
                   "parentOrganization", "logo", "image"]
        self._image_field(e, ptr, node, "logo", "logo")
        self._image_field(e, ptr, node, "image", "image")
        kind = next((_KIND_FROM_TYPE[t] for t in types_of(node) if t in _KIND_FROM_TYPE), None)
        for p, v in self.values(ptr, node, "additionalType"):
            if isinstance(v, str) and v.startswith(KIND_IRI) and v[len(KIND_IRI):] in _KINDS:
                self.setf(e, "kind", v[len(KIND_IRI):], p)
                kind = None
            else:
                self.not_carried(p, f"additionalType {v!r}")
        if kind is not None:
            self.setf(e, "kind", kind.value, ptr + "/@type")
        if "kind" not in e.data:
            self.extra_types(ptr, node, ("Organization",), "Organization")
        found = self.values(ptr, node, "location")
        if not found and "address" in node:
            found = self.values(ptr, node, "address")
            handled.append("address")
        self.extra_values(ptr, found, "location")
        for p, v in found[:1]:
            country = v.get("addressCountry") if isinstance(v, dict) and "addressCountry" in v else v
            p_country = p + "/addressCountry" if country is not v else p
            if country is not v:
                self.leftover(p, v, ("addressCountry",), "/".join(types_of(v)) or "PostalAddress")
            text = self.text_value(p_country, country, "country")
            if text:
                self.setf(e, "country", text, p_country)
        self._first_agent(e, ptr, node, "parentOrganization", "parent organization", "parent", "organizations",
                          ("organizations",))
        self.leftover(ptr, node, handled, "/".join(types_of(node)))

    def _sanction(self, e: _Entity, ptr: str, node: dict[str, Any]) -> None:
        self._common(e, ptr, node, ("name", "title"), ("legislationIdentifier", "identifier"),
                     ("legislationType", "kind"), ("description", "reason"), ("creativeWorkStatus", "status"))
        if "title" not in e.data and "identifier" in e.data:
            self.setf(e, "title", e.data["identifier"], e.origins["/identifier"])
        found = self.date(ptr, node, "legislationDate")
        if found:
            self.setf(e, "date_adopted", found[1], found[0])
        self._thing(e, ptr, node)
        self._first_agent(e, ptr, node, "legislationPassedBy", "authority", "authority", "organizations",
                          ("organizations",))
        self.addf(e, "targets", self.agents(ptr, node, "about", "target", "organizations"))
        self.addf(e, "measures", self.texts(ptr, node, "abstract"))
        self.extra_types(ptr, node, ("Legislation",), "Legislation")
        self.leftover(ptr, node, ("name", "legislationIdentifier", "legislationType", "description",
                                  "creativeWorkStatus", "legislationDate", "url", "sameAs", "legislationPassedBy",
                                  "about", "abstract"), "Legislation")

    def _article(self, e: _Entity, ptr: str, node: dict[str, Any]) -> None:
        self._common(e, ptr, node, ("headline", "headline"), ("genre", "label"), ("description", "description"))
        handled = ["headline", "genre", "description", "url", "datePublished", "dateModified", "publisher",
                   "author", "keywords", "inLanguage", "image", "about", "mentions", "name", "mainEntityOfPage"]
        title = self.text(ptr, node, "name")
        if title:  # kept as given; it stands in for a missing headline too
            self.setf(e, "name", title[1], title[0])
            if "headline" not in e.data:
                self.setf(e, "headline", title[1], title[0])
        page = self._page(ptr, node, "mainEntityOfPage")
        if page:
            self.setf(e, "main_entity_of_page", page[1], page[0])
        found = self.url(ptr, node, "url")
        if found:
            self.setf(e, "url", found[1], found[0])
        for prop, name in (("datePublished", "date_published"), ("dateModified", "date_modified")):
            d = self.date(ptr, node, prop)
            if d:
                self.setf(e, name, d[1], d[0])
        self._first_agent(e, ptr, node, "publisher", "publisher", "publisher", "organizations")
        self.addf(e, "authors", self.agents(ptr, node, "author", "author", "people"))
        self.addf(e, "keywords", self.texts(ptr, node, "keywords", split=True))
        lang = self.language(ptr, node, "inLanguage")
        if lang:
            self.setf(e, "language", lang[1], lang[0])
        self._image_field(e, ptr, node, "image", "image")
        self.addf(e, "about", [(p, s) for p, v in self.values(ptr, node, "about")
                               if (s := self.subject(p, v, "subject")) is not None])
        for p, v in self.values(ptr, node, "mentions"):
            s = self.subject(p, v, "mention")
            if s is None:
                continue
            if s.kind == "claims":
                self.addf(e, "claims", [(p, s)])
            elif s.kind in ("people", "organizations"):
                self.addf(e, "cites", [(p, s)])
            else:
                self.not_carried(p, f"a mention of a {s.kind[:-1]} "
                                 "(claimreview keeps cited outlets and reported claims)")
        self.extra_types(ptr, node, ("NewsArticle", "Article"), "NewsArticle")
        self.leftover(ptr, node, handled, "/".join(types_of(node)))

    def _image(self, ptr: str, value: Any) -> dict[str, Any] | None:
        ptr, value = self.deref(ptr, value)
        if isinstance(value, str) or _is_link(value):
            url = self.url_value(ptr, value, "image")
            return {"url": url} if url else None
        if not isinstance(value, dict):
            self.warn(JSONLD_INVALID_VALUE, "image should be a URL or an ImageObject; it is left out", ptr)
            return None
        image: dict[str, Any] = {}
        for prop, name in (("url", "url"), ("contentUrl", "content_url")):
            found = self.url(ptr, value, prop)
            if found:
                image[name] = found[1]
        for prop, name in (("caption", "caption"), ("creditText", "credit")):
            t = self.text(ptr, value, prop)
            if t:
                image[name] = t[1]
        for prop, name in (("creator", "creators"), ("provider", "providers")):
            agents = [a for _, a in self.agents(ptr, value, prop, f"image {prop}", "organizations")]
            if agents:
                image[name] = agents
        for prop in ("width", "height"):  # pixels; anything else (a Distance, "", "165px") is not carried
            sizes = self.values(ptr, value, prop)
            self.extra_values(ptr, sizes, prop)
            for p, v in sizes[:1]:
                raw = v.get("@value") if isinstance(v, dict) else v
                if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
                    raw = int(raw.strip())
                    if 1 <= raw < 10**9:
                        self.normalised(p, f"{prop} {v!r} is written as the number {raw}")
                if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw < 10**9:
                    image[prop] = raw
                else:
                    self.not_carried(p, f"{prop} {v!r} (claimreview keeps an image's size as whole pixels)")
        if isinstance(value.get("@id"), str) and value["@id"].strip():
            image["iri"] = value["@id"]
        handled = ["url", "contentUrl", "caption", "creditText", "creator", "provider", "width", "height"]
        self.extra_types(ptr, value, ("ImageObject", "MediaObject"), "ImageObject")
        self.leftover(ptr, value, handled, "ImageObject")
        return image

    def _image_field(self, e: _Entity, ptr: str, node: dict[str, Any], prop: str, name: str) -> None:
        images = self.values(ptr, node, prop)
        self.extra_values(ptr, images, prop)
        for p, v in images[:1]:
            image = self._image(p, v)
            if image is not None:
                self.setf(e, name, image, p)

    def _page(self, ptr: str, node: dict[str, Any], prop: str) -> tuple[str, str] | None:
        """``mainEntityOfPage``: a URL, a link or a WebPage, kept as the page's URL."""
        found = self.values(ptr, node, prop)
        self.extra_values(ptr, found, prop)
        for p, v in found[:1]:
            if isinstance(v, dict) and not _is_link(v):
                if "@id" not in v and "url" not in v:
                    self.warn(JSONLD_INVALID_VALUE, f"{prop!r} names no page (no @id or url); it is left out", p)
                    return None
                self.extra_types(p, v, ("WebPage",), "WebPage")
                key = "@id" if "@id" in v else "url"
                self.leftover(p, v, (key,), "/".join(types_of(v)) or "WebPage")
                if key == "@id" and "url" in v and v["url"] != v["@id"]:
                    self.not_carried(p + "/url", "a WebPage's url that differs from its @id")
                p, v = p + _token(key), v[key]
            u = self.url_value(p, v, prop)
            if u is not None:
                return p, u
        return None

    def _appearance(self, ptr: str, value: Any) -> dict[str, Any] | None:
        ptr, value = self.deref(ptr, value)
        if isinstance(value, str):
            if re.match(r"^\s*https?://", value) or (self.page_url and value.strip().startswith("/")):
                url = self.url_value(ptr, value, "appearance")
                return {"url": url} if url else None
            text = self.text_value(ptr, value, "appearance")
            return {"description": text} if text else None
        if _is_link(value):
            url = self.url_value(ptr, value, "appearance")
            return {"url": url} if url else None
        if not isinstance(value, dict):
            self.warn(JSONLD_INVALID_VALUE, "an appearance should be a URL or a CreativeWork; it is left out", ptr)
            return None
        ap: dict[str, Any] = {}
        found = self.url(ptr, value, "url")
        if found:
            ap["url"] = found[1]
        outlet = self._one_agent(ptr, value, "publisher", "outlet", "organizations")
        if outlet is not None:
            ap["outlet"] = outlet
        d = self.date(ptr, value, "datePublished")
        if d:
            ap["date"] = d[1]
        t = self.text(ptr, value, "description")
        if t:
            ap["description"] = t[1]
        self.extra_types(ptr, value, (), "CreativeWork")
        self.leftover(ptr, value, ("url", "publisher", "datePublished", "description"),
                      "/".join(types_of(value)) or "CreativeWork")
        if not ap:
            self.warn(JSONLD_INCOMPLETE, "this appearance has no url, publisher or description claimreview can "
                      "keep; it is left out", ptr)
            return None
        return ap

    def _claim(self, e: _Entity, ptr: str, node: dict[str, Any], claim_reviewed: tuple[str, str] | None = None
               ) -> None:
        handled = ["text", "author", "datePublished", "appearance", "firstAppearance", "about", "inLanguage", "name"]
        found = self.text(ptr, node, "text") or claim_reviewed
        name = self.text(ptr, node, "name") if "name" in node else None
        if name:  # kept as given; it stands in for a missing text too
            self.setf(e, "name", name[1], name[0])
        found = found or name
        if found:
            self.setf(e, "text", found[1], found[0])
        self._first_agent(e, ptr, node, "author", "claimant", "claimant", "people")
        d = self.date(ptr, node, "datePublished")
        if d:
            self.setf(e, "date", d[1], d[0])
        found_url = self.url(ptr, node, "url")
        if found_url:
            self.setf(e, "url", found_url[1], found_url[0])
            handled.append("url")
        self.addf(e, "appearances", [(p, ap) for p, v in self.values(ptr, node, "appearance")
                                     if (ap := self._appearance(p, v)) is not None])
        firsts = self.values(ptr, node, "firstAppearance")
        self.extra_values(ptr, firsts, "firstAppearance")
        for p, v in firsts[:1]:
            ap = self._appearance(p, v)
            if ap:
                self.setf(e, "first_appearance", ap, p)
        self.addf(e, "about", [(p, s) for p, v in self.values(ptr, node, "about")
                               if (s := self.subject(p, v, "subject")) is not None])
        lang = self.language(ptr, node, "inLanguage")
        if lang:
            self.setf(e, "language", lang[1], lang[0])
        self.extra_types(ptr, node, ("Claim",), "Claim")
        self.leftover(ptr, node, handled, "/".join(types_of(node)) or "Claim")

    def _review(self, e: _Entity, ptr: str, node: dict[str, Any]) -> None:
        texts = self.texts(ptr, node, "claimReviewed")
        claim_reviewed = texts[0] if texts else None
        item = self._item_reviewed(ptr, node, claim_reviewed)
        if item is not None:
            self.setf(e, "claim", item, ptr + "/itemReviewed" if "itemReviewed" in node else ptr)
            text = item.resolve().data.get("text")
            if texts and [t for _, t in texts] != [text]:  # several texts, or another wording: kept as given
                self.addf(e, "claim_reviewed", texts)
        handled = ["claimReviewed", "itemReviewed", "author", "reviewRating", "url", "datePublished", "headline",
                   "inLanguage", "description", "publisher", "name", "dateModified", "image", "mainEntityOfPage",
                   "identifier", "sdLicense", "sdPublisher", "associatedMediaReview"]
        for p, v in self.values(ptr, node, "associatedMediaReview"):
            media = self._associated(p, v, "media_reviews", "associatedMediaReview")
            if media is not None:  # the model keeps the link once, on the media review
                self._associate(media, e, p)
        self._first_agent(e, ptr, node, "author", "review's author", "reviewer", "organizations")
        self._first_agent(e, ptr, node, "publisher", "review's publisher", "publisher", "organizations")
        if "reviewer" not in e.data and "publisher" in e.data:  # the publisher is taken to be the reviewer
            self.setf(e, "reviewer", e.data["publisher"], e.origins["/publisher"])
        self._first_agent(e, ptr, node, "sdPublisher", "structured data's publisher", "sd_publisher",
                          "organizations")
        for prop, name in (("dateModified", "date_modified"),):
            d = self.date(ptr, node, prop)
            if d:
                self.setf(e, name, d[1], d[0])
        self._common(e, ptr, node, ("name", "name"))
        self._image_field(e, ptr, node, "image", "image")
        page = self._page(ptr, node, "mainEntityOfPage")
        if page:
            self.setf(e, "main_entity_of_page", page[1], page[0])
        found_license = self.url(ptr, node, "sdLicense")
        if found_license:
            self.setf(e, "sd_license", found_license[1], found_license[0])
        identifiers = self.values(ptr, node, "identifier")
        self.extra_values(ptr, identifiers, "identifier")
        for p, v in identifiers[:1]:
            if isinstance(v, dict) and "@value" not in v:
                self.not_carried(p, "an identifier given as an object (claimreview keeps an identifier as text)")
                continue
            t = self.text_value(p, v, "identifier")
            if t:
                self.setf(e, "identifier", t, p)
        feed = self._feed_items.get(id(node))
        if feed is not None:
            self.setf(e, "feed_item", feed[0], ptr)
            e.origins.update({f"/feed_item/{k}": v for k, v in feed[1].items()})
        found = self.url(ptr, node, "url")
        if found:
            self.setf(e, "url", found[1], found[0])
        if "reviewer" not in e.data and found:
            parsed = urls.http_url(found[1])
            origin = parsed.origin if isinstance(parsed, urls.HttpUrl) else found[1]
            org = {"name": _site_name(found[1]), "url": f"{origin}/"}
            self.warn(JSONLD_GUESSED, f"the review names no author; its reviewer is taken to be {org['name']!r}, "
                      "the site of its url", ptr)
            reviewer = self.entity(ptr, org, "organizations")
            self._filled[id(org)] = org
            reviewer.nodes += 1
            for k, v in org.items():
                self.setf(reviewer, k, v, found[0])
            self.setf(e, "reviewer", reviewer, found[0])
        d = self.date(ptr, node, "datePublished")
        if d:
            self.setf(e, "date", d[1], d[0])
        self._common(e, ptr, node, ("headline", "headline"), ("description", "note"))
        lang = self.language(ptr, node, "inLanguage")
        if lang:
            self.setf(e, "language", lang[1], lang[0])
        ratings = self.values(ptr, node, "reviewRating")
        self.extra_values(ptr, ratings, "reviewRating")
        for p, v in ratings[:1]:
            rating = self._rating(p, v, e)
            if rating:
                self.setf(e, "rating", rating, p)
        self.extra_types(ptr, node, ("ClaimReview",), "ClaimReview")
        self.leftover(ptr, node, handled, "ClaimReview")

    def _associated(self, ptr: str, value: Any, kind: str, prop: str) -> _Entity | None:
        """The review an ``associatedClaimReview`` or ``associatedMediaReview`` names, read as an entity."""
        ptr, value = self.deref(ptr, value)
        want = _TYPE_NAMES[kind]
        if _is_link(value) or isinstance(value, str):
            self.warn(JSONLD_DANGLING_LINK, f"{prop} links to {value['@id'] if _is_link(value) else value!r}, which "
                      f"this input does not define as a {want}; the link is left out", ptr)
            return None
        if not isinstance(value, dict) or want not in types_of(value):
            what = "/".join(types_of(value)) if isinstance(value, dict) else type(value).__name__
            self.not_carried(ptr, f"{_a(what or 'node without @type')} as {prop} (claimreview links a {want} here)")
            return None
        if id(value) in self._deferred:
            return self.entity(ptr, value, kind)
        return self.fill(ptr, value, kind)

    def _associate(self, media: _Entity, review: _Entity, ptr: str) -> None:
        """One link between a media review and a ClaimReview, however many sides state it."""
        current = media.resolve().data.get("claim_reviews", [])
        if not any(r.resolve() is review.resolve() for r in current):
            self.addf(media.resolve(), "claim_reviews", [(ptr, review)])

    def _media_review(self, e: _Entity, ptr: str, node: dict[str, Any]) -> None:
        handled = ["itemReviewed", "author", "url", "datePublished", "headline", "inLanguage", "description",
                   "mediaAuthenticityCategory", "originalMediaContextDescription", "originalMediaLink",
                   "associatedClaimReview"]
        self._first_agent(e, ptr, node, "author", "media review's author", "reviewer", "organizations")
        found = self.url(ptr, node, "url")
        if found:
            self.setf(e, "url", found[1], found[0])
        d = self.date(ptr, node, "datePublished")
        if d:
            self.setf(e, "date", d[1], d[0])
        self._common(e, ptr, node, ("headline", "headline"), ("description", "note"),
                     ("originalMediaContextDescription", "original_context"))
        lang = self.language(ptr, node, "inLanguage")
        if lang:
            self.setf(e, "language", lang[1], lang[0])
        ratings = []
        for p, v in self.values(ptr, node, "mediaAuthenticityCategory"):
            raw = v["@id"] if _is_link(v) else v
            name = local_name(raw.strip()) if isinstance(raw, str) else None
            if name in _AUTHENTICITY:
                ratings.append((p, name))
            else:
                self.warn(JSONLD_INVALID_VALUE, f"mediaAuthenticityCategory is {v!r}, not one of schema.org's "
                          f"MediaManipulationRatingEnumeration ({', '.join(_AUTHENTICITY)}); it is left out", p)
        self.addf(e, "authenticity", ratings)
        originals = self.values(ptr, node, "originalMediaLink")
        self.extra_values(ptr, originals, "originalMediaLink")
        for p, v in originals[:1]:
            p, v = self.deref(p, v)
            if isinstance(v, dict) and not _is_link(v):
                found = self.url(p, v, "contentUrl") or self.url(p, v, "url")
                self.leftover(p, v, ("contentUrl", "url"), "/".join(types_of(v)) or "MediaObject")
                if found:
                    self.setf(e, "original_media", found[1], found[0])
            elif (u := self.url_value(p, v, "originalMediaLink")) is not None:
                self.setf(e, "original_media", u, p)
        items = self.values(ptr, node, "itemReviewed")
        self.extra_values(ptr, items, "itemReviewed")
        for p, v in items[:1]:
            self._media_item_reviewed(e, *self.deref(p, v))
        # its own associatedClaimReview comes first, in its order; links only the ClaimReviews stated follow
        earlier = [(e.origins.get(f"/claim_reviews/{i}", ptr), r)
                   for i, r in enumerate(e.data.pop("claim_reviews", []))]
        for i in range(len(earlier)):
            e.origins.pop(f"/claim_reviews/{i}", None)
        for p, v in self.values(ptr, node, "associatedClaimReview"):
            review = self._associated(p, v, "reviews", "associatedClaimReview")
            if review is not None:
                self._associate(e, review, p)
        for p, review in earlier:
            self._associate(e, review, p)
        self.extra_types(ptr, node, ("MediaReview",), "MediaReview")
        self.leftover(ptr, node, handled, "MediaReview")

    def _media_item_reviewed(self, e: _Entity, ptr: str, value: Any) -> None:
        """A MediaReview's itemReviewed: a MediaReviewItem (its appearances, creator and claims) or
        one MediaObject."""
        if isinstance(value, str) or _is_link(value):
            url = self.url_value(ptr, value, "itemReviewed")
            if url:
                self.addf(e, "media", [(ptr, {"content_url": url})])
            return
        if not isinstance(value, dict):
            self.warn(JSONLD_INVALID_VALUE, "itemReviewed should be a MediaReviewItem or a MediaObject; it is left "
                      "out", ptr)
            return
        holder = value
        if "MediaReviewItem" in types_of(value) or "mediaItemAppearance" in value:
            media = [(p, m) for p, v in self.values(ptr, value, "mediaItemAppearance")
                     if (m := self._media_object(*self.deref(p, v))) is not None]
            self.extra_types(ptr, value, ("MediaReviewItem",), "MediaReviewItem")
            self.leftover(ptr, value, ("mediaItemAppearance", "creator", "interpretedAsClaim"), "MediaReviewItem")
        else:
            one = self._media_object(ptr, value, leftover=("creator", "interpretedAsClaim"))
            media = [(ptr, one)] if one is not None else []
        self.addf(e, "media", media)
        self._first_agent(e, ptr, holder, "creator", "media's creator", "media_creator", "people")
        for p, v in self.values(ptr, holder, "interpretedAsClaim"):
            claim = self._interpreted_claim(*self.deref(p, v))
            if claim is not None:
                self.addf(e, "claims", [(p, claim)])

    def _media_object(self, ptr: str, value: Any, leftover: tuple[str, ...] = ()) -> dict[str, Any] | None:
        if isinstance(value, str) or _is_link(value):
            url = self.url_value(ptr, value, "mediaItemAppearance")
            return {"content_url": url} if url else None
        if not isinstance(value, dict):
            self.warn(JSONLD_INVALID_VALUE, "a media item should be a MediaObject (an ImageObject, VideoObject, "
                      "AudioObject or their snapshots); it is left out", ptr)
            return None
        item: dict[str, Any] = {}
        known = [t for t in types_of(value) if t in _MEDIA_TYPES]
        if known:
            item["type"] = known[0]
        for prop, name in (("contentUrl", "content_url"), ("url", "url"), ("archivedAt", "archived_at")):
            found = self.url(ptr, value, prop)
            if found:
                item[name] = found[1]
        t = self.text(ptr, value, "description")
        if t:
            item["description"] = t[1]
        d = self.date(ptr, value, "uploadDate") or self.date(ptr, value, "datePublished")
        if d:
            item["date"] = d[1]
        outlet = self._one_agent(ptr, value, "publisher", "media's publisher", "organizations")
        if outlet is not None:
            item["outlet"] = outlet
        self.extra_types(ptr, value, known[:1], known[0] if known else "MediaObject")
        self.leftover(ptr, value, ("contentUrl", "url", "archivedAt", "description", "uploadDate", "datePublished",
                                   "publisher", *leftover), "/".join(types_of(value)) or "MediaObject")
        if not any(k in item for k in ("content_url", "url", "archived_at", "description")):
            self.warn(JSONLD_INCOMPLETE, "this media item has no contentUrl, url, archivedAt or description "
                      "claimreview can keep; it is left out", ptr)
            return None
        return item

    def _interpreted_claim(self, ptr: str, value: Any) -> _Entity | None:
        """A claim the media was taken to make: a Claim (its text, or its name or description when
        it has no text), or text."""
        if isinstance(value, str):
            value = {"@type": "Claim", "text": value}
        if not isinstance(value, dict) or _is_link(value):
            self.warn(JSONLD_INVALID_VALUE, "interpretedAsClaim should be a Claim; it is left out", ptr)
            return None
        if id(value) in self._filled:
            return self._by_node[id(value)][1].resolve()
        claim = self.entity(ptr, value, "claims")
        self._filled[id(value)] = value
        claim.nodes += 1
        said = None if "text" in value else (self.text(ptr, value, "name") or self.text(ptr, value, "description"))
        if said is not None:
            prop = said[0].rsplit("/", 1)[-1]
            self.setf(claim, "text", said[1], said[0])
            self.warn(JSONLD_GUESSED, f"this Claim has no text; its {prop} is read as the claim's text", ptr)
            value = {k: v for k, v in value.items() if k != prop}
        self._claim(claim, ptr, value)
        return claim if "text" in claim.data else None

    def _item_reviewed(self, ptr: str, node: dict[str, Any], claim_reviewed: tuple[str, str] | None
                       ) -> _Entity | None:
        items = self.values(ptr, node, "itemReviewed")
        self.extra_values(ptr, items, "itemReviewed")
        if not items:
            if claim_reviewed is None:
                return None
            claim = self.entity(ptr, {}, "claims")
            self.setf(claim, "text", claim_reviewed[1], claim_reviewed[0])
            return claim
        p, v = self.deref(*items[0])
        if _is_link(v):
            self.warn(JSONLD_DANGLING_LINK, f"itemReviewed links to {v['@id']!r}, which this input does not define",
                      p)
            v = {}
        if isinstance(v, str):
            v = {"appearance": v} if re.match(r"^\s*https?://", v) else {"text": v}
        if not isinstance(v, dict):
            self.warn(JSONLD_INVALID_VALUE, "itemReviewed should be a Claim; it is left out", p)
            v = {}
        claim = self.entity(p, v, "claims")
        if id(v) not in self._filled:
            self._filled[id(v)] = v
            if types_of(v) and "Claim" not in types_of(v):
                self._creative_work_claim(claim, p, v, claim_reviewed)
            else:
                self._claim(claim, p, v, claim_reviewed)
        if "text" not in claim.data:
            return None
        return claim

    def _creative_work_claim(self, e: _Entity, ptr: str, node: dict[str, Any],
                             claim_reviewed: tuple[str, str] | None) -> None:
        """The older shape: itemReviewed a CreativeWork carrying the claim (its author the claimant)."""
        if claim_reviewed:
            self.setf(e, "text", claim_reviewed[1], claim_reviewed[0])
        self._first_agent(e, ptr, node, "author", "claimant", "claimant", "people")
        d = self.date(ptr, node, "datePublished")
        if d:
            self.setf(e, "date", d[1], d[0])
        name = self.text(ptr, node, "name")
        if name:
            self.setf(e, "name", name[1], name[0])
        u = self.url(ptr, node, "url")
        ap: dict[str, Any] = {"url": u[1]} if u else {}
        if u:  # the url stays the claim's own too (where AFP's template puts the original post)
            self.setf(e, "url", u[1], u[0])
        outlets = self.values(ptr, node, "publisher")
        self.extra_values(ptr, outlets, "publisher")
        for p, v in outlets[:1]:
            outlet = self.agent(p, v, "outlet", "organizations")
            if outlet is not None:
                ap["outlet"] = outlet
        if ap:
            self.addf(e, "appearances", [(ptr, ap)])
        self.not_carried(ptr + "/@type", f"type {'/'.join(types_of(node))!r} of itemReviewed (claimreview reads it "
                         "as a Claim, its url and publisher also as where the claim appeared)")
        self.leftover(ptr, node, ("author", "datePublished", "url", "publisher", "name"), "/".join(types_of(node)))

    def _rating(self, ptr: str, value: Any, review: _Entity) -> dict[str, Any] | None:
        ptr, value = self.deref(ptr, value)
        if not isinstance(value, dict):
            self.warn(JSONLD_INVALID_VALUE, "reviewRating should be a Rating object; it is left out", ptr)
            return None
        rating: dict[str, Any] = {}
        handled = ["alternateName", "ratingValue", "bestRating", "worstRating", "ratingExplanation", "image"]
        label = self.text(ptr, value, "alternateName")
        name = self.text(ptr, value, "name")
        if label is None and name is not None:
            label = name
            handled.append("name")
        elif name is not None and label is not None and name[1] == label[1]:
            handled.append("name")
        if label:
            rating["label"] = label[1]
            review.origins["/rating/label"] = label[0]
        for prop, key in (("ratingValue", "value"), ("bestRating", "best"), ("worstRating", "worst")):
            n = self.number(ptr, value, prop)
            if n:
                rating[key] = n[1]
                review.origins[f"/rating/{key}"] = n[0]
        t = self.text(ptr, value, "ratingExplanation")
        if t:
            rating["explanation"] = t[1]
        images = self.values(ptr, value, "image")
        self.extra_values(ptr, images, "image")
        for p, v in images[:1]:
            img = self._image(p, v)
            if img and (img.get("url") or img.get("content_url")):
                rating["image"] = img.get("url") or img["content_url"]
        self.leftover(ptr, value, handled, "Rating")
        return rating if "label" in rating else None

    # -- the end: merge, name, shape ---------------------------------------------------------------

    def _merge_claims(self) -> None:
        """Claims without an @id that say the same thing, by the same claimant on the same date, are one."""
        seen: dict[tuple[Any, ...], _Entity] = {}
        for e in self.entities:
            if e.kind != "claims" or e.iri or e.merged_into is not None or "text" not in e.data:
                continue
            claimant = e.data.get("claimant")
            key = (e.data["text"], id(claimant.resolve()) if claimant else None, e.data.get("date"))
            first = seen.setdefault(key, e)
            if first is not e:
                e.merged_into = first
                for name in ("appearances", "about"):
                    self.addf(first, name, [(e.origins.get(f"/{name}/{i}", e.ptr), v)
                                            for i, v in enumerate(e.data.get(name, []))])
                for name in ("first_appearance", "language"):
                    if name in e.data:
                        self.setf(first, name, e.data[name], e.origins.get("/" + name, e.ptr))

    def _assign_ids(self, live: list[_Entity]) -> None:
        """Ids from local @ids first (so they stay what they were), then from the fragments of other
        @ids, then slugs; reviews last, as ``review-<claim id>``."""
        taken = Taken()
        for e in live:
            local = self._local(e.iri) if e.iri else None
            if local and local not in taken:
                e.id = local
                taken.add(local)
        for e in live:  # then the fragment of another page's @id (https://example.org/#fact-check-desk)
            fragment = urldefrag(e.iri)[1] if e.iri and not e.id else ""
            if (fragment and _ID_RE.match(fragment) and len(fragment) <= 200 and fragment not in taken
                    and fragment.casefold() not in _GENERIC_FRAGMENTS):
                e.id = fragment
                taken.add(fragment)
        for e in sorted((x for x in live if not x.id), key=lambda x: x.kind in ("reviews", "media_reviews")):
            if e.kind == "media_reviews":
                claims = e.data.get("claims") or []
                base = f"media-review-{claims[0].resolve().id}"[:184] if claims else "media-review"
            elif e.kind == "reviews":
                claim = e.data.get("claim")
                # ids are at most 200 characters: leave room for "review-" and a "-N" suffix
                base = f"review-{claim.resolve().id}"[:190] if claim is not None else "review"
            else:
                label = next((e.data[k] for k in ("text", "headline", "name", "title") if k in e.data), "")
                base = slug(str(label), 40 if e.kind == "claims" else 48) or _SINGULAR[e.kind]
            e.id = unique(base, taken)
        for e in live:  # an @id that is not this document's own #id is kept as it was written
            if e.iri and self._local(e.iri) != e.id:
                e.data["iri"] = e.iri
                e.origins["/iri"] = e.ptr + "/@id"

    def _drop_incomplete(self) -> None:
        """Leave out, with a warning, every entity that lacks a field the model requires (and
        what needs one that was left out: a review whose claim could not be kept)."""
        for e in self.entities:  # a person or organization known only by its url is named after it
            if (e.kind in ("people", "organizations") and e.merged_into is None and "name" not in e.data
                    and "url" in e.data and not e.data.get("_dropped")):
                host = _site_name(e.data["url"])
                self.setf(e, "name", host, e.origins.get("/url", e.ptr))
                self.warn(JSONLD_GUESSED, f"this {_TYPE_NAMES[e.kind]} has no name; it is named {host!r} after "
                          "its url", e.ptr)
        changed = True
        while changed:
            changed = False
            for e in self.entities:
                if e.merged_into is not None or e.data.get("_dropped"):
                    continue
                missing = [what for name, what in _REQUIRED[e.kind]
                           if name not in e.data or e.data[name] == [] or (isinstance(e.data[name], _Entity)
                                                     and e.data[name].resolve().data.get("_dropped"))]
                if missing:
                    e.data["_dropped"] = changed = True
                    self.warn(JSONLD_INCOMPLETE, f"this {_TYPE_NAMES[e.kind]} lacks {' and '.join(missing)}, "
                              f"which claimreview needs; it is left out", e.ptr)

    def _finish(self) -> tuple[dict[str, Any], dict[str, str]]:
        self._drop_incomplete()
        live = [e for e in self.entities if e.merged_into is None and not e.data.get("_dropped")]
        self._assign_ids(live)
        dropped = {id(e) for e in self.entities if e.data.get("_dropped")}
        shaped: dict[str, Any] = {"claimreview": "1"}
        origins: dict[str, str] = {}
        for kind in KINDS:
            rows: list[dict[str, Any]] = []
            for e in (x for x in live if x.kind == kind):
                base = f"/{kind}/{len(rows)}"
                origins[base] = e.ptr
                origins[base + "/id"] = e.ptr
                origins.update({base + k: v for k, v in e.origins.items()})
                row = {"id": e.id}
                for name, value in e.data.items():
                    resolved = self._resolved(value, dropped, e, name)
                    if resolved not in (None, []):
                        row[name] = resolved
                rows.append(row)
            if rows:
                shaped[kind] = rows
        return shaped, origins

    def _resolved(self, value: Any, dropped: set[int], owner: _Entity, name: str) -> Any:
        if isinstance(value, _Entity):
            target = value.resolve()
            if id(target) in dropped:
                return None
            if target is owner.resolve() and name in ("parent", "affiliations"):
                return None
            return target.id
        if isinstance(value, list):
            out = []
            first_ref: dict[int, _Entity] = {}
            for v in value:
                if isinstance(v, _Entity) and first_ref.setdefault(id(v.resolve()), v) is not v:
                    continue  # two references merged into one entity count once
                r = self._resolved(v, dropped, owner, name)
                if r is not None:
                    out.append(r)
            return out
        if isinstance(value, dict):
            return {k: r for k, v in value.items() if (r := self._resolved(v, dropped, owner, name)) is not None}
        return value


FORMAT = Format(
    "jsonld", "schema.org ClaimReview JSON-LD: a linked @graph, or one self-contained ClaimReview per "
    "review (--profile claimreview)", (".jsonld", ".json"), f"{__name__}:read",
    "claimreview.exporters.jsonld:JsonLdExporter", sniff=f"{__name__}:sniff", codes=CODES, aliases=("json-ld", "ld"),
    records="claimreview.readers.feed:array_records", writer="claimreview.exporters.jsonld:DataFeedWriter",
    options=(PROFILE, REVIEW, RULES, PAGE_URL, SPLIT),
)
