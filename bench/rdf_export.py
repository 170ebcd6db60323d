"""Which RDF library for the N-Quads and Turtle export: pyld's own ``to_rdf``, rdflib or pyoxigraph,
measured on the seed and on a generated document (bench/jsonld_export.py's, made-up names on
RFC 2606 example domains).

    .venv/bin/pip install -e '.[rdf,bench]' rdflib      # rdflib only for this comparison
    .venv/bin/python -m bench.rdf_export                 # the seed and 10,000 reviews
    .venv/bin/python -m bench.rdf_export 50000

Every library starts from the same JSON-LD graph (the ``jsonld`` exporter's build, ids made
absolute with the same base) and reads the schema.org context offline (pyld's loader from
:mod:`claimreview.validation.ld`; rdflib and pyoxigraph get the graph pyld expanded, since neither
may fetch the context; pyoxigraph is also timed the way claimreview uses it, the context put
inline, without pyld). Correctness: each library's triples, blank nodes canonicalised, must be
the same set as the others'. Times are CPU seconds, best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyld import jsonld  # type: ignore[import-untyped]

from bench.jsonld_export import _best, make_document
from claimreview.api import load
from claimreview.exporters import rdf
from claimreview.exporters.jsonld import JsonLdExporter
from claimreview.schemas import Document
from claimreview.validation.ld import document_loader

SEED = Path(__file__).resolve().parent.parent / "examples" / "north-korea-troops.yaml"
BASE = rdf.DEFAULT_BASE


def _canonical(nquads: str) -> set[str]:
    """The triples of an N-Quads text with blank nodes canonicalised (RDFC-1.0, by pyoxigraph)."""
    dataset = ox.Dataset(ox.parse(nquads, ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def bench(doc: Document, repeat: int) -> dict[str, Any]:
    import rdflib

    data = JsonLdExporter().build(doc)
    options = {"documentLoader": document_loader(), "base": BASE}
    jsonld.expand(data, options)  # the context, processed once per process (as in claimreview)
    out: dict[str, Any] = {}
    out["pyld expand"], expanded = _best(repeat, lambda: jsonld.expand(data, options))
    text = json.dumps(expanded)

    out["pyld to_rdf -> N-Quads"], pyld_nq = _best(
        repeat, lambda: jsonld.to_rdf(data, {**options, "format": "application/n-quads"}))

    out["claimreview: prepare + pyoxigraph parse (context inline)"], _ = _best(
        repeat, lambda: rdf.quads(rdf.prepare(data, BASE), BASE))
    t, quads = _best(repeat, lambda: list(ox.parse(text, ox.RdfFormat.JSON_LD, base_iri=BASE)))
    out["pyoxigraph parse (expanded)"] = t
    out["pyoxigraph -> N-Quads"], ox_nq = _best(repeat, lambda: ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    out["pyoxigraph -> Turtle"], ox_ttl = _best(repeat, lambda: ox.serialize(
        quads, format=ox.RdfFormat.TURTLE, prefixes={"schema": "https://schema.org/"}))
    out["pyoxigraph parse back Turtle"], _ = _best(repeat, lambda: list(ox.parse(ox_ttl, ox.RdfFormat.TURTLE)))

    def rdflib_graph() -> Any:
        return rdflib.Graph().parse(data=text, format="json-ld", base=BASE)

    out["rdflib parse (expanded)"], graph = _best(repeat, rdflib_graph)
    out["rdflib -> N-Triples"], rl_nt = _best(repeat, lambda: graph.serialize(format="nt"))
    out["rdflib -> Turtle"], rl_ttl = _best(repeat, lambda: graph.serialize(format="turtle"))
    out["rdflib parse back Turtle"], _ = _best(repeat, lambda: rdflib.Graph().parse(data=rl_ttl, format="turtle"))

    sets = {"pyld": _canonical(pyld_nq), "pyoxigraph": _canonical(ox_nq.decode()),
            "rdflib": _canonical(rl_nt)}
    out["triples"] = {name: len(s) for name, s in sets.items()}
    out["same triples"] = sets["pyld"] == sets["pyoxigraph"] == sets["rdflib"]
    out["same after Turtle"] = _canonical(ox.serialize(ox.parse(ox_ttl, ox.RdfFormat.TURTLE),
                                                        format=ox.RdfFormat.N_QUADS).decode()) == sets["pyoxigraph"]
    out["MB N-Quads / Turtle"] = (len(ox_nq) / 1e6, len(ox_ttl) / 1e6)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reviews", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import rdflib

    print(f"python {platform.python_version()}; pyld {jsonld.__version__ if hasattr(jsonld, '__version__') else '?'}"
          f", pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}")
    seed = load(SEED).document
    assert seed is not None
    for name, doc in (("seed", seed), (f"{args.reviews:,} reviews", make_document(args.reviews))):
        print(f"\n{name}:")
        for key, value in bench(doc, args.repeat).items():
            print(f"  {key:<58} {value:7.3f} s CPU" if isinstance(value, float) else f"  {key:<58} {value}")


if __name__ == "__main__":
    sys.exit(main())
