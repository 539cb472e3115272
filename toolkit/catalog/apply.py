"""Writing a few entries into a catalogue that people may be editing at the same time.

A long writer (``translate``; later the review server and imports) never writes back the
catalogue it read at the start.  It hands `apply_changes` the entries it changed, each with
the text it based the change on.  Under the catalogue's lock the file is read again from disk,
a change is applied only where the entry still has that text, or already the text it writes (a save
retried after the first one landed unseen), so a person who filled or edited it meanwhile wins: the
change is skipped and counted.  The result is written atomically
(temp file + rename).  Programs that rewrite the whole file without taking the lock (Poedit
does) are caught too: if the file's identity (inode, size, mtime) changes between the read
and the rename, the merge is redone on the new content.  The check comes after the temp file
is written and synced, so the window left is the instant between that check and the rename.

Cost: one read, one format and one round-trip scan of the file per call, so a writer that
calls it a bounded number of times per minute stays linear in the catalogue's size.
`CatalogWriter` skips the parse when the file still holds the bytes it wrote last time.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polib

from toolkit.catalog.read import WIDTH, decode, parse_text, read_catalog_snapshot, read_parsed
from toolkit.catalog.status import comment_lines, entry_key, forms
from toolkit.catalog.write import catalog_bytes
from toolkit.errors import L10nError
from toolkit.fsutil import atomic_write_bytes, locked

Key = tuple[str | None, str]  # (msgctxt, msgid), status.entry_key
MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class EntryText:
    """An entry's translation as a writer saw it or wants it: the msgstr forms and the fuzzy flag."""

    forms: tuple[str, ...]  # (msgstr,) or msgstr[0..n-1]
    fuzzy: bool

    @classmethod
    def of(cls, entry: polib.POEntry) -> EntryText:
        return cls(forms(entry), entry.fuzzy)


@dataclass(frozen=True)
class EntryChange:
    """Turn an entry that still reads `based_on` into `new`.

    `comment`, if given, replaces the translator-comment lines that start with
    `comment_prefix` (an engine's note replaces the previous engine's note, however a tool wrapped it:
    `status.comment_lines`); an empty one removes them.
    """

    based_on: EntryText
    new: EntryText
    comment: str | None = None
    comment_prefix: str = ""


@dataclass
class ApplyReport:
    applied: list[Key] = field(default_factory=list)
    changed_meanwhile: list[Key] = field(default_factory=list)  # someone else edited it: left alone
    gone: list[Key] = field(default_factory=list)  # no longer in the catalogue (or obsolete)
    written: bool = False
    attempts: int = 0  # reads needed because the file changed during a merge


def _apply_one(entry: polib.POEntry, change: EntryChange) -> None:
    new = change.new
    if entry.msgid_plural:
        entry.msgstr_plural = dict(enumerate(new.forms))
    else:
        entry.msgstr = new.forms[0]
    if new.fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    elif not new.fuzzy and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    if new.forms != change.based_on.forms or not new.fuzzy:  # the previous msgid belonged to the old text
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    if change.comment is not None:
        lines = [ln for line in comment_lines(entry.tcomment or "")  # (a wrapped note is one line: all of it goes)
                 if not (change.comment_prefix and line.text.startswith(change.comment_prefix)) for ln in line.lines]
        if change.comment:
            lines.append(change.comment)
        entry.tcomment = "\n".join(lines)


class CatalogWriter:
    """Applies changes to one catalogue, remembering what it wrote to avoid re-parsing it."""

    def __init__(self, path: str | Path, width: int = WIDTH):
        self.path = Path(path)
        self.width = width  # the catalogue's line width (msgcat --width; 0: no wrapping)
        self._last: tuple[bytes, polib.POFile] | None = None  # bytes written and the catalogue they hold

    def read(self) -> polib.POFile:
        """The catalogue as on disk now, remembered so the first apply need not parse it again.

        The caller must not modify the returned catalogue (apply would then trust stale entries).
        """
        snapshot, po = read_catalog_snapshot(self.path)
        po.fpath = str(self.path)
        self._last = (snapshot.data, po)
        return po

    def written(self) -> tuple[bytes, polib.POFile] | None:
        """The bytes this writer wrote last and the catalogue they hold (None before a write, or once a merge
        has started changing it): a reader that trusts it must check the file still holds those bytes."""
        return self._last

    def _load(self, data: bytes) -> polib.POFile:
        if self._last is not None and self._last[0] == data:
            return self._last[1]
        return parse_text(decode(data, self.path), self.path)

    def apply(self, changes: Mapping[Key, EntryChange]) -> ApplyReport:
        """Apply `changes` under the lock; see the module docstring."""
        report = ApplyReport()
        if not changes:
            return report
        with locked(self.path):
            for attempt in range(1, MAX_ATTEMPTS + 1):
                report = ApplyReport(attempts=attempt)
                snapshot, po = read_parsed(self.path, self._load)
                self._last = None  # `po` is about to change
                by_key = {entry_key(e): e for e in po if not e.obsolete}
                for key, change in changes.items():
                    entry = by_key.get(key)
                    if entry is None:
                        report.gone.append(key)
                    elif EntryText.of(entry) not in (change.based_on, change.new):
                        report.changed_meanwhile.append(key)  # (already `new`: a save retried after it landed)
                    else:
                        _apply_one(entry, change)
                        report.applied.append(key)
                if not report.applied:
                    return report
                data = catalog_bytes(po, self.path, self.width)
                # rewritten by another program while we merged (checked once our copy is on disk, just
                # before the rename): merge again
                if not atomic_write_bytes(self.path, data, still_ok=functools.partial(snapshot.still_at, self.path)):
                    continue
                self._last = (data, po)
                report.written = True
                return report
        raise L10nError("the catalogue kept changing while saving; nothing was written, try again", self.path)


def apply_changes(path: str | Path, changes: Mapping[Key, EntryChange], width: int) -> ApplyReport:
    """Apply `changes` to the catalogue at `path` under its lock, never reverting another edit; lines wrapped at
    `width` ([tool.l10n] wrap_width: a writer that wraps otherwise rewrites every long entry)."""
    return CatalogWriter(path, width).apply(changes)
