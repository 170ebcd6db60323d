"""claimreview files round-trip losslessly, whatever the text holds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from claimreview import Source, export, load
from claimreview.schemas import Document
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


def test_files_written_before_the_rename_still_read() -> None:
    """claimreview was called claimkit, and its files began with ``claimkit: "1"``: they still read."""
    from claimreview.api import load
    from claimreview.readers.base import Source

    new = Path(__file__).resolve().parent.parent / "examples" / "north-korea-troops.yaml"
    old = new.read_bytes().replace(b'\nclaimreview: "1"\n', b'\nclaimkit: "1"\n')
    assert old != new.read_bytes()
    assert load(Source.from_bytes(old, "old.yaml")).document == load(new).document
    as_json = b'{"claimkit": "1", "claims": [{"id": "c", "text": "A claim"}]}'
    loaded = load(Source.from_bytes(as_json, "old.json"))
    assert loaded.ok, loaded.diagnostics
