"""Feed-scale validation: the hostile corpus, streaming in bounded pieces, and the record checks.

Speed and memory are measured by ``bench/feed.py``, never here."""

from __future__ import annotations

import gc
import io
import json
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import claimreview
from claimreview.api import check_input
from claimreview.engines import Stats
from claimreview.readers.base import Record
from claimreview.readers.feed import FeedRecords, expand, layout_of, plan
from claimreview.readers.jsonl import LineStream
from claimreview.readers.stream import ArrayStream, Prefixed, duplicate_suspect
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic
from claimreview.validation.record import MAX_PER_ITEM, RecordChecker, Settings
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
CASES = sorted(p for p in FEEDS.iterdir() if p.suffix in (".json", ".jsonl") and not p.name.endswith(".expected.json"))
KEYS = ("severity", "code", "pointer", "line", "column", "item")


def _found(diagnostics: Any) -> list[dict[str, Any]]:
    return [{k: v for k, v in d.as_dict().items() if k in KEYS} for d in diagnostics]


def check(src: Any, fmt: str | None = None, *, stats: Stats | None = None,
          checker: RecordChecker | None = None) -> list[Diagnostic]:
    """Diagnostics of one input; with ``checker``, a feed's records go through it instead of the default checks."""
    if checker is None:
        return list(check_input(src, fmt, Settings(), stats=stats))
    opened = plan(src, fmt)
    assert opened.layout is not None
    stream = FeedRecords(opened.name, Prefixed(opened.head, opened.fh), opened.layout)
    return [d for e in stream for d in (checker.check_record(e) if isinstance(e, Record) else [e])]


def _expected(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.with_name(path.name + ".expected.json").read_text())  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_corpus_gives_expected_diagnostics(path: Path) -> None:
    assert _found(claimreview.validate(path)) == _expected(path)


@pytest.mark.parametrize("kind", ["truncated", "invalid-utf8", "bom", "duplicate-key", "nan", "deep", "huge-string",
                                  "binary", "empty"])
@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_every_hostile_kind_has_a_located_fixture(kind: str, suffix: str) -> None:
    name = f"{kind}{suffix}" if (kind, suffix) != ("empty", ".json") else "empty-array.json"
    expected = _expected(FEEDS / name)
    assert expected, f"{name} must expect a diagnostic"
    located = [d for d in expected if "line" in d or d["pointer"]]
    assert located or (kind, suffix) in {("binary", ".json"), ("empty", ".json")}, expected


def test_a_broken_record_does_not_stop_the_stream() -> None:
    found = list(claimreview.validate(FEEDS / "broken-line.jsonl"))
    assert [(d.code, d.line) for d in found] == [("json.syntax", 2), ("claimreview.rating-out-of-scale", 3)]
    found = list(claimreview.validate(FEEDS / "broken-item.json"))
    assert [(d.code, d.item) for d in found] == [("json.syntax", 1), ("claimreview.rating-out-of-scale", 2)]


def test_truncated_array_keeps_what_came_before() -> None:
    stats = Stats()
    found = list(check(FEEDS / "truncated.json", stats=stats))
    assert [d.code for d in found] == ["json.syntax"]
    assert "cut short" in found[0].message
    assert stats.items == 3  # two whole items checked, the third reported


def test_diagnostics_of_arrays_point_into_the_file_and_of_lines_into_the_record() -> None:
    [d] = [d for d in claimreview.validate(FEEDS / "broken-item.json") if d.code.startswith("claimreview")]
    assert d.pointer == "/2/reviewRating/ratingValue" and d.item == 2
    lines = (FEEDS / "broken-item.json").read_text().splitlines()
    assert lines[d.line - 1][d.column - 1:].startswith('"ratingValue": 9')  # type: ignore[operator]
    [d] = [d for d in claimreview.validate(FEEDS / "broken-line.jsonl") if d.code.startswith("claimreview")]
    assert d.pointer == "/reviewRating/ratingValue" and d.item == 2 and d.line == 3
    line = (FEEDS / "broken-line.jsonl").read_text().splitlines()[2]
    assert line[d.column - 1:].startswith('"ratingValue":9')  # type: ignore[operator]


# -- streaming in bounded pieces ---------------------------------------------------------------


def _events(stream: Any) -> list[Any]:
    return [e.render() if isinstance(e, Diagnostic) else (e[0], e[1]) for e in stream]


ARRAYS = [p for p in CASES if p.suffix == ".json" and p.read_bytes().lstrip(b"\xef\xbb\xbf \n")[:1] in (b"[", b"{")]
LINES = [p for p in CASES if p.suffix == ".jsonl"]


@pytest.mark.parametrize(("chunk", "batch"), [(1, 0), (2, 0), (3, 0), (7, 0), (64, 0), (1, 1), (7, 40), (64, 1),
                                             (1 << 20, 1), (1 << 20, 300), (300, 300)])
@pytest.mark.parametrize("path", ARRAYS, ids=lambda p: p.name)
def test_array_stream_is_the_same_whatever_the_chunk_and_batch(path: Path, chunk: int, batch: int) -> None:
    data = path.read_bytes()
    whole = _events(ArrayStream(io.BytesIO(data), "f", chunk=1 << 20, batch=0))
    assert _events(ArrayStream(io.BytesIO(data), "f", chunk=chunk, batch=batch)) == whole


@pytest.mark.parametrize("odd_layout", [False, True])
@pytest.mark.parametrize("batch", [1, 500, 5000])
def test_batched_records_are_located_like_scanned_ones(tmp_path: Path, batch: int, odd_layout: bool) -> None:
    path = tmp_path / "feed.json"
    good = orjson.loads((FEEDS / "valid.jsonl").read_bytes().splitlines()[0])
    bad = {**good, "reviewRating": {**good["reviewRating"], "ratingValue": 9}}
    text = json.dumps([good, bad, good, good, bad, good] * 20, indent=2)
    if odd_layout:  # a few items do not start on a line of their own: the layout's marker miscounts
        text = text.replace("},\n  {", "}, {", 7)
    path.write_text(text)

    def located(batch: int) -> list[tuple[str, str, int | None, int | None]]:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("claimreview.readers.stream.BATCH", batch)
            return [(d.code, d.pointer, d.line, d.column) for d in claimreview.validate(path)]

    scanned = located(0)
    assert len(scanned) == 40 and located(batch) == scanned
    lines = path.read_text().splitlines()
    for _, _, line, column in scanned:
        assert lines[line - 1][column - 1:].startswith('"ratingValue": 9')  # type: ignore[index,operator]


@pytest.mark.parametrize("chunk", [1, 2, 5, 64])
@pytest.mark.parametrize("path", LINES, ids=lambda p: p.name)
def test_line_stream_is_the_same_whatever_the_chunk_size(path: Path, chunk: int) -> None:
    data = path.read_bytes()
    whole = _events(LineStream(io.BytesIO(data), "f", chunk=1 << 20))
    assert _events(LineStream(io.BytesIO(data), "f", chunk=chunk)) == whole


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(json_values, max_size=6), st.integers(1, 40), st.sampled_from([None, 2]), st.sampled_from([0, 1, 30]))
def test_array_stream_reads_what_json_reads(items: list[Any], chunk: int, indent: int | None, batch: int) -> None:
    data = json.dumps(items, indent=indent, ensure_ascii=False).encode()
    events = list(ArrayStream(io.BytesIO(data), "f", chunk=chunk, batch=batch))
    assert not [e for e in events if isinstance(e, Diagnostic)]
    assert [e[1] for e in events] == json.loads(data)  # type: ignore[index]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.integers(1, 16))
def test_streams_never_raise_on_arbitrary_bytes(data: bytes, chunk: int) -> None:
    streams = (ArrayStream(io.BytesIO(b"[" + data), "f", chunk=chunk), LineStream(io.BytesIO(data), "f", chunk=chunk))
    for stream in streams:
        for event in stream:
            assert isinstance(event, (Diagnostic, tuple))


def test_an_over_long_line_is_skipped_and_the_next_one_read() -> None:
    good = (FEEDS / "valid.jsonl").read_bytes().splitlines()[0]
    data = good + b"\n" + b'{"claimReviewed": "' + b"x" * 5000 + b'"}\n' + good + b"\n"
    events = list(LineStream(io.BytesIO(data), "f", chunk=256, max_record=1000))
    assert [e.code if isinstance(e, Diagnostic) else e[0] for e in events] == [0, "input.record-too-large", 2]
    assert events[1].line == 2  # type: ignore[union-attr]


def test_an_over_large_array_item_is_skipped_and_the_next_one_read() -> None:
    data = b'[{"a": 1}, {"claimReviewed": "' + b"x" * 5000 + b'"}, {"b": 2}]'
    events = list(ArrayStream(io.BytesIO(data), "f", chunk=256, max_record=1000))
    assert [e.code if isinstance(e, Diagnostic) else e[1] for e in events] == [
        {"a": 1}, "input.record-too-large", {"b": 2}]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=6), json_values, min_size=1, max_size=6), st.data())
def test_a_dropped_duplicate_key_is_always_suspected(obj: dict[str, Any], data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(obj)))
    text = json.dumps(obj, ensure_ascii=data.draw(st.booleans()))
    doubled = text[:-1] + ", " + json.dumps(key) + ": " + json.dumps(obj[key]) + "}"
    parsed = orjson.loads(doubled)
    assert duplicate_suspect(doubled, parsed)
    assert duplicate_suspect(doubled.encode(), parsed)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=6))
def test_plain_json_is_not_suspected(obj: dict[str, Any]) -> None:
    text = json.dumps(obj, ensure_ascii=False)
    assume("\\u003a" not in text.lower())  # an escaped colon sends the record to the strict parser
    assert not duplicate_suspect(text.encode(), orjson.loads(text))


def test_escaped_colons_in_duplicate_keys_are_still_found() -> None:
    text = '[{"a\\u003a": 1, "a\\u003a": 2}]'
    codes = [e.code for e in ArrayStream(io.BytesIO(text.encode()), "f") if isinstance(e, Diagnostic)]
    assert codes == ["json.duplicate-key"]


# -- the checks, the inputs ------------------------------------------------------------------------


class _Tiny:
    """A stand-in compiled schema: records need a "name"."""

    def is_valid(self, record: Any) -> bool:
        return isinstance(record, dict) and "name" in record

    def iter_errors(self, record: Any) -> Any:
        class E:
            message, instance_path, schema_path = "'name' is a required property", [], ["required"]

        return iter([E()])


LOUD = Code("test.loud", ERROR, "A name in capitals (a rule of these tests only).")
MANY = Code("test.many", ERROR, "One of countless problems (a rule of these tests only).")


def _loud_rules(node: Any, pointer: str, rules: str, page_url: str | None) -> list[Diagnostic]:
    return [LOUD.at("no shouting", f"{pointer}/name")] if isinstance(node, dict) and \
        str(node.get("name", "")).isupper() else []


def test_record_checker_takes_any_compiled_schema_and_node_check() -> None:
    checker = RecordChecker(schema=_Tiny(), node_check=_loud_rules)
    assert checker.check({"name": "quiet"}) == []
    assert [(d.code, d.pointer) for d in checker.check({"name": "LOUD"})] == [("test.loud", "/name")]
    assert [(d.code, d.pointer) for d in checker.check({})] == [("schema.required", "")]
    wrapped = {"@type": "DataFeedItem", "item": {"name": "LOUD"}}
    assert [(d.code, d.pointer) for d in checker.check(wrapped)] == [("test.loud", "/item/name")]
    data = b'{"@type": "DataFeed", "dataFeedElement": [{"name": "ok"}, {"name": "LOUD"}]}'
    found = list(check(claimreview.Source.from_bytes(data, "feed.json"), checker=checker))
    assert [(d.code, d.pointer, d.item, d.line, d.column) for d in found] == [
        ("test.loud", "/dataFeedElement/1/name", 1, 1, data.index(b'"name": "LOUD"') + 1)]


def test_a_record_with_countless_problems_is_capped() -> None:
    def many(node: Any, pointer: str, rules: str, page_url: str | None) -> list[Diagnostic]:
        return [MANY.at(str(i)) for i in range(MAX_PER_ITEM * 3)]

    data = b'{"name": 1}\n{"name": 2}\n'
    found = list(check(claimreview.Source.from_bytes(data, "f.jsonl"), "jsonl",
                       checker=RecordChecker(schema=_Tiny(), node_check=many)))
    assert len(found) == 2 * (MAX_PER_ITEM + 1)
    assert found[MAX_PER_ITEM].code == "feed.too-many-problems" and found[MAX_PER_ITEM].item == 0


def test_unknown_rules_and_bad_page_urls_raise_before_reading() -> None:
    with pytest.raises(ValueError, match="google-2025"):
        claimreview.validate(FEEDS / "valid.jsonl", rules="google-1999")
    with pytest.raises(ValueError, match="http"):
        claimreview.validate(FEEDS / "valid.jsonl", page_url="javascript:alert(1)")


def test_page_url_applies_to_every_record() -> None:
    found = list(claimreview.validate(FEEDS / "valid.jsonl", page_url="https://other.example.net/page"))
    assert [(d.code, d.line) for d in found] == [("claimreview.url-off-page-domain", n) for n in (1, 2, 3)]


@pytest.mark.parametrize(("head", "suffix", "fmt", "layout"), [
    (b'{"a": 1}\n{"b": 2}\n', ".json", None, "jsonl"),
    (b'{"a": 1}\n', ".jsonl", None, "jsonl"),
    (b"anything", ".txt", "jsonl", "jsonl"),
    (b'\xef\xbb\xbf  [{"@type": "ClaimReview"}]', ".json", None, "array"),
    (b'{"@type": "DataFeed", "dataFeedElement": []}', ".jsonld", None, "array"),
    (b'{\n  "@context": "https://schema.org",\n  "@type": "ClaimReview"\n}\n', ".json", None, None),
    (b'[{"@type": "ClaimReview"}]', ".json", "json", None),
    (b'[{"@type": "ClaimReview"}]', ".html", None, None),
])
def test_layout_is_told_by_suffix_format_and_content(head: bytes, suffix: str, fmt: str | None,
                                                      layout: str | None) -> None:
    assert layout_of(head, suffix, fmt) == layout


def test_expand_searches_folders_and_globs(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_text("[]")
    (tmp_path / "sub" / "notes.txt").write_text("not a claim file")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.json").write_text("[]")
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "datapackage.json").write_text("{}")
    (tmp_path / "tables" / "reviews.csv").write_text("id\n")
    inputs, missing = expand([str(tmp_path), str(tmp_path / "sub" / "*.json"), str(tmp_path / "nope.json")])
    assert inputs == [str(tmp_path / "a.jsonl"), str(tmp_path / "sub" / "b.json"), str(tmp_path / "tables")]
    assert [(d.code, d.file) for d in missing] == [("input.unreadable", str(tmp_path / "nope.json"))]


def test_validate_streams_from_a_pipe_without_reading_it_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    good = (FEEDS / "valid.jsonl").read_bytes().splitlines()[0]
    first = b'{"@type": "ClaimReview"}\n' + (good + b"\n") * 2000  # a bad record, then enough to fill a chunk

    class Pipe:
        def __init__(self) -> None:
            self.parts = [first]

        def read(self, n: int = -1) -> bytes:
            assert self.parts, "read past the first chunk before the first problem was handed over"
            return self.parts.pop(0)

    class Stdin:
        buffer = Pipe()

    monkeypatch.setattr(sys, "stdin", Stdin())
    found = claimreview.validate("-")
    assert next(found).code == "claimreview.missing-claim-reviewed"  # the rule's finding; the schema's is the same


def test_gc_is_restored_after_a_stream_even_when_abandoned() -> None:
    assert gc.isenabled()
    found = claimreview.validate(FEEDS / "broken-line.jsonl")
    next(found)
    assert gc.isenabled()  # re-enabled while the consumer holds a diagnostic
    found.close()
    assert gc.isenabled()
    list(claimreview.validate(FEEDS / "valid.jsonl"))
    assert gc.isenabled()


def test_documents_go_through_their_reader() -> None:
    stats = Stats()
    found = list(check(FIXTURES / "jsonld" / "google-factcheck-example.jsonld", stats=stats))
    assert [d for d in found if d.is_error] == []
    assert stats.items == 1 and stats.files == 1


# -- the rule set's fast path ----------------------------------------------------------------------

_BASE = orjson.loads((FEEDS / "valid.jsonl").read_bytes().splitlines()[0])
_SPACE = st.sampled_from(["", " ", "\t", "\n", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u3000", "\u200b", "\ufeff",
                         "\u2800", "\u00ad", "\u3164", "\u2060"])
_WORDS = st.sampled_from(["False", "false", "FALSE", "fAlSe", "True", "The world is flat", "flat", "fals", "world is",
                          "ﬂat", "x" * 74, "x" * 75, "x" * 76, "x" * 75 + " ", "Земля плоская", "1", "½", "İ"])
_TEXT = st.one_of(_WORDS, st.builds(lambda a, w, b: a + w + b, _SPACE, _WORDS, _SPACE), _SPACE, st.text(max_size=80))
_NUMBER = st.one_of(st.none(), st.integers(-2, 12), st.sampled_from([10**15 - 1, 10**15, 10**16, True, False, 0.5,
                                                                       5.0, float("nan"), "1", " 5 ", "x", [], {},
                                                                       [1, 5], [2, 2], [1, "1"]]),
                    st.sampled_from(["5", "05", "0", "10", "+3", "-1", "3.0", "1e1", "999999999999999", "٣"]))
_VALUE = st.one_of(st.none(), _TEXT, _NUMBER, st.just([]), st.just({}), st.lists(_TEXT, max_size=2),
                   st.just({"@id": "#x"}), st.just({"@value": "False"}), st.just({"name": "x"}),
                   st.just([{"@type": "Rating", "alternateName": "False"},
                            {"@type": "Rating", "alternateName": "True"}]),
                   st.just({"url": "javascript:alert(1)"}), st.just({"name": "\u200b", "url": "https://example.com/"}))
_URL = st.one_of(_VALUE, st.sampled_from([
    "https://example.com/a", "http://example.com", "https://example.com:8080/x?y#z", "ftp://example.com/",
    "https://exa mple.com/", "https://[::1]/", "HTTPS://EXAMPLE.COM/", "https://example.com/\n", "https://", "//x.org/",
    "https://example.com/é", "https://user@example.com/", "https://example.com:/", "https://-/",
    # hostile by WHATWG rules: a backslash, ports at and over 65535, numeric and punycode hosts, credentials
    "https://evil.example\\@example.com/", "https://example.com:65535/", "https://example.com:65536/",
    "https://example.com:99999/", "https://1.2.3.256/", "https://1.2.3.4/", "https://0x7f.1/", "https://example.123/",
    "https://xn--a.example/", "https://xn--bcher-kva.example/", "https://Bücher.example/", "https://a..b/",
    "https://:pw@example.com/", "https://example.com\\x", "http:/example.com/", "https://example.com./"]))
_SCALE = st.tuples(st.integers(-1, 7), st.integers(-1, 7), st.integers(-1, 7)) | st.sampled_from([
    (1, 5, 10**15), (1, 5, 10**400), (1, 10**15 - 1, 10**15 - 1), (1, 1, 1), (0, 0, 5), (1, 6, 5), (2, 1, 5)])
_MISSING = object()
_SPOTS = {
    ("claimReviewed",): _TEXT, ("url",): _URL, ("author",): _VALUE, ("author", "name"): _VALUE,
    ("author", "url"): _URL, ("reviewRating",): _VALUE, ("reviewRating", "alternateName"): _VALUE,
    ("reviewRating", "name"): _VALUE, ("reviewRating", "ratingValue"): _NUMBER,
    ("reviewRating", "bestRating"): _NUMBER, ("reviewRating", "worstRating"): _NUMBER,
    ("itemReviewed",): _VALUE, ("itemReviewed", "@type"): st.one_of(_VALUE, st.just(["Claim"])),
    ("itemReviewed", "author"): _VALUE, ("itemReviewed", "datePublished"): _VALUE,
    ("itemReviewed", "appearance"): _VALUE, ("itemReviewed", "firstAppearance"): _VALUE,
}


def _mutated(data: st.DataObject) -> dict[str, Any]:
    """The clean base record with one or two spots changed to values near the rules' edges."""
    r = json.loads(json.dumps(_BASE))
    if data.draw(st.booleans()):
        worst, value, best = data.draw(_SCALE)
        r["reviewRating"].update(worstRating=worst, ratingValue=value, bestRating=best)
    for path in data.draw(st.lists(st.sampled_from(sorted(_SPOTS)), min_size=1, max_size=2, unique=True)):
        value = data.draw(st.one_of(st.just(_MISSING), _SPOTS[path]))
        target = r
        for key in path[:-1]:
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(target, dict):
            if value is _MISSING:
                target.pop(path[-1], None)
            else:
                target[path[-1]] = value
    return r


@settings(max_examples=3000, deadline=None)
@given(st.data())
def test_what_the_screen_lets_through_the_rules_find_clean(data: st.DataObject) -> None:
    from claimreview.validation.claimreview import check_node
    from claimreview.validation.record import SCREENS

    record = _mutated(data)
    for rules, screen in SCREENS.items():
        screened = screen(record)
        if screened is not None:
            assert _said(screened) == _said(check_node(record, "", rules)), record


def _said(found: list[Diagnostic]) -> list[tuple[str, str, str, str]]:
    return [(d.code, d.message, d.pointer, d.severity.value) for d in found]


def test_the_screen_answers_for_plain_records() -> None:
    from claimreview.validation.record import SCREENS

    screen = SCREENS["google-2025"]
    assert screen(_BASE) == []
    long_claim = {**_BASE, "claimReviewed": "x " * 60, "reviewRating": {**_BASE["reviewRating"], "ratingValue": "1"}}
    assert [d.code for d in screen(long_claim) or []] == ["claimreview.claim-reviewed-too-long"]
    assert screen({**_BASE, "claimReviewed": "The world is flat: False"}) is None
    assert screen({**_BASE, "author": {"name": " \x1c"}}) is None
    assert screen({**_BASE, "reviewRating": {**_BASE["reviewRating"], "bestRating": 10**400}}) is None
    assert screen({**_BASE, "reviewRating": {**_BASE["reviewRating"], "bestRating": " 5"}}) is None


@pytest.mark.parametrize("batch", [0, 1, 5000])
def test_a_huge_string_is_found_in_a_batch_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, batch: int) -> None:
    monkeypatch.setattr("claimreview.readers.stream.BATCH", batch)
    good = orjson.loads((FEEDS / "valid.jsonl").read_bytes().splitlines()[0])
    huge = {**good, "description": "x" * 100_001}
    path = tmp_path / "feed.json"
    text = json.dumps([good] * 5 + [huge] + [good] * 5, indent=2)
    path.write_text(text)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"description"' in t)
    found = list(claimreview.validate(path))
    assert [(d.code, d.pointer, d.line, d.column) for d in found] == [("input.huge-string", "/5/description", line, 5)]


def _to_jsonl(tmp_path: Path, *inputs: Path, keep_going: bool = False) -> tuple[list[Any], list[Diagnostic]]:
    from claimreview.api import convert_records

    found: list[Diagnostic] = []
    out = tmp_path / "out.jsonl"
    convert_records(inputs, "jsonl", str(out), report=found.append, keep_going=keep_going,
                    rejects=str(tmp_path / "rejects.jsonl"))
    return ([orjson.loads(x) for x in out.read_bytes().splitlines()] if out.exists() else []), found


def test_feeds_convert_to_jsonl_record_by_record(tmp_path: Path) -> None:
    lines, found = _to_jsonl(tmp_path, FEEDS / "datafeed.json", keep_going=True)
    assert [d.code for d in found] == ["feed.empty-item", "claimreview.missing-rating"]  # one fault, one finding
    assert [x["@type"] for x in lines] == ["ClaimReview"]  # the DataFeedItem taken off; the invalid one rejected
    assert all(x["@context"] == "https://schema.org" for x in lines)
    rejected = [orjson.loads(x) for x in (tmp_path / "rejects.jsonl").read_bytes().splitlines()]
    assert [[d["code"] for d in r["diagnostics"]] for r in rejected] == [
        ["feed.empty-item"], ["claimreview.missing-rating"]]
    assert all(r["file"] == str(FEEDS / "datafeed.json") and r["record"] for r in rejected)
    again, found = _to_jsonl(tmp_path, FEEDS / "valid.json")
    assert again == [_BASE, _BASE] and found == []


def test_without_keep_going_an_error_writes_nothing(tmp_path: Path) -> None:
    lines, found = _to_jsonl(tmp_path, FEEDS / "datafeed.json")
    assert lines == [] and not (tmp_path / "out.jsonl").exists() and not (tmp_path / "rejects.jsonl").exists()
    assert [d.code for d in found] == ["feed.empty-item", "claimreview.missing-rating"]


def test_documents_convert_to_records_through_the_exporter(tmp_path: Path) -> None:
    [line], found = _to_jsonl(tmp_path, FIXTURES / "jsonld" / "google-factcheck-example.jsonld")
    assert line["@type"] == "ClaimReview" and line["claimReviewed"] == "The world is flat"
    assert not [d for d in found if d.is_error]


def test_every_code_in_the_corpus_is_described() -> None:
    from claimreview.validation.catalogue import catalogue
    known = catalogue()
    reported = {d["code"] for p in CASES for d in _expected(p)}
    assert reported - set(known) == set()


# -- the jsonl reader and exporter (a Document both ways) -------------------------------------------


def test_jsonl_export_is_one_self_contained_claimreview_per_line(seed_document: Any) -> None:
    out = claimreview.export(seed_document, "jsonl")
    assert isinstance(out.output, bytes) and not [d for d in out.diagnostics if d.is_error]
    lines = out.output.decode().splitlines()
    assert len(lines) == len(seed_document.reviews)
    markup = claimreview.export(seed_document, "jsonld", profile="claimreview").output
    assert isinstance(markup, bytes)
    expected = json.loads(markup)
    assert [json.loads(line) for line in lines] == (expected if isinstance(expected, list) else [expected])


def test_jsonl_reads_back_what_it_wrote(seed_document: Any) -> None:
    out = claimreview.export(seed_document, "jsonl").output
    assert isinstance(out, bytes)
    loaded = claimreview.load(claimreview.Source.from_bytes(out, "seed.jsonl"), "jsonl")
    assert loaded.document is not None, [d.render() for d in loaded.diagnostics]
    assert [(r.rating.label, r.url) for r in loaded.document.reviews] == [
        (r.rating.label, r.url) for r in seed_document.reviews]
    found = claimreview.validate(claimreview.Source.from_bytes(out, "seed.jsonl"), "jsonl")
    assert not [d for d in found if d.is_error]


def test_jsonl_reader_reports_each_broken_line_where_it_is() -> None:
    loaded = claimreview.load(FEEDS / "broken-line.jsonl")
    assert loaded.document is None
    syntax = [d for d in loaded.diagnostics if d.code == "json.syntax"]
    assert [(d.pointer, d.line, d.column) for d in syntax] == [("/1", 2, 43)]
    scale = [d for d in loaded.diagnostics if d.code == "claimreview.rating-out-of-scale"]
    assert [(d.pointer, d.line) for d in scale] == [("/2/reviewRating/ratingValue", 3)]


RULE_CASES = sorted(p for p in (FIXTURES / "claimreview").glob("*.json") if not p.name.endswith(".expected.json")
                    and json.loads(p.read_text()).get("@type") == "ClaimReview")


@pytest.mark.parametrize("path", RULE_CASES, ids=lambda p: p.name)
def test_a_feed_record_gets_the_rule_diagnostics_it_gets_alone(path: Path) -> None:
    alone = sorted((d.code, d.pointer) for d in claimreview.validate(path) if d.code.startswith("claimreview."))
    node = json.loads(path.read_text())
    line = claimreview.Source.from_bytes(orjson.dumps(node) + b"\n", "feed.jsonl")
    in_lines = sorted((d.code, d.pointer) for d in claimreview.validate(line) if d.code.startswith("claimreview."))
    array = claimreview.Source.from_bytes(json.dumps([node, node], indent=2).encode(), "feed.json")
    in_array = sorted((d.code, d.pointer) for d in claimreview.validate(array) if d.code.startswith("claimreview.")
                      and d.item == 1)
    assert in_lines == alone
    assert in_array == sorted((code, "/1" + ptr) for code, ptr in alone)


@settings(max_examples=300, deadline=None)
@given(json_values, st.lists(st.one_of(st.text(max_size=3), st.integers(0, 4).map(str)), max_size=4),
       st.sampled_from([None, 1, 2]), st.data())
def test_find_offset_answers_what_the_walker_answers(value: Any, tokens: list[str], indent: int | None,
                                                      data: st.DataObject) -> None:
    from claimreview.readers.strictjson import JsonLocator, find_offset
    from claimreview.validation.diagnostics import escape_token, pointer

    text = json.dumps(value, indent=indent, ensure_ascii=data.draw(st.booleans()))
    offsets: dict[str, int] = {}  # the oracle: the walker that finds duplicate keys, over every value
    for kind, p, at in JsonLocator(text)._events():
        if kind in ("value", "key"):
            offsets.setdefault(p, at)

    def walked(ptr_tokens: list[str]) -> int:
        tokens = list(ptr_tokens)
        while "".join("/" + escape_token(t) for t in tokens) not in offsets:
            tokens.pop()
        return offsets["".join("/" + escape_token(t) for t in tokens)]

    paths = [tokens]
    node = value  # also a path that exists
    path: list[str] = []
    while isinstance(node, (dict, list)) and node:
        key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(str(key))
        node = node[key]
    paths.append(path)
    for tokens in paths:
        ptr = pointer(tokens)
        assert find_offset(text, ptr) == walked(tokens)


# -- found in review: inputs that used to raise, or be read wrongly ------------------------------------------------


def _codes(src: Any, fmt: str | None = None) -> list[str]:
    from claimreview import validate

    return [d.code for d in validate(src, fmt)]


def test_a_deep_invalid_record_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"  # 300 levels: more than jsonschema-rs walks, fewer than orjson refuses
    path.write_text('{"@type": "ClaimReview", "claimReviewed": "x", "reviewBody": ' + "[" * 300 + "]" * 300 + "}\n")
    assert "json.too-deep" in _codes(path)


def test_nested_data_feed_items_do_not_recurse(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    nest = 800
    path.write_text("[" + '{"@type": "DataFeedItem", "item": ' * nest + '{"@type": "ClaimReview"}' + "}" * nest + "]")
    assert "feed.not-a-claim-review" in _codes(path)


def test_big_integers_convert_to_jsonl() -> None:
    from claimreview.exporters.jsonl import line

    assert json.loads(line({"@type": "ClaimReview", "reviewRating": {"ratingValue": 2**70}}))["reviewRating"] == {
        "ratingValue": 2**70}


def test_named_bytes_stream_by_their_extension() -> None:
    from claimreview.readers.base import Source

    data = b'{"@type": "ClaimReview"}\nnot json\n'
    assert "json.syntax" in _codes(Source.from_bytes(data, "upload.jsonl"))


def test_a_pipe_is_read_once(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    seed = Path(__file__).parent.parent / "examples" / "north-korea-troops.yaml"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    copy = f"open({str(fifo)!r}, 'wb').write(open({str(seed)!r}, 'rb').read())"
    writer = subprocess.Popen([sys.executable, "-c", copy])
    try:
        assert _codes(fifo, "yaml") == []
    finally:
        writer.wait(timeout=30)


@pytest.mark.parametrize("text", [
    '{"@context": "https://schema.org", "@graph": [{"@type": "DataFeed", "dataFeedElement": '
    '[{"@type": "ClaimReview", "url": "nope"}]}]}',
    '{"@context": "https://schema.org", "@type": "DataFeed", '
    '"dataFeedElement": {"@type": "ClaimReview", "url": "nope"}}',
])
def test_a_data_feed_that_does_not_stream_is_still_checked(tmp_path: Path, text: str) -> None:
    path = tmp_path / "feed.json"
    path.write_text(text)
    assert "claimreview.invalid-url" in _codes(path)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), json_values, min_size=1, max_size=6), st.data())
def test_top_level_offsets_of_canonical_lines_are_the_scanners(obj: dict[str, Any], data: st.DataObject) -> None:
    from claimreview.readers.strictjson import find_offset
    from claimreview.validation.diagnostics import escape_token
    from claimreview.validation.record import _canonical, _top_level_offset

    raw = orjson.dumps(obj)
    assert _canonical(raw, obj)
    key = data.draw(st.sampled_from(sorted(obj)))
    ptr = "/" + escape_token(key)
    fast = _top_level_offset(raw, obj, ptr)
    assert fast is None or fast == find_offset(raw.decode(), ptr)
    assert not _canonical(json.dumps(obj).encode(), obj) or json.dumps(obj).encode() == raw
