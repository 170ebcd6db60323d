"""JSON Pointers (RFC 6901): how every diagnostic, reader and model view says where a value is.

A neutral module: the models' JSON-LD view (:mod:`claimreview.schemas.ld`) and the diagnostics
(:mod:`claimreview.validation.diagnostics`, which re-exports these) both point into documents.
"""

from __future__ import annotations

from collections.abc import Iterable


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(path: Iterable[str | int]) -> str:
    """RFC 6901 pointer from a path (Pydantic ``loc``, jsonschema ``absolute_path``)."""
    return "".join("/" + escape_token(p) for p in path)


def split_pointer(ptr: str) -> list[str]:
    return [unescape_token(t) for t in ptr.split("/")[1:]] if ptr else []
