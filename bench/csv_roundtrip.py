"""How long CSV takes both ways for a document with many reviews, in both layouts.

    .venv/bin/python bench/csv_roundtrip.py              # 100,000 reviews
    .venv/bin/python bench/csv_roundtrip.py 10000 100000 --repeat 3

For each layout it times, on the same generated Document: the export (``build``: cells from the
model; ``check``: every table against its Table Schema, keys and references included, and the
spreadsheet-safety rule; ``render``: the CSV bytes), writing the files (a folder for the tables,
one file for the sheet), and reading them back (``claimreview.load``: cells, the model, every
cross-entity rule). It then checks that what came back is the same Document (the sheet: the same
reviews). Times are wall-clock seconds of the best of ``--repeat`` runs per phase, then the CPU
seconds of those runs (the same when the machine is otherwise idle); peak memory is the
process's max RSS at the end, with the document, its tables and the document read back all held.

Every name and URL in the generated document is made up and says so (RFC 2606 example domains);
texts mix commas, quotes, line breaks, formula starters, Cyrillic, Korean and Arabic, as sheets do.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimreview import load
from claimreview.exporters.csv_ import CsvExporter
from claimreview.io import write_output
from claimreview.schemas import Document

_TOPICS = ["grain exports", "energy prices", "troops", "sanctions", "the border", "the budget"]
_EXTRA = ["", "", "", ", they said", ' "in the words of the report"', "\nsecond line", " — Дмитро Кулеба",
          " (김정은)", " العربية", "  "]
_VERDICTS = [("False", 1), ("Mostly false", 2), ("Half true", 3), ("Mostly true", 4), ("True", 5)]


def make_document(reviews: int, seed: int = 7) -> Document:
    rng = random.Random(seed)
    desks = [{"id": f"desk-{i}", "name": f"Example Fact Check {i}", "kind": "fact-checker",
              "url": f"https://factcheck{i}.example.org/"} for i in range(20)]
    outlets = [{"id": f"outlet-{i}", "name": f"Example News {i}", "alternate_names": [f"EN{i}", f"Пример {i}"],
                "kind": "newspaper"} for i in range(30)]
    people = [{"id": f"person-{i}", "name": f"Example Person {i}", "job_title": "Example official",
               "affiliations": [f"outlet-{i % 30}"]} for i in range(500)]
    claims: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    for i in range(reviews):
        if not claims or rng.random() < 0.9:  # about one claim in ten has a second review
            topic = rng.choice(_TOPICS)
            text = f"{rng.choice(['=', '+', '-', '@', ''])}The {topic} figure rose {rng.randint(2, 90)}%" \
                   f"{rng.choice(_EXTRA)}".strip()
            claims.append({
                "id": f"claim-{len(claims)}", "text": text, "claimant": f"person-{rng.randrange(500)}",
                "date": f"20{rng.randint(18, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "appearances": [{"url": f"https://news.example.com/{i}/{k}", "outlet": f"outlet-{rng.randrange(30)}"}
                                for k in range(rng.randint(0, 2))],
                "about": [f"outlet-{rng.randrange(30)}"], "language": "en"})
        label, value = rng.choice(_VERDICTS)
        claim = claims[-1] if rng.random() < 0.9 else rng.choice(claims)
        out.append({"id": f"review-{i}", "claim": claim["id"], "reviewer": f"desk-{rng.randrange(20)}",
                    "rating": {"label": label, "value": value, "best": 5, "worst": 1,
                               "explanation": f"Example explanation {i}, with a comma and \"quotes\"."},
                    "url": f"https://factcheck.example.org/reviews/{i}", "date": "2024-01-02", "language": "en",
                    "headline": f"Example review {i}"})
    return Document.model_validate({"people": people, "organizations": desks + outlets, "claims": claims,
                                    "reviews": out})


CPU: dict[str, float] = {}
"""CPU seconds (user + system) of the best run of each phase, by phase name."""


def _best(repeat: int, run: Callable[[], Any], phase: str = "") -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        wall = time.perf_counter() - start
        if wall < best:
            best, CPU[phase] = wall, time.process_time() - cpu
    return best, result


def bench(doc: Document, layout: str, repeat: int, tmp: Path) -> dict[str, float]:
    exporter = CsvExporter()
    options = {"layout": layout}
    times: dict[str, float] = {}
    times["build"], built = _best(repeat, lambda: exporter.build(doc, **options), "build")
    times["check"], found = _best(repeat, lambda: exporter.check(built, **options), "check")
    assert not any(d.is_error for d in found), found[:3]
    times["render"], rendered = _best(repeat, lambda: exporter.render(built, **options), "render")
    target = tmp / ("tables" if layout == "tables" else "sheet.csv")
    times["write"], _ = _best(repeat, lambda: write_output(str(target), rendered), "write")
    times["read"], loaded = _best(repeat, lambda: load(target, "csv"), "read")
    assert loaded.ok, [d.render() for d in loaded.diagnostics[:5]]
    back = loaded.document
    if layout == "tables":
        assert back == doc, "the tables did not give back the same document"
    else:
        assert [r.model_dump() for r in back.reviews] == [r.model_dump() for r in doc.reviews]
    size = sum(p.stat().st_size for p in target.rglob("*")) if target.is_dir() else target.stat().st_size
    times["export"] = times["build"] + times["check"] + times["render"]
    times["total"] = times["export"] + times["write"] + times["read"]
    times["export_cpu"] = CPU["build"] + CPU["check"] + CPU["render"]
    times["read_cpu"] = CPU["read"]
    times["total_cpu"] = times["export_cpu"] + CPU["write"] + CPU["read"]
    times["mb"] = size / 1e6
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000], help="reviews per document")
    parser.add_argument("--repeat", type=int, default=1, help="runs per phase; the best is kept")
    args = parser.parse_args()
    print(f"# Python {platform.python_version()}, {platform.machine()}, {platform.system()}")
    print("| reviews | layout | MB | build | check | render | export | write | read | total "
          "| CPU: export | read | total |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        start = time.perf_counter()
        doc = make_document(n)
        made = time.perf_counter() - start
        print(f"<!-- {n:,} reviews: {len(doc.claims):,} claims, {len(doc.people):,} people, "
              f"{len(doc.organizations):,} organizations; document made in {made:.2f} s -->", file=sys.stderr)
        for layout in ("tables", "sheet"):
            tmp = Path(tempfile.mkdtemp(prefix="claimreview-csv-bench-"))
            try:
                t = bench(doc, layout, args.repeat, tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            print(f"| {n:,} | {layout} | {t['mb']:.1f} | {t['build']:.2f} s | {t['check']:.2f} s | {t['render']:.2f} s "
                  f"| {t['export']:.2f} s | {t['write']:.2f} s | {t['read']:.2f} s | {t['total']:.2f} s "
                  f"| {t['export_cpu']:.2f} s | {t['read_cpu']:.2f} s | {t['total_cpu']:.2f} s |", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    print(f"\npeak memory (max RSS of the whole run): {rss / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
