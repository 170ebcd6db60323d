"""The ``claimreview`` command: parse arguments, call the library, render diagnostics. Thin on purpose.

Exit codes: 0 valid (warnings allowed), 1 invalid input or refused export, 2 could not run.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from claimreview.api import export, export_split, read_with
from claimreview.formats import FORMATS, UnknownFormat, by_name, detect, for_output
from claimreview.io import WriteRefused, write_output
from claimreview.readers.base import Source
from claimreview.validation.diagnostics import Diagnostic, has_errors

if TYPE_CHECKING:
    from claimreview.engines import Stats

EXIT_OK, EXIT_INVALID, EXIT_CANNOT_RUN = 0, 1, 2

readable = [n for n, f in FORMATS.items() if f.can_read]
writable = [n for n, f in FORMATS.items() if f.can_write]


class _Fail(click.ClickException):
    """Ends the command with a one-line message on stderr and the given exit code."""

    def __init__(self, message: str, code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]  # click declares it on the class; set per instance

    def show(self, file: Any = None) -> None:
        click.echo(f"claimreview: {self.format_message()}", err=True)


def _github(text: str, prop: bool = False) -> str:
    """Escape a workflow-command message (or, with ``prop``, a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _render_one(d: Diagnostic, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(d.as_dict(), ensure_ascii=False)
    if fmt == "github":
        props = [f"file={_github(d.file, prop=True)}"] if d.file else []
        if d.line is not None:
            props.append(f"line={d.line}")
        if d.column is not None:
            props.append(f"col={d.column}")
        props.append(f"title={_github(d.code, prop=True)}")
        message = f"{d.pointer}: {d.message}" if d.pointer else d.message
        return f"::{d.severity.value} {','.join(props)}::{_github(message)}"
    return d.render()


d_render = Diagnostic.render


def _cores() -> int:
    """The cores this process may use: the default of --jobs."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


def _summary_line(stats: Stats) -> str:
    verdict = "invalid" if stats.errors else "valid"
    line = (f"{_plural(stats.files, 'file')}, {_plural(stats.items, 'item')} checked: "
            f"{_plural(stats.errors, 'error')}, {_plural(stats.warnings, 'warning')} ({verdict})")
    if stats.ignored:
        line += f"; {stats.ignored:,} not reported (--select/--ignore)"
    if stats.by_code:
        line += "\n  by code: " + ", ".join(f"{code} {n:,}" for code, n in stats.by_code.most_common())
    return line


class _Progress:
    """Items read and items/s on one stderr line, redrawn at most ten times a second, shown only
    after half a second of work."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()
        self.shown = False

    def __call__(self, stats: Stats) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 or now - self.start < 0.5:
            return
        self.last = now
        done = f", {100 * stats.bytes_read // stats.bytes_total}%" if stats.bytes_total else ""
        rate = stats.items / (now - self.start)
        click.echo(f"\r\x1b[K{stats.file}: {stats.items:,} items, {rate:,.0f} items/s{done}", err=True, nl=False)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(None, "--version", package_name="claimreview", prog_name="claimreview")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails unexpectedly.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Structured fact-check data: ClaimReview JSON-LD, HTML, CSV and Markdown, validated."""
    ctx.obj = {"debug": debug}


@cli.command()
def formats() -> None:
    """List the formats claimreview reads and writes."""
    width = max(len(n) for n in FORMATS)
    for name, fmt in FORMATS.items():
        mode = "+".join(m for m, can in (("read", fmt.can_read), ("write", fmt.can_write)) if can)
        click.echo(f"{name:<{width}}  {mode:<10}  {' '.join(fmt.suffixes) or '-':<16}  {fmt.description}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """What a diagnostic CODE means, how severe it is and why, and what counts towards the verdict.

    Example: claimreview explain vocab.property-not-for-type"""
    import difflib

    from claimreview.validation import ld, scope, vocabulary
    from claimreview.validation.catalogue import catalogue

    entries = catalogue()
    found = entries.get(code)
    if found is None:
        close = difflib.get_close_matches(code, entries, n=1)
        raise _Fail(f"unknown code {code!r}" + (f"; did you mean {close[0]!r}?" if close else
                                                "; claimreview codes lists them all"))
    paragraphs = [f"{found.severity.value}: {found.text}"]
    if found in vocabulary.CODES or found in ld.TERM_CODES:
        paragraphs.append(vocabulary.SEVERITIES)
    paragraphs.append(scope.VERDICT)
    click.echo(code + "\n\n" + "\n\n".join(click.wrap_text(p, width=100) for p in paragraphs))


@cli.command()
@click.option("--markdown", is_flag=True, help="As a Markdown table, for the docs.")
def codes(markdown: bool) -> None:
    """List every diagnostic code with what it means."""
    from claimreview.validation.catalogue import catalogue

    entries = catalogue()
    if markdown:
        click.echo("| code | severity | meaning |\n| --- | --- | --- |")
        for name, code in entries.items():
            escaped = code.text.replace("|", r"\|")
            click.echo(f"| `{name}` | {code.severity} | {escaped} |")
        return
    width = max(map(len, entries))
    for name, code in entries.items():
        click.echo(f"{name:<{width}}  {code.severity:<7}  {code.text}")


@cli.command()
@click.argument("name", required=False)
@click.option("--write", is_flag=True, help="Regenerate every committed schema file from the models.")
def schema(name: str | None, write: bool) -> None:
    """Print the JSON Schema NAME (document, claimreview, ...), or regenerate them all."""
    from claimreview.schemas.generate import GENERATORS, fresh, write_all

    if write:
        for path in write_all():
            click.echo(f"wrote {path}", err=True)
        return
    if name is None or name not in GENERATORS:
        raise _Fail(f"name a schema: {', '.join(GENERATORS)}")
    click.echo(fresh(name), nl=False)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--from", "from_", type=click.Choice(readable), help="Input format (default: by extension and content).")
@click.option("--format", "report", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="How the report is shown.")
@click.option("--rules", help="ClaimReview rule set (default: the newest).")
@click.option("--page-url", help="URL of the page the markup is for; ClaimReview urls must be on its domain.")
@click.option("--strict/--no-strict", default=None, help="Warnings fail too.")
@click.option("--scope", type=click.Choice(["review", "page"]), default=None,
              help="What the verdict is about: each ClaimReview and the nodes it references (errors elsewhere on "
              "the page are warnings; the default), or the whole page's markup.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Report only these codes or prefixes, comma-separated (e.g. claimreview,json.syntax).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Do not report these codes or prefixes (e.g. claimreview.claim-reviewed-too-long,vocab).")
@click.option("--vocabulary/--no-vocabulary", default=None,
              help="Also check every feed record against the schema.org vocabulary (several times slower).")
@click.option("--require-sources", is_flag=True,
              help="Warn about every fact of a document that cites no source (the article's words, another "
              "document, or an inference marked as one).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=_cores(), show_default="the cores",
              help="Processes that check a big feed file's records (output in input order, as with 1).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line and no progress bar.")
def validate(inputs: tuple[str, ...], from_: str | None, report: str, rules: str | None, page_url: str | None,
             strict: bool | None, scope: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
             vocabulary: bool | None, require_sources: bool, jobs: int, quiet: bool) -> None:
    """Check claim files and report every problem found. INPUTS may be files, folders (searched for
    claim files), glob patterns or - for stdin. Feeds (JSON arrays, DataFeeds, JSON Lines) are
    checked record by record in constant memory. Settings (rules, scope, strict, vocabulary,
    select, ignore) may also come from [tool.claimreview] in pyproject.toml or a .claimreview.toml,
    found from the current folder upward; the command line wins.

    Example: claimreview validate feed.jsonl --jobs 2 --format github"""
    from claimreview import config
    from claimreview.api import check_input
    from claimreview.engines import Stats
    from claimreview.readers.feed import expand
    from claimreview.validation.record import Settings

    try:
        found = config.load().values
    except config.ConfigError as exc:
        raise _Fail(str(exc)) from None
    rules = rules if rules is not None else found.get("rules")
    scope = scope or found.get("scope", "review")
    strict = strict if strict is not None else bool(found.get("strict", False))
    vocabulary = vocabulary if vocabulary is not None else bool(found.get("vocabulary", False))
    chosen = config.codes(select) if select else list(found.get("select", []))
    dropped = config.codes(ignore) + list(found.get("ignore", []))
    try:
        settings = Settings(rules, page_url, vocabulary, scope or "review", require_sources).checked()
    except ValueError as exc:
        raise _Fail(str(exc)) from None
    gc.freeze()  # what is loaded so far lives for the whole run: the collector need not walk it again
    stats = Stats(keep=config.selector(chosen, dropped))
    progress = _Progress() if sys.stderr.isatty() and not quiet else None
    first = True
    cannot_run = False
    out = sys.stdout
    render = d_render if report == "text" else (lambda d: _render_one(d, report))

    def emit(d: Diagnostic) -> None:
        nonlocal first, cannot_run
        cannot_run |= d.cannot_run
        if not stats.reported(d):
            return
        if progress is not None:
            progress.clear()
        if report == "json":
            out.write(("{\n  \"diagnostics\": [\n    " if first else ",\n    ") + _render_one(d, "json"))
        else:
            out.write(render(d) + "\n")  # buffered: a flush per finding costs more than the check
        first = False

    paths, missing = expand(inputs)
    for d in missing:
        emit(stats.count(d))
    for path in paths:
        for d in check_input(path, from_, settings, stats=stats, progress=progress, jobs=jobs):
            emit(d)
    if progress is not None:
        progress.clear()
    failed = stats.errors > 0 or (strict and stats.warnings > 0)
    if report == "json":
        summary = json.dumps({"valid": not failed, "strict": strict, **stats.as_dict()}, ensure_ascii=False)
        out.write(("{\n  \"diagnostics\": [],\n  " if first else "\n  ],\n  ") + summary[1:-1] + "\n}\n")
    out.flush()
    if report != "json" and not quiet:
        click.echo(_summary_line(stats), err=True)
    sys.exit(EXIT_CANNOT_RUN if cannot_run else EXIT_INVALID if failed else EXIT_OK)


@cli.command()
@click.option("-o", "--output", default="-", show_default=True, help="Where to write it; - is stdout.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def new(output: str, force: bool) -> None:
    """Write a commented fact check to fill in, as a claimreview YAML file. Each field left empty is
    an error at its line in `claimreview validate`, until it is filled.

    Example: claimreview new -o factcheck.yaml"""
    from importlib.resources import files

    template = files("claimreview").joinpath("templates/new.yaml").read_bytes()
    if output != "-" and Path(output).exists() and not force:
        raise _Fail(f"{output} exists: choose another name, or --force to replace it", EXIT_INVALID)
    try:
        write_output(output, template)
    except WriteRefused as exc:
        raise _Fail(str(exc)) from None
    if output != "-":
        click.echo(f"wrote {output}: fill it in, then claimreview validate {output}", err=True)


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers this computer only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(folder: str, host: str, port: int) -> None:
    """A local web app to write fact checks in FOLDER, with live validation and previews.
    Offline, no account; needs pip install 'claimreview[serve]'.

    Example: claimreview serve factchecks/ (then open http://127.0.0.1:8000/)"""
    from claimreview.serve import EXTRA_HINT

    path = Path(folder)
    if not path.is_dir():
        raise _Fail(f"{folder}: no such folder (create it first: mkdir {folder})")
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise _Fail(EXTRA_HINT) from None
    from claimreview.serve import run

    click.echo(f"claimreview serve: {path.resolve()} at http://{host}:{port}/ (Ctrl+C stops it)", err=True)
    run(path, host, port)


def _read_options(command: Any) -> Any:
    """The readers' declared options (``Format.options`` with ``side="read"``) as click options."""
    seen: set[str] = set()
    for fmt in reversed(list(FORMATS.values())):
        for opt in reversed(fmt.options):
            if opt.side != "read" or opt.name in seen:
                continue
            seen.add(opt.name)
            kind: Any = click.Choice(opt.choices) if opt.choices else opt.type
            command = click.option(f"--{opt.name.replace('_', '-')}", opt.name, type=kind, default=opt.default,
                                   multiple=opt.multiple, help=f"{fmt.name} input: {opt.help}")(command)
    return command


READ_OPTIONS = [o.name for f in FORMATS.values() for o in f.options if o.side == "read"]


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output path; - is stdout.")
@click.option("--from", "from_", type=click.Choice(readable), help="Input format (default: by extension and content).")
@click.option("--to", "to", type=click.Choice(writable), help="Output format (default: by the output's extension).")
@click.option("--profile", help="jsonld: graph (default) or claimreview.")
@click.option("--review", "review", help="jsonld/html: only the review with this id.")
@click.option("--standalone", is_flag=True, help="html: a whole page, not only the script block.")
@click.option("--layout", help="csv: tables (default) or sheet.")
@click.option("--excel", is_flag=True, help="csv: UTF-8 with a byte order mark, for spreadsheet programs.")
@click.option("--statements", is_flag=True, help="ftm: FtM statements, each with the source of its value.")
@click.option("--full", is_flag=True, help="markdown: append every person, organization and sanction, not only "
              "those the claims involve.")
@click.option("--page-url", help="URL of the page the markup is for.")
@click.option("--base", help="nquads/turtle: the IRI the graph's ids (#article) resolve against.")
@click.option("--rules", help="ClaimReview rule set the export is checked against (default: the newest).")
@click.option("--split", is_flag=True, help="html, jsonld: one file per review, named by its id, and an "
              "index, into the folder -o names.")
@click.option("--keep-going", is_flag=True,
              help="Feeds: write the valid records, and each rejected one with its diagnostics to --rejects.")
@click.option("--rejects", help="JSON Lines file for rejected records (default: OUTPUT.rejects.jsonl).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=_cores(), show_default="the cores",
              help="Processes that check a big feed file's records (output in input order, as with 1).")
@_read_options
def convert(inputs: tuple[str, ...], output: str, from_: str | None, to: str | None, keep_going: bool,
            rejects: str | None, jobs: int, **options: Any) -> None:
    """Convert INPUTS to another format. The output is checked before a byte is written. Feeds
    (JSON Lines, JSON arrays, DataFeeds), and several inputs, folders or globs merged into one
    output, stream record by record to every format that can take records.

    Example: claimreview convert feeds/*.jsonl --to csv --layout sheet -o reviews.csv"""
    if to is None:
        if output == "-":
            raise _Fail("name the output format with --to, or give an output path with an extension")
        try:
            to = for_output(output).name
        except UnknownFormat as exc:
            raise _Fail(str(exc)) from None
    if to == "csv" and options.get("layout") is None and output.lower().endswith(".csv"):
        options["layout"] = "sheet"  # one .csv file is a sheet; tables need a folder or a .zip
    from claimreview.api import streams as streams_as_records
    from claimreview.readers.feed import expand, plan

    reader_options = {k: options.pop(k) for k in READ_OPTIONS}
    split = options.pop("split")

    paths, missing = expand(inputs)
    if missing:
        _report(missing)
        raise _Fail(f"{missing[0].file}: {missing[0].message}")
    # stdin is read once, here: it cannot be opened again to be read whole after its head was sniffed
    sources = [Source.from_arg(p) if p == "-" else Source(name=p, path=Path(p)) for p in paths]
    streams = len(sources) > 1
    if not streams:
        try:
            opened = plan(sources[0], from_)
            opened.close()
            streams = opened.layout is not None and streams_as_records(opened, from_)
        except OSError:
            streams = False
    if keep_going and not streams:
        raise _Fail("--keep-going applies to feeds and to several inputs: this input is read whole")
    if streams and not split and not any(v not in (None, False, ()) for v in reader_options.values()) \
            and by_name(to).writer is not None:
        _convert_records(sources, output, from_, to, keep_going, rejects, jobs, options)
        return
    if len(sources) > 1:
        raise _Fail(f"--to {to} takes one input: it cannot be written record by record")
    _convert_document(sources[0], output, from_, to, options, reader_options, split)


def _convert_document(source: Source, output: str, from_: str | None, to: str, options: dict[str, Any],
                      reader_options: dict[str, Any], split: bool) -> None:
    """One input read whole, exported whole (or split, one file per review)."""
    reader_options = {"rules": options.get("rules"), "page_url": options.get("page_url"), **reader_options}
    if split and (output == "-" or Path(output).suffix):
        raise _Fail("--split writes a folder: name it with -o, e.g. -o snippets/")
    try:
        fmt = by_name(from_) if from_ else detect(source)
        loaded = read_with(fmt, source, **reader_options)
    except ValueError as exc:  # an unknown format, rule set or page URL
        raise _Fail(str(exc)) from None
    _report(loaded.diagnostics)
    if loaded.document is None or has_errors(loaded.diagnostics):
        raise _Fail(f"{source.name} is not valid; nothing was written", EXIT_INVALID)
    try:
        result = export_split(loaded.document, to, **options) if split else export(loaded.document, to, **options)
    except ValueError as exc:  # ExportError: an option that does not apply; or a bad rule set or page URL
        raise _Fail(str(exc)) from None
    _report([d if d.file else d.at(file=output if output != "-" else "<stdout>") for d in result.diagnostics])
    if result.output is None:
        raise _Fail(f"the {to} export failed its checks; nothing was written", EXIT_INVALID)
    try:
        write_output(output, result.output, [source.path] if source.path else [])
    except WriteRefused as exc:
        raise _Fail(str(exc)) from None
    if output != "-":
        click.echo(f"wrote {output}", err=True)


def _convert_records(sources: list[Source], output: str, from_: str | None, to: str, keep_going: bool,
                     rejects: str | None, jobs: int, options: dict[str, Any]) -> None:
    """Feeds and several inputs: record by record into one output, in bounded memory; written
    only when no record has an error, or, with --keep-going, the valid ones."""
    from claimreview.api import convert_records
    from claimreview.validation.record import Settings

    if keep_going and rejects is None:
        if output == "-":
            raise _Fail("--keep-going with output to stdout: name the rejects file with --rejects")
        rejects = f"{output.rstrip('/')}.rejects.jsonl"
    rules, page_url = options.pop("rules", None), options.pop("page_url", None)
    out = sys.stderr
    try:
        done = convert_records(sources, to, output, fmt=from_, settings=Settings(rules, page_url),
                               keep_going=keep_going, rejects=rejects, jobs=jobs,
                               report=lambda d: print(d.render(), file=out), **options)
    except (ValueError, WriteRefused) as exc:  # a bad rule set or page URL, an option that does not apply
        raise _Fail(str(exc)) from None
    out.flush()
    if done.failed and not keep_going:
        names = ", ".join(s.name for s in sources)
        raise _Fail(f"{names} {'is' if len(sources) == 1 else 'are'} not valid; nothing was written", EXIT_INVALID)
    if output != "-":
        click.echo(f"wrote {output}: {_plural(done.written, 'record')}"
                   + (f"; {_plural(done.rejected, 'rejected record')} in {rejects}" if keep_going else ""), err=True)
    if done.failed:
        sys.exit(EXIT_INVALID)


@cli.command()
@click.argument("input_", metavar="INPUT")
@click.argument("links_file", metavar="LINKS")
@click.option("-o", "--output", default="-", show_default=True, help="Output path; - is stdout.")
@click.option("--to", "to", type=click.Choice(["yaml", "json"]), help="Output format (default: by the output's "
              "extension, else yaml).")
def link(input_: str, links_file: str, output: str, to: str | None) -> None:
    """Give the people and organizations of INPUT the Wikidata and OpenSanctions ids that the
    link file LINKS names for them, offline. Example: claimreview link article.yaml links.yaml -o linked.yaml"""
    from claimreview.links import apply_links, read_links

    source = Source.from_arg(input_)
    try:
        loaded = read_with(detect(source), source)
    except ValueError as exc:
        raise _Fail(str(exc)) from None
    _report(loaded.diagnostics)
    if loaded.document is None or has_errors(loaded.diagnostics):
        raise _Fail(f"{source.name} is not valid; nothing was written", EXIT_INVALID)
    try:
        data = Path(links_file).read_bytes()
    except OSError as exc:
        raise _Fail(f"{links_file}: {exc.strerror or exc}") from None
    links, found = read_links(data, links_file)
    _report(found)
    if links is None or has_errors(found):
        raise _Fail(f"{links_file} is not valid; nothing was written", EXIT_INVALID)
    doc, notes = apply_links(loaded.document, links, links_file)
    _report(notes)
    fmt = to or ("json" if output.lower().endswith(".json") else "yaml")
    result = export(doc, fmt)
    _report(result.diagnostics)
    if result.output is None:
        raise _Fail(f"the {fmt} export failed its checks; nothing was written", EXIT_INVALID)
    try:
        write_output(output, result.output, [p for p in (source.path, Path(links_file)) if p is not None])
    except WriteRefused as exc:
        raise _Fail(str(exc)) from None
    if output != "-":
        click.echo(f"wrote {output}", err=True)


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    if diagnostics:
        click.echo("\n".join(d.render() for d in diagnostics), err=True)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="claimreview", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except BrokenPipeError:
        # a closed pipe (| head) ends quietly; point stdout at devnull so the interpreter's final flush is silent
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except OSError as exc:
        if debug:
            raise
        click.echo(f"claimreview: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except Exception as exc:  # a bug, not bad input: say so plainly
        if debug:
            raise
        click.echo(f"claimreview: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback, "
                   "and please report it)", err=True)
        sys.exit(3)
    sys.exit(EXIT_OK)
