"""Atomic writes and per-file locks, so a crash or a concurrent run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import random
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.errors import L10nError

# a writer's temp file: `.NAME.PID.XXXXXXXX.tmp` beside its target (eight random characters)
_TEMP_NAME = re.compile(r"\..*\.(\d+)\.[a-z0-9_]{8}\.tmp", re.S)
_NAME_ROOM = 200  # bytes of a target's name kept in its temp file's (NAME_MAX is 255 on Linux and macOS)


def temp_prefix(path: Path) -> str:
    """`.NAME.PID.`: a temp file's name says whose it is, so only the files of writers that are gone are ever
    removed (`is_orphan`), never another run's in progress or a person's `.notes.tmp`.  A long name is shortened
    so that the temp name fits in NAME_MAX too."""
    name = path.name
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) > _NAME_ROOM:
        name = encoded[:_NAME_ROOM].decode("utf-8", "ignore")
    return f".{name}.{os.getpid()}."


_TEMP_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_TEMP_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def new_temp(path: Path, mode: int | None = None) -> tuple[int, str]:
    """A temp file beside `path` (see `temp_prefix`): its descriptor and name.

    `mode` is the file's it replaces (`target_mode`), which it then has exactly.  A new file (None) is created as
    every other program creates one, 0o666 less what the umask or the folder's default ACL takes away (644 by default,
    600 under umask 077, 664 in a group's shared checkout under 002): the kernel applies it, so the umask is never
    read or set (setting it to read it is process-wide, a race with any thread creating a file meanwhile)."""
    for _ in range(100):
        name = os.path.join(path.parent, temp_prefix(path) + "".join(random.choices(_TEMP_CHARS, k=8)) + ".tmp")
        try:
            fd = os.open(name, _TEMP_FLAGS, 0o666 if mode is None else mode)
        except FileExistsError:
            continue
        if mode is not None:
            try:
                os.fchmod(fd, mode)  # (the umask took bits the file it replaces has)
            except BaseException:
                os.close(fd)
                os.unlink(name)
                raise
        return fd, name
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(path.parent))


def new_file_mode() -> int:
    """The mode a new file gets (0666 less the umask), for a caller that must compare with it (a copied asset's,
    whatever its source's; `new_temp` leaves the umask to the kernel).  Read from /proc where there is one;
    elsewhere set and put back (the umask has no getter)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            umask = next((int(line.split()[1], 8) for line in fh if line.startswith("Umask:")), None)
    except (OSError, ValueError, IndexError):
        umask = None
    if umask is None:
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def target_mode(path: Path) -> int | None:
    """The permission bits of the file at `path`, which a write replacing it keeps; None if there is none."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return None


def temp_target(temp: str) -> str | None:
    """The file a writer's temp file (`new_temp`'s) was to become, for a message: the temp file is no name a person
    knows, and is gone by the time they read it (None: no temp file of ours)."""
    head, name = os.path.split(temp)
    m = _TEMP_NAME.fullmatch(name)
    return None if m is None else os.path.join(head, name[1:m.start(1) - 1])


def is_orphan(temp: Path) -> bool:
    """A temp file (`new_temp`'s) whose writer is gone: killed, it could not remove it."""
    m = _TEMP_NAME.fullmatch(temp.name)
    return m is not None and not process_running(int(m.group(1)))


def process_running(pid: int) -> bool:
    """Whether `pid` is a live process: not gone, and not a zombie (a killed build's worker stays one until a
    reaper collects it, and its temp files are as orphaned as a gone process's)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        pass  # someone else's
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc (macOS): kill's answer


def remove_orphans(target: Path) -> int:
    """The temp files of `target` that killed writers left; how many removed."""
    removed = 0
    own = temp_prefix(target).rsplit(".", 2)[0] + "."  # ".NAME."
    for temp in target.parent.glob(".*.tmp"):
        if temp.name.startswith(own) and is_orphan(temp):
            try:
                temp.unlink()
                removed += 1
            except OSError:
                pass
    return removed


class ReadOnlyFile(PermissionError):
    """A file whose mode allows nobody to write it (`chmod a-w`, a Perforce file not opened for edit): that says
    "leave it", so no writer replaces it, though a rename in a writable directory (or root) could."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EACCES, "the file is read-only (its mode allows no writes); make it writable "
                                       "(chmod u+w, or open it for edit) and run again", str(path))

    def __reduce__(self) -> tuple[type, tuple[Path]]:  # (a build's worker hands it to the parent)
        return ReadOnlyFile, (Path(self.filename),)


def atomic_write_bytes(path: str | os.PathLike, data: bytes | Iterable[bytes | memoryview], durable: bool = True,
                       still_ok: Callable[[], bool] | None = None) -> bool:
    """Write to a temp file in the same directory, fsync, then rename over the target; True when written.

    `data` is the bytes, or pieces of them written in order (a large file changed in one place is not
    copied whole in memory to change it).

    `durable=False` skips the fsync, for many files that one `sync_filesystem` call makes durable
    (the build's pages: a few ms per fsync is most of the cost of writing a small page).
    `still_ok` is asked once the temp file is complete, just before the rename: False leaves the
    target as it is (a writer merging with what another program may save checks the file there, so
    the time it takes to write and sync its copy is no window for that program's save to be lost).
    A symbolic link is written through (its target is replaced, the link kept: a catalogue shared with
    another checkout stays shared).  A durable write also removes its target's temp files that killed
    writers left (`remove_orphans`).
    """
    path = _through_link(Path(path))
    mode = target_mode(path)
    if mode is not None and not mode & 0o222:
        raise ReadOnlyFile(path)
    tmp = _written_temp(path, data, durable, mode)
    with _removed_on_error(tmp, path):
        if still_ok is not None and not still_ok():
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
    if durable:
        remove_orphans(path)
    return True


def _through_link(path: Path) -> Path:
    """The file a write of `path` replaces: a symbolic link's target (see `atomic_write_bytes`)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _written_temp(path: Path, data: bytes | Iterable[bytes | memoryview], durable: bool, mode: int | None) -> str:
    """A new temp file beside `path` holding `data`, with `mode` (None: a new file's, see `new_temp`), synced if
    `durable`; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_temp(path, mode)
    with _removed_on_error(tmp, path), os.fdopen(fd, "wb") as fh:
        if isinstance(data, bytes):
            fh.write(data)
        else:
            fh.writelines(data)
        fh.flush()
        if durable:
            os.fsync(fh.fileno())
    return tmp


@contextmanager
def _removed_on_error(tmp: str, path: Path) -> Iterator[None]:
    """Remove the temp file `tmp` when the block fails; an OSError naming no file (ENOSPC from write()) is
    raised again naming `path`, the file a person knows."""
    try:
        yield
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


class StagedWrites:
    """Files written beside their targets first, then put in place together when the `with` block ends, or none
    of them if it fails: an export of several locales that stops at a broken catalogue has replaced none of the
    others (run again once it is mended, it writes them all).

    A target that already holds the bytes is left untouched, its mtime too, as every other writer leaves it (a
    make rule or a CI cache keyed on the file does not run again).  The bytes are written to the temp file as
    they come and then compared with the target's a piece at a time (`same_bytes`): a large export is never
    held in memory, once or twice.  A target another program changes after the comparison is not replaced: no
    file is (`commit`)."""

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path, tuple[int, int, int] | None]] = []  # temp file, target, target as seen

    def __enter__(self) -> StagedWrites:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def write(self, path: str | os.PathLike, data: bytes | Iterable[bytes | memoryview]) -> bool:
        """Stage `data` (bytes or pieces, as for `atomic_write_bytes`) for `path`; whether the file will change.
        A read-only target (`ReadOnlyFile`) is refused only if it would change."""
        path = _through_link(Path(path))
        mode = target_mode(path)
        read_only = mode is not None and not mode & 0o222
        tmp = _written_temp(path, data, False, None if read_only else mode)
        with _removed_on_error(tmp, path):
            if same_bytes(tmp, path):
                os.unlink(tmp)
                return False
            if read_only:
                raise ReadOnlyFile(path)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            self._staged.append((tmp, path, _identity(path)))
        return True

    def commit(self) -> None:
        """Put every staged file in place; none if a target changed since it was compared (written meanwhile by
        a person or another program, whose bytes are then kept)."""
        changed = [path for _tmp, path, seen in self._staged if _identity(path) != seen]
        if changed:
            self.discard()
            raise L10nError("changed while its replacement was written; nothing was replaced: look at it, then run "
                            "this again", changed[0])
        while self._staged:
            tmp, path, _seen = self._staged[0]
            with _removed_on_error(tmp, path):
                os.replace(tmp, path)
            del self._staged[0]
            remove_orphans(path)

    def discard(self) -> None:
        """Remove the staged temp files, replacing nothing."""
        for tmp, _path, _seen in self._staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        self._staged.clear()


def _identity(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime) of the file at `path`: what changes when anything writes it; None if there is none."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


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


def same_bytes(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two files hold the same bytes (False if either is missing), read a piece at a time: neither is held
    whole."""
    try:
        with open(a, "rb") as fa, open(b, "rb") as fb:
            if os.fstat(fa.fileno()).st_size != os.fstat(fb.fileno()).st_size:
                return False
            while piece := fa.read(_COMPARED):
                if piece != fb.read(_COMPARED):
                    return False
            return fb.read(1) == b""
    except FileNotFoundError:
        return False


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes, streamed (a large catalogue is not held in memory): the digest every cache and
    stamp keys a file by."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def holds_text(path: str | os.PathLike, data: bytes) -> bool:
    """`holds`, or the file is `data` with CR LF line ends: the same catalogue to every reader (git's `core.autocrlf`
    checkout on Windows), so not out of date, and not rewritten.  (A BOM is not: GNU msgfmt refuses it.)"""
    if holds(path, data):
        return True
    try:
        with open(path, "rb") as fh:
            if b"\r\n" not in fh.read(4096):
                return False  # (a file that differs is not read whole a second time)
    except FileNotFoundError:
        return False
    return Path(path).read_bytes().replace(b"\r\n", b"\n") == data


def _say_waiting(path: Path, wait: float | None) -> None:
    import logging

    logging.getLogger("toolkit").warning(f"{path}: another l10n command is writing it; waiting for it to finish"
                                         + (f" (up to {wait:.0f} s)" if wait is not None else ""))


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


LOCK_WAIT = 30.0  # seconds a command waits for another to finish with a file before it gives up


@contextmanager
def locked(path: str | os.PathLike, timeout: float | None = None,
           waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold `<path>.lock` while reading-modifying-writing `path`.  If another command holds it, `waiting` is called
    once (default: a warning saying so), then this waits `timeout` seconds (default `LOCK_WAIT`; None from a caller
    that passes `waiting`: as long as it takes).  The lock is the operating system's (flock): it ends with the
    process holding it, so there is never a stale one to remove (removing a held one let a second writer in)."""
    from filelock import FileLock, Timeout  # here, not at start-up: most commands never lock

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = LOCK_WAIT if timeout is None and waiting is None else timeout
    lock = FileLock(str(path) + ".lock")
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if waiting is not None:
                waiting()
            else:
                _say_waiting(path, wait)
            lock.acquire(timeout=-1 if wait is None else wait)
    except Timeout:
        raise L10nError(f"another l10n command still holds it after {wait:.0f} s; run this again when that one has "
                        "finished", path) from None
    try:
        yield
    finally:
        lock.release()
