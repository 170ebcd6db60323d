"""GitHub Actions workflow commands (``::error file=...,line=...::message``): findings as
annotations on the pull request's files."""

from __future__ import annotations

from claimreview.reporters.base import Reporter, Summary
from claimreview.reporters.text import summary_line
from claimreview.validation.diagnostics import Diagnostic


def _escape(text: str, prop: bool = False) -> str:
    """Escape a workflow-command message (or, with ``prop``, a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(d: Diagnostic) -> str:
    props = [f"file={_escape(d.file, prop=True)}"] if d.file else []
    if d.line is not None:
        props.append(f"line={d.line}")
    if d.column is not None:
        props.append(f"col={d.column}")
    props.append(f"title={_escape(d.code, prop=True)}")
    message = f"{d.pointer}: {d.message}" if d.pointer else d.message
    return f"::{d.severity.value} {','.join(props)}::{_escape(message)}"


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions annotations (workflow commands)"

    def emit(self, d: Diagnostic) -> None:
        print(annotation(d), file=self.out)

    def finish(self, summary: Summary) -> None:
        if not self.quiet:
            print(summary_line(summary), file=self.err)
