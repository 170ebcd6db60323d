"""Writing outputs: atomically, or not at all, and never over an input."""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    old = None
    try:
        os.chmod(tmp, _mode_for(path, 0o777))
        for name, data in files.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)  # a plain create: the umask applies
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
