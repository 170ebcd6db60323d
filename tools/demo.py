"""`make demo`: validate the seed example and convert it to every format, with the claimreview CLI.

OUTPUTS is also the list of golden files: tests/test_golden.py checks that each committed output
is exactly what claimreview makes today (`pytest --update-golden` rewrites them; read the diff).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "examples"
SEED = HERE / "north-korea-troops.yaml"

# (output name, --to format, extra CLI options): one line per output
OUTPUTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("north-korea-troops.json", "json", ()),
    ("north-korea-troops.jsonld", "jsonld", ()),
    ("north-korea-troops.claimreview.jsonld", "jsonld", ("--profile", "claimreview")),
    ("north-korea-troops.jsonl", "jsonl", ()),
    ("north-korea-troops.md", "markdown", ()),
    ("north-korea-troops-tables", "csv", ()),
    ("north-korea-troops-sheet.csv", "csv", ("--layout", "sheet")),
    ("north-korea-troops.nq", "nquads", ()),
    ("north-korea-troops.ttl", "turtle", ()),
    # a fact-check page carries one ClaimReview (Google's rule), so the HTML examples show one review
    ("north-korea-troops.html", "html", ("--review", "review-troops-100000")),
    ("north-korea-troops.page.html", "html", ("--standalone", "--review", "review-troops-100000")),
    ("north-korea-troops.parquet", "parquet", ()),
    ("north-korea-troops.ftm.jsonl", "ftm", ()),
    ("north-korea-troops.statements.ftm.jsonl", "ftm", ("--statements",)),
]


def _registered() -> list[tuple[str, str, tuple[str, ...]]]:
    """Every other writable format of the registry, named by its first suffix: a new format's golden
    file needs no line here."""
    from claimreview.formats import formats

    named = {fmt for _, fmt, _ in OUTPUTS} | {"yaml"}  # the seed is the YAML
    return [(f"north-korea-troops{f.suffixes[0]}", name, ()) for name, f in formats().items()
            if f.can_write and name not in named]


OUTPUTS += _registered()


def claimreview(*args: str) -> None:
    exe = shutil.which("claimreview", path=str(Path(sys.executable).parent)) or "claimreview"
    print("$ claimreview " + " ".join(args), flush=True)
    subprocess.run([exe, *args], check=True, cwd=HERE)


def main() -> None:
    claimreview("validate", SEED.name)
    for name, fmt, extra in OUTPUTS:
        claimreview("convert", SEED.name, "--to", fmt, *extra, "-o", name)
    written = [HERE / name for name, _, _ in OUTPUTS]
    claimreview("validate", *[p.name for p in written])
    print("\noutputs in examples/:")
    for path in written:
        print(f"  {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
