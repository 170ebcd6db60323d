"""ClaimReview checks: Google's fact-check rules as named, dated rule sets, the schema.org
vocabulary, and JSON-LD well-formedness.

Rule sets
---------
A rule set is a frozen reading of a publisher's documentation on a given date. Once released its
behaviour never changes: when the documentation changes, a new set is added (``google-2026``, ...)
and becomes the default, and the old one stays for those who pin it. Unknown names raise
``ValueError("unknown rule set ...; known: ...")``.

``google-2025``
    Named for the year of the documentation it reads. Source: Google Search Central, "Fact check
    (ClaimReview) structured data",
    https://developers.google.com/search/docs/appearance/structured-data/factcheck
    (page last updated by Google on 2025-12-10; read for claimreview on 2026-11-24 from a mirror of
    that page, since this machine cannot reach Google). Its errors are what the page requires
    (a non-empty ``claimReviewed``; a ``reviewRating`` whose ``alternateName`` or ``name`` gives
    the verdict; ``url``, an absolute http(s) URL) and the constraints it puts on values that are
    present (rating numbers "must be able to be evaluated as a number"; ``bestRating`` greater
    than ``worstRating``; ``worstRating`` "must have a minimum value of 1"; ``ratingValue`` in
    ``worstRating``..``bestRating`` inclusive; an ``author`` with a ``name`` or a ``url``; and, when
    the page URL is known, "the domain of this URL value must be the same domain as, or a
    subdomain of, the page hosting this ClaimReview element" -- claimreview reads a leading ``www.``
    on either side as the same domain). Its warnings are what the page recommends (an
    ``author``; ``itemReviewed`` a ``Claim`` with ``author``, ``datePublished`` and
    ``appearance`` or ``firstAppearance``; ``claimReviewed`` kept under 75 characters and without
    the rating in it; and one ClaimReview per page: "a page must only have one ClaimReview
    element" to be eligible for the single fact check rich result).

    Google retired the ClaimReview rich result in 2025. Its page now opens with "We're phasing
    out support for ClaimReview markup in Google Search. However, this markup remains supported by
    the Factcheck Explorer Tool." The retirement was part of Google's June 2025 simplification of
    search results (reported in the International Fact-Checking Network's newsletter of
    2025-07-21, "Google retires ClaimReview, leaving fact-checkers frustrated"). Fact Check
    Explorer and the Fact Check Tools API still read the markup, as do other consumers
    (aggregators, researchers, AI systems), and the page above is still the best public statement
    of what well-formed fact-check markup looks like.

``mediareview-2021``
    The MediaReview rules read beside ``google-2025`` (``RuleSet.media``): a MediaReview node of the
    input is judged by them, a ClaimReview by the ClaimReview rules. Named for the year Google's Fact
    Check Markup Tool began to accept MediaReview from fact-checkers everywhere (Duke Reporters' Lab,
    "MediaReview Testing Expands to a Global Userbase", 2021-06-03,
    https://centers-dewitt.sanford.duke.edu/reporterslab/2021/06/03/mediareview-testing-expands-to-a-global-userbase/).
    Google has no Search Central page for MediaReview that could be read here; its Fact Check Tools
    page has a MediaReview section (https://toolbox.google.com/factcheck/about#fcmt-mediareview,
    named as Google's MediaReview documentation in factly/dega issue 8, 2021-06-04), whose text was
    not available to read. The rules therefore read: the Reporters' Lab's "MediaReview User Guide"
    (https://claimreviewproject.com/mediareview/user-guide, undated; read 2026-11-30), which
    describes the fields of Google's Markup Tool (a media type: image, image with text, video,
    audio; ratings, "select all ratings that apply"; the Media URL, "link to the page containing
    the media"; the Original Media URL; the Original Media Context, "a short sentence explaining
    the original context if media is used out of context"; "You're encouraged to include a related
    ClaimReview with every MediaReview"), and schema.org release 30.0 (bundled): MediaReview,
    MediaReviewItem and ``mediaItemAppearance``, ``mediaAuthenticityCategory`` with the six members
    of MediaManipulationRatingEnumeration, ``originalMediaContextDescription``, ``originalMediaLink``,
    and ``associatedClaimReview`` / ``associatedMediaReview`` (both on Review, both expecting a
    Review). Its errors: no ``mediaAuthenticityCategory``, or a value outside the enumeration; no
    ``itemReviewed``; no media item with a ``contentUrl`` or ``url`` (which media was reviewed
    cannot be told); and, as for a ClaimReview, a missing or non-http(s) ``url`` and an author
    without a name or url. Its warnings: no ``author``; no ``datePublished``; an ``itemReviewed``
    that is neither a MediaReviewItem nor a MediaObject; a DecontextualizedContent verdict without
    ``originalMediaContextDescription``.

Whatever the rule set, an ``associatedClaimReview`` that names a node of another type than
ClaimReview, or an ``associatedMediaReview`` one that is not a MediaReview, is a warning
(``mediareview.associated-wrong-type``): schema.org 30.0 lets both expect any Review, and schema.org
issue 3435 (2024-01-03) asks to narrow them to those types.

Every code any of these checks can report is described once, in :data:`CATALOGUE`.

Nodes are compacted schema.org JSON-LD as real markup writes it: ``@type`` a string or a list;
``author``, ``itemReviewed`` and ``reviewRating`` an object, a list or (where schema.org allows
text) a string; numbers as numbers or numeric strings. Pointers are relative: ``check_node(node,
"/dataFeedElement/3/item")`` reports ``/dataFeedElement/3/item/reviewRating``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimreview import urls
from claimreview.blank import has_visible
from claimreview.pointer import escape_token, split_pointer
from claimreview.validation import ld, vocabulary
from claimreview.validation import registries as registry_checks
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic

# --- the codes ----------------------------------------------------------------------------------

CLAIMREVIEW_AUTHOR_NOT_AGENT = Code("claimreview.author-not-agent", ERROR,
    "An author typed as something other than a Person or an Organization (Google: the author must be an "
    "organization or a person)")
CLAIMREVIEW_AUTHOR_WITHOUT_NAME = Code("claimreview.author-without-name", ERROR,
    "An author or publisher has neither a visible name nor an http(s) url")
CLAIMREVIEW_CLAIM_MISSING_APPEARANCE = Code("claimreview.claim-missing-appearance", WARNING,
    "The Claim has neither appearance nor firstAppearance")
CLAIMREVIEW_CLAIM_MISSING_AUTHOR = Code("claimreview.claim-missing-author", WARNING,
    "The Claim has no author (who made the claim)")
CLAIMREVIEW_CLAIM_MISSING_DATE = Code("claimreview.claim-missing-date", WARNING,
    "The Claim has no datePublished (when it was made)")
CLAIMREVIEW_CLAIM_REVIEWED_HAS_VERDICT = Code("claimreview.claim-reviewed-has-verdict", WARNING,
    "claimReviewed contains the verdict (Google: put the rating in reviewRating, not in claimReviewed)")
CLAIMREVIEW_CLAIM_REVIEWED_TOO_LONG = Code("claimreview.claim-reviewed-too-long", WARNING,
    "claimReviewed is over 75 characters (Google: keep it shorter to avoid wrapping on mobile)")
CLAIMREVIEW_INVALID_RATING = Code("claimreview.invalid-rating", ERROR, "reviewRating is not a Rating object")
CLAIMREVIEW_INVALID_URL = Code("claimreview.invalid-url", ERROR, "url is not an absolute http(s) URL")
CLAIMREVIEW_ITEM_REVIEWED_NOT_CLAIM = Code("claimreview.item-reviewed-not-claim", WARNING,
    "itemReviewed is not a Claim (Google still reads the older CreativeWork shape, but recommends Claim)")
CLAIMREVIEW_MISSING_AUTHOR = Code("claimreview.missing-author", WARNING,
    "No author (Google: recommended; the publisher of the fact check)")
CLAIMREVIEW_MISSING_CLAIM_REVIEWED = Code("claimreview.missing-claim-reviewed", ERROR,
    "claimReviewed is missing, empty or not text (Google: required; a short summary of the claim being "
    "evaluated)")
CLAIMREVIEW_MISSING_ITEM_REVIEWED = Code("claimreview.missing-item-reviewed", WARNING,
    "No itemReviewed (Google: recommended; the Claim)")
CLAIMREVIEW_MISSING_RATING = Code("claimreview.missing-rating", ERROR, "reviewRating is missing (Google: required)")
CLAIMREVIEW_MISSING_URL = Code("claimreview.missing-url", ERROR,
    "url is missing (Google: required; the page hosting the full fact check)")
CLAIMREVIEW_MISSING_VERDICT = Code("claimreview.missing-verdict", ERROR,
    "The Rating has neither alternateName nor name (Google: alternateName is required; name is used when it is "
    "absent)")
CLAIMREVIEW_MULTIPLE_PER_PAGE = Code("claimreview.multiple-per-page", WARNING,
    "More than one ClaimReview for one page (Google: a page must have only one to be eligible for the single "
    "fact check result)")
CLAIMREVIEW_NOT_A_NODE = Code("claimreview.not-a-node", ERROR, "A ClaimReview record that is not a JSON object")
CLAIMREVIEW_RATING_NOT_A_NUMBER = Code("claimreview.rating-not-a-number", ERROR,
    "ratingValue, bestRating or worstRating cannot be read as a number")
CLAIMREVIEW_RATING_OUT_OF_SCALE = Code("claimreview.rating-out-of-scale", ERROR,
    "ratingValue is outside worstRating..bestRating")
CLAIMREVIEW_RATING_SCALE_INVERTED = Code("claimreview.rating-scale-inverted", ERROR,
    "bestRating is not greater than worstRating")
CLAIMREVIEW_URL_OFF_PAGE_DOMAIN = Code("claimreview.url-off-page-domain", ERROR,
    "url is not on the domain (or a subdomain) of the page that hosts the markup (only checked when the page "
    "URL is given)")
CLAIMREVIEW_WORST_RATING_BELOW_ONE = Code("claimreview.worst-rating-below-one", ERROR,
    "worstRating is below 1 (Google: minimum value of 1)")
CLAIMREVIEW_REVIEW_BEFORE_CLAIM = Code("claimreview.review-before-claim", ERROR,
    "The ClaimReview's datePublished is before its Claim's: a fact check cannot be published before the claim "
    "it checks; one of the two dates is wrong (the same rule as the model's, on every path)")
SEVERAL_VALUES = Code("claimreview.several-values", ERROR,
    "A property a ClaimReview or Rating has once (claimReviewed, reviewRating, itemReviewed, url, ratingValue, "
    "bestRating, worstRating, alternateName) is given several different values: which one is meant cannot be "
    "told, and readers keep one at random; keep the right one")

MEDIAREVIEW_ASSOCIATED_WRONG_TYPE = Code("mediareview.associated-wrong-type", WARNING,
    "associatedClaimReview names a node that is not a ClaimReview, or associatedMediaReview one that is not a "
    "MediaReview (schema.org: each links a review to its sibling of the other kind)")
MEDIAREVIEW_ITEM_REVIEWED_NOT_MEDIA = Code("mediareview.item-reviewed-not-media", WARNING,
    "A MediaReview's itemReviewed is neither a MediaReviewItem nor a MediaObject (ImageObject, VideoObject, "
    "AudioObject, or their snapshots)")
MEDIAREVIEW_MISSING_CATEGORY = Code("mediareview.missing-category", ERROR,
    "A MediaReview without mediaAuthenticityCategory: its verdict, one or more of OriginalMediaContent, "
    "DecontextualizedContent, EditedOrCroppedContent, TransformedContent, StagedContent, SatireOrParodyContent")
MEDIAREVIEW_MISSING_DATE = Code("mediareview.missing-date", WARNING,
    "A MediaReview without datePublished (when the fact check was published)")
MEDIAREVIEW_MISSING_ITEM_REVIEWED = Code("mediareview.missing-item-reviewed", ERROR,
    "A MediaReview without itemReviewed: the image, video or audio it reviews (a MediaReviewItem with "
    "mediaItemAppearance, or a MediaObject with contentUrl)")
MEDIAREVIEW_MISSING_MEDIA_URL = Code("mediareview.missing-media-url", ERROR,
    "No media item of the MediaReview has a contentUrl or url: which image, video or audio was reviewed cannot "
    "be told (Google's Fact Check Markup Tool asks for the Media URL)")
MEDIAREVIEW_MISSING_ORIGINAL_CONTEXT = Code("mediareview.missing-original-context", WARNING,
    "A DecontextualizedContent verdict without originalMediaContextDescription, the sentence that says what the "
    "media really shows")
MEDIAREVIEW_NOT_A_NODE = Code("mediareview.not-a-node", ERROR, "A MediaReview record that is not a JSON object")
MEDIAREVIEW_UNKNOWN_CATEGORY = Code("mediareview.unknown-category", ERROR,
    "A mediaAuthenticityCategory that is not one of schema.org's MediaManipulationRatingEnumeration members")

MEDIA_CODES: tuple[Code, ...] = (
    MEDIAREVIEW_ASSOCIATED_WRONG_TYPE,
    MEDIAREVIEW_ITEM_REVIEWED_NOT_MEDIA,
    MEDIAREVIEW_MISSING_CATEGORY,
    MEDIAREVIEW_MISSING_DATE,
    MEDIAREVIEW_MISSING_ITEM_REVIEWED,
    MEDIAREVIEW_MISSING_MEDIA_URL,
    MEDIAREVIEW_MISSING_ORIGINAL_CONTEXT,
    MEDIAREVIEW_NOT_A_NODE,
    MEDIAREVIEW_UNKNOWN_CATEGORY,
)

CODES: tuple[Code, ...] = (
    *MEDIA_CODES,
    CLAIMREVIEW_AUTHOR_NOT_AGENT,
    CLAIMREVIEW_AUTHOR_WITHOUT_NAME,
    CLAIMREVIEW_CLAIM_MISSING_APPEARANCE,
    CLAIMREVIEW_CLAIM_MISSING_AUTHOR,
    CLAIMREVIEW_CLAIM_MISSING_DATE,
    CLAIMREVIEW_CLAIM_REVIEWED_HAS_VERDICT,
    CLAIMREVIEW_CLAIM_REVIEWED_TOO_LONG,
    CLAIMREVIEW_INVALID_RATING,
    CLAIMREVIEW_INVALID_URL,
    CLAIMREVIEW_ITEM_REVIEWED_NOT_CLAIM,
    CLAIMREVIEW_MISSING_AUTHOR,
    CLAIMREVIEW_MISSING_CLAIM_REVIEWED,
    CLAIMREVIEW_MISSING_ITEM_REVIEWED,
    CLAIMREVIEW_MISSING_RATING,
    CLAIMREVIEW_MISSING_URL,
    CLAIMREVIEW_MISSING_VERDICT,
    CLAIMREVIEW_MULTIPLE_PER_PAGE,
    CLAIMREVIEW_NOT_A_NODE,
    CLAIMREVIEW_RATING_NOT_A_NUMBER,
    CLAIMREVIEW_RATING_OUT_OF_SCALE,
    CLAIMREVIEW_RATING_SCALE_INVERTED,
    CLAIMREVIEW_URL_OFF_PAGE_DOMAIN,
    CLAIMREVIEW_WORST_RATING_BELOW_ONE,
    CLAIMREVIEW_REVIEW_BEFORE_CLAIM,
    SEVERAL_VALUES,
)

CATALOGUE: dict[str, Code] = {c.name: c for c in (*CODES, *vocabulary.CODES, *ld.CODES, *registry_checks.CODES)}
"""Every code the ClaimReview, vocabulary, registry and JSON-LD checks report, with what it means."""

MAX_CLAIM_REVIEWED = 75

# --- small readers of real-world markup ----------------------------------------------------------

Index = Mapping[str, Mapping[str, Any]]
"""Nodes of one document by their @id, to follow ``{"@id": ...}`` links."""


class NodeIndex(dict[str, Mapping[str, Any]]):
    """An :data:`Index` that also knows where each node is, so that a finding about a linked
    node (a Claim in a ``@graph``) points at that node rather than at the link."""

    def __init__(self) -> None:
        super().__init__()
        self.pointers: dict[str, str] = {}

    def add(self, node: Mapping[str, Any], pointer: str) -> None:
        key = node["@id"]
        if key not in self:
            self[key] = node
            self.pointers[key] = pointer


def _linked_pointer(link: Any, index: Index | None, where: str) -> str:
    """Where the node behind ``link`` sits, when the index knows; else ``where``."""
    if isinstance(index, NodeIndex) and type(link) is dict:
        ref = link.get("@id", link.get("id"))
        if type(ref) is str:
            return index.pointers.get(ref, where)
    return where


def _text(value: Any) -> str | None:
    """The text of a value (a string, a value object, or the first text in a list), stripped;
    "" when it is blank (invisible characters only included); None when it is not text at all."""
    if type(value) is str:
        stripped = value.strip()
        return stripped if stripped and has_visible(stripped) else ""
    if type(value) is dict and "@value" in value:
        return _text(value["@value"])
    if type(value) is list:
        found = None
        for item in value:
            text = _text(item)
            if text:
                return text
            found = text if found is None else found
        return found
    return None


ONCE = {"ClaimReview": ("claimReviewed", "reviewRating", "itemReviewed", "url"),
        "Rating": ("ratingValue", "bestRating", "worstRating", "alternateName")}
"""The properties each node has once: several different values are an error."""


def _canonical(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if type(value) is dict and set(value) <= {"@value", "@type", "@language"} and "@value" in value:
        return _canonical(value["@value"])
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        return repr(value)


def _shown(value: Any) -> str:
    """A value as a finding names it: a Rating by its verdict, a link by its @id."""
    if type(value) is dict:
        for key in ("alternateName", "name", "@id", "id", "url"):
            if type(value.get(key)) is str:
                return f"{key} {_show(value[key])}"
    return _show(value)


def _g25_once(node: Mapping[str, Any], pointer: str, kind: str, out: list[Diagnostic]) -> set[str]:
    """Report each once-only property given several different values; the keys reported."""
    reported: set[str] = set()
    for key in ONCE[kind]:
        value = node.get(key)
        if type(value) is not list or len(value) < 2:
            continue
        distinct = list({_canonical(v): v for v in value}.values())
        if len(distinct) > 1:
            more = f" and {len(distinct) - 2} more" if len(distinct) > 2 else ""
            out.append(SEVERAL_VALUES.at(
                f"{key} is given {len(distinct)} different values, {_shown(distinct[0])} and {_shown(distinct[1])}"
                f"{more}: a {kind} has one {key}, and which is meant cannot be told (readers keep one at random); "
                "keep the right one", f"{pointer}/{key}"))
            reported.add(key)
    return reported


def _number(value: Any) -> float | None:
    """A number, or a string that reads as one; None otherwise (booleans, NaN and infinities
    included)."""
    kind = type(value)
    if kind is int or kind is float:
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            return None
    elif kind is str:
        text = value.strip()
        if not text or "_" in text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    elif kind is dict and "@value" in value:
        return _number(value["@value"])
    else:
        return None
    return number if number - number == 0 else None  # NaN and +-inf fail this


def _absent(value: Any) -> bool:
    return value is None or value == "" or value == []


def _has_type(node: Mapping[str, Any], name: str) -> bool:
    t = node.get("@type")
    if t is None:
        t = node.get("type")
    if t == name:
        return True
    if type(t) is list:
        return any(x == name or (type(x) is str and vocabulary.local_name(x) == name) for x in t)
    return type(t) is str and vocabulary.local_name(t) == name


def _resolve(node: Any, index: Index | None) -> Any:
    """Follow a bare ``{"@id": ...}`` link to the node it names, when the document has it."""
    if index and type(node) is dict and len(node) == 1:
        ref = node.get("@id", node.get("id"))
        if type(ref) is str:
            return index.get(ref, node)
    return node


def _is_link(node: Mapping[str, Any]) -> bool:
    return len(node) == 1 and ("@id" in node or "id" in node)


def _at(pointer: str, key: str, i: int | None) -> str:
    return f"{pointer}/{key}" if i is None else f"{pointer}/{key}/{i}"


def _items(value: Any) -> list[tuple[Any, int | None]]:
    if type(value) is list:
        return list(zip(value, range(len(value)), strict=True))
    return [(value, None)]


@lru_cache(maxsize=64)
def _page_domain(page_url: str) -> str:
    """The site of the page URL (WHATWG host, ASCII, without ``www.``)."""
    parsed = urls.http_url(page_url)
    if isinstance(parsed, str):
        raise ValueError(f"page URL {page_url[:200]!r} is not an absolute http(s) URL: it {parsed}")
    return urls.site(parsed.host)


def _contains_word(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as a whole word or phrase (both casefolded)."""
    start = haystack.find(needle)
    if start < 0:
        return False
    n = len(needle)
    while start >= 0:
        before = haystack[start - 1] if start else " "
        after = haystack[start + n] if start + n < len(haystack) else " "
        if not (needle[0].isalnum() and before.isalnum()) and not (needle[-1].isalnum() and after.isalnum()):
            return True
        start = haystack.find(needle, start + 1)
    return False


# --- google-2025 --------------------------------------------------------------------------------


def _g25_claim_reviewed(value: Any, pointer: str, out: list[Diagnostic]) -> list[tuple[str, int | None]]:
    if type(value) is str:  # the common case
        stripped = value.strip()
        if stripped and len(stripped) <= MAX_CLAIM_REVIEWED and has_visible(stripped):
            return [(stripped, None)]
    if _absent(value):
        out.append(CLAIMREVIEW_MISSING_CLAIM_REVIEWED.at(
            "no claimReviewed: add a short summary of the claim being checked (Google requires it)",
                         pointer if value is None else f"{pointer}/claimReviewed"))
        return []
    texts: list[tuple[str, int | None]] = []
    for item, i in _items(value) if type(value) is list else ((value, None),):
        text = _text(item) if type(item) is not list else None
        if not text:
            what = "is empty" if text == "" else "must be text"
            out.append(CLAIMREVIEW_MISSING_CLAIM_REVIEWED.at(
                f"claimReviewed {what}: write a short summary of the claim being checked",
                             _at(pointer, "claimReviewed", i)))
            continue
        if len(text) > MAX_CLAIM_REVIEWED:
            out.append(CLAIMREVIEW_CLAIM_REVIEWED_TOO_LONG.at(
                f"claimReviewed is {len(text)} characters; Google recommends under "
                               f"{MAX_CLAIM_REVIEWED} so it does not wrap on a phone",
                               _at(pointer, "claimReviewed", i)))
        texts.append((text, i))
    return texts


def _g25_ratings(value: Any, pointer: str, index: Index | None, out: list[Diagnostic]) -> list[str]:
    if _absent(value):
        out.append(CLAIMREVIEW_MISSING_RATING.at(
            "no reviewRating: add a Rating whose alternateName is the verdict, e.g. "
                         '{"@type": "Rating", "alternateName": "False"} (Google requires it)',
                         pointer if value is None else f"{pointer}/reviewRating"))
        return []
    if type(value) is dict:
        return _g25_rating(value, f"{pointer}/reviewRating", index, out)
    verdicts: list[str] = []
    for item, i in _items(value):
        where = _at(pointer, "reviewRating", i)
        if type(item) is dict:
            verdicts.extend(_g25_rating(item, where, index, out))
        else:
            out.append(CLAIMREVIEW_INVALID_RATING.at("reviewRating must be a Rating object, e.g. "
                             '{"@type": "Rating", "alternateName": "False"}, not text or a number', where))
    return verdicts


def _g25_rating(rating: dict[str, Any], where: str, index: Index | None, out: list[Diagnostic]) -> list[str]:
    if len(rating) == 1:
        where = _linked_pointer(rating, index, where)
        rating = _resolve(rating, index)
        if type(rating) is not dict or _is_link(rating):
            return []  # a link to a Rating this document does not hold: nothing to check here
    get = rating.get
    several = _g25_once(rating, where, "Rating", out)
    verdict = _text(get("alternateName")) or _text(get("name"))
    if not verdict:
        out.append(CLAIMREVIEW_MISSING_VERDICT.at(
            "the rating has no verdict: give it an alternateName such as \"False\" or "
                         "\"Mostly true\" (Google shows this text)", where))
    raw_value, raw_best, raw_worst = get("ratingValue"), get("bestRating"), get("worstRating")
    if several:  # reported once, as several values; not again as "not a number"
        raw_value, raw_best, raw_worst = (None if k in several else v for k, v in
                                          (("ratingValue", raw_value), ("bestRating", raw_best),
                                           ("worstRating", raw_worst)))
    if (type(raw_value) is int and type(raw_best) is int and type(raw_worst) is int
            and 1 <= raw_worst <= raw_value <= raw_best and raw_worst < raw_best):
        return [verdict] if verdict else []  # the common case: a valid integer scale
    if raw_value is not None or raw_best is not None or raw_worst is not None:
        _g25_scale(_g25_number(raw_value, "ratingValue", where, out), _g25_number(raw_best, "bestRating", where, out),
                   _g25_number(raw_worst, "worstRating", where, out), where, out)
    return [verdict] if verdict else []


def _g25_number(raw: Any, key: str, where: str, out: list[Diagnostic]) -> float | None:
    if raw is None:
        return None
    if type(raw) is int and -1e15 < raw < 1e15:
        return float(raw)
    number = _number(raw)
    if number is None:
        out.append(CLAIMREVIEW_RATING_NOT_A_NUMBER.at(
            f"{key} {_show(raw)} cannot be read as a number; write a number such as 1 or \"4\"",
                         f"{where}/{key}"))
    return number


def _g25_scale(value: float | None, best: float | None, worst: float | None, where: str,
               out: list[Diagnostic]) -> None:
    if worst is not None and worst < 1:
        out.append(CLAIMREVIEW_WORST_RATING_BELOW_ONE.at(
            f"worstRating is {worst:g}; Google requires at least 1 (shift the scale, e.g. 1 to 5)",
                         f"{where}/worstRating"))
    if best is not None and worst is not None and not best > worst:
        out.append(CLAIMREVIEW_RATING_SCALE_INVERTED.at(
            f"bestRating ({best:g}) must be greater than worstRating ({worst:g})",
                         f"{where}/bestRating"))
        return
    if value is None:
        return
    if worst is not None and value < worst:
        out.append(CLAIMREVIEW_RATING_OUT_OF_SCALE.at(
            f"ratingValue {value:g} is below worstRating ({worst:g})", f"{where}/ratingValue"))
    elif best is not None and value > best:
        out.append(CLAIMREVIEW_RATING_OUT_OF_SCALE.at(
            f"ratingValue {value:g} is above bestRating ({best:g})", f"{where}/ratingValue"))


def _show(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer with more digits than Python will print
        return "(a very large integer)"
    return text if len(text) <= 60 else text[:57] + "..."


def _g25_url(value: Any, pointer: str, page_url: str | None, out: list[Diagnostic]) -> None:
    if page_url is None and type(value) is str and urls.is_http_url(value):  # the common case
        return
    if _absent(value):
        out.append(CLAIMREVIEW_MISSING_URL.at(
            "no url: add the address of the page that hosts the full fact check (Google requires it)",
                         pointer if value is None else f"{pointer}/url"))
        return
    for item, i in _items(value) if type(value) is list else ((value, None),):
        url = item.get("@id", item.get("id")) if type(item) is dict else item
        parsed = urls.http_url(url)
        if isinstance(parsed, str):
            out.append(CLAIMREVIEW_INVALID_URL.at(
                             f"url {_show(url)} is not an absolute http(s) URL: it {parsed}. Write the full address "
                             "of the fact-check page, e.g. https://example.org/fact-check",
                             _at(pointer, "url", i)))
        elif page_url is not None and not urls.same_site(parsed.host, page := _page_domain(page_url)):
            out.append(CLAIMREVIEW_URL_OFF_PAGE_DOMAIN.at(
                             f"url is on {urls.site(parsed.host)} (as browsers read it), but the page is on {page}: "
                             "Google requires the url to be on the page's domain or a subdomain of it",
                             _at(pointer, "url", i)))


@lru_cache(maxsize=256)
def _agent_type(kind: str) -> bool | None:
    """Whether a type is a Person or an Organization (or a subtype); None when schema.org does
    not know it (a typo is the vocabulary's warning, not a wrong type)."""
    name = vocabulary.local_name(kind)
    vocab = vocabulary.vocabulary()
    if name is None or name not in vocab.types:
        return None
    return vocab.is_subtype(name, _AGENTS)


_AGENTS = frozenset({"Person", "Organization"})


def _wrong_agent(node: Mapping[str, Any]) -> bool:
    """A node whose @type(s) are all schema.org types, none a Person or an Organization."""
    kind = node.get("@type")
    kinds = [kind] if type(kind) is str else kind if type(kind) is list else []
    verdicts = [_agent_type(k) for k in kinds if type(k) is str]
    return bool(verdicts) and None not in verdicts and not any(verdicts)


def _named(agent: Mapping[str, Any]) -> bool:
    """An author or publisher with a visible name, or an http(s) url (as WHATWG reads it)."""
    if _text(agent.get("name")):
        return True
    url = agent.get("url")
    url = url.get("@id", url.get("id")) if type(url) is dict else url
    return bool(_text(url)) and urls.is_http_url(_text(url))


def _g25_authors(value: Any, pointer: str, index: Index | None, out: list[Diagnostic], key: str = "author") -> None:
    if type(value) is dict and len(value) > 1 and _named(value) and not _wrong_agent(value):
        return  # the common case
    if _absent(value):
        if key == "author":
            out.append(CLAIMREVIEW_MISSING_AUTHOR.at(
                "no author: name the organization or person who published the fact check (Google recommends it)",
                pointer if value is None else f"{pointer}/author"))
        return
    for item, i in _items(value) if type(value) is list else ((value, None),):
        link = item
        if type(item) is dict and len(item) == 1:
            item = _resolve(item, index)
        bad_url = False
        if type(item) is dict:
            if _wrong_agent(item):
                out.append(CLAIMREVIEW_AUTHOR_NOT_AGENT.at(
                    f"the {key} is a {_show(item.get('@type'))}: Google requires the author of the fact "
                    'check to be a Person or an Organization, e.g. {"@type": "Organization", "name": '
                    '"Example Fact Check"}', _linked_pointer(link, index, _at(pointer, key, i))))
                continue
            if _is_link(item) or _named(item):
                continue
            bad_url = item.get("url") is not None
        elif type(item) is str and has_visible(item):
            continue  # text where a Person or Organization is expected: schema.org accepts it as the name
        what = (f"its url {_show(item.get('url'))} is not an absolute http(s) URL and it has no name"
                if bad_url and type(item) is dict else "it has neither")
        out.append(CLAIMREVIEW_AUTHOR_WITHOUT_NAME.at(
            f"the {key} needs a visible name or an http(s) url ({what}): e.g. "
            '{"@type": "Organization", "name": "Example Fact Check", "url": "https://example.org"}',
            _linked_pointer(link, index, _at(pointer, key, i))))


def _g25_item_reviewed(value: Any, pointer: str, index: Index | None, out: list[Diagnostic]) -> None:
    if _absent(value):
        out.append(CLAIMREVIEW_MISSING_ITEM_REVIEWED.at(
            "no itemReviewed: describe the claim as a Claim with its author, datePublished and "
                           "appearance (Google recommends it)",
                           pointer if value is None else f"{pointer}/itemReviewed"))
        return
    for item, i in _items(value) if type(value) is list else ((value, None),):
        link = item
        if type(item) is dict and len(item) == 1:
            item = _resolve(item, index)
            if type(item) is dict and _is_link(item):
                continue
        if type(item) is not dict or not _has_type(item, "Claim"):
            out.append(CLAIMREVIEW_ITEM_REVIEWED_NOT_CLAIM.at(
                "itemReviewed is not a Claim: Google still reads the older CreativeWork shape but "
                               'recommends {"@type": "Claim", "author": ..., "datePublished": ..., "appearance": ...}',
                               _linked_pointer(link, index, _at(pointer, "itemReviewed", i))))
            continue
        get = item.get
        author, date = get("author"), get("datePublished")
        appearance, first = get("appearance"), get("firstAppearance")
        if author and date and (appearance or first):
            continue  # the common, complete case
        where = _linked_pointer(link, index, _at(pointer, "itemReviewed", i))
        if _absent(author):
            out.append(CLAIMREVIEW_CLAIM_MISSING_AUTHOR.at(
                "the Claim has no author: name who made the claim (a Person or Organization) "
                               "when it is known; Google asks to leave author out when the claim has none", where))
        if _absent(date):
            out.append(CLAIMREVIEW_CLAIM_MISSING_DATE.at(
                "the Claim has no datePublished: give the date the claim was made or spread", where))
        if _absent(appearance) and _absent(first):
            out.append(CLAIMREVIEW_CLAIM_MISSING_APPEARANCE.at(
                "the Claim has neither appearance nor firstAppearance: link a work in which the "
                               "claim appears (a URL or a CreativeWork)", where))


def _g25_verdict_in_claim(texts: list[tuple[str, int | None]], verdicts: list[str], pointer: str,
                          out: list[Diagnostic]) -> None:
    for verdict in verdicts:
        needle = verdict.casefold()
        for text, i in texts:
            if _contains_word(text.casefold(), needle) and any(ch.isalnum() for ch in needle):
                out.append(CLAIMREVIEW_CLAIM_REVIEWED_HAS_VERDICT.at(
                    f"claimReviewed contains the verdict {verdict!r}: state only the claim here; "
                                   "the verdict belongs in reviewRating", _at(pointer, "claimReviewed", i)))


def _google_2025(node: Mapping[str, Any], pointer: str, page_url: str | None, index: Index | None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    get = node.get
    texts = _g25_claim_reviewed(get("claimReviewed"), pointer, out)
    verdicts = _g25_ratings(get("reviewRating"), pointer, index, out)
    _g25_url(get("url"), pointer, page_url, out)
    _g25_authors(get("author"), pointer, index, out)
    if "publisher" in node:
        _g25_authors(get("publisher"), pointer, index, out, "publisher")
    _g25_item_reviewed(get("itemReviewed"), pointer, index, out)
    if type(get("claimReviewed")) is list or type(get("reviewRating")) is list or type(get("itemReviewed")) is list \
            or type(get("url")) is list:
        _g25_once(node, pointer, "ClaimReview", out)
    if texts and verdicts:
        _g25_verdict_in_claim(texts, verdicts, pointer, out)
    return out


def _google_2025_page(reviews: list[str]) -> list[Diagnostic]:
    """One page's ClaimReviews (their pointers): Google wants exactly one."""
    return [CLAIMREVIEW_MULTIPLE_PER_PAGE.at(
        f"this is ClaimReview {n} of {len(reviews)} on one page; Google shows a fact check only for "
                    "pages with a single ClaimReview: give each review its own page", where)
            for n, where in enumerate(reviews[1:], start=2)]


# --- mediareview-2021 --------------------------------------------------------------------------

MEDIA_AUTHENTICITY = ("OriginalMediaContent", "DecontextualizedContent", "EditedOrCroppedContent",
                      "TransformedContent", "StagedContent", "SatireOrParodyContent")
"""schema.org 30.0's MediaManipulationRatingEnumeration members (the model's MediaAuthenticity)."""
MEDIA_TYPES = frozenset({"MediaObject", "ImageObject", "ImageObjectSnapshot", "VideoObject", "VideoObjectSnapshot",
                         "AudioObject", "Barcode", "3DModel", "AmpStory", "DataDownload", "LegislationObject",
                         "MusicVideoObject", "TextObject"})
"""MediaObject and its schema.org subtypes."""


def _category_name(value: Any) -> str | None:
    raw = value.get("@id", value.get("id")) if type(value) is dict else value
    if type(raw) is not str:
        return None
    return vocabulary.local_name(raw.strip()) or raw.strip()


def _m21_categories(value: Any, pointer: str, out: list[Diagnostic]) -> list[str]:
    if _absent(value):
        out.append(MEDIAREVIEW_MISSING_CATEGORY.at(
            "no mediaAuthenticityCategory: give the verdict on the media, e.g. \"DecontextualizedContent\" "
            f"(one or more of {', '.join(MEDIA_AUTHENTICITY)})", pointer if value is None else
            f"{pointer}/mediaAuthenticityCategory"))
        return []
    found = []
    for item, i in _items(value):
        name = _category_name(item)
        if name in MEDIA_AUTHENTICITY:
            found.append(name)
            continue
        close = [m for m in MEDIA_AUTHENTICITY if name and name.casefold().replace(" ", "") in m.casefold()]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        out.append(MEDIAREVIEW_UNKNOWN_CATEGORY.at(
            f"mediaAuthenticityCategory {_show(item)} is not a member of schema.org's "
            f"MediaManipulationRatingEnumeration ({', '.join(MEDIA_AUTHENTICITY)}){hint}",
            _at(pointer, "mediaAuthenticityCategory", i)))
    return found


def _is_media(node: Mapping[str, Any]) -> bool:
    return any(_has_type(node, t) for t in MEDIA_TYPES)


def _has_media_url(node: Mapping[str, Any], where: str = "", bad: list[tuple[str, str, Any]] | None = None) -> bool:
    """Whether a media object has an http(s) contentUrl or url; the ones given that are not are
    added to ``bad`` as (pointer, property, value)."""
    for key in ("contentUrl", "url"):
        for item, i in _items(node.get(key)):
            url = item.get("@id", item.get("id")) if type(item) is dict else item
            if type(url) is str and urls.is_http_url(url.strip()):
                return True
            if bad is not None and url is not None:
                bad.append((_at(where, key, i), key, url))
    return False


def _m21_item(value: Any, pointer: str, index: Index | None, out: list[Diagnostic]) -> None:
    if _absent(value):
        out.append(MEDIAREVIEW_MISSING_ITEM_REVIEWED.at(
            "no itemReviewed: describe the media, e.g. {\"@type\": \"MediaReviewItem\", \"mediaItemAppearance\": "
            "[{\"@type\": \"VideoObjectSnapshot\", \"contentUrl\": \"https://...\"}]}",
            pointer if value is None else f"{pointer}/itemReviewed"))
        return
    urls_seen = False
    bad: list[tuple[str, str, Any]] = []
    for item, i in _items(value):
        link = item
        where = _linked_pointer(link, index, _at(pointer, "itemReviewed", i))
        item = _resolve(item, index)
        if type(item) is str:
            urls_seen = urls_seen or urls.is_http_url(item.strip())
            continue
        if type(item) is not dict or _is_link(item):
            urls_seen = urls_seen or type(item) is dict  # a link to media defined elsewhere: taken on trust
            continue
        if _has_type(item, "MediaReviewItem") or ("mediaItemAppearance" in item and not _is_media(item)):
            for media, j in _items(item.get("mediaItemAppearance")):
                at = _linked_pointer(media, index, _at(where, "mediaItemAppearance", j))
                media = _resolve(media, index)
                linked = type(media) is dict and (_has_media_url(media, at, bad) or _is_link(media))
                urls_seen = urls_seen or linked or (type(media) is str and urls.is_http_url(media.strip()))
            continue
        if not _is_media(item) and (item.get("@type") is not None or item.get("type") is not None):
            out.append(MEDIAREVIEW_ITEM_REVIEWED_NOT_MEDIA.at(
                f"itemReviewed is a {_show(item.get('@type'))}: a MediaReview reviews media, given as a "
                "MediaReviewItem (with mediaItemAppearance) or as a MediaObject such as a VideoObject or an "
                "ImageObject",
                where))
        urls_seen = urls_seen or _has_media_url(item, where, bad)
    if not urls_seen and bad:  # one defect, one finding: at the URL that is not one (where a reader notes it too)
        at, key, url = bad[0]
        out.append(MEDIAREVIEW_MISSING_MEDIA_URL.at(
            f"{key} {_show(url)} is not an absolute http(s) URL, and no other media item has one: link the "
            "image, video or audio that was reviewed (its file, or the post that carries it)", at))
    elif not urls_seen:
        out.append(MEDIAREVIEW_MISSING_MEDIA_URL.at(
            "no media item has a contentUrl or url: link the image, video or audio that was reviewed (its file, or "
            "the post that carries it)", f"{pointer}/itemReviewed"))


def _mediareview_2021(node: Mapping[str, Any], pointer: str, page_url: str | None,
                      index: Index | None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    get = node.get
    categories = _m21_categories(get("mediaAuthenticityCategory"), pointer, out)
    _m21_item(get("itemReviewed"), pointer, index, out)
    _g25_url(get("url"), pointer, page_url, out)
    _g25_authors(get("author"), pointer, index, out)
    if _absent(get("datePublished")):
        out.append(MEDIAREVIEW_MISSING_DATE.at("no datePublished: give the date the fact check was published",
                                               pointer if get("datePublished") is None else f"{pointer}/datePublished"))
    if "DecontextualizedContent" in categories and not _text(get("originalMediaContextDescription")):
        out.append(MEDIAREVIEW_MISSING_ORIGINAL_CONTEXT.at(
            "the media is rated DecontextualizedContent, but originalMediaContextDescription does not say what it "
            "really shows: add a short sentence on its original context", pointer))
    return out


def check_associated(node: Mapping[str, Any], pointer: str, index: Index | None) -> list[Diagnostic]:
    """A review's links to its sibling of the other kind: ``associatedClaimReview`` should name a
    ClaimReview and ``associatedMediaReview`` a MediaReview (in any rule set)."""
    out: list[Diagnostic] = []
    for key, want in (("associatedClaimReview", "ClaimReview"), ("associatedMediaReview", "MediaReview")):
        if key not in node:
            continue
        for item, i in _items(node[key]):
            target = _resolve(item, index)
            kind = target.get("@type", target.get("type")) if type(target) is dict else None
            if kind is not None and not _has_type(target, want):
                out.append(MEDIAREVIEW_ASSOCIATED_WRONG_TYPE.at(
                    f"{key} names a {_show(kind)}: it links a review to its {want}", _linked_pointer(
                        item, index, _at(pointer, key, i))))
    return out


@dataclass(frozen=True)
class MediaRuleSet:
    name: str
    title: str
    source: str
    read_on: str
    check: Callable[[Mapping[str, Any], str, str | None, Index | None], list[Diagnostic]]
    """One MediaReview node: (node, pointer, page_url, index) -> diagnostics."""


MEDIA_RULE_SETS: dict[str, MediaRuleSet] = {
    "mediareview-2021": MediaRuleSet(
        name="mediareview-2021",
        title="MediaReview as Google's Fact Check Markup Tool takes it (Duke Reporters' Lab's user guide) and "
              "schema.org 30.0 defines it",
        source="https://claimreviewproject.com/mediareview/user-guide",
        read_on="2026-11-30",
        check=_mediareview_2021,
    ),
}


# --- the registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSet:
    name: str
    title: str
    source: str
    """URL of the documentation the rules were read from."""
    read_on: str
    """Date the documentation was read (ISO 8601)."""
    check: Callable[[Mapping[str, Any], str, str | None, Index | None], list[Diagnostic]]
    """One ClaimReview node: (node, pointer, page_url, index) -> diagnostics."""
    check_page: Callable[[list[str]], list[Diagnostic]]
    """All ClaimReviews of one page, by pointer -> diagnostics."""
    media: str = "mediareview-2021"
    """The MediaReview rules read beside these (a name in :data:`MEDIA_RULE_SETS`)."""

    @property
    def media_rules(self) -> MediaRuleSet:
        return MEDIA_RULE_SETS[self.media]


_REGISTRY: dict[str, RuleSet] = {
    "google-2025": RuleSet(
        name="google-2025",
        title="Google Search Central: Fact check (ClaimReview) structured data",
        source="https://developers.google.com/search/docs/appearance/structured-data/factcheck",
        read_on="2026-11-24",
        check=_google_2025,
        check_page=_google_2025_page,
    ),
}

RULESETS: tuple[str, ...] = tuple(_REGISTRY)
"""Known rule set names, oldest first."""
DEFAULT_RULES = RULESETS[-1]
"""The newest rule set."""


def rule_set(name: str) -> RuleSet:
    """The rule set called ``name``; ``ValueError`` naming the known ones otherwise."""
    found = _REGISTRY.get(name)
    if found is None:
        raise ValueError(f"unknown rule set {name!r}; known: {', '.join(RULESETS)}")
    return found


# --- the checks ---------------------------------------------------------------------------------


def check_node(node: dict[str, Any], pointer: str = "", rules: str = DEFAULT_RULES,
               page_url: str | None = None, *, index: Index | None = None) -> list[Diagnostic]:
    """One ClaimReview node (compacted, schema.org terms): the rule set's errors and warnings.
    Called once per record on feeds, so it must be cheap. ``index`` (nodes by @id) lets links
    such as ``"author": {"@id": "#desk"}`` be followed; without it a bare link is taken on trust.

    Raises ``ValueError`` for an unknown rule set or a page URL that is not absolute http(s)."""
    checker = _REGISTRY.get(rules)
    if checker is None:
        rule_set(rules)  # raises with the known names
    if page_url is not None:
        _page_domain(page_url)
    if type(node) is not dict:
        return [CLAIMREVIEW_NOT_A_NODE.at(f"a ClaimReview must be a JSON object, not {_kind(node)}", pointer)]
    if is_media_review(node) and not is_claim_review(node):
        return check_media_node(node, pointer, rules, page_url, index=index)
    found: list[Diagnostic] = checker.check(node, pointer, page_url, index)  # type: ignore[union-attr]
    if "datePublished" in node:
        found += review_before_claim(node, pointer, index)
    return found


SCHEMA_KEY_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
"""How markup may write a schema.org property other than as its term: the ``schema:`` prefix of
schema.org's context, or the full IRI. JSON-LD reads them as the term (``url``)."""


def plain_keys(value: Any) -> Any:
    """``value`` with each schema.org property written ``schema:url`` or ``https://schema.org/url``
    named by its term (``url``), where the term is not also there: Google's rules are written for
    terms, and JSON-LD (and Google) read the two alike. Anything else is as it was."""
    if type(value) is list:
        return [plain_keys(v) for v in value]
    if type(value) is not dict:
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        term = _schema_term(key)
        out[term if term is not None and term not in value else key] = plain_keys(item)
    return out


def _schema_term(key: str) -> str | None:
    for prefix in SCHEMA_KEY_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):]
    return None


def original_pointer(data: Any, pointer: str) -> str:
    """A pointer into :func:`plain_keys` of ``data``, as a pointer into ``data`` itself."""
    out: list[str] = []
    node = data
    for token in split_pointer(pointer):
        if type(node) is dict:
            key = token if token in node else next((p + token for p in SCHEMA_KEY_PREFIXES if p + token in node), token)
            out.append(escape_token(key))
            node = node.get(key)
        else:
            out.append(escape_token(token))
            node = node[int(token)] if type(node) is list and token.isdigit() and int(token) < len(node) else None
    return "".join("/" + t for t in out)


def review_before_claim(node: Mapping[str, Any], pointer: str = "", index: Index | None = None) -> list[Diagnostic]:
    """The model's date rule, on the markup itself, so that a page, a feed and a converted file
    are judged alike: a review dated before the claim it reviews (both dates read as the JSON-LD
    reader reads them, compared at the coarser precision of the two)."""
    from claimreview.schemas.fields import definitely_before, read_date

    raw = node.get("datePublished")
    item = _resolve(node.get("itemReviewed"), index)
    if type(item) is list and item:
        item = _resolve(item[0], index)
    claim_raw = item.get("datePublished") if isinstance(item, dict) else None
    if type(raw) is not str or type(claim_raw) is not str:
        return []
    review, claim = read_date(raw), read_date(claim_raw)
    if review is None or claim is None or not definitely_before(review, claim):
        return []
    return [CLAIMREVIEW_REVIEW_BEFORE_CLAIM.at(f"the review is dated {raw}, before its claim ({claim_raw}); correct "
                                               "one of the two dates", f"{pointer}/datePublished")]


def check_media_node(node: Any, pointer: str = "", rules: str = DEFAULT_RULES, page_url: str | None = None, *,
                     index: Index | None = None) -> list[Diagnostic]:
    """One MediaReview node: the MediaReview rules read beside the rule set ``rules``, and its
    ``associatedClaimReview`` links. Raises ``ValueError`` as :func:`check_node` does."""
    media = rule_set(rules).media_rules
    if page_url is not None:
        _page_domain(page_url)
    if type(node) is not dict:
        return [MEDIAREVIEW_NOT_A_NODE.at(f"a MediaReview must be a JSON object, not {_kind(node)}", pointer)]
    return media.check(node, pointer, page_url, index) + check_associated(node, pointer, index)


def _kind(value: Any) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


def is_claim_review(node: Mapping[str, Any]) -> bool:
    return _has_type(node, "ClaimReview")


def is_media_review(node: Mapping[str, Any]) -> bool:
    return _has_type(node, "MediaReview")


def check_jsonld(data: Any, rules: str = DEFAULT_RULES, page_url: str | None = None, *,
                 single_page: bool = False, registries: bool = True) -> list[Diagnostic]:
    """A whole JSON-LD output or input (object, array, @graph, DataFeed with
    dataFeedElement[].item): every ClaimReview node through check_node, the schema.org
    vocabulary on every node, and offline JSON-LD expansion.

    The one-ClaimReview-per-page rule runs when the data is one page's markup: when ``page_url``
    is given, or ``single_page`` is true (an HTML reader passes it for a saved page).
    ``registries`` looks language tags and country codes up in the IANA and ISO registries
    (:mod:`claimreview.validation.registries`); an exporter checking its own output leaves them
    out, since the input's reader has reported them already.
    Raises ``ValueError`` for an unknown rule set or a page URL that is not absolute http(s)."""
    checker = rule_set(rules)
    if page_url is not None:
        _page_domain(page_url)
    nodes = list(vocabulary.iter_nodes(data))
    if any(":" in "".join(node) for node, _ in nodes):  # schema:url, https://schema.org/url: the rules read terms
        plain = plain_keys(data)
        if plain != data:
            return _check_plain(data, plain, rules, page_url, single_page=single_page, registries=registries)
    index = NodeIndex()
    for node, where in nodes:
        if type(node.get("@id")) is str and not _is_link(node):
            index.add(node, where)
    reviews = [(node, where) for node, where in nodes if is_claim_review(node)]
    out: list[Diagnostic] = []
    for node, where in reviews:
        out.extend(checker.check(node, where, page_url, index))
        if "datePublished" in node:
            out.extend(review_before_claim(node, where, index))
        if "associatedMediaReview" in node:
            out.extend(check_associated(node, where, index))
    for node, where in nodes:
        if is_media_review(node) and not is_claim_review(node):
            out.extend(checker.media_rules.check(node, where, page_url, index))
            out.extend(check_associated(node, where, index))
    if page_url is not None or single_page:
        out.extend(checker.check_page([where for _, where in reviews]))
    # one defect, one finding: where the rule set judged a value, the vocabulary and the JSON-LD
    # processor do not repeat it; where the processor names a term, the vocabulary does not
    ruled = {d.pointer for d in out}
    terms = [d for d in ld.check_expansion(data, page_url) if d.pointer not in ruled]
    named = ruled | {d.pointer for d in terms}
    for node, where in nodes:
        out.extend(d for d in vocabulary.check_vocabulary_node(node, where) if d.pointer not in named)
        if registries:
            out.extend(d for d in registry_checks.check_node(node, where) if d.pointer not in named)
    out.extend(terms)
    # a Claim (or author) that several ClaimReviews link to is checked with each: say it once
    return list(dict.fromkeys(out))


def _check_plain(data: Any, plain: Any, rules: str, page_url: str | None, *, single_page: bool,
                 registries: bool) -> list[Diagnostic]:
    """check_jsonld of markup that writes schema.org properties as ``schema:`` names or IRIs: every
    check on its terms (JSON-LD reads both alike), each finding placed in the markup as written."""
    found = check_jsonld(plain, rules, page_url, single_page=single_page, registries=registries)
    return [d.at(pointer=original_pointer(data, d.pointer)) for d in found]
