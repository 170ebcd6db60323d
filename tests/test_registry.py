"""The format registry: a format is one module (its FORMAT) plus one line in claimreview.formats;
the CLI's convert options, the catalogue and the docs come from it."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimreview import formats as registry
from claimreview.cli import _convert_command, cli
from claimreview.exporters.base import Exporter
from claimreview.formats import Format, by_name, formats, options
from claimreview.validation.catalogue import catalogue
from tests.conftest import SEED

SOURCE = Path(__file__).resolve().parent.parent / "claimreview"


def test_the_registry_only_lists_modules() -> None:
    tree = ast.parse((SOURCE / "formats.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Format"]
    assert calls == []
    assert len(registry.MODULES) <= len(formats())  # a module that declares two formats takes one line


def test_one_line_lists_a_module_that_declares_several_formats() -> None:
    assert "claimreview.exporters.rdf" in registry.MODULES
    assert [n for n in formats() if n in ("nquads", "turtle")] == ["nquads", "turtle"]


def test_no_format_names_in_the_cli() -> None:
    tree = ast.parse((SOURCE / "cli.py").read_text(encoding="utf-8"))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    # "json" is also a report format of validate; `link` writes claimreview's own files (yaml, json)
    assert not strings & set(formats()) - {"json", "yaml"}
    assert "csv" not in strings and "jsonl" not in strings


def test_exporters_carry_no_name_suffixes_or_options_of_their_own() -> None:
    for fmt in formats().values():
        if fmt.can_write:
            cls = type(fmt.exporter_instance())
            assert issubclass(cls, Exporter)
            assert not {"name", "suffixes", "options"} & set(vars(cls)), cls


def test_every_format_code_is_in_the_catalogue() -> None:
    known = catalogue()
    for fmt in formats().values():
        assert all(known[c.name] is c for c in fmt.all_codes), fmt.name


def test_convert_options_come_from_the_declarations() -> None:
    result = CliRunner().invoke(cli, ["convert", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for option in options().values():
        assert option.flag in result.output
    assert "--layout [tables|sheet]" in result.output and "--to csv" in result.output
    assert "--profile [graph|claimreview]" in result.output and "--to jsonld, html" in result.output
    assert "claimreview convert article.yaml" in result.output  # help carries examples


@pytest.mark.parametrize(("args", "says"), [
    (["--to", "md"], "did you mean 'markdown'"),
    (["--to", "yml"], "did you mean 'yaml'"),
    (["--to", "jsnold"], "did you mean 'jsonld'"),
    (["--to", "csv", "--layout", "shet"], "did you mean 'sheet'"),
    (["--to", "jsonld", "--layout", "sheet"], "--layout applies to --to csv, not to --from yaml --to jsonld"),
    (["--to", "csv", "--standalone"], "--standalone applies to --to html"),
    (["--to", "yaml", "--claimant-kind", "person"], "--claimant-kind applies to --from factcheck-pages, factcheck-api"),
])
def test_usage_errors_name_the_formats_or_a_close_value(args: list[str], says: str) -> None:
    result = CliRunner().invoke(cli, ["convert", str(SEED), *args])
    assert result.exit_code == 2, result.output
    assert says in result.output


def test_a_csv_output_path_makes_a_sheet(tmp_path: Path) -> None:
    out = tmp_path / "reviews.csv"
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(("claim_text", "\ufeff", "review_id", "claim"))
    assert not (tmp_path / "datapackage.json").exists()


@pytest.fixture
def toy_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new format, as a contributor would add it: one module, one registry line."""
    (tmp_path / "toyformat.py").write_text(textwrap.dedent('''
        from claimreview.exporters.base import Exporter
        from claimreview.formats import Format, Option
        from claimreview.validation.diagnostics import WARNING, Code

        SHOUTED = Code("toy.shouted", WARNING, "A headline in capitals; the toy format lowers it.")

        class ToyExporter(Exporter):
            def build(self, doc, **options):
                return [r.id for r in doc.reviews]

            def render(self, data, **options):
                text = "\\n".join(data)
                return (text.upper() if options.get("loud") else text).encode()

        FORMAT = Format("toy", "A toy list of review ids", (".toy",), exporter=f"{__name__}:ToyExporter",
                        options=(Option("loud", "In capitals.", type=bool),), codes=(SHOUTED,))
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "MODULES", (*registry.MODULES, "toyformat"))
    registry.formats.cache_clear()
    yield "toy"
    registry.formats.cache_clear()


def test_a_new_format_is_one_module_and_one_line(toy_format: str, tmp_path: Path) -> None:
    assert isinstance(by_name(toy_format), Format)
    assert "toy.shouted" in catalogue()
    command = _convert_command()
    assert "--loud" in {o for p in command.params for o in p.opts}
    out = tmp_path / "ids.toy"
    result = CliRunner().invoke(command, [str(SEED), "-o", str(out), "--loud"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").isupper()


def _imported_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    return set(out.stdout.split())


def test_help_and_feed_validation_import_no_format_module_and_no_model(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    feed = FIXTURES / "feeds" / "valid.jsonl"
    for code in ("from claimreview.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
                 f"from claimreview.cli import main\ntry:\n    main(['validate', '-q', {str(feed)!r}])\n"
                 "except SystemExit:\n    pass"):
        loaded = _imported_after(code)
        assert "claimreview.cli" in loaded
        assert not {"pydantic", "claimreview.schemas.models", "claimreview.readers.jsonld",
                    "claimreview.exporters.markdown"} & loaded, sorted(m for m in loaded if "claimreview" in m)
