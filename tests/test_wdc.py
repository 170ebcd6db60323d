"""Web Data Commons N-Quads: each page's ClaimReviews rebuilt from its quads, copies merged, junk
lines located, against the reviews the generator wrote as the oracle."""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import wdc_synth
from claimreview.readers import wdc
from claimreview.readers.base import Record, Source
from claimreview.validation.diagnostics import Diagnostic

pytest.importorskip("pyoxigraph")


def _read(data: bytes, name: str = "part_0.nq") -> tuple[list[Record], list[Diagnostic]]:
    found = list(wdc.records(Source.from_bytes(data, name)))
    return [r for r in found if isinstance(r, Record)], [d for d in found if isinstance(d, Diagnostic)]


def _scalars(value: Any) -> Any:
    """What N-Quads keep of a JSON-LD value: text (numbers become their lexical form), lists of
    one become the one value, order within a property set aside; @context and relative ids
    (blank nodes once on a page) gone."""
    if isinstance(value, dict):
        return {k: _scalars(v) for k, v in value.items()
                if k != "@context" and not (k == "@id" and not str(v).startswith("http"))}
    if isinstance(value, list):
        items = [_scalars(v) for v in value]
        return items[0] if len(items) == 1 else sorted(items, key=repr)
    return str(value)


def _expected(pages: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    pool = wdc_synth.seeds()
    hosts = max(1, round(pages / wdc_synth.PAGES_PER_HOST))
    return [wdc_synth._review(pool[n % len(pool)], f"factcheck-{n % hosts}.example", n, rng) for n in range(pages)]


GENERATED = "".join(wdc_synth.generate(60)).encode()


def test_every_page_gives_back_the_review_it_carries() -> None:
    records, _ = _read(GENERATED)
    assert len(records) == 60
    for record, review in zip(records, _expected(60), strict=True):
        assert _scalars(record.data) == _scalars(review)
        assert record.page_url == review["url"]
    assert [r.item for r in records] == list(range(60))


def test_microdata_and_jsonld_copies_are_one_record() -> None:
    _, found = _read(GENERATED)
    assert sum(d.code == "wdc.duplicate-copy" for d in found) == 20  # every third page has a Microdata copy


def test_junk_lines_are_located_and_the_rest_is_read() -> None:
    lines = GENERATED.decode().splitlines()
    junk = [i + 1 for i, line in enumerate(lines) if line in wdc_synth.JUNK]
    assert len(junk) == 3
    records, found = _read(GENERATED)
    assert [d.line for d in found if d.code == "wdc.junk-line"] == junk
    assert len(records) == 60


@pytest.mark.parametrize("chunk", [1 << 10, 1 << 14])
def test_chunk_boundaries_change_nothing(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    whole = _read(GENERATED)
    monkeypatch.setattr(wdc, "CHUNK_BYTES", chunk)
    cut = _read(GENERATED)
    assert [r.data for r in cut[0]] == [r.data for r in whole[0]]
    assert [d.render() for d in cut[1]] == [d.render() for d in whole[1]]


def test_blank_and_comment_lines_keep_line_numbers() -> None:
    lines = GENERATED.decode().splitlines(keepends=True)
    spaced = "".join(["# a comment\n", "\n", *lines[:50], "\n", *lines[50:]]).encode()
    plain_records, plain_found = _read(GENERATED)
    records, found = _read(spaced)
    assert [r.data for r in records] == [r.data for r in plain_records]
    shifted = [d.line for d in found if d.code == "wdc.junk-line"]
    assert shifted == [line + 3 for line in (d.line or 0 for d in plain_found if d.code == "wdc.junk-line")]
    assert records[0].line == 3


def test_gzip_and_pipes_read_the_same() -> None:
    plain = _read(GENERATED)[0]
    zipped = _read(gzip.compress(GENERATED), "part_0.gz")[0]
    assert [r.data for r in zipped] == [r.data for r in plain]
    for data in (GENERATED[:60000], gzip.compress(GENERATED[:60000])):  # within a pipe's buffer
        read, write = os.pipe()
        with os.fdopen(write, "wb") as sink:
            sink.write(data)
        with os.fdopen(read, "rb") as pipe:
            piped = list(wdc._pages(wdc._text_stream(pipe), "<stdin>"))
        assert [r.data for r in piped if isinstance(r, Record)] == [r.data for r in _read(GENERATED[:60000])[0]]
    assert wdc.sniff(gzip.compress(b"x")) and wdc.sniff(GENERATED[:4096])
    assert not wdc.sniff(b'{"@context": "https://schema.org"}')


def test_both_schema_org_prefixes_and_a_review_reached_twice() -> None:
    page = "<https://factcheck.example/a>"
    data = "\n".join([
        f"_:r <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/ClaimReview> {page} .",
        f'_:r <http://schema.org/claimReviewed> "Claim one" {page} .',
        f"_:r <http://schema.org/itemReviewed> _:c {page} .",
        f"_:c <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Claim> {page} .",
        f"_:c <https://schema.org/appearance> _:c {page} .",  # a cycle: not followed
        f"_:m <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/MediaReview> {page} .",
        f'_:m <https://schema.org/name> "Media" {page} .',
        "",
    ]).encode()
    records, found = _read(data)
    assert [r.data for r in records] == [
        {"@type": "ClaimReview", "claimReviewed": "Claim one",
         "itemReviewed": {"@type": "Claim", "appearance": {}}},
        {"@type": "MediaReview", "name": "Media"},
    ]
    assert not found


def test_a_file_without_reviews_says_so() -> None:
    records, found = _read(b'_:a <http://schema.org/name> "x" <https://a.example/> .\n')
    assert not records
    assert [d.code for d in found] == ["wdc.no-reviews"]


def test_records_are_checked_against_their_page() -> None:
    from dataclasses import replace

    from claimreview.validation.record import Settings, check_record

    records, _ = _read(GENERATED)
    record = records[0]  # its page URL is the quads' graph: a review whose url is off that host is caught
    wrong = replace(record, data=dict(record.data, url="https://elsewhere.example/fact-check/0"))
    assert not [d for d in check_record(record, Settings()) if d.is_error and "url" in d.code]
    assert [d.code for d in check_record(wrong, Settings()) if d.is_error] == ["claimreview.url-off-page-domain"]


def test_generated_pages_are_shaped_like_the_real_subset() -> None:
    """About 78 quads a page, as WDC's October 2024 ClaimReview subset (3.9M quads, ~50k pages)."""
    lines = GENERATED.count(b"\n")
    assert 55 <= lines / 60 <= 100


_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_memory_stays_flat_as_the_crawl_grows(tmp_path: Path) -> None:
    """Peak memory of `claimreview validate` on a crawl and on one four times its size: one page
    at a time is held, so the larger may not cost more than a quarter more (plus noise)."""
    peaks = []
    for pages in (400, 1600):
        path = tmp_path / f"part-{pages}.nq.gz"
        path.write_bytes(gzip.compress("".join(wdc_synth.generate(pages)).encode(), compresslevel=1))
        exe = Path(sys.executable).parent / "claimreview"
        out = subprocess.run([sys.executable, "-c", _PEAK, str(exe), "validate", "-q", str(path)],
                             capture_output=True, text=True, check=True)
        peaks.append(int(out.stdout) / 1024)
    small, large = peaks
    assert large <= small * 1.25 + 20, f"peak {small:.0f} MB at 400 pages, {large:.0f} MB at 1,600"
