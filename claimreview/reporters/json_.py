"""One JSON document: ``{"diagnostics": [...], "valid": ..., "files": ..., ...}``, the findings
written as they are found so that a long run shows progress and holds nothing in memory."""

from __future__ import annotations

import json

from claimreview.reporters.base import Reporter, Summary
from claimreview.validation.diagnostics import Diagnostic


class JsonReporter(Reporter):
    name = "json"
    description = "one JSON document: the findings, then the totals"

    def start(self) -> None:
        self.first = True

    def emit(self, d: Diagnostic) -> None:
        lead = "{\n  \"diagnostics\": [\n    " if self.first else ",\n    "
        self.out.write(lead + json.dumps(d.as_dict(), ensure_ascii=False))
        self.first = False

    def finish(self, summary: Summary) -> None:
        totals = json.dumps(summary.as_dict(), ensure_ascii=False)[1:-1]
        self.out.write(("{\n  \"diagnostics\": [],\n  " if self.first else "\n  ],\n  ") + totals + "\n}\n")
