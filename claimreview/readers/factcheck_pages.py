"""Google's ClaimReview Read/Write API: ``pages`` resources (ClaimReviewMarkupPage) -> Document.

The Fact Check Tools API's Read/Write half (``factchecktools.pages``: ``create``, ``get``,
``list``, ``update``) stores a fact-checker's ClaimReview markup as a ClaimReviewMarkupPage, and
``pages.list`` returns a ListClaimReviewMarkupPagesResponse. Accepted inputs: one page (what
``pages.get``, ``create`` and ``update`` return), a list response
(``{"claimReviewMarkupPages": [...], "nextPageToken": ...}``), or a JSON array of pages.

Field list and mapping: the API's v1alpha1 reference, "REST Resource: pages"
(https://developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/pages), as the
generated clients publish it field by field with its "Corresponds to" notes (read here from
https://docs.rs/google-factchecktools1_alpha1/1.0.9+20190703/ , the ``google-factchecktools1_alpha1``
crate's ``GoogleFactcheckingFactchecktoolsV1alpha1ClaimReviewMarkupPage`` and its parts, and
https://hexdocs.pm/google_api_fact_check_tools/0.6.0/ ). Each page becomes one ClaimReview JSON-LD
node per markup, exactly as the reference maps it, and is read and checked like any ClaimReview:

======================================  ==============================================================
API                                     schema.org ClaimReview
======================================  ==============================================================
``pageUrl``                             ``url`` of every review of the page (unless the markup's own
                                        ``url`` overrides it: "the page URL plus an optional anchor")
``publishDate``                         ``datePublished`` of every review of the page
``claimReviewAuthor.name``, ``.imageUrl``  ``author`` (an Organization: "the organization that is
                                        publishing the fact check") ``name``, ``image``
``claimReviewMarkups[].claimReviewed``  ``claimReviewed``
``.url``                                ``url``
``.claimDate``                          ``itemReviewed.datePublished`` (itemReviewed is a Claim)
``.claimLocation``                      ``itemReviewed.name`` (as the reference says)
``.claimAppearances[]``                 ``itemReviewed.appearance[].url``
``.claimFirstAppearance``               ``itemReviewed.firstAppearance.url``
``.claimAuthor.name``, ``.jobTitle``,   ``itemReviewed.author`` ``name``, ``jobTitle``, ``image``,
``.imageUrl``, ``.sameAs``              ``sameAs``; a Person when it has a job title (schema.org gives
                                        ``jobTitle`` to people only), else an Organization (the API
                                        does not say; ``--claimant-kind`` chooses)
``.rating.textualRating``               ``reviewRating.alternateName`` (the verdict in words)
``.rating.ratingValue``, ``.bestRating``, ``reviewRating.ratingValue``, ``bestRating``,
``.worstRating``, ``.imageUrl``,        ``worstRating``, ``image``, ``ratingExplanation``
``.ratingExplanation``
``name`` (``pages/{page_id}``),         the API's own resource name and version: not part of the
``versionId``                           markup (a conversion note says they are not carried)
``nextPageToken``                       not data: a warning says more pages exist
======================================  ==============================================================

Every finding points into the API object (``/claimReviewMarkups/0/rating``), with its line and
column; a field the reference does not list is a warning naming it.
"""

from __future__ import annotations

import re
from typing import Any

from claimreview.formats import CLAIMANT_KIND, PAGE_URL, RULES, Format
from claimreview.readers import strictjson
from claimreview.readers._embedded import Origin, Origins, read_nodes
from claimreview.readers.base import INPUT_OPTION, Loaded, Source
from claimreview.readers.factcheck_api import _json_type
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic, escape_token

PAGES_INVALID_SHAPE = Code("pages.invalid-shape", ERROR,
    "A page, its claimReviewMarkups or a part of a markup is not the shape the ClaimReview Read/Write API "
    "gives (an object where a list belongs, text where an object belongs)")
PAGES_MORE_PAGES = Code("pages.more-pages", WARNING,
    "nextPageToken says pages.list has more pages than this file holds")
PAGES_NOT_CARRIED = Code("pages.not-carried", WARNING,
    "The page's resource name or version id: the API's own bookkeeping, not part of the markup; left out of "
    "what is made from it")
PAGES_UNKNOWN_FIELD = Code("pages.unknown-field", WARNING,
    "A field the ClaimReview Read/Write API reference does not list; it is not read")

CODES: tuple[Code, ...] = (PAGES_INVALID_SHAPE, PAGES_MORE_PAGES, PAGES_NOT_CARRIED, PAGES_UNKNOWN_FIELD)

_LIST_KEYS = ("claimReviewMarkupPages", "nextPageToken")
_PAGE_KEYS = ("name", "pageUrl", "publishDate", "claimReviewAuthor", "claimReviewMarkups", "versionId")
_REVIEW_AUTHOR_KEYS = ("name", "imageUrl")
_MARKUP_KEYS = ("url", "claimReviewed", "claimDate", "claimLocation", "claimAppearances", "claimFirstAppearance",
                "claimAuthor", "rating")
_CLAIM_AUTHOR_KEYS = ("name", "jobTitle", "imageUrl", "sameAs")
_RATING_KEYS = ("textualRating", "ratingValue", "bestRating", "worstRating", "imageUrl", "ratingExplanation")
_RATING_MAP = {"textualRating": "alternateName", "ratingValue": "ratingValue", "bestRating": "bestRating",
               "worstRating": "worstRating", "imageUrl": "image", "ratingExplanation": "ratingExplanation"}
_CONTEXT = "https://schema.org"


class _Builder:
    def __init__(self, file: str, claimant_kind: str | None, conversion_notes: bool) -> None:
        self.file = file
        self.claimant_kind = claimant_kind
        self.conversion_notes = conversion_notes
        self.nodes: list[dict[str, Any]] = []
        self.origins = Origins()
        self.found: list[Diagnostic] = []

    def say(self, d: Diagnostic) -> None:
        self.found.append(d)

    def unknown(self, obj: dict[str, Any], known: tuple[str, ...], base: str, what: str) -> None:
        for key in obj:
            if key not in known:
                self.say(PAGES_UNKNOWN_FIELD.at(f"{key!r} is not a field of the ClaimReview Read/Write API's {what} "
                                                f"({', '.join(known)}); it is not read", f"{base}/{escape_token(key)}"))

    def obj(self, value: Any, pointer: str, what: str) -> dict[str, Any] | None:
        if value is None or isinstance(value, dict):
            return value
        self.say(PAGES_INVALID_SHAPE.at(f"{what} must be an object, not {_json_type(value)}", pointer))
        return None

    def put(self, node: dict[str, Any], key: str, value: Any, built: str, source: str) -> None:
        """``node[key] = value`` (a value the API gave, as it gave it), remembered as from ``source``."""
        node[key] = value
        self.origins.add(f"{built}/{key}", Origin(source), copied=True)

    # -- the shapes ---------------------------------------------------------------------------

    def top(self, data: Any) -> None:
        if isinstance(data, list):
            for i, page in enumerate(data):
                self.page(page, f"/{i}")
            return
        if not isinstance(data, dict):
            self.say(PAGES_INVALID_SHAPE.at("a ClaimReview Read/Write API response is a ClaimReviewMarkupPage "
                                            "object, a pages.list response or a list of pages, not "
                                            f"{_json_type(data)}"))
            return
        if "claimReviewMarkupPages" in data or ("nextPageToken" in data and "claimReviewMarkups" not in data):
            self.unknown(data, _LIST_KEYS, "", "pages.list response")
            token = data.get("nextPageToken")
            if isinstance(token, str) and token:
                self.say(PAGES_MORE_PAGES.at(f"the response has more pages (nextPageToken {token[:40]!r}): this "
                                             "file holds only part of the list; fetch the rest with pageToken",
                                             "/nextPageToken"))
            pages = data.get("claimReviewMarkupPages")
            if pages is None:
                return
            if not isinstance(pages, list):
                self.say(PAGES_INVALID_SHAPE.at("'claimReviewMarkupPages' must be a list of pages, not "
                                                f"{_json_type(pages)}", "/claimReviewMarkupPages"))
                return
            for i, page in enumerate(pages):
                self.page(page, f"/claimReviewMarkupPages/{i}")
            return
        self.page(data, "")

    def page(self, value: Any, base: str) -> None:
        page = self.obj(value, base, "a ClaimReviewMarkupPage")
        if page is None:
            return
        self.unknown(page, _PAGE_KEYS, base, "ClaimReviewMarkupPage")
        if self.conversion_notes:
            for key in ("name", "versionId"):
                if key in page:
                    self.say(PAGES_NOT_CARRIED.at(f"{key!r} ({str(page[key])[:60]!r}) is the API's own "
                                                  "bookkeeping, not part of the ClaimReview; it is left out",
                                                  f"{base}/{key}"))
        author = self.obj(page.get("claimReviewAuthor"), f"{base}/claimReviewAuthor", "'claimReviewAuthor'")
        if author is not None:
            self.unknown(author, _REVIEW_AUTHOR_KEYS, f"{base}/claimReviewAuthor", "ClaimReviewAuthor")
        markups = page.get("claimReviewMarkups")
        if markups is None:
            markups = []
        if not isinstance(markups, list):
            self.say(PAGES_INVALID_SHAPE.at("'claimReviewMarkups' must be a list of markups, not "
                                            f"{_json_type(markups)}", f"{base}/claimReviewMarkups"))
            return
        for j, value_ in enumerate(markups):
            where = f"{base}/claimReviewMarkups/{j}"
            markup = self.obj(value_, where, "a ClaimReviewMarkup")
            if markup is not None:
                self.markup(page, base, author, markup, where)

    def markup(self, page: dict[str, Any], base: str, author: dict[str, Any] | None, markup: dict[str, Any],
               where: str) -> None:
        built = f"/{len(self.nodes)}"
        self.origins.add(built, Origin(where))
        node: dict[str, Any] = {"@context": _CONTEXT, "@type": "ClaimReview"}
        self.unknown(markup, _MARKUP_KEYS, where, "ClaimReviewMarkup")
        if "url" in markup:
            self.put(node, "url", markup["url"], built, f"{where}/url")
        elif "pageUrl" in page:
            self.put(node, "url", page["pageUrl"], built, f"{base}/pageUrl")
        if "claimReviewed" in markup:
            self.put(node, "claimReviewed", markup["claimReviewed"], built, f"{where}/claimReviewed")
        if "publishDate" in page:
            self.put(node, "datePublished", page["publishDate"], built, f"{base}/publishDate")
        if author is not None:
            reviewer: dict[str, Any] = {"@type": "Organization"}
            self.origins.add(f"{built}/author", Origin(f"{base}/claimReviewAuthor"))
            for key, prop in (("name", "name"), ("imageUrl", "image")):
                if key in author:
                    self.put(reviewer, prop, author[key], f"{built}/author", f"{base}/claimReviewAuthor/{key}")
            node["author"] = reviewer
        self.claim(node, markup, built, where)
        rating = self.obj(markup.get("rating"), f"{where}/rating", "'rating'")
        if rating is not None:
            self.unknown(rating, _RATING_KEYS, f"{where}/rating", "ClaimRating")
            out: dict[str, Any] = {"@type": "Rating"}
            self.origins.add(f"{built}/reviewRating", Origin(f"{where}/rating"))
            for key, prop in _RATING_MAP.items():
                if key in rating:
                    self.put(out, prop, rating[key], f"{built}/reviewRating", f"{where}/rating/{key}")
            node["reviewRating"] = out
        self.nodes.append(node)

    def claim(self, node: dict[str, Any], markup: dict[str, Any], built: str, where: str) -> None:
        fields = ("claimDate", "claimLocation", "claimAppearances", "claimFirstAppearance", "claimAuthor")
        if not any(k in markup for k in fields):
            return
        claim: dict[str, Any] = {"@type": "Claim"}
        item = f"{built}/itemReviewed"
        self.origins.add(item, Origin(where))
        claimant = self.obj(markup.get("claimAuthor"), f"{where}/claimAuthor", "'claimAuthor'")
        if claimant is not None:
            self.unknown(claimant, _CLAIM_AUTHOR_KEYS, f"{where}/claimAuthor", "ClaimAuthor")
            kind = {"person": "Person", "organization": "Organization"}.get(self.claimant_kind or "")
            agent: dict[str, Any] = {"@type": kind or ("Person" if "jobTitle" in claimant else "Organization")}
            self.origins.add(f"{item}/author", Origin(f"{where}/claimAuthor"))
            for key, prop in (("name", "name"), ("jobTitle", "jobTitle"), ("imageUrl", "image"),
                              ("sameAs", "sameAs")):
                if key in claimant:
                    self.put(agent, prop, claimant[key], f"{item}/author", f"{where}/claimAuthor/{key}")
            claim["author"] = agent
        if "claimDate" in markup:
            self.put(claim, "datePublished", markup["claimDate"], item, f"{where}/claimDate")
        if "claimLocation" in markup:
            self.put(claim, "name", markup["claimLocation"], item, f"{where}/claimLocation")
        appearances = markup.get("claimAppearances")
        if isinstance(appearances, list):
            claim["appearance"] = []
            self.origins.add(f"{item}/appearance", Origin(f"{where}/claimAppearances"))
            for k, url in enumerate(appearances):
                self.origins.add(f"{item}/appearance/{k}", Origin(f"{where}/claimAppearances/{k}"))
                self.put_work(claim["appearance"], url, f"{item}/appearance/{k}", f"{where}/claimAppearances/{k}")
        elif appearances is not None:
            self.say(PAGES_INVALID_SHAPE.at("'claimAppearances' must be a list of links, not "
                                            f"{_json_type(appearances)}", f"{where}/claimAppearances"))
        if "claimFirstAppearance" in markup:
            self.origins.add(f"{item}/firstAppearance", Origin(f"{where}/claimFirstAppearance"))
            works: list[dict[str, Any]] = []
            self.put_work(works, markup["claimFirstAppearance"], f"{item}/firstAppearance",
                          f"{where}/claimFirstAppearance")
            claim["firstAppearance"] = works[0]
        node["itemReviewed"] = claim

    def put_work(self, into: list[dict[str, Any]], url: Any, built: str, source: str) -> None:
        work: dict[str, Any] = {"@type": "CreativeWork"}
        self.put(work, "url", url, built, source)
        into.append(work)


def read(source: Source, *, rules: str | None = None, page_url: str | None = None, claimant_kind: str | None = None,
         conversion_notes: bool = True, scope: str | None = None, **_: Any) -> Loaded:
    """Read a ClaimReview Read/Write API page, list response or list of pages."""
    text, data, problems = strictjson.read_source(source)
    if text is None or problems:
        return Loaded(None, problems)
    if claimant_kind not in (None, "person", "organization"):
        return Loaded(None, [INPUT_OPTION.at(f"claimant_kind must be 'organization' or 'person', not "
                                             f"{claimant_kind!r}", file=source.name)])
    locator = strictjson.JsonLocator(text, source.name)
    builder = _Builder(source.name, claimant_kind, conversion_notes)
    builder.top(data)
    builder.origins.locate = locator.locate
    found = []
    for d in builder.found:
        line, column = locator.locate(d.pointer)
        found.append(d.at(file=source.name, line=line, column=column))
    return read_nodes(builder.nodes, builder.origins, source.name, found, rules=rules, page_url=page_url,
                      conversion_notes=conversion_notes, scope=scope, words=_WORDS)


_WORDS = {"an alternateName": "a textualRating", "alternateName": "textualRating",
          "the Claim has no datePublished": "the markup has no claimDate",
          "no author: name the organization": "no claimReviewAuthor: name the organization",
          "no itemReviewed: describe the claim as a Claim with its author, datePublished and appearance":
              "nothing about the claim: give its claimAuthor, claimDate and claimAppearances",
          "the Claim has neither appearance nor firstAppearance":
              "the markup has neither claimAppearances nor claimFirstAppearance"}
"""What the rules' messages call by schema.org's name and the API by its own."""


_PAGES_KEY = re.compile(rb'(?<!\\)"(?:claimReviewMarkups|claimReviewMarkupPages)"\s*:')
_LD_KEY = re.compile(rb'(?<!\\)"@(?:context|type|graph)"\s*:')


def sniff(head: bytes) -> bool:
    """JSON (an object or an array) with the API's ``claimReviewMarkups`` or
    ``claimReviewMarkupPages`` key and none of JSON-LD's keywords."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text[:1] in (b"{", b"[") and bool(_PAGES_KEY.search(head)) and not _LD_KEY.search(head)


FORMAT = Format(
    "factcheck-pages", "Google ClaimReview Read/Write API pages (ClaimReviewMarkupPage, pages.list)", (".json",),
    f"{__name__}:read", sniff=f"{__name__}:sniff", codes=CODES, aliases=("pages", "claimreview-api"),
    options=(CLAIMANT_KIND, RULES, PAGE_URL),
)
