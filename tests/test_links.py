"""People and organizations linked across datasets: Wikidata and OpenSanctions ids on the model,
a newsroom's link file applied offline, and the ids in the JSON-LD and FtM exports.

The ids below are test inputs, not facts about anyone: the seed example carries none, because
none could be checked here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from claimreview import Source, export, load
from claimreview.cli import cli
from claimreview.links import apply_links, name_key, read_links
from claimreview.schemas import Document
from claimreview.schemas.fields import OpenSanctionsId, WikidataId
from claimreview.schemas.ld import id_of_uri, id_uris

DOC = Document.model_validate({
    "people": [{"id": "kim", "name": "Kim Jong-un", "alternate_names": ["Kim jong un"]},
               {"id": "mats", "name": "Alexander Matsegora", "wikidata": "Q7"}],
    "organizations": [{"id": "gov", "name": "Government of North Korea", "alternate_names": ["Pyongyang"]},
                      {"id": "twin-a", "name": "Twin"}, {"id": "twin-b", "name": "Twin"}],
})

LINKS = b"""links:
  "  kim JONG-UN ":
    wikidata: Q1234567
    opensanctions: NK-AbCd1234
  Pyongyang:
    opensanctions: Q7654321
  Alexander Matsegora:
    wikidata: Q8
  Twin:
    wikidata: Q5
  Nobody:
    wikidata: Q6
"""


@pytest.mark.parametrize("value", ["Q1", "Q42", "Q123456789"])
def test_wikidata_ids(value: str) -> None:
    assert TypeAdapter(WikidataId).validate_python(value) == value


@pytest.mark.parametrize("value", ["Q0", "Q012", "q42", "42", "Q", "https://www.wikidata.org/wiki/Q42", " Q42",
                                   "Q42 ", "P31", "Q" + "1" * 30])
def test_bad_wikidata_ids(value: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(WikidataId).validate_python(value)


@pytest.mark.parametrize("value", ["Q42", "NK-2C5dU4wPyxN2eT7rgZMUhr", "NK-abcd"])
def test_opensanctions_ids(value: str) -> None:
    assert TypeAdapter(OpenSanctionsId).validate_python(value) == value


@pytest.mark.parametrize("value", ["ofac-1234", "NK-", "NK-a b", "nk-abcd", "Q0", "https://www.opensanctions.org/"
                                   "entities/NK-abcd/"])
def test_bad_opensanctions_ids(value: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(OpenSanctionsId).validate_python(value)


def test_the_seed_carries_no_unchecked_ids(seed_document: Document) -> None:
    for e in [*seed_document.people, *seed_document.organizations]:
        assert e.wikidata is None and e.opensanctions is None


def test_a_link_file_gives_ids_by_name() -> None:
    links, found = read_links(LINKS, "links.yaml")
    assert links is not None and found == []
    doc, notes = apply_links(DOC, links, "links.yaml")
    people = {p.id: p for p in doc.people}
    orgs = {o.id: o for o in doc.organizations}
    assert (people["kim"].wikidata, people["kim"].opensanctions) == ("Q1234567", "NK-AbCd1234")
    assert orgs["gov"].opensanctions == "Q7654321"  # matched by an alternate name
    assert people["mats"].wikidata == "Q7"  # the document's own id is kept
    assert orgs["twin-a"].wikidata is None and orgs["twin-b"].wikidata is None
    codes = sorted((d.code, d.pointer) for d in notes)
    assert codes == [("links.ambiguous", "/links/Twin"), ("links.conflict", "/people/1/wikidata"),
                     ("links.unused", "/links/Nobody")]
    assert not any(d.is_error for d in notes)


@pytest.mark.parametrize(("text", "code", "pointer"), [
    (b"links:\n  A:\n    wikidata: Q012\n", "links.invalid", "/links/A/wikidata"),
    (b"links:\n  A:\n    opensanctions: ofac-1\n", "links.invalid", "/links/A/opensanctions"),
    (b"links:\n  A/B:\n    wikidata_id: Q1\n", "links.invalid", "/links/A~1B/wikidata_id"),
    (b"links:\n  A: Q1\n", "links.invalid", "/links/A"),
    (b"people: []\n", "links.syntax", ""),
    (b"links: [\n", "links.syntax", ""),
    (b"\xff\xfe", "links.syntax", ""),
])
def test_a_bad_link_file_is_located(text: bytes, code: str, pointer: str) -> None:
    _, found = read_links(text, "links.yaml")
    assert [(d.code, d.pointer, d.file) for d in found] == [(code, pointer, "links.yaml")]


@given(st.text(min_size=1, max_size=30))
def test_names_compare_the_same_way_both_ways(name: str) -> None:
    assert name_key(name) == name_key(f"  {name}\t")
    assert name_key(name_key(name)) == name_key(name)


def test_ids_travel_as_same_as_and_come_back() -> None:
    links, _ = read_links(LINKS, "links.yaml")
    assert links is not None
    doc, _ = apply_links(DOC, links, "links.yaml")
    graph = export(doc, "jsonld").output
    assert graph is not None and isinstance(graph, bytes)
    kim = next(n for n in json.loads(graph)["@graph"] if n.get("@id") == "#kim")
    assert kim["sameAs"] == ["http://www.wikidata.org/entity/Q1234567",
                             "https://www.opensanctions.org/entities/NK-AbCd1234/"]
    back = load(Source.from_bytes(graph, "doc.jsonld"))
    assert back.document == doc
    assert id_of_uri("http://www.wikidata.org/entity/Q012") == []
    assert id_uris(None, None) == []


def test_ids_go_to_followthemoney() -> None:
    pytest.importorskip("followthemoney")
    doc = Document.model_validate({"people": [{"id": "p", "name": "P", "wikidata": "Q1234567"}]})
    out = export(doc, "ftm").output
    assert isinstance(out, bytes) and json.loads(out)["properties"]["wikidataId"] == ["Q1234567"]


def test_cli_link(tmp_path: Path) -> None:
    src, links, out = tmp_path / "doc.yaml", tmp_path / "links.yaml", tmp_path / "linked.yaml"
    src.write_bytes(export(DOC, "yaml").output)  # type: ignore[arg-type]
    links.write_bytes(LINKS)
    result = CliRunner().invoke(cli, ["link", str(src), str(links), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "links.unused" in result.output
    assert load(out).document.people[0].wikidata == "Q1234567"  # type: ignore[union-attr]
    refused = CliRunner().invoke(cli, ["link", str(src), str(links), "-o", str(src)])
    assert refused.exit_code != 0 and load(src).document == DOC
    links.write_bytes(b"links:\n  A:\n    wikidata: Q0\n")
    bad = CliRunner().invoke(cli, ["link", str(src), str(links), "-o", str(out)])
    assert bad.exit_code == 1 and "links.invalid" in bad.output
