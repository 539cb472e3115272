"""Atomic writes and per-file locks, so a crash or a concurrent run never leaves a half-written file."""

from __future__ import annotations

import ctypes
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from toolkit.errors import L10nError


def atomic_write_bytes(path: str | os.PathLike, data: bytes | Sequence[bytes | memoryview], durable: bool = True,
                       still_ok: Callable[[], bool] | None = None) -> bool:
    """Write to a temp file in the same directory, fsync, then rename over the target; True when written.

    `data` is the bytes, or pieces of them written in order (a large file changed in one place is not
    copied whole in memory to change it).

    `durable=False` skips the fsync, for many files that one `sync_filesystem` call makes durable
    (the build's pages: a few ms per fsync is most of the cost of writing a small page).
    `still_ok` is asked once the temp file is complete, just before the rename: False leaves the
    target as it is (a writer merging with what another program may save checks the file there, so
    the time it takes to write and sync its copy is no window for that program's save to be lost).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                fh.writelines(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        if still_ok is not None and not still_ok():
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:  # ENOSPC from write() names no file
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    return True


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def write_if_changed(path: str | os.PathLike, data: bytes, durable: bool = True) -> bool:
    """Atomically write `data` unless the file already holds exactly it; return True if written."""
    if holds(path, data):
        return False
    atomic_write_bytes(path, data, durable)
    return True


_COMPARED = 1 << 20  # bytes of a file read at a time when comparing it with data


def holds(path: str | os.PathLike, data: bytes) -> bool:
    """Whether the file holds exactly `data` (False if it is missing), read a piece at a time: a large
    template is not held twice to find it unchanged."""
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size != len(data):
                return False
            view = memoryview(data)
            for start in range(0, len(data), _COMPARED):
                if fh.read(_COMPARED) != view[start:start + _COMPARED]:
                    return False
            return fh.read(1) == b""
    except FileNotFoundError:
        return False


def sync_filesystem(path: str | os.PathLike) -> None:
    """Flush every file written to the file system holding `path` (Linux syncfs; elsewhere sync)."""
    if sys.platform.startswith("linux"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            fd = -1
        if fd >= 0:
            try:
                if ctypes.CDLL(None, use_errno=True).syncfs(fd) == 0:
                    return
            except (OSError, AttributeError):
                pass
            finally:
                os.close(fd)
    os.sync()


@contextmanager
def locked(path: str | os.PathLike, timeout: float = 30.0) -> Iterator[None]:
    """Hold `<path>.lock` while reading-modifying-writing `path`."""
    from filelock import FileLock, Timeout  # here, not at start-up: most commands never lock

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path) + ".lock", timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise L10nError(
            f"another l10n run holds the lock {path}.lock; wait for it or remove the stale lock file",
            path,
        ) from None
