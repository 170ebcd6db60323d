"""Findings as a Parquet table: one row per finding, for DuckDB, Polars and pandas.

``claimreview validate ... --format parquet -o findings.parquet`` writes it, and the Dask
engine's ``validate`` returns the same columns as a dataframe, so a query written against one
reads the other. Besides where and what, each row names the rule set and the schema.org release
it was judged by, so findings from runs months apart can be told apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from claimreview.reporters.base import Reporter, Summary
from claimreview.validation.diagnostics import Diagnostic

if TYPE_CHECKING:
    import pyarrow as pa

COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "string"), ("line", "int64"), ("column", "int64"), ("item", "int64"), ("pointer", "string"),
    ("code", "string"), ("severity", "string"), ("message", "string"), ("rule_set", "string"),
    ("vocabulary_release", "string"),
)


def judged_by(rules: str | None) -> tuple[str, str]:
    """(rule set, schema.org release) a run's findings come from."""
    from claimreview.validation.claimreview import DEFAULT_RULES
    from claimreview.validation.vocabulary import vocabulary

    return rules or DEFAULT_RULES, vocabulary().release


def rows(found: Iterable[Diagnostic], rules: str | None = None) -> list[dict[str, Any]]:
    rule_set, release = judged_by(rules)
    return [{"file": d.file, "line": d.line, "column": d.column, "item": d.item, "pointer": d.pointer,
             "code": d.code, "severity": d.severity.value, "message": d.message, "rule_set": rule_set,
             "vocabulary_release": release} for d in found]


def schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([pa.field(name, getattr(pa, kind)()) for name, kind in COLUMNS])


def table(found: Iterable[Diagnostic], rules: str | None = None) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pylist(rows(found, rules), schema=schema())


BATCH = 4096
"""Findings held before they are written as a row group: the report's memory does not grow with
the number of findings."""


class ParquetReporter(Reporter):
    name = "parquet"
    description = "a Parquet findings table (extra parquet), for DuckDB, Polars and pandas"
    binary = True

    def start(self) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise RuntimeError("--format parquet needs pyarrow: pip install 'claimreview[parquet]'") from None
        self._found: list[Diagnostic] = []
        self._writer = pq.ParquetWriter(self.out, schema(), compression="zstd")

    def emit(self, d: Diagnostic) -> None:
        self._found.append(d)
        if len(self._found) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._found:
            self._writer.write_table(table(self._found, self.rules))
            self._found = []

    def finish(self, summary: Summary) -> None:
        self._flush()
        self._writer.close()
