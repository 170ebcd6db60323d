from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import ValidationError

from claimreview.schemas import Claim, Document, Image, Organization, Person, Rating, Review
from claimreview.schemas.fields import EntityId, check_date, check_language, check_url, definitely_before
from claimreview.schemas.models import AGENTS, Problem, Ref, references
from claimreview.tables import tables


@pytest.mark.parametrize(
    "value", ["2017", "2017-12", "2017-12-22", "2017-12-22T10:00:00Z", "2017-12-22T10:00:00+09:00"]
)
def test_dates_full_or_partial(value: str) -> None:
    assert check_date(value) == value


@pytest.mark.parametrize(
    "value", ["17", "2017-13", "2017-02-30", "22 December 2017", "2017-12-22T25:00", "2017/12/22", "", "٢٠١٧"]
)
def test_bad_dates(value: str) -> None:
    with pytest.raises(ValueError):
        check_date(value)


@pytest.mark.parametrize(("a", "b", "before"), [
    ("2017-12-21", "2017-12-22", True),
    ("2017-12", "2017-12-22", False),  # same month: not certainly before
    ("2017-11", "2017-12-01", True),
    ("2017", "2017-12-22", False),
    ("2018-01-01T00:00:00Z", "2017-12-31", False),
])
def test_partial_date_order(a: str, b: str, before: bool) -> None:
    assert definitely_before(a, b) is before


@pytest.mark.parametrize("value", ["https://example.org", "http://example.org/a?b=c#d", "https://ex.org/Кулеба"])
def test_good_urls(value: str) -> None:
    assert check_url(value) == value


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "data:text/html,<script>", "/relative", "example.org", " https://example.org",
    "https://example.org ", "https://exa mple.org", "ftp://example.org", "https://",
])
def test_bad_urls(value: str) -> None:
    with pytest.raises(ValueError):
        check_url(value)


@pytest.mark.parametrize("value", ["en", "en-GB", "ko", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "es-419", "x-klingon",
                                   "de-CH-1901", "en-US-u-ca-gregory"])
def test_language_tags(value: str) -> None:
    assert check_language(value) == value


@pytest.mark.parametrize("value", ["english", "e", "en_GB", "en-", "123", "en GB"])
def test_bad_language_tags(value: str) -> None:
    with pytest.raises(ValueError):
        check_language(value)


def _doc(**kinds: list[object]) -> dict[str, object]:
    return {"claimreview": "1", **kinds}


def test_programmatic_document_with_dangling_reference_raises() -> None:
    with pytest.raises(ValidationError, match="not the id of any entity"):
        Document(claims=[Claim(id="c", text="t", claimant="nobody")])


def test_reference_to_the_right_kind() -> None:
    doc = Document(
        organizations=[Organization(id="desk", name="Desk")],
        people=[Person(id="p", name="P", affiliations=["desk"])],
        claims=[Claim(id="c", text="t", claimant="p")],
        reviews=[Review(id="r", claim="c", reviewer="desk", rating=Rating(label="False"))],
    )
    assert doc.entities()["p"].name == "P"  # type: ignore[attr-defined]


def _problems(data: dict[str, object], model: type[Document] = Document) -> list[tuple[str, str]]:
    sink: list[Problem] = []
    model.model_validate(data, context={"problems": sink})
    return [(p.code.name, p.pointer) for p in sink]


def test_reference_rules_come_from_the_fields() -> None:
    """Unknown ids, wrong kinds and self-parenting, at any depth, from the Ref markers alone."""
    data = _doc(
        organizations=[{"id": "desk", "name": "Desk", "parent": "desk"}],
        people=[{"id": "p", "name": "P", "affiliations": ["desk", "p"]}],
        articles=[{"id": "a", "headline": "H", "image": {"creators": ["c", "ghost"]}, "about": ["c"]}],
        claims=[{"id": "c", "text": "t", "claimant": "p", "appearances": [{"outlet": "a"}]}],
        reviews=[{"id": "r", "claim": "desk", "reviewer": "p", "rating": {"label": "False"}}],
    )
    assert _problems(data) == [
        ("model.wrong-kind", "/people/0/affiliations/1"),
        ("model.self-reference", "/organizations/0/parent"),
        ("model.wrong-kind", "/articles/0/image/creators/0"),
        ("model.unknown-id", "/articles/0/image/creators/1"),
        ("model.wrong-kind", "/claims/0/appearances/0/outlet"),
        ("model.wrong-kind", "/reviews/0/claim"),
    ]
    assert references(Image) == {"creators": Ref(AGENTS, "image creator"),
                                 "providers": Ref(AGENTS, "image provider")}


def test_a_new_reference_field_needs_only_the_field() -> None:
    """Declare a reference on a field and nothing else: the document rules check it, and the CSV
    tables give it a column with its references and a Table Schema foreign key."""

    class CheckedClaim(Claim):
        checked_by: Annotated[EntityId | None, Ref(("organizations",), "checker")] = None

    class CheckedDocument(Document):
        claims: list[CheckedClaim] = []  # type: ignore[assignment]  # noqa: RUF012

    data = _doc(people=[{"id": "p", "name": "P"}], organizations=[{"id": "desk", "name": "Desk"}],
                claims=[{"id": "c", "text": "t", "checked_by": "p"}, {"id": "d", "text": "t", "checked_by": "nobody"},
                        {"id": "e", "text": "t", "checked_by": "desk"}])
    assert _problems(data, CheckedDocument) == [("model.wrong-kind", "/claims/0/checked_by"),
                                                ("model.unknown-id", "/claims/1/checked_by")]
    claims = next(t for t in tables(CheckedDocument) if t.name == "claims")
    column = next(c for c in claims.columns if c.name == "checked_by")
    assert column.references == ("organizations",)
    assert {"fields": "checked_by", "reference": {"resource": "organizations", "fields": "id"}} in claims.foreign_keys()
    assert "checked_by" not in {c.name for t in tables() for c in t.columns}


@pytest.mark.parametrize(("rating", "ok"), [
    ({"label": "False"}, True),
    ({"label": "False", "value": 1, "best": 5, "worst": 1}, True),
    ({"label": "False", "value": 0, "best": 5, "worst": 1}, False),
    ({"label": "False", "value": 6, "best": 5}, False),
    ({"label": "False", "best": 1, "worst": 1}, False),
    ({"label": "False", "value": True}, False),
    ({"label": "False", "value": "3"}, False),
    ({"label": ""}, False),
    ({"label": "   "}, False),
    ({"value": 3}, False),
])
def test_rating_rules(rating: dict[str, object], ok: bool) -> None:
    data = _doc(
        organizations=[{"id": "desk", "name": "Desk"}],
        claims=[{"id": "c", "text": "t"}],
        reviews=[{"id": "r", "claim": "c", "reviewer": "desk", "rating": rating}],
    )
    if ok:
        Document.model_validate(data)
    else:
        with pytest.raises(ValidationError):
            Document.model_validate(data)


def test_text_keeps_its_spaces() -> None:
    claim = Claim(id="c", text="  spaced out  ")
    assert claim.text == "  spaced out  "


def test_appearance_needs_a_place() -> None:
    with pytest.raises(ValidationError, match="at least a url, an outlet or a description"):
        Claim.model_validate({"id": "c", "text": "t", "appearances": [{"date": "2022"}]})
