"""Diagnostics, JSON Schema checks, ClaimReview rule sets and vocabulary checks."""

from claimkit.validation.diagnostics import Diagnostic, Severity

__all__ = ["Diagnostic", "Severity"]
