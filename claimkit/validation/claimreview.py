"""ClaimReview checks: Google's fact-check rules as named, dated rule sets, the schema.org
vocabulary, and JSON-LD well-formedness. (Interface stub: filled in by the JSON-LD work.)"""

from __future__ import annotations

from typing import Any

from claimkit.validation.diagnostics import Diagnostic

DEFAULT_RULES = "google-2025"
RULESETS: tuple[str, ...] = ("google-2025",)


def check_node(node: dict[str, Any], pointer: str = "", rules: str = DEFAULT_RULES,
               page_url: str | None = None) -> list[Diagnostic]:
    """One ClaimReview node (compacted, schema.org terms): the rule set's errors and warnings.
    Called once per record on feeds, so it must be cheap."""
    return []


def check_jsonld(data: Any, rules: str = DEFAULT_RULES, page_url: str | None = None) -> list[Diagnostic]:
    """A whole JSON-LD output or input (object, array, @graph): every ClaimReview node through
    check_node, the schema.org vocabulary, and offline JSON-LD expansion."""
    return []
