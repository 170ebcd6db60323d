"""``file:line:column:/pointer: severity code: message``, one line per finding; the totals on stderr."""

from __future__ import annotations

from claimreview.reporters.base import Reporter, Summary
from claimreview.validation.diagnostics import Diagnostic


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


def summary_line(summary: Summary) -> str:
    stats = summary.stats
    verdict = "invalid" if stats.errors else "valid"
    line = (f"{_plural(stats.files, 'file')}, {_plural(stats.items, 'item')} checked: "
            f"{_plural(stats.errors, 'error')}, {_plural(stats.warnings, 'warning')} ({verdict})")
    if stats.ignored:
        line += f"; {stats.ignored:,} not reported (--select/--ignore)"
    if stats.by_code:
        line += "\n  by code: " + ", ".join(f"{code} {n:,}" for code, n in stats.by_code.most_common())
    return line


class TextReporter(Reporter):
    name = "text"
    description = "one line per finding, for people and grep"

    def emit(self, d: Diagnostic) -> None:
        print(d.render(), file=self.out)

    def finish(self, summary: Summary) -> None:
        if not self.quiet:
            print(summary_line(summary), file=self.err)
