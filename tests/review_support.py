"""Shared setup of the review-server tests: a sample copy with one Korean entry made machine output."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib

from toolkit.catalog import MT_COMMENT_PREFIX, EntryChange, EntryText, apply_changes, mt_comment, read_catalog

REPO = Path(__file__).resolve().parent.parent
PAGE = "esa/international_cooperation.html"
MT_MSGID = "Launcher history"  # a menu item of the ESA page, made machine output
HOSTILE_MSGID = "Launcher Technology"
HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script>'


def machine_comment(msgstr: str) -> str:
    """The comment `l10n translate` writes over `msgstr` (google, on a fixed day)."""
    return mt_comment("google", "2026-11-20", (msgstr,))


def copy_sample(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "babel.cfg", "glossary.txt"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "source_html", root / "source_html")
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns(".cache", "*.mo", "*.lock"))
    return root


def po_path(root: Path, locale: str = "ko") -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / "messages.po"


def entry(root: Path, msgid: str, locale: str = "ko") -> polib.POEntry:
    return next(e for e in read_catalog(po_path(root, locale)) if e.msgid == msgid and not e.obsolete)


def make_machine_output(root: Path, msgid: str, msgstr: str, locale: str = "ko") -> None:
    """Turn an entry into fuzzy machine output, written the way `l10n translate` writes it."""
    e = entry(root, msgid, locale)
    change = EntryChange(EntryText.of(e), EntryText((msgstr,), fuzzy=True), machine_comment(msgstr),
                         MT_COMMENT_PREFIX)
    assert apply_changes(po_path(root, locale), {(e.msgctxt, e.msgid): change}, width=79).written


def changed_blocks(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    """The entry blocks (blank-line separated) that differ; the files must have the same entries in order."""
    old, new = before.split(b"\n\n"), after.split(b"\n\n")
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new) if a != b]
