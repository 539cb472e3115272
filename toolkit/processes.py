"""Forking worker processes without losing a stop.

Python ignores (prints and drops) an exception raised in fork's own callbacks, so a Ctrl-C or
SIGTERM handled while a process forks its workers was lost and the command ran on.  The stop
signals are held while forking; the child lets them through once it has set its own handlers.
"""

from __future__ import annotations

import signal
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
