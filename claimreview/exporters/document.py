"""claimreview files out: the Document as YAML or JSON, read back to the same Document."""

from __future__ import annotations

import json
from typing import Any

import yaml

from claimreview.exporters.base import Exporter
from claimreview.schemas import Document
from claimreview.validation.diagnostics import Diagnostic
from claimreview.validation.schema import check_against


def document_data(doc: Document) -> dict[str, Any]:
    """The document as plain data: defaults (empty lists, absent fields) left out."""
    data = doc.model_dump(mode="json", exclude_defaults=True)
    return {"claimreview": doc.claimreview, **data}


class _YamlDumper(yaml.SafeDumper):
    """Lists indented under their key, as people write YAML by hand. (The pure-Python dumper:
    libyaml's emitter does not offer this, and documents are small.)"""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text as a literal block; everything else as YAML decides (it quotes what it must).
    style = "|" if "\n" in value and value == value.strip(" ") and "\r" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_YamlDumper.add_representer(str, _str)


class _DocumentExporter(Exporter):
    schema = "document"

    def build(self, doc: Document, **options: Any) -> dict[str, Any]:
        return document_data(doc)

    def check(self, data: Any, **options: Any) -> list[Diagnostic]:
        return check_against("document", data)


class YamlExporter(_DocumentExporter):

    def render(self, data: Any, **options: Any) -> bytes:
        text = yaml.dump(data, Dumper=_YamlDumper, allow_unicode=True, sort_keys=False, width=100,
                         default_flow_style=False)
        return text.encode("utf-8")


class JsonExporter(_DocumentExporter):

    def render(self, data: Any, **options: Any) -> bytes:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
