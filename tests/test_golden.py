"""Golden files: the committed outputs in examples/ are exactly what claimreview makes today.

`pytest --update-golden` rewrites them from examples/north-korea-troops.yaml; read the diff like
code before committing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimreview.cli import cli
from claimreview.formats import FORMATS
from tests.conftest import EXAMPLES, SEED, demo_outputs

OUTPUTS = demo_outputs()


def _files(path: Path) -> dict[str, object]:
    if path.is_dir():
        return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    if path.suffix == ".parquet":  # compared by schema and rows: the bytes name the pyarrow version that wrote them
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        return {path.name: (str(table.schema), table.to_pylist())}
    return {path.name: path.read_bytes()}


@pytest.mark.parametrize(("name", "fmt", "extra"), OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_export_matches_golden(
    name: str, fmt: str, extra: tuple[str, ...], tmp_path: Path, update_golden: bool
) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", fmt, *extra, "-o", str(out)])
    assert result.exit_code == 0, result.output
    golden = EXAMPLES / name
    if update_golden:
        if golden.is_dir():
            shutil.rmtree(golden)
        if out.is_dir():
            shutil.copytree(out, golden)
        else:
            shutil.copyfile(out, golden)
    assert golden.exists(), f"{golden} is missing: run `pytest --update-golden` and review it"
    assert _files(out) == _files(golden)


def test_every_writable_format_has_a_golden_file() -> None:
    covered = {fmt for _, fmt, _ in OUTPUTS}
    assert covered == {name for name, f in FORMATS.items() if f.can_write and name != "yaml"} | {"json"}


def test_every_exporter_module_is_registered() -> None:
    modules = {p.stem for p in (Path(__file__).parent.parent / "claimreview" / "exporters").glob("*.py")
               if not p.stem.startswith("_") and p.stem not in ("base", "__init__")}
    registered = {f.exporter.split(":")[0].rsplit(".", 1)[1] for f in FORMATS.values() if f.exporter}
    assert modules <= registered | {"document"}, f"unregistered exporters: {modules - registered}"
