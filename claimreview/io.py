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
        if not path.is_file() or path.is_symlink():
            return False
        with path.open("rb") as fh:  # in chunks: a streamed table may be large
            return hashlib.file_digest(fh, "sha256").hexdigest() == digest
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




def _manifest(digests: Mapping[str, str]) -> bytes:
    listing = {"written-by": "claimreview", "files": dict(sorted(digests.items()))}
    return json.dumps(listing, indent=2).encode() + b"\n"


def _staging(target: Target) -> Path:
    """An empty temporary folder beside a folder target, named like this run's temporary files
    (so that a later run removes it should this one die), to fill before :func:`_place_folder`."""
    assert target.path is not None
    _make_parent(target)
    sweep(target.path.parent, target.path.name)
    tmp = target.path.parent / _tmp_name(target.path.name)
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(mode=0o700)
    except OSError as exc:
        raise _failed(target.given, exc) from None
    return tmp


def _staged(staging: Path) -> dict[str, str]:
    """The files of a filled staging folder (relative names) and their SHA-256, read in chunks."""
    digests = {}
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        with path.open("rb") as fh:
            digests[path.relative_to(staging).as_posix()] = hashlib.file_digest(fh, "sha256").hexdigest()
    return digests


def _place_folder(target: Target, staging: Path) -> None:
    """Put the files of a filled staging folder in place: a new target is the staging folder
    renamed, with its manifest; an existing one (empty, or a package claimreview wrote) has only
    claimreview's own unchanged files replaced or removed. The staging folder is gone after."""
    assert target.path is not None
    try:
        digests = _staged(staging)
        if not target.exists:
            (staging / MANIFEST).write_bytes(_manifest(digests))
            os.chmod(staging, _mode_for(target.path, 0o777))
            os.rename(staging, target.path)  # onto nothing, or an empty folder made meanwhile; never onto files
            return
        _rewrite_folder(target, staging, digests)
    except OSError as exc:
        raise _failed(target.given, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _rewrite_folder(target: Target, staging: Path, digests: Mapping[str, str]) -> None:
    """Replace what claimreview wrote into an existing folder (empty, or its own package), file
    by file; a file it did not write, or that was changed since, is never replaced or removed."""
    assert target.path is not None
    folder = target.path
    ours = _package_files(target.given, folder)
    for name in digests:
        if not _safe_name(name):
            raise WriteRefused(f"{target.given}: the export names a file {name!r} outside the folder")
        existing = folder / name
        if (existing.exists() or existing.is_symlink()) and not (name in ours and _unchanged(existing, ours[name])):
            raise WriteRefused(f"{target.given}: {name} is there already and claimreview did not write it (or it "
                               "changed since); move it away or choose another folder (nothing was written)")
    for name in digests:
        placed = folder / name
        placed.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, placed)
    for name, digest in ours.items():
        stale = folder / name
        if name not in digests and _unchanged(stale, digest):
            stale.unlink()
    _put(folder, MANIFEST, _manifest(digests))


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
    for name in rendered:
        if not _safe_name(name):
            raise WriteRefused(f"{given}: the export names a file {name!r} outside the folder")
    staging = _staging(target)
    try:
        for name, data in rendered.items():
            _put(staging, name, data)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _failed(given, exc) from None
        raise
    _place_folder(target, staging)


# -- outputs written piece by piece ------------------------------------------------------------


class StreamOutput:
    """An output written piece by piece (a record writer's), put in place only by :meth:`close`.

    The target is resolved and checked (:func:`plan`) when it is made, before a byte is written.
    A file (or stdout, a device, a FIFO) is an :class:`Output`, committed by :meth:`close`; a
    folder (``folder=True``) is filled as a staging folder beside it and put in place as any
    folder output is (a new folder renamed in with its manifest; an empty one, or a package
    claimreview wrote, has its own files replaced), or zipped when the target ends in .zip.
    :meth:`discard` leaves the target as it was."""

    def __init__(self, target: str, inputs: Iterable[str | Path] = (), *, folder: bool = False,
                 parents: bool = False) -> None:
        self.target = target
        self.file: BinaryIO | None = None
        """Where a single-file output is written."""
        self.folder: Path | None = None
        """Where a folder output's files go (a temporary folder)."""
        self._zip: Output | None = None
        self._out: Output | None = None
        self._planned: Target | None = None
        if folder and target.lower().endswith(".zip"):
            self._zip = Output(plan(target, inputs, parents=parents))
            self.folder = Path(tempfile.mkdtemp(prefix="claimreview-"))
        elif folder:
            self._planned = plan(target, inputs, folder=True, parents=parents)
            self.folder = _staging(self._planned)
        else:
            self._out = Output(plan(target, inputs, parents=parents))
            self.file = self._out.file

    def close(self) -> None:
        """Put the output in place."""
        try:
            if self._zip is not None:
                assert self.folder is not None
                with zipfile.ZipFile(self._zip.file, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                    for member in sorted(p for p in self.folder.rglob("*") if p.is_file()):
                        info = zipfile.ZipInfo(member.relative_to(self.folder).as_posix(),
                                               date_time=(1980, 1, 1, 0, 0, 0))  # same input, same bytes
                        info.compress_type = zipfile.ZIP_DEFLATED
                        with member.open("rb") as src, zf.open(info, "w") as dst:
                            shutil.copyfileobj(src, dst, 1 << 20)
                self._zip.commit()
            elif self._planned is not None:
                assert self.folder is not None
                _place_folder(self._planned, self.folder)
            elif self._out is not None:
                self._out.commit()
        except OSError as exc:
            self.discard()
            raise _failed(self.target, exc) from None
        except BaseException:
            self.discard()
            raise
        self._remove_folder()

    def discard(self) -> None:
        """Leave the target as it was: the temporary file or folder is removed."""
        for out in (self._out, self._zip):
            if out is not None:
                out.discard()
        self._remove_folder()

    def _remove_folder(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


# -- signals -------------------------------------------------------------------------------------


UNWIND_SECONDS = 5
"""How long a terminated run may take to remove its temporary files before it exits regardless
(a later run writing the same target removes what it left)."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    # Unwinding removes the temporary files; should it block (a read or write on a pipe that never
    # returns), the alarm ends the process anyway, so that SIGTERM always terminates.
    signal.signal(signal.SIGALRM, lambda *_: os._exit(128 + signum))
    signal.alarm(UNWIND_SECONDS)
    raise SystemExit(128 + signum)


def clean_up_on_sigterm() -> None:
    """SIGTERM (kill, a CI timeout, systemd) unwinds like Ctrl-C: temporary files are removed."""
    signal.signal(signal.SIGTERM, _terminated)
