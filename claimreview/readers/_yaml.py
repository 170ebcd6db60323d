"""Safe, strict YAML for claimreview files.

- Only JSON's types come out: strings, numbers, true/false, null, lists and mappings.
  YAML 1.1's implicit timestamps and yes/no/on/off booleans are read as plain strings, so a
  date stays the text written and the country code ``NO`` stays "NO".
- Duplicate keys, NaN/Infinity, anchors and aliases (the "billion laughs" bomb) are errors.
- Every node keeps its mark, so a diagnostic's JSON Pointer maps to a line and column.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from claimreview.validation.diagnostics import ERROR, Code, Diagnostic, escape_token, split_pointer

YAML_ALIAS = Code("yaml.alias", ERROR,
    "An anchor/alias or merge key; refused so that no file can expand into a 'billion laughs'.")
YAML_DUPLICATE_KEY = Code("yaml.duplicate-key", ERROR, "A key appears twice in one mapping.")
YAML_EMPTY = Code("yaml.empty", ERROR, "The YAML file holds no document.")
YAML_NON_FINITE_NUMBER = Code("yaml.non-finite-number", ERROR,
    "A .nan or .inf value, which has no place in claim data.")
YAML_SYNTAX = Code("yaml.syntax", ERROR, "The YAML is malformed or cut short.")
YAML_TAG = Code("yaml.tag", ERROR,
    "An explicit tag other than YAML's plain types (e.g. !!python/object), never constructed.")
YAML_TOO_DEEP = Code("yaml.too-deep", ERROR,
    "Nesting deeper than claimreview reads (200 levels; libyaml's own limit is lower).")

CODES: tuple[Code, ...] = (
    YAML_ALIAS,
    YAML_DUPLICATE_KEY,
    YAML_EMPTY,
    YAML_NON_FINITE_NUMBER,
    YAML_SYNTAX,
    YAML_TAG,
    YAML_TOO_DEEP,
)

try:  # libyaml is several times faster where it is installed
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_DEPTH = 200
"""Deepest nesting read; a claimreview file needs fewer than ten levels."""


class _Loader(_BaseLoader):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Fail(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def parse(text: str, file: str) -> tuple[Any, dict[str, tuple[int, int]], list[Diagnostic]]:
    """Parse YAML text into plain data, a pointer -> (line, column) map, and diagnostics."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in what:  # libyaml's own limit
            return None, {}, [YAML_TOO_DEEP.at(f"the YAML is nested too deeply to read ({what})", file=file,
                                    line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)]
        return None, {}, [YAML_SYNTAX.at(f"{what} (is the file cut short, or an indent off?)"
                                if mark is not None and mark.index >= len(text.rstrip()) else what, file=file,
                                line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)]
    except yaml.YAMLError as exc:
        return None, {}, [YAML_SYNTAX.at(str(exc), file=file)]
    except RecursionError:
        return None, {}, [YAML_TOO_DEEP.at(f"the YAML is nested too deeply to read; claimreview reads up "
                                f"to {MAX_DEPTH} levels", file=file)]
    finally:
        loader.dispose()
    if node is None:
        return None, {}, [YAML_EMPTY.at("the file is empty: a claimreview file is a mapping with "
                                "people, organizations, claims, reviews, ...", file=file, line=1, column=1)]
    marks: dict[str, tuple[int, int]] = {}
    try:
        return _build(loader, node, "", marks, set(), 0, file), marks, []
    except _Fail as fail:
        return None, marks, [fail.diagnostic]


def _build(loader: Any, node: yaml.Node, ptr: str, marks: dict[str, tuple[int, int]],
           seen: set[int], depth: int, file: str) -> Any:
    mark = node.start_mark
    marks.setdefault(ptr, (mark.line + 1, mark.column + 1))
    where = {"file": file, "line": mark.line + 1, "column": mark.column + 1}
    if depth > MAX_DEPTH:
        raise _Fail(YAML_TOO_DEEP.at(f"nesting deeper than {MAX_DEPTH} levels", ptr, **where))
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in seen:
            raise _Fail(YAML_ALIAS.at("anchors and aliases (&name, *name) are not read in claimreview "
                              "files: write the value out", ptr, **where))
        seen.add(id(node))
    if node.tag not in _TAGS:
        raise _Fail(YAML_TAG.at(f"the tag {node.tag} is not read: claimreview files hold only "
                          "strings, numbers, booleans, null, lists and mappings", ptr, **where))
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_object(node)
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise _Fail(YAML_NON_FINITE_NUMBER.at("NaN and infinity are not allowed: write a number or "
                              "leave the field out", ptr, **where))
        return value
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, f"{ptr}/{i}", marks, seen, depth + 1, file) for i, item in enumerate(node.value)]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _Fail(YAML_ALIAS.at("merge keys (<<) are not read in claimreview files",
                              ptr, **where))
        key = _build(loader, key_node, ptr, {}, seen, depth + 1, file)
        if not isinstance(key, str):
            key = str(key) if not isinstance(key, bool) else str(key).lower()
        child = f"{ptr}/{escape_token(key)}"
        kmark = key_node.start_mark
        if key in out:
            raise _Fail(YAML_DUPLICATE_KEY.at(f"key {key!r} appears twice in the same mapping; only one "
                              "can be kept, so remove or rename the other", child, file=file,
                              line=kmark.line + 1, column=kmark.column + 1))
        marks[child] = (kmark.line + 1, kmark.column + 1)
        out[key] = _build(loader, value_node, child, marks, seen, depth + 1, file)
    return out


def locate(marks: dict[str, tuple[int, int]], ptr: str) -> tuple[int | None, int | None]:
    tokens = split_pointer(ptr)
    while True:
        p = "".join("/" + escape_token(t) for t in tokens)
        if p in marks:
            return marks[p]
        if not tokens:
            return None, None
        tokens.pop()
