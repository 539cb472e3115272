"""User-facing errors: one line naming the file (and line) and what to do."""

from __future__ import annotations


class L10nError(Exception):
    """A problem with the user's input or setup; the CLI prints it as one line and exits 2."""

    exit_code = 2

    def __init__(self, message: str, path: object = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def written_before(self, written: list[str]) -> L10nError:
        """This error, saying which catalogues a command had written before it stopped here (one per locale, in
        turn): the log then tells what changed, and re-running after the fix does the rest."""
        if not written:
            return self
        return L10nError(f"{self.message} (written before it: {', '.join(written)}; no other catalogue was changed)",
                         self.path, self.line)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"
