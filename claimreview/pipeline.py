"""Read and export through the format registry: the two halves of every conversion.

:mod:`claimreview.api` is the front door that offers these (with ``validate``); they live here,
below it, so that the checks that need them (a feed check reads whole documents, a feed
conversion exports them) do not call back up into the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimreview.exporters.base import ExportError, Rendered
from claimreview.formats import FORMATS, Format, by_name, detect
from claimreview.readers.base import Loaded, Source
from claimreview.validation.diagnostics import Diagnostic, error, has_errors, warning

if TYPE_CHECKING:  # the models cost a sixth of a second to import; feeds never need them
    from claimreview.schemas import Document


def _source(src: str | Path | Source) -> Source:
    if isinstance(src, Source):
        return src
    return Source.from_arg(str(src)) if str(src) == "-" else Source(name=str(src), path=Path(src))


def load(src: str | Path | Source, fmt: str | None = None, **options: Any) -> Loaded:
    """Read any supported input into a Document. Never raises for bad input: problems come
    back as ``Loaded.diagnostics`` (``Loaded.document`` is None when it could not be built).

    ``options`` go to the reader; readers of third-party markup take ``rules`` (a ClaimReview
    rule set name) and ``page_url``, and ignore what they do not know."""
    source = _source(src)
    try:
        chosen = by_name(fmt) if fmt else detect(source)
    except ValueError as exc:
        written_only = [f for f in FORMATS.values() if not f.can_read and source.suffix in f.suffixes]
        if not fmt and source.suffix and written_only:  # e.g. a Markdown report beside the files it came from
            return Loaded(None, [warning("input.not-read", f"{written_only[0].description} files are written by "
                                         "claimreview, not read: nothing to check", file=source.name)])
        return Loaded(None, [error("input.format", str(exc), file=source.name)])
    except OSError as exc:
        return Loaded(None, [error("input.unreadable", exc.strerror or str(exc), file=source.name)])
    return read_with(chosen, source, **options)


def read_with(fmt: Format, source: Source, **options: Any) -> Loaded:
    try:
        loaded: Loaded = fmt.read(source, **options)
    except OSError as exc:
        return Loaded(None, [error("input.unreadable", exc.strerror or str(exc), file=source.name)])
    return loaded


@dataclass
class Exported:
    """An export's answer: the rendered output (None when refused) and what the checks found."""

    output: Rendered | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.output is not None


def export(doc: Document, fmt: str, **options: Any) -> Exported:
    """Build, check, render. When the check finds an error nothing is rendered."""
    exporter = by_name(fmt).exporter_instance()
    unknown = sorted(k for k, v in options.items() if v not in (None, False) and k not in exporter.options)
    if unknown:
        raise ExportError(f"option {', '.join(unknown)} does not apply to --to {fmt}")
    options = {k: v for k, v in options.items() if k in exporter.options}
    data = exporter.build(doc, **options)
    found = exporter.check(data, **options)
    if has_errors(found):
        return Exported(None, found)
    return Exported(exporter.render(data, **options), found)
