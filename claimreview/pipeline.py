"""Read and export through the format registry: the two halves of every conversion; and record
streams (feeds, crawls) checked record by record (:func:`check_input`) and converted into one
output by a record writer (:func:`convert_records`).

:mod:`claimreview.api` is the front door that offers these (with ``validate``); they live here,
below it, so that the checks that need them (a feed check reads whole documents, a feed
conversion exports them) do not call back up into the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimreview.exporters.base import ExportError, Rendered
from claimreview.formats import Format, by_name, detect, written_only
from claimreview.readers.base import (
    INPUT_EMPTY,
    INPUT_FORMAT,
    INPUT_NOT_READ,
    INPUT_UNREADABLE,
    InputTooLarge,
    Loaded,
    Record,
    Source,
)
from claimreview.validation.diagnostics import Diagnostic, has_errors
from claimreview.validation.record import EXPORT_REFUSED, Settings

if TYPE_CHECKING:  # the models cost a sixth of a second to import; feeds never need them
    from claimreview.engines import Checked, Stats
    from claimreview.readers.feed import FeedRecords, Input
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


# -- record streams: feeds and crawls, checked record by record -----------------------------------


def check_input(src: str | Path | Source, fmt: str | None, settings: Settings, *, stats: Stats | None = None,
                progress: Callable[[Stats], None] | None = None, jobs: int = 1) -> Iterator[Diagnostic]:
    """:func:`validate` with the run's settings, counting into ``stats``; ``progress`` is called
    every few thousand records of a feed; ``jobs`` processes check a feed file's records."""
    from claimreview.engines import Stats
    from claimreview.readers.feed import plan

    stats = stats if stats is not None else Stats()
    try:
        opened = plan(src, fmt)
    except OSError as exc:
        name = src.name if isinstance(src, Source) else "<stdin>" if str(src) == "-" else str(src)
        yield stats.count(INPUT_UNREADABLE.at(exc.strerror or str(exc), file=name))
        return
    stats.files += 1
    stats.file, stats.bytes_read, stats.bytes_total = opened.name, 0, opened.size
    try:
        if opened.layout is not None:
            yield from _check_feed(opened, settings, stats, progress, jobs)
            return
        chosen = _read_as(opened, fmt)
        if chosen is not None and chosen.records is not None and chosen.records not in LAYOUT_RECORDS:
            yield from _check_stream(chosen, opened, settings, stats)  # a crawl: records of its own kind
            return
        blank = not opened.head.lstrip(b"\xef\xbb\xbf \t\r\n")
        path = opened.path
        suffix = Source(name=opened.name, path=path).suffix
        if fmt is None and not suffix and blank and (path is None or path.is_file()):
            yield stats.count(INPUT_EMPTY.at("the file is empty: there is nothing to check", file=opened.name,
                                    line=1, column=1))
            return
        # validation asks whether the markup is right, not what the claimreview model could not keep of it
        loaded = load(opened.whole_source(), fmt, rules=settings.rules, page_url=settings.page_url,
                      conversion_notes=False, scope=settings.scope)
        # an item that failed to build was still checked: the summary never says "0 items" of it
        stats.items += loaded.items if loaded.items is not None else \
            len(loaded.document.reviews) if loaded.document is not None else 0
        found = loaded.diagnostics
        if loaded.document is not None and settings.require_sources:
            from claimreview.validation.sources import check_sources

            found = [*found, *check_sources(loaded.document)]
        for d in found:
            yield stats.count(d if d.file is not None else d.at(file=opened.name))
    finally:
        opened.close()


def _read_as(opened: Input, fmt: str | None) -> Format | None:
    """The format an input is read as (None when it cannot be told: its reader says why)."""
    source = Source(name=opened.name, path=opened.path) if opened.path is not None \
        else Source.from_bytes(opened.head, opened.name)
    try:
        return by_name(fmt) if fmt else detect(source)
    except (ValueError, OSError):
        return None


def _counted(events: Iterable[Record | Diagnostic], stats: Stats) -> Iterator[Record | Diagnostic]:
    for event in events:
        if type(event) is Record:
            stats.items += 1
        yield event


def _check_stream(chosen: Format, opened: Input, settings: Settings, stats: Stats) -> Iterator[Diagnostic]:
    from claimreview.engines import local

    stream = chosen.stream(opened.whole_source(), settings)
    assert stream is not None
    for d in local.diagnostics(_counted(stream, stats), settings):
        yield stats.count(d)


def _check_feed(opened: Input, settings: Settings, stats: Stats, progress: Callable[[Stats], None] | None,
                jobs: int) -> Iterator[Diagnostic]:
    from claimreview.engines import local
    from claimreview.readers.feed import FeedRecords
    from claimreview.readers.stream import Prefixed

    assert opened.layout is not None
    stream = FeedRecords(opened.name, Prefixed(opened.head, opened.fh), opened.layout, page_url=settings.page_url)
    base = stats.items
    events: Iterable[Record | Diagnostic] = stream
    if progress is not None:
        events = _progressed(stream, stats, progress)
    count = stats.count
    if jobs > 1 and opened.path is not None and opened.path.is_file():
        from claimreview.engines.processes import Spread

        spread = Spread(opened, settings, jobs, stats if progress is not None else None, progress)
        for d in spread:
            yield count(d)
        stats.items = base + spread.items
    else:
        for d in local.diagnostics(events, settings):
            yield count(d)
        stats.items = base + stream.items
    stats.bytes_read = stream.bytes_read
    if progress is not None:
        progress(stats)


PROGRESS_EVERY = 4096
"""Records between two progress callbacks."""


def _progressed(stream: FeedRecords, stats: Stats, progress: Callable[[Stats], None]
                ) -> Iterator[Record | Diagnostic]:
    base = stats.items
    for n, event in enumerate(stream, 1):
        if n % PROGRESS_EVERY == 0:
            stats.items, stats.bytes_read = base + stream.items, stream.bytes_read
            progress(stats)
        yield event
    stats.items = base


# -- record streams out ------------------------------------------------------------------------


def input_records(src: str | Path | Source | Input, fmt: str | None, settings: Settings, *,
                  stats: Stats | None = None, jobs: int = 1) -> Iterator[Checked | Diagnostic]:
    """The records of one input (or of one already opened, its head read: stdin), each checked
    (:class:`~claimreview.engines.Checked`), and what its reader found, in input order. A record
    stream streams; any other input is read whole by its reader, checked and exported as
    ClaimReview nodes (the ``jsonl`` export), one record each."""
    from claimreview.engines import Stats
    from claimreview.readers.feed import Input, plan

    stats = stats if stats is not None else Stats()
    try:
        opened = src if isinstance(src, Input) else plan(src, fmt)
    except OSError as exc:
        name = src.name if isinstance(src, Source) else "<stdin>" if str(src) == "-" else str(src)
        yield stats.count(INPUT_UNREADABLE.at(exc.strerror or str(exc), file=name))
        return
    stats.files += 1
    try:
        if opened.layout is not None and streams(opened, fmt):
            yield from _feed_records(opened, settings, stats, jobs)
        elif opened.layout is None and streams(opened, fmt):
            from claimreview.engines import local

            chosen = _read_as(opened, fmt)
            assert chosen is not None
            stream = chosen.stream(opened.whole_source(), settings)
            assert stream is not None
            yield from local.checked(_counted(stream, stats), settings)
        else:
            yield from _document_records(opened, fmt, settings, stats)
    finally:
        opened.close()


LAYOUT_RECORDS = ("claimreview.readers.jsonl:records", "claimreview.readers.feed:array_records")
"""Record streams that read a feed layout (JSON Lines, an array or a DataFeed): they apply only to
inputs laid out that way (a single JSON-LD object is read whole)."""


def streams(opened: Input, fmt: str | None) -> bool:
    """Whether an input is read as a record stream: a feed layout whose format streams (a JSON array
    may also be a Fact Check Tools API response, read whole), or a format that only streams (a crawl)."""
    chosen = _read_as(opened, fmt)
    if chosen is None:
        return opened.layout is not None
    if chosen.records is None:
        return False
    return opened.layout is not None or chosen.records not in LAYOUT_RECORDS


def _feed_records(opened: Input, settings: Settings, stats: Stats, jobs: int) -> Iterator[Checked | Diagnostic]:
    from claimreview.engines import local
    from claimreview.readers.feed import FeedRecords
    from claimreview.readers.stream import Prefixed

    assert opened.layout is not None
    if jobs > 1 and opened.path is not None and opened.path.is_file():
        from claimreview.engines.processes import Spread

        spread = Spread(opened, settings, jobs, keep_records=True)
        yield from spread.checked()
        stats.items += spread.items
        return
    stream = FeedRecords(opened.name, Prefixed(opened.head, opened.fh), opened.layout, page_url=settings.page_url)
    yield from local.checked(stream, settings)
    stats.items += stream.items


def _document_records(opened: Input, fmt: str | None, settings: Settings, stats: Stats
                      ) -> Iterator[Checked | Diagnostic]:
    import orjson

    from claimreview.engines import Checked

    loaded = load(opened.whole_source(), fmt, rules=settings.rules, page_url=settings.page_url)
    yield from (d if d.file is not None else d.at(file=opened.name) for d in loaded.diagnostics)
    if loaded.document is None or has_errors(loaded.diagnostics):
        return
    stats.items += len(loaded.document.reviews)
    try:
        result = export(loaded.document, "jsonl", rules=settings.rules, page_url=settings.page_url)
    except ExportError as exc:  # e.g. a document without reviews
        yield EXPORT_REFUSED.at(str(exc), file=opened.name)
        return
    yield from (d.at(file=opened.name) for d in result.diagnostics)
    if isinstance(result.output, bytes):
        for i, text in enumerate(result.output.splitlines()):
            yield Checked(Record(orjson.loads(text), opened.name, i), [])


@dataclass
class Converted:
    """What :func:`convert_records` did: records written and rejected, and whether it failed
    (an error in all-or-nothing mode: nothing was written)."""

    written: int = 0
    rejected: int = 0
    failed: bool = False


def convert_records(inputs: Iterable[str | Path | Source | Input], to: str, output: str, *, fmt: str | None = None,
                    settings: Settings | None = None, keep_going: bool = False, rejects: str | None = None,
                    jobs: int = 1, report: Callable[[Diagnostic], None] | None = None,
                    stats: Stats | None = None, parents: bool = False, **options: Any) -> Converted:
    """Every record of ``inputs`` (files, feeds, in order) through the record check into one
    output of format ``to`` (a format with a record writer), in bounded memory.

    All or nothing by default: any error and the output is discarded (``failed``). With
    ``keep_going`` the valid records are written, and each rejected one goes to ``rejects`` (JSON
    Lines: the record as read, where it came from, and its diagnostics). Every diagnostic goes to
    ``report`` as it is found. Outputs are checked before anything is read (never an input; with
    ``parents`` missing folders are made). ValueError for a format without a writer, an option it
    does not take, or bad settings; :class:`~claimreview.io.WriteRefused` for an output refused."""
    from claimreview.engines import Checked, Stats
    from claimreview.io import StreamOutput

    settings = (settings or Settings()).checked()
    stats = stats if stats is not None else Stats()
    target = by_name(to)
    if target.writer is None:
        raise ExportError(f"--to {to} cannot be written record by record")
    writer_class = target.writer_class()
    unknown = sorted(k for k, v in options.items() if v not in (None, False) and k not in writer_class.takes)
    if unknown:
        raise ExportError(f"option {', '.join(unknown)} does not apply to --to {to} written record by record")
    inputs = list(inputs)
    paths = [p if isinstance(p, str | Path) else p.path for p in inputs if str(p) != "-"]
    input_paths = [p for p in paths if p is not None]
    writer = writer_class(output, input_paths, parents=parents,
                          **{k: v for k, v in options.items() if k in writer_class.takes})
    try:
        rejected = StreamOutput(rejects, [*input_paths, *([output] if output != "-" else [])], parents=parents) \
            if keep_going and rejects is not None else None
    except BaseException:
        writer.discard()
        raise
    done = Converted()
    say = report or (lambda d: None)
    pending: list[Diagnostic] = []  # a reader's errors about the item that comes next (a duplicate key)

    def reject(record: Record | None, found: list[Diagnostic]) -> None:
        done.rejected += 1
        if rejected is not None:
            assert rejected.file is not None
            first = found[0] if found else None
            entry = {"file": record.file if record else first and first.file,
                     "item": record.item if record else first and first.item,
                     "line": record.line if record else first and first.line,
                     "record": record.data if record else None,
                     "diagnostics": [d.as_dict() for d in found]}
            rejected.file.write(_json_line(entry))

    def flush_pending() -> None:
        if pending:
            reject(None, list(pending))
            pending.clear()

    try:
        for src in inputs:
            for event in input_records(src, fmt, settings, stats=stats, jobs=jobs):
                if type(event) is not Checked:
                    d = stats.count(event)  # type: ignore[arg-type]
                    say(d)
                    if d.is_error:
                        done.failed = True
                        if pending and pending[-1].item != d.item:
                            flush_pending()
                        pending.append(d)
                    continue
                record, found = event.record, event.diagnostics
                for d in found:
                    say(stats.count(d))
                if pending and pending[-1].item == record.item:
                    found = pending + found
                    pending.clear()
                flush_pending()
                if has_errors(found):
                    done.failed = True
                    reject(record, found)
                    continue
                if done.failed and not keep_going:
                    continue  # all or nothing: keep checking, stop writing
                refused = writer.write(record)
                for d in refused:
                    say(stats.count(d))
                if has_errors(refused):
                    done.failed = True
                    reject(record, refused)
                else:
                    done.written += 1
        flush_pending()
    except BaseException:
        writer.discard()
        if rejected is not None:
            rejected.discard()
        raise
    if done.failed and not keep_going:
        writer.discard()
        if rejected is not None:
            rejected.discard()
        return done
    writer.close()
    if rejected is not None:
        rejected.close()
    return done


def _json_line(value: Any) -> bytes:
    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)
    except (orjson.JSONEncodeError, TypeError):  # an integer over 64 bits, or nesting orjson does not write
        import json

        return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def export_split(doc: Document, fmt: str, **options: Any) -> Exported:
    """One file per review (``<review id><suffix>``: its own self-contained markup, or page with
    ``standalone``) and an ``index.md`` listing them, for ``fmt`` html or jsonld. Every file is
    checked as :func:`export` checks it; when any fails, nothing is rendered."""
    from claimreview.exporters.html import page_view
    from claimreview.exporters.markdown import escape_text, escape_url

    if not any(o.name == "review" and o.writes() for o in by_name(fmt).options):
        raise ExportError(f"--split writes one file per review: use it with --to html or --to jsonld, not {fmt}")
    if not doc.reviews and not doc.media_reviews:
        raise ExportError("--split writes one file per review, and the document has none")
    suffix = by_name(fmt).suffixes[0]
    files: dict[str, bytes] = {}
    found: list[Diagnostic] = []
    items = []
    def line(entity_id: str, media: bool) -> str:
        """The index's line for one review: what it is about, and its verdict."""
        if not media:
            view = page_view(doc, entity_id)["reviews"][0]
            return f"{escape_text(view['claim'])} ({escape_text(view['verdict'])})"
        seen = page_view(doc, entity_id)["media_reviews"][0]  # a MediaReview's own markup, as a ClaimReview's
        what = next((m["description"] for m in seen["media"] if m.get("description")), None) or "media"
        return f"{escape_text(what)} (MediaReview: {escape_text(', '.join(seen['verdicts']))})"

    for entity_id, media in [*((r.id, False) for r in doc.reviews), *((m.id, True) for m in doc.media_reviews)]:
        name = f"{entity_id}{suffix}"
        result = export(doc, fmt, **{**options, "review": entity_id, "profile": "claimreview"})
        found.extend(d if d.file else d.at(file=name) for d in result.diagnostics)
        if result.output is None:
            continue
        assert isinstance(result.output, bytes)
        files[name] = result.output
        items.append(f"- [{escape_text(name)}](<{escape_url(name)}>): {line(entity_id, media)}")
    if has_errors(found):
        return Exported(None, found)
    count = f"{len(items)} fact check{'s' * (len(items) != 1)}"
    files["index.md"] = "\n".join([
        f"# {count}", "", "Each file holds one review's ClaimReview (or MediaReview) markup: paste it into the page of "
        "that fact "
        "check.", "", *items, ""]).encode("utf-8")
    return Exported(files, found)
