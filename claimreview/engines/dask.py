"""The same checks on Dask, for what outgrows one machine.

```python
from dask.distributed import Client
import claimreview.engines.dask as crd

client = Client("scheduler:8786")                  # or LocalCluster() on one machine
findings = crd.validate(["s3://bucket/feeds/*.jsonl", "crawl/part_*.gz"])
findings.groupby("code").size().compute()          # a dask.dataframe, one row per finding
crd.to_parquet(["feeds/*.jsonl"], "reviews/")      # the reviews table, one file per partition
```

Each input file is one partition, checked on a worker by the very functions the command line
uses (the feed check and the record readers), so a cluster's findings are the single
process's, row for row: the test runs both on a two-worker ``LocalCluster`` and compares them.
Findings have the columns of ``claimreview validate --format parquet`` (file, line, column,
item, pointer, code, severity, message, rule set, schema.org release); reviews those of
``--to parquet``.

Files are the unit because that is how feeds and crawls arrive (Web Data Commons ships a crawl
as hundreds of gzipped parts); split one huge JSON Lines file first (``split -l``) to spread it.

Dask and pyarrow are optional (``pip install 'claimreview[dask]'``), imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimreview.reporters import parquet as findings_table

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd


def _dask() -> Any:
    try:
        import dask
        import dask.dataframe
    except ImportError:  # pragma: no cover - the test extra installs it
        raise ImportError("the Dask engine needs dask: pip install 'claimreview[dask]'") from None
    return dask


def paths_of(inputs: str | Iterable[str]) -> list[str]:
    """Files, folders and glob patterns, expanded as ``claimreview validate`` expands them."""
    from claimreview.readers.feed import expand

    found, missing = expand([inputs] if isinstance(inputs, str) else list(inputs))
    if missing:
        raise FileNotFoundError("; ".join(d.message for d in missing))
    return found


def findings_of(path: str, rules: str | None = None, vocabulary: bool = False) -> pd.DataFrame:
    """Every finding of one input, as the findings table (what one partition holds)."""
    import pandas as pd

    from claimreview.pipeline import check_input
    from claimreview.validation.record import Settings

    found = list(check_input(path, None, Settings(rules, None, vocabulary).checked()))
    return _frame(findings_table.rows(found, rules), findings_table.COLUMNS, pd)


def reviews_of(path: str) -> pd.DataFrame:
    """The reviews table of one input: its records (a feed, a crawl) or its Document's reviews."""
    import pandas as pd

    from claimreview.exporters import parquet

    return _frame(_review_rows(path, parquet), [(n, k) for n, k, _ in parquet.COLUMNS], pd)


def _review_rows(path: str, parquet: Any) -> list[dict[str, Any]]:
    from claimreview.formats import detect
    from claimreview.pipeline import load
    from claimreview.readers.base import Record, Source

    source = Source(name=path, path=Path(path))
    try:
        stream = detect(source).stream(source)
    except ValueError:  # not a format claimreview reads: no reviews (validate says why)
        return []
    if stream is not None:
        return [parquet.row(r.data, r.file, r.line, r.page_url, r.item) for r in stream if isinstance(r, Record)]
    loaded = load(source)
    if loaded.document is None or not loaded.document.reviews:
        return []
    return [dict(row, source_file=path) for row in parquet.ParquetExporter().build(loaded.document)]


def _frame(rows: list[dict[str, Any]], columns: Sequence[tuple[str, str]], pd: Any) -> pd.DataFrame:
    dtypes = {"string": "object", "int64": "Int64", "float64": "float64", "list<string>": "object"}
    frame = pd.DataFrame(rows, columns=[name for name, _ in columns])
    return frame.astype({name: dtypes[kind] for name, kind in columns})


def validate(inputs: str | Iterable[str], rules: str | None = None, vocabulary: bool = False) -> dd.DataFrame:
    """The findings of every input as a dask dataframe, one partition per file."""
    import pandas as pd

    dask = _dask()
    meta = _frame([], findings_table.COLUMNS, pd)
    parts = [dask.delayed(findings_of)(path, rules, vocabulary) for path in paths_of(inputs)]
    frame: dd.DataFrame = dask.dataframe.from_delayed(parts, meta=meta, verify_meta=False) if parts else \
        _empty(dask, meta)
    return frame


def reviews(inputs: str | Iterable[str]) -> dd.DataFrame:
    """The reviews table of every input as a dask dataframe, one partition per file."""
    import pandas as pd

    from claimreview.exporters import parquet

    dask = _dask()
    meta = _frame([], [(n, k) for n, k, _ in parquet.COLUMNS], pd)
    parts = [dask.delayed(reviews_of)(path) for path in paths_of(inputs)]
    frame: dd.DataFrame = dask.dataframe.from_delayed(parts, meta=meta, verify_meta=False) if parts else \
        _empty(dask, meta)
    return frame


def to_parquet(inputs: str | Iterable[str], folder: str, **options: Any) -> None:
    """The reviews of every input written as a Parquet dataset (a folder, one file per partition)."""
    reviews(inputs).to_parquet(folder, write_index=False, **options)  # type: ignore[no-untyped-call]


def _empty(dask: Any, meta: Any) -> Any:
    return dask.dataframe.from_pandas(meta, npartitions=1)
