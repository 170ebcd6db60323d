"""How long the Markdown report takes for a document with many reviews, and how much memory.

    .venv/bin/python bench/markdown_report.py              # 10,000 reviews
    .venv/bin/python bench/markdown_report.py 10000 --full --repeat 3

Times, on a Document from :func:`bench.csv_roundtrip.make_document` (texts with commas, quotes,
line breaks, formula starters, Markdown punctuation in Cyrillic, Korean and Arabic, as sheets
have them): ``build`` (the report's blocks from the model), ``check`` (what the exporter verifies
before writing: links, and the escaped text of every span, parsed on its own), ``render`` (the
Markdown text), and, for comparison, the full re-parse of the whole report that the tests run
(``check_markdown``). Wall-clock and CPU seconds of the best of ``--repeat`` (on a shared machine
the CPU seconds are the comparable number); peak memory is the process's max RSS at the end.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.csv_roundtrip import make_document
from claimreview.exporters.markdown import MarkdownExporter, check_markdown, render_markdown

CPU: dict[str, float] = {}


def _best(repeat: int, run: Callable[[], Any], name: str = "") -> tuple[float, Any]:
    """Wall-clock seconds of the best of ``repeat`` runs (and its CPU seconds, in CPU[name])."""
    best, out = float("inf"), None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        out = run()
        if time.perf_counter() - start < best:
            best, CPU[name] = time.perf_counter() - start, time.process_time() - cpu
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--full", action="store_true", help="the report with its appendix of every entity")
    parser.add_argument("--reparse", action="store_true", help="also time the full re-parse the tests run")
    args = parser.parse_args()
    exporter = MarkdownExporter()
    for n in args.sizes:
        print(run(exporter, n, args.repeat, args.full, args.reparse), flush=True)


def run(exporter: MarkdownExporter, n: int, repeat: int, full: bool, reparse: bool) -> str:
    doc = make_document(n)
    t_build, data = _best(repeat, lambda: exporter.build(doc, full=full), "build")
    t_check, found = _best(repeat, lambda: exporter.check(data, full=full), "check")
    t_render, out = _best(repeat, lambda: exporter.render(data, full=full), "render")
    assert not [d for d in found if d.is_error], found[:3]
    total = t_build + t_check + t_render
    cpu = CPU["build"] + CPU["check"] + CPU["render"]
    line = (f"{n:,} reviews: build {t_build:.2f} s, check {t_check:.2f} s, render {t_render:.2f} s, "
            f"total {total:.2f} s wall-clock; CPU build {CPU['build']:.2f} s, check {CPU['check']:.2f} s, "
            f"render {CPU['render']:.2f} s, total {cpu:.2f} s; {len(out) / 1e6:.1f} MB of Markdown")
    if reparse:
        t_full, again = _best(repeat, lambda: check_markdown(render_markdown(data["blocks"]), data["blocks"],
                                                             data["claims"]), "reparse")
        assert not [d for d in again if d.is_error], again[:3]
        line += f"; full re-parse (what the tests run) {t_full:.2f} s, CPU {CPU['reparse']:.2f} s"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"{line}; peak RSS {rss:.0f} MB (the generated document included)"


if __name__ == "__main__":
    main()
