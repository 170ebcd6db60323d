"""Facts with their sources: the model's citations, the --require-sources check, and the seed
example read against the article it comes from (tests/fixtures/seed/article.txt, see PROVENANCE.md
there)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from claimreview import Source, load
from claimreview.cli import cli
from claimreview.schemas import Citation, Document
from claimreview.validation.sources import check_sources, unsourced
from tests.conftest import FIXTURES, SEED

ARTICLE = (FIXTURES / "seed" / "article.txt").read_text(encoding="utf-8")
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _citations(doc: Document) -> list[tuple[str, Citation]]:
    return [(f"{kind}/{e.id}", c) for kind in ("people", "organizations", "sanctions", "articles", "claims",
                                               "reviews") for e in getattr(doc, kind) for c in e.sources]


def test_the_article_copy_is_the_shared_seed() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"
    if not shared.exists():
        pytest.skip("shared/seed is not beside this clone")
    assert shared.read_text(encoding="utf-8") == ARTICLE


def test_every_quote_of_the_article_occurs_in_it(seed_document: Document) -> None:
    text = _norm(ARTICLE)
    quotes = [(where, c.quote) for where, c in _citations(seed_document) if c.article and c.quote]
    assert len(quotes) > 60
    missing = [(where, q) for where, q in quotes if _norm(q) not in text]
    assert not missing


def test_every_citation_of_the_article_quotes_it(seed_document: Document) -> None:
    """Outside the article's own entry, a citation of the article gives the words it rests on."""
    bare = [where for where, c in _citations(seed_document)
            if c.article and not c.quote and where != "articles/article"]
    assert not bare


def test_the_seed_has_no_unsourced_fact(seed_document: Document) -> None:
    assert check_sources(seed_document) == []


def test_every_sentence_of_the_article_is_in_the_seed(seed_document: Document) -> None:
    """Each sentence of the article's body is quoted by some citation (or holds one), so no
    statement of the article is left out."""
    quotes = [_norm(c.quote) for _, c in _citations(seed_document) if c.article and c.quote]
    lines = ARTICLE.split("\n")
    body = [line for line in lines[3:] if line.strip()]
    not_statements = {"North Korean Forces May Help in Restoration of Devastated Areas", "Russia Has 'No More Allies'",
                      "Tags", "Real Time Analytics"}
    uncovered = []
    for para in body:
        if para.strip() in not_statements:
            continue
        for sentence in re.split(r"(?:(?<=[.,])|(?<=[.,]\"))\s+(?=[A-Z])", _norm(para)):
            if not any(sentence in q or (len(q) >= 20 and q in sentence) for q in quotes):
                uncovered.append(sentence)
    assert not uncovered


def test_facts_from_the_resolution_cite_the_resolution(seed_document: Document) -> None:
    (resolution,) = seed_document.sanctions
    by_field: dict[str, set[str]] = {}
    for c in resolution.sources:
        for f in c.fields:
            by_field.setdefault(f, set()).add(c.document or c.article or "inferred")
    for field in ("identifier", "date_adopted", "measures/1", "title"):
        assert "S/RES/2397 (2017)" in by_field[field], field
    assert "S/RES/2397 (2017)" not in by_field["measures/0"]  # the hiring ban is the article's account
    assert "article" in by_field["measures/0"]
    assert not any(c.url and "un.org" in c.url for c in resolution.sources)  # no unverified URL


def test_inferences_are_marked(seed_document: Document) -> None:
    """Organization kinds the article does not state are inferences or absent; no claim made in
    Russian or Ukrainian is tagged English."""
    orgs = {o.id: o for o in seed_document.organizations}
    for oid in ("mirror", "voa", "nk-news", "the-guardian", "afp", "getty-images", "un"):
        assert orgs[oid].kind is None
    for oid in ("russia", "north-korea", "ukraine", "united-states"):
        inferred = {f for c in orgs[oid].sources if c.inferred for f in c.fields}
        assert "kind" in inferred
    assert all(c.language is None for c in seed_document.claims)


def test_attributions_follow_the_article(seed_document: Document) -> None:
    claims = {c.id: c for c in seed_document.claims}
    troops = claims["troops-100000"]
    assert "regnum" not in {a.outlet for a in troops.appearances}
    assert claims["us-estimate-30000-workers"].claimant == "united-states"
    assert "voa" not in {a.outlet for a in claims["us-estimate-30000-workers"].appearances}
    nk_news = [a for a in claims["labourers-restore-donbas"].appearances if a.outlet == "nk-news"]
    assert nk_news and "July" not in (nk_news[0].description or "") and nk_news[0].date is None


# -- the model ----------------------------------------------------------------------------------


def _doc(**entity: Any) -> dict[str, Any]:
    return {"articles": [{"id": "a", "headline": "H", "sources": [{"article": "a"}]}],
            "people": [{"id": "p", "name": "P", **entity}]}


@pytest.mark.parametrize("citation", [
    {"article": "a", "document": "S/RES/1 (1946)"},
    {},
    {"inferred": "because", "quote": "words"},
    {"article": "a", "url": "https://example.org/"},
    {"document": "X", "paragraph": 0},
    {"document": "X", "fields": ["Name"]},
])
def test_a_citation_is_one_kind_of_source(citation: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Citation.model_validate(citation)


@pytest.mark.parametrize(("citation", "code"), [
    ({"article": "p", "quote": "P"}, "model.wrong-kind"),
    ({"article": "nowhere", "quote": "P"}, "model.unknown-id"),
    ({"document": "X", "fields": ["nmae"]}, "model.unknown-source-field"),
    ({"document": "X", "fields": ["alternate_names/3"]}, "model.unknown-source-field"),
    ({"document": "X", "fields": ["name/0"]}, "model.unknown-source-field"),
])
def test_citations_are_checked_against_the_document(citation: dict[str, Any], code: str) -> None:
    import json

    data = _doc(alternate_names=["Q"], sources=[citation])
    loaded = load(Source.from_bytes(json.dumps({"claimreview": "1", **data}).encode(), "d.json"))
    assert [d.code for d in loaded.diagnostics] == [code]


def test_unsourced_facts_are_named_field_by_field() -> None:
    doc = Document.model_validate(_doc(alternate_names=["Q", "R"], job_title="J", sources=[
        {"document": "X", "fields": ["name", "alternate_names/1"]}, {"inferred": "why", "fields": ["job_title"]}]))
    assert unsourced(doc.people[0]) == ["alternate_names/0"]
    (warning,) = check_sources(doc)
    assert (warning.code, warning.pointer, warning.is_error) == ("sources.missing", "/people/0", False)
    assert "alternate_names" in warning.message
    whole = Document.model_validate(_doc(alternate_names=["Q"], sources=[{"article": "a", "quote": "P"}]))
    assert check_sources(whole) == []


def test_a_reviewer_speaks_for_itself() -> None:
    doc = Document.model_validate({
        "organizations": [{"id": "desk", "name": "Desk"}],
        "claims": [{"id": "c", "text": "T", "sources": [{"inferred": "example"}]}],
        "reviews": [{"id": "r", "claim": "c", "reviewer": "desk", "rating": {"label": "False"}}]})
    assert check_sources(doc) == []


def test_an_article_s_old_sources_are_its_cited_outlets() -> None:
    doc = Document.model_validate({"organizations": [{"id": "o", "name": "O"}],
                                   "articles": [{"id": "a", "headline": "H", "sources": ["o"]}]})
    assert doc.articles[0].cites == ["o"] and doc.articles[0].sources == []


def test_require_sources_warns_and_does_not_fail(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text('claimreview: "1"\npeople:\n  - id: p\n    name: P\n', encoding="utf-8")
    plain = CliRunner().invoke(cli, ["validate", str(path)])
    assert plain.exit_code == 0 and "sources.missing" not in plain.output
    asked = CliRunner().invoke(cli, ["validate", "--require-sources", str(path)])
    assert asked.exit_code == 0 and "sources.missing" in asked.output and "/people/0" in asked.output
    strict = CliRunner().invoke(cli, ["validate", "--require-sources", "--strict", str(path)])
    assert strict.exit_code == 1
    seed = CliRunner().invoke(cli, ["validate", "--require-sources", "--strict", str(SEED)])
    assert seed.exit_code == 0, seed.output
