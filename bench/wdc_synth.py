"""N-Quads shaped like Web Data Commons' ClaimReview subset, for tests and the benchmark.

The real subset (WDC, from the October 2024 Common Crawl) holds about 3.9 million quads from
about 50,000 pages on 343 hosts: some 78 quads a page and 146 pages a host, the page URL as each
quad's graph, files chunked by pay-level domain. What this generator copies from it:

- the reviews themselves are published markup, not invented shapes: every page carries one of the
  seed ClaimReviews (Google's documented example, schema.org's two ClaimReview examples, the
  project's seed example, and the real-world corpus in tests/fixtures/realworld when present),
  with its url moved onto the page's own (reserved, RFC 2606) host and its texts numbered;
- both extractions of one page: JSON-LD under ``https://schema.org/`` and, on a third of the
  pages, a Microdata copy of the same review under ``http://schema.org/`` with the white space
  that Microdata's element text brings; the reader must merge the two;
- page furniture around the review (WebPage, WebSite, Organization, ImageObject, BreadcrumbList
  with its ListItems), so that pages average about 78 quads as in the real subset;
- language-tagged literals, numeric strings for ratings, long texts on some pages, and a few
  unparsable lines per file, as the real files have.

``python bench/wdc_synth.py PAGES > part_0.nq`` (``.gz`` on the name gzips it); the module's
:func:`generate` is what the tests call.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = (
    "tests/fixtures/claimreview/valid/google-2025-example.json",
    "tests/fixtures/jsonld/schemaorg-claimreview-example-1.jsonld",
    "tests/fixtures/jsonld/schemaorg-claimreview-example-2.jsonld",
    "tests/fixtures/jsonld/google-factcheck-example-earlier.jsonld",
    "examples/north-korea-troops.claimreview.jsonld",
)
PAGES_PER_HOST = 146
JUNK = ('<http://broken.example/ <http://schema.org/name> "unterminated .',
        '_:b0 <http://schema.org/name> "no graph and no dot"',
        '<not an iri> <http://schema.org/url> <http://x.example/> <http://x.example/> .')


def seeds() -> list[dict[str, Any]]:
    """The ClaimReview nodes of the seed files (and of the real-world corpus, when present)."""
    paths = [ROOT / s for s in SEEDS] + sorted((ROOT / "tests/fixtures/realworld").glob("*.json*"))
    found: list[dict[str, Any]] = []
    for path in paths:
        if path.name.endswith(".expected.json") or not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        found += [n for n in _nodes(data) if n.get("@type") == "ClaimReview" and "claimReviewed" in n]
    return found


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for one in data:
            yield from _nodes(one)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "dataFeedElement", "item"):
            if key in data:
                yield from _nodes(data[key])


def _literal(text: str, lang: str | None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


class _Page:
    def __init__(self, url: str, prefix: str, rng: random.Random, label: str) -> None:
        self.graph, self.prefix, self.rng, self.label = f"<{url}>", prefix, rng, label
        self.lines: list[str] = []
        self.count = 0

    def blank(self) -> str:
        self.count += 1
        return f"_:{self.label}b{self.count}"

    def quad(self, subject: str, prop: str, obj: str) -> None:
        self.lines.append(f"{subject} <{self.prefix}{prop}> {obj} {self.graph} .")

    def node(self, value: dict[str, Any], lang: str | None, pad: bool) -> str:
        subject = f"<{value['@id']}>" if str(value.get("@id", "")).startswith("http") else self.blank()
        for key, one in value.items():
            if key in ("@context", "@id"):
                continue
            for item in one if isinstance(one, list) else [one]:
                if key == "@type":
                    self.lines.append(f"{subject} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                                      f"<{self.prefix}{item}> {self.graph} .")
                elif isinstance(item, dict):
                    self.quad(subject, key, self.node(item, lang, pad))
                elif isinstance(item, str) and key in ("url", "sameAs", "image", "logo") and item.startswith("http"):
                    self.quad(subject, key, f"<{item}>")
                else:
                    text = str(item)
                    self.quad(subject, key, _literal(f"\n      {text}\n    " if pad else text, lang))
        return subject


def _review(seed: dict[str, Any], host: str, n: int, rng: random.Random) -> dict[str, Any]:
    review = json.loads(json.dumps(seed))
    review["url"] = f"https://{host}/fact-check/{n}"
    text = str(review.get("claimReviewed", ""))
    if rng.random() < 0.1:  # long texts: a paragraph pasted into claimReviewed
        text = " ".join([text] * 12)
    review["claimReviewed"] = f"{text} (#{n})"
    rating = review.get("reviewRating")
    if isinstance(rating, dict) and rng.random() < 0.6:
        rating["ratingValue"] = str(rng.randint(1, 5))  # numeric strings, as most sites write them
        rating["bestRating"], rating["worstRating"] = "5", "1"
    review.pop("@id", None)
    return review


def _furniture(page: _Page, url: str, host: str, n: int) -> None:
    site = page.blank()
    page.lines.append(f"{site} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{page.prefix}WebSite> {page.graph} .")
    page.quad(site, "name", _literal(f"Example fact-check site {host}", None))
    page.quad(site, "url", f"<https://{host}/>")
    org = page.node({"@type": "Organization", "name": f"Example Fact Check {host}", "url": f"https://{host}/",
                     "logo": {"@type": "ImageObject", "url": f"https://{host}/logo.png", "width": "600",
                              "height": "60"}, "sameAs": [f"https://social.example/{n % 997}"]}, None, False)
    webpage = page.node({"@type": "WebPage", "url": url, "name": f"Fact check {n}", "inLanguage": "en",
                         "datePublished": f"2024-10-0{1 + n % 9}T08:00:00+02:00",
                         "primaryImageOfPage": {"@type": "ImageObject", "url": f"https://{host}/img/{n}.jpg",
                                                "caption": f"Illustration {n}", "width": "1200", "height": "675"}},
                        "en", False)
    page.quad(webpage, "publisher", org)
    page.quad(webpage, "isPartOf", site)
    crumbs = page.blank()
    page.lines.append(f"{crumbs} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{page.prefix}BreadcrumbList> "
                      f"{page.graph} .")
    for position, name in enumerate(("Home", "Fact checks", f"Fact check {n}"), 1):
        item = page.node({"@type": "ListItem", "position": str(position), "name": name,
                          "item": f"https://{host}/{position}"}, None, False)
        page.quad(crumbs, "itemListElement", item)


def generate(pages: int, seed: int = 7, junk: bool = True) -> Iterator[str]:
    """The lines of a WDC-shaped N-Quads file with ``pages`` pages (newline-terminated); without
    ``junk``, the same file without its unparsable lines (for parsers that stop at the first)."""
    rng = random.Random(seed)
    pool = seeds()
    hosts = max(1, round(pages / PAGES_PER_HOST))
    junk_every = max(1, pages // 3)
    for n in range(pages):
        host = f"factcheck-{n % hosts}.example"
        url = f"https://{host}/fact-check/{n}"
        review = _review(pool[n % len(pool)], host, n, rng)
        jsonld = _Page(url, "https://schema.org/", rng, f"j{n}")
        jsonld.node(review, None, False)
        _furniture(jsonld, url, host, n)
        lines = jsonld.lines
        if n % 3 == 0:  # the Microdata copy of the same review, under http://schema.org/
            microdata = _Page(url, "http://schema.org/", rng, f"m{n}")
            microdata.node(review, "en", True)
            lines += microdata.lines
        for line in lines:
            yield line + "\n"
        if junk and n % junk_every == junk_every - 1:
            yield JUNK[(n // junk_every) % len(JUNK)] + "\n"


def main(argv: list[str]) -> None:
    pages = int(argv[1]) if len(argv) > 1 else 1000
    target = argv[2] if len(argv) > 2 else "-"
    if target == "-":
        sys.stdout.writelines(generate(pages))
        return
    opener = gzip.open if target.endswith(".gz") else open
    with opener(target, "wt", encoding="utf-8") as fh:  # type: ignore[operator]
        fh.writelines(generate(pages))


if __name__ == "__main__":
    main(sys.argv)
