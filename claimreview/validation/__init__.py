"""Diagnostics, JSON Schema checks, ClaimReview rule sets and vocabulary checks."""

from claimreview.validation.diagnostics import Diagnostic, Severity

__all__ = ["Diagnostic", "Severity"]
