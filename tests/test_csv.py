"""CSV both ways: Data Package tables and the review sheet.

Round trips are property-based (every model field, hostile text); readers' problems are placed at
file, row and column; formula cells never survive as live formulas; a failed check writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from claimreview import Source, export, load
from claimreview.cli import cli
from claimreview.exporters._tableschema import check_package
from claimreview.exporters.base import ExportError
from claimreview.exporters.csv_ import CsvExporter
from claimreview.exporters.document import document_data
from claimreview.formats import FORMATS, detect
from claimreview.io import MANIFEST, zip_bytes
from claimreview.readers.ids import digest
from claimreview.schemas import Document
from claimreview.schemas.fields import NonEmptyStr
from claimreview.schemas.models import document_json_schema, model_classes, references
from claimreview.tables import FORMULA_STARTS, SHEET_COLUMNS, datapackage, is_live_formula, neutralise, restore, tables
from tests.conftest import FIXTURES, SEED
from tests.strategies import HOSTILE, documents

CSV_FIXTURES = FIXTURES / "csv"
HAND_WRITTEN = CSV_FIXTURES / "spreadsheet-export.csv"

# -- strategies: every field of the model, text as hostile as it gets -------------------------------

_non_blank = TypeAdapter(NonEmptyStr)


def _is_text(s: str) -> bool:
    try:
        _non_blank.validate_python(s)
    except ValidationError:
        return False
    return True


MORE_HOSTILE = [
    "'", "''", "'=1+1", "\uff1dSUM(A1)", "\uff0b1", "\uff20x", "-", "+", "@", "=", "\x1c", "\u200b",
    " leading", "trailing ", "\r\nCRLF\r\n", "a\rb", '"', '""', '","', "[1, 2]", "null", "", "Кулеба, Дмитро",
    "김정은 (Kim Jong-un)", "עִברִית", "العربية", "\u202eRTL override", "tab\tinside", "'\t", "\t'", "1e5", "-1",
    # a formula behind blanks: a spreadsheet's "trim spaces" import makes it live (issue 8)
    "  =1+1", " +1", "\u00a0-2", "\u3000@SUM(A1)", "\u200b=1", "\ufeff=1", "\n=1", " \t=1", "  '=1", " \uff1d1", "  ",
]
# Any Unicode scalar but NUL (CSV cannot carry it: see test_nul_is_refused) and surrogates (not UTF-8).
_any_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30)
text = st.one_of(st.sampled_from(HOSTILE + MORE_HOSTILE), _any_text).filter(_is_text)
url = st.sampled_from([
    "https://example.org/", "http://example.org/a,b", "https://example.org/q?x=\"1\"&y='2'",
    "https://пример.example/путь", "https://example.org/=cmd", "https://example.org/a;b",
    "https://example.org/%E2%80%AE", "https://example.org/@user", "https://example.org/a,",
])
date = st.sampled_from(["2017", "2017-12", "2017-12-22", "2022-02-21T10:00:00+03:00", "2022-07-01T00:00:00Z"])
language = st.sampled_from(["en", "uk", "ru", "ko", "ar", "he", "zh-Hant", "en-GB"])
number = st.one_of(st.integers(-10**20, 10**20),
                   st.floats(allow_nan=False, allow_infinity=False, width=64))
ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,10}", fullmatch=True)


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@st.composite
def full_documents(draw: st.DrawFn) -> Document:
    """Valid documents that use every field of every model."""
    all_ids = draw(st.lists(ids, min_size=12, max_size=12, unique_by=str.lower))
    people_ids, org_ids, sanction_ids = all_ids[0:2], all_ids[2:5], all_ids[5:6]
    article_ids, claim_ids, review_ids = all_ids[6:7], all_ids[7:9], all_ids[9:12]
    agents = people_ids + org_ids
    everything = all_ids
    lists = lambda s, n=2: st.lists(s, max_size=n)  # noqa: E731
    pick = lambda xs: st.sampled_from(xs)  # noqa: E731

    def appearance() -> dict[str, Any]:
        a = _clean({"url": draw(_opt(url)), "outlet": draw(_opt(pick(agents))), "date": draw(_opt(date)),
                    "description": draw(_opt(text))})
        return a if {"url", "outlet", "description"} & set(a) else {**a, "url": draw(url)}

    people = [_clean({
        "id": i, "name": draw(text), "alternate_names": draw(lists(text)), "job_title": draw(_opt(text)),
        "description": draw(_opt(text)), "affiliations": draw(lists(pick(org_ids))),
        "nationality": draw(_opt(text)), "url": draw(_opt(url)), "same_as": draw(lists(url)),
    }) for i in people_ids]
    orgs = [_clean({
        "id": i, "name": draw(text), "alternate_names": draw(lists(text)),
        "kind": draw(_opt(st.sampled_from(["news-agency", "fact-checker", "government", "other"]))),
        "description": draw(_opt(text)), "country": draw(_opt(text)),
        "parent": draw(_opt(pick([o for o in org_ids if o != i]))), "url": draw(_opt(url)),
        "same_as": draw(lists(url)),
    }) for i in org_ids]
    sanctions = [_clean({
        "id": i, "title": draw(text), "identifier": draw(_opt(text)), "kind": draw(_opt(text)),
        "authority": draw(pick(org_ids)), "date_adopted": draw(_opt(date)), "targets": draw(lists(pick(agents))),
        "measures": draw(lists(text, 3)), "reason": draw(_opt(text)), "status": draw(_opt(text)),
        "url": draw(_opt(url)), "same_as": draw(lists(url)),
    }) for i in sanction_ids]
    image = draw(_opt(st.just(None).map(lambda _: _clean({
        "caption": draw(_opt(text)), "credit": draw(_opt(text)), "creators": draw(lists(pick(agents))),
        "providers": draw(lists(pick(agents))), "url": draw(_opt(url))}))))
    articles = [_clean({
        "id": i, "headline": draw(text), "url": draw(_opt(url)), "date_published": draw(_opt(date)),
        "date_modified": draw(_opt(date)), "publisher": draw(_opt(pick(agents))), "authors": draw(lists(pick(agents))),
        "label": draw(_opt(text)), "description": draw(_opt(text)), "keywords": draw(lists(text, 3)),
        "language": draw(_opt(language)), "image": image, "cites": draw(lists(pick(agents))),
        "about": draw(lists(pick(everything))), "claims": draw(lists(pick(claim_ids))),
    }) for i in article_ids]
    claims = [_clean({
        "id": i, "text": draw(text), "claimant": draw(_opt(pick(agents))),
        "appearances": [appearance() for _ in range(draw(st.integers(0, 3)))],
        "first_appearance": appearance() if draw(st.booleans()) else None,
        "about": draw(lists(pick(everything))), "language": draw(_opt(language)),
    }) for i in claim_ids]
    reviews = []
    for i in review_ids:
        scale = draw(st.lists(number, min_size=3, max_size=3, unique=True).map(sorted))
        rating = _clean({"label": draw(text), "explanation": draw(_opt(text)), "image": draw(_opt(url))})
        if draw(st.booleans()):
            rating.update(worst=scale[0], value=scale[1], best=scale[2])
        elif draw(st.booleans()):
            rating.update(value=draw(number))  # a value with no scale: any number, negative too
        reviews.append(_clean({
            "id": i, "claim": draw(pick(claim_ids)), "reviewer": draw(pick(agents)), "rating": rating,
            "url": draw(_opt(url)), "headline": draw(_opt(text)), "language": draw(_opt(language)),
            "note": draw(_opt(text)),
        }))
    return Document.model_validate({"people": people, "organizations": orgs, "sanctions": sanctions,
                                    "articles": articles, "claims": claims, "reviews": reviews})


@st.composite
def sheet_documents(draw: st.DrawFn) -> Document:
    """Valid documents within what a sheet carries, in the order a sheet gives them back: every
    claim reviewed, every person and organization a claimant or reviewer known by name only,
    appearances as URLs only, no articles or sanctions."""
    n_reviews = draw(st.integers(1, 5))
    pool = draw(st.lists(ids, min_size=3 * n_reviews + 4, max_size=3 * n_reviews + 4, unique_by=str.lower))
    agent_pool = pool[:4]
    agent_kind = {a: draw(st.sampled_from(["people", "organizations"])) for a in agent_pool}
    agent_name = {a: draw(text) for a in agent_pool}
    data: dict[str, list[dict[str, Any]]] = {"people": [], "organizations": [], "claims": [], "reviews": []}
    seen: set[str] = set()

    def agent(a: str | None) -> str | None:
        if a is not None and a not in seen:
            seen.add(a)
            data[agent_kind[a]].append({"id": a, "name": agent_name[a]})
        return a

    claims: dict[str, dict[str, Any]] = {}
    for k in range(n_reviews):
        claim_id = draw(st.sampled_from([*claims, pool[4 + k]]))
        if claim_id not in claims:
            claimant = draw(_opt(st.sampled_from(agent_pool)))
            claims[claim_id] = _clean({
                "id": claim_id, "text": draw(text), "claimant": claimant, "date": draw(_opt(st.just("2017"))),
                "appearances": [{"url": u} for u in draw(st.lists(url, max_size=3))] or None,
                "language": draw(_opt(language)),
            })
            agent(claimant)
            data["claims"].append(claims[claim_id])
        reviewer = agent(draw(st.sampled_from(agent_pool)))
        scale = draw(st.lists(number, min_size=3, max_size=3, unique=True).map(sorted))
        rating = _clean({"label": draw(text), "explanation": draw(_opt(text)), "image": draw(_opt(url))})
        if draw(st.booleans()):
            rating.update(worst=scale[0], value=scale[1], best=scale[2])
        data["reviews"].append(_clean({
            "id": pool[4 + n_reviews + k], "claim": claim_id, "reviewer": reviewer, "rating": rating,
            "url": draw(_opt(url)), "date": draw(_opt(st.just("2018-01-02"))), "headline": draw(_opt(text)),
            "language": draw(_opt(language)), "note": draw(_opt(text)),
        }))
    return Document.model_validate(data)


def _same(a: Document, b: Document | None) -> None:
    """Identical, down to 1 vs 1.0 (which == would call equal)."""
    assert b is not None
    assert json.dumps(document_data(b), sort_keys=True) == json.dumps(document_data(a), sort_keys=True)
    assert a == b


def _load_bytes(data: bytes, name: str) -> Any:
    loaded = load(Source.from_bytes(data, name), "csv")
    assert loaded.ok, [d.render() for d in loaded.diagnostics]
    return loaded.document


def _tables_zip(doc: Document, **options: Any) -> bytes:
    exported = export(doc, "csv", **options)
    assert exported.ok, [d.render() for d in exported.diagnostics]
    assert isinstance(exported.output, dict)
    return zip_bytes(exported.output)


def _sheet(doc: Document, **options: Any) -> bytes:
    exported = export(doc, "csv", layout="sheet", **options)
    assert exported.ok, [d.render() for d in exported.diagnostics]
    assert isinstance(exported.output, bytes)
    return exported.output


# -- round trips ------------------------------------------------------------------------------------


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.filter_too_much])


@SETTINGS
@given(full_documents())
def test_tables_round_trip_every_field(doc: Document) -> None:
    _same(doc, _load_bytes(_tables_zip(doc), "doc.zip"))


@SETTINGS
@given(documents())
def test_tables_round_trip_shared_strategy(doc: Document) -> None:
    _same(doc, _load_bytes(_tables_zip(doc, excel=True), "doc.zip"))


@SETTINGS
@given(sheet_documents(), st.booleans())
def test_sheet_round_trip(doc: Document, excel: bool) -> None:
    exported = export(doc, "csv", layout="sheet", excel=excel)
    assert exported.ok and isinstance(exported.output, bytes)
    assert not exported.diagnostics, "a document within the sheet's subset loses nothing"
    _same(doc, _load_bytes(exported.output, "sheet.csv"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_documents())
def test_sheet_of_any_document_reads_back_and_is_stable(doc: Document) -> None:
    """Outside the subset the sheet is lossy (and says so), but what it holds reads back and
    exports to the same sheet again."""
    exported = export(doc, "csv", layout="sheet")
    assert exported.ok and isinstance(exported.output, bytes)
    again = _load_bytes(exported.output, "sheet.csv")
    assert _sheet(again) == exported.output
    if doc.articles or doc.sanctions:
        assert [d.code for d in exported.diagnostics] == ["csv.sheet-omits"]


def test_seed_round_trips_through_folder_and_zip(seed_document: Document, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([MANIFEST, "datapackage.json", *(t.file for t in tables())])
    _same(seed_document, load(out).document)
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "csv", "-o", str(tmp_path / "t.zip")])
    assert result.exit_code == 0, result.output
    _same(seed_document, load(tmp_path / "t.zip").document)


def test_seed_sheet_keeps_its_reviews(seed_document: Document) -> None:
    back = _load_bytes(_sheet(seed_document), "seed.csv")
    # the sheet keeps a newsroom's columns; a review's sources travel in the tables layout
    assert [r.model_dump(exclude={"sources"}) for r in back.reviews] == \
        [r.model_dump(exclude={"sources"}) for r in seed_document.reviews]
    assert [c.text for c in back.claims] == ["North Korea could send up to 100,000 soldiers to help Russia in Ukraine.",
                                            "All UN members except Russia consider the DPR part of Ukraine."]
    assert [p.name for p in back.people] == ["Igor Korotchenko"]


def test_empty_and_absent_lists_are_the_same_value() -> None:
    with_empty = Document.model_validate({"people": [{"id": "p", "name": "P", "alternate_names": []}]})
    without = Document.model_validate({"people": [{"id": "p", "name": "P"}]})
    assert with_empty == without
    _same(without, _load_bytes(_tables_zip(with_empty), "d.zip"))
    # and a reader takes "[]" and an empty cell alike
    files = export(without, "csv").output
    assert isinstance(files, dict)
    people = files["people.csv"].decode().replace("p,P,,", "p,P,[],")
    assert "[]" in people
    _same(without, _load_bytes(zip_bytes({**files, "people.csv": people.encode()}), "d.zip"))


def test_an_empty_image_is_kept_apart_from_no_image() -> None:
    base = {"id": "a", "headline": "H"}
    for article in ({**base}, {**base, "image": {}}):
        doc = Document.model_validate({"articles": [article]})
        _same(doc, _load_bytes(_tables_zip(doc), "d.zip"))


def test_numbers_keep_int_float_and_sign() -> None:
    doc = Document.model_validate({
        "organizations": [{"id": "o", "name": "O"}], "claims": [{"id": "c", "text": "T"}],
        "reviews": [{"id": "r", "claim": "c", "reviewer": "o",
                     "rating": {"label": "L", "worst": -2.5, "value": 1, "best": 1e21}},
                    {"id": "r2", "claim": "c", "reviewer": "o", "rating": {"label": "L", "value": -0.0}}]})
    files = export(doc, "csv").output
    assert isinstance(files, dict)
    row = files["reviews.csv"].decode().splitlines()[1]
    assert ",L,1,1e+21,-2.5," in row, "numbers are plain numbers, not quoted or neutralised"
    _same(doc, _load_bytes(zip_bytes(files), "d.zip"))
    _same(doc, _load_bytes(_sheet(doc), "s.csv"))


# -- spreadsheet safety -----------------------------------------------------------------------------


@given(st.one_of(st.text(st.characters(codec="utf-8")),
                st.builds(lambda blanks, sign, rest: blanks + sign + rest,
                          st.text(st.sampled_from(" \t\r\n\u00a0\u2003\u3000\u200b\u2060\ufeff\u2800'x"), max_size=4),
                          st.sampled_from([*sorted(FORMULA_STARTS), "'", "x", ""]), st.text(max_size=5))))
def test_neutralise_is_reversible_and_never_live(s: str) -> None:
    cell = neutralise(s)
    assert restore(cell) == s
    assert not is_live_formula(cell)


@pytest.mark.parametrize("start", sorted(FORMULA_STARTS))
def test_every_formula_start_is_quoted(start: str) -> None:
    assert neutralise(start + "HYPERLINK(1)") == "'" + start + "HYPERLINK(1)"
    assert neutralise("'" + start) == "''" + start
    assert neutralise("x" + start) == "x" + start


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("layout", ["tables", "sheet"])
def test_no_cell_is_a_live_formula(layout: str) -> None:
    evil = ['=HYPERLINK("https://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1", "\r=1", "\uff1d1+1", "  =1+1", "\u00a0 @SUM(1)", "\n-1"]
    doc = Document.model_validate({
        "people": [{"id": f"p{i}", "name": s, "alternate_names": [s]} for i, s in enumerate(evil)],
        "organizations": [{"id": "o", "name": evil[0], "description": evil[1]}],
        "claims": [{"id": f"c{i}", "text": s, "claimant": f"p{i}"} for i, s in enumerate(evil)],
        "reviews": [{"id": f"r{i}", "claim": f"c{i}", "reviewer": "o", "headline": s, "note": s,
                     "rating": {"label": s, "explanation": s, "worst": -5, "value": -1, "best": 5}}
                    for i, s in enumerate(evil)]})
    exported = export(doc, "csv", layout=layout)
    assert exported.ok and exported.output is not None
    files = exported.output if isinstance(exported.output, dict) else {"sheet.csv": exported.output}
    numeric = {"rating_value", "rating_best", "rating_worst"}
    checked = 0
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        header, *rows = _cells(data)
        for row in rows:
            for column, cell in zip(header, row, strict=True):
                if column in numeric:
                    assert cell == "" or re.fullmatch(r"-?\d+(\.\d+)?", cell)
                else:
                    assert not is_live_formula(cell), (name, column, cell)
                    checked += 1
    assert checked > 50
    loaded = load(Source.from_bytes(zip_bytes(files) if layout == "tables" else files["sheet.csv"], "x"), "csv")
    assert loaded.ok and loaded.document is not None
    if layout == "tables":
        _same(doc, loaded.document)
    else:
        assert [c.text for c in loaded.document.claims] == evil


def test_excel_option_writes_a_byte_order_mark(seed_document: Document) -> None:
    files = export(seed_document, "csv", excel=True).output
    assert isinstance(files, dict)
    for name, data in files.items():
        assert data.startswith(b"\xef\xbb\xbf") == name.endswith(".csv"), name
    assert _sheet(seed_document, excel=True).startswith(b"\xef\xbb\xbf")
    assert not _sheet(seed_document).startswith(b"\xef\xbb\xbf")
    _same(seed_document, _load_bytes(zip_bytes(files), "excel.zip"))


# -- the datapackage --------------------------------------------------------------------------------


def test_every_model_field_has_a_column() -> None:
    """The tables are derived from the models: each field of each model lands in a column or a
    child table, so a new field cannot be left out of the CSV."""
    defs = document_json_schema()["$defs"]
    covered = {(t.kind, c.path) for t in tables() for c in t.columns if t.child_field is None}
    children = {(t.kind, t.child_field) for t in tables() if t.child_field}
    for kind, ref in [("people", "Person"), ("organizations", "Organization"), ("sanctions", "Sanction"),
                      ("articles", "Article"), ("claims", "Claim"), ("reviews", "Review")]:
        for name in defs[ref]["properties"]:
            nested = {p for k, p in covered if k == kind and p[0] == name}
            assert nested or (kind, name) in children, f"{kind}.{name} has no column"


def test_every_reference_field_is_declared() -> None:
    """Every field that holds an id (other than an entity's own) declares what it refers to."""
    id_fields = {(ref, name) for ref, d in document_json_schema()["$defs"].items()
                 for name, prop in d.get("properties", {}).items() if name != "id"
                 and "^[A-Za-z0-9]" in json.dumps(prop)}
    declared = {(name, field) for name, model in model_classes(Document).items() for field in references(model)}
    assert id_fields == declared
    assert len(declared) == 24  # 23 between entities (5 of a media review and its media), and a citation's article


def test_reference_columns_follow_the_model_declarations() -> None:
    """claimreview:references and foreignKeys come from the Ref markers on the model fields."""
    by_table = {t.name: t for t in tables()}
    reviewer = next(c for c in by_table["reviews"].columns if c.name == "reviewer")
    assert reviewer.references == ("people", "organizations")
    claim = {"fields": "claim", "reference": {"resource": "claims", "fields": "id"}}
    assert claim in by_table["reviews"].foreign_keys()
    parent = by_table["organizations"].foreign_keys()
    assert parent == [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]
    creators = next(c for c in by_table["article_images"].columns if c.name == "creators")
    assert creators.type == "array" and creators.references == ("people", "organizations")


def test_datapackage_descriptor_is_consistent() -> None:
    package = datapackage()
    assert package["profile"] == "tabular-data-package"
    names = {r["name"] for r in package["resources"]}
    assert names == {"people", "person_images", "organizations", "organization_logos", "organization_images",
                     "sanctions", "articles", "article_images", "claims", "claim_appearances", "reviews",
                     "review_images", "review_feed_items", "media_reviews", "media_review_media"} | {
                         f"{kind}_sources" for kind in ("person", "organization", "sanction", "article", "claim",
                                                        "review", "media_review")}
    for res in package["resources"]:
        schema = res["schema"]
        fields = {f["name"] for f in schema["fields"]}
        assert res["path"] == f"{res['name']}.csv"
        assert set(schema["primaryKey"]) <= fields
        for fk in schema.get("foreignKeys", ()):
            assert fk["fields"] in fields
            assert fk["reference"]["resource"] in names | {""}
        for f in schema["fields"]:
            assert f["type"] in ("string", "number", "integer", "array")
            for target in f.get("claimreview:references", ()):
                assert target in names
            if "pattern" in f.get("constraints", {}):
                assert not f["constraints"]["pattern"].startswith("^"), "XML Schema patterns are anchored already"
                re.compile(f["constraints"]["pattern"])
    reviews = next(r for r in package["resources"] if r["name"] == "reviews")
    assert {"fields": "claim", "reference": {"resource": "claims", "fields": "id"}} in reviews["schema"]["foreignKeys"]
    json.dumps(package, allow_nan=False)


# -- the export check: nothing is written when it fails ---------------------------------------------


def _built(seed_document: Document) -> Any:
    return CsvExporter().build(seed_document)


@pytest.mark.parametrize(("table", "change", "code", "column"), [
    ("reviews", lambda rows: rows.insert(1, list(rows[0])), "tableschema.primary-key", "id"),
    ("reviews", lambda rows: rows[0].__setitem__(1, "no-such-claim"), "tableschema.foreign-key", "claim"),
    ("claims", lambda rows: rows[0].__setitem__(2, "nobody"), "tableschema.reference", "claimant"),
    ("articles", lambda rows: rows[0].__setitem__(13, '["nope"]'), "tableschema.reference", "claims"),
    ("reviews", lambda rows: rows[0].__setitem__(4, "one"), "tableschema.constraint", "rating_value"),
    ("reviews", lambda rows: rows[0].__setitem__(3, ""), "tableschema.constraint", "rating_label"),
    ("people", lambda rows: rows[0].__setitem__(2, "Kim"), "tableschema.constraint", "alternate_names"),
    ("people", lambda rows: rows[0].__setitem__(1, "=cmd()"), "csv.live-formula", "name"),
    ("organizations", lambda rows: rows[0].__setitem__(3, "blog"), "tableschema.constraint", "kind"),
    ("claim_appearances", lambda rows: rows[0].__setitem__(1, "0"), "tableschema.constraint", "position"),
    ("claim_appearances", lambda rows: rows[0].pop(), "tableschema.row-length", None),
])
def test_check_finds_what_breaks_the_table_schema(seed_document: Document, table: str, change: Any, code: str,
                                                  column: str | None) -> None:
    built = _built(seed_document)
    assert CsvExporter().check(built) == []
    header, rows = built.data[table]
    change(rows)
    found = [d for d in CsvExporter().check(built) if d.is_error]
    assert found, "the check must fail"
    assert found[0].code == code
    assert found[0].file == f"{table}.csv" and found[0].line == (3 if code.endswith("primary-key") else 2)
    if column is not None:
        assert found[0].column == header.index(column) + 1 and found[0].message.startswith(f"{column}:")


def test_a_failed_check_writes_nothing(tmp_path: Path) -> None:
    doc = tmp_path / "nul.json"
    doc.write_text(json.dumps({"claimreview": "1", "people": [{"id": "p", "name": "Ki\u0000m"}],
                               "organizations": [{"id": "o", "name": "Desk"}],
                               "claims": [{"id": "c", "text": "Said", "claimant": "p"}],
                               "reviews": [{"id": "r", "claim": "c", "reviewer": "o", "rating": {"label": "F"}}]}))
    for extra, where in [((), "people.csv:2:2:/people/0/name"), (("--layout", "sheet"), "<sheet>:2:2:/people/0/name")]:
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["convert", str(doc), "--to", "csv", *extra, "-o", str(out)])
        assert result.exit_code == 1, result.output
        assert f"{where}: error csv.nul-character" in result.output
        assert not out.exists()


def test_unknown_layout_and_stdout_are_refused(seed_document: Document) -> None:
    with pytest.raises(ExportError, match="tables or sheet"):
        export(seed_document, "csv", layout="rows")
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "csv"])
    assert result.exit_code != 0 and "folder or a .zip" in result.output
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "csv", "--layout", "sheet"])
    assert result.exit_code == 0 and result.stdout.startswith("claim_text,claimant_name,")


# -- reading tables: problems at file, row and column ------------------------------------------------


def _package(files: dict[str, str], **drop: Any) -> bytes:
    base = export(Document(), "csv").output
    assert isinstance(base, dict)
    out = {**base, **{k: v.encode() for k, v in files.items()}}
    return zip_bytes({k: v for k, v in out.items() if k not in drop.get("drop", ())})


def _diagnostics(data: bytes, name: str = "pkg.zip") -> list[tuple[str, str | None, int | None, int | None, str]]:
    loaded = load(Source.from_bytes(data, name), "csv")
    assert not loaded.ok
    return [(d.code, d.file, d.line, d.column, d.pointer) for d in loaded.diagnostics]


ORGS = "id,name\r\no,Org\r\n"


def test_model_errors_point_at_their_cells() -> None:
    claims = ("id,text,date,claimant\r\n"
              "c1,Fine,2017,\r\n"
              "c2,Bad date,2017-13-01,\r\n"
              "c3,Unknown claimant,,ghost\r\n")
    reviews = ("id,claim,reviewer,rating_label,rating_value,rating_best,rating_worst,url\r\n"
               "r1,c1,o,False,7,5,1,javascript:alert(1)\r\n")
    found = _diagnostics(_package({"claims.csv": claims, "reviews.csv": reviews, "organizations.csv": ORGS}))
    assert found == [
        ("model.invalid-date", "pkg.zip/claims.csv", 3, 3, "/claims/1/date"),
        ("model.invalid-url", "pkg.zip/reviews.csv", 2, 8, "/reviews/0/url"),
    ]
    # once the fields are right, the rules across entities and fields are found and placed too
    fixed = reviews.replace("javascript:alert(1)", "https://example.org/r1")
    claims_ok = claims.replace("2017-13-01", "2017")
    loaded = load(Source.from_bytes(_package({"claims.csv": claims_ok, "reviews.csv": fixed,
                                              "organizations.csv": ORGS}), "pkg.zip"), "csv")
    unknown, scale = loaded.diagnostics
    assert (unknown.code, unknown.file, unknown.line, unknown.column, unknown.pointer) == (
        "model.unknown-id", "pkg.zip/claims.csv", 4, 4, "/claims/2/claimant")
    assert (scale.code, scale.file, scale.line, scale.column, scale.pointer) == (
        "model.rating-out-of-scale", "pkg.zip/reviews.csv", 2, 5, "/reviews/0/rating/value")
    assert scale.message.startswith("rating_value: value 7 is above best (5)")
    assert scale.render().startswith("pkg.zip/reviews.csv:2:5:/reviews/0/rating/value: error "
                                     "model.rating-out-of-scale")


def test_a_broken_row_does_not_hide_the_rows_after_it() -> None:
    reviews = ("id,claim,reviewer,rating_label,rating_value\r\n"
               "r1,c1,o,False,1,extra\r\n"
               "r2,c1,o,False,one\r\n"
               "r3,c1,o,,\r\n"
               "r4,c1,o,True,2\r\n")
    claims = "id,text\r\nc1,Text\r\nc2,\"unclosed, row\r\n"
    found = _diagnostics(_package({"claims.csv": claims, "reviews.csv": reviews, "organizations.csv": ORGS}))
    assert ("csv.row-length", "pkg.zip/reviews.csv", 2, None, "") in found
    assert ("csv.invalid-number", "pkg.zip/reviews.csv", 3, 5, "") in found
    assert ("model.missing-field", "pkg.zip/reviews.csv", 4, 4, "/reviews/1/rating") in found


def test_child_rows_are_placed_in_their_own_file() -> None:
    claims = "id,text\r\nc1,Text\r\nc2,Other\r\n"
    appearances = ("claim,position,url,outlet\r\n"
                   "c1,2,https://example.org/b,\r\n"
                   "c1,1,not a url,\r\n"
                   "c9,1,https://example.org/c,\r\n"
                   "c2,1,,\r\n"
                   "c2,1,https://example.org/d,\r\n")
    found = _diagnostics(_package({"claims.csv": claims, "claim_appearances.csv": appearances}))
    assert found == [
        ("model.invalid-url", "pkg.zip/claim_appearances.csv", 3, 3, "/claims/0/appearances/0/url"),
        ("csv.unknown-key", "pkg.zip/claim_appearances.csv", 4, 1, ""),
        ("model.invalid-value", "pkg.zip/claim_appearances.csv", 5, None, "/claims/1/appearances/0"),
        ("csv.duplicate-key", "pkg.zip/claim_appearances.csv", 6, 2, ""),
    ]


def test_appearances_are_ordered_by_position() -> None:
    appearances = "claim,position,url\r\nc1,2,https://example.org/2\r\nc1,1,https://example.org/1\r\n"
    doc = _load_bytes(_package({"claims.csv": "id,text\r\nc1,T\r\n", "claim_appearances.csv": appearances}), "p.zip")
    assert [a.url for a in doc.claims[0].appearances] == ["https://example.org/1", "https://example.org/2"]


def test_headers_match_loosely_and_unknown_columns_are_named() -> None:
    people = "ID, Name ,Alternate-Names,JOB TITLE\r\np,P,\"[\"\"Q\"\"]\",Minister\r\n"
    doc = _load_bytes(_package({"people.csv": people}), "p.zip")
    assert doc.people[0].alternate_names == ["Q"] and doc.people[0].job_title == "Minister"
    found = load(Source.from_bytes(_package({"people.csv": "id,name,nationalty\r\np,P,UA\r\n"}), "p.zip"), "csv")
    [d] = found.diagnostics
    assert (d.code, d.file, d.line, d.column) == ("csv.unknown-column", "p.zip/people.csv", 1, 3)
    assert "'nationalty'" in d.message and "did you mean 'nationality'?" in d.message
    found = load(Source.from_bytes(_package({"people.csv": "id,job_title\r\np,Minister\r\n"}), "p.zip"), "csv")
    assert [(d.code, d.message) for d in found.diagnostics] == [
        ("csv.missing-column", "the required column 'name' is missing from the header")]


def test_a_broken_row_id_does_not_cascade() -> None:
    claims = "id,text\r\nc1,\"Text, with comma\",oops\r\n"
    reviews = "id,claim,reviewer,rating_label\r\nr1,c1,o,False\r\n"
    found = _diagnostics(_package({"claims.csv": claims, "reviews.csv": reviews, "organizations.csv": ORGS}))
    assert [f[0] for f in found] == ["csv.row-length"], "the review of the left-out claim is not reported again"


@pytest.mark.parametrize(("descriptor", "code"), [
    ("not json", "json.syntax"),
    ('{"resources": [], "resources": []}', "json.duplicate-key"),
    ('{"resources": ' + "[" * 5000 + "]" * 5000 + "}", "json.too-deep"),
    ('{"resources": [{"name": "claims", "path": "../../etc/passwd"}]}', "csv.datapackage"),
    ('{"resources": [{"name": "claims", "path": "/etc/passwd"}]}', "csv.datapackage"),
    ('{"resources": [{"name": "claim", "path": "claims.csv"}]}', "csv.unknown-table"),
    ('{"claimreview": "9", "resources": []}', "csv.format-version"),
    ('{"resources": [{"name": "claims", "path": "missing.csv"}]}', "csv.missing-file"),
    ('[]', "csv.datapackage"),
])
def test_bad_datapackages_are_reported(descriptor: str, code: str) -> None:
    data = zip_bytes({"datapackage.json": descriptor.encode(), "claims.csv": b"id,text\r\n"})
    loaded = load(Source.from_bytes(data, "p.zip"), "csv")
    assert loaded.document is None
    codes = [d.code for d in loaded.diagnostics]
    # claims.csv beside a descriptor that lists another path is also reported as not read
    assert codes[0] == code or codes == ["csv.undeclared-table", code], [d.render() for d in loaded.diagnostics]


def test_zip_and_folder_inputs(tmp_path: Path, seed_document: Document) -> None:
    files = export(seed_document, "csv").output
    assert isinstance(files, dict)
    nested = zip_bytes({f"export/{k}": v for k, v in files.items()})
    _same(seed_document, _load_bytes(nested, "nested.zip"))
    workbook = zip_bytes({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"})
    [d] = load(Source.from_bytes(workbook, "book.zip"), "csv").diagnostics
    assert d.code == "csv.no-datapackage" and "CSV UTF-8" in d.message
    [d] = load(Source.from_bytes(b"PK\x03\x04 not really", "x.zip"), "csv").diagnostics
    assert d.code == "csv.zip"
    (tmp_path / "empty").mkdir()
    [d] = load(tmp_path / "empty").diagnostics
    assert d.code == "csv.no-datapackage"
    assert detect(Source(name=str(tmp_path / "empty"), path=tmp_path / "empty")).name == "csv"


def test_a_table_that_is_not_utf8_is_located() -> None:
    data = _package({})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["people.csv"] = "id,name\r\np,Zo\u00eb\r\n".encode("latin-1")
    [d] = load(Source.from_bytes(zip_bytes(files), "p.zip"), "csv").diagnostics
    assert (d.code, d.file, d.line) == ("input.encoding", "p.zip/people.csv", 2)


# -- reading a sheet -------------------------------------------------------------------------------


def _sheet_diagnostics(text: str) -> list[tuple[str, int | None, int | None, str]]:
    loaded = load(Source.from_bytes(text.encode(), "factchecks.csv"), "csv")
    assert loaded.document is None
    return [(d.code, d.line, d.column, d.pointer) for d in loaded.diagnostics]


HEAD = "claim_text,claimant_name,claimant_kind,rating_label,rating_value,rating_best,reviewer_name,review_date\r\n"


def test_hand_written_sheet_converts_to_json_and_jsonld(tmp_path: Path) -> None:
    raw = HAND_WRITTEN.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"rumor.\nThe figure" in raw
    assert "jsonld" in FORMATS, "the JSON-LD exporter is registered"
    for fmt in ("json", "jsonld"):
        result = CliRunner().invoke(cli, ["convert", str(HAND_WRITTEN), "--to", fmt, "-o", str(tmp_path / f"o.{fmt}")])
        assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "o.json").read_text())
    assert doc["people"] == [{"id": "igor-korotchenko", "name": "Игорь Коротченко"}]
    assert doc["organizations"] == [{"id": "example-fact-check-desk", "name": "Example Fact-Check Desk"}]
    assert [c["claimant"] for c in doc["claims"] if "claimant" in c] == ["igor-korotchenko"]
    assert doc["reviews"][0]["rating"]["explanation"].startswith("The article itself labels the report a rumor.\nThe")
    assert doc["reviews"][1]["rating"] == {
        "label": "False", "value": 1, "best": 5, "worst": 1,
        "explanation": "The same article reports that North Korea, a UN member, recognised the Donetsk and Luhansk "
                       "\"people's republics\" as sovereign countries."}
    ld = json.loads((tmp_path / "o.jsonld").read_text())
    reviews = [n for n in ld["@graph"] if n.get("@type") == "ClaimReview"]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Unproven", "False"]
    assert [r["url"] for r in reviews] == ["https://factcheck.example.org/reviews/north-korea-100000-troops",
                                          "https://factcheck.example.org/reviews/un-members-dpr"]


def test_hand_written_sheet_is_recognised_on_stdin() -> None:
    result = CliRunner().invoke(cli, ["convert", "-", "--to", "json"], input=HAND_WRITTEN.read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["organizations"][0]["name"] == "Example Fact-Check Desk"


def test_sheet_entities_merge_by_name_and_ids_are_stable() -> None:
    text = (HEAD +
            "Claim one,Dmytro Kuleba,person,False,,,Desk,\r\n"
            "Claim two,Dmytro Kuleba,,Unproven,,,Desk,\r\n"
            "Claim one,Dmytro Kuleba,person,True,,,Other Desk,\r\n"
            "Claim three,Desk,organization,False,,,Dmytro Kuleba,\r\n")
    doc = _load_bytes(text.encode(), "s.csv")
    assert [(p.id, p.name) for p in doc.people] == [("dmytro-kuleba", "Dmytro Kuleba")]
    assert [(o.id, o.name) for o in doc.organizations] == [("desk", "Desk"), ("other-desk", "Other Desk")]
    one, two, three = "claim-one-34dcef", "claim-two-" + digest("Claim two")[:6], "claim-three-0c6bae"
    assert [c.id for c in doc.claims] == [one, two, three]
    assert [(r.id, r.claim, r.reviewer) for r in doc.reviews] == [
        (f"review-{one}", one, "desk"), (f"review-{two}", two, "desk"),
        (f"review-{one}-2", one, "other-desk"), (f"review-{three}", three, "dmytro-kuleba")]
    assert _load_bytes(text.encode(), "s.csv") == doc


def test_sheet_header_variants_and_delimiters() -> None:
    rows = [["Claim Text", " RATING ", "reviewer-name", "Rating Value", "Language"],
            ["Claim", "False", "Desk", "1", "uk"]]
    for delimiter in (",", ";", "\t"):
        text = "\r\n".join(delimiter.join(r) for r in rows)
        doc = _load_bytes(text.encode(), "s.csv")
        assert doc.reviews[0].rating.value == 1 and doc.reviews[0].language == "uk"


@pytest.mark.parametrize(("text", "expected"), [
    (HEAD + "Claim,Kuleba,person,False,1,5,Desk,2022-13-01\r\n",
     [("model.invalid-date", 2, 8, "/reviews/0/date")]),
    (HEAD + "Claim,Kuleba,person,False,4,3,Desk,\r\n",
     [("model.rating-out-of-scale", 2, 5, "/reviews/0/rating/value")]),
    (HEAD + "Claim,Kuleba,person,False,\"4,5\",5,Desk,\r\nClaim 2,Kuleba,,False,x,5,Desk,2022-13-01\r\n",
     [("csv.invalid-number", 2, 5, ""), ("csv.invalid-number", 3, 5, ""),
      ("model.invalid-date", 3, 8, "/reviews/1/date")]),
    (HEAD + "Claim,Kuleba,robot,False,,,Desk,\r\n", [("csv.invalid-kind", 2, 3, "")]),
    (HEAD + ",Kuleba,person,,,,,\r\n",
     [("model.missing-field", 2, 1, "/claims/0/text"), ("model.missing-field", 2, 4, "/reviews/0/rating/label"),
      ("model.missing-field", 2, 7, "/reviews/0/reviewer")]),
    (HEAD + "Claim,Kuleba,person,False,1,5,Desk\r\nClaim 2,,,False,,,Desk,2022-13-01\r\n",
     [("csv.row-length", 2, None, ""), ("model.invalid-date", 3, 8, "/reviews/0/date")]),
    ("claim_text,rating_label\r\nClaim,False\r\n", [("csv.missing-column", 1, None, "")]),
    ("claim_text,rating_label,reviewer_name,ratng_best\r\nClaim,False,Desk,1\r\n",
     [("csv.unknown-column", 1, 4, "")]),
    ("claim_text,claim,rating_label,reviewer_name\r\nClaim,Claim,False,Desk\r\n",
     [("csv.duplicate-column", 1, 2, "")]),
    ("", [("csv.no-header", 1, None, "")]),
])
def test_sheet_problems_point_at_their_cells(text: str, expected: list[tuple[str, int, int | None, str]]) -> None:
    assert _sheet_diagnostics(text) == expected


def test_sheet_messages_name_the_header_as_written() -> None:
    loaded = load(Source.from_bytes(b"Claim Text,Rating,Reviewer,Review Date\r\nC,False,Desk,yesterday\r\n",
                                    "factchecks.csv"), "csv")
    [d] = loaded.diagnostics
    assert d.render().startswith("factchecks.csv:2:4:: error csv.invalid-date: Review Date: 'yesterday' is not a date")
    loaded = load(Source.from_bytes(b"claim_text,rating_label,reviewer_name,ratng_best\r\nC,F,D,1\r\n", "f.csv"), "csv")
    assert "the closest known column is 'rating_best'" in loaded.diagnostics[0].message
    loaded = load(Source.from_bytes(b"id,text\r\nc1,T\r\n", "claims.csv"), "csv")
    assert "datapackage.json" in loaded.diagnostics[0].message


def test_sheet_rows_of_one_claim_must_agree() -> None:
    head = "claim_id,claim_text,claim_date,rating_label,reviewer_name\r\n"
    ok = head + "c1,Claim,2017,False,Desk\r\nc1,,,True,Other\r\n"
    doc = _load_bytes(ok.encode(), "s.csv")
    assert len(doc.claims) == 1 and doc.claims[0].date == "2017" and len(doc.reviews) == 2
    assert _sheet_diagnostics(head + "c1,Claim,2017,False,Desk\r\nc1,Claim,2018,True,Other\r\n") == [
        ("csv.conflict", 3, 3, "")]
    head = "claimant_id,claimant_name,claimant_kind,claim_text,rating_label,reviewer_name\r\n"
    assert _sheet_diagnostics(head + "k,Kuleba,person,A,False,Desk\r\nk,Kuleba,organization,B,False,Desk\r\n") == [
        ("csv.conflict", 3, 3, "")]
    assert _sheet_diagnostics(head + "k,Kuleba,person,A,False,Desk\r\nk,Lavrov,,B,False,Desk\r\n") == [
        ("csv.conflict", 3, 2, "")]


def test_sheet_ids_given_in_a_later_row_apply_to_earlier_rows() -> None:
    text = ("claimant_id,claimant_name,claimant_kind,claim_text,rating_label,reviewer_name,reviewer_id\r\n"
            ",Dmytro Kuleba,person,A,False,Desk,\r\n"
            "kuleba,Dmytro Kuleba,person,B,False,Desk,desk-1\r\n")
    doc = _load_bytes(text.encode(), "s.csv")
    assert [p.id for p in doc.people] == ["kuleba"] and [o.id for o in doc.organizations] == ["desk-1"]


def test_sheet_appearance_urls() -> None:
    head = "claim_text,appearance_urls,rating_label,reviewer_name\r\n"
    doc = _load_bytes((head + 'A,"https://example.org/1\nhttps://example.org/2  https://example.org/3",F,D\r\n').encode(),
                      "s.csv")
    assert [a.url for a in doc.claims[0].appearances] == [f"https://example.org/{i}" for i in (1, 2, 3)]
    loaded = load(Source.from_bytes((head + 'A,"https://example.org/1, https://example.org/2",F,D\r\n').encode(),
                                    "s.csv"), "csv")
    assert loaded.ok and [d.code for d in loaded.diagnostics] == ["csv.url-separator"]
    assert _sheet_diagnostics(head + "A,https://example.org/1 javascript:alert(1),F,D\r\n") == [
        ("model.invalid-url", 2, 2, "/claims/0/appearances/1/url")]


def test_sheet_blank_and_quoted_cells() -> None:
    head = "claim_text,claim_date,rating_label,reviewer_name,review_note\r\n"
    doc = _load_bytes((head + "'=1+1,  ,'',Desk,\u3000\r\n").encode(), "s.csv")
    claim, review = doc.claims[0], doc.reviews[0]
    assert claim.text == "=1+1" and claim.date is None
    assert review.rating.label == "'" and review.note is None


def test_sheet_columns_are_all_documented() -> None:
    assert len({c.name for c in SHEET_COLUMNS}) == len(SHEET_COLUMNS)
    assert all(c.description for c in SHEET_COLUMNS)
    header = _cells(_sheet(Document()))[0]
    assert header == [c.name for c in SHEET_COLUMNS]


def test_check_package_accepts_a_clean_export(seed_document: Document) -> None:
    built = _built(seed_document)
    assert check_package(built.resources, built.data) == []


# -- any reader feeds the CSV exporter; --from csv names either layout ------------------------------


THIRD_PARTY = sorted((FIXTURES / "jsonld").glob("*.jsonld")) + sorted((FIXTURES / "factcheck_api").glob("*.json"))


@pytest.mark.parametrize("path", THIRD_PARTY, ids=lambda p: p.name)
def test_third_party_markup_converts_to_both_layouts(path: Path) -> None:
    loaded = load(path)
    if not loaded.ok:
        assert any(d.is_error for d in loaded.diagnostics)  # an invalid fixture: nothing to convert
        return
    assert loaded.document is not None
    _same(loaded.document, _load_bytes(_tables_zip(loaded.document), "t.zip"))
    back = _load_bytes(_sheet(loaded.document), "s.csv")
    assert [r.rating.model_dump() for r in back.reviews] == [r.rating.model_dump() for r in loaded.document.reviews]


def test_from_csv_names_either_layout(tmp_path: Path, seed_document: Document) -> None:
    folder, sheet = tmp_path / "tables", tmp_path / "sheet.txt"
    files = export(seed_document, "csv").output
    assert isinstance(files, dict)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    sheet.write_bytes(_sheet(seed_document))
    for source in (folder, sheet):
        result = CliRunner().invoke(cli, ["convert", str(source), "--from", "csv", "--to", "json"])
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["convert", "-", "--to", "json"], input=zip_bytes(files))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sanctions"][0]["identifier"] == "S/RES/2397 (2017)"


def test_a_package_larger_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch, seed_document: Document) -> None:
    from claimreview.readers import csv_ as reader

    monkeypatch.setattr(reader, "MAX_INPUT_BYTES", 4000)  # the seed's tables hold more than that
    zipped = _tables_zip(seed_document)
    [d] = load(Source.from_bytes(zipped, "big.zip"), "csv").diagnostics
    assert (d.code, d.file) == ("input.too-large", "big.zip")


def test_rows_are_counted_as_a_spreadsheet_counts_them() -> None:
    """A quoted line break does not start a new row: the header is row 1, each record one row."""
    text = (HEAD + '"Claim with\nthree\nlines",Kuleba,person,False,,,Desk,\r\n'
            + "Claim 2,Kuleba,,False,,,Desk,2022-13-01\r\n")
    assert _sheet_diagnostics(text) == [("model.invalid-date", 3, 8, "/reviews/1/date")]


def test_every_csv_code_is_described() -> None:
    from claimreview.exporters import _tableschema
    from claimreview.exporters import csv_ as exporter
    from claimreview.readers import _csvcells, _sheet
    from claimreview.readers import csv_ as reader
    from claimreview.validation.catalogue import catalogue

    declared = [c.name for c in reader.FORMAT.all_codes]  # the csv format's registry entry lists them all
    assert len(declared) == len(set(declared))
    assert set(declared) == {n for n in catalogue() if n.startswith(("csv.", "tableschema."))}
    for module in (reader, exporter, _csvcells, _sheet, _tableschema):  # each declared where it is reported
        assert set(module.CODES) <= set(reader.FORMAT.all_codes)


def test_a_corrupt_zip_member_is_a_diagnostic(tmp_path: Path) -> None:
    from claimreview import export, load
    from tests.conftest import SEED

    doc = load(SEED).document
    assert doc is not None
    out = tmp_path / "tables.zip"
    result = export(doc, "csv")
    assert isinstance(result.output, dict)
    from claimreview.io import zip_bytes

    data = bytearray(zip_bytes(result.output))
    start = data.index(b"claims.csv") + len(b"claims.csv") + 20  # inside the compressed data of claims.csv
    data[start:start + 8] = b"\xff" * 8
    out.write_bytes(bytes(data))
    codes = [d.code for d in load(out).diagnostics]
    assert codes and set(codes) <= {"csv.zip"}, codes


def test_a_number_cell_of_thousands_of_digits_is_a_diagnostic(tmp_path: Path) -> None:
    from claimreview import load

    path = tmp_path / "sheet.csv"
    path.write_text("claim_text,claimant_name,claimant_kind,rating_label,rating_value,reviewer_name\n"
                    f"x,Y,person,False,{'9' * 5000},Desk\n")
    assert "csv.invalid-number" in [d.code for d in load(path).diagnostics]
