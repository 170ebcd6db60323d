"""HTML: a paste-ready ClaimReview ``<script type="application/ld+json">`` block, or with
``standalone`` a small page that embeds the block and shows each review to readers.

The JSON-LD is the jsonld exporter's, of the profile asked for (``graph`` by default,
``claimreview`` for per-page markup), written exactly as ``--to jsonld`` writes it except that
inside the block ``<``, ``>``, ``&``, U+2028 and U+2029 are written as JSON escapes
(``\\u003c`` ...). Those characters can only stand inside JSON strings, where the escape means the
same character, so the JSON is unchanged, and no field can end the block (``</script>``), open an
HTML comment (``<!--``) or break a script that reads the block.

The page: HTML5, ``lang``, ``meta charset``, a viewport, a title, a little CSS, no external
resource and no JavaScript. Every piece of document text is HTML-escaped (``html.escape`` with
``quote=True``, control characters shown as U+FFFD), text blocks carry ``dir="auto"`` so that
right-to-left text runs the right way, and a link is written only for an absolute http(s) URL
with a host, checked here again whatever the model let through.

``check`` runs the jsonld exporter's checks on the JSON-LD, then renders the output and reads it
back with claimreview's HTML reader: it must hold exactly one script, an ld+json block, whose JSON
equals the JSON-LD built. Nothing is written otherwise.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from claimreview.exporters.base import Exporter, ExportError
from claimreview.exporters.jsonld import JsonLdExporter
from claimreview.readers import htmlscan, strictjson
from claimreview.schemas import Document
from claimreview.schemas.fields import is_http_url as safe_url
from claimreview.schemas.models import Claim, MediaReview, Organization, Person, Review
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic

# --- the script block --------------------------------------------------------------------------


HTML_BLOCK_BROKEN = Code("html.block-broken", ERROR,
    "The page would not hold exactly one intact ld+json block (an escaping bug; nothing is written)")
HTML_BLOCK_MISMATCH = Code("html.block-mismatch", ERROR,
    "The ld+json block would not read back to the JSON-LD built (nothing is written)")
HTML_UNENCODABLE = Code("html.unencodable", ERROR,
    "The document holds text that cannot be written as UTF-8 (a lone surrogate)")

CODES: tuple[Code, ...] = (HTML_BLOCK_BROKEN, HTML_BLOCK_MISMATCH, HTML_UNENCODABLE,)

_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def escape_json(text: str) -> str:
    """JSON text made safe inside a ``<script>``: ``<``, ``>``, ``&``, U+2028 and U+2029 as
    ``\\uXXXX`` escapes. Valid JSON has these only inside strings (never after an unescaped
    backslash), so the escaped text parses to the same value."""
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def script_block(json_text: str) -> str:
    """The ld+json block for JSON text (without a final newline)."""
    return f'<script type="application/ld+json">\n{escape_json(json_text.rstrip())}\n</script>'


# --- text and links for the page ---------------------------------------------------------------

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def text(value: str) -> str:
    """Document text as HTML: escaped, quotes included; control characters, noncharacters and
    lone surrogates (which HTML does not carry) shown as U+FFFD."""
    return html.escape(_UNPRINTABLE.sub("\ufffd", value), quote=True)




def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


# --- the page as plain data -----------------------------------------------------------------------


class _Names:
    """Entities by id, looked up once per page rather than once per review."""

    def __init__(self, doc: Document) -> None:
        self.entities = doc.entities()

    def name(self, entity_id: str | None) -> str | None:
        entity = self.entities.get(entity_id or "")
        return entity.name if isinstance(entity, Person | Organization) else entity_id

    def url(self, entity_id: str) -> str | None:
        return getattr(self.entities.get(entity_id), "url", None)

    def claim(self, claim_id: str) -> Claim:
        claim = self.entities[claim_id]
        assert isinstance(claim, Claim)  # the model guarantees a review's claim is a claim
        return claim


def _review_view(names: _Names, review: Review) -> dict[str, Any]:
    claim = names.claim(review.claim)
    rating = review.rating
    view: dict[str, Any] = {
        "id": review.id,
        "lang": review.language,
        "claim": claim.text,
        "claim_lang": claim.language if claim.language != review.language else None,
        "claimant": names.name(claim.claimant),
        "claim_date": claim.date,
        "verdict": rating.label,
        "value": rating.value,
        "best": rating.best,
        "worst": rating.worst,
        "explanation": rating.explanation,
        "reviewer": names.name(review.reviewer),
        "reviewer_url": names.url(review.reviewer),
        "date": review.date,
        "headline": review.headline,
        "url": review.url,
    }
    return {k: v for k, v in view.items() if v is not None}


def _media_view(names: _Names, m: MediaReview) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": m.id,
        "lang": m.language,
        "media": [{"kind": x.type.value, "url": x.content_url or x.url, "description": x.description}
                  for x in m.media],
        "claims": [names.claim(c).text for c in m.claims],
        "verdicts": [a.value for a in m.authenticity],
        "original_context": m.original_context,
        "original_media": m.original_media,
        "reviewer": names.name(m.reviewer) if m.reviewer else None,
        "reviewer_url": names.url(m.reviewer) if m.reviewer else None,
        "date": m.date,
        "headline": m.headline,
        "url": m.url,
    }
    return {k: v for k, v in view.items() if v is not None}


def page_view(doc: Document, review: str | None = None) -> dict[str, Any]:
    """What the standalone page shows, as plain data: the reviews, then the media reviews."""
    reviews = [r for r in doc.reviews if review is None or r.id == review]
    media = [m for m in doc.media_reviews if review is None or m.id == review]
    if review is not None and not reviews and not media:
        raise ExportError(f"no review with id {review!r} in this document")
    article = doc.articles[0] if len(doc.articles) == 1 else None
    if article is not None:
        title, lang = article.headline, article.language
    elif len(reviews) == 1 and reviews[0].headline:
        title, lang = reviews[0].headline, reviews[0].language
    else:
        title, lang = ("Fact check" if len(reviews) == 1 else "Fact checks"), None
    names = _Names(doc)
    view: dict[str, Any] = {"title": title, "reviews": [_review_view(names, r) for r in reviews]}
    if media:
        view["media_reviews"] = [_media_view(names, m) for m in media]
    if lang:
        view["title_lang"] = lang
    return view


# --- the page as HTML -------------------------------------------------------------------------------

_CSS = """\
:root { color-scheme: light dark; --line: #8886; --muted: #6b6b6b; }
body { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif;
       max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
article { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 1.25rem 0; }
.kicker { margin: 0; font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
h2 { font-size: 1.2rem; margin: .25rem 0 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.verdict { font-size: 1.1rem; }
.explanation { white-space: pre-line; }
footer { margin-top: 2rem; font-size: .85rem; color: var(--muted); }
"""


def _attr_lang(lang: str | None) -> str:
    return f' lang="{text(lang)}"' if lang else ""


def _link(label: str, url: str | None) -> str:
    if url is not None and safe_url(url):
        return f'<a href="{text(url)}" dir="auto">{text(label)}</a>'
    return f'<span dir="auto">{text(label)}</span>'


def _scale(view: dict[str, Any]) -> str:
    value, best, worst = view.get("value"), view.get("best"), view.get("worst")
    if value is None:
        return ""
    if best is not None and worst is not None:
        return f" <span>({_number(value)} on a scale from {_number(worst)}, worst, to {_number(best)}, best)</span>"
    if best is not None:
        return f" <span>({_number(value)} out of {_number(best)})</span>"
    return f" <span>(rated {_number(value)})</span>"


def _time(date: str) -> str:
    return f'<dd><time datetime="{text(date)}">{text(date)}</time></dd>'


def _review_html(view: dict[str, Any]) -> str:
    rows = []
    if "claimant" in view:
        rows.append(("Claimed by", f'<dd dir="auto">{text(view["claimant"])}</dd>'))
    if "claim_date" in view:
        rows.append(("Claim date", _time(view["claim_date"])))
    verdict = f'<strong class="verdict" dir="auto">{text(view["verdict"])}</strong>'
    rows.append(("Verdict", f"<dd>{verdict}{_scale(view)}</dd>"))
    if "explanation" in view:
        rows.append(("Why", f'<dd class="explanation" dir="auto">{text(view["explanation"])}</dd>'))
    if "reviewer" in view:
        rows.append(("Reviewed by", f"<dd>{_link(view['reviewer'], view.get('reviewer_url'))}</dd>"))
    if "date" in view:
        rows.append(("Review date", _time(view["date"])))
    lines = [
        f'<article class="review"{_attr_lang(view.get("lang"))}>',
        '<p class="kicker">Claim</p>',
        f'<h2 dir="auto"{_attr_lang(view.get("claim_lang"))}>{text(view["claim"])}</h2>',
        "<dl>",
        *(f"<dt>{label}</dt>{dd}" for label, dd in rows),
        "</dl>",
    ]
    if "url" in view and safe_url(view["url"]):
        lines.append(f"<p>{_link(view.get('headline', 'Read the fact check'), view['url'])}</p>")
    elif "headline" in view:
        lines.append(f'<p dir="auto">{text(view["headline"])}</p>')
    lines.append("</article>")
    return "\n".join(lines)


_MEDIA_KINDS = {"MediaObject": "Media", "ImageObject": "Image", "ImageObjectSnapshot": "Image as shared",
                "VideoObject": "Video", "VideoObjectSnapshot": "Video as shared", "AudioObject": "Audio"}
_VERDICT_WORDS = {"OriginalMediaContent": "Original media", "DecontextualizedContent": "Missing context",
                  "EditedOrCroppedContent": "Edited or cropped", "TransformedContent": "Transformed",
                  "StagedContent": "Staged", "SatireOrParodyContent": "Satire or parody"}
"""schema.org 30.0's words for each media manipulation rating ("Content coded 'missing context'", ...)."""


def _media_html(view: dict[str, Any]) -> str:
    rows = []
    for item in view["media"]:
        label = _MEDIA_KINDS.get(item["kind"], "Media")
        shown = _link(item.get("description") or item.get("url") or label, item.get("url"))
        rows.append((label, f"<dd>{shown}</dd>"))
    verdicts = ", ".join(_VERDICT_WORDS.get(v, v) for v in view["verdicts"])
    rows.append(("Verdict", f'<dd><strong class="verdict" dir="auto">{text(verdicts)}</strong></dd>'))
    if "original_context" in view:
        rows.append(("What it really shows", f'<dd dir="auto">{text(view["original_context"])}</dd>'))
    if "original_media" in view:
        rows.append(("Original", f"<dd>{_link(view['original_media'], view['original_media'])}</dd>"))
    for claim in view.get("claims", []):
        rows.append(("Taken to claim", f'<dd dir="auto">{text(claim)}</dd>'))
    if "reviewer" in view:
        rows.append(("Reviewed by", f"<dd>{_link(view['reviewer'], view.get('reviewer_url'))}</dd>"))
    if "date" in view:
        rows.append(("Review date", _time(view["date"])))
    lines = [
        f'<article class="media-review"{_attr_lang(view.get("lang"))}>',
        '<p class="kicker">Media</p>',
        f'<h2 dir="auto">{text(view.get("headline") or "Media review")}</h2>',
        "<dl>",
        *(f"<dt>{label}</dt>{dd}" for label, dd in rows),
        "</dl>",
    ]
    if "url" in view and safe_url(view["url"]):
        lines.append(f"<p>{_link('Read the fact check', view['url'])}</p>")
    lines.append("</article>")
    return "\n".join(lines)


def standalone_page(view: dict[str, Any], block: str) -> str:
    """A whole HTML5 page: the ld+json block in its head, the reviews (and media reviews) in its body."""
    title = text(view["title"])
    reviews = view["reviews"]
    media = view.get("media_reviews", [])
    count = f"{len(reviews)} fact check{'s' * (len(reviews) != 1)}"
    if media:
        count += f" and {len(media)} media review{'s' * (len(media) != 1)}"
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>\n{_CSS}</style>",
        block,
        "</head>",
        "<body>",
        "<main>",
        f'<h1 dir="auto"{_attr_lang(view.get("title_lang"))}>{title}</h1>',
        *(_review_html(r) for r in reviews),
        *(_media_html(m) for m in media),
        "</main>",
        f"<footer><p>{count}. The page carries the same reviews as schema.org ClaimReview "
        f"{'and MediaReview ' if media else ''}markup (JSON-LD) for search engines and fact-check tools.</p></footer>",
        "</body>",
        "</html>",
        "",
    ])


# --- the exporter -------------------------------------------------------------------------------


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=True, allow_nan=False)


class HtmlExporter(Exporter):

    def __init__(self) -> None:
        self._jsonld = JsonLdExporter()
        self._last: tuple[Any, bytes] | None = None
        """The data last rendered and its bytes: check renders the output to read it back, and
        render then hands over those very bytes."""

    def build(self, doc: Document, **options: Any) -> dict[str, Any]:
        """``{"jsonld": <the JSON-LD>}``, and ``"page"`` (what the page shows) when standalone.
        ``review`` without ``profile`` means the claimreview profile: one review's markup."""
        ld_options = {k: options[k] for k in ("profile", "review", "page_url") if options.get(k) is not None}
        if "review" in ld_options:
            ld_options.setdefault("profile", "claimreview")
        data: dict[str, Any] = {"jsonld": self._jsonld.build(doc, **ld_options)}
        if options.get("standalone"):
            data["page"] = page_view(doc, options.get("review"))
        return data

    def check(self, data: Any, **options: Any) -> list[Diagnostic]:
        ld_options = {k: options[k] for k in ("rules", "page_url") if options.get(k) is not None}
        found = list(self._jsonld.check(data["jsonld"], **ld_options))
        return found + self._reads_back(data)

    def _reads_back(self, data: dict[str, Any]) -> list[Diagnostic]:
        """The rendered output holds one script, an ld+json block whose JSON is the JSON-LD built."""
        try:
            page = self.render(data).decode("utf-8")
        except UnicodeError:
            return [HTML_UNENCODABLE.at("the document holds text that cannot be written as UTF-8 "
                          "(a lone surrogate): correct the text")]
        items = list(htmlscan.scan(page))
        scripts = [s for s in items if isinstance(s, htmlscan.Script)]
        blocks = htmlscan.blocks(page, items)
        if len(scripts) != 1 or len(blocks) != 1 or not blocks[0].closed or blocks[0].wrapped:
            return [HTML_BLOCK_BROKEN.at(f"the output holds {len(scripts)} script elements where it "
                          "must hold one ld+json block; nothing was written (a claimreview bug: please report it)")]
        parsed, problems = strictjson.parse(blocks[0].text, "<html output>")
        if problems or _canonical(parsed) != _canonical(data["jsonld"]):
            return [HTML_BLOCK_MISMATCH.at("the ld+json block does not read back to the JSON-LD built; "
                          "nothing was written (a claimreview bug: please report it)")]
        return []

    def render(self, data: Any, **options: Any) -> bytes:
        if self._last is not None and self._last[0] is data:
            return self._last[1]
        rendered = self._jsonld.render(data["jsonld"])
        assert isinstance(rendered, bytes)
        block = script_block(rendered.decode("utf-8"))
        if "page" not in data:
            out = (block + "\n").encode("utf-8")
        else:
            out = standalone_page(data["page"], block).encode("utf-8")
        self._last = (data, out)
        return out
