"""Every diagnostic code that the code can report is declared once, as a Code, and is in the catalogue."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

from click.testing import CliRunner

import claimreview
from claimreview.cli import cli
from claimreview.validation.catalogue import catalogue
from claimreview.validation.diagnostics import Code, Diagnostic

SOURCE = Path(__file__).resolve().parent.parent / "claimreview"


def _declared() -> dict[str, list[tuple[str, Code]]]:
    """Every Code object any module of the package holds, at its top level or in a top-level
    tuple or dict (a keyword table), by name, with the modules holding it."""
    found: dict[str, list[tuple[str, Code]]] = {}
    for info in pkgutil.walk_packages(claimreview.__path__, "claimreview."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra not installed: its codes are checked where it is
            continue
        for value in vars(module).values():
            values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple | frozenset) \
                else [value]
            for v in values:
                if isinstance(v, Code):
                    found.setdefault(v.name, []).append((info.name, v))
    return found


def test_every_declared_code_is_in_the_catalogue() -> None:
    known = catalogue()
    declared = _declared()
    assert len(declared) >= len(known) > 150
    missing = sorted(set(declared) - set(known))
    assert not missing, f"list these codes in their format's codes or their room's CODES: {missing}"
    for name, holders in declared.items():
        assert all(code is known[name] for _, code in holders), f"{name} is declared more than once: {holders}"


def test_reporting_takes_a_code() -> None:
    """A Diagnostic is made by Code.at: nothing in the package builds one from a bare name."""
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Diagnostic":
                assert path.name == "diagnostics.py", f"{path}:{node.lineno}: report with CODE.at(...)"


def test_codes_have_a_severity_and_a_sentence() -> None:
    for name, code in catalogue().items():
        assert code.name == name
        assert len(code.text) > 20, name
        assert code.text[0].isupper() or re.match(r"[a-z]+[A-Z]|url\b", code.text), name  # or a property name
        assert not code.text.lower().startswith(("error:", "warning:")), name


def test_only_input_failures_stop_the_run() -> None:
    stopping = {n for n, c in catalogue().items() if c.cannot_run}
    assert {"input.format", "input.unreadable"} <= stopping
    assert all(catalogue()[n].severity == "error" for n in stopping)
    assert not {n for n in stopping if n.startswith(("model.", "claimreview.", "schema.", "json."))}


def test_a_diagnostic_carries_its_code() -> None:
    code = catalogue()["model.unknown-id"]
    d = code.at("no such id", "/reviews/0/claim", file="a.yaml", line=3)
    assert isinstance(d, Diagnostic) and d.kind is code and d.code == "model.unknown-id"
    assert d.severity is code.severity and not d.cannot_run


def test_codes_command_lists_them() -> None:
    result = CliRunner().invoke(cli, ["codes", "--markdown"])
    assert result.exit_code == 0
    assert "| `model.unknown-id` | error |" in result.stdout
    assert result.stdout.count("\n") == len(catalogue()) + 2
