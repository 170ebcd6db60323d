"""--jobs: the records of a feed checked in several processes give what one process gives, byte
for byte, in input order, with the file's lines, columns and items."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimreview.api import check_input, convert_records
from claimreview.engines import processes
from claimreview.validation.diagnostics import Diagnostic
from claimreview.validation.record import Settings
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
CASES = sorted(p for p in FEEDS.iterdir() if p.suffix in (".json", ".jsonl") and not p.name.endswith(".expected.json"))
GOOD = orjson.loads((FEEDS / "valid.jsonl").read_bytes().splitlines()[0])


@pytest.fixture
def tiny_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a few lines, batches of a few items, and no file too small to spread."""
    monkeypatch.setattr(processes, "PIECE", 300)
    monkeypatch.setattr(processes, "BATCH", 2)
    monkeypatch.setattr(processes, "MIN_SPLIT", 0)


def _diagnostics(path: Path, jobs: int) -> list[dict[str, Any]]:
    return [d.as_dict() for d in check_input(path, None, Settings(), jobs=jobs)]


@pytest.mark.usefixtures("tiny_pieces")
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_two_jobs_find_what_one_finds_on_the_hostile_corpus(path: Path) -> None:
    assert _diagnostics(path, 2) == _diagnostics(path, 1)


def _converted(tmp_path: Path, path: Path, jobs: int) -> tuple[bytes, bytes, list[Diagnostic]]:
    found: list[Diagnostic] = []
    out, rejects = tmp_path / f"out-{jobs}.jsonl", tmp_path / f"rejects-{jobs}.jsonl"
    convert_records([path], "jsonl", str(out), keep_going=True, rejects=str(rejects), jobs=jobs, report=found.append)
    return out.read_bytes(), rejects.read_bytes(), found


@pytest.mark.usefixtures("tiny_pieces")
@pytest.mark.parametrize("path", [p for p in CASES if p.name.startswith(("valid", "datafeed", "broken", "nan"))],
                         ids=lambda p: p.name)
def test_two_jobs_convert_what_one_converts(tmp_path: Path, path: Path) -> None:
    assert _converted(tmp_path, path, 2) == _converted(tmp_path, path, 1)


def _record(draw: Any) -> Any:
    record = json.loads(json.dumps(GOOD))
    kind = draw(st.sampled_from(["good", "long-claim", "numeric-string", "off-scale", "broken", "blank", "nan"]))
    if kind == "long-claim":
        record["claimReviewed"] = "x " * 50
    elif kind == "numeric-string":
        record["reviewRating"]["ratingValue"] = "3"
    elif kind == "off-scale":
        record["reviewRating"]["ratingValue"] = 9
    text = json.dumps(record, indent=draw(st.sampled_from([None, 2])))
    if kind == "broken":
        text = text[: len(text) // 2]
    elif kind == "blank":
        text = "  "
    elif kind == "nan":
        text = text.replace('"ratingValue": ', '"ratingValue": NaN, "x": ', 1)
    return text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), st.sampled_from(["jsonl", "array"]))
def test_two_jobs_are_one_on_generated_feeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: st.DataObject,
                                              layout: str) -> None:
    monkeypatch.setattr(processes, "PIECE", data.draw(st.sampled_from([1, 200, 1000])))
    monkeypatch.setattr(processes, "BATCH", data.draw(st.sampled_from([1, 3])))
    monkeypatch.setattr(processes, "MIN_SPLIT", 0)
    texts = [data.draw(st.composite(lambda draw: _record(draw))()) for _ in range(data.draw(st.integers(1, 12)))]
    if layout == "jsonl":
        body = "\n".join(t.replace("\n", " ") for t in texts) + data.draw(st.sampled_from(["", "\n"]))
        path = tmp_path / "feed.jsonl"
    else:
        body = "[\n" + ",\n".join(t for t in texts if t.strip()) + "\n]\n"
        path = tmp_path / "feed.json"
    path.write_text(body)
    assert _diagnostics(path, 2) == _diagnostics(path, 1)


def test_the_command_prints_the_same_bytes_with_one_job_and_two(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = []
    for i in range(40_000):  # over MIN_SPLIT (8 MiB), so that two jobs really spread
        record = {**GOOD, "url": f"{GOOD['url']}-{i}"}
        if i % 7 == 0:
            record["claimReviewed"] = "a claim far longer than seventy-five characters, which Google's rules warn about"
        if i % 101 == 0:
            record["reviewRating"] = {**GOOD["reviewRating"], "ratingValue": 9}
        lines.append(orjson.dumps(record))
    lines.insert(5000, b"{broken")
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert path.stat().st_size > processes.MIN_SPLIT

    def run(jobs: int) -> bytes:
        done = subprocess.run([sys.executable, "-m", "claimreview", "validate", "-q", "--jobs", str(jobs), str(path)],
                              capture_output=True, check=False, timeout=600)  # a hung pool fails, not hangs
        assert done.returncode == 1, done.stderr
        return done.stdout

    one = run(1)
    assert one.count(b"\n") > 5000 and run(2) == one


class _Dying:
    """A check that kills its worker process, as the OOM killer or a stray kill would."""

    def check_record(self, record: Any) -> list[Diagnostic]:
        import os

        os._exit(9)


@pytest.mark.usefixtures("tiny_pieces")
@pytest.mark.parametrize("name", ["valid.jsonl", "datafeed.json"])
def test_a_worker_that_dies_ends_the_run_with_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(processes, "checker", lambda settings: _Dying())  # forked workers inherit it
    with pytest.raises(processes.WorkerLost, match="worker process died"):
        _diagnostics(FEEDS / name, 2)
