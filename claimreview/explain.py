"""``claimreview explain CODE`` and ``claimreview rules``: what a code means, why (the rule's
source), and a bad and a fixed piece of markup.

The examples are data: one small ClaimReview (the seed article's illustrative review, trimmed)
that passes every check, and per code the edit that breaks it, as JSON Pointer operations. The
tests run each bad example through the checks and require its code, and the fixed one without it.
Codes that are not about a ClaimReview's markup (a CSV cell, a YAML alias, an exporter's own
check) are explained without markup.
"""

from __future__ import annotations

import copy
import json
import textwrap
from typing import Any

from claimreview.pointer import split_pointer
from claimreview.validation.catalogue import catalogue

FIXED: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/reviews/north-korea-100000-troops",
    "claimReviewed": "North Korea could send up to 100,000 soldiers to help Russia in Ukraine.",
    "author": {"@type": "Organization", "name": "Example Fact-Check Desk", "url": "https://factcheck.example.org/"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Igor Korotchenko"},
        "appearance": {"@type": "CreativeWork", "publisher": {"@type": "Organization", "name": "Rossiya 1"},
                       "description": "Igor Korotchenko on Rossiya 1: there are reported \"100,000 North Korean "
                                      "volunteers prepared to come and take part in the conflict\"."},
    },
    "reviewRating": {"@type": "Rating", "alternateName": "Unproven"},
}
"""A ClaimReview every check passes but one: the seed article's illustrative review (examples/),
trimmed. The article gives no date for the claim, so it has none (claimreview.claim-missing-date,
a warning, is the one finding, and that code is explained without an example) rather than an
invented one."""

PAGE_URL = "https://factcheck.example.org/reviews/north-korea-100000-troops"

MEDIA_FIXED: dict[str, Any] = {'@context': 'https://schema.org',
     '@type': 'MediaReview',
     'datePublished': '2021-04-27',
     'url': 'https://www.politifact.com/factchecks/2021/apr/27/instagram-posts/mariah-carey-didnt-fake-getting-her-covid-19-vacci/',
     'author': {'@type': 'Organization', 'name': 'PolitiFact', 'url': 'https://politifact.com'},
     'mediaAuthenticityCategory': 'DecontextualizedContent',
     'originalMediaContextDescription': 'Singer Mariah Carey shared a video of herself receiving a '
                                        'COVID-19 vaccination.',
     'itemReviewed': {'@type': 'MediaReviewItem',
                      'creator': {'@type': 'Person',
                                  'name': 'Instagram user',
                                  'url': 'https://www.instagram.com/wrong_saloon_bear/?hl=en'},
                      'interpretedAsClaim': {'@type': 'Claim',
                                             'description': 'Mariah Carey faked getting her COVID-19 '
                                                            'vaccine because the needle can\u2019t be seen '
                                                            'coming out of her arm.'},
                      'mediaItemAppearance': [{'@type': 'VideoObjectSnapshot',
                                               'description': 'An Instagram user posted a zoomed-in '
                                                              'version of a video of Mariah Carey '
                                                              'receiving a COVID vaccination, writing '
                                                              '\u2018It\u2019s all a scam, don\u2019t celebrate '
                                                              'celebrities.\u2019'},
                                              {'@type': 'VideoObjectSnapshot',
                                               'contentUrl': 'https://www.instagram.com/p/CNtao_WA0Dr/',
                                               'archivedAt': 'https://archive.is/EXAMPLE'}]}}
"""A MediaReview every check passes: schema.org's MediaReview example (PolitiFact's review of a
Mariah Carey video; schema.org issue 2450, CC BY-SA 3.0), as in tests/fixtures/claimreview/valid/."""

MEDIA_EXAMPLES: dict[str, list[tuple[str, str, Any]]] = {
    "mediareview.missing-category": [("del", "/mediaAuthenticityCategory", None)],
    "mediareview.unknown-category": [("set", "/mediaAuthenticityCategory", "Decontextualized")],
    "mediareview.missing-item-reviewed": [("del", "/itemReviewed", None)],
    "mediareview.missing-media-url": [("del", "/itemReviewed/mediaItemAppearance/1/contentUrl", None)],
    "mediareview.item-reviewed-not-media": [("set", "/itemReviewed/@type", "Claim"),
                                            ("del", "/itemReviewed/mediaItemAppearance", None)],
    "mediareview.missing-original-context": [("del", "/originalMediaContextDescription", None)],
    "mediareview.missing-date": [("del", "/datePublished", None)],
    "mediareview.associated-wrong-type": [("set", "/associatedClaimReview",
                                           {"@type": "NewsArticle", "url": MEDIA_FIXED["url"]})],
}
"""Per MediaReview code, the edit of :data:`MEDIA_FIXED` that makes the bad example."""

Edit = tuple[str, str, Any]
"""("set", pointer, value) or ("del", pointer, None): how the bad example differs from FIXED."""

EXAMPLES: dict[str, list[Edit]] = {
    "claimreview.missing-url": [("del", "/url", None)],
    "claimreview.invalid-url": [("set", "/url", "factcheck.example.org/reviews/north-korea-100000-troops")],
    "claimreview.url-off-page-domain": [("set", "/url", "https://elsewhere.example.net/north-korea-100000-troops")],
    "claimreview.missing-claim-reviewed": [("del", "/claimReviewed", None)],
    "claimreview.claim-reviewed-too-long": [("set", "/claimReviewed", "North Korea could deploy up to 100,000 "
                                             "soldiers to help Russian forces in its attack on Ukraine, according to "
                                             "a top defense expert.")],
    "claimreview.claim-reviewed-has-verdict": [("set", "/claimReviewed", "Unproven: North Korea could send "
                                                "100,000 soldiers to Russia.")],
    "claimreview.missing-rating": [("del", "/reviewRating", None)],
    "claimreview.invalid-rating": [("set", "/reviewRating", "Unproven")],
    "claimreview.missing-verdict": [("del", "/reviewRating/alternateName", None)],
    "claimreview.several-values": [("set", "/reviewRating/alternateName", ["Unproven", "Misleading"])],
    "claimreview.rating-not-a-number": [("set", "/reviewRating/ratingValue", "two")],
    "claimreview.rating-out-of-scale": [("set", "/reviewRating/ratingValue", 7),
                                        ("set", "/reviewRating/bestRating", 5),
                                        ("set", "/reviewRating/worstRating", 1)],
    "claimreview.rating-scale-inverted": [("set", "/reviewRating/bestRating", 1),
                                          ("set", "/reviewRating/worstRating", 5)],
    "claimreview.worst-rating-below-one": [("set", "/reviewRating/ratingValue", 2),
                                           ("set", "/reviewRating/bestRating", 5),
                                           ("set", "/reviewRating/worstRating", 0)],
    "claimreview.missing-author": [("del", "/author", None)],
    "claimreview.author-without-name": [("set", "/author", {"@type": "Organization"})],
    "claimreview.author-not-agent": [("set", "/author/@type", "WebSite")],
    "claimreview.missing-item-reviewed": [("del", "/itemReviewed", None)],
    "claimreview.item-reviewed-not-claim": [("set", "/itemReviewed/@type", "CreativeWork")],
    "claimreview.claim-missing-author": [("del", "/itemReviewed/author", None)],
    "claimreview.claim-missing-appearance": [("del", "/itemReviewed/appearance", None)],
    "vocab.unknown-type": [("set", "/itemReviewed/author/@type", "Persn")],
    "vocab.unknown-property": [("set", "/itemReviewed/author/nme", "Igor Korotchenko")],
    "registry.unknown-language": [("set", "/inLanguage", "ua")],
    "registry.deprecated-language": [("set", "/inLanguage", "en-GB-oed")],
    "registry.unknown-country": [("set", "/itemReviewed/appearance/publisher/location",
                                  {"@type": "Country", "name": "RF"})],
    "jsonld.no-context": [("del", "/@context", None)],
    "jsonld.unknown-context": [("set", "/@context", "https://factcheck.example.org/context.jsonld")],
}
"""Per code, the edit of :data:`FIXED` that makes the bad example."""

_AREA_SOURCES: dict[str, tuple[str, str]] = {
    "vocab": ("the schema.org vocabulary, as shipped with claimreview", "https://schema.org/"),
    "jsonld": ("JSON-LD 1.1 (how a processor expands the markup)", "https://www.w3.org/TR/json-ld11/"),
    "registry": ("the IANA Language Subtag Registry (the copy langcodes ships; language tags) and ISO 3166-1 (the "
                 "copy pycountry ships; https://www.iso.org/iso-3166-country-codes.html; country codes)",
                 "https://www.iana.org/assignments/language-subtag-registry/language-subtag-registry"),
    "json": ("RFC 8259, The JSON Data Interchange Format", "https://www.rfc-editor.org/rfc/rfc8259"),
    "yaml": ("YAML 1.2 (claimreview reads plain data only)", "https://yaml.org/spec/1.2.2/"),
    "csv": ("RFC 4180 (CSV) and claimreview's CSV layout", "https://www.rfc-editor.org/rfc/rfc4180"),
    "tableschema": ("Frictionless Table Schema", "https://specs.frictionlessdata.io/table-schema/"),
}
_AREA_WHY: dict[str, str] = {
    "model": "the claimreview data model (claimreview/schemas/json/document.schema.json, from the models)",
    "schema": "the ClaimReview profile's JSON Schema (claimreview/schemas/json/claimreview.schema.json), made "
              "from Google's rules and the models",
    "input": "claimreview's reading of inputs: what it can open and check at all",
    "feed": "claimreview's record-by-record check of feeds (JSON arrays, DataFeeds, JSON Lines)",
    "export": "claimreview's conversions",
    "html": "how claimreview reads and writes ClaimReview in HTML pages (ld+json script blocks)",
    "markdown": "the Markdown exporter's check of its own report before it is written",
    "api": "the Google Fact Check Tools API response shape (claims:search)",
    "wdc": "Web Data Commons N-Quads crawls, read page by page",
    "parquet": "the Parquet exporter",
}


def fixed_example(name: str) -> dict[str, Any]:
    """The good markup a code's bad example is made from: a MediaReview for MediaReview codes."""
    return MEDIA_FIXED if name in MEDIA_EXAMPLES else FIXED


def bad_example(name: str) -> dict[str, Any] | None:
    """The bad markup for a code, or None when the code is not about a review's markup."""
    edits = EXAMPLES.get(name) or MEDIA_EXAMPLES.get(name)
    if edits is None:
        return None
    node = copy.deepcopy(fixed_example(name))
    for op, ptr, value in edits:
        *parents, last = split_pointer(ptr)
        target: Any = node
        for token in parents:
            target = target[int(token)] if isinstance(target, list) else target[token]
        key: Any = int(last) if isinstance(target, list) else last
        if op == "del":
            del target[key]
        else:
            target[key] = value
    return node


def why(name: str) -> str:
    """Why the rule exists: its source, with its URL where it has one."""
    area = name.split(".")[0]
    if area == "claimreview":
        from claimreview.validation.claimreview import DEFAULT_RULES, rule_set

        rules = rule_set(DEFAULT_RULES)
        return f"Google's rules for fact checks ({rules.name}: {rules.title}, read {rules.read_on}): {rules.source}"
    if area == "mediareview":
        from claimreview.validation.claimreview import DEFAULT_RULES, rule_set

        media = rule_set(DEFAULT_RULES).media_rules
        return (f"the MediaReview rules read beside {DEFAULT_RULES} ({media.name}: {media.title}, read "
                f"{media.read_on}): {media.source}")
    if area in _AREA_SOURCES:
        title, url = _AREA_SOURCES[area]
        return f"{title}: {url}"
    return _AREA_WHY.get(area, "claimreview's own check")


def explanation(name: str) -> str:
    """What ``claimreview explain NAME`` prints; KeyError for an unknown code."""
    code = catalogue()[name]
    from claimreview.validation import ld, scope, vocabulary

    lines = [f"{code.name} ({code.severity.value}{', the run cannot go on' if code.cannot_run else ''})", "",
             code.text, "", f"Why: {why(name)}"]
    if code in vocabulary.CODES or code in ld.TERM_CODES:  # why a term finding never fails a review
        lines += ["", textwrap.fill(vocabulary.SEVERITIES, width=100)]
    lines += ["", textwrap.fill(scope.VERDICT, width=100)]
    bad = bad_example(name)
    if bad is not None:
        lines += ["", "Bad:", json.dumps(bad, indent=2, ensure_ascii=False), "",
                  "Fixed:", json.dumps(fixed_example(name), indent=2, ensure_ascii=False)]
    return "\n".join(lines)
