"""What code made a cached thing: the names and bytes of a package's own files, so that a fix in an editable install
(the same version number) is not hidden behind what the old code cached or stamped (the units cache, the build's
manifest, update's and compile's stamps)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def code_files(package: Path) -> list[Path]:
    """A package's own code files, in a stable order."""
    try:
        return sorted(p for p in package.iterdir() if p.is_file() and p.suffix in (".py", ".so", ".pyd"))
    except OSError:
        return []


def hash_code(h: Any, files: list[Path]) -> None:
    """Feed the names and bytes of code files to `h`: what the code makes is keyed by the code itself, so a fix in
    an editable install (same version) is not hidden behind what the old code cached."""
    for path in files:
        h.update(path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:  # not on disk (a zipped install): the version alone tells the code apart
            pass
