"""Common Crawl scale, side by side: Web Data Commons-shaped N-Quads through claimreview and peers.

    python bench/crawl.py                   # 10,000 pages (~0.8M quads)
    python bench/crawl.py 10000 50000       # 50,000 pages is the size of WDC's 2024 ClaimReview subset

For each size it writes a gzipped WDC-shaped file (bench/wdc_synth.py: published ClaimReview
markup on 78-quad pages, Microdata and JSON-LD copies, junk lines) and runs, each as its own
process on the same file:

- ``claimreview validate`` — reading, rebuilding each page's reviews, merging copies, and every
  check (JSON Schema, google-2025 rules, each review's url against its page);
- ``claimreview convert --to parquet`` — the same records written as the reviews table;
- the parse floor: pyoxigraph's N-Quads parser alone, iterating every quad and nothing else;
- rdflib, the RDF library most Python users reach for, loading the file into a Dataset (the
  usual first step of a script that then queries it), up to --peers-max pages.

Both peers stop at the first unparsable line, so they read the same file without its three junk
lines; claimreview reads the file as WDC ships it, junk included.

It prints quads/s, CPU seconds and peak memory (max RSS), and writes bench/results/crawl.md.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import wdc_synth  # noqa: E402  (bench/ is not a package)
from feed import BIN, RESULTS, _machine, _measure  # noqa: E402

_FLOOR = """
import gzip, sys
from pyoxigraph import RdfFormat, parse
with gzip.open(sys.argv[1], "rb") as fh:
    n = sum(1 for _ in parse(fh, RdfFormat.N_QUADS))
"""
_RDFLIB = """
import gzip, sys
import rdflib
with gzip.open(sys.argv[1], "rb") as fh:
    rdflib.Dataset().parse(data=fh.read(), format="nquads")
"""


def run(pages: int, tmp: Path, peers_max: int, repeat: int) -> list[dict[str, object]]:
    path, clean = tmp / f"part-{pages}.nq.gz", tmp / f"part-{pages}-no-junk.nq.gz"
    for target, junk in ((path, True), (clean, False)):
        with gzip.open(target, "wt", encoding="utf-8", compresslevel=3) as fh:
            fh.writelines(wdc_synth.generate(pages, junk=junk))
    with gzip.open(path, "rb") as fh:
        quads = sum(1 for _ in fh)
    tools: list[tuple[str, list[str]]] = [
        ("claimreview validate", [str(BIN / "claimreview"), "validate", "-q", str(path)]),
        # --keep-going: the crawl holds real markup that fails Google's rules; the valid reviews are written
        ("claimreview convert --to parquet", [str(BIN / "claimreview"), "convert", str(path), "--to", "parquet",
                                              "--keep-going", "-o", str(tmp / "out.parquet")]),
        ("pyoxigraph parse only (floor)", [sys.executable, "-c", _FLOOR, str(clean)]),
    ]
    if pages <= peers_max:
        tools.append(("rdflib Dataset.parse", [sys.executable, "-c", _RDFLIB, str(clean)]))
    rows = []
    for name, argv in tools:
        result = _measure(argv, repeat)
        rows.append({"tool": name, "pages": pages, "quads": quads, "wall": result["wall"], "cpu": result["cpu"],
                     "rss_mb": int(result["rss"]) / 2**20, "code": result["code"],  # type: ignore[call-overload]
                     "quads_per_s": quads / float(result["cpu"])})  # type: ignore[arg-type]
        print(f"{name:<36} {pages:>7,} pages {quads:>10,} quads  {rows[-1]['quads_per_s']:>10,.0f} quads/CPU-s  "
              f"{rows[-1]['rss_mb']:>6.0f} MB  exit {result['code']}", flush=True)
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| tool | pages | quads | quads / CPU s | CPU s | peak memory | vs claimreview validate |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        base = next(r for r in rows if r["tool"] == "claimreview validate" and r["pages"] == row["pages"])
        ratio = float(base["cpu"]) / float(row["cpu"])  # type: ignore[arg-type]
        lines.append(f"| {row['tool']} | {row['pages']:,} | {row['quads']:,} | {row['quads_per_s']:,.0f} | "
                     f"{row['cpu']:.1f} | {row['rss_mb']:.0f} MB | {ratio:.2f}x |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("pages", nargs="*", type=int, default=[10_000])
    parser.add_argument("--peers-max", type=int, default=10_000, help="largest size the slow peer runs at")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for pages in args.pages:
            rows += run(pages, Path(tmp), args.peers_max, args.repeat)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"# Crawl benchmark\n\n`python bench/crawl.py {' '.join(map(str, args.pages))}` on {stamp}; "
            f"{_machine()}. Ratios are CPU time relative to `claimreview validate` (above 1: faster).\n\n"
            f"{table(rows)}\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "crawl.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
