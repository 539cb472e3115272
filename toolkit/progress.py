"""Progress reporting from the core without a user interface in it.

Long operations (build, translate) take a `Progress` callback, ``progress(done, total)``; the
CLI decides whether that draws a bar (on a terminal) or nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]  # (items done, items in this run)


class Ticker:
    """Counts finished items and reports them to an optional `Progress` callback."""

    def __init__(self, total: int, progress: Progress | None = None):
        self.total = total
        self.done = 0
        self.progress = progress

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)

    def close(self) -> None:
        """Nothing to release: the caller that drew a bar closes it."""
