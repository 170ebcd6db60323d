"""Writing outputs: the one place that touches a user's files.

Every output goes through :func:`plan`, which resolves the target before any check (its parent's
real path; a symlink as the last component is followed and written through) and refuses, naming
the target as the user gave it:

- an output that is an input, holds an input, or lies inside an input folder;
- a folder output that is not new, not empty, and not a package this tool wrote before (the
  package's :data:`MANIFEST` lists what claimreview wrote there, with digests: only those files,
  unchanged, are ever replaced or removed);
- a missing parent folder, unless ``parents`` asks for it to be made.

Regular files are written to a temporary file beside the target and renamed into place; a
character device, a FIFO or ``/dev/stdout`` is written in place, never replaced. Temporary files
are named ``.NAME.claimreview-PID.tmp``: a later write of the same target removes those of runs
that are no longer alive (a kill -9, a power cut). Every error is a :class:`WriteRefused` naming
the target, never the temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import BinaryIO, Literal

from claimreview.exporters.base import Rendered

MANIFEST = ".claimreview-files.json"
"""Written into every folder output: the files claimreview wrote there and their SHA-256."""
FIFO_WAIT = 10.0
"""Seconds a FIFO output may wait for its reader before the write is refused."""
_TMP = re.compile(r"\.(?P<name>.+)\.claimreview-(?P<pid>[0-9]+)\.tmp\Z")
_FD_DIR = re.compile(r"/proc/(?P<pid>self|thread-self|[0-9]+)(?:/task/[0-9]+)?/fd\Z|/dev/fd\Z")


class WriteRefused(ValueError):
    """The output cannot or may not be written; the message names the target as given."""


Kind = Literal["stdout", "stream", "file", "folder"]


@dataclass(frozen=True)
class Target:
    """Where an output goes, resolved once, before anything is checked or written."""

    given: str
    """The target as the user gave it: what every message names."""
    path: Path | None
    """The resolved path (None for stdout)."""
    kind: Kind
    """``stdout``; ``stream`` (a device, a FIFO, /dev/stdout: written in place); ``file``
    (renamed into place); ``folder`` (several files)."""
    exists: bool = False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(path: Path, default: int) -> int:
    """The mode a new output gets: the replaced file's, or what open() would give (temporary
    files are created private, 0600/0700, which would leave a web page unreadable)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return default & ~_umask()


def _why(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0)
    text = exc.strerror or str(exc)
    return f"{text} ({name})" if name else text


def _failed(given: str, exc: OSError) -> WriteRefused:
    return WriteRefused(f"{given}: cannot write: {_why(exc)}; nothing was written")


def _tmp_name(name: str) -> str:
    return f".{name}.claimreview-{os.getpid()}.tmp"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def sweep(folder: Path, name: str) -> None:
    """Remove what dead runs writing ``folder/name`` left behind (their temporary files or
    folders); a live run's, or anything not named like ours, is left alone."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        match = _TMP.match(entry)
        if match is None or match["name"] != name:
            continue
        pid = int(match["pid"])
        if pid != os.getpid() and _alive(pid):
            continue
        leftover = folder / entry
        with contextlib.suppress(OSError):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()


def _fd_link(given: str) -> tuple[bool, int | None]:
    """Whether ``given`` names an open file descriptor (/dev/stdout, /dev/fd/1, /proc/self/fd/1,
    or a symlink to one), and its number when it is one of this process's own: that one is
    written through the descriptor the shell opened (reopening a pipe may be refused)."""
    path = given
    for _ in range(40):
        folder = os.path.realpath(os.path.dirname(path) or ".")
        match = _FD_DIR.match(folder)
        if match:
            name = os.path.basename(path)
            own = match["pid"] in (None, "self", "thread-self", str(os.getpid())) and name.isdigit()
            return True, int(name) if own else None
        if not os.path.islink(path):
            return False, None
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return False, None


def _within(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith(outer.rstrip("/") + "/")


def _refuse_inputs(given: str, real: str, st: os.stat_result | None, inputs: Iterable[str | Path]) -> None:
    for source in inputs:
        name = str(source)
        if name == "-":
            continue
        try:
            source_st = os.stat(name)
        except OSError:
            source_st = None
        source_real = os.path.realpath(name)
        same = st is not None and source_st is not None and (st.st_dev, st.st_ino) == (
            source_st.st_dev, source_st.st_ino)
        if same or source_real == real:
            raise WriteRefused(f"{given}: is the input {name}; claimreview never overwrites its input: "
                               "choose another output")
        if _within(source_real, real):
            raise WriteRefused(f"{given}: holds the input {name}; claimreview never writes over its input: "
                               "choose another output")
        if source_st is not None and stat.S_ISDIR(source_st.st_mode) and _within(real, source_real):
            raise WriteRefused(f"{given}: lies inside the input folder {name}; choose an output outside it")


def plan(given: str, inputs: Iterable[str | Path] = (), *, folder: bool | None = False,
         parents: bool = False) -> Target:
    """Resolve and check an output target; nothing is created or written. ``folder``: the output
    is several files (True), one (False), or not yet known (None: the checks that do not depend on
    it). Raises :class:`WriteRefused`."""
    if given == "-":
        if folder:
            raise WriteRefused("this export is several files: give a folder or a .zip with -o")
        return Target(given, None, "stdout")
    if not given or "\0" in given:
        raise WriteRefused(f"{given!r}: is not a path; give a file name with -o")
    try:
        st: os.stat_result | None = os.stat(given)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:  # permission denied on the way, a symlink loop
        raise WriteRefused(f"{given}: cannot write there: {_why(exc)}") from None
    real = os.path.realpath(given)
    _refuse_inputs(given, real, st, inputs)
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode) or _fd_link(given)[0]):
        if folder:
            raise WriteRefused(f"{given}: is a device or a pipe; this export is several files: give a folder "
                               "or a .zip")
        return Target(given, Path(given), "stream", True)
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        raise WriteRefused(f"{given}: is neither a file, a folder, a character device nor a pipe; "
                           "claimreview does not write there")
    if st is not None and stat.S_ISDIR(st.st_mode) and folder is False:
        raise WriteRefused(f"{given}: is a folder; give the name of a file to write")
    if st is not None and stat.S_ISREG(st.st_mode) and folder:
        raise WriteRefused(f"{given}: exists and is not a folder; this export is several files: give a new "
                           "or empty folder, or a .zip")
    path = Path(real)
    typed_parent = os.path.dirname(given) or "."
    if not (os.path.isdir(typed_parent) and path.parent.is_dir()) and not parents:
        raise WriteRefused(f"{given}: the folder {typed_parent} does not exist; create it, or pass --parents")
    if st is not None and stat.S_ISDIR(st.st_mode):
        if folder:
            _package_files(given, path)  # refuses a folder that is neither empty nor ours
        return Target(given, path, "folder", True)
    return Target(given, path, "folder" if folder else "file", st is not None)


def _make_parent(target: Target) -> None:
    assert target.path is not None
    try:
        target.path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(target.given, exc) from None


# -- one file ----------------------------------------------------------------------------------


class Output:
    """An output being written: :attr:`file` takes the bytes; :meth:`commit` puts them in place
    (a rename, or a copy into a stream), :meth:`discard` leaves the target as it was. Use
    :func:`output_file` unless the two ends are far apart (a record writer's ``close()``)."""

    def __init__(self, target: Target) -> None:
        if target.kind == "folder":
            raise WriteRefused(f"{target.given}: is a folder; give the name of a file to write")
        self.target = target
        self._tmp: Path | None = None
        if target.kind == "file":
            assert target.path is not None
            _make_parent(target)
            sweep(target.path.parent, target.path.name)
            self._tmp = target.path.parent / _tmp_name(target.path.name)
            try:
                self._tmp.unlink(missing_ok=True)  # this pid's, from a dead run before us
                fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            except OSError as exc:
                raise _failed(target.given, exc) from None
            self.file: BinaryIO = os.fdopen(fd, "wb")
        else:  # stdout or a stream: spooled, so that nothing reaches it unless the whole output is good
            self.file = tempfile.TemporaryFile()  # noqa: SIM115  # closed by commit() or discard()

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as exc:
            self.discard()
            raise _failed(self.target.given, exc) from None

    def commit(self) -> None:
        target = self.target
        try:
            if self._tmp is not None:
                assert target.path is not None
                self.file.flush()
                os.fsync(self.file.fileno())
                self.file.close()
                os.chmod(self._tmp, _mode_for(target.path, 0o666))
                os.replace(self._tmp, target.path)
                self._tmp = None
                return
            self.file.seek(0)
            with _open_stream(target) as out:
                shutil.copyfileobj(self.file, out, 1 << 20)
                out.flush()
            self.file.close()
        except OSError as exc:
            self.discard()
            raise _failed(target.given, exc) from None
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None


@contextmanager
def output_file(given: str, inputs: Iterable[str | Path] = (), *, parents: bool = False) -> Iterator[Output]:
    """An :class:`Output` for one file, committed when the block ends normally, discarded (the
    target left as it was) when it raises, is interrupted or terminated."""
    out = Output(plan(given, inputs, parents=parents))
    try:
        yield out
    except BaseException:
        out.discard()
        raise
    out.commit()


@contextmanager
def _open_stream(target: Target) -> Iterator[BinaryIO]:
    """Stdout, or a device, FIFO or /dev/stdout opened in place (never created, never replaced)."""
    if target.kind == "stdout":
        if sys.stdout is None or _closed(1):
            raise WriteRefused("standard output is closed: give an output file with -o")
        yield sys.stdout.buffer
        return
    assert target.path is not None
    own = _fd_link(target.given)[1]
    if own is not None:
        fd = os.dup(own)
    else:
        flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC
        if stat.S_ISREG(os.stat(target.path).st_mode):  # another process's descriptor of a file: add to it
            flags |= os.O_APPEND
        fd = _open_writer(target.path, flags)
    with os.fdopen(fd, "wb") as fh:
        yield fh


def _open_writer(path: Path, flags: int) -> int:
    """A FIFO with no reader would block open() forever: wait for one for FIFO_WAIT seconds."""
    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:
            fd = os.open(path, flags | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO or time.monotonic() > deadline:
                if exc.errno == errno.ENXIO:
                    raise OSError(errno.ENXIO, f"no process read the pipe within {FIFO_WAIT:g} s") from None
                raise
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)
        return fd


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """``data`` into the file ``path`` by a rename, resolved and checked like any output but with
    no input to protect (the web app saving the file it edits); missing folders are made."""
    out = Output(plan(str(path), parents=True))
    out.write(data)
    out.commit()


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # same input, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return buffer.getvalue()


# -- several files -----------------------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_name(name: object) -> bool:
    """A relative path inside the package: no absolute path, no .., no hidden or empty step."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name or "\0" in name:
        return False
    return all(part and not part.startswith(".") for part in name.split("/"))


def _package_files(given: str, folder: Path) -> dict[str, str]:
    """What claimreview wrote into an existing folder (name -> SHA-256); {} for an empty one.
    Refuses a folder that holds anything else and has no manifest."""
    try:
        entries = [e for e in os.listdir(folder) if _TMP.match(e) is None]
    except OSError as exc:
        raise WriteRefused(f"{given}: cannot read the folder: {_why(exc)}") from None
    if not entries:
        return {}
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
        files = manifest["files"]
        if not isinstance(files, dict):
            raise TypeError
        return {k: v for k, v in files.items() if _safe_name(k) and isinstance(v, str)}
    except (OSError, ValueError, TypeError, KeyError):
        raise WriteRefused(f"{given}: the folder is not empty and is not a package claimreview wrote; give a new "
                           "or empty folder (nothing was written, nothing removed)") from None


def _unchanged(path: Path, digest: str) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and _digest(path.read_bytes()) == digest
    except OSError:
        return False


def _put(folder: Path, name: str, data: bytes) -> None:
    """One file into a folder by a rename; folders on the way are made."""
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep(target.parent, target.name)
    tmp = target.parent / _tmp_name(target.name)
    try:
        with open(tmp, "wb") as fh:  # a plain create: the umask applies
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _manifest(files: Mapping[str, bytes]) -> bytes:
    listing = {"written-by": "claimreview", "files": {n: _digest(d) for n, d in sorted(files.items())}}
    return json.dumps(listing, indent=2).encode() + b"\n"


def _write_new_folder(target: Target, files: Mapping[str, bytes]) -> None:
    """Fill a temporary folder beside the target, then rename it into place."""
    assert target.path is not None
    path = target.path
    sweep(path.parent, path.name)
    tmp = path.parent / _tmp_name(path.name)
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(mode=0o700)
        os.chmod(tmp, _mode_for(path, 0o777))
        for name, data in files.items():
            _put(tmp, name, data)
        _put(tmp, MANIFEST, _manifest(files))
        os.rename(tmp, path)  # onto nothing, or an empty folder made meanwhile; never onto files
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _rewrite_folder(target: Target, files: Mapping[str, bytes]) -> None:
    """Replace what claimreview wrote into an existing folder (empty, or its own package), file
    by file; a file it did not write, or that was changed since, is never replaced or removed."""
    assert target.path is not None
    folder = target.path
    ours = _package_files(target.given, folder)
    for name in files:
        if not _safe_name(name):
            raise WriteRefused(f"{target.given}: the export names a file {name!r} outside the folder")
        existing = folder / name
        if (existing.exists() or existing.is_symlink()) and not (name in ours and _unchanged(existing, ours[name])):
            raise WriteRefused(f"{target.given}: {name} is there already and claimreview did not write it (or it "
                               "changed since); move it away or choose another folder (nothing was written)")
    for name, data in files.items():
        _put(folder, name, data)
    for name, digest in ours.items():
        stale = folder / name
        if name not in files and _unchanged(stale, digest):
            stale.unlink()
    _put(folder, MANIFEST, _manifest(files))


def write_output(given: str, rendered: Rendered, inputs: Iterable[str | Path] = (), *, parents: bool = False) -> None:
    """Write ``rendered`` to ``given`` ("-" is stdout). Several files go to a folder, or to a zip
    when ``given`` ends in .zip. Raises :class:`WriteRefused`, naming ``given``."""
    several = not isinstance(rendered, bytes | bytearray)
    if several and given.lower().endswith(".zip"):
        rendered, several = zip_bytes(rendered), False  # type: ignore[arg-type]
    target = plan(given, inputs, folder=several, parents=parents)
    if not several:
        out = Output(target)
        out.write(bytes(rendered))  # type: ignore[arg-type]
        out.commit()
        return
    assert isinstance(rendered, Mapping)
    try:
        if target.exists:
            _rewrite_folder(target, rendered)
        else:
            _make_parent(target)
            _write_new_folder(target, rendered)
    except OSError as exc:
        raise _failed(given, exc) from None


# -- signals -------------------------------------------------------------------------------------


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def clean_up_on_sigterm() -> None:
    """SIGTERM (kill, a CI timeout, systemd) unwinds like Ctrl-C: temporary files are removed."""
    signal.signal(signal.SIGTERM, _terminated)


@contextmanager
def atomic_dir(path: Path) -> Iterator[Path]:
    """A temporary folder beside ``path`` to fill, swapped into place when the block ends normally
    (an old folder is removed only once the new one is in place); removed when it raises."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    old = None
    try:
        os.chmod(tmp, _mode_for(path, 0o777))
        yield tmp
        if path.exists():
            if not path.is_dir():
                raise WriteRefused(f"{path} exists and is not a folder")
            old = path.with_name(f".{path.name}.old-{os.getpid()}")
            os.replace(path, old)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not path.exists():
            os.replace(old, path)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class Discarded(Exception):
    """Thrown into an output being written piece by piece, to remove it (see :class:`StreamOutput`)."""


class StreamOutput:
    """An output written piece by piece (a record writer's), put in place only by :meth:`close`.

    A file (or stdout) is an :class:`Output`, committed by :meth:`close`; a folder (``folder=True``)
    is filled as a temporary folder (:func:`atomic_dir`) and swapped in, or zipped when the target
    ends in .zip. :meth:`discard` leaves the target as it was. Refuses to write over an input."""

    def __init__(self, target: str, inputs: Iterable[Path] = (), *, folder: bool = False) -> None:
        from contextlib import ExitStack

        self.target = target
        self._stack = ExitStack()
        self.file: BinaryIO | None = None
        """Where a single-file output is written."""
        self.folder: Path | None = None
        """Where a folder output's files go (a temporary folder)."""
        self._zip: Output | None = None
        self._out: Output | None = None
        if folder:
            if target == "-":
                raise WriteRefused("this export is several files: give a folder or a .zip with -o")
            if target.lower().endswith(".zip"):
                self._zip = Output(plan(target, inputs))
                self.folder = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="claimreview-")))
            else:
                plan(target, inputs, folder=True)
                self.folder = self._stack.enter_context(atomic_dir(Path(target)))
        else:
            self._out = Output(plan(target, inputs))
            self.file = self._out.file

    def close(self) -> None:
        """Put the output in place."""
        if self._zip is not None:
            assert self.folder is not None
            with zipfile.ZipFile(self._zip.file, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for member in sorted(p for p in self.folder.rglob("*") if p.is_file()):
                    info = zipfile.ZipInfo(member.relative_to(self.folder).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with member.open("rb") as src, zf.open(info, "w") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
            self._zip.commit()
        if self._out is not None:
            self._out.commit()
        self._stack.close()

    def discard(self) -> None:
        """Leave the target as it was: the temporary file or folder is removed."""
        for out in (self._out, self._zip):
            if out is not None:
                out.discard()
        with contextlib.suppress(Discarded):
            self._stack.__exit__(Discarded, Discarded(), None)
