"""How a command stops and how it uses a second core: SIGTERM as Ctrl-C, no stop lost while worker
processes are forked, and one piece of work done in a forked child meanwhile (`forked`, `in_two_halves`).

SIGTERM is what a cancelled CI job, `kill` or a service manager sends: every command takes it as
Ctrl-C (`sigterm_as_interrupt`), so it saves its finished work and exits 130 instead of dying
mid-way.  Python ignores (prints and drops) an exception raised in fork's own callbacks, so a stop
handled while a process forks its workers was lost and the command ran on: the stop signals are
held while forking, and the child lets them through once it has set its own handlers.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO, TypeVar

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
Item = TypeVar("Item")
Result = TypeVar("Result")


def release_memory() -> None:
    """Give the system back what finished work freed, before more work forks: a spare object in one of the
    interpreter's free lists (a tuple, say) keeps its whole arena of freed memory mapped, and each forked worker
    then counts every page of it (`l10n run` went on to the build holding 390 MiB after the update of a site's
    catalogue, and forked its workers from that: 1.3 GiB for the process tree).  A full collection empties the
    free lists; glibc's `malloc_trim` returns its heap's free pages (`trim_heap`)."""
    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """glibc's `malloc_trim`: the heap's free pages go back to the system (each forked worker would count them)."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc (TypeError: no CDLL(None) on Windows)
        pass


@contextmanager
def stop_signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends (wrap what forks: starting a process or a pool)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def let_stop_signals_through() -> None:
    """In a forked child: the stop signals its parent held while forking reach it again."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def pool_worker_signals() -> None:
    """In a pool worker or a forked child: Ctrl-C (sent to the whole process group by a terminal) is the parent's
    to handle, so the child prints no traceback of its own; SIGTERM ends it; the stop signals held while forking
    reach it again."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    let_stop_signals_through()


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt in the block, as Ctrl-C does (a no-op off the main thread,
    where Python cannot set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def forked(work: Callable[[], bytes]) -> Iterator[Callable[[], bytes | None]]:
    """`work` run in a forked child while the block runs here; the function the block gets waits for the
    child and gives its bytes, or None when no child ran it to the end.

    The child is only help: None (no fork on this system, a second thread here that forking could
    deadlock, one core, the fork refused, the child failed) means the caller does the work itself.
    The child ignores Ctrl-C and never returns into the caller's code (its `finally` blocks are the
    parent's: a lock released or a temp file removed twice); leaving the block early kills it.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1 or (os.cpu_count() or 1) < 2:
        yield lambda: None
        return
    read_end, write_end = os.pipe()
    try:
        with stop_signals_held():
            pid = os.fork()
            if pid == 0:
                _run_child(work, read_end, write_end)
    except OSError:
        os.close(read_end)
        os.close(write_end)
        yield lambda: None
        return
    os.close(write_end)
    reaped = False

    def result() -> bytes | None:
        nonlocal reaped
        chunks = []
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
        status = os.waitpid(pid, 0)[1]
        reaped = True
        return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None

    try:
        yield result
    finally:
        os.close(read_end)
        if not reaped:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def in_two_halves(items: Sequence[Item], work: Callable[[Sequence[Item]], Result],
                  encode: Callable[[Result], bytes], decode: Callable[[bytes], Result]) -> tuple[Result, Result]:
    """`work` of the first half of `items` here and of the second half in a forked child meanwhile (`forked`),
    its result sent back through `encode` and `decode`; the second half done here too when no child did it."""
    half = len(items) // 2
    with forked(lambda: encode(work(items[half:]))) as second:
        first = work(items[:half])
        done = second()
    return first, (decode(done) if done is not None else work(items[half:]))


def _run_child(work: Callable[[], bytes], read_end: int, write_end: int) -> None:
    """The forked child: do `work`, send its bytes, and exit without running any of the parent's code."""
    code = 1
    try:
        pool_worker_signals()  # the parent handles Ctrl-C, and kills this child
        gc.disable()  # short-lived: a collection would touch (and so copy) every object shared with the parent
        os.close(read_end)
        data = memoryview(work())
        while data:
            data = data[os.write(write_end, data):]
        code = 0
    finally:
        os._exit(code)


class ReaderMayLeave:
    """stdout or stderr for `l10n check | head`: once the reader has gone, the rest of the output is thrown away and
    the command runs to its end, so it exits with the code of what it found (under `set -o pipefail`, `check | head`
    exited 0 with errors in the catalogue, and `build 2>&1 | head` left most of the site unwritten: the broken pipe
    ended the command as a success)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._reader_gone()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._reader_gone()

    def _reader_gone(self) -> None:
        os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
