"""RDF of the JSON-LD graph: N-Quads (``.nq``) and Turtle (``.ttl``).

The triples are those of the ``jsonld`` export (``--profile graph``), judged by the same checks,
read by a real JSON-LD processor with the schema.org context that ships with claimreview (nothing
is fetched). The graph's ids are relative (``#article``); ``--base`` is the IRI they resolve
against, by default ``urn:claimreview:document`` (give the address of the page the JSON-LD is
published on, and the nodes get that page's IRIs). Blank nodes (a rating, an image, an
appearance) are labelled ``_:b1``, ``_:b2``... in document order, so the same document always
gives the same bytes. Before a byte is written the output is parsed back and must hold exactly
the triples read from the JSON-LD, as many as the graph holds (counted by :func:`prepare`).

The library was chosen by measurement: ``.venv/bin/python -m bench.rdf_export --repeat 2`` (CPU
seconds, best of 2, on a shared 2-core machine; python 3.11.7, pyld 3.3.0, pyoxigraph 0.5.13,
rdflib 7.6.0; the seed, and bench/jsonld_export.py's document of 10,000 reviews):

==============================================  ========  ===============
step                                            seed      10,000 reviews
==============================================  ========  ===============
pyld ``to_rdf`` -> N-Quads (no Turtle writer)   0.006     7.89
pyld expand (for rdflib and pyoxigraph below)   0.004     3.78
rdflib parse the expanded graph                 0.005     7.93
rdflib -> N-Triples / Turtle                    0.001 /   1.34 / 9.26
                                                0.008
rdflib parse back its Turtle                    0.006     10.39
pyoxigraph parse the expanded graph             < 0.001   1.03
pyoxigraph parse, context inline (no pyld),     0.013     1.33
with :func:`prepare` (what claimreview does)
pyoxigraph -> N-Quads / Turtle                  < 0.001   0.093 / 0.088
pyoxigraph parse back its Turtle                < 0.001   0.42
==============================================  ========  ===============

All three give the same triples (279 for the seed, 251,030 for 10,000 reviews; compared as sets
after RDFC-1.0 canonicalisation of the blank nodes) and Turtle reads back to the same set. So
pyoxigraph (Oxigraph's Rust parsers and serialisers): it reads the graph with the schema.org
context inline, without pyld's expansion, 6x faster than pyld's ``to_rdf`` and 12x faster than
pyld + rdflib to N-Quads (20x to Turtle); pyld alone writes no Turtle. It is the optional
dependency the ``rdf`` extra already brings for Web Data Commons crawls (``pip install
'claimreview[rdf]'``). A whole ``convert --to nquads`` of the 10,000 reviews takes 10.4 s CPU, of
which 7.0 s are the ``jsonld`` export's own build and checks (schema and Google's rules) and 3.1 s
are RDF: prepare 0.5, parse 1.2, write 0.1, parse back and compare 1.3.

pyoxigraph, as JSON-LD requires, drops a triple whose IRI is malformed without a word (a URL the
model accepts, as browsers do, such as ``https://example.org/100%``): :func:`prepare` checks
each IRI first and reports it where it is (``rdf.not-an-iri``), and counts the graph's triples so
that a triple lost anywhere else stops the export too (``rdf.lost-triples``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from claimreview.exporters.base import Exporter, ExportError, RecordWriter
from claimreview.formats import RULES, Format, Option
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic, escape_token

if TYPE_CHECKING:
    from pathlib import Path

    from claimreview.readers.base import Record
    from claimreview.schemas import Document

DEFAULT_BASE = "urn:claimreview:document"
SCHEMA_PREFIX = {"schema": "http://schema.org/"}
"""The namespace of schema.org's own JSON-LD context (its terms expand to http:// IRIs)."""

NOT_AN_IRI = Code("rdf.not-an-iri", ERROR, "A URL or id that is not an IRI (RFC 3987), such as one with a bare "
                  "% or a | in it: RDF processors drop the triple that holds it, so nothing was written. "
                  "Percent-encode the character (% as %25, | as %7C).")
LOST_TRIPLES = Code("rdf.lost-triples", ERROR, "The RDF processor did not read the JSON-LD graph's triples, or the "
                    "RDF written does not read back to them: nothing was written. A claimreview bug: please report "
                    "it, with the message.")
CODES = (NOT_AN_IRI, LOST_TRIPLES)


def _oxigraph() -> Any:
    try:
        import pyoxigraph
    except ImportError:
        raise ExportError("RDF output needs pyoxigraph: pip install 'claimreview[rdf]'") from None
    return pyoxigraph


@dataclass
class Prepared:
    """A JSON-LD graph made ready for an RDF processor (see :func:`prepare`)."""

    jsonld: dict[str, Any]
    """The graph, every node without an ``@id`` labelled ``_:b1``, ``_:b2``... in document order
    (JSON-LD processors would name them at random, and the output would change every time)."""
    problems: list[Diagnostic]
    """An IRI an RDF processor would drop (JSON-LD says: without a word), where it is."""
    triples: int
    """How many distinct triples the graph holds, counted here independently of the processor."""


def prepare(jsonld: dict[str, Any], base: str) -> Prepared:
    """Label the blank nodes, check the IRIs, count the triples: one walk over the graph that the
    ``jsonld`` exporter builds (node objects, ``{"@id"}`` links, plain values; no lists or maps)."""
    ox = _oxigraph()
    iri_terms = _iri_terms()
    problems: list[Diagnostic] = []
    triples: set[tuple[str, str, str]] = set()
    labels = 0

    def iri(value: str, pointer: str) -> str:
        if not isinstance(value, str):  # a record's checks refuse it first; never a traceback here
            problems.append(NOT_AN_IRI.at(f"{value!r} is not an IRI: an id or URL is text", pointer))
            return "<"
        if value.startswith("_:"):  # a blank node's label (third-party records have their own)
            return value
        absolute = base + value if value.startswith("#") else value
        try:
            ox.NamedNode(absolute)
        except ValueError as exc:
            problems.append(NOT_AN_IRI.at(f"{value[:200]!r} is not an IRI ({exc}): RDF would lose it; "
                                          "percent-encode the character", pointer))
        return "<" + absolute

    def node(value: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str]:
        nonlocal labels
        out: dict[str, Any] = {}
        if "@id" in value:
            subject = iri(value["@id"], f"{pointer}/@id")
        else:
            labels += 1
            out["@id"] = f"_:b{labels}"
            subject = out["@id"]
        for key, item in value.items():
            if key in ("@id", "@context"):
                out[key] = item
                continue
            many = isinstance(item, list)
            values = item if many else [item]
            if key == "@type":
                triples.update((subject, key, t) for t in values)
                out[key] = item
                continue
            kept = []
            for j, v in enumerate(values):
                at = f"{pointer}/{escape_token(key)}" + (f"/{j}" if many else "")
                if isinstance(v, dict) and "@value" not in v:
                    if set(v) == {"@id"}:
                        obj = iri(v["@id"], f"{at}/@id")
                    else:
                        v, obj = node(v, at)  # noqa: F821  (deleted after the walk, below)
                elif isinstance(v, str) and key in iri_terms:
                    obj = iri(v, at)
                else:
                    obj = json.dumps(v, sort_keys=True)
                kept.append(v)
                triples.add((subject, key, obj))
            out[key] = kept if many else kept[0]
        return out, subject

    graph = [node(n, f"/@graph/{i}")[0] for i, n in enumerate(jsonld["@graph"])]
    # node calls itself through its closure, a reference cycle; record streams run without the
    # cyclic collector (records are trees), so it is broken here or every record's triples stay
    del node
    return Prepared({**jsonld, "@graph": graph}, problems, len(triples))


@cache
def _iri_terms() -> frozenset[str]:
    """The schema.org terms whose string values are IRIs (``url``, ``sameAs``, ...)."""
    from claimreview.validation.ld import schema_org_context

    context = schema_org_context()["@context"]
    return frozenset(k for k, v in context.items() if isinstance(v, dict) and v.get("@type") == "@id")


def quads(prepared: Prepared, base: str) -> list[Any]:
    """The RDF quads (pyoxigraph's) of a prepared JSON-LD graph, its relative ids resolved against
    ``base``; the schema.org context that ships with claimreview is put inline (nothing is fetched)."""
    from claimreview.validation.ld import schema_org_context

    ox = _oxigraph()
    inline = {**prepared.jsonld, "@context": schema_org_context()["@context"]}
    found = ox.parse(json.dumps(inline), ox.RdfFormat.JSON_LD, base_iri=base)
    return list(dict.fromkeys(found))  # a value repeated in the JSON-LD is one triple


def serialise(found: list[Any], syntax: str) -> bytes:
    """N-Quads (``N_QUADS``) or Turtle (``TURTLE``, with the ``schema:`` prefix) of the quads."""
    ox = _oxigraph()
    prefixes = SCHEMA_PREFIX if syntax == "TURTLE" else None
    return ox.serialize(found, format=getattr(ox.RdfFormat, syntax), prefixes=prefixes)  # type: ignore[no-any-return]


class _RdfExporter(Exporter):
    schema = None
    syntax: ClassVar[str]
    """pyoxigraph's RdfFormat member: N_QUADS or TURTLE."""

    def build(self, doc: Document, base: str | None = None, **_: Any) -> dict[str, Any]:
        ox = _oxigraph()
        base = base or DEFAULT_BASE
        try:
            ox.NamedNode(base)
        except ValueError:
            raise ExportError(f"--base {base!r} is not an absolute IRI: give e.g. the page's https:// address "
                              f"(default {DEFAULT_BASE})") from None
        if "#" in base:
            raise ExportError(f"--base {base!r} has a fragment: the graph's ids (#article) are fragments of it")
        from claimreview.exporters.jsonld import JsonLdExporter

        graph = JsonLdExporter().build(doc, profile="graph")
        return {"jsonld": graph, "base": base}

    def check(self, data: Any, rules: str | None = None, **_: Any) -> list[Diagnostic]:
        from claimreview.exporters.jsonld import JsonLdExporter

        found = JsonLdExporter().check(data["jsonld"], rules=rules)
        prepared = prepare(data["jsonld"], data["base"])
        found.extend(prepared.problems)
        if any(d.is_error for d in found):
            return found
        ox = _oxigraph()
        try:
            made = quads(prepared, data["base"])
            text = serialise(made, self.syntax)
            back = set(ox.parse(text, getattr(ox.RdfFormat, self.syntax)))
        except (SyntaxError, ValueError) as exc:
            return [*found, LOST_TRIPLES.at(f"the JSON-LD graph could not be turned into RDF: {exc}")]
        if not len(back) == len(made) == prepared.triples or back != set(made):
            return [*found, LOST_TRIPLES.at(f"the JSON-LD graph holds {prepared.triples:,} triples; the processor "
                                            f"read {len(made):,}, and {len(back):,} read back from the output")]
        data["rdf"] = text
        return found

    def render(self, data: Any, **_: Any) -> bytes:
        if "rdf" not in data:  # rendered without a check: made the same way
            data["rdf"] = serialise(quads(prepare(data["jsonld"], data["base"]), data["base"]), self.syntax)
        return data["rdf"]  # type: ignore[no-any-return]


class NQuadsExporter(_RdfExporter):
    syntax = "N_QUADS"


class TurtleExporter(_RdfExporter):
    syntax = "TURTLE"


class NQuadsWriter(RecordWriter):
    """A feed or crawl as N-Quads, record by record in bounded memory: each ClaimReview a record
    carries, as the record has it (not through the model: what the publisher wrote is what becomes
    RDF), read by pyoxigraph with the bundled schema.org context inline. Relative ids resolve
    against the record's page URL (a crawled page's, or ``--page-url``), else ``--base``. Blank
    nodes are labelled per record (``_:r7b1``: record 7's first), so records never share one and
    the same feed always gives the same bytes. An IRI an RDF processor would drop is
    ``rdf.not-an-iri`` and the record is not written (with ``--keep-going`` it goes to the rejects
    file). Keys a JSON-LD processor drops are dropped here too; ``validate`` reports them
    (``jsonld.dropped-term``)."""

    takes = ("base",)

    def __init__(self, target: str, inputs: Iterable[str | Path] = (), *, base: str | None = None,
                 **options: Any) -> None:
        _oxigraph()  # a missing extra is one line before the output is made
        super().__init__(target, inputs, **options)
        self.base = base or DEFAULT_BASE

    def write(self, record: Record) -> list[Diagnostic]:
        ox = _oxigraph()
        base = record.page_url or self.base
        nodes = [{k: v for k, v in node.items() if k != "@context"} for node in record.reviews()]
        prepared = prepare({"@graph": nodes}, base)
        if prepared.problems:
            return [d.at(pointer=record.pointer + re.sub(r"^/@graph/\d+", "", d.pointer), file=record.file,
                         line=record.line, column=record.column) for d in prepared.problems]
        graph = _relabelled(prepared.jsonld["@graph"], f"_:r{record.item}")
        text = f'{{"@context":{_context_for(frozenset(_keys(graph)))},"@graph":{json.dumps(graph)}}}'
        try:
            found = ox.parse(text, ox.RdfFormat.JSON_LD, base_iri=base)
            out = ox.serialize(list(dict.fromkeys(found)), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError) as exc:  # checked records expand; this is the processor's word
            return [LOST_TRIPLES.at(f"the RDF processor could not read this record's JSON-LD: {exc}", record.pointer,
                                    file=record.file, line=record.line, column=record.column)]
        assert self.output.file is not None
        self.output.file.write(out)
        self.written += 1
        return []


@lru_cache(maxsize=1024)
def _context_for(keys: frozenset[str]) -> str:
    """The schema.org context as JSON, cut to what a record with these keys needs: its ``@vocab``,
    aliases and prefixes, and the definitions of the keys themselves. A JSON-LD processor reads
    those keys exactly as with the whole context (no term's meaning depends on another's), and
    processes 30 terms, not 3,000, for each record (7.5 ms a record with the whole context)."""
    from claimreview.validation.ld import schema_org_context

    whole = schema_org_context()["@context"]
    cut = {k: v for k, v in whole.items() if isinstance(v, str) or k in keys}
    return json.dumps(cut, sort_keys=True)


def _keys(value: Any) -> Iterable[str]:
    """Every key of every object in ``value``, and every ``@type`` value (a type is a term too)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for k, v in item.items():
                yield k
                if k in ("@type", "type"):
                    yield from (t for t in (v if isinstance(v, list) else [v]) if isinstance(t, str))
                elif isinstance(v, (dict, list)):
                    stack.append(v)


def _relabelled(value: Any, prefix: str) -> Any:
    """``value`` with every blank node id (``_:b1``, or the publisher's own ``_:x``) given the
    record's prefix (``_:r7b1``, ``_:r7x``)."""
    if isinstance(value, list):
        return [_relabelled(v, prefix) for v in value]
    if isinstance(value, dict):
        return {k: (prefix + v[2:] if k == "@id" and isinstance(v, str) and v.startswith("_:")
                    else v if k == "@context" else _relabelled(v, prefix)) for k, v in value.items()}
    return value


BASE = Option("base", f"The IRI the graph's ids (#article) resolve against (default: {DEFAULT_BASE}); give the "
              "address of the page the JSON-LD is published on.")
NQUADS = Format("nquads", "RDF N-Quads of the JSON-LD graph; feeds and crawls streamed record by record", (".nq",),
                exporter=f"{__name__}:NQuadsExporter", writer=f"{__name__}:NQuadsWriter",
                extra="rdf", options=(BASE, RULES), codes=CODES, aliases=("nq", "rdf"))
TURTLE = Format("turtle", "RDF Turtle of the JSON-LD graph", (".ttl",), exporter=f"{__name__}:TurtleExporter",
                extra="rdf", options=(BASE, RULES), codes=CODES, aliases=("ttl",))
FORMATS = (NQUADS, TURTLE)
