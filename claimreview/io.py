"""Writing outputs: atomically, or not at all, and never over an input."""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from claimreview.exporters.base import Rendered


class WriteRefused(ValueError):
    pass


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


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A temporary file beside ``path``, flushed to disk and renamed into place when the block
    ends normally; removed, leaving ``path`` as it was, when it raises."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _mode_for(path, 0o666))
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_file(path) as fh:
        fh.write(data)


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # same input, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return buffer.getvalue()


def atomic_write_dir(path: Path, files: Mapping[str, bytes]) -> None:
    """Fill a temporary folder beside ``path``, then swap it in; an old folder is removed only
    once the new one is in place."""
    with atomic_dir(path) as tmp:
        for name, data in files.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)  # a plain create: the umask applies


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


def refuse_input(path: Path, inputs: Iterable[Path]) -> None:
    for source in inputs:
        if path.exists() and source.exists() and path.resolve() == source.resolve():
            raise WriteRefused(f"{path} is also the input; claimreview never overwrites its input: "
                               "choose another output path")


def write_output(target: str, rendered: Rendered, inputs: Iterable[Path] = ()) -> None:
    """Write ``rendered`` to ``target`` ("-" is stdout). Several files go to a folder, or to a
    zip when ``target`` ends in .zip."""
    if target == "-":
        if not isinstance(rendered, bytes | bytearray):
            raise WriteRefused("this export is several files: give a folder or a .zip with -o")
        sys.stdout.buffer.write(rendered)
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    refuse_input(path, inputs)
    if isinstance(rendered, bytes | bytearray):
        atomic_write_bytes(path, bytes(rendered))
    elif path.suffix.lower() == ".zip":
        atomic_write_bytes(path, zip_bytes(rendered))
    else:
        atomic_write_dir(path, rendered)


class Discarded(Exception):
    """Thrown into an output being written piece by piece, to remove it (see :class:`StreamOutput`)."""


class StreamOutput:
    """An output written piece by piece (a record writer's), put in place only by :meth:`close`.

    A file is written to a temporary file beside it (:func:`atomic_file`) and renamed into place;
    stdout (``"-"``) is spooled to a temporary file and copied out; a folder (``folder=True``) is
    filled as a temporary folder (:func:`atomic_dir`) and swapped in, or zipped when the target
    ends in .zip. :meth:`discard` leaves the target as it was. Refuses to write over an input."""

    def __init__(self, target: str, inputs: Iterable[Path] = (), *, folder: bool = False) -> None:
        from contextlib import ExitStack

        self.target = target
        self._stack = ExitStack()
        self.file: BinaryIO | None = None
        """Where a single-file output is written."""
        self.folder: Path | None = None
        """Where a folder output's files go (a temporary folder)."""
        self._zip: Path | None = None
        if target != "-":
            refuse_input(Path(target), inputs)
        if folder:
            if target == "-":
                raise WriteRefused("this export is several files: give a folder or a .zip with -o")
            if target.lower().endswith(".zip"):
                self._zip = Path(target)
                self.folder = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="claimreview-")))
            else:
                self.folder = self._stack.enter_context(atomic_dir(Path(target)))
        elif target == "-":
            self.file = self._stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115  (closed by close())
        else:
            self.file = self._stack.enter_context(atomic_file(Path(target)))

    def close(self) -> None:
        """Put the output in place."""
        if self._zip is not None:
            assert self.folder is not None
            with atomic_file(self._zip) as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for member in sorted(p for p in self.folder.rglob("*") if p.is_file()):
                    info = zipfile.ZipInfo(member.relative_to(self.folder).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with member.open("rb") as src, zf.open(info, "w") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
        elif self.target == "-":
            assert self.file is not None
            self.file.seek(0)
            shutil.copyfileobj(self.file, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        self._stack.close()

    def discard(self) -> None:
        """Leave the target as it was: the temporary file or folder is removed."""
        with suppress(Discarded):
            self._stack.__exit__(Discarded, Discarded(), None)
