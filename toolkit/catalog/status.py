"""What an entry is: the one definition of translated, reviewed, wanted by MT, and a missing catalogue.

Every command asks these functions instead of looking at ``msgstr``/``fuzzy`` itself, so
``stats``, ``check``, ``compile``, ``build``, ``translate`` and the memory engines agree on
which entries count.

- **has text**: some msgstr form is non-empty (a person's or an engine's work: never dropped).
- **translated**: not obsolete, not the header, not fuzzy, and *every* msgstr form non-empty.
  A plural entry with one empty form is not translated (gettext would show an empty string
  for that count).
- **awaiting review**: fuzzy.  In a PO file the only review state is the ``fuzzy`` flag:
  ``l10n translate`` always writes machine output fuzzy, ``update`` marks fuzzy matches
  fuzzy, and a reviewer approves by clearing the flag (Poedit, Weblate).  The translator
  comment ``# machine translation: ENGINE (DATE)`` only says where a text came from; it stays
  after approval, so it does not make an entry unreviewed.
- **machine output**: fuzzy, with that comment, no ``#|``, and the text the comment's fingerprint
  (``#`` and 8 hex digits of its SHA-256, `text_fingerprint`) records: what the engine wrote, untouched.
  A person who edits it in Poedit leaves the comment and the flag but changes the text, and so
  makes it human work.  A comment without a fingerprint (written by an earlier version) is taken
  at its word, as it was then.
- **MT provenance**: the comment must not claim a reviewed entry is machine output.  When a
  human clears the fuzzy flag (the review server, or Poedit followed by ``l10n update`` or
  ``translate``) the comment becomes ``# machine translation: ENGINE (DATE, #FINGERPRINT), reviewed``,
  or ``…, post-edited and reviewed`` when the approved text is not the engine's
  (`mt_note`, `reviewed_comment`, `needs_reviewed_mark`).  The comment is read however a tool wrapped it
  (`comment_lines`: polib breaks a long one at 78 columns), and a new one replaces every line of it.
- **human work**: a fuzzy text that is not machine output: an update-fuzzy match (``#|``
  previous msgid), a text without the machine-translation comment, or one edited since.  ``translate
  --overwrite-fuzzy`` replaces only unreviewed machine output; ``--force`` replaces human work too.
- **reviewed**: translated and not awaiting review, so in a PO file the same entries as
  translated.  It is its own name because callers ask a different question (may this text be
  reused as a trusted translation: memory, OpenCC, build) from ``stats`` (how far is the
  work); a format with separate translated/reviewed states (XLIFF 2) would answer it alone.
- **usable**: what a build or a .mo may ship: reviewed, or with ``include_fuzzy`` (previews,
  ``--use-fuzzy``) also a fuzzy entry whose every form has text.
- **wanted by MT**: an entry ``translate`` fills: no text at all (fuzzy machine output only when
  overwriting fuzzy entries; fuzzy human work only when forced).
- **missing catalogue**: an error naming the path with the hint ``l10n init -l LOCALE``
  (exit 2), raised by every command before it writes anything.  A configured locale without
  a catalogue is a setup mistake; skipping it would let CI report a complete site.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import L10nError

if TYPE_CHECKING:
    import polib

    from toolkit.config import Config

MT_COMMENT_PREFIX = "machine translation:"  # the translator comment `translate` writes
# translator comment lines the toolkit reads as its own marks: machine provenance, `l10n:` directives (ignore-check)
TOOL_MARK_PREFIXES = (MT_COMMENT_PREFIX, "l10n:")
REVIEWED_SUFFIX = ", reviewed"  # appended to that comment once a human approved the entry
POST_EDITED_SUFFIX = ", post-edited and reviewed"  # ... approved a text they changed from the engine's
_MT_NOTE = re.compile(r"machine translation:\s*(?P<engine>.*?)"
                      r"(?:\s*\((?P<date>[^(),]*?)(?:,\s*#(?P<fingerprint>[0-9a-f]{8}))?\))?"
                      r"(?P<reviewed>,\s*(?:post-edited and )?reviewed)?\s*")
# The same note as read back from several lines (`comment_lines`): stricter, so that joining a person's next line
# never makes one (an engine without parentheses, an ISO date), and spaced as any tool may have re-spaced it.
_WRAPPED_NOTE = re.compile(r"machine\s+translation:\s*(?P<engine>[^\s()][^()]*?)\s*"
                           r"\((?P<date>\d{4}-\d{2}-\d{2})(?:,\s*#(?P<fingerprint>[0-9a-f]{8}))?\)"
                           r"(?P<reviewed>,\s*(?:post-edited\s+and\s+)?reviewed)?\s*")
_MAX_WRAPPED = 16  # lines a note can take: one a word (the longest engine name is a few words)
_SPLIT_HYPHEN = re.compile(r"[^\W\d_]-\Z")  # where a wrapper may break a word (Python's textwrap: post-|edited)


@dataclass(frozen=True)
class MtNote:
    """What an entry's `# machine translation: ENGINE (DATE, #FINGERPRINT)[, reviewed]` comment says."""

    engine: str
    date: str | None
    reviewed: bool
    line: str  # the comment as written (its lines joined into one if a tool wrapped it)
    fingerprint: str | None = None  # `text_fingerprint` of the text as the engine wrote it


@dataclass(frozen=True)
class CommentLine:
    """A translator-comment line as the toolkit reads it: a note of its own that a tool wrapped is one line again."""

    text: str
    lines: tuple[str, ...]  # the comment's lines it stands for, as written


def comment_lines(tcomment: str) -> list[CommentLine]:
    """The translator comment's lines, a machine-translation note wrapped over several joined back into one.

    polib wraps comment lines at its width (78 columns, breaking at spaces and after a word's hyphen), and other
    editors may too: ``machine translation: E (D, #F), post-edited and`` then ``reviewed`` is still one note, not an
    unreviewed one followed by a person's "reviewed".  Lines are split at "\\n" only, as the catalogue holds them.
    """
    lines = tcomment.split("\n") if tcomment else []
    out: list[CommentLine] = []
    start = 0
    while start < len(lines):
        stop = _note_stop(lines, start)
        taken = tuple(lines[start:stop])
        out.append(CommentLine(joined_lines(taken) if len(taken) > 1 else taken[0], taken))
        start = stop
    return out


def joined_lines(lines: Sequence[str]) -> str:
    """Lines a tool wrapped, as one again: joined by a space, or by nothing after a word's hyphen."""
    out = lines[0].strip()
    for line in lines[1:]:
        out += ("" if _SPLIT_HYPHEN.search(out) else " ") + line.strip()
    return out


def _note_stop(lines: list[str], start: int) -> int:
    """Past the last line of the machine-translation note wrapped from `start` on; start + 1 for any other line."""
    head = lines[start].strip()
    if not (head.startswith(MT_COMMENT_PREFIX) or (head and MT_COMMENT_PREFIX.startswith(head))):
        return start + 1
    following = lines[start + 1].strip() if start + 1 < len(lines) else ""
    # A first line with an engine and no date may be a whole note of its own (an older one, undated) with a person's
    # line after it ("Anna: confirmed (2024-06-01)"): joined only into a note as `translate` writes it today, its
    # text's fingerprint included, which no person's line ends with.
    whole_alone = "(" not in head and not following.startswith("(") and len(head) > len(MT_COMMENT_PREFIX)
    for stop in range(min(len(lines), start + _MAX_WRAPPED), start + 1, -1):
        if any(ln.strip().startswith(MT_COMMENT_PREFIX) for ln in lines[start + 1:stop]):
            continue  # (a second note is not the first one's continuation)
        m = _WRAPPED_NOTE.fullmatch(joined_lines(lines[start:stop]))
        if m is not None and not (whole_alone and m["fingerprint"] is None):
            return stop
    return start + 1


def text_fingerprint(texts: Sequence[str]) -> str:
    """8 hex digits of the SHA-256 of an entry's msgstr forms: enough to tell a text a person edited from the
    engine's (a collision would need the edit to hit one chance in four billion)."""
    return hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).hexdigest()[:8]


def mt_comment(engine: str, date: str, texts: Sequence[str]) -> str:
    """The translator comment `translate` writes on machine output: the engine, the day, the text's fingerprint."""
    return f"{MT_COMMENT_PREFIX} {engine} ({date}, #{text_fingerprint(texts)})"


def mt_note(entry: polib.POEntry) -> MtNote | None:
    """The entry's machine-translation comment, parsed (however a tool wrapped it); None if it has none."""
    for line in comment_lines(entry.tcomment or ""):
        if _is_note(line):
            # (read with its spaces collapsed: the lazy engine name looked through a long run of them at every step)
            spaced = " ".join(line.text.split())
            m = _WRAPPED_NOTE.fullmatch(spaced) if len(line.lines) > 1 else _MT_NOTE.fullmatch(spaced)
            if m is None:  # pragma: no cover - the pattern matches every line with the prefix
                return MtNote(line.text[len(MT_COMMENT_PREFIX):].strip(), None, False, line.text)
            return MtNote(m["engine"].strip(), m["date"], bool(m["reviewed"]), line.text, m["fingerprint"])
    return None


def _is_note(line: CommentLine) -> bool:
    return line.text.startswith(MT_COMMENT_PREFIX) or len(line.lines) > 1  # (only a note is joined from lines)


def with_mt_comment(tcomment: str, comment: str) -> str:
    """The translator comment with its machine-translation note, all the lines a tool wrapped it onto, replaced by
    `comment` (appended when it has none)."""
    out: list[str] = []
    placed = False
    for line in comment_lines(tcomment):
        if not placed and _is_note(line):
            out.append(comment)
            placed = True
        else:
            out.extend(line.lines)
    return "\n".join(out if placed else [*out, comment])


def reviewed_comment(note: MtNote, texts: Sequence[str]) -> str:
    """The comment line for an approved machine translation, `machine translation: E (D, #F), reviewed`, or
    `…, post-edited and reviewed` when the approved `texts` are not the engine's (the fingerprint tells)."""
    said = [part for part in (note.date, note.fingerprint and f"#{note.fingerprint}") if part]
    edited = note.fingerprint is not None and note.fingerprint != text_fingerprint(texts)
    return (f"{MT_COMMENT_PREFIX} {note.engine}{' (' + ', '.join(said) + ')' if said else ''}"
            f"{POST_EDITED_SUFFIX if edited else REVIEWED_SUFFIX}")


def needs_reviewed_mark(entry: polib.POEntry) -> bool:
    """A human cleared the fuzzy flag of machine output, but the comment still claims machine output."""
    note = mt_note(entry)
    return note is not None and not note.reviewed and not entry.fuzzy and not entry.obsolete and has_text(entry)


def mark_reviewed(entry: polib.POEntry) -> bool:
    """Rewrite the entry's MT comment as reviewed (see `needs_reviewed_mark`); True if it changed."""
    if not needs_reviewed_mark(entry):
        return False
    note = mt_note(entry)
    assert note is not None
    entry.tcomment = with_mt_comment(entry.tcomment or "", reviewed_comment(note, forms(entry)))
    return True


def holds_human_work(entry: polib.POEntry) -> bool:
    """Fuzzy text a person wrote or must judge: any that is not machine output as the engine wrote it."""
    return entry.fuzzy and has_text(entry) and not is_machine_output(entry)


def entry_key(entry: polib.POEntry) -> tuple[str | None, str]:
    """What identifies an entry in a catalogue: its context and msgid."""
    return (entry.msgctxt, entry.msgid)


def forms(entry: polib.POEntry) -> tuple[str, ...]:
    """The msgstr forms in order: (msgstr,) for a singular entry, msgstr[0..n-1] for a plural one."""
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def has_text(entry: polib.POEntry) -> bool:
    """Some msgstr form is non-empty (fuzzy or not)."""
    return any(forms(entry))


def _complete(entry: polib.POEntry) -> bool:
    f = forms(entry)
    return bool(f) and all(f)


def is_header(msgctxt: str | None, msgid: str | None) -> bool:
    """The header entry: an empty msgid without a context (with one it is a message, as msgfmt has it)."""
    return not msgid and msgctxt is None


def is_translated(entry: polib.POEntry) -> bool:
    """Every msgstr form non-empty, not fuzzy, not obsolete, not the header."""
    return (not is_header(entry.msgctxt, entry.msgid) and not entry.obsolete and not entry.fuzzy
            and _complete(entry))


def awaiting_review(entry: polib.POEntry) -> bool:
    """Marked for a reviewer: the fuzzy flag (machine output and update's fuzzy matches)."""
    return entry.fuzzy


def is_machine_output(entry: polib.POEntry) -> bool:
    """Machine output still awaiting review: fuzzy with the comment `translate` writes, no `#|` previous, and the
    text the comment's fingerprint records (a person's edit in Poedit keeps the comment and the flag); a comment
    without one (an earlier version's) is taken at its word."""
    note = mt_note(entry)
    return (entry.fuzzy and note is not None and not note.reviewed and entry.previous_msgid is None
            and note.fingerprint in (None, text_fingerprint(forms(entry))))


def is_reviewed(entry: polib.POEntry) -> bool:
    """Translated and not awaiting review: a translation other tools may trust and reuse."""
    return is_translated(entry) and not awaiting_review(entry)


def is_usable(entry: polib.POEntry, include_fuzzy: bool = False) -> bool:
    """Shipped by build/compile: reviewed, or (previews) fuzzy with every form filled."""
    return usable(entry.msgctxt, entry.msgid, entry.obsolete, entry.fuzzy, forms(entry), include_fuzzy)


def usable(msgctxt: str | None, msgid: str | None, obsolete: bool, fuzzy: bool, strings: Sequence[str],
           include_fuzzy: bool = False) -> bool:
    """`is_usable` of an entry given by its parts (compile reads records, not polib entries)."""
    return (not is_header(msgctxt, msgid) and not obsolete and bool(strings) and all(strings)
            and (include_fuzzy or not fuzzy))


def is_wanted_by_mt(entry: polib.POEntry, overwrite_fuzzy: bool = False, force: bool = False) -> bool:
    """An entry `translate` fills: not the header, not obsolete, no text.

    With `overwrite_fuzzy` also fuzzy entries, except those holding human work (`holds_human_work`)
    unless `force`.  A fuzzy flag over no translation (another tool's file) flags nothing, as GNU
    gettext reads it (`fuzzy_over_translation`): the entry is empty, and filled.
    """
    if entry.obsolete or not entry.msgid:
        return False
    if fuzzy_over_translation(entry):
        return overwrite_fuzzy and (force or not holds_human_work(entry))
    return not has_text(entry)


class State(enum.Enum):
    """An entry's state for counting (stats, update summaries)."""

    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


def fuzzy_over_translation(entry: polib.POEntry) -> bool:
    """GNU gettext's fuzzy: the flag over a translation (a first msgstr form that is not empty).  msgfmt counts a
    flagged entry without one as untranslated, and msgmerge and msgcat drop its flag."""
    first = entry.msgstr_plural[min(entry.msgstr_plural)] if entry.msgstr_plural else entry.msgstr
    return bool(first) and "fuzzy" in entry.flags


def state(entry: polib.POEntry) -> State:
    if entry.obsolete:
        return State.OBSOLETE
    if fuzzy_over_translation(entry):
        return State.FUZZY
    return State.TRANSLATED if is_translated(entry) else State.UNTRANSLATED


def missing_catalog(path: Path, locale: str) -> L10nError:
    """The one error every command gives for a configured locale without a catalogue."""
    if path.exists() or path.is_symlink():  # a directory, a device, a dangling link: `init` would skip it
        return L10nError(f"the catalogue for {locale} is not a readable file; remove what is there, then create it "
                         f"with `l10n init -l {locale}`", path)
    from toolkit.config import catalogue_folders
    from toolkit.locales import language_of

    others = [name for name in catalogue_folders(path.parent.parent.parent, path.stem)
              if name != locale and language_of(name) == language_of(locale)]
    if others:  # (stats -l ja_JP beside locales/ja/: not a catalogue to create but one to name)
        return L10nError(f"no catalogue for {locale}, but there is one for {' and '.join(others)}: did you mean "
                         f"{others[0]}? (`l10n init -l {locale}` creates one for {locale})", path)
    return L10nError(f"no catalogue for {locale}; create it with `l10n init -l {locale}`", path)


def require_catalogs(cfg: Config, locales: list[str]) -> dict[str, Path]:
    """locale -> catalogue path, all checked first; a missing one is `missing_catalog`."""
    paths = {locale: cfg.po_path(locale) for locale in locales}
    for locale, path in paths.items():
        if not path.is_file():
            raise missing_catalog(path, locale)
    return paths
