"""claimkit files round-trip losslessly, whatever the text holds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from claimkit import Source, export, load
from claimkit.schemas import Document
from tests.strategies import documents


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_yaml_and_json_round_trip(doc: Document) -> None:
    for fmt in ("yaml", "json"):
        exported = export(doc, fmt)
        assert exported.output is not None and isinstance(exported.output, bytes)
        loaded = load(Source.from_bytes(exported.output, f"doc.{fmt}"), fmt)
        assert loaded.ok, [d.render() for d in loaded.diagnostics]
        assert loaded.document == doc
