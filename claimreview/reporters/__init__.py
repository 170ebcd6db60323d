"""Reporters: how ``validate`` shows or stores its findings (text, json, github, sarif, parquet), one
small class per report format, chosen by name.

A reporter is made with the stream it writes to, told each finding as it is found (``emit``) and
the run's totals at the end (``finish``); what it writes, and when, is its own business (text and
GitHub lines at once, JSON as a stream, SARIF as one log at the end).
"""

from __future__ import annotations

from claimreview.reporters.base import Reporter, Summary
from claimreview.reporters.github import GithubReporter
from claimreview.reporters.json_ import JsonReporter
from claimreview.reporters.parquet import ParquetReporter
from claimreview.reporters.sarif import SarifReporter
from claimreview.reporters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    r.name: r for r in (TextReporter, JsonReporter, GithubReporter, SarifReporter, ParquetReporter)
}
"""Every reporter by its ``--format`` name."""

__all__ = ["REPORTERS", "Reporter", "Summary"]
