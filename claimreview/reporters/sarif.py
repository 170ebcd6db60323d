"""SARIF 2.1.0, the Static Analysis Results Interchange Format (OASIS): the log GitHub code
scanning and most CI dashboards read. One run; a rule per code reported, from the catalogue (its
text, what ``claimreview explain`` says, its severity as the default level); a result per finding,
located by file, line and column, with its JSON Pointer as the logical location.

Checked against the official schema in the tests (tests/fixtures/sarif).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from claimreview.reporters.base import Reporter, Summary
from claimreview.validation.diagnostics import Code, Diagnostic

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def artifact_uri(file: str) -> str:
    """The file as a URI reference: relative (POSIX, percent-encoded) when it lies under the
    working folder, as code scanning expects; an absolute file: URI otherwise."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return path.as_uri()
    return quote(path.as_posix())


def rule(code: Code) -> dict[str, Any]:
    from claimreview.explain import explanation  # the catalogue and the examples: only when a log is written

    out: dict[str, Any] = {
        "id": code.name,
        "shortDescription": {"text": code.text},
        "help": {"text": explanation(code.name)},
        "defaultConfiguration": {"level": _LEVEL.get(code.severity.value, code.severity.value)},
    }
    return out


_LEVEL = {"notice": "note"}
"""SARIF's level of a severity whose name it spells otherwise."""


def result(d: Diagnostic, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if d.file and not d.file.startswith("<"):
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(d.file)}}
        if d.line is not None:
            physical["region"] = {"startLine": d.line, **({"startColumn": d.column} if d.column else {})}
        location["physicalLocation"] = physical
    if d.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": d.pointer, "kind": "element"}]
    level = _LEVEL.get(d.severity.value, d.severity.value)
    out: dict[str, Any] = {"ruleId": d.code, "ruleIndex": index, "level": level, "message": {"text": d.message}}
    if location:
        out["locations"] = [location]
    properties = {k: v for k, v in (("pointer", d.pointer), ("item", d.item)) if v not in (None, "")}
    if properties:
        out["properties"] = properties
    return out


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0, for GitHub code scanning and CI dashboards"

    def start(self) -> None:
        self.found: list[Diagnostic] = []

    def emit(self, d: Diagnostic) -> None:
        self.found.append(d)

    def finish(self, summary: Summary) -> None:
        from claimreview import __version__

        kinds: dict[str, Code] = {}
        for d in self.found:
            kinds.setdefault(d.code, d.kind)
        names = sorted(kinds)
        index = {name: i for i, name in enumerate(names)}
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "claimreview", "version": __version__,
                                    "rules": [rule(kinds[n]) for n in names]}},
                "invocations": [{"executionSuccessful": not summary.cannot_run,
                                 "properties": summary.as_dict()}],
                "results": [result(d, index[d.code]) for d in self.found],
            }],
        }
        self.out.write(json.dumps(log, ensure_ascii=False, indent=2) + "\n")
