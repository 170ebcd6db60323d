"""Hostile file-system situations, each with its expected outcome.

claimreview runs as root in containers and CI and as a normal user on a laptop; what depends on
privileges runs both ways (``user`` is "root" or "nobody": uid/gid 65534, dropped in the child
process, working on copies in a world-writable temporary folder). Device nodes and FIFOs are
made in that folder (``os.mknod``, ``os.mkfifo``); the machine's own /dev is never touched.
Nothing here measures time: waits are for a condition, with a generous bound that only ends a
hung run.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import claimreview.io
from claimreview.cli import cli
from claimreview.io import MANIFEST
from tests.conftest import ROOT, SEED

NOBODY = 65534
USERS = ["root", "nobody"]
HUNG = 120
"""Seconds after which a child is taken to hang (a bound on a failure, not a measurement)."""


def _drop_privileges() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


@cache
def _interpreter(user: str) -> tuple[str, dict[str, str]] | None:
    """A Python that ``user`` may run claimreview with: this one, or the system's of the same
    version with this environment's packages on its path (a pyenv under /root is closed to others)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"]])}
    if user == "root":
        return sys.executable, env
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for python in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if not os.path.exists(python):
            continue
        try:
            probe = subprocess.run([python, "-c", "import claimreview.cli, orjson, click"], env=env,
                                   preexec_fn=_drop_privileges, capture_output=True, check=False, cwd="/")
        except OSError:  # not executable for that user
            continue
        if probe.returncode == 0:
            return python, env
    return None


@dataclass
class Run:
    """Runs ``python -m claimreview`` as root or as nobody, in a world-writable folder."""

    user: str
    work: Path

    def popen(self, *args: str, preexec: Callable[[], None] | None = None, program: list[str] | None = None,
              **kwargs: Any) -> subprocess.Popen[bytes]:
        found = _interpreter(self.user)
        assert found is not None
        python, env = found
        kwargs.setdefault("env", env)

        def prepare() -> None:
            if preexec is not None:
                preexec()
            if self.user == "nobody":
                _drop_privileges()

        kwargs.setdefault("stdout", subprocess.PIPE)
        kwargs.setdefault("stderr", subprocess.PIPE)
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        kwargs.setdefault("cwd", self.work)
        return subprocess.Popen([python, *(program or ["-m", "claimreview"]), *args], preexec_fn=prepare, **kwargs)

    def __call__(self, *args: str, **kwargs: Any) -> Result:
        proc = self.popen(*args, **kwargs)
        out, err = proc.communicate(timeout=HUNG)
        return Result(proc.returncode, out or b"", (err or b"").decode())

    @property
    def uid(self) -> int:
        return NOBODY if self.user == "nobody" else os.geteuid()

    def file(self, name: str, data: bytes | Path = SEED) -> Path:
        """A file of the user's, in folders of the user's."""
        path = self.work / name
        self.mkdir(str(path.parent.relative_to(self.work)))
        path.write_bytes(data.read_bytes() if isinstance(data, Path) else data)
        os.chown(path, self.uid, self.uid)
        return path

    def mkdir(self, name: str) -> Path:
        path = self.work / name
        path.mkdir(parents=True, exist_ok=True)
        for folder in [path, *path.parents]:
            if folder == self.work:
                break
            os.chown(folder, self.uid, self.uid)
        return path


@dataclass
class Result:
    code: int
    stdout: bytes
    stderr: str


@pytest.fixture(params=USERS)
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    user = request.param
    if user == "nobody" and os.geteuid() != 0:
        pytest.skip("dropping to another user needs root; this run is already unprivileged")
    if _interpreter(user) is None:
        pytest.skip(f"no Python that {user} may run with this environment's packages")
    work = Path(tempfile.mkdtemp(prefix="claimreview-safety-", dir="/tmp"))
    work.chmod(0o777)
    try:
        yield Run(user, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def root_run(run: Run) -> Run:
    if run.user != "root":
        pytest.skip("the same case as root covers it")
    return run


def _mknod(path: Path, major: int, minor: int) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("mknod is not permitted here (not root, or a container without CAP_MKNOD)")
    path.chmod(0o666)  # the umask applies to mknod


def _tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: file contents, or what a link or a special file is."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            found[rel] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[rel] = "folder"
        elif path.is_file():
            found[rel] = path.read_bytes()
        else:
            found[rel] = stat.filemode(path.lstat().st_mode)
    return found


# -- the output is, holds, or lies inside an input --------------------------------------------------


def test_folder_holding_the_input_is_refused(run: Run) -> None:
    run.file("proj/in.yaml")
    run.file("proj/photos/cat.jpg", b"\xff\xd8 a picture")
    before = _tree(run.work)
    result = run("convert", "proj/in.yaml", "--to", "csv", "-o", "proj")
    assert result.code == 2
    assert result.stderr.startswith("claimreview: proj: holds the input proj/in.yaml")
    assert _tree(run.work) == before


def test_parent_folder_of_an_input_folder_is_refused(run: Run) -> None:
    assert run("convert", str(SEED), "--to", "csv", "-o", "t/a/tables", "--parents").code == 0
    before = _tree(run.work)
    result = run("convert", "t/a/tables", "--to", "csv", "-o", "t/a")
    assert result.code == 2 and "t/a: holds the input t/a/tables" in result.stderr
    assert _tree(run.work) == before


def test_output_inside_an_input_folder_is_refused(run: Run) -> None:
    assert run("convert", str(SEED), "--to", "csv", "-o", "tables").code == 0
    before = _tree(run.work)
    result = run("convert", "tables", "--to", "json", "-o", "tables/out.json")
    assert result.code == 2 and "tables/out.json: lies inside the input folder tables" in result.stderr
    assert _tree(run.work) == before


@pytest.mark.parametrize("target", ["in.yaml", "./in.yaml", "nosuchdir/../in.yaml", "sub/../in.yaml", "link.yaml",
                                    "hard.yaml", "linkdir/in.yaml"])
def test_the_input_itself_is_refused(run: Run, target: str) -> None:
    """Through a folder that does not exist yet (never created), a symlink, a hard link, a
    symlinked folder."""
    original = run.file("in.yaml")
    run.mkdir("sub")
    (run.work / "link.yaml").symlink_to("in.yaml")
    os.link(original, run.work / "hard.yaml")
    (run.work / "linkdir").symlink_to(".")
    before = _tree(run.work)
    result = run("convert", "in.yaml", "--to", "yaml", "-o", target)
    assert result.code == 2
    assert result.stderr == (f"claimreview: {target}: is the input in.yaml; claimreview never overwrites its input: "
                             "choose another output\n")
    assert _tree(run.work) == before and not (run.work / "nosuchdir").exists()


def test_stdout_redirected_to_the_input_is_refused(root_run: Run) -> None:
    original = root_run.file("in.yaml")
    (root_run.work / "out").symlink_to("/proc/self/fd/1")
    with open(original, "ab") as same:
        result = root_run("convert", "in.yaml", "--to", "yaml", "-o", "out", stdout=same)
    assert result.code == 2 and "is the input in.yaml" in result.stderr
    assert original.read_bytes() == SEED.read_bytes()


# -- folders ---------------------------------------------------------------------------------------


def test_folder_with_unrelated_files_is_refused(run: Run) -> None:
    run.file("proj/notes.txt", b"mine")
    run.file("proj/photos/cat.jpg", b"\xff\xd8 a picture")
    before = _tree(run.work)
    result = run("convert", str(SEED), "--to", "csv", "-o", "proj")
    assert result.code == 2
    assert result.stderr == ("claimreview: proj: the folder is not empty and is not a package claimreview wrote; "
                             "give a new or empty folder (nothing was written, nothing removed)\n")
    assert _tree(run.work) == before


def test_empty_and_new_folders_are_written(run: Run) -> None:
    run.mkdir("empty")
    run.mkdir("here")
    for target, cwd in (("empty", run.work), ("new", run.work), (".", run.work / "here")):
        result = run("convert", str(SEED), "--to", "csv", "-o", target, cwd=cwd)
        assert result.code == 0, result.stderr
        folder = cwd / target
        listing = json.loads((folder / MANIFEST).read_text())["files"]
        assert sorted(p.name for p in folder.iterdir()) == sorted([MANIFEST, *listing])
        assert "reviews.csv" in listing


def test_a_package_written_before_is_rewritten_and_nothing_else_removed(run: Run) -> None:
    assert run("convert", str(SEED), "--to", "csv", "-o", "pkg").code == 0
    folder = run.work / "pkg"
    manifest = json.loads((folder / MANIFEST).read_text())
    # a table an older version wrote, unchanged since: removed; one the user edited: kept
    for name, data in (("old.csv", b"a,b\r\n"), ("edited.csv", b"x\r\n")):
        (folder / name).write_bytes(data)
        manifest["files"][name] = hashlib.sha256(data).hexdigest()
    (folder / "edited.csv").write_bytes(b"x\r\nthe user's row\r\n")
    victim = run.file("victim.txt", b"not claimreview's")
    manifest["files"]["../victim.txt"] = hashlib.sha256(b"not claimreview's").hexdigest()  # a hostile manifest
    (folder / MANIFEST).write_text(json.dumps(manifest))
    (folder / "README.txt").write_bytes(b"the user's notes")
    (folder / "reviews.csv").chmod(0o666)
    result = run("convert", str(SEED), "--to", "csv", "-o", "pkg")
    assert result.code == 0, result.stderr
    assert not (folder / "old.csv").exists()
    assert (folder / "edited.csv").read_bytes() == b"x\r\nthe user's row\r\n"
    assert (folder / "README.txt").read_bytes() == b"the user's notes"
    assert victim.read_bytes() == b"not claimreview's"
    assert "old.csv" not in json.loads((folder / MANIFEST).read_text())["files"]


def test_a_file_claimreview_did_not_write_is_not_replaced_in_its_package(run: Run) -> None:
    assert run("convert", str(SEED), "--to", "csv", "-o", "pkg").code == 0
    (run.work / "pkg" / "reviews.csv").write_bytes(b"the user's own table")
    before = _tree(run.work)
    result = run("convert", str(SEED), "--to", "csv", "-o", "pkg")
    assert result.code == 2 and "pkg: reviews.csv is there already" in result.stderr
    assert _tree(run.work) == before


def test_one_file_export_to_a_folder_is_refused(run: Run) -> None:
    run.mkdir("d")
    for target in (".", "d", "d/"):
        result = run("convert", str(SEED), "--to", "json", "-o", target)
        assert result.code == 2
        assert result.stderr == f"claimreview: {target}: is a folder; give the name of a file to write\n"


# -- devices, FIFOs, symlinks --------------------------------------------------------------------


def test_character_device_is_written_in_place(run: Run) -> None:
    """``-o /dev/null``, as root and as a user: the node is made by this (root) process."""
    null = run.work / "null"
    _mknod(null, 1, 3)
    for to in ("json", "jsonl", "csv"):
        extra = ["--layout", "sheet"] if to == "csv" else []
        result = run("convert", str(SEED), "--to", to, *extra, "-o", "null")
        assert result.code == 0, result.stderr
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
    assert [p.name for p in run.work.iterdir()] == ["null"]


def test_full_disk_names_the_target(root_run: Run) -> None:
    _mknod(root_run.work / "full", 1, 7)  # /dev/full: every write fails with ENOSPC
    for to in ("json", "jsonl"):
        result = root_run("convert", str(SEED), "--to", to, "-o", "full")
        assert result.code == 2
        assert result.stderr.splitlines()[-1] == ("claimreview: full: cannot write: No space left on device "
                                                  "(ENOSPC); nothing was written")


def test_full_disk_on_a_file_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    out = tmp_path / "out.json"
    out.write_text("previous")
    monkeypatch.setattr(claimreview.io.os, "fsync", full)
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"claimreview: {out}: cannot write: No space left on device (ENOSPC); nothing was written\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"] and out.read_text() == "previous"


def test_stdout_link_writes_to_stdout(run: Run) -> None:
    (run.work / "stdout").symlink_to("/proc/self/fd/1")
    for to in ("json", "jsonl"):
        result = run("convert", str(SEED), "--to", to, "-o", "stdout")
        assert result.code == 0, result.stderr
        assert result.stdout.startswith(b"{")
    assert os.readlink(run.work / "stdout") == "/proc/self/fd/1"
    assert [p.name for p in run.work.iterdir()] == ["stdout"]


def test_stdout_link_to_a_file_adds_to_it(run: Run) -> None:
    (run.work / "stdout").symlink_to("/proc/self/fd/1")
    out = run.work / "captured.json"
    with open(out, "wb") as fh:
        result = run("convert", str(SEED), "--to", "json", "-o", "stdout", stdout=fh)
    assert result.code == 0, result.stderr
    assert json.loads(out.read_bytes())["claimreview"] == "1"
    assert sorted(p.name for p in run.work.iterdir()) == ["captured.json", "stdout"]


def test_fifo_is_written_in_place(run: Run) -> None:
    fifo = run.work / "fifo"
    os.mkfifo(fifo, 0o666)
    fifo.chmod(0o666)
    proc = run.popen("convert", str(SEED), "--to", "json", "-o", "fifo")
    with open(fifo, "rb") as reader:
        data = reader.read()
    proc.communicate(timeout=HUNG)
    assert proc.returncode == 0
    assert json.loads(data)["claimreview"] == "1"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_fifo_without_a_reader_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "fifo")
    monkeypatch.setattr(claimreview.io, "FIFO_WAIT", 0.0)
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "json", "-o", str(tmp_path / "fifo")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"claimreview: {tmp_path / 'fifo'}: cannot write: no process read the pipe")


def test_symlinks_are_written_through(run: Run) -> None:
    run.file("real.json", b"old")
    (run.work / "link.json").symlink_to("real.json")
    (run.work / "dangling.json").symlink_to("created.json")
    for target in ("link.json", "dangling.json"):
        assert run("convert", str(SEED), "-o", target).code == 0
    assert os.readlink(run.work / "link.json") == "real.json"
    assert json.loads((run.work / "real.json").read_text())["claimreview"] == "1"
    assert json.loads((run.work / "created.json").read_text())["claimreview"] == "1"


def test_missing_parent_is_an_error_unless_asked(run: Run) -> None:
    result = run("convert", str(SEED), "-o", "a/b/out.json")
    assert result.code == 2
    assert result.stderr == "claimreview: a/b/out.json: the folder a/b does not exist; create it, or pass --parents\n"
    assert list(run.work.iterdir()) == []
    assert run("convert", str(SEED), "-o", "a/b/out.json", "--parents").code == 0
    assert (run.work / "a/b/out.json").is_file()


def test_unwritable_folder_names_the_target(run: Run) -> None:
    locked = run.work / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    result = run("convert", str(SEED), "-o", "locked/out.json")
    if run.user == "root":
        assert result.code == 0  # root writes anyway
    else:
        assert result.code == 2
        assert result.stderr == ("claimreview: locked/out.json: cannot write: Permission denied (EACCES); "
                                 "nothing was written\n")


def test_closed_stdout_is_a_clear_error(run: Run) -> None:
    for args in (["convert", str(SEED), "--to", "json"], ["validate", str(SEED)]):
        result = run(*args, preexec=lambda: os.close(1), stdout=None)
        assert result.code == 2
        assert result.stderr.startswith("claimreview: standard output is closed")
    assert run("convert", str(SEED), "-o", "out.json", preexec=lambda: os.close(1), stdout=None).code == 0


# -- temporary files: named, swept, removed on SIGTERM ---------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_dead_runs_leftovers_are_removed(run: Run) -> None:
    dead, live = _dead_pid(), os.getpid()
    run.file(f".out.json.claimreview-{dead}.tmp", b"partial")
    run.file(f".out.json.claimreview-{live}.tmp", b"a live run's")
    run.file(f".other.json.claimreview-{dead}.tmp", b"another target's")
    run.file(".out.json.mine.tmp", b"not ours")
    run.file(f".pkg.claimreview-{dead}.tmp/reviews.csv", b"partial")
    assert run("convert", str(SEED), "-o", "out.json").code == 0
    assert run("convert", str(SEED), "--to", "csv", "-o", "pkg").code == 0
    assert sorted(p.name for p in run.work.iterdir()) == sorted([
        f".out.json.claimreview-{live}.tmp", f".other.json.claimreview-{dead}.tmp", ".out.json.mine.tmp",
        "out.json", "pkg"])


def _feed_line() -> bytes:
    google = json.loads((ROOT / "tests/fixtures/claimreview/valid/google-2025-example.json").read_bytes())
    return json.dumps(google).encode() + b"\n"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["TERM", "INT", "KILL"])
def test_a_stopped_streamed_conversion_leaves_nothing(run: Run, sig: signal.Signals) -> None:
    """A conversion to JSON Lines blocked on its input (a FIFO whose writer is still writing) is
    stopped; SIGTERM and SIGINT leave no temporary file; SIGKILL's is removed by the next run."""
    fifo = run.work / "feed.jsonl"
    os.mkfifo(fifo, 0o666)
    fifo.chmod(0o666)
    proc = run.popen("convert", "feed.jsonl", "--to", "jsonl", "-o", "out.jsonl")
    with open(fifo, "wb") as writer:
        writer.write(_feed_line() * 3)
        writer.flush()
        bound = 0
        while not any(p.name.startswith(".out.jsonl.claimreview-") for p in run.work.iterdir()):
            assert proc.poll() is None and bound < HUNG * 100, proc.stderr.read() if proc.stderr else ""
            bound += 1
            time.sleep(0.01)
        proc.send_signal(sig)
        proc.communicate(timeout=HUNG)
        code = proc.returncode
    assert code == {signal.SIGTERM: 143, signal.SIGINT: 130, signal.SIGKILL: -9}[sig]
    left = sorted(p.name for p in run.work.iterdir())
    if sig == signal.SIGKILL:
        assert len(left) == 2
        run.file("feed.json", b"[" + _feed_line().rstrip() + b"]")
        fifo.unlink()
        assert run("convert", "feed.json", "--to", "jsonl", "-o", "out.jsonl").code == 0
        left = sorted(p.name for p in run.work.iterdir())
        assert left == ["feed.json", "out.jsonl"]
    else:
        assert left == ["feed.jsonl"]


# -- reading: sizes, devices, pipes, permissions ---------------------------------------------------

MAX_RSS_KB = 100 * 1024
"""Peak memory a refused input may cost (the interpreter and its imports are about 45 MB)."""


_MEASURED = """
import atexit, os, sys
def hwm():
    with open("/proc/self/status") as status, open(os.environ["CLAIMREVIEW_TEST_HWM"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(hwm)
from claimreview.cli import main
main()
"""
"""``python -m claimreview`` that leaves its peak resident memory (VmHWM, KiB) in a file. Not
``ru_maxrss``: that keeps the peak of the process forked from, here the test run."""


def _peak(run: Run, *args: str, **kwargs: Any) -> tuple[Result, int]:
    """Run and return the child's peak resident memory in KiB."""
    hwm = run.work / f".hwm-{os.getpid()}"
    hwm.touch()
    hwm.chmod(0o666)
    found = _interpreter(run.user)
    assert found is not None
    env = {**found[1], "CLAIMREVIEW_TEST_HWM": str(hwm)}
    result = run(*args, env=env, program=["-c", _MEASURED], **kwargs)
    peak = int(hwm.read_text())
    hwm.unlink()
    return result, peak


@pytest.mark.parametrize(("device", "fmt"), [((1, 5), "json"), ((1, 9), "html"), ((1, 5), "yaml"), ((1, 9), "jsonl"),
                                             ((1, 5), "csv")], ids=["zero-json", "urandom-html", "zero-yaml",
                                                                    "urandom-jsonl", "zero-csv"])
def test_endless_devices_are_refused_from_their_first_bytes(run: Run, device: tuple[int, int], fmt: str) -> None:
    """/dev/zero and /dev/urandom, as a path and on stdin, validated and converted."""
    _mknod(run.work / "dev", *device)  # by this (root) process, for either user
    for args, stdin in ((["validate", "--from", fmt, "dev"], None), (["validate", "--from", fmt, "-"], "dev"),
                        (["convert", "--from", fmt, "dev", "--to", "json"], None)):
        with open(run.work / stdin, "rb") if stdin else open(os.devnull, "rb") as fh:
            result, peak = _peak(run, *args, stdin=fh)
        assert result.code in (1, 2), result.stderr
        said = result.stdout.decode() + result.stderr
        assert "input.binary" in said or "input.record-too-large" in said
        assert peak < MAX_RSS_KB, f"{args}: {peak} KiB"


def test_a_large_file_is_refused_by_its_size(run: Run) -> None:
    big = run.file("big.json", b"")
    os.truncate(big, 1 << 30)  # sparse: a gigabyte that takes no disk
    result, peak = _peak(run, "validate", "--from", "json", "big.json")
    assert result.code == 1
    assert "big.json:: error input.too-large: the file is 1,073,741,824 bytes" in result.stdout.decode()
    assert peak < MAX_RSS_KB


def test_a_stream_is_read_to_the_limit_and_one_byte_more() -> None:
    from claimreview.readers.base import InputTooLarge, read_limited

    class Endless:
        given = 0

        def read(self, n: int = -1, /) -> bytes:
            assert n >= 0, "never read to the end"
            self.given += n
            return b"a" * n

        def fileno(self) -> int:
            raise io.UnsupportedOperation

    endless = Endless()
    with pytest.raises(InputTooLarge) as refused:
        read_limited(endless, 5000)  # type: ignore[arg-type]
    assert endless.given == 5001
    assert refused.value.diagnostic("<stdin>").message.startswith("the input goes on past 5,000 bytes")


def test_a_line_without_end_stops_the_stream() -> None:
    from claimreview.readers.jsonl import LineStream

    class Endless:
        given = 0

        def read(self, n: int = -1, /) -> bytes:
            self.given += n
            return b"a" * n

    endless = Endless()
    events = list(LineStream(endless, "f", chunk=256, max_record=1000, max_skip=5000))
    assert [e.code for e in events] == ["input.record-too-large", "input.record-too-large"]  # type: ignore[union-attr]
    assert "the rest of it is not read" in events[1].message  # type: ignore[union-attr]
    assert endless.given <= 1000 + 5000 + 2 * 256


def test_a_fifo_with_no_writer_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimreview.readers.base

    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    good = tmp_path / "good.yaml"
    good.write_bytes(SEED.read_bytes())
    monkeypatch.setattr(claimreview.readers.base, "FIFO_WAIT", 0.0)
    result = CliRunner().invoke(cli, ["validate", str(fifo), str(good)])
    assert result.exit_code == 2
    assert result.stdout == (f"{fifo}:: error input.unreadable: nothing was written to this pipe within 0 s "
                             "(no writer?)\n")
    assert result.stderr.startswith("1 file, 2 items checked: 1 error")
    result = CliRunner().invoke(cli, ["convert", str(fifo), "--from", "json", "--to", "yaml"])
    assert result.exit_code == 2 and "nothing was written to this pipe" in result.stderr


def test_a_fifo_with_a_writer_is_read(run: Run) -> None:
    for name, fmt in (("feed.jsonl", []), ("doc", ["--from", "yaml"])):
        fifo = run.work / name
        os.mkfifo(fifo, 0o666)
        fifo.chmod(0o666)
        proc = run.popen("validate", *fmt, name)
        data = (ROOT / "examples/north-korea-troops.jsonl" if name == "feed.jsonl" else SEED).read_bytes()
        with open(fifo, "wb") as writer:
            writer.write(data)
        _, err = proc.communicate(timeout=HUNG)
        assert proc.returncode == 0, err
        assert b"2 items checked: 0 errors" in err


def test_unreadable_files_and_folders_are_diagnostics_and_the_run_goes_on(run: Run) -> None:
    run.file("claims/a/good.yaml")
    run.file("claims/b/locked/hidden.yaml")
    run.file("claims/c/secret.yaml")
    run.file("claims/d/good.yaml")
    (run.work / "claims/b/locked").chmod(0o000)
    (run.work / "claims/c/secret.yaml").chmod(0o000)
    (run.work / "claims/loop").symlink_to(".")  # a folder reached again through a link: searched once
    result = run("validate", "claims")
    if run.user == "root":  # permissions do not stop root
        assert result.code == 0, result.stdout
        assert result.stderr.startswith("4 files, 8 items checked: 0 errors")
        return
    assert result.code == 2
    assert result.stdout.decode().splitlines() == [
        "claims/b/locked:: error input.unreadable: cannot read this folder: Permission denied; the rest is checked",
        "claims/c/secret.yaml:: error input.unreadable: Permission denied"]
    assert result.stderr.startswith("2 files, 4 items checked: 2 errors")


# -- work that grows with the number of blocks -----------------------------------------------------


def _page(blocks: int) -> str:
    review = (ROOT / "tests/fixtures/claimreview/valid/google-2025-example.json").read_text()
    script = f'<script type="application/ld+json">{review}</script>\n'
    return f"<!doctype html><html><head><title>t</title>{script * blocks}</head><body></body></html>"


def test_ids_of_many_identical_blocks_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 identical ld+json blocks took 90 s: each new id tried base, base-2, ... base-N in
    turn. Work is counted (membership probes), not timed, for two page sizes."""
    from claimreview.readers import html, jsonld
    from claimreview.readers.ids import Taken

    probes = 0

    class Counting(Taken):
        def __contains__(self, item: object) -> bool:
            nonlocal probes
            probes += 1
            return super().__contains__(item)

    monkeypatch.setattr(jsonld, "Taken", Counting)
    counted = []
    for blocks in (40, 80):
        probes = 0
        loaded = html.read_text(_page(blocks), "page.html")
        assert loaded.document is not None and len(loaded.document.reviews) == blocks
        counted.append(probes)
    assert counted[1] <= 2 * counted[0] + 10, counted


def test_ld_json_inside_a_template_is_not_read() -> None:
    from claimreview.readers import html

    review = (ROOT / "tests/fixtures/claimreview/valid/google-2025-example.json").read_text()
    inert = '<template><script type="application/ld+json">{"@type": "ClaimReview"}</script></template>'
    loaded = html.read_text(f"<html><body>\n{inert}\n<script type=\"application/ld+json\">{review}</script>",
                            "page.html", conversion_notes=False)
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("html.template-block", 2, 11)]
    assert loaded.document is not None and len(loaded.document.reviews) == 1
    only_inert = html.read_text(f"<html><body>{inert}<template><template></template>{inert}</template>", "p.html")
    assert [d.code for d in only_inert.diagnostics] == ["html.template-block", "html.template-block",
                                                        "html.no-claimreview"]


@pytest.mark.parametrize(("start", "fill", "codes"), [
    (b"[", b" ", ["input.record-too-large"]),
    (b'[{"a": "', b"x", ["input.record-too-large", "input.record-too-large"]),
    (b"[[[[", b"[", ["json.too-deep", "input.record-too-large"]),
], ids=["white-space", "endless-string", "endless-nesting"])
def test_an_endless_array_stops_the_stream(start: bytes, fill: bytes, codes: list[str]) -> None:
    from claimreview.readers.stream import ArrayStream

    class Endless:
        given = 0

        def read(self, n: int = -1, /) -> bytes:
            self.given += n
            data = start + fill * (n - len(start)) if self.given == n else fill * n
            return data

    endless = Endless()
    events = list(ArrayStream(endless, "f", chunk=256, max_record=1000, max_skip=5000))
    assert [e.code for e in events] == codes  # type: ignore[union-attr]
    assert "the rest of it is not read" in events[-1].message  # type: ignore[union-attr]
    assert endless.given <= 1000 + 5000 + 4 * 256
