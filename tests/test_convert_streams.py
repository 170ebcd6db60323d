"""Feeds converted record by record: the same cells as the whole-document export, each entity
once, all or nothing unless --keep-going, and memory that does not grow with the feed.

Memory is compared between two sizes of the same feed (peak RSS of a subprocess); no timings."""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimreview.io import MANIFEST, WriteRefused
from claimreview.pipeline import convert_records, export, load
from claimreview.readers.jsonld import _Reader
from claimreview.readers.shape import _NotPlain, _plain_shape
from claimreview.validation.diagnostics import Diagnostic
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import realistic  # noqa: E402  (bench/ is not a package)


def _feed(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Distinct, consistent records shaped like real fact-checkers' markup (bench/realistic.py), whose
    claims differ in their first words (ids are made from those; when two records' ids collide, the
    whole-document export numbers them -2, -3 and the stream gives a digest of the content instead)."""
    nodes = [node for node, defect in realistic.reviews(n, seed, defect_rate=0.0) if defect is None]
    for i, node in enumerate(nodes):
        node["claimReviewed"] = f"No. {i} {node['claimReviewed']}"
    return nodes


# -- the fast shaping agrees with the reader --------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000), st.data())
def test_plain_shaping_is_what_the_reader_makes(seed: int, data: st.DataObject) -> None:
    node = realistic.review(seed, random.Random(seed))
    spot = data.draw(st.sampled_from(["none", "rating", "date", "lang", "author", "appearance", "type", "url"]))
    value = data.draw(st.sampled_from(["3", " 3", "3.5", 3.5, True, None, "", " x", "2024-05-01T10:00:00+0200",
                                       "2024-05-01 10:00", "EN", "en-gb", {"@type": "Person"}, [],
                                       "https://a.example/ ", "https://xn--a.example/", "HTTPS://EXAMPLE.ORG",
                                       "Person"]))
    target = {"rating": (node["reviewRating"], "ratingValue"), "date": (node, "datePublished"),
              "lang": (node, "inLanguage"), "author": (node["itemReviewed"], "author"),
              "appearance": (node["itemReviewed"], "appearance"), "type": (node["author"], "@type"),
              "url": (node, "url")}.get(spot)
    if target is not None:
        target[0][target[1]] = value
    try:
        plain = _plain_shape(node)
    except _NotPlain:
        return
    shaped, _ = _Reader(node, None).run()
    shaped.pop("claimreview")
    assert plain == shaped


def test_most_realistic_records_take_the_fast_shaping() -> None:
    plain = 0
    for node in _feed(500):
        try:
            _plain_shape(node)
            plain += 1
        except _NotPlain:
            pass
    assert plain > 400


# -- the stream writes what the whole document would ------------------------------------------------


@pytest.mark.parametrize("layout", ["sheet", "tables"])
def test_a_feed_streams_to_the_cells_of_the_whole_document_export(tmp_path: Path, layout: str) -> None:
    nodes = _feed(40)
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"".join(orjson.dumps(n) + b"\n" for n in nodes))
    out = tmp_path / ("out.csv" if layout == "sheet" else "out")
    found: list[Diagnostic] = []
    done = convert_records([path], "csv", str(out), report=found.append, layout=layout)
    assert not done.failed and done.written == len(nodes), [d.render() for d in found]
    whole = export(load(path).document, "csv", layout=layout).output  # type: ignore[arg-type]
    if layout == "sheet":
        assert out.read_bytes() == whole
    else:
        assert isinstance(whole, dict)
        files = {p.name: p.read_bytes() for p in out.iterdir()}
        assert sorted(json.loads(files.pop(MANIFEST))["files"]) == sorted(whole)  # claimreview's package
        assert files == whole
        # a package claimreview wrote is written again, a file of someone else's left alone; one of its
        # files changed since is never replaced: nothing is written
        (out / "notes.txt").write_text("mine")
        assert not convert_records([path], "csv", str(out), layout=layout).failed
        assert (out / "notes.txt").read_text() == "mine"
        edited = out / sorted(whole)[0]
        edited.write_text("edited by hand")
        with pytest.raises(WriteRefused, match="claimreview did not write it"):
            convert_records([path], "csv", str(out), layout=layout)
        assert edited.read_text() == "edited by hand"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl", "out"]  # no staging folder left


def test_each_entity_is_written_once(tmp_path: Path) -> None:
    nodes = _feed(30)
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"".join(orjson.dumps(n) + b"\n" for n in nodes + nodes[:10]))  # ten sent twice
    out = tmp_path / "tables"
    convert_records([path], "csv", str(out), layout="tables")
    reviews = (out / "reviews.csv").read_text().splitlines()
    organizations = (out / "organizations.csv").read_text().splitlines()
    assert len(reviews) == 31
    ids = [row.split(",")[0] for row in organizations[1:]]
    assert len(ids) == len(set(ids)) < 30


def test_a_datafeed_streams_back_in(tmp_path: Path) -> None:
    out = tmp_path / "feed.jsonld"
    done = convert_records([FEEDS / "valid.jsonl", FEEDS / "valid.json"], "jsonld", str(out))
    assert done.written == 5
    feed = json.loads(out.read_text())
    assert feed["@type"] == "DataFeed" and len(feed["dataFeedElement"]) == 5
    found = list(__import__("claimreview").validate(out))
    assert found == []


# -- all or nothing, or --keep-going -------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "claimreview", "convert", *args], capture_output=True, check=False)


def test_by_default_an_error_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    done = _cli(str(FEEDS / "broken-line.jsonl"), "-o", str(out))
    assert done.returncode == 1 and not out.exists()
    assert b"nothing was written" in done.stderr


def test_keep_going_writes_the_valid_records_and_rejects_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = _cli(str(FEEDS / "broken-line.jsonl"), "--keep-going", "-o", str(out))
    assert done.returncode == 1, done.stderr
    written = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    rejects = [orjson.loads(line) for line in (tmp_path / "out.jsonl.rejects.jsonl").read_bytes().splitlines()]
    assert len(written) == 1
    assert [(r["line"], [d["code"] for d in r["diagnostics"]], r["record"] is None) for r in rejects] == [
        (2, ["json.syntax"], True), (3, ["claimreview.rating-out-of-scale"], False)]


# -- flat memory ------------------------------------------------------------------------------------------

_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_kib(argv: list[str]) -> int:
    done = subprocess.run([sys.executable, "-c", _PEAK, *argv], capture_output=True, check=True, text=True)
    return int(done.stdout)


@pytest.mark.parametrize(("to", "extra", "name"), [("csv", ["--layout", "sheet"], "out.csv"),
                                                   ("csv", ["--layout", "tables"], "out"),
                                                   ("jsonld", [], "out.jsonld"), ("jsonl", [], "out.jsonl"),
                                                   ("nquads", [], "out.nq")])
def test_conversions_take_the_same_memory_at_n_and_4n_records(tmp_path: Path, to: str, extra: list[str],
                                                               name: str) -> None:
    peaks = []
    for n in (4_000, 16_000):
        path = tmp_path / f"feed-{n}.jsonl"
        realistic.write(path, n, "jsonl", defect_rate=0.0)
        peaks.append(_peak_kib([sys.executable, "-m", "claimreview", "convert", str(path), "--jobs", "1",
                                "--to", to, *extra, "-o", str(tmp_path / f"{n}-{name}")]))
    assert peaks[1] < peaks[0] * 1.1 + 12 * 1024, peaks  # KiB: four times the records, not four times the memory
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
