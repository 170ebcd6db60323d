"""The format registry: it lists the modules that declare formats, and nothing else.

Each format is one module that declares ``FORMAT = Format(...)``: its name, suffixes, sniffing,
reader, exporter, record stream and writer, typed options and diagnostic codes. The CLI makes
``convert``'s options from the options, the catalogue gathers the codes, the docs list them all.
Format modules keep their top-level imports light (pydantic, pyld, pyarrow, ... inside
functions, or named as ``"module:attribute"`` and imported on first use), and the registry imports
them only when a format is first asked for, so ``claimreview --help`` and feed validation pay for
none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any, Literal

from claimreview.readers.base import Record, Source
from claimreview.validation.diagnostics import Code, Diagnostic

SNIFF_BYTES = 65536

MODULES = (
    "claimreview.readers.document:YAML",
    "claimreview.readers.factcheck_pages",
    "claimreview.readers.factcheck_api",
    "claimreview.readers.document:JSON",
    "claimreview.readers.jsonl",
    "claimreview.readers.envelope",
    "claimreview.readers.jsonld",
    "claimreview.readers.fcinsights",
    "claimreview.readers.csv_",
    "claimreview.exporters.markdown",
    "claimreview.exporters.parquet",
    "claimreview.readers.wdc",
    "claimreview.readers.html",
    "claimreview.readers.defacto_rss",
    "claimreview.exporters.rdf",
    "claimreview.exporters.ftm",
)
"""The modules that declare formats, in the order inputs are sniffed: the first format that
recognises a ``.json`` file reads it. ``module`` stands for its ``FORMAT`` (or for every format in
its ``FORMATS``, when it declares several); ``module:NAME`` picks one, where the sniffing order
puts another format between two of a module's."""


@dataclass(frozen=True)
class Option:
    """A typed option of a format's reader or exporter; the CLI makes ``--name-with-dashes`` of it,
    with its type, choices, default and help, and refuses it for formats that do not declare it."""

    name: str
    """The keyword the reader or exporter takes (``page_url``); on the command line ``--page-url``."""
    help: str
    side: Literal["read", "write", "both"] = "write"
    """Which end of a conversion takes it: the input's reader, the output's exporter, or both."""
    type: type = str
    """str, int, float, or bool (a flag)."""
    choices: tuple[str, ...] = ()
    default: Any = None
    multiple: bool = False
    """May be given several times; the reader or exporter gets a tuple."""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def reads(self) -> bool:
        return self.side in ("read", "both")

    def writes(self) -> bool:
        return self.side in ("write", "both")


RULES = Option("rules", "ClaimReview rule set the markup is read and the export is checked against (default: the "
               "newest; `claimreview rules` lists them).", side="both")
PAGE_URL = Option("page_url", "URL of the page the markup is for; ClaimReview urls must be on its domain.",
                  side="both")
REVIEW = Option("review", "Only the review with this id.")
PROFILE = Option("profile", "What the JSON-LD holds: the whole graph of the article's entities, or only the "
                 "ClaimReviews with what they reference (Google's profile).", choices=("graph", "claimreview"))
SPLIT = Option("split", "One file per review, named by its id, and an index, into the folder -o names.", type=bool)
CLAIMANT_KIND = Option("claimant_kind", "What a claimant the input does not type is: the Fact Check Tools API "
                       "never says (default: organization); a CSV sheet without claimant_kind (default: person).",
                       side="read", choices=("person", "organization"))
"""Options several formats take, declared once so that they mean the same everywhere."""


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    suffixes: tuple[str, ...]
    reader: str | None = None
    """"module:function", ``(Source, **options) -> Loaded``; unknown options are ignored."""
    exporter: str | None = None
    """"module:Class", an Exporter subclass."""
    sniff: str | None = None
    """"module:function", ``(head: bytes) -> bool``: does this input look like this format?"""
    fallback: bool = False
    """Reads an input of its suffixes that no sniffer recognises (an empty or broken .json file),
    so that its reader can say what is wrong."""
    records: str | None = None
    """"module:function", ``(Source, settings) -> Iterator[Record | Diagnostic]``: the input as a
    stream of records, in bounded memory (feeds, crawls)."""
    writer: str | None = None
    """"module:Class", a record writer (:class:`claimreview.exporters.base.RecordWriter`): made with
    the output target, ``write(record)`` per record, ``close()`` to put the output in place. With
    it, ``convert`` streams every record stream (feeds, crawls, several inputs) into the format in
    bounded memory instead of reading a whole Document."""
    options: tuple[Option, ...] = ()
    codes: tuple[Code | str, ...] = ()
    """Every code the format's reader, exporter and writer report: Code objects, or ``"module:NAME"``
    of a module's tuple of them (so that a reader lists its exporter's codes without importing it)."""
    extra: str | None = None
    """The pip extra its optional dependencies come with (``pip install 'claimreview[parquet]'``)."""
    defaults: str | None = None
    """"module:function", ``(output path) -> dict``: option defaults the output path implies (a
    ``.csv`` file is one sheet)."""
    aliases: tuple[str, ...] = ()
    """Other names people type for it (``md``); ``--to md`` suggests the format."""

    @property
    def can_read(self) -> bool:
        return self.reader is not None or self.records is not None

    @property
    def all_codes(self) -> tuple[Code, ...]:
        """:attr:`codes`, the named tuples imported."""
        return tuple(c for entry in self.codes for c in (_attr(entry) if isinstance(entry, str) else (entry,)))

    @property
    def can_write(self) -> bool:
        return self.exporter is not None

    def read(self, source: Source, **options: Any) -> Any:
        assert self.reader is not None, f"{self.name} has no reader"
        return _attr(self.reader)(source, **options)

    def stream(self, source: Source, settings: Any = None) -> Iterator[Record | Diagnostic] | None:
        """The input as a stream of records, when this format has one (else None)."""
        return _attr(self.records)(source, settings) if self.records is not None else None

    def exporter_instance(self) -> Any:
        assert self.exporter is not None, f"{self.name} has no exporter"
        return _attr(self.exporter)()

    def writer_class(self) -> Any:
        """The record writer (a :class:`claimreview.exporters.base.RecordWriter` subclass)."""
        assert self.writer is not None, f"{self.name} has no record writer"
        return _attr(self.writer)

    def option_defaults(self, output: str) -> dict[str, Any]:
        return dict(_attr(self.defaults)(output)) if self.defaults is not None and output != "-" else {}

    def takes(self, option: Option, side: Literal["read", "write"]) -> bool:
        """Does this format declare ``option`` for its reader (``read``) or its exporter (``write``)?"""
        if side == "read":
            return self.can_read and option in self.options and option.reads()
        return self.can_write and option in self.options and option.writes()

    def sniffs(self, head: bytes) -> bool:
        return self.sniff is None or bool(_attr(self.sniff)(head))


@cache
def _attr(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    return getattr(import_module(module), attr)


@cache
def formats() -> dict[str, Format]:
    """Every format by name, in :data:`MODULES` order; the format modules are imported here."""
    found: dict[str, Format] = {}
    for spec in MODULES:
        module_name, _, attr = spec.partition(":")
        module = import_module(module_name)
        declared = (getattr(module, attr),) if attr else getattr(module, "FORMATS", None) or (module.FORMAT,)
        for fmt in declared:
            assert isinstance(fmt, Format) and fmt.name not in found, spec
            found[fmt.name] = fmt
    return found


def options() -> dict[str, Option]:
    """Every option any format declares, by name (one name, one declaration)."""
    found: dict[str, Option] = {}
    for fmt in formats().values():
        for option in fmt.options:
            assert found.setdefault(option.name, option) == option, f"--{option.name} is declared twice, differently"
    return found


def codes() -> dict[str, Code]:
    """Every code the formats declare, by name."""
    return {c.name: c for fmt in formats().values() for c in fmt.all_codes}


def __getattr__(name: str) -> dict[str, Format]:
    if name == "FORMATS":  # the registry as a constant, imported on first use
        return formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class UnknownFormat(ValueError):
    pass


def by_name(name: str, can: Literal["read", "write"] | None = None) -> Format:
    """The format called ``name`` (that can read or write, when asked); an unknown name fails
    with a "did you mean" (by name, alias or suffix: ``md`` is markdown) and the known names."""
    known = {n: f for n, f in formats().items() if can is None or (f.can_read if can == "read" else f.can_write)}
    if name in known:
        return known[name]
    raise UnknownFormat(f"unknown format {name!r}{did_you_mean(name, known)}; known: {', '.join(known)}")


def did_you_mean(typed: str, known: dict[str, Format]) -> str:
    """``; did you mean 'markdown'?`` for a name that is an alias, a suffix or close to a known name."""
    import difflib  # only for a mistake

    word = typed.lower().lstrip(".")
    exact = [n for n, f in known.items() if word in f.aliases or f".{word}" in f.suffixes]
    close = exact[:1] or difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def for_output(path: str) -> Format:
    """The writable format for an output path, by its extension."""
    lower = path.lower()
    # the longest suffix wins: "x.ftm.jsonl" is FtM, not JSON Lines
    matches = [(len(s), fmt) for fmt in formats().values() if fmt.can_write for s in fmt.suffixes if lower.endswith(s)]
    if matches:
        return max(matches, key=lambda m: m[0])[1]
    raise UnknownFormat(f"cannot tell the output format from {path!r}; name it with --to "
                        f"({', '.join(n for n, f in formats().items() if f.can_write)})")


def written_only(name: str) -> Format | None:
    """The format a file of this name is written in when claimreview writes but cannot read it:
    its longest matching suffix belongs to a format without a reader ("x.md", "x.ftm.jsonl")."""
    lower = name.lower()
    matches = [(len(s), fmt) for fmt in formats().values() for s in fmt.suffixes if s != "/" and lower.endswith(s)]
    if not matches:
        return None
    best = max(matches, key=lambda m: m[0])[1]
    return None if best.can_read else best


def detect(source: Source) -> Format:
    """The readable format of an input: by extension, and by content where an extension is
    shared (a .json file may be a claimreview file, ClaimReview JSON-LD or an API response)."""
    suffix = source.suffix
    if source.path is not None and source.path.is_dir():
        suffix = "/"
    elif (unread := written_only(source.name)) is not None:
        raise UnknownFormat(f"{unread.description} files are written by claimreview, not read")
    candidates = [f for f in formats().values() if f.can_read and (suffix in f.suffixes or not suffix)]
    if len(candidates) == 1:
        return candidates[0]
    head = _head(source)
    for fmt in candidates:
        if fmt.sniff is not None and fmt.sniffs(head):
            return fmt
    unsniffed = [f for f in candidates if (f.sniff is None or f.fallback) and suffix]
    if len(unsniffed) == 1:
        return unsniffed[0]
    raise UnknownFormat(f"cannot tell the format of {source.name}; name it with --from "
                        f"({', '.join(n for n, f in formats().items() if f.can_read)})")


def content_format(head: bytes, besides: str) -> Format | None:
    """The readable format other than ``besides`` whose sniffer recognises this content, for a
    hint when a file's extension names the wrong format (JSON-LD saved as .csv); a page (text
    starting with ``<``) is html."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"<":
        return formats()["html"] if besides != "html" else None
    for fmt in formats().values():
        if fmt.name != besides and fmt.can_read and fmt.sniff is not None and fmt.sniffs(head):
            return fmt
    return None


def _head(source: Source) -> bytes:
    if source.path is not None and source.path.is_dir():
        return b""
    if source.data is not None:
        return source.data[:SNIFF_BYTES]
    with source.open() as fh:
        return fh.read(SNIFF_BYTES)
