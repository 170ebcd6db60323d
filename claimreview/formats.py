"""The format registry: one line per format.

Readers, exporters and sniffers are named as ``"module:attribute"`` and imported on first use,
so ``claimreview --help`` does not pay for pyld or markdown-it, and a format's optional
dependency is needed only by those who use that format.
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


@dataclass(frozen=True)
class Option:
    """A typed option of a format's reader or exporter; the CLI makes ``--name-with-dashes`` of it,
    with its type, choices, default and help, and refuses it for formats that do not declare it."""

    name: str
    """The keyword the reader or exporter takes (``page_url``); on the command line ``--page-url``."""
    help: str
    side: Literal["read", "write"] = "write"
    type: type = str
    """str, int, float, or bool (a flag)."""
    choices: tuple[str, ...] = ()
    default: Any = None
    multiple: bool = False
    """May be given several times; the reader or exporter gets a tuple."""


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
    """"module:Class", a record writer: ``write(record)`` per record, ``close()`` to finish."""
    options: tuple[Option, ...] = ()
    codes: tuple[Code, ...] = ()
    """Every code the format's reader, exporter and writer report."""
    extra: str | None = None
    """The pip extra its optional dependencies come with (``pip install 'claimreview[parquet]'``)."""

    @property
    def can_read(self) -> bool:
        return self.reader is not None or self.records is not None

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

    def sniffs(self, head: bytes) -> bool:
        return self.sniff is None or bool(_attr(self.sniff)(head))


@cache
def _attr(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    return getattr(import_module(module), attr)


_R, _X = "claimreview.readers", "claimreview.exporters"
_K, _E = f"{_R}.document", f"{_X}.document"

FORMATS: dict[str, Format] = {
    "yaml": Format("yaml", "claimreview file, YAML", (".yaml", ".yml"), f"{_K}:read_yaml", f"{_E}:YamlExporter"),
    "factcheck-api": Format("factcheck-api", "Google Fact Check Tools API response (claims:search)", (".json",),
                            f"{_R}.factcheck_api:read", sniff=f"{_R}.factcheck_api:sniff"),
    "json": Format("json", "claimreview file, JSON", (".json",), f"{_K}:read_json", f"{_E}:JsonExporter",
                   sniff=f"{_K}:sniff_json", fallback=True),
    "jsonl": Format("jsonl", "JSON Lines: one ClaimReview per line", (".jsonl", ".ndjson"), f"{_R}.jsonl:read",
                    f"{_X}.jsonl:JsonlExporter", sniff=f"{_R}.jsonl:sniff", records=f"{_R}.jsonl:records",
                    writer=f"{_X}.jsonl:JsonlWriter"),
    "jsonld": Format("jsonld", "schema.org ClaimReview JSON-LD", (".jsonld", ".json"), f"{_R}.jsonld:read",
                     f"{_X}.jsonld:JsonLdExporter", sniff=f"{_R}.jsonld:sniff", records=f"{_R}.feed:array_records",
                     writer=f"{_X}.jsonld:DataFeedWriter"),
    "csv": Format("csv", "CSV: Data Package tables (folder or .zip) or one sheet of reviews", (".csv", ".zip", "/"),
                  f"{_R}.csv_:read", f"{_X}.csv_:CsvExporter", sniff=f"{_R}.csv_:sniff",
                  writer=f"{_X}.csv_:CsvWriter", options=(
                      Option("map", "sheet: what a header means, e.g. --map \"Fact-check URL=review_url\" "
                             "(repeatable; an empty column name ignores the header)", "read", multiple=True),
                      Option("mapping", "sheet: a mapping file (default: <sheet>.mapping.toml or .yaml beside it)",
                             "read"),
                      Option("date_format", "sheet: how dates such as 1/10/2025 are written", "read",
                             choices=("iso", "day-first", "month-first")),
                      Option("claimant_kind", "sheet: what a claimant without claimant_kind is (default: person)",
                             "read", choices=("person", "organization")),
                  )),
    "markdown": Format("markdown", "Markdown report", (".md", ".markdown"), None, f"{_X}.markdown:MarkdownExporter"),
    "parquet": Format("parquet", "Parquet: one flat row per ClaimReview, for DuckDB, Polars and pandas", (".parquet",),
                      None, f"{_X}.parquet:ParquetExporter", writer=f"{_X}.parquet:ReviewWriter", extra="parquet"),
    "wdc": Format("wdc", "Web Data Commons N-Quads (gzipped or not): each crawled page's ClaimReviews",
                  (".nq", ".gz"), f"{_R}.wdc:read", sniff=f"{_R}.wdc:sniff", records=f"{_R}.wdc:records",
                  extra="rdf"),
    "nquads": Format("nquads", "RDF N-Quads of the JSON-LD graph", (".nq",), None, f"{_X}.rdf:NQuadsExporter",
                     extra="rdf"),
    "turtle": Format("turtle", "RDF Turtle of the JSON-LD graph", (".ttl",), None, f"{_X}.rdf:TurtleExporter",
                     extra="rdf"),
    "html": Format("html", "HTML: ClaimReview script block, or a page with --standalone", (".html", ".htm"),
                   f"{_R}.html:read", f"{_X}.html:HtmlExporter"),
    "ftm": Format("ftm", "FollowTheMoney entities (JSON lines), or statements with --statements", (".ftm.jsonl",),
                  None, f"{_X}.ftm:FtmExporter", extra="ftm"),
}


class UnknownFormat(ValueError):
    pass


def by_name(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(f"unknown format {name!r}; known: {', '.join(FORMATS)}") from None


def for_output(path: str) -> Format:
    """The writable format for an output path, by its extension."""
    lower = path.lower()
    # the longest suffix wins: "x.ftm.jsonl" is FtM, not JSON Lines
    matches = [(len(s), fmt) for fmt in FORMATS.values() if fmt.can_write for s in fmt.suffixes if lower.endswith(s)]
    if matches:
        return max(matches, key=lambda m: m[0])[1]
    raise UnknownFormat(f"cannot tell the output format from {path!r}; name it with --to "
                        f"({', '.join(n for n, f in FORMATS.items() if f.can_write)})")


def written_only(name: str) -> Format | None:
    """The format a file of this name is written in when claimreview writes but cannot read it:
    its longest matching suffix belongs to a format without a reader ("x.md", "x.ftm.jsonl")."""
    lower = name.lower()
    matches = [(len(s), fmt) for fmt in FORMATS.values() for s in fmt.suffixes if s != "/" and lower.endswith(s)]
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
    candidates = [f for f in FORMATS.values() if f.can_read and (suffix in f.suffixes or not suffix)]
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
                        f"({', '.join(n for n, f in FORMATS.items() if f.can_read)})")


def content_format(head: bytes, besides: str) -> Format | None:
    """The readable format other than ``besides`` whose sniffer recognises this content, for a
    hint when a file's extension names the wrong format (JSON-LD saved as .csv); a page (text
    starting with ``<``) is html."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"<":
        return FORMATS["html"] if besides != "html" else None
    for fmt in FORMATS.values():
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
