"""claimkit: structured fact-check data — models, ClaimReview JSON-LD, CSV, Markdown, validation.

The public API, imported on first use (``claimkit validate`` on a feed never loads the models):

- :func:`load` reads any supported input into a :class:`Document` and what was found;
- :func:`validate` streams every problem in an input as :class:`Diagnostic` objects;
- :func:`export` builds, checks and renders a Document in any format.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimkit.api import Exported, export, load, validate
    from claimkit.readers.base import Loaded, Source
    from claimkit.schemas import Document
    from claimkit.validation.diagnostics import Diagnostic, Severity

_PUBLIC = {
    "Exported": "claimkit.api",
    "export": "claimkit.api",
    "load": "claimkit.api",
    "validate": "claimkit.api",
    "Loaded": "claimkit.readers.base",
    "Source": "claimkit.readers.base",
    "Document": "claimkit.schemas",
    "Diagnostic": "claimkit.validation.diagnostics",
    "Severity": "claimkit.validation.diagnostics",
}

__all__ = ["Diagnostic", "Document", "Exported", "Loaded", "Severity", "Source", "__version__", "export", "load",
           "validate"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("claimkit")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claimkit' has no attribute {name!r}")
