"""Google Fact Check Tools API responses (``claims:search``) -> Document.

Accepted inputs: a ``claims:search`` response object (``{"claims": [...], "nextPageToken": ...}``),
a bare list of claims, or several responses (pages) as JSON Lines, one response per line.

How the API's fields map to the model (field names from the API reference, v1alpha1):

=============================  ===================================================================
API                            claimreview
=============================  ===================================================================
``claims[].text``              ``Claim.text``
``claims[].claimant``          an entity named so, merged by name; see "Claimants" below
``claims[].claimDate``         ``Claim.date``; see "Dates" below
``claims[].claimReview[]``     one ``Review`` each, its ``claim`` the claim above
``claimReview[].publisher``    ``Review.reviewer``: an Organization of kind ``fact-checker`` (it
                               published a fact check), merged by name with the same name elsewhere
``publisher.name``             ``Organization.name`` (the site stands in for a missing name, with a
                               warning)
``publisher.site``             ``Organization.url``; see "Sites" below
``claimReview[].url``          ``Review.url``
``claimReview[].title``        ``Review.headline``
``claimReview[].reviewDate``   ``Review.date``; see "Dates" below
``claimReview[].textualRating``  ``Review.rating.label``; required (its absence is an error)
``claimReview[].languageCode`` ``Review.language``
``nextPageToken``              not data: a warning says that more pages exist
=============================  ===================================================================

Claimants. The API gives only a name and does not say whether it is a person or an organization
("Donald Trump", "Facebook posts", "Multiple sources"). By default a claimant becomes an
Organization with no kind: the name is kept without asserting that a human being stands behind
it, and organization is the reading that fits the vague, collective claimants the API often gives.
``read(..., claimant_kind="person")`` makes claimants Persons instead. Claimants are merged by name
(case and runs of white space ignored), with each other and, as organizations, with publishers.

Sites. The API documents ``publisher.site`` as a host name "without the protocol or www prefix",
taken from the review's URL. A web address is made from it only when the review URL confirms it:
the review is at ``https://www.politifact.com/...`` and the site is ``politifact.com``, so the
publisher's URL is ``https://www.politifact.com`` (scheme and host as the review URL has them).
Otherwise no scheme can be given without guessing, and a warning says the site was left out. A
publisher seen under one name with several sites keeps the first as its url and the others as
``same_as``.

Dates. The API writes dates as RFC 3339 timestamps; a day with no time of day comes out as
midnight UTC (``2020-03-12T00:00:00Z``). Such a midnight-UTC value becomes the date alone
(``2020-03-12``), so no precision is invented; any other timestamp is kept whole.

Nothing is dropped silently: a field the model cannot carry (an unknown key, a blank value, a
site that cannot become a URL) is a warning with its JSON Pointer into the response; a missing
claim text, publisher or textual rating is an error with the pointer of the object that lacks it.
Every diagnostic, including the model's own, points into the response (not into the generated
Document) and carries the line and column; in JSON Lines, ``item`` is the page's index.

Generated ids are slugs of the names and claim texts (``politifact``, ``claim-crime-has-doubled``,
``review-politifact-crime-has-doubled``), made unique with ``-2``, ``-3``; text with no Latin
letters or digits gets a short hash instead, so the same response always gives the same ids.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from claimreview import urls
from claimreview.formats import CLAIMANT_KIND, Format
from claimreview.readers._model import build_document
from claimreview.readers.base import INPUT_OPTION, Loaded, Source
from claimreview.readers.ids import Taken, digest, slug, unique
from claimreview.readers.strictjson import JsonLocator, parse
from claimreview.readers.text import decode
from claimreview.validation.diagnostics import (
    ERROR,
    WARNING,
    Code,
    Diagnostic,
    escape_token,
    has_errors,
)

API_EMPTY_VALUE = Code("api.empty-value", WARNING, "An empty string, left out (the model has no empty strings)")
API_INVALID_SHAPE = Code("api.invalid-shape", ERROR,
    "The response, a claim or its claimReview list is not the shape the API returns")
API_INVALID_TYPE = Code("api.invalid-type", ERROR,
    "A value of the wrong JSON type (a number where the API gives a string, ...)")
API_MISSING_CLAIM_TEXT = Code("api.missing-claim-text", ERROR, "A claim without text: there is nothing to review")
API_MISSING_PUBLISHER = Code("api.missing-publisher", ERROR, "A review without a publisher name or site")
API_MISSING_RATING = Code("api.missing-rating", ERROR, "A review without textualRating (a review must have a verdict)")
API_NO_CLAIMS = Code("api.no-claims", ERROR,
    "The response holds no claim (an empty search result): there is nothing to check")
API_MORE_PAGES = Code("api.more-pages", WARNING, "NextPageToken says the search has more pages than this file holds")
API_PUBLISHER_NAMED_BY_SITE = Code("api.publisher-named-by-site", WARNING,
    "A publisher with no name, named after its site")
API_SITE_NOT_KEPT = Code("api.site-not-kept", WARNING,
    "A publisher site that could not honestly be made a URL (no review URL on that host)")
API_UNKNOWN_FIELD = Code("api.unknown-field", WARNING,
    "A field the Fact Check Tools API does not document; not carried into the model")

CODES: tuple[Code, ...] = (
    API_EMPTY_VALUE,
    API_INVALID_SHAPE,
    API_INVALID_TYPE,
    API_MISSING_CLAIM_TEXT,
    API_MISSING_PUBLISHER,
    API_MISSING_RATING,
    API_MORE_PAGES,
    API_NO_CLAIMS,
    API_PUBLISHER_NAMED_BY_SITE,
    API_SITE_NOT_KEPT,
    API_UNKNOWN_FIELD,
)

_RESPONSE_KEYS = ("claims", "nextPageToken")
_CLAIM_KEYS = ("text", "claimant", "claimDate", "claimReview")
_REVIEW_KEYS = ("publisher", "url", "title", "reviewDate", "textualRating", "languageCode")
_PUBLISHER_KEYS = ("name", "site")

_MIDNIGHT_UTC = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)$", re.IGNORECASE)


# -- pages -----------------------------------------------------------------------------------


@dataclass
class _Page:
    """One parsed response: its data and where its text sits in the file."""

    data: Any
    locator: JsonLocator
    line_offset: int = 0
    item: int | None = None

    def place(self, d: Diagnostic, file: str) -> Diagnostic:
        line, column = self.locator.locate(d.pointer)
        return d.at(file=file, line=None if line is None else line + self.line_offset, column=column, item=self.item)


def _pages(text: str, file: str) -> tuple[list[_Page], list[Diagnostic]]:
    """The response, or each page of a JSON Lines file (a bad line is reported, the rest read)."""
    data, problems = parse(text, file)
    if not problems:
        return [_Page(data, JsonLocator(text, file))], []
    if not _looks_like_lines(text):
        return [], problems
    pages: list[_Page] = []
    problems = []
    item = 0
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        data, found = parse(line, file)
        if found:
            problems += [d.at(line=(d.line or 1) + number, item=item) for d in found]
        else:
            pages.append(_Page(data, JsonLocator(line, file), number, item))
        item += 1
    return pages, problems


def _looks_like_lines(text: str) -> bool:
    """More than one non-blank line, and the first is a whole JSON object or array by itself."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict | list)
    except (ValueError, RecursionError):
        return False


# -- ids -------------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# -- the mapping -----------------------------------------------------------------------------


@dataclass
class _Where:
    page: int
    pointer: str


@dataclass
class _Builder:
    file: str
    pages: list[_Page]
    claimant_kind: str = "organization"
    people: list[dict[str, Any]] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    found: list[tuple[int | None, Diagnostic]] = field(default_factory=list)
    where: dict[str, _Where] = field(default_factory=dict)
    """Document pointer -> the place in the response it came from."""
    _ids: set[str] = field(default_factory=Taken)
    _orgs: dict[str, int] = field(default_factory=dict)
    _people: dict[str, int] = field(default_factory=dict)

    # -- helpers ----------------------------------------------------------------------------

    def _id(self, base: str) -> str:
        return unique(base, self._ids)

    def _say(self, page: int, d: Diagnostic) -> None:
        self.found.append((page, d))

    def _map(self, doc_pointer: str, page: int, pointer: str) -> None:
        self.where.setdefault(doc_pointer, _Where(page, pointer))

    def _unknown_keys(self, page: int, obj: dict[str, Any], known: tuple[str, ...], base: str, what: str) -> None:
        for key in obj:
            if key not in known:
                self._say(page, API_UNKNOWN_FIELD.at(f"{key!r} is not a field of the Fact Check Tools "
                                        f"API's {what} ({', '.join(known)}) and claimreview has no place for it: "
                                        "it was left out", f"{base}/{escape_token(key)}"))

    def _string(self, page: int, obj: dict[str, Any], key: str, base: str) -> str | None:
        """The string at ``obj[key]``, or None (with an error for a wrong type, a warning for blank)."""
        if key not in obj or obj[key] is None:
            return None
        value = obj[key]
        pointer = f"{base}/{key}"
        if not isinstance(value, str):
            self._say(page, API_INVALID_TYPE.at(f"{key!r} must be a string, not {_json_type(value)}", pointer))
            return None
        if not value.strip():
            self._say(page, API_EMPTY_VALUE.at(f"{key!r} is empty, so it was left out", pointer))
            return None
        return value

    def _required(self, page: int, obj: dict[str, Any], key: str, base: str, code: Code, message: str) -> str | None:
        """The string at ``obj[key]``; an error with ``code`` at ``base`` when it is missing or blank."""
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if value is not None and not isinstance(value, str):
            self._say(page, API_INVALID_TYPE.at(f"{key!r} must be a string, not {_json_type(value)}",
                                  f"{base}/{key}"))
        else:
            self._say(page, code.at(message, f"{base}/{key}" if key in obj else base))
        return None

    def _object(self, page: int, value: Any, pointer: str, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self._say(page, API_INVALID_SHAPE.at(f"{what} must be an object, not {_json_type(value)}", pointer))
        return None

    # -- pages and claims -------------------------------------------------------------------

    def add_page(self, page: int, data: Any, last: bool = True) -> None:
        """One response; ``last`` is False for a page that later lines of the file continue."""
        if isinstance(data, list):
            self._claims(page, data, "")
            return
        if isinstance(data, dict) and _ONE_CLAIM_KEYS & data.keys() and not _RESPONSE_ONLY_KEYS & data.keys():
            self._claim(page, data, "")  # one Claim object, as a client keeps one search result
            return
        response = self._object(page, data, "", "a claims:search response (or a list of claims)")
        if response is None:
            return
        self._unknown_keys(page, response, _RESPONSE_KEYS, "", "claims:search response")
        token = response.get("nextPageToken")
        if isinstance(token, str) and token and last:
            self._say(page, API_MORE_PAGES.at("the response has more pages (nextPageToken "
                                    f"{token[:40]!r}): this file holds only part of the results; fetch the "
                                    "rest with pageToken and add them as further lines (JSON Lines)",
                                    "/nextPageToken"))
        elif token is not None and not isinstance(token, str):
            self._say(page, API_INVALID_TYPE.at(f"'nextPageToken' must be a string, not {_json_type(token)}",
                                  "/nextPageToken"))
        claims = response.get("claims")
        if claims is None:
            return
        if not isinstance(claims, list):
            self._say(page, API_INVALID_SHAPE.at(f"'claims' must be a list of claims, not {_json_type(claims)}",
                                  "/claims"))
            return
        self._claims(page, claims, "/claims")

    def _claims(self, page: int, claims: list[Any], base: str) -> None:
        for i, value in enumerate(claims):
            claim = self._object(page, value, f"{base}/{i}", "a claim")
            if claim is not None:
                self._claim(page, claim, f"{base}/{i}")

    def _claim(self, page: int, claim: dict[str, Any], base: str) -> None:
        self._unknown_keys(page, claim, _CLAIM_KEYS, base, "claim")
        text = self._required(page, claim, "text", base, API_MISSING_CLAIM_TEXT,
                              "the claim has no 'text': a claim needs the words that were claimed")
        out: dict[str, Any] = {}
        index = len(self.claims)
        doc = f"/claims/{index}"
        claimant = self._string(page, claim, "claimant", base)
        if claimant is not None:
            out["claimant"] = self._claimant(page, claimant, f"{base}/claimant")
            self._map(f"{doc}/claimant", page, f"{base}/claimant")
        date = self._string(page, claim, "claimDate", base)
        if date is not None:
            out["date"] = _date(date)
            self._map(f"{doc}/date", page, f"{base}/claimDate")
        reviews = claim.get("claimReview")
        if reviews is not None and not isinstance(reviews, list):
            self._say(page, API_INVALID_SHAPE.at(f"'claimReview' must be a list of reviews, not "
                                  f"{_json_type(reviews)}", f"{base}/claimReview"))
            reviews = None
        if text is None:
            # the claim cannot be made; its reviews are still checked so that all problems show at once
            for j, value in enumerate(reviews or []):
                review = self._object(page, value, f"{base}/claimReview/{j}", "a claim review")
                if review is not None:
                    self._review(page, review, f"{base}/claimReview/{j}", None)
            return
        out = {"id": self._id("claim-" + (slug(text, 40) or digest(text))), "text": text, **out}
        self.claims.append(out)
        self._map(doc, page, base)
        self._map(f"{doc}/text", page, f"{base}/text")
        for j, value in enumerate(reviews or []):
            review = self._object(page, value, f"{base}/claimReview/{j}", "a claim review")
            if review is not None:
                self._review(page, review, f"{base}/claimReview/{j}", out["id"])

    def _claimant(self, page: int, name: str, pointer: str) -> str:
        if self.claimant_kind == "person":
            key = _name_key(name)
            if key not in self._people:
                self._people[key] = len(self.people)
                doc = f"/people/{len(self.people)}"
                self.people.append({"id": self._id(slug(name, 40) or f"person-{digest(key)}"), "name": name})
                self._map(doc, page, pointer)
            return str(self.people[self._people[key]]["id"])
        return self._organization(page, name, pointer)

    def _organization(self, page: int, name: str, pointer: str, name_pointer: str | None = None) -> str:
        key = _name_key(name)
        if key not in self._orgs:
            self._orgs[key] = len(self.organizations)
            doc = f"/organizations/{len(self.organizations)}"
            self.organizations.append({"id": self._id(slug(name, 40) or f"org-{digest(key)}"), "name": name})
            self._map(doc, page, pointer)
            self._map(f"{doc}/name", page, name_pointer or pointer)
        return str(self.organizations[self._orgs[key]]["id"])

    # -- reviews ----------------------------------------------------------------------------

    def _review(self, page: int, review: dict[str, Any], base: str, claim_id: str | None) -> None:
        self._unknown_keys(page, review, _REVIEW_KEYS, base, "claimReview")
        url = self._string(page, review, "url", base)
        reviewer = self._publisher(page, review.get("publisher"), f"{base}/publisher", url)
        label = self._required(page, review, "textualRating", base, API_MISSING_RATING,
                               "the review has no 'textualRating': a review needs its verdict in words "
                               "(e.g. \"False\")")
        fields = {
            "url": url,
            "headline": self._string(page, review, "title", base),
            "date": self._string(page, review, "reviewDate", base),
            "language": self._string(page, review, "languageCode", base),
        }
        if claim_id is None or reviewer is None or label is None:
            return
        doc = f"/reviews/{len(self.reviews)}"
        out: dict[str, Any] = {
            "id": self._id(f"review-{reviewer}-{claim_id.removeprefix('claim-')}"[:120].rstrip("-")),
            "claim": claim_id,
            "reviewer": reviewer,
            "rating": {"label": label},
        }
        self._map(doc, page, base)
        self._map(f"{doc}/claim", page, base)
        self._map(f"{doc}/reviewer", page, f"{base}/publisher")
        self._map(f"{doc}/rating", page, f"{base}/textualRating")
        sources = {"url": "url", "headline": "title", "date": "reviewDate", "language": "languageCode"}
        for name, value in fields.items():
            if value is not None:
                out[name] = _date(value) if name == "date" else value
                self._map(f"{doc}/{name}", page, f"{base}/{sources[name]}")
        self.reviews.append(out)

    def _publisher(self, page: int, value: Any, base: str, review_url: str | None) -> str | None:
        if value is None:
            self._say(page, API_MISSING_PUBLISHER.at("the review has no 'publisher': claimreview needs to know "
                                  "who reviewed the claim", base.rsplit("/", 1)[0]))
            return None
        publisher = self._object(page, value, base, "'publisher'")
        if publisher is None:
            return None
        self._unknown_keys(page, publisher, _PUBLISHER_KEYS, base, "publisher")
        name = self._string(page, publisher, "name", base)
        site = self._string(page, publisher, "site", base)
        name_pointer = f"{base}/name"
        if name is None and site is None:
            self._say(page, API_MISSING_PUBLISHER.at("the publisher has neither a 'name' nor a 'site': "
                                  "claimreview needs to know who reviewed the claim", base))
            return None
        if name is None:
            assert site is not None
            self._say(page, API_PUBLISHER_NAMED_BY_SITE.at(f"the publisher has no 'name', so it is named "
                                    f"by its site {site!r}", base))
            name, name_pointer = site, f"{base}/site"
        org_id = self._organization(page, name, base, name_pointer)
        index = self._orgs[_name_key(name)]
        org = self.organizations[index]
        org.setdefault("kind", "fact-checker")
        if site is not None:
            self._site(page, org, index, site, review_url, f"{base}/site")
        return org_id

    def _site(self, page: int, org: dict[str, Any], index: int, site: str, review_url: str | None,
              pointer: str) -> None:
        url = _site_url(site, review_url)
        if url is None:
            self._say(page, API_SITE_NOT_KEPT.at(f"publisher site {site[:80]!r} is a bare host name and the "
                                    "review url does not confirm a web address for it (scheme and host), so it was "
                                    "left out rather than guessed", pointer))
            return
        doc = f"/organizations/{index}"
        if "url" not in org:
            org["url"] = url
            self._map(f"{doc}/url", page, pointer)
        elif org["url"] != url and url not in org.setdefault("same_as", []):
            self._map(f"{doc}/same_as/{len(org['same_as'])}", page, pointer)
            org["same_as"].append(url)

    # -- the Document -----------------------------------------------------------------------

    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"claimreview": "1"}
        for kind in ("people", "organizations", "claims", "reviews"):
            if getattr(self, kind):
                data[kind] = getattr(self, kind)
        return data

    def source_of(self, doc_pointer: str) -> _Where | None:
        """Where a Document pointer came from: its own entry, or that of its nearest parent."""
        tokens = doc_pointer.split("/")
        while len(tokens) > 1:
            where = self.where.get("/".join(tokens))
            if where is not None:
                return where
            tokens.pop()
        return None

    def finish(self, problems: list[Diagnostic]) -> Loaded:
        placed = list(problems)
        placed += [self.pages[p].place(d, self.file) if p is not None else d.at(file=self.file) for p, d in self.found]

        def locate(doc_pointer: str) -> tuple[int | None, int | None]:
            where = self.source_of(doc_pointer)
            if where is None:
                return None, None
            page = self.pages[where.page]
            line, column = page.locator.locate(where.pointer)
            return (None if line is None else line + page.line_offset), column

        loaded = build_document(self.data(), self.file, locate)
        for d in loaded.diagnostics:
            where = self.source_of(d.pointer)
            placed.append(d if where is None else d.at(pointer=where.pointer, item=self.pages[where.page].item))
        document = loaded.document if not has_errors(placed) else None
        return Loaded(document, placed)


# -- small pieces ----------------------------------------------------------------------------


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _date(value: str) -> str:
    """A midnight-UTC timestamp becomes its date; anything else is kept as written."""
    match = _MIDNIGHT_UTC.match(value.strip())
    return match.group(1) if match else value


def _site_url(site: str, review_url: str | None) -> str | None:
    """``scheme://host`` of the review URL (as WHATWG reads it) when its host is the site (or www. + the
    site)."""
    parsed = urls.http_url(review_url) if review_url else None
    if not isinstance(parsed, urls.HttpUrl):
        return None
    wanted = site.strip().lower().rstrip(".")
    if parsed.host.rstrip(".") not in (wanted, f"www.{wanted}"):
        return None
    return parsed.origin


# -- the reader ------------------------------------------------------------------------------


def read(source: Source, **options: Any) -> Loaded:
    """Read a Fact Check Tools API response. Options: ``claimant_kind`` ("organization", the
    default, or "person"); others are ignored."""
    text, problems = decode(source.read_bytes(), source.name)
    if text is None:
        return Loaded(None, problems)
    pages, problems = _pages(text, source.name)
    if not pages:
        return Loaded(None, problems)
    kind = options.get("claimant_kind") or "organization"
    if kind not in ("organization", "person"):
        return Loaded(None, [INPUT_OPTION.at(f"claimant_kind must be 'organization' or 'person', not {kind!r}",
                                   file=source.name)])
    builder = _Builder(source.name, pages, claimant_kind=str(kind))
    for index, page in enumerate(pages):
        builder.add_page(index, page.data, last=index == len(pages) - 1)
    loaded = builder.finish(problems)
    if not builder.claims and not has_errors(loaded.diagnostics):  # an empty search result: nothing was checked
        return Loaded(None, [*loaded.diagnostics, API_NO_CLAIMS.at(
            "the response holds no claim: there is nothing to check (an empty search result)", "",
            file=source.name, line=1, column=1)])
    return loaded


_API_START = re.compile(rb'^(?:\{\s*"(?:claims|nextPageToken)"\s*:'
                        rb'|\[?\s*\{\s*"(?:text|claimant|claimDate|claimReview)"\s*:)')
_ONE_CLAIM_KEYS = frozenset({"text", "claimReview"})
"""Keys that make an object one API Claim rather than a claims:search response."""
_RESPONSE_ONLY_KEYS = frozenset({"claims", "nextPageToken"})
_API_KEY = re.compile(rb'(?<!\\)"(?:claimReview|textualRating|nextPageToken)"\s*:')
_LD_KEY = re.compile(rb'(?<!\\)"@(?:context|type|graph|id)"\s*:')


def sniff(head: bytes) -> bool:
    """A response object whose first key is ``claims`` or ``nextPageToken``, or one claim or a list
    of claims that starts with one of the API's claim fields, holding an API-only key
    (``claimReview``, ``textualRating``, ``nextPageToken``) and none of JSON-LD's."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(_API_START.match(text)) and bool(_API_KEY.search(head)) and not _LD_KEY.search(head)


__all__ = ["read", "sniff"]


FORMAT = Format(
    "factcheck-api", "Google Fact Check Tools API response (claims:search)", (".json",), f"{__name__}:read",
    sniff=f"{__name__}:sniff", codes=CODES, aliases=("api", "factcheck"),
    options=(CLAIMANT_KIND,),
)
