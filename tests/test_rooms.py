"""The rooms of the package (DESIGN.md) keep to their doors: what one room shares with another is
public, and nothing below the front door (``api``, ``cli``) calls back up into it.

Read from the source with :mod:`ast`, so that an import inside a function (the lazy kind that
hides a cycle) counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "claimreview"
ROOMS = ("schemas", "readers", "exporters", "validation", "reporters", "engines", "serve")
"""Sub-packages; every top-level module is a room of its own."""
FRONT = {"claimreview.api": ("claimreview", "claimreview.cli", "claimreview.__main__", "claimreview.serve"),
         "claimreview.cli": ("claimreview.__main__",)}
"""The front doors, and who may call them: the package's own lazy attributes, the command line
and the web app. Everything else is below them."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def room(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def is_private(module: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in module.split("."))


def imports(module: str, path: Path, known: set[str]) -> Iterator[tuple[int, str]]:
    """(line, module) for every module ``module`` imports from the package, wherever the import is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "claimreview")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.split(".")[0] != "claimreview":
                continue
            submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            if len(submodules) < len(node.names):
                yield node.lineno, target
            yield from ((node.lineno, m) for m in submodules)  # ``from claimreview.readers import _json``


def format_modules(*roles: str) -> set[str]:
    """The modules the registry names for these roles of a format (reader, exporter, ...)."""
    from claimreview.formats import FORMATS

    named = set()
    for fmt in FORMATS.values():
        for role in roles:
            spec = getattr(fmt, role, None)
            if spec is not None:
                named.add(spec.partition(":")[0] if isinstance(spec, str) else spec.__module__)
    return named


def violations() -> list[str]:
    found = []
    known = modules()
    readers, exporters = format_modules("reader", "sniff", "records"), format_modules("exporter", "writer")
    for module, path in known.items():
        where = path.relative_to(PACKAGE.parent)
        for line, target in imports(module, path, set(known)):
            if is_private(target) and room(target) != room(module):
                found.append(f"{where}:{line}: imports {target}, a private module of {room(target)}")
            if target in FRONT and not any(module == m or (module.startswith(m + ".") and m != "claimreview")
                                           for m in FRONT[target]):
                found.append(f"{where}:{line}: imports {target}, which is above it")
            if room(module) == "claimreview.schemas" and room(target) in {f"claimreview.{r}" for r in ROOMS} - {
                    "claimreview.schemas"}:
                found.append(f"{where}:{line}: imports {target}: the models are the ground floor")
            if (room(module), target) in {("claimreview.exporters", r) for r in readers} | {
                    ("claimreview.readers", x) for x in exporters}:
                found.append(f"{where}:{line}: imports {target}, another format's reader or exporter: share what "
                             "both need through a public module")
    return found


def test_no_room_imports_another_rooms_private_modules_or_calls_back_up() -> None:
    assert violations() == []


@pytest.mark.parametrize(("module", "source", "problem"), [
    ("claimreview.readers.x", "from claimreview.exporters._tables import SHEET_COLUMNS", "private module"),
    ("claimreview.readers.x", "from claimreview.exporters import _tableschema", "private module"),
    ("claimreview.readers.x", "from ..exporters._tables import tables", "private module"),
    ("claimreview.validation.x", "def f():\n    from claimreview.api import load", "above it"),
    ("claimreview.exporters.x", "import claimreview.cli", "above it"),
    ("claimreview.schemas.x", "from claimreview.validation import vocabulary", "ground floor"),
    ("claimreview.exporters.x", "from claimreview.readers import html as html_reader", "reader or exporter"),
    ("claimreview.readers.x", "from claimreview.exporters.jsonld import graph_data", "reader or exporter"),
    ("claimreview.exporters.x", "from claimreview.readers import htmlscan", None),
    ("claimreview.readers.x", "from claimreview.readers._text import decode", None),
    ("claimreview.readers.x", "from claimreview.tables import tables", None),
    ("claimreview.cli", "from claimreview.api import load", None),
])
def test_the_check_finds_what_it_should(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, source: str,
                                        problem: str | None) -> None:
    """The check itself, on a copy of the package with one more module in it."""
    copy = tmp_path / "claimreview"
    for path in modules().values():
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    extra = copy.joinpath(*module.split(".")[1:]).with_suffix(".py")
    extra.write_text(source + "\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", copy)
    found = [v for v in violations() if v.startswith(str(extra.relative_to(tmp_path)))]
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found
