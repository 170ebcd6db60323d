"""claimkit: structured fact-check data — models, ClaimReview JSON-LD, CSV, Markdown, validation."""

from importlib.metadata import PackageNotFoundError, version

from claimkit.api import Exported, export, load, validate
from claimkit.readers.base import Loaded, Source
from claimkit.schemas import Document
from claimkit.validation.diagnostics import Diagnostic, Severity

try:
    __version__ = version("claimkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["Diagnostic", "Document", "Exported", "Loaded", "Severity", "Source", "__version__", "export", "load",
           "validate"]
