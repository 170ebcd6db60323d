"""claimreview files: a Document written as YAML or JSON."""

from __future__ import annotations

from claimreview.readers import _yaml, strictjson
from claimreview.readers._model import build_document
from claimreview.readers.base import Loaded, Source
from claimreview.readers.text import decode


def read_yaml(source: Source, **options: object) -> Loaded:
    text, problems = decode(source.read_bytes(), source.name)
    if text is None:
        return Loaded(None, problems)
    data, marks, problems = _yaml.parse(text, source.name)
    if problems:
        return Loaded(None, problems)
    return build_document(_renamed(data), source.name, lambda ptr: _yaml.locate(marks, ptr))


def read_json(source: Source, **options: object) -> Loaded:
    text, data, problems = strictjson.read_source(source)
    if text is None or problems:
        return Loaded(None, problems)
    return build_document(_renamed(data), source.name, strictjson.JsonLocator(text).locate)


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
