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
from claimreview.formats import Format, by_name, detect, written_only
from claimreview.readers.base import INPUT_FORMAT, INPUT_NOT_READ, INPUT_UNREADABLE, InputTooLarge, Loaded, Source
from claimreview.validation.diagnostics import Diagnostic, has_errors

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
        unread = written_only(source.name)
        if not fmt and unread is not None:  # e.g. a Markdown report beside the files it came from
            suffix = max((x for x in unread.suffixes if source.name.lower().endswith(x)), key=len)
            return Loaded(None, [INPUT_NOT_READ.at(f"{unread.name} files ({suffix}) are written "
                                         "by claimreview, not read: nothing to check", file=source.name)])
        return Loaded(None, [INPUT_FORMAT.at(str(exc), file=source.name)])
    except InputTooLarge as exc:
        return Loaded(None, [exc.diagnostic(source.name)])
    except OSError as exc:
        return Loaded(None, [INPUT_UNREADABLE.at(exc.strerror or str(exc), file=source.name)])
    return read_with(chosen, source, **options)


def read_with(fmt: Format, source: Source, **options: Any) -> Loaded:
    try:
        loaded: Loaded = fmt.read(source, **options)
    except InputTooLarge as exc:
        return Loaded(None, [exc.diagnostic(source.name)])
    except OSError as exc:
        return Loaded(None, [INPUT_UNREADABLE.at(exc.strerror or str(exc), file=source.name)])
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
    chosen = by_name(fmt)
    takes = {o.name for o in chosen.options if o.writes()}  # the format's declared options, nothing else
    unknown = sorted(k for k, v in options.items() if v not in (None, False) and k not in takes)
    if unknown:
        raise ExportError(f"option {', '.join(unknown)} does not apply to --to {fmt}")
    exporter = chosen.exporter_instance()
    options = {k: v for k, v in options.items() if k in takes}
    data = exporter.build(doc, **options)
    found = exporter.check(data, **options)
    if has_errors(found):
        return Exported(None, found)
    return Exported(exporter.render(data, **options), found)


def export_split(doc: Document, fmt: str, **options: Any) -> Exported:
    """One file per review (``<review id><suffix>``: its own self-contained markup, or page with
    ``standalone``) and an ``index.md`` listing them, for ``fmt`` html or jsonld. Every file is
    checked as :func:`export` checks it; when any fails, nothing is rendered."""
    from claimreview.exporters.html import page_view
    from claimreview.exporters.markdown import escape_text, escape_url

    if not any(o.name == "review" and o.writes() for o in by_name(fmt).options):
        raise ExportError(f"--split writes one file per review: use it with --to html or --to jsonld, not {fmt}")
    if not doc.reviews:
        raise ExportError("--split writes one file per review, and the document has none")
    suffix = by_name(fmt).suffixes[0]
    files: dict[str, bytes] = {}
    found: list[Diagnostic] = []
    items = []
    for review in doc.reviews:
        name = f"{review.id}{suffix}"
        result = export(doc, fmt, **{**options, "review": review.id, "profile": "claimreview"})
        found.extend(d if d.file else d.at(file=name) for d in result.diagnostics)
        if result.output is None:
            continue
        assert isinstance(result.output, bytes)
        files[name] = result.output
        view = page_view(doc, review.id)["reviews"][0]
        items.append(f"- [{escape_text(name)}](<{escape_url(name)}>): {escape_text(view['claim'])} "
                     f"({escape_text(view['verdict'])})")
    if has_errors(found):
        return Exported(None, found)
    count = f"{len(items)} fact check{'s' * (len(items) != 1)}"
    files["index.md"] = "\n".join([
        f"# {count}", "", "Each file holds one review's ClaimReview markup: paste it into the page of that fact "
        "check.", "", *items, ""]).encode("utf-8")
    return Exported(files, found)
