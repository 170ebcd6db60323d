"""The ``claimreview`` command: parse arguments, call the library, render diagnostics. Thin on purpose.

Exit codes: 0 valid (warnings allowed), 1 invalid input or refused export, 2 could not run.
"""

from __future__ import annotations

import gc
import io
import os
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext as _nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NoReturn

import click
from click.core import ParameterSource

from claimreview.api import export, export_split, read_with
from claimreview.formats import Format, UnknownFormat, by_name, detect, for_output
from claimreview.formats import Option as FormatOption
from claimreview.formats import formats as formats_registry
from claimreview.formats import options as registry_options
from claimreview.io import WriteRefused, clean_up_on_sigterm, output_file, plan, write_output
from claimreview.readers.base import Source
from claimreview.reporters import REPORTERS, Summary
from claimreview.validation.diagnostics import Diagnostic, has_errors

if TYPE_CHECKING:
    from claimreview.engines import Stats
    from claimreview.readers.feed import Input
    from claimreview.validation.record import Settings

EXIT_OK, EXIT_INVALID, EXIT_CANNOT_RUN = 0, 1, 2


def _cores() -> int:
    """The cores this process may use: the default of --jobs."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"



class _Fail(click.ClickException):
    """Ends the command with a one-line message on stderr and the given exit code."""

    def __init__(self, message: str, code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]  # click declares it on the class; set per instance

    def show(self, file: Any = None) -> None:
        click.echo(f"claimreview: {self.format_message()}", err=True)


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


class _Commands(click.Group):
    """Commands whose options come from the format registry are made when first asked for, so that
    ``claimreview --help`` and ``validate`` import no format module."""

    lazy: ClassVar[dict[str, tuple[Callable[[], click.Command], str]]] = {
        "convert": (lambda: _convert_command(), "Convert INPUTS to another format."),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            self.add_command(self.lazy[cmd_name][0](), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None:
                rows.append((name, self.lazy[name][1]))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(None, "--version", package_name="claimreview", prog_name="claimreview")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails unexpectedly.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Structured fact-check data: ClaimReview JSON-LD, HTML, CSV and Markdown, validated."""
    ctx.obj = {"debug": debug}


@cli.command()
def formats() -> None:
    """List the formats claimreview reads and writes."""
    found = formats_registry()
    width = max(len(n) for n in found)
    for name, fmt in found.items():
        mode = "+".join(m for m, can in (("read", fmt.can_read), ("write", fmt.can_write)) if can)
        click.echo(f"{name:<{width}}  {mode:<10}  {' '.join(fmt.suffixes) or '-':<16}  {fmt.description}")


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


class _FormatName(click.ParamType):  # type: ignore[type-arg]
    """A format name, checked against the registry when given (so that ``--help`` imports no format
    module); a misspelling gets a "did you mean" (``md``: markdown)."""

    def __init__(self, can: Literal["read", "write"], names: Sequence[str] = ()) -> None:
        self.can, self.names = can, names
        self.name = "format"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return f"[{'|'.join(self.names)}]" if self.names else "FORMAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return by_name(str(value), self.can).name
        except UnknownFormat as exc:
            self.fail(str(exc), param, ctx)


class _Choice(click.Choice):  # type: ignore[type-arg]
    """click.Choice with a "did you mean" for a misspelt value."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        import difflib  # only for a mistake

        close = difflib.get_close_matches(str(value), [str(c) for c in self.choices], n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        self.fail(f"{value!r} is not one of {', '.join(map(repr, self.choices))}{hint}", param, ctx)


def _applies(option: FormatOption) -> str:
    """Which formats an option is for, as its help says it: ``--from jsonld, html; --to csv``."""
    found = formats_registry()
    ends: tuple[tuple[str, Literal["read", "write"]], ...] = (("--from", "read"), ("--to", "write"))
    sides = [(flag, [n for n, f in found.items() if f.takes(option, side)]) for flag, side in ends]
    return "; ".join(f"{flag} {', '.join(names)}" for flag, names in sides if names)


def _convert_command() -> click.Command:
    """``convert``, its format options made from the formats' declarations."""
    found = formats_registry()
    params: list[click.Parameter] = [
        click.Argument(["inputs"], metavar="INPUTS...", nargs=-1, required=True),
        click.Option(["-o", "--output"], default="-", show_default=True, help="Output path; - is stdout."),
        click.Option(["--from", "from_"], type=_FormatName("read", [n for n, f in found.items() if f.can_read]),
                     help="Input format (default: by extension and content)."),
        click.Option(["--to", "to"], type=_FormatName("write", [n for n, f in found.items() if f.can_write]),
                     help="Output format (default: by the output's extension)."),
        click.Option(["--parents"], is_flag=True, help="Create the output's missing parent folders (like mkdir -p)."),
        click.Option(["--keep-going"], is_flag=True, help="Record streams: write the valid records, and each "
                     "rejected one with its diagnostics to --rejects (default: nothing is written when one fails)."),
        click.Option(["--rejects"], help="JSON Lines file for the rejected records of --keep-going (default: "
                     "OUTPUT.rejects.jsonl)."),
        click.Option(["-j", "--jobs"], type=click.IntRange(min=1), default=_cores(), show_default="the cores",
                     help="Processes that check a big feed file's records (output in input order, as with 1)."),
    ]
    for option in registry_options().values():
        kind: Any = _Choice(option.choices) if option.choices else option.type
        params.append(click.Option([option.flag, option.name], type=None if option.type is bool else kind,
                                   is_flag=option.type is bool, multiple=option.multiple,
                                   default=() if option.multiple else option.default,
                                   help=f"{option.help} [{_applies(option)}]"))
    return click.Command("convert", params=params, callback=click.pass_context(_convert), help=CONVERT_HELP,
                         short_help=CONVERT_HELP.split(". ")[0] + ".")


CONVERT_HELP = """Convert INPUTS to another format. The output is checked before a byte is written.
Record streams (feeds: JSON Lines, JSON arrays, DataFeeds; crawls), and several inputs, folders or
globs merged into one output, go record by record in bounded memory into every format that
declares a record writer; other inputs are read whole.

\b
Examples:
  claimreview convert article.yaml -o article.jsonld
  claimreview convert feed.json --to jsonl -o feed.jsonl
  claimreview convert feeds/*.jsonl --keep-going -o reviews.parquet
  claimreview convert article.yaml --to csv --layout sheet -o reviews.csv"""


def _convert(ctx: click.Context, inputs: tuple[str, ...], output: str, from_: str | None, to: str | None,
             parents: bool, keep_going: bool, rejects: str | None, jobs: int, **values: Any) -> None:
    from claimreview.readers.feed import expand

    given = {k: v for k, v in values.items() if ctx.get_parameter_source(k) is not ParameterSource.DEFAULT}
    if to is None:
        if output == "-":
            raise _Fail("name the output format with --to, or give an output path with an extension")
        try:
            to = for_output(output).name
        except UnknownFormat as exc:
            raise _Fail(str(exc)) from None
    paths, missing = expand(inputs)
    if missing:
        raise _Fail(f"{missing[0].file}: {missing[0].message}")
    try:
        plan(output, [*inputs, *paths], folder=None, parents=parents)  # refused before anything is read
    except WriteRefused as exc:
        raise _Fail(str(exc)) from None
    target = by_name(to)
    # stdin, a FIFO or a device is opened (and its head read) at most once: it cannot be read again
    special = [p for p in paths if p == "-" or not (Path(p).is_file() or Path(p).is_dir())]
    source = _source(paths[0]) if len(paths) == 1 and not special else None
    try:
        reader = by_name(from_) if from_ else detect(source) if source is not None else None
    except ValueError as exc:  # the input's format cannot be told: a record stream may still say what it is
        undetected: ValueError | None = exc
        reader = None
    else:
        undetected = None
    for name in given:  # an option neither end of this conversion takes is a mistake, not a no-op
        option = registry_options()[name]
        if not (target.takes(option, "write") or (reader is None or reader.takes(option, "read"))):
            raise click.UsageError(f"{option.flag} applies to {_applies(option)}, not to "
                                   f"{f'--from {reader.name} ' if reader else ''}--to {to}", ctx)
    options = {**{o.name: o.default for o in target.options}, **target.option_defaults(output), **given}
    write_options = {k: v for k, v in options.items() if any(o.name == k and o.writes() for o in target.options)}
    read_options = {k: v for k, v in options.items()
                    if reader is not None and any(o.name == k and o.reads() for o in reader.options)}
    opened = None
    if _takes_records(target, options):
        records, opened = _record_inputs(paths, from_)
        if records is not None:
            _convert_records(records, output, from_, target, options, keep_going, rejects, jobs, parents)
            return
    if keep_going:
        raise _Fail("--keep-going applies to record streams (feeds, crawls) and several inputs: this input is "
                    "read whole")
    if len(paths) > 1:
        raise _Fail(f"--to {to} takes one input: it is not written record by record")
    if opened is not None:  # stdin, a FIFO or a device whose head was read: the rest is read up to the limit
        source = opened.whole_source()
        opened.close()
    source = source or _source(paths[0])
    try:
        reader = reader or detect(source)
    except ValueError as exc:
        raise _Fail(str(undetected or exc)) from None
    loaded = read_with(reader, source, **read_options)
    _report(loaded.diagnostics)
    if loaded.document is None or has_errors(loaded.diagnostics):
        raise _Fail(f"{source.name} is not valid; nothing was written", EXIT_INVALID)
    try:
        split = write_options.pop("split", False)
        if split and (output == "-" or Path(output).suffix):
            raise _Fail("--split writes a folder: name it with -o, e.g. -o snippets/")
        result = (export_split if split else export)(loaded.document, to, **write_options)
    except ValueError as exc:  # ExportError: an option that does not apply; or a bad rule set or page URL
        raise _Fail(str(exc)) from None
    _report([d if d.file else d.at(file=output if output != "-" else "<stdout>") for d in result.diagnostics])
    if result.output is None:
        raise _Fail(f"the {to} export failed its checks; nothing was written", EXIT_INVALID)
    try:
        write_output(output, result.output, [*inputs, *paths], parents=parents)
    except WriteRefused as exc:
        raise _Fail(str(exc)) from None
    if output != "-":
        click.echo(f"wrote {output}", err=True)


def _source(input_: str) -> Source:
    try:
        return Source.from_arg(input_)
    except OSError as exc:  # a pipe nobody writes to, a device that cannot be read
        raise _Fail(f"{input_}: cannot read: {exc.strerror or exc}") from None


RECORD_SETTINGS = ("rules", "page_url")
"""Options a record stream takes as the run's settings (:class:`~claimreview.validation.record.Settings`)."""


def _takes_records(target: Format, options: dict[str, Any]) -> bool:
    """Can the format's record writer do what is asked? Not when it has none, nor when an option
    is set that it does not take (``--review``, ``--split``: choices about a whole document), nor
    when a reader option is given (the reader reads the input whole)."""
    if target.writer is None:
        return False
    takes = {*target.writer_class().takes, *RECORD_SETTINGS}
    return all(k in takes for k, v in options.items() if v not in (None, False, ()))


def _record_inputs(paths: list[str], from_: str | None) -> tuple[list[str | Input] | None, Input | None]:
    """The inputs as a record stream (several inputs always are), or None and the one input opened
    when it is read whole. A FIFO or stdin that names itself a feed (``.jsonl``, ``--from jsonl``)
    is not opened here: its head would block until 64 KiB arrived."""
    from claimreview.pipeline import streams
    from claimreview.readers.feed import layout_of, plan

    if len(paths) > 1:
        return list(paths), None
    path = paths[0]
    special = path == "-" or not (Path(path).is_file() or Path(path).is_dir())
    if special and len(Path(path).suffixes) <= 1 and layout_of(b"", Source(name=path).suffix, from_) is not None:
        return [path], None
    try:
        opened = plan(path, from_)
    except OSError as exc:  # a pipe nobody writes to, a device that cannot be read
        raise _Fail(f"{path}: cannot read: {exc.strerror or exc}") from None
    if streams(opened, from_):
        return [opened], None
    if opened.path is not None and (opened.path.is_file() or opened.path.is_dir()):
        opened.close()
        return None, None
    return None, opened


def _convert_records(inputs: list[str | Input], output: str, from_: str | None, target: Format,
                     options: dict[str, Any], keep_going: bool, rejects: str | None, jobs: int,
                     parents: bool) -> None:
    """Record streams and several inputs: record by record into one output, in bounded memory;
    written only when no record has an error, or, with --keep-going, the valid ones."""
    from claimreview.pipeline import convert_records
    from claimreview.validation.record import Settings

    if keep_going and rejects is None:
        if output == "-":
            raise _Fail("--keep-going with output to stdout: name the rejects file with --rejects")
        rejects = f"{output.rstrip('/')}.rejects.jsonl"
    settings = {k: options.pop(k, None) for k in RECORD_SETTINGS}
    takes = target.writer_class().takes
    err = sys.stderr
    try:
        done = convert_records(inputs, target.name, output, fmt=from_, settings=Settings(**settings),
                               keep_going=keep_going, rejects=rejects, jobs=jobs, parents=parents,
                               report=lambda d: print(d.render(), file=err),
                               **{k: v for k, v in options.items() if k in takes})
    except (ValueError, WriteRefused) as exc:  # a bad rule set or page URL, an output refused
        raise _Fail(str(exc)) from None
    err.flush()
    names = ", ".join(i if isinstance(i, str) else i.name for i in inputs)
    if done.failed and not keep_going:
        raise _Fail(f"{names} {'is' if len(inputs) == 1 else 'are'} not valid; nothing was written", EXIT_INVALID)
    if output != "-":
        click.echo(f"wrote {output}: {_plural(done.written, 'record')}"
                   + (f"; {_plural(done.rejected, 'rejected record')} in {rejects}" if keep_going else ""), err=True)
    if done.failed:
        sys.exit(EXIT_INVALID)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--from", "from_", type=_FormatName("read"),
              help="Input format (default: by extension and content; `claimreview formats` lists them).")
@click.option("--format", "report", type=_Choice(list(REPORTERS)), default="text", show_default=True,
              help="How the report is shown: " + "; ".join(f"{n}: {r.description}" for n, r in REPORTERS.items()) + ".")
@click.option("-o", "--output", default="-", show_default=True, help="Where the report goes; - is stdout.")
@click.option("--rules", help="ClaimReview rule set (default: the newest; `claimreview rules` lists them).")
@click.option("--page-url", help="URL of the page the markup is for; ClaimReview urls must be on its domain.")
@click.option("--strict/--no-strict", default=None, help="Warnings fail too.")
@click.option("--scope", type=_Choice(["review", "page"]), default=None,
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
def validate(inputs: tuple[str, ...], from_: str | None, report: str, output: str, rules: str | None,
             page_url: str | None, strict: bool | None, scope: str | None, select: tuple[str, ...],
             ignore: tuple[str, ...], vocabulary: bool | None, require_sources: bool, jobs: int, quiet: bool) -> None:
    """Check claim files and report every problem found. INPUTS may be files, folders (searched for
    claim files), glob patterns or - for stdin. Feeds (JSON arrays, DataFeeds, JSON Lines) are
    checked record by record in constant memory. Settings (rules, scope, strict, vocabulary,
    select, ignore) may also come from [tool.claimreview] in pyproject.toml or a .claimreview.toml,
    found from the current folder upward; the command line wins.

    \b
    Examples:
      claimreview validate article.jsonld
      claimreview validate feed.jsonl --format sarif -o findings.sarif
      claimreview validate big-feed.jsonl --jobs 2 --format parquet -o findings.parquet
      claimreview validate page.html --page-url https://factcheck.example.org/reviews/1"""
    from claimreview import config
    from claimreview.engines import Stats
    from claimreview.validation.record import Settings

    if sys.stdout is None and output == "-":
        raise _Fail("standard output is closed: the report has nowhere to go (redirect it to /dev/null instead)")
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
    try:
        with output_file(output, list(inputs)) if output != "-" else _nullcontext(None) as sink:
            failed, cannot_run = _report_findings(sink, report, quiet, rules, bool(strict), inputs, from_,
                                                  settings, stats, progress, jobs)
    except WriteRefused as exc:  # the report would replace an input; a full disk
        raise _Fail(str(exc)) from None
    sys.exit(EXIT_CANNOT_RUN if cannot_run else EXIT_INVALID if failed else EXIT_OK)


def _report_findings(sink: Any, report: str, quiet: bool, rules: str | None, strict: bool, inputs: tuple[str, ...],
                     from_: str | None, settings: Settings, stats: Stats, progress: _Progress | None,
                     jobs: int) -> tuple[bool, bool]:
    """Check every input and hand each finding to the reporter, which writes to ``sink`` (an
    :class:`~claimreview.io.Output`) or stdout; whether the run failed, and whether an input could
    not be checked at all."""
    from claimreview.pipeline import check_input
    from claimreview.readers.feed import expand

    cannot_run = False
    kind = REPORTERS[report]
    stream = sink.file if sink is not None else None
    if kind.binary:
        out: Any = stream if stream is not None else sys.stdout.buffer
    else:
        out = io.TextIOWrapper(stream, encoding="utf-8", newline="") if stream is not None else sys.stdout
    reporter = kind(out, sys.stderr, quiet=quiet, rules=rules)
    try:
        reporter.start()
    except RuntimeError as exc:  # a reporter's optional dependency is missing
        raise _Fail(str(exc)) from None

    def emit(d: Diagnostic) -> None:
        nonlocal cannot_run
        cannot_run |= d.cannot_run
        if not stats.reported(d):
            return
        if progress is not None:
            progress.clear()
        reporter.emit(d)

    paths, missing = expand(inputs)
    for d in missing:
        emit(stats.count(d))
    for path in paths:
        for d in check_input(path, from_, settings, stats=stats, progress=progress, jobs=jobs):
            emit(d)
    if progress is not None:
        progress.clear()
    failed = stats.errors > 0 or (strict and stats.warnings > 0)
    reporter.finish(Summary(stats, valid=not failed, strict=strict, cannot_run=cannot_run, rules=rules))
    out.flush()
    if sink is not None and not kind.binary:
        out.detach()
    return failed, cannot_run


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """What a diagnostic CODE means, why (the rule and its source), and bad and fixed markup.

    \b
    Example:
      claimreview explain claimreview.missing-url"""
    from claimreview.explain import explanation
    from claimreview.validation.catalogue import catalogue

    known = catalogue()
    if code not in known:
        import difflib

        close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else "; `claimreview codes` lists them"
        raise click.UsageError(f"unknown code {code!r}{hint}")
    click.echo(explanation(code))


@cli.command()
def rules() -> None:
    """The ClaimReview rule sets, their sources, and what each checks.

    \b
    Example:
      claimreview validate page.html --rules google-2025"""
    from claimreview.validation.catalogue import catalogue
    from claimreview.validation.claimreview import DEFAULT_RULES, RULESETS, rule_set

    known = catalogue()
    for name in RULESETS:
        rules = rule_set(name)
        click.echo(f"{name}{' (the default)' if name == DEFAULT_RULES else ''}: {rules.title}")
        click.echo(f"  source: {rules.source} (read {rules.read_on})")
        for code in (c for n, c in known.items() if n.startswith("claimreview.")):
            click.echo(f"  {code.name} ({code.severity.value}): {code.text}")
        media = rules.media_rules
        click.echo(f"  with MediaReview rules {media.name}: {media.title}")
        click.echo(f"    source: {media.source} (read {media.read_on})")
        for code in (c for n, c in known.items() if n.startswith("mediareview.")):
            click.echo(f"    {code.name} ({code.severity.value}): {code.text}")
    click.echo("Every rule set also checks:")
    for area, what in (("vocab.", "the schema.org vocabulary"), ("jsonld.", "JSON-LD expansion"),
                       ("registry.", "language tags (IANA subtag registry) and country codes (ISO 3166-1)"),
                       ("schema.", "the ClaimReview profile's JSON Schema (feed records)")):
        names = [n for n in known if n.startswith(area)]
        click.echo(f"  {what}: {', '.join(names)}")


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

    source = _source(input_)
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


def _guard_standard_streams() -> None:
    """A closed stdin, stdout or stderr gets /dev/null, so that no file claimreview opens takes
    its number (and output meant for the terminal lands in it); stdout stays marked closed."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            if fd == 1:
                sys.stdout = None  # what Python sets for a stream closed at start


def main(argv: Sequence[str] | None = None) -> NoReturn:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    _guard_standard_streams()
    clean_up_on_sigterm()
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
