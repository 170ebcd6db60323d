"""claimreview files: a Document written as YAML or JSON."""

from __future__ import annotations

from claimreview.formats import Format
from claimreview.readers import _yaml, strictjson
from claimreview.readers._model import build_document
from claimreview.readers.base import Loaded, Source
from claimreview.readers.text import decode
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic, has_errors

NO_CLAIMS = Code("input.no-claims", ERROR, "The input holds no claim, review or ClaimReview that claimreview can "
                 "read: it is not a claimreview file, not ClaimReview JSON-LD and not a Fact Check Tools API "
                 "response. Nothing was checked; convert the data to one of those shapes, or name its format "
                 "with --from.")
CODES = (NO_CLAIMS,)

_ENTITY_KEYS = frozenset({"claimreview", "people", "organizations", "sanctions", "articles", "claims", "reviews"})


def read_yaml(source: Source, **options: object) -> Loaded:
    text, problems = decode(source.read_bytes(), source.name)
    if text is None:
        return Loaded(None, problems)
    data, marks, problems = _yaml.parse(text, source.name)
    if problems:
        return Loaded(None, problems)
    return _not_empty(build_document(_renamed(data), source.name, lambda ptr: _yaml.locate(marks, ptr)), source.name)


def read_json(source: Source, **options: object) -> Loaded:
    text, data, problems = strictjson.read_source(source)
    if text is None or problems:
        return Loaded(None, problems)
    data = _renamed(data)
    if isinstance(data, dict) and not _ENTITY_KEYS & data.keys():
        return Loaded(None, [_nothing_claim_like(data, source.name)])
    return _not_empty(build_document(data, source.name, strictjson.JsonLocator(text).locate), source.name)


def _not_empty(loaded: Loaded, file: str) -> Loaded:
    """A claimreview file that holds nothing at all (no claim, review, article, sanction, person or
    organization) has nothing to check: an error. (A file of people and organizations alone is a
    register of entities the claims of other files refer to, and is checked as such.)"""
    doc = loaded.document
    if doc is None or has_errors(loaded.diagnostics) or any(
            getattr(doc, kind) for kind in ("claims", "reviews", "articles", "sanctions", "people", "organizations")):
        return loaded
    return Loaded(None, [*loaded.diagnostics, NO_CLAIMS.at(
        "this claimreview file holds nothing: no claim, review, article, sanction, person or organization; there "
        "is nothing to check", file=file, line=1, column=1)])


def _nothing_claim_like(data: dict[str, object], file: str) -> Diagnostic:
    """One finding for a JSON object that no reader recognises, rather than one per key: none of
    its keys is wrong in a claimreview file, because it is not one."""
    keys = ", ".join(repr(k) for k in list(data)[:8]) + (", ..." if len(data) > 8 else "")
    what = f"the object's keys are {keys}" if data else "the object is empty"
    return NO_CLAIMS.at(f"nothing here is a claim, a review or a ClaimReview ({what}): it is "
                        "not a claimreview file (people, organizations, claims, reviews, ...), not ClaimReview "
                        "JSON-LD (\"@type\": \"ClaimReview\") and not a Fact Check Tools API response "
                        "(\"claims\" or \"claimReview\"); nothing was checked", file=file, line=1, column=1)


LEGACY_KEY = "claimkit"
"""The format-version key files had before the project was renamed to claimreview; the format
itself did not change, so such files are read as they are (and written with the new key)."""


def _renamed(data: object) -> object:
    if isinstance(data, dict) and LEGACY_KEY in data and "claimreview" not in data:
        return {("claimreview" if key == LEGACY_KEY else key): value for key, value in data.items()}
    return data


def sniff_json(head: bytes) -> bool:
    """A JSON object whose first key is ``claimreview`` (or the older ``claimkit``), or one of the
    entity collections in a file that has none of the marks of JSON-LD or of a Fact Check Tools API response."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{"):
        return False
    first_key = text[1:200].lstrip(b" \t\r\n").split(b":", 1)[0].strip().strip(b'"')
    if first_key in (b"claimreview", LEGACY_KEY.encode()):
        return True
    foreign = b'"@context"' in head or b'"@type"' in head or b'"claimReview"' in head
    return not foreign and first_key in {b"people", b"organizations", b"sanctions", b"articles", b"claims", b"reviews"}


YAML = Format("yaml", "claimreview file in YAML: the model itself, lossless both ways", (".yaml", ".yml"),
              f"{__name__}:read_yaml", "claimreview.exporters.document:YamlExporter", codes=_yaml.CODES,
              aliases=("yml",))
JSON = Format("json", "claimreview file in JSON: the model itself, lossless both ways", (".json",),
              f"{__name__}:read_json", "claimreview.exporters.document:JsonExporter", sniff=f"{__name__}:sniff_json",
              fallback=True, codes=CODES)
