"""The verdict model, in one place: what a finding's severity counts towards.

``validate`` judges each ClaimReview (and MediaReview) of an input, with the nodes it references:
its inline nodes (the Claim, the Rating, the authors) and the nodes it links to by ``@id``,
followed transitively. An error there makes the input invalid. Everything else in the input is
reported, but as a warning that says so: an error in another ld+json block of the page (a
NewsArticle whose author Person carries ``logo``, a block that is not JSON, a block with another
``@context``), in a WebSite's SearchAction, in a breadcrumb. A fact-checker's page carries the
markup of its CMS and its SEO plugins; a slip there does not stop a fact-check consumer from
reading the ClaimReview, and the verdict is about the ClaimReview.

``--scope page`` (``scope="page"``) makes the whole input's markup count: every error fails it.
With no ClaimReview or MediaReview in the input there is nothing to scope to, and every finding
keeps its severity (the input is then refused for having no review, whatever the scope).

What counts as "in" the review, for a finding's JSON Pointer ``p`` and a review (or referenced
node) at ``r``: ``p`` is ``r`` or inside it; ``p`` is an ancestor of ``r`` (a finding about the
array or block that holds the review); or ``p`` is an ``@context`` on the way down to ``r`` (the
context the review is read with). A finding with no pointer is about the whole input and counts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from claimreview.schemaorg import local_name
from claimreview.validation.diagnostics import Diagnostic, Severity

VERDICT = (
    "What counts: the verdict is about each ClaimReview (and MediaReview) and the nodes it references (its "
    "Claim, Rating and authors, inline or linked by @id). An error elsewhere in the input (another ld+json "
    "block, a NewsArticle, a breadcrumb) is reported as a warning that says so; --scope page (or scope = "
    '"page" in [tool.claimreview]) makes the whole page count. --select/--ignore choose which codes are '
    "reported at all."
)

SCOPES = ("review", "page")
"""``review``: the verdict is about each ClaimReview/MediaReview and what it references (default);
``page``: every error in the input counts."""
DEFAULT_SCOPE = "review"

REVIEW_TYPES = ("ClaimReview", "MediaReview")
OUTSIDE = " (outside the ClaimReview: a warning, not the verdict; --scope page makes it count)"


def check_scope(scope: str) -> str:
    """The scope, or ``ValueError`` naming the known ones."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; known: {', '.join(SCOPES)}")
    return scope


def is_review(node: Mapping[str, Any]) -> bool:
    """A schema.org ClaimReview or MediaReview node (``@type`` a string or a list; compacted,
    ``schema:`` or full IRIs; another vocabulary's ClaimReview is not one)."""
    kind = node.get("@type", node.get("type"))
    kinds = kind if type(kind) is list else [kind]
    return any(isinstance(k, str) and local_name(k) in REVIEW_TYPES for k in kinds)


def review_roots(data: Any, pointer: str = "") -> list[str]:
    """The pointers of every review node in ``data`` and of every node a review links to by
    ``@id`` (transitively): the reviews first, in document order, then what they link to."""
    from claimreview.validation.vocabulary import iter_nodes

    nodes = list(iter_nodes(data, pointer))
    where_id: dict[str, str] = {}
    by_id: dict[str, dict[str, Any]] = {}
    for node, where in nodes:
        ref = node.get("@id")
        if type(ref) is str and len(node) > 1 and ref not in where_id:
            where_id[ref], by_id[ref] = where, node
    roots = [where for node, where in nodes if is_review(node)]
    todo = [node for node, _ in nodes if is_review(node)]
    seen = set(roots)
    while todo:
        for ref in _links(todo.pop()):
            target = where_id.get(ref)
            if target is not None and target not in seen:
                seen.add(target)
                roots.append(target)
                todo.append(by_id[ref])
    return roots


def _links(node: Any) -> Iterable[str]:
    """Every ``@id`` a node mentions in its values (its own ``@id`` left out)."""
    stack = [v for k, v in node.items() if k not in ("@id", "@context")] if isinstance(node, dict) else [node]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            ref = value.get("@id")
            if type(ref) is str:
                yield ref
            stack.extend(v for k, v in value.items() if k not in ("@id", "@context"))


def in_scope(pointer: str, roots: Iterable[str]) -> bool:
    """Whether a finding at ``pointer`` is about one of the reviews at ``roots`` (see the module)."""
    if not pointer:
        return True
    context = pointer.find("/@context")
    holder = pointer[:context] if context >= 0 else None
    for root in roots:
        if pointer == root or pointer.startswith(root + "/") or root.startswith(pointer + "/"):
            return True
        if holder is not None and (root == holder or root.startswith(holder + "/")):
            return True
    return False


def judge(found: Iterable[Diagnostic], roots: list[str], scope: str = DEFAULT_SCOPE) -> list[Diagnostic]:
    """The findings with each error outside the reviews turned into a warning that says why.
    Nothing changes with ``scope="page"`` or when there is no review to scope to."""
    found = list(found)
    if scope == "page" or not roots:
        return found
    return [dataclasses.replace(d, severity=Severity.WARNING, message=d.message + OUTSIDE)
            if d.is_error and not in_scope(d.pointer, roots) else d for d in found]
