"""What the checks before writing cost, for every format claimreview writes: each whole-document
export timed with its checks (build, check, render: what ``claimreview convert`` runs) and
without them (build, render), side by side in one run, on two documents.

    .venv/bin/python bench/exports.py                 # 2,000 reviews each, best of 3
    .venv/bin/python bench/exports.py 10000 --repeat 1

The documents: ``tidy`` (bench/jsonld_export.py: short names, one shape of review) and ``messy``
(bench/csv_roundtrip.py: long texts with commas, quotes, line breaks, formula starters and
Markdown punctuation in Cyrillic, Korean and Arabic, several appearances, numeric strings).
Every name and URL in them is made up and says so (RFC 2606 example domains). CPU seconds, best
of ``--repeat``; the JSON-LD expansion check's memory of node shapes is emptied before each run,
as a fresh process has it. The project's target: every export with its checks at most 2x the
same export without them.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import csv_roundtrip
import jsonld_export

from claimreview.formats import formats
from claimreview.validation import ld


def _best(repeat: int, run: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(repeat):
        ld._shape_terms.cache_clear()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def measure(doc: Any, name: str, repeat: int) -> tuple[float, float, int]:
    """(seconds with checks, seconds without, errors found) for one format."""
    exporter = formats()[name].exporter_instance()

    def checked() -> list[Any]:
        data = exporter.build(doc)
        found = exporter.check(data)
        exporter.render(data)
        return found

    def unchecked() -> None:
        exporter.render(exporter.build(doc))

    errors = sum(d.is_error for d in checked())
    return _best(repeat, checked), _best(repeat, unchecked), errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reviews", nargs="?", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="*", help="only these formats (default: every writable one)")
    args = parser.parse_args()
    names = args.formats or [f.name for f in formats().values() if f.exporter is not None]
    docs = {"tidy": jsonld_export.make_document(args.reviews), "messy": csv_roundtrip.make_document(args.reviews)}
    print(f"{args.reviews:,} reviews a document; python {platform.python_version()} on {platform.machine()}; "
          f"CPU seconds, best of {args.repeat}\n")
    print("| format | document | with checks | without | ratio | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name in names:
        for label, doc in docs.items():
            try:
                with_checks, without, errors = measure(doc, name, args.repeat)
            except (ImportError, RuntimeError) as exc:  # an optional extra not installed
                print(f"| {name} | {label} | not run: {exc} | | | |")
                continue
            print(f"| {name} | {label} | {with_checks:.3f} s | {without:.3f} s | {with_checks / without:.2f}x "
                  f"| {errors} |", flush=True)


if __name__ == "__main__":
    main()
