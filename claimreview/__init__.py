"""claimreview: structured fact-check data — models, ClaimReview JSON-LD, CSV, Markdown, validation.

The public API, imported on first use (``claimreview validate`` on a feed never loads the models):

- :func:`load` reads any supported input into a :class:`Document` and what was found;
- :func:`validate` streams every problem in an input as :class:`Diagnostic` objects;
- :func:`export` builds, checks and renders a Document in any format;
- :func:`check_record` judges one :class:`Record` of a stream under :class:`Settings` (pure, picklable:
  what ``--jobs``, Dask and the web app call).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimreview.api import Exported, export, load, validate
    from claimreview.readers.base import Loaded, Record, Source
    from claimreview.schemas import Document
    from claimreview.validation.diagnostics import Diagnostic, Severity
    from claimreview.validation.record import Settings, check_record

_PUBLIC = {
    "Exported": "claimreview.api",
    "export": "claimreview.api",
    "load": "claimreview.api",
    "validate": "claimreview.api",
    "Loaded": "claimreview.readers.base",
    "Source": "claimreview.readers.base",
    "Record": "claimreview.readers.base",
    "Settings": "claimreview.validation.record",
    "check_record": "claimreview.validation.record",
    "Document": "claimreview.schemas",
    "Diagnostic": "claimreview.validation.diagnostics",
    "Severity": "claimreview.validation.diagnostics",
}

__all__ = ["Diagnostic", "Document", "Exported", "Loaded", "Record", "Settings", "Severity", "Source", "__version__",
           "check_record", "export", "load", "validate"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("claimreview")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claimreview' has no attribute {name!r}")
