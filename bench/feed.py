"""Feed validation, side by side: claimreview against the tools people use today, on the same file.

    python bench/feed.py                      # 100,000 reviews, JSON Lines and a JSON array
    python bench/feed.py 10000 100000 1000000 # several sizes (memory must stay flat)

For each size and layout it writes a realistic synthetic feed (bench/synth.py: ~1% defective
records of ten kinds) and times, each as its own process on the same file:

- ``claimreview validate`` — the whole command, every check on (the ClaimReview profile's JSON
  Schema and the google-2025 rule set, every problem reported with its position);
- ``check-jsonschema`` with claimreview's own ClaimReview schema (the array as one instance; it
  cannot read JSON Lines) — ``pip install -e '.[bench]'``;
- a plain ``jsonschema`` loop (Draft 2020-12 with the format checker, every error collected);
- the parse-only floor: orjson, the fastest JSON parser installed, and nothing else.

It prints items/s, CPU time and peak memory (max RSS) of each, and each one's speed relative to
claimreview, and writes bench/results/latest.md and latest.json. The peers take minutes and
gigabytes at a million reviews, so they run only up to --peers-max reviews.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCHEMA = ROOT / "claimreview" / "schemas" / "json" / "claimreview.schema.json"
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(HERE))
import synth  # noqa: E402  (bench/ is not a package)

# Each tool runs in a small wrapper process whose only child is the tool, so that the wrapper's
# RUSAGE_CHILDREN is exactly the tool's peak memory and CPU time.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss * scale,
                  "code": done.returncode, "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}))
"""

_JSONSCHEMA_LOOP = """
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
check = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
flagged = 0
def records(path):
    if path.endswith(".jsonl"):
        with open(path, "rb") as fh:
            for line in fh:
                yield json.loads(line)
    else:
        with open(path, "rb") as fh:
            yield from json.load(fh)
for record in records(sys.argv[2]):
    flagged += bool(list(check.iter_errors(record)))
sys.stderr.write(json.dumps({"flagged": flagged}))
sys.exit(1 if flagged else 0)
"""

_ORJSON_FLOOR = """
import gc, sys
import orjson
gc.disable()  # the floor at its fastest: the collector slows a whole-file load several times
path = sys.argv[1]
n = 0
if path.endswith(".jsonl"):
    with open(path, "rb") as fh:
        for line in fh:
            orjson.loads(line)
            n += 1
else:
    with open(path, "rb") as fh:
        n = len(orjson.loads(fh.read()))
"""


@dataclass
class Run:
    tool: str
    layout: str
    size: int
    wall: float
    cpu: float
    rss_mb: float
    items_per_s: float
    flagged: int | None = None
    note: str = ""


def _measure(argv: list[str], repeat: int) -> dict[str, object]:
    best: dict[str, object] | None = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], capture_output=True, text=True, check=True)
        result = json.loads(out.stdout)
        if best is None or result["wall"] < best["wall"]:  # type: ignore[operator]
            best = result
    assert best is not None
    return best


def _claimreview_flagged(path: Path) -> int:
    """Records claimreview reports an error for (a second, untimed run with the JSON report)."""
    out = subprocess.run([str(BIN / "claimreview"), "validate", "--format", "json", str(path)], capture_output=True,
                         check=False)
    report = json.loads(out.stdout)
    return len({d.get("item", d.get("line")) for d in report["diagnostics"] if d["severity"] == "error"})


def _array_schema(tmp: Path) -> Path:
    """claimreview's ClaimReview schema as the items of an array (check-jsonschema checks one instance).
    Its $defs move to the wrapper's root, where its local references then resolve: embedded with
    its own $id, every reference is looked up through the registry and the run is ten times slower."""
    schema = json.loads(SCHEMA.read_text())
    defs = schema.pop("$defs", {})
    items = {k: v for k, v in schema.items() if k not in ("$id", "$schema")}
    wrapper = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs, "type": "array",
               "items": items}
    path = tmp / "claimreview-array.schema.json"
    path.write_text(json.dumps(wrapper))
    return path


def bench(size: int, layout: str, tmp: Path, repeat: int, peers: bool) -> tuple[list[Run], dict[str, int]]:
    suffix = ".jsonl" if layout == "jsonl" else ".json"
    feed = tmp / f"feed-{size}{suffix}"
    planted = synth.write(feed, size, layout)
    tools: list[tuple[str, list[str] | None, str]] = [
        ("claimreview validate", [str(BIN / "claimreview"), "validate", "-q", str(feed)], ""),
        ("parse only (orjson)", [sys.executable, "-c", _ORJSON_FLOOR, str(feed)], "no checks: the floor"),
    ]
    if peers:
        tools.append(("plain jsonschema loop", [sys.executable, "-c", _JSONSCHEMA_LOOP, str(SCHEMA), str(feed)],
                      "Draft 2020-12, format checker on"))
        checker = shutil.which("check-jsonschema", path=str(BIN))
        if layout == "array" and checker:
            tools.append(("check-jsonschema", [checker, "--schemafile", str(_array_schema(tmp)), str(feed)],
                          "claimreview's claimreview.schema.json as array items"))
        elif layout == "array":
            tools.append(("check-jsonschema", None, "not installed: pip install -e '.[bench]'"))
        else:
            tools.append(("check-jsonschema", None, "cannot read JSON Lines"))
    runs = []
    for name, argv, note in tools:
        if argv is None:
            runs.append(Run(name, layout, size, 0, 0, 0, 0, note=note))
            continue
        result = _measure(argv, repeat if name in ("claimreview validate", "parse only (orjson)") else 1)
        flagged = None
        if name == "claimreview validate":
            flagged = _claimreview_flagged(feed)
        elif name == "plain jsonschema loop":
            flagged = json.loads(str(result["stderr"]).strip().splitlines()[-1])["flagged"]
        wall = float(result["wall"])  # type: ignore[arg-type]
        runs.append(Run(name, layout, size, wall, float(result["cpu"]), float(result["rss"]) / 2**20,  # type: ignore[arg-type]
                        size / wall, flagged, note))
    feed.unlink()
    return runs, planted


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("claimreview", "orjson", "jsonschema-rs", "jsonschema", "check-jsonschema"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start"


def table(runs: list[Run]) -> str:
    lines = ["| layout | reviews | tool | items/s | wall s | CPU s | peak MB | speed vs claimreview | flagged | note |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for run in runs:
        base = next(r for r in runs
                    if r.tool == "claimreview validate" and r.layout == run.layout and r.size == run.size)
        if not run.wall:
            lines.append(f"| {run.layout} | {run.size:,} | {run.tool} | - | - | - | - | - | - | {run.note} |")
            continue
        ratio = run.items_per_s / base.items_per_s
        flagged = f"{run.flagged:,}" if run.flagged is not None else ""
        lines.append(f"| {run.layout} | {run.size:,} | {run.tool} | {run.items_per_s:,.0f} | {run.wall:.2f} | "
                     f"{run.cpu:.2f} | {run.rss_mb:.0f} | {ratio:.2f}x | {flagged} | {run.note} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000], help="feed sizes, in reviews")
    parser.add_argument("--layouts", nargs="+", default=["jsonl", "array"], choices=["jsonl", "array"])
    parser.add_argument("--repeat", type=int, default=3, help="runs of claimreview and the floor (best is kept)")
    parser.add_argument("--peers-max", type=int, default=100_000, help="largest feed the slow peers run on")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for latest.md and latest.json")
    args = parser.parse_args()
    command = "python bench/feed.py " + " ".join(sys.argv[1:])
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = _machine()
    runs: list[Run] = []
    planted: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="claimreview-bench-") as tmp:
        for size in args.sizes:
            for layout in args.layouts:
                print(f"{layout} x {size:,} ...", file=sys.stderr, flush=True)
                found, kinds = bench(size, layout, Path(tmp), args.repeat, size <= args.peers_max)
                runs += found
                planted[f"{layout}-{size}"] = kinds
    text = table(runs)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    defects = next(iter(planted.values()))
    (args.out / "latest.md").write_text(
        f"# Feed validation benchmark\n\n`{command}` — {started}\n\n{machine}; "
        + ", ".join(f"{k} {v}" for k, v in _versions().items())
        + f"\n\n{text}\n\n*flagged*: records with at least one error. Planted defects (first feed): "
        + ", ".join(f"{k} {v}" for k, v in sorted(defects.items()))
        + f" — {sum(defects.values()):,} in all.\n")
    (args.out / "latest.json").write_text(json.dumps({
        "command": command, "started": started, "machine": machine, "versions": _versions(),
        "planted": planted, "runs": [asdict(r) for r in runs]}, indent=2) + "\n")
    print(f"\nwrote {args.out / 'latest.md'} and latest.json", file=sys.stderr)


if __name__ == "__main__":
    main()
