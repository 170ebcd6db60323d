"""RDF export (N-Quads, Turtle): the triples of the JSON-LD graph, judged against pyld's own
``to_rdf`` as an independent oracle, written only when they read back whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from pyld import jsonld  # type: ignore[import-untyped]

from claimreview import export, validate
from claimreview.exporters import rdf
from claimreview.exporters.base import ExportError
from claimreview.exporters.jsonld import graph_data
from claimreview.schemas import Appearance, Document
from claimreview.validation.ld import document_loader
from tests.conftest import EXAMPLES
from tests.strategies import documents


def _canonical(text: bytes | str, syntax: str = "N_QUADS") -> set[str]:
    """Triples with blank nodes canonicalised (RDFC-1.0), comparable across processors."""
    dataset = ox.Dataset(ox.parse(text, getattr(ox.RdfFormat, syntax)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def _oracle(doc: Document, base: str = rdf.DEFAULT_BASE) -> set[str]:
    """pyld, a different JSON-LD processor, on the same graph."""
    options = {"documentLoader": document_loader(), "base": base, "format": "application/n-quads"}
    return _canonical(jsonld.to_rdf(graph_data(doc), options))


def _out(doc: Document, fmt: str, **options: Any) -> bytes:
    result = export(doc, fmt, **options)
    assert isinstance(result.output, bytes), [d.render() for d in result.diagnostics]
    return result.output


def test_seed_triples_are_pyld_triples(seed_document: Document) -> None:
    expected = _oracle(seed_document)
    assert len(expected) == 328  # the seed as completed from the article (issue 13)
    assert _canonical(_out(seed_document, "nquads")) == expected
    assert _canonical(_out(seed_document, "turtle"), "TURTLE") == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_gives_pyld_triples(doc: Document) -> None:
    """Hostile text, every field: the quads (before the rule checks) equal pyld's, both syntaxes
    read back to them."""
    prepared = rdf.prepare(graph_data(doc), rdf.DEFAULT_BASE)
    if prepared.problems:  # a URL the model takes that is no IRI (a bare %): pyld would write a broken line
        assert {d.code for d in prepared.problems} == {rdf.NOT_AN_IRI.name}
        return
    made = rdf.quads(prepared, rdf.DEFAULT_BASE)
    assert len(made) == prepared.triples
    assert _canonical(rdf.serialise(made, "N_QUADS")) == _oracle(doc)
    assert set(ox.parse(rdf.serialise(made, "TURTLE"), ox.RdfFormat.TURTLE)) == set(made)


def test_same_document_same_bytes(seed_document: Document) -> None:
    """Blank nodes are labelled in document order, not at random."""
    first = _out(seed_document, "nquads")
    assert first == _out(seed_document, "nquads")
    assert b"_:b1 " in first


def test_base_names_the_nodes(seed_document: Document) -> None:
    out = _out(seed_document, "nquads", base="https://example.org/fact-check")
    assert b"<https://example.org/fact-check#article> " in out
    assert b"urn:claimreview:document" not in out
    assert _canonical(out) == _oracle(seed_document, "https://example.org/fact-check")


@pytest.mark.parametrize("base", ["not an iri", "https://example.org/page#frag"])
def test_a_base_that_cannot_be_one_is_refused(seed_document: Document, base: str) -> None:
    with pytest.raises(ExportError, match="--base"):
        export(seed_document, "turtle", base=base)


def test_a_url_that_is_no_iri_is_refused_where_it_is(seed_document: Document) -> None:
    """The model takes https://example.org/100% (a browser would too); an RDF processor drops
    the triple without a word, so the export says where it is instead."""
    claims = list(seed_document.claims)
    claims[0] = claims[0].model_copy(update={"appearances": [Appearance(url="https://example.org/100%")]})
    result = export(seed_document.model_copy(update={"claims": claims}), "nquads")
    assert result.output is None
    problems = [d for d in result.diagnostics if d.is_error]
    assert [(d.code, d.pointer) for d in problems] == [(rdf.NOT_AN_IRI.name, "/@graph/3/appearance/0/url")]


def test_output_that_does_not_read_back_is_not_written(seed_document: Document,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The check parses the output it is about to write: a serialiser that loses a triple is caught."""
    real = rdf.serialise
    monkeypatch.setattr(rdf, "serialise", lambda found, syntax: real(found[1:], syntax))
    result = export(seed_document, "nquads")
    assert result.output is None
    assert [d.code for d in result.diagnostics if d.is_error] == [rdf.LOST_TRIPLES.name]


def test_golden_nquads_validate_as_the_jsonld_does() -> None:
    """The N-Quads golden, read back by the Web Data Commons reader, gives the findings of the JSON-LD."""
    def codes(name: str) -> list[tuple[str, str]]:
        return sorted((d.code, d.severity.value) for d in validate(EXAMPLES / name))

    assert codes("north-korea-troops.nq") == codes("north-korea-troops.jsonld") != []


# -- feeds and crawls, record by record ------------------------------------------------------------

_BLANKS = {  # a publisher's own blank node id, nodes without ids, a list of appearances: all per record
    "@context": "https://schema.org", "@type": "ClaimReview", "@id": "_:mine",
    "url": "https://factcheck.example.org/reviews/blank-nodes", "claimReviewed": "An example claim",
    "datePublished": "2024-05-02",
    "author": {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example.org/"},
    "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5", "worstRating": "1",
                     "alternateName": "False"},
    "itemReviewed": {"@type": "Claim", "appearance": [{"@type": "CreativeWork", "url": "https://a.example.org/1"},
                                                      {"@type": "CreativeWork", "url": "https://a.example.org/2"}]},
}


def _records() -> list[dict[str, Any]]:
    lines = (EXAMPLES / "north-korea-troops.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines] + [_BLANKS]


def _convert(tmp_path: Path, records: list[dict[str, Any]], *args: str) -> Any:
    from click.testing import CliRunner

    from claimreview.cli import cli

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return CliRunner().invoke(cli, ["convert", str(feed), "-o", str(tmp_path / "out.nq"), *args])


@pytest.mark.parametrize("base", [None, "https://factcheck.example.org/reviews/page.html"])
def test_a_feed_streams_to_the_quads_pyld_reads_from_each_record(tmp_path: Path, base: str | None) -> None:
    options = {"documentLoader": document_loader(), "base": base or rdf.DEFAULT_BASE, "format": "application/n-quads"}
    for i, record in enumerate(_records()):
        result = _convert(tmp_path, [record], *(["--page-url", base] if base else []))
        assert result.exit_code == 0, result.output
        assert "1 record" in result.stderr
        written = (tmp_path / "out.nq").read_bytes()
        assert _canonical(written) == _canonical(jsonld.to_rdf(record, options)), i


def test_records_never_share_a_blank_node_and_the_bytes_are_stable(tmp_path: Path) -> None:
    assert _convert(tmp_path, [_BLANKS, _BLANKS]).exit_code == 0
    first = (tmp_path / "out.nq").read_bytes()
    one = _canonical(jsonld.to_rdf(_BLANKS, {"documentLoader": document_loader(), "base": rdf.DEFAULT_BASE,
                                             "format": "application/n-quads"}))
    assert len(_canonical(first)) == 2 * len(one)  # the same record twice: twice the triples, no node shared
    assert b"_:r0mine" in first and b"_:r1mine" in first
    assert _convert(tmp_path, [_BLANKS, _BLANKS]).exit_code == 0
    assert (tmp_path / "out.nq").read_bytes() == first


def test_a_record_with_an_iri_rdf_would_drop_is_refused_where_it_is(tmp_path: Path) -> None:
    bad = {**_BLANKS, "url": "https://factcheck.example.org/100%"}
    result = _convert(tmp_path, [_BLANKS, bad])
    assert result.exit_code == 1
    assert "feed.jsonl:2:" in result.stderr and "rdf.not-an-iri" in result.stderr and "/url" in result.stderr
    assert not (tmp_path / "out.nq").exists()
    result = _convert(tmp_path, [_BLANKS, bad], "--keep-going")
    assert "1 rejected record" in result.stderr
    assert _canonical((tmp_path / "out.nq").read_bytes()) == _canonical(
        jsonld.to_rdf(_BLANKS, {"documentLoader": document_loader(), "base": rdf.DEFAULT_BASE,
                                "format": "application/n-quads"}))
    assert "rdf.not-an-iri" in (tmp_path / "out.nq.rejects.jsonl").read_text(encoding="utf-8")
