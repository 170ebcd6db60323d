"""Project settings for ``claimreview validate``, as linters keep them: a ``[tool.claimreview]``
table in ``pyproject.toml``, or a ``.claimreview.toml`` (the same keys at its top level), found
from the current folder upward. In one folder ``.claimreview.toml`` wins over ``pyproject.toml``;
a ``pyproject.toml`` without the table is passed over, as ruff and mypy do. The command line
overrides each key it is given.

```toml
[tool.claimreview]
rules = "google-2025"
scope = "review"              # or "page"
strict = false
vocabulary = false
select = ["claimreview", "json"]   # codes or prefixes to report (default: all)
ignore = ["claimreview.claim-reviewed-too-long"]
```

``select`` and ``ignore`` take codes (``claimreview.missing-url``) or prefixes at a dot
(``claimreview``, ``vocab``); an ignored finding is not shown and does not count towards the
verdict or the summary.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimreview.validation.diagnostics import Diagnostic

FILES = (".claimreview.toml", "pyproject.toml")
KEYS: dict[str, type] = {"rules": str, "scope": str, "strict": bool, "vocabulary": bool, "select": list,
                         "ignore": list}


class ConfigError(ValueError):
    """A settings file that cannot be used: the message names the file and what to change."""


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    """The file the values came from, if any."""


def find(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest settings file from ``start`` (default: the current folder) upward, with its table."""
    folder = (start or Path.cwd()).resolve()
    for place in (folder, *folder.parents):
        for name in FILES:
            path = place / name
            if not path.is_file():
                continue
            data = _toml(path)
            if name == "pyproject.toml":
                table = data.get("tool", {}).get("claimreview") if isinstance(data.get("tool"), dict) else None
                if table is None:
                    continue
                if not isinstance(table, dict):
                    raise ConfigError(f"{path}: [tool.claimreview] must be a table")
                return path, table
            return path, data
    return None


def load(start: Path | None = None) -> Settings:
    """The settings in force, checked: unknown keys (with a "did you mean") and wrong types are
    a :class:`ConfigError`."""
    found = find(start)
    if found is None:
        return Settings()
    path, table = found
    for key, value in table.items():
        kind = KEYS.get(key)
        if kind is None:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(KEYS)}"
            raise ConfigError(f"{path}: unknown setting {key!r}; {hint}")
        if not isinstance(value, kind) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            want = "a list of codes" if kind is list else kind.__name__
            raise ConfigError(f"{path}: {key!r} must be {want}, not {value!r}")
    return Settings(dict(table), path)


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read as TOML: {exc}") from None


def _matches(code: str, pattern: str) -> bool:
    pattern = pattern.strip().rstrip(".")
    return code == pattern or code.startswith(pattern + ".")


def selector(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Callable[[Diagnostic], bool] | None:
    """Whether a finding is reported, by its code: in ``select`` (everything when empty) and not
    in ``ignore``, each a code or a prefix at a dot. None when everything is reported."""
    chosen = [p for p in select if p.strip()]
    dropped = [p for p in ignore if p.strip()]
    if not chosen and not dropped:
        return None

    def keep(d: Diagnostic) -> bool:
        wanted = not chosen or any(_matches(d.code, p) for p in chosen)
        return wanted and not any(_matches(d.code, p) for p in dropped)

    return keep


def codes(values: Iterable[str]) -> list[str]:
    """``--select a,b --select c`` -> ``["a", "b", "c"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
