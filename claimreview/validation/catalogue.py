"""Every diagnostic code, described once.

Each area keeps its codes beside the checks that report them (a ``CODES`` dict in the module);
this module gathers them so that ``claimreview codes`` and the docs can show them all, and a test
can prove that no code is reported without a description.
"""

from __future__ import annotations

from importlib import import_module

# Codes of the claimreview file readers and the model (claimreview.readers.text, strictjson, _yaml, _model).
CODES: dict[str, str] = {
    "input.unreadable": "error: The input could not be opened (missing, a folder where a file was "
    "expected, no permission).",
    "input.not-read": "warning: a file of a format claimreview writes but does not read (a Markdown report): "
    "not checked.",
    "input.format": "error: The input's format could not be told from its extension or content; name it with --from.",
    "input.too-large": "error: The document is larger than claimreview reads whole; split it or use a "
    "streamed feed format.",
    "input.encoding": "error: The input is not UTF-8 (or is UTF-16/32); re-save it as UTF-8.",
    "input.binary": "error: The input holds NUL bytes: it is a binary file, not a claim file.",
    "json.syntax": "error: The JSON is malformed or cut short; the position says where parsing stopped.",
    "json.duplicate-key": "error: A key appears twice in one object; JSON parsers keep one silently, "
    "claimreview refuses.",
    "json.non-finite-number": "error: NaN or Infinity, which are not JSON numbers.",
    "json.too-deep": "error: Nesting deeper than the parser allows (about 1,000 levels).",
    "yaml.syntax": "error: The YAML is malformed or cut short.",
    "yaml.empty": "error: The YAML file holds no document.",
    "yaml.duplicate-key": "error: A key appears twice in one mapping.",
    "yaml.non-finite-number": "error: A .nan or .inf value, which has no place in claim data.",
    "yaml.too-deep": "error: Nesting deeper than claimreview reads (200 levels; libyaml's own limit is lower).",
    "yaml.alias": "error: An anchor/alias or merge key; refused so that no file can expand into a 'billion laughs'.",
    "yaml.tag": "error: An explicit tag other than YAML's plain types (e.g. !!python/object), never constructed.",
    "model.missing-field": "error: A required field is missing.",
    "model.unknown-field": "error: A field the model does not know; never dropped silently (a 'did "
    "you mean' is offered).",
    "model.empty-string": "error: An empty or blank string; leave the field out when the value is unknown.",
    "model.invalid-id": "error: An id that is not letters, digits and . _ : - (starting with a letter or digit).",
    "model.invalid-url": "error: A URL that is not absolute http(s), or is padded with spaces.",
    "model.invalid-date": "error: A date that is not ISO 8601 (YYYY-MM-DD, YYYY-MM, YYYY, or a date-time).",
    "model.invalid-language": "error: A language tag that is not BCP 47.",
    "model.invalid-number": "error: A rating number that is not a finite number (text, a boolean, NaN).",
    "model.invalid-type": "error: A value of the wrong type (a list where a mapping belongs, ...).",
    "model.invalid-value": "error: A value outside the allowed set, or an appearance with neither "
    "url, outlet nor description.",
    "model.format-version": "error: A claimreview file format version this release does not read.",
    "model.duplicate-id": "error: Two entities share one id.",
    "model.unknown-id": "error: A reference to an id no entity has.",
    "model.wrong-kind": "error: A reference to an entity of the wrong kind (a reviewer that is a claim, ...).",
    "model.self-reference": "error: An organization named as its own parent.",
    "model.rating-scale": "error: A rating whose worst is not below its best.",
    "model.rating-out-of-scale": "error: A rating value outside worst..best.",
    "model.review-before-claim": "error: A review dated before the claim it reviews.",
    "schema.invalid": "error: output that fails its JSON Schema (a bug in an exporter, reported rather than written).",
}

# Modules that keep a CODES dict of their own, merged into the catalogue.
_MODULES = (
    "claimreview.validation.claimreview:CATALOGUE",  # rule sets, schema.org vocabulary, JSON-LD expansion
    "claimreview.validation.record:CODES",
    "claimreview.readers.jsonld:CODES",
    "claimreview.readers.document:CODES",
    "claimreview.readers.html:CODES",
    "claimreview.exporters.html:CODES",
    "claimreview.readers.csv_:CODES",
    "claimreview.exporters.csv_:CODES",
    "claimreview.readers.factcheck_api:CODES",
    "claimreview.exporters.markdown:CODES",
)


def catalogue() -> dict[str, str]:
    merged = dict(CODES)
    for spec in _MODULES:
        module, _, name = spec.partition(":")
        codes = getattr(import_module(module), name)
        # a room's CODES: Code objects, or (until every room declares Code objects) name -> text
        merged.update(codes if isinstance(codes, dict) else {c.name: f"{c.severity}: {c.text}" for c in codes})
    return dict(sorted(merged.items()))
