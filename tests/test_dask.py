"""The Dask engine on a two-worker LocalCluster gives the single process's findings and reviews,
row for row; Parquet from the CLI and from Dask have the same columns."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from bench import wdc_synth
from claimreview.engines import dask as crd
from claimreview.exporters import parquet
from claimreview.reporters import parquet as findings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    for name in ("north-korea-troops.yaml", "north-korea-troops.jsonl", "north-korea-troops.claimreview.jsonld"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    for fixture in sorted((ROOT / "tests/fixtures/feeds").glob("*.jsonl"))[:6]:
        shutil.copy(fixture, folder / fixture.name)
    (folder / "crawl.nq.gz").write_bytes(gzip.compress("".join(wdc_synth.generate(40)).encode()))
    return sorted(str(p) for p in folder.iterdir())


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        yield client


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(str).sort_values(list(frame.columns)).reset_index(drop=True)


def test_findings_on_the_cluster_are_the_single_process_findings(inputs: list[str], client: object) -> None:
    lazy = crd.validate(inputs)
    assert lazy.npartitions == len(inputs)
    on_cluster = lazy.compute()
    one_process = pd.concat([crd.findings_of(path) for path in inputs], ignore_index=True)
    assert len(one_process) > 50
    assert set(one_process["file"]) >= {p for p in inputs if "crawl" in p}
    pd.testing.assert_frame_equal(_sorted(on_cluster), _sorted(one_process))
    assert list(on_cluster.columns) == [name for name, _ in findings.COLUMNS]


def test_reviews_on_the_cluster_are_the_single_process_reviews(inputs: list[str], client: object,
                                                               tmp_path: Path) -> None:
    on_cluster = crd.reviews(inputs).compute()
    one_process = pd.concat([crd.reviews_of(path) for path in inputs], ignore_index=True)
    pd.testing.assert_frame_equal(_sorted(on_cluster), _sorted(one_process))
    assert (on_cluster["page_url"].dropna().str.startswith("https://factcheck-")).sum() == 40  # the crawl's pages
    crd.to_parquet(inputs, str(tmp_path / "reviews"))
    written = pq.read_table(tmp_path / "reviews").to_pandas()
    assert len(written) == len(one_process)
    assert list(written.columns) == [name for name, _, _ in parquet.COLUMNS]


def test_the_reviews_table_reads_numbers_from_real_markup() -> None:
    row = parquet.row({"@type": "ClaimReview", "url": "https://a.example/1", "claimReviewed": "x",
                       "author": [{"@type": "Organization", "name": "Desk"}],
                       "reviewRating": {"@type": "Rating", "ratingValue": " 2 ", "bestRating": "5",
                                        "worstRating": "1", "alternateName": "Mostly false"},
                       "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "P"},
                                        "appearance": [{"url": "https://b.example/"}, "https://c.example/"],
                                        "firstAppearance": {"@type": "CreativeWork", "url": "https://b.example/"}}})
    assert row["rating_value"] == 2.0 and row["rating_normalised"] == 0.25
    assert row["rating_label"] == "Mostly false" and row["author_name"] == "Desk" and row["claim_author"] == "P"
    assert row["appearance_urls"] == ["https://b.example/", "https://c.example/"]
    odd = parquet.row({"reviewRating": {"ratingValue": "NaN", "bestRating": "1", "worstRating": "5"}})
    assert odd["rating_value"] is None and odd["rating_normalised"] is None
    words = parquet.row({"reviewRating": {"alternateName": "Unproven"}})
    assert (words["rating_best"], words["rating_worst"]) == (None, None)  # no numbers: no scale invented
    inverted = parquet.row({"reviewRating": {"ratingValue": 3, "bestRating": 1, "worstRating": 5}})
    assert inverted["rating_normalised"] is None  # an inverted scale has no place on the 0..1 axis
