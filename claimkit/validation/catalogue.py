"""Every diagnostic code, described once.

Each area keeps its codes beside the checks that report them (a ``CODES`` dict in the module);
this module gathers them so that ``claimkit codes`` and the docs can show them all, and a test
can prove that no code is reported without a description.
"""

from __future__ import annotations

from importlib import import_module

# Codes of the claimkit file readers and the model (claimkit.readers._text, _json, _yaml, _model).
CODES: dict[str, str] = {
    "input.unreadable": "The input could not be opened (missing, a folder where a file was expected, no permission).",
    "input.format": "The input's format could not be told from its extension or content; name it with --from.",
    "input.too-large": "The document is larger than claimkit reads whole; split it or use a streamed feed format.",
    "input.encoding": "The input is not UTF-8 (or is UTF-16/32); re-save it as UTF-8.",
    "input.binary": "The input holds NUL bytes: it is a binary file, not a claim file.",
    "json.syntax": "The JSON is malformed or cut short; the position says where parsing stopped.",
    "json.duplicate-key": "A key appears twice in one object; JSON parsers keep one silently, claimkit refuses.",
    "json.non-finite-number": "NaN or Infinity, which are not JSON numbers.",
    "json.too-deep": "Nesting deeper than the parser allows (about 1,000 levels).",
    "yaml.syntax": "The YAML is malformed or cut short.",
    "yaml.empty": "The YAML file holds no document.",
    "yaml.duplicate-key": "A key appears twice in one mapping.",
    "yaml.non-finite-number": "A .nan or .inf value, which has no place in claim data.",
    "yaml.too-deep": "Nesting deeper than claimkit reads (200 levels; libyaml's own limit is lower).",
    "yaml.alias": "An anchor/alias or merge key; refused so that no file can expand into a 'billion laughs'.",
    "yaml.tag": "An explicit tag other than YAML's plain types (e.g. !!python/object), never constructed.",
    "model.missing-field": "A required field is missing.",
    "model.unknown-field": "A field the model does not know; never dropped silently (a 'did you mean' is offered).",
    "model.empty-string": "An empty or blank string; leave the field out when the value is unknown.",
    "model.invalid-id": "An id that is not letters, digits and . _ : - (starting with a letter or digit).",
    "model.invalid-url": "A URL that is not absolute http(s), or is padded with spaces.",
    "model.invalid-date": "A date that is not ISO 8601 (YYYY-MM-DD, YYYY-MM, YYYY, or a date-time).",
    "model.invalid-language": "A language tag that is not BCP 47.",
    "model.invalid-number": "A rating number that is not a finite number (text, a boolean, NaN).",
    "model.invalid-type": "A value of the wrong type (a list where a mapping belongs, ...).",
    "model.invalid-value": "A value outside the allowed set, or an appearance with neither url, outlet nor description.",
    "model.format-version": "A claimkit file format version this release does not read.",
    "model.duplicate-id": "Two entities share one id.",
    "model.unknown-id": "A reference to an id no entity has.",
    "model.wrong-kind": "A reference to an entity of the wrong kind (a reviewer that is a claim, ...).",
    "model.self-reference": "An organization named as its own parent.",
    "model.rating-scale": "A rating whose worst is not below its best.",
    "model.rating-out-of-scale": "A rating value outside worst..best.",
    "model.review-before-claim": "A review dated before the claim it reviews.",
    "schema.invalid": "Output that fails its JSON Schema (a bug in an exporter, reported rather than written).",
}

# Modules that keep a CODES dict of their own, merged into the catalogue.
_MODULES = (
    "claimkit.validation.claimreview:CATALOGUE",
)


def catalogue() -> dict[str, str]:
    merged = dict(CODES)
    for spec in _MODULES:
        module, _, name = spec.partition(":")
        merged.update(getattr(import_module(module), name))
    return dict(sorted(merged.items()))
