"""Feeds, side by side: claimreview against the tools people use today, on the same files.

    python bench/feed.py                         # 100,000 reviews, both feeds, JSON Lines and a JSON array
    python bench/feed.py 10000 100000 1000000    # several sizes (memory must stay flat)
    python bench/feed.py 100000 --convert 1000000  # and convert a million-review feed to every streamed format

For each size, feed and layout it writes a synthetic feed — ``plain`` (bench/synth.py: tidy
records, ~1% defective of ten kinds) and ``realistic`` (bench/realistic.py: shaped like
fact-checkers' markup, three records in four with a Google warning, ratings written as text,
date-times with offsets, ~1% broken) — and times, each as its own process on the same file:

- ``claimreview validate --jobs 1`` — the whole command, every check on (the ClaimReview
  profile's JSON Schema and the google-2025 rule set, every finding printed with its position);
- ``claimreview validate --jobs 2`` — the same on two processes (its wall-clock speed-up);
- the parse-only floor: orjson, the fastest JSON parser installed, and nothing else;
- an orjson + jsonschema-rs loop: the same compiled ClaimReview schema, record by record, formats
  on, no rules and no positions: the fastest plain validator a Python user would write;
- a plain ``jsonschema`` loop (Draft 2020-12, format checker on) and ``check-jsonschema`` with
  claimreview's schema (arrays only: it cannot read JSON Lines), up to --peers-max reviews;
- ajv, Node's fastest JSON Schema validator: a loop that parses and validates record by record
  (Draft 2020-12, ajv-formats on, the same schema), and ``ajv-cli`` on the array layout, up to
  --peers-max reviews. ``make bench`` installs them with npm into bench/.node; a peer that is
  not installed is skipped with a line saying so (the run never fails for it).

With ``--convert N`` it also converts a JSON Lines feed of N realistic reviews with ``claimreview
convert --jobs 1`` to JSON Lines, a CSV sheet, CSV tables, a JSON-LD DataFeed and Parquet (each
against the time of ``--to jsonl``). Ratios are of CPU time (user + system), which other work on the machine
disturbs less than wall time; the ``--jobs 2`` speed-up is of wall time. Writes
bench/results/latest.md and latest.json.
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
NODE_MODULES = HERE / ".node" / "node_modules"
"""Where ``make bench`` installs ajv, ajv-formats and ajv-cli with npm."""

sys.path.insert(0, str(HERE))
import realistic  # noqa: E402  (bench/ is not a package)
import synth  # noqa: E402

FEEDS = {"plain": synth.write, "realistic": realistic.write}

# Each tool runs in a small wrapper process whose only child is the tool, so that the wrapper's
# RUSAGE_CHILDREN is exactly the tool's peak memory and CPU time (its workers' too, for --jobs).
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
    with open(path, "rb") as fh:
        if path.endswith(".jsonl"):
            for line in fh:
                try:
                    yield json.loads(line)
                except ValueError:
                    yield None
        else:
            try:
                yield from json.load(fh)
            except ValueError:
                pass
for record in records(sys.argv[2]):
    flagged += record is None or bool(list(check.iter_errors(record)))
sys.stderr.write(json.dumps({"flagged": flagged}))
"""

_ORJSON_JSONSCHEMA_RS = """
import gc, json, sys
import jsonschema_rs, orjson
gc.disable()
check = jsonschema_rs.validator_for(json.load(open(sys.argv[1])), validate_formats=True)
flagged = 0
def records(path):
    with open(path, "rb") as fh:
        if path.endswith(".jsonl"):
            for line in fh:
                try:
                    yield orjson.loads(line)
                except orjson.JSONDecodeError:
                    yield None
        else:
            try:
                yield from orjson.loads(fh.read())
            except orjson.JSONDecodeError:
                pass
for record in records(sys.argv[2]):
    flagged += record is None or not check.is_valid(record)
sys.stderr.write(json.dumps({"flagged": flagged}))
"""

_ORJSON_FLOOR = """
import gc, sys
import orjson
gc.disable()  # the floor at its fastest: the collector slows a whole-file load several times
path = sys.argv[1]
with open(path, "rb") as fh:
    if path.endswith(".jsonl"):
        for line in fh:
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:  # the realistic feed's broken lines
                pass
    else:
        try:
            orjson.loads(fh.read())
        except orjson.JSONDecodeError:  # a broken item: the whole array is refused
            pass
"""

_AJV_LOOP = """
// ajv record by record: each record of a feed parsed and validated against claimreview's ClaimReview
// schema (Draft 2020-12, ajv-formats on); prints {"flagged": N} on stderr.
const { readFileSync, createReadStream } = require("node:fs");
const { createInterface } = require("node:readline");
const [modules, schemaPath, feedPath] = process.argv.slice(2);
const Ajv2020 = require(modules + "/ajv/dist/2020").default;
const addFormats = require(modules + "/ajv-formats").default;
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
let flagged = 0;
async function main() {
  if (feedPath.endsWith(".jsonl")) {
    const lines = createInterface({ input: createReadStream(feedPath), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      let record;
      try { record = JSON.parse(line); } catch { flagged++; continue; }
      if (!validate(record)) flagged++;
    }
  } else {
    let records = [];
    try { records = JSON.parse(readFileSync(feedPath, "utf8")); } catch { records = []; }
    for (const record of records) if (!validate(record)) flagged++;
  }
  process.stderr.write(JSON.stringify({ flagged }));
}
main();
"""

FLOOR, RS_LOOP, ONE, TWO = ("parse only (orjson)", "orjson + jsonschema-rs loop", "claimreview validate --jobs 1",
                            "claimreview validate --jobs 2")


@dataclass
class Run:
    tool: str
    feed: str
    layout: str
    size: int
    wall: float
    cpu: float
    rss_mb: float
    flagged: int | None = None
    note: str = ""

    @property
    def us_per_item(self) -> float:
        return 1e6 * self.cpu / self.size if self.size else 0.0


def _measure(argv: list[str], repeat: int) -> dict[str, object]:
    best: dict[str, object] | None = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], capture_output=True, text=True, check=True)
        result = json.loads(out.stdout)
        if best is None or result["cpu"] < best["cpu"]:  # type: ignore[operator]
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


def bench(feed: str, size: int, layout: str, tmp: Path, repeat: int, peers: bool) -> tuple[list[Run], dict[str, int]]:
    path = tmp / f"{feed}-{size}{'.jsonl' if layout == 'jsonl' else '.json'}"
    planted = FEEDS[feed](path, size, layout)
    claimreview = str(BIN / "claimreview")
    tools: list[tuple[str, list[str] | None, str]] = [
        (ONE, [claimreview, "validate", "-q", "--jobs", "1", str(path)], "every check, every finding printed"),
        (TWO, [claimreview, "validate", "-q", "--jobs", "2", str(path)], "CPU s: both processes"),
        (FLOOR, [sys.executable, "-c", _ORJSON_FLOOR, str(path)], "no checks: the floor"),
        (RS_LOOP, [sys.executable, "-c", _ORJSON_JSONSCHEMA_RS, str(SCHEMA), str(path)],
         "schema only, formats on, no positions"),
    ]
    if peers:
        tools.append(("plain jsonschema loop", [sys.executable, "-c", _JSONSCHEMA_LOOP, str(SCHEMA), str(path)],
                      "Draft 2020-12, format checker on"))
        checker = shutil.which("check-jsonschema", path=str(BIN))
        if layout == "array" and checker:
            tools.append(("check-jsonschema", [checker, "--schemafile", str(_array_schema(tmp)), str(path)],
                          "claimreview's claimreview.schema.json as array items"))
        elif layout == "array":
            tools.append(("check-jsonschema", None, "not installed: pip install -e '.[bench]'"))
        tools += _ajv(path, layout, tmp)
    runs = []
    for name, argv, note in tools:
        if argv is None:
            print(f"  {name}: skipped, {note}", file=sys.stderr, flush=True)
            runs.append(Run(name, feed, layout, size, 0, 0, 0, note=note))
            continue
        print(f"  {name} ...", file=sys.stderr, flush=True)
        result = _measure(argv, repeat if name in (ONE, TWO, FLOOR, RS_LOOP) else 1)
        flagged = None
        if name == ONE:
            flagged = _claimreview_flagged(path)
        elif name in ("plain jsonschema loop", RS_LOOP, AJV_LOOP):
            flagged = json.loads(str(result["stderr"]).strip().splitlines()[-1])["flagged"]
        runs.append(Run(name, feed, layout, size, float(result["wall"]), float(result["cpu"]),  # type: ignore[arg-type]
                        float(result["rss"]) / 2**20, flagged, note))  # type: ignore[arg-type]
    path.unlink()
    return runs, planted


AJV_LOOP, AJV_CLI = "ajv loop (Node)", "ajv-cli"


def _ajv(path: Path, layout: str, tmp: Path) -> list[tuple[str, list[str] | None, str]]:
    """The ajv peers, or a line each saying why they are skipped."""
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "ajv-formats").is_dir():
        why = "not installed: Node.js not found" if node is None else \
            "not installed: make bench installs it (npm install --prefix bench/.node ajv ajv-formats ajv-cli)"
        return [(AJV_LOOP, None, why)] + ([(AJV_CLI, None, why)] if layout == "array" else [])
    script = tmp / "ajv-loop.js"
    script.write_text(_AJV_LOOP)
    found: list[tuple[str, list[str] | None, str]] = [
        (AJV_LOOP, [node, str(script), str(NODE_MODULES), str(SCHEMA), str(path)],
         "Node: parse and validate record by record, formats on, no rules and no positions")]
    cli = NODE_MODULES / ".bin" / "ajv"
    if layout == "array" and cli.exists():
        found.append((AJV_CLI, [str(cli), "validate", "--spec=draft2020", "--strict=false", "-c", "ajv-formats",
                                "--errors=no", "-s", str(_array_schema(tmp)), "-d", str(path)],
                      "the whole array as one instance: claimreview's schema as array items"))
    elif layout == "array":
        found.append((AJV_CLI, None, "not installed: make bench installs it with npm"))
    return found


CONVERSIONS = [("jsonl", [], "out.jsonl"), ("csv sheet", ["--layout", "sheet"], "out.csv"),
               ("csv tables", ["--layout", "tables"], "out-tables"), ("jsonld DataFeed", [], "out.jsonld"),
               ("parquet", [], "out.parquet")]


def convert(size: int, tmp: Path, repeat: int) -> list[Run]:
    path = tmp / f"realistic-{size}.jsonl"
    realistic.write(path, size, "jsonl", defect_rate=0.0)  # convert is all or nothing: a valid feed
    runs = []
    for name, extra, out in CONVERSIONS:
        print(f"  convert --to {name} ...", file=sys.stderr, flush=True)
        to = name.split()[0]
        argv = [str(BIN / "claimreview"), "convert", str(path), "--jobs", "1", "--to", to, *extra, "-o", str(tmp / out)]
        result = _measure(argv, repeat)
        if result["code"] != 0:
            raise SystemExit(f"convert --to {name} failed: {result['stderr']}")
        runs.append(Run(f"convert --to {name}", "realistic", "jsonl", size, float(result["wall"]),  # type: ignore[arg-type]
                        float(result["cpu"]), float(result["rss"]) / 2**20))  # type: ignore[arg-type]
        target = tmp / out
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    path.unlink()
    return runs


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("claimreview", "orjson", "jsonschema-rs", "jsonschema", "check-jsonschema"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    node = shutil.which("node")
    found["node"] = subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout.strip() \
        if node else "not installed"
    for package in ("ajv", "ajv-cli"):
        meta = NODE_MODULES / package / "package.json"
        found[package] = json.loads(meta.read_text())["version"] if meta.is_file() else "not installed"
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
    lines = ["| feed | layout | reviews | tool | µs/review (CPU) | CPU s | wall s | peak MB | vs floor | "
             "vs orjson+rs | flagged | note |",
             "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for run in runs:
        if not run.cpu:
            lines.append(f"| {run.feed} | {run.layout} | {run.size:,} | {run.tool} | - | - | - | - | - | - | - | "
                         f"{run.note} |")
            continue
        same = [r for r in runs if (r.feed, r.layout, r.size) == (run.feed, run.layout, run.size)]
        floor = next((r for r in same if r.tool == FLOOR), None)
        loop = next((r for r in same if r.tool == RS_LOOP), None)
        vs_floor = f"{run.cpu / floor.cpu:.2f}x" if floor and floor.cpu else ""
        vs_loop = f"{run.cpu / loop.cpu:.2f}x" if loop and loop.cpu else ""
        flagged = f"{run.flagged:,}" if run.flagged is not None else ""
        lines.append(f"| {run.feed} | {run.layout} | {run.size:,} | {run.tool} | {run.us_per_item:.1f} | "
                     f"{run.cpu:.2f} | {run.wall:.2f} | {run.rss_mb:.0f} | {vs_floor} | {vs_loop} | {flagged} | "
                     f"{run.note} |")
    return "\n".join(lines)


def summary(runs: list[Run]) -> str:
    """The targets, one line each: met or not, with the figures."""
    out = []
    for run in runs:
        if run.tool != ONE:
            continue
        same = {r.tool: r for r in runs if (r.feed, r.layout, r.size) == (run.feed, run.layout, run.size)}
        floor, loop, two = same.get(FLOOR), same.get(RS_LOOP), same.get(TWO)
        key = f"{run.feed} {run.layout} x {run.size:,}"
        if floor and floor.cpu:
            ratio = run.cpu / floor.cpu
            verdict = "met" if ratio <= 3 else "missed"
            out.append(f"- {key}: validate is {ratio:.2f}x the orjson floor (target ≤ 3x: {verdict})")
        if loop and loop.cpu:
            ratio = run.cpu / loop.cpu
            out.append(f"- {key}: validate is {ratio:.2f}x the orjson + jsonschema-rs loop (target ≤ 1.5x: "
                       f"{'met' if ratio <= 1.5 else 'missed'})")
        if two and two.wall:
            speed = run.wall / two.wall
            out.append(f"- {key}: --jobs 2 is {speed:.2f}x faster (wall) than --jobs 1 (target ≥ 1.8x: "
                       f"{'met' if speed >= 1.8 else 'missed'})")
    base = next((r for r in runs if r.tool == "convert --to jsonl"), None)
    for run in runs:
        if run.tool.startswith("convert") and base is not None and run is not base:
            ratio = run.cpu / base.cpu
            out.append(f"- convert {run.size:,} reviews {run.tool[8:]}: {run.rss_mb:.0f} MB peak (target < 100: "
                       f"{'met' if run.rss_mb < 100 else 'missed'}), {ratio:.2f}x the time of --to jsonl "
                       f"(target ≤ 2x: {'met' if ratio <= 2 else 'missed'})")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000], help="feed sizes, in reviews")
    parser.add_argument("--feeds", nargs="+", default=list(FEEDS), choices=list(FEEDS))
    parser.add_argument("--layouts", nargs="+", default=["jsonl", "array"], choices=["jsonl", "array"])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the fast tools (least CPU time is kept)")
    parser.add_argument("--peers-max", type=int, default=100_000, help="largest feed the slow peers run on")
    parser.add_argument("--convert", type=int, default=0, metavar="N", help="also convert N reviews (0: no)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for latest.md and latest.json")
    args = parser.parse_args()
    command = "python bench/feed.py " + " ".join(sys.argv[1:])
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = _machine()
    runs: list[Run] = []
    planted: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="claimreview-bench-") as tmp:
        for size in args.sizes:
            for feed in args.feeds:
                for layout in args.layouts:
                    print(f"{feed} {layout} x {size:,} ...", file=sys.stderr, flush=True)
                    found, kinds = bench(feed, size, layout, Path(tmp), args.repeat, size <= args.peers_max)
                    runs += found
                    planted[f"{feed}-{layout}-{size}"] = kinds
        if args.convert:
            print(f"convert x {args.convert:,} ...", file=sys.stderr, flush=True)
            runs += convert(args.convert, Path(tmp), max(1, args.repeat - 2))
    text = table(runs)
    targets = summary(runs)
    print(text + "\n\n" + targets)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(
        f"# Feed benchmark\n\n`{command}` — {started}\n\n{machine}; "
        + ", ".join(f"{k} {v}" for k, v in _versions().items())
        + f"\n\n{text}\n\n## Targets\n\n{targets}\n\n*flagged*: records with at least one error. Planted defects: "
        + "; ".join(f"{k}: " + ", ".join(f"{d} {n}" for d, n in sorted(v.items())) for k, v in planted.items())
        + ".\n")
    (args.out / "latest.json").write_text(json.dumps({
        "command": command, "started": started, "machine": machine, "versions": _versions(),
        "planted": planted, "runs": [asdict(r) for r in runs]}, indent=2) + "\n")
    print(f"\nwrote {args.out / 'latest.md'} and latest.json", file=sys.stderr)


if __name__ == "__main__":
    main()
