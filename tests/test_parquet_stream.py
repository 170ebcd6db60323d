"""A crawl converted to Parquet streams through the reviews table's record writer: the rows of
the JSON Lines writer's records, in order, nothing written when a record fails (unless
--keep-going), and peak memory that does not grow with the crawl (two sizes, a subprocess; no
timings)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from bench import wdc_synth
from claimreview.cli import cli


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crawl") / "part-0.nq.gz"
    path.write_bytes(gzip.compress("".join(wdc_synth.generate(120)).encode(), compresslevel=1))
    return path


def test_a_crawl_streams_to_the_rows_of_its_records(crawl: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "reviews.parquet"
    result = runner.invoke(cli, ["convert", str(crawl), "--keep-going", "-o", str(out)])
    assert result.exit_code == 1, result.output  # the crawl holds real markup that fails Google's rules
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr
    lines = runner.invoke(cli, ["convert", str(crawl), "--keep-going", "--to", "jsonl", "-o",
                               str(tmp_path / "r.jsonl")])
    assert lines.exit_code == 1
    nodes = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    table = pq.read_table(out).to_pylist()
    assert len(table) == len(nodes) > 50
    assert [row["url"] for row in table] == [node["url"] for node in nodes]
    assert all(row["page_url"] and row["source_file"] == str(crawl) for row in table)
    rejected = (tmp_path / "reviews.parquet.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rejected) + len(table) == 120  # one review a page: each written or rejected
    assert f"wrote {out}: {len(table)} records; {len(rejected)} rejected records" in result.stderr


def test_a_failed_stream_writes_nothing_and_says_so_plainly(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "reviews.parquet"
    result = CliRunner().invoke(cli, ["convert", str(crawl), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"claimreview: {crawl} is not valid; nothing was written"
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert list(tmp_path.iterdir()) == []


_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_memory_stays_flat_as_the_crawl_grows(tmp_path: Path) -> None:
    """Peak memory of `claimreview convert crawl --to parquet` on a crawl and on one four times its
    size: one page and one row group (at most ROW_GROUP_BYTES of Arrow data) are held."""
    peaks = []
    for pages in (1000, 4000):
        path = tmp_path / f"part-{pages}.nq.gz"
        path.write_bytes(gzip.compress("".join(wdc_synth.generate(pages)).encode(), compresslevel=1))
        exe = Path(sys.executable).parent / "claimreview"
        out = subprocess.run([sys.executable, "-c", _PEAK, str(exe), "convert", str(path), "--keep-going", "-o",
                              str(tmp_path / f"out-{pages}.parquet")], capture_output=True, text=True, check=True)
        assert (tmp_path / f"out-{pages}.parquet").stat().st_size > 0
        peaks.append(int(out.stdout) / 1024)
    small, large = peaks
    assert large <= small * 1.25 + 20, f"peak {small:.0f} MB at 1,000 pages, {large:.0f} MB at 4,000"
