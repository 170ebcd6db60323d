"""--to ftm: the seed as FollowTheMoney entities and statements, judged by the followthemoney
library itself (its proxies, its schema validation, its statement model)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimreview import export
from claimreview.cli import cli
from claimreview.exporters.ftm import check_entities
from claimreview.schemas import Document
from tests.conftest import EXAMPLES, SEED

followthemoney = pytest.importorskip("followthemoney")
from followthemoney import model  # noqa: E402
from followthemoney.statement import StatementEntity  # noqa: E402
from followthemoney.statement.serialize import read_json_statements  # noqa: E402


def _lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def entities() -> list[dict[str, Any]]:
    return _lines((EXAMPLES / "north-korea-troops.ftm.jsonl").read_bytes())


def test_followthemoney_accepts_every_entity(entities: list[dict[str, Any]]) -> None:
    proxies = {}
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value again, raises on unknown properties
        assert proxy.schema.validate(data) is None, data
        assert proxy.to_dict()["properties"] == data["properties"]  # nothing changed by FtM's cleaning
        assert proxy.id not in proxies, proxy.id
        proxies[proxy.id] = proxy
    for proxy in proxies.values():
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in proxies, (proxy.id, prop.name, value)
                assert proxies[value].schema.is_a(prop.range), (proxy.id, prop.name)


def test_the_seed_maps_to_the_schemata_that_fit(entities: list[dict[str, Any]]) -> None:
    by_id = {e["id"]: e for e in entities}
    assert by_id["cr-putin"]["schema"] == "Person"
    assert by_id["cr-russia"]["schema"] == "PublicBody"
    assert by_id["cr-regnum"]["schema"] == "Organization"
    assert by_id["cr-article"]["schema"] == "Article"
    sanction = by_id["cr-unsc-resolution-2397-north-korea"]
    assert sanction["schema"] == "Sanction"
    props = sanction["properties"]
    assert props["entity"] == ["cr-north-korea"]
    assert props["authorityId"] == ["S/RES/2397 (2017)"] and props["startDate"] == ["2017-12-22"]
    assert props["authority"] == ["United Nations Security Council"] and len(props["provisions"]) == 2
    assert "unscId" not in props
    claimants = {e["properties"]["entity"][0] for e in entities
                 if e["schema"] == "Documentation" and e["properties"].get("role") == ["claimant"]}
    assert {"cr-korotchenko", "cr-kuleba", "cr-matsegora", "cr-regnum", "cr-united-states"} <= claimants
    reviewed = [e for e in entities if e["schema"] == "Documentation" and "status" in e["properties"]]
    assert reviewed and all("Illustrative" in e["properties"]["status"][0] for e in reviewed)


def test_statements_carry_their_sources_and_rebuild_the_entities(entities: list[dict[str, Any]]) -> None:
    raw = (EXAMPLES / "north-korea-troops.statements.ftm.jsonl").read_bytes()
    statements = list(read_json_statements(io.BytesIO(raw), 1_000_000))
    assert statements
    grouped: dict[str, list[Any]] = {}
    for stmt in statements:
        grouped.setdefault(stmt.entity_id, []).append(stmt)
    rebuilt = {eid: StatementEntity.from_statements(_dataset(), stmts).to_dict()
               for eid, stmts in grouped.items()}
    for data in entities:
        assert {k: sorted(v) for k, v in rebuilt[data["id"]]["properties"].items()} == \
            {k: sorted(v) for k, v in data["properties"].items()}
    unsourced = {s.entity_id for s in statements if s.origin == "unsourced"}
    assert unsourced == {"cr-factcheck-example"}  # the illustrative reviewer, on purpose
    date = next(s for s in statements if s.prop == "startDate")
    assert date.origin is not None and "document:S/RES/2397 (2017)" in date.origin
    hiring = next(s for s in statements if s.prop == "provisions" and "hire" in s.value)
    assert hiring.origin is not None and "banning member states from hiring" in hiring.origin


def _dataset() -> Any:
    from followthemoney.dataset import Dataset

    return Dataset.make({"name": "claimreview", "title": "claimreview"})


def test_the_check_catches_what_the_library_would_refuse() -> None:
    good = {"id": "cr-a", "schema": "Person", "properties": {"name": ["A"]}}
    assert check_entities([good]) == []
    bad = [
        [good, good],
        [{"id": "cr-s", "schema": "Sanction", "properties": {"authority": ["UN"]}}],
        [{"id": "cr-m", "schema": "Membership", "properties": {"member": ["cr-a"], "organization": ["cr-nowhere"]}},
         good],
        [{"id": "cr-m", "schema": "Membership", "properties": {"member": ["cr-a"], "organization": ["cr-a"]}}, good],
        [{"id": "cr-a", "schema": "Person", "properties": {"noSuchProperty": ["x"]}}],
    ]
    for entities in bad:
        found = check_entities(entities)
        assert found and all(d.code == "ftm.invalid" for d in found), entities


def test_a_sanction_without_targets_is_left_out_with_a_warning() -> None:
    doc = Document.model_validate({
        "organizations": [{"id": "unsc", "name": "UNSC"}],
        "sanctions": [{"id": "s", "title": "T", "authority": "unsc"}]})
    result = export(doc, "ftm")
    assert result.ok and [d.code for d in result.diagnostics] == ["ftm.not-carried"]
    assert all(e["schema"] != "Sanction" for e in _lines(result.output))  # type: ignore[arg-type]


def test_ids_are_made_valid_and_unique() -> None:
    doc = Document.model_validate({"people": [{"id": "a_b", "name": "A"}, {"id": "a:b", "name": "B"}]})
    result = export(doc, "ftm")
    assert result.ok
    ids = [e["id"] for e in _lines(result.output)]  # type: ignore[arg-type]
    assert len(set(ids)) == 2 and all(i.startswith("cr-a-b") for i in ids)


def test_cli_names_the_format_by_its_suffix(tmp_path: Path) -> None:
    out = tmp_path / "seed.ftm.jsonl"
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (EXAMPLES / "north-korea-troops.ftm.jsonl").read_bytes()
