"""How a command stops: SIGTERM as Ctrl-C, and no stop lost while worker processes are forked.

SIGTERM is what a cancelled CI job, `kill` or a service manager sends: every command takes it as
Ctrl-C (`sigterm_as_interrupt`), so it saves its finished work and exits 130 instead of dying
mid-way.  Python ignores (prints and drops) an exception raised in fork's own callbacks, so a stop
handled while a process forks its workers was lost and the command ran on: the stop signals are
held while forking, and the child lets them through once it has set its own handlers.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


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
