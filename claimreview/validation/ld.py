"""JSON-LD well-formedness, offline: expand with a real JSON-LD processor (pyld) and check that
every expanded term is a schema.org IRI.

A term that does not expand to schema.org, or that the processor drops, is a warning, as the
vocabulary's findings are (:mod:`claimreview.validation.vocabulary` says why); data that cannot
be expanded at all, or names a context claimreview cannot read, is an error.

The schema.org context ships with the package (``claimreview/data/schemaorg-context.jsonld``, as
schema.org published it with release 30.0; ``tools/build_schemaorg_data.py`` copies it). pyld
reaches it through a document loader that never touches the network: the schema.org context URLs (http or https, with
or without the trailing slash, or the ``/docs/jsonldcontext.json(ld)`` file) resolve to the bundled
copy, and any other URL becomes a ``jsonld.unknown-context`` diagnostic instead of a fetch.

The loader marks its result ``"tag": "static"``, which makes pyld keep the processed context in
its shared resolved-context cache: the 3,000-term context is processed once per process, not
once per document (measured: about 2,000 expansions/s of a full ClaimReview instead of about
100/s). The loader itself is built once per process (:func:`document_loader`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic, escape_token

CONTEXT_FILE = "schemaorg-context.jsonld"

CONTEXT_URLS = frozenset(
    f"{scheme}://schema.org{path}"
    for scheme in ("http", "https")
    for path in ("", "/", "/docs/jsonldcontext.json", "/docs/jsonldcontext.jsonld")
)
"""Context URLs that resolve to the bundled schema.org context."""

SCHEMA_IRIS = ("http://schema.org/", "https://schema.org/")

JSONLD_DROPPED_TERM = Code("jsonld.dropped-term", WARNING,
    "A key that the context does not define, so JSON-LD processors drop it (and its value; harmless unless the "
    "key was meant to be read)")
JSONLD_INVALID = Code("jsonld.invalid", ERROR,
    "The JSON-LD processor (pyld) cannot expand the data; the message says why")
JSONLD_NO_CONTEXT = Code("jsonld.no-context", WARNING,
    "No @context, so a JSON-LD processor reads none of the terms as schema.org")
JSONLD_NON_SCHEMA_TERM = Code("jsonld.non-schema-term", WARNING,
    "A property or type that expands to an IRI outside schema.org (schema.org consumers ignore it; a term, like"
    " the vocabulary's findings, never fails a review by itself)")
JSONLD_TOO_DEEP = Code("jsonld.too-deep", ERROR, "The data nests too deeply to expand")
JSONLD_UNKNOWN_CONTEXT = Code("jsonld.unknown-context", ERROR,
    "An @context URL other than schema.org's; claimreview never fetches contexts")

TERM_CODES = frozenset({JSONLD_NON_SCHEMA_TERM, JSONLD_DROPPED_TERM})
"""The codes about terms, whose severity follows the vocabulary's (``claimreview explain``)."""

CODES: tuple[Code, ...] = (
    JSONLD_DROPPED_TERM,
    JSONLD_INVALID,
    JSONLD_NO_CONTEXT,
    JSONLD_NON_SCHEMA_TERM,
    JSONLD_TOO_DEEP,
    JSONLD_UNKNOWN_CONTEXT,
)

KEYWORDS = frozenset({
    "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index",
    "@json", "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse",
    "@set", "@type", "@value", "@version", "@vocab",
})
ALIASES = frozenset({"type", "id"})
"""Keyword aliases in schema.org's context; never reported as dropped."""


class UnknownContext(Exception):
    """Raised by the loader for a URL it will not fetch; pyld wraps it."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


@cache
def schema_org_context() -> dict[str, Any]:
    """The bundled schema.org context document (``{"@context": {...}}``), loaded once."""
    text = files("claimreview").joinpath("data", CONTEXT_FILE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def document_loader() -> Callable[..., dict[str, Any]]:
    """pyld document loader: the bundled schema.org context, marked static; nothing else."""
    context = schema_org_context()

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if _normal_url(url) not in CONTEXT_URLS:
            raise UnknownContext(url)
        return {"contextUrl": None, "documentUrl": url, "document": context, "tag": "static"}

    return load


def _normal_url(url: str) -> str:
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        return url
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


def expand(data: Any, base: str | None = None) -> tuple[list[Any] | None, list[Diagnostic]]:
    """Expand ``data`` offline. Returns (expanded, []) or (None, [the reason])."""
    from pyld import jsonld  # type: ignore[import-untyped]  # no stubs; imported on first use, not by --help

    options: dict[str, Any] = {"documentLoader": document_loader()}
    if base:
        options["base"] = base
    try:
        return jsonld.expand(data, options), []
    except RecursionError:
        return None, [JSONLD_TOO_DEEP.at("the data nests too deeply for a JSON-LD processor to expand; "
                            "flatten it or link nodes by @id")]
    except Exception as exc:  # pyld raises JsonLdError, and on odd input sometimes TypeError
        return None, [_expansion_failure(exc)]


def _expansion_failure(exc: BaseException) -> Diagnostic:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, UnknownContext):
            return JSONLD_UNKNOWN_CONTEXT.at(
                f"@context {cause.url!r} is not schema.org's; claimreview reads JSON-LD offline and "
                         "knows only the schema.org context: use \"@context\": \"https://schema.org\"")
        cause = cause.__cause__ or cause.__context__
    return JSONLD_INVALID.at(f"not valid JSON-LD: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    message = str(getattr(exc, "message", "") or exc).splitlines()[0] if str(exc) else type(exc).__name__
    code = getattr(exc, "code", None)
    return f"{message} ({code})" if code else message


def check_expansion(data: Any, base: str | None = None) -> list[Diagnostic]:
    """The data expands offline, every expanded property and type is a schema.org IRI, and no
    key is silently dropped by the processor. An array's items are expanded one by one, so each
    finding points into the item it is about."""
    if not isinstance(data, (dict, list)):
        return [JSONLD_INVALID.at(f"JSON-LD must be an object or an array, not {_kind(data)}")]
    roots = [(item, f"/{i}") for i, item in enumerate(data)] if isinstance(data, list) else [(data, "")]
    out: list[Diagnostic] = []
    for root, where in roots:
        out.extend(_check_root(root, where, base))
    return out


def _kind(value: Any) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


def _check_root(root: Any, where: str, base: str | None) -> list[Diagnostic]:
    if isinstance(root, list):
        return check_expansion(root, base) if root else []
    if not isinstance(root, dict):
        return [JSONLD_INVALID.at(f"a JSON-LD item must be an object, not {_kind(root)}", where)]
    if "@context" not in root:
        return [JSONLD_NO_CONTEXT.at("no @context: a JSON-LD processor reads none of these terms as schema.org; add "
                        "\"@context\": \"https://schema.org\"", where)]
    terms = _terms(root, base)
    if terms is None:  # the processor's own words about the data as it is
        expanded, problems = expand(root, base)
        if expanded is None:
            return [p.at(pointer=_find_context(root, p, where)) if p.kind == JSONLD_UNKNOWN_CONTEXT
                    else p.at(pointer=where) for p in problems]
        terms = list(_expanded_terms(expanded))
    properties = {iri for iri, kind in terms if kind == "property"}
    foreign = sorted({(iri, kind) for iri, kind in terms if not iri.startswith(SCHEMA_IRIS)})
    out = [_foreign(iri, kind, root, where) for iri, kind in foreign]
    out.extend(_dropped(root, properties, where))
    return out


def _terms(root: dict[str, Any], base: str | None) -> list[tuple[str, str]] | None:
    """The (IRI, kind) terms ``root`` expands to, in order, or None when it cannot be expanded.

    Which terms a node expands to depends on its shape only: its keys, its types, its contexts and
    the kinds of its values, never on the text of a name or a date. So the terms are the JSON-LD
    processor's, found once per shape (:func:`_shape_terms`) and remembered: a feed or a graph of
    thousands of reviews has a handful of shapes. A top-level ``@graph`` is taken node by node
    (each with the root's context), which expands to the same terms as the whole."""
    try:
        return _remembered_terms(root, base)
    except RecursionError:  # the processor says how (too deep)
        return None


def _remembered_terms(root: dict[str, Any], base: str | None) -> list[tuple[str, str]] | None:
    graph = root.get("@graph")
    if isinstance(graph, list) and graph and root.keys() <= {"@context", "@graph"}:  # an empty graph: whole
        context = root.get("@context")
        found: list[tuple[str, str]] = []
        for node in graph:
            terms = _shape_terms(_shape({"@context": context, "@graph": [node]}), base)
            if terms is None:
                return None
            found.extend(terms)
        return found
    terms = _shape_terms(_shape(root), base)
    return None if terms is None else list(terms)


_KINDS = {str: "s", int: "n", float: "n", bool: "b", type(None): "z"}
_SAMPLES = {"s": "x", "n": 1, "b": True, "z": None}
_VERBATIM = frozenset({"@type", "type", "@context", "@language", "@direction", "@container"})
"""Keys whose values a JSON-LD processor reads as terms or settings: kept verbatim in a shape."""


def _shape(value: Any, verbatim: bool = False) -> Any:
    """A hashable stand-in for ``value`` that keeps what JSON-LD expansion looks at: keys, types
    and contexts verbatim, other strings as their kind (a string that looks like a keyword, which
    processors treat apart, verbatim too)."""
    if isinstance(value, dict):
        return ("{", *((k, _shape(v, verbatim or k in _VERBATIM)) for k, v in value.items()))
    if isinstance(value, list):  # the terms of a list are its items' terms: each shape counts once
        return ("[", *dict.fromkeys(_shape(v, verbatim) for v in value))
    if verbatim or (isinstance(value, str) and value.startswith("@")) or type(value) not in _KINDS:
        return ("=", type(value).__name__, value)  # the type name keeps 1 and True apart
    return _KINDS[type(value)]


def _unshape(shape: Any) -> Any:
    """A value of the given shape: the one the processor expands in place of all of them."""
    if isinstance(shape, str):
        return _SAMPLES[shape]
    if shape[0] == "{":
        return {k: _unshape(v) for k, v in shape[1:]}
    if shape[0] == "[":
        return [_unshape(v) for v in shape[1:]]
    return shape[2]


@lru_cache(maxsize=4096)
def _shape_terms(shape: Any, base: str | None) -> tuple[tuple[str, str], ...] | None:
    expanded, _ = expand(_unshape(shape), base)
    return None if expanded is None else tuple(_expanded_terms(expanded))


def _expanded_terms(expanded: Any) -> Iterator[tuple[str, str]]:
    """(IRI, "property" | "type") for every term in expanded JSON-LD."""
    stack = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict) or "@value" in item:
            continue
        for key, value in item.items():
            if key == "@type":
                for t in value if isinstance(value, list) else [value]:
                    if isinstance(t, str):
                        yield t, "type"
            elif key == "@reverse" and isinstance(value, dict):
                for prop, nested in value.items():
                    yield prop, "property"
                    stack.append(nested)
            elif not key.startswith("@"):
                yield key, "property"
                stack.append(value)
            elif key in ("@graph", "@list", "@set", "@included"):
                stack.append(value)


def _walk_keys(data: Any, pointer: str = "") -> Iterator[tuple[str, str, Any]]:
    """(key, pointer, value) for every key outside @context, with @type values as ("@type", ...)."""
    stack: list[tuple[Any, str]] = [(data, pointer)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, list):
            stack.extend((v, f"{where}/{i}") for i, v in enumerate(item))
        elif isinstance(item, dict):
            for key, value in item.items():
                if key == "@context":
                    continue
                child = f"{where}/{escape_token(key)}"
                yield key, child, value
                if isinstance(value, (dict, list)) and key != "@value":
                    stack.append((value, child))


def _foreign(iri: str, kind: str, data: Any, pointer: str) -> Diagnostic:
    where = ""
    written = iri
    for key, ptr, value in _walk_keys(data, pointer):
        if kind == "type" and key in ("@type", "type"):
            values = value if isinstance(value, list) else [value]
            for i, t in enumerate(values):
                if isinstance(t, str) and _may_expand_to(t, iri):
                    where, written = (ptr if not isinstance(value, list) else f"{ptr}/{i}"), t
                    break
        elif kind == "property" and _may_expand_to(key, iri):
            where, written = ptr, key
        if where:
            break
    term = written if written == iri else f"{written} (expands to {iri})"
    what = "type" if kind == "type" else "property"
    return JSONLD_NON_SCHEMA_TERM.at(
        f"{what} {term} is not a schema.org term: Google and other schema.org consumers ignore it; "
                 "use a schema.org term, or drop it", where or pointer)


def _may_expand_to(term: str, iri: str) -> bool:
    """Whether a written term plausibly is the one that expanded to ``iri`` (the same IRI, or the
    same last segment: ``claimReviewed`` -> ``http://schema.org/claimReviewed``)."""
    return term == iri or _local(term) == _segment(iri)


def _local(term: str) -> str:
    return term.split(":", 1)[1] if ":" in term else term


def _segment(iri: str) -> str:
    return iri[max(iri.rfind("/"), iri.rfind("#"), iri.rfind(":")) + 1:]


def _dropped(data: Any, properties: set[str], pointer: str) -> list[Diagnostic]:
    kept = properties | {_segment(iri) for iri in properties}
    if not any(_is_dropped(key, kept) for key in _keys(data)):  # the usual case, without making pointers
        return []
    out: list[Diagnostic] = []
    reported: set[str] = set()
    for key, ptr, value in _walk_keys(data, pointer):
        if value is not None and key not in reported and _is_dropped(key, kept):
            reported.add(key)
            out.append(JSONLD_DROPPED_TERM.at(
                f"{key!r} is not defined by the @context, so JSON-LD processors drop it and its "
                             "value; use a schema.org term (with \"@context\": \"https://schema.org\")", ptr))
    return out


def _is_dropped(key: str, kept: set[str]) -> bool:
    if key in KEYWORDS or key in ALIASES:
        return False
    return key.startswith("@") or (key not in kept and _local(key) not in kept)


def _keys(data: Any) -> Iterator[str]:
    """Every key outside @context whose value is not null (as :func:`_walk_keys`, without pointers)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key == "@context" or value is None:
                    continue
                yield key
                if isinstance(value, (dict, list)) and key != "@value":
                    stack.append(value)


def _find_context(data: Any, problem: Diagnostic, pointer: str) -> str:
    """Pointer to the first @context that names a URL claimreview will not load."""
    stack: list[tuple[Any, str]] = [(data, pointer)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, list):
            stack.extend((v, f"{where}/{i}") for i, v in reversed(list(enumerate(item))))
        elif isinstance(item, dict):
            ctx = item.get("@context")
            for i, c in enumerate(ctx if isinstance(ctx, list) else [ctx]):
                if isinstance(c, str) and _normal_url(c) not in CONTEXT_URLS and c in problem.message:
                    return f"{where}/@context" + (f"/{i}" if isinstance(ctx, list) else "")
            stack.extend((v, f"{where}/{escape_token(k)}") for k, v in item.items()
                         if k != "@context" and isinstance(v, (dict, list)))
    return pointer
