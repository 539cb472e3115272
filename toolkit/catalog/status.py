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
- **reviewed**: translated and not awaiting review, so in a PO file the same entries as
  translated.  It is its own name because callers ask a different question (may this text be
  reused as a trusted translation: memory, OpenCC, build) from ``stats`` (how far is the
  work); a format with separate translated/reviewed states (XLIFF 2) would answer it alone.
- **usable**: what a build or a .mo may ship: reviewed, or with ``include_fuzzy`` (previews,
  ``--use-fuzzy``) also a fuzzy entry whose every form has text.
- **wanted by MT**: an entry ``translate`` fills: no text at all (fuzzy ones only when
  overwriting them).
- **missing catalogue**: an error naming the path with the hint ``l10n init -l LOCALE``
  (exit 2), raised by every command before it writes anything.  A configured locale without
  a catalogue is a setup mistake; skipping it would let CI report a complete site.
"""

from __future__ import annotations

import enum
from pathlib import Path

import polib

from toolkit.errors import L10nError

MT_COMMENT_PREFIX = "machine translation:"  # the translator comment `translate` writes


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


def is_translated(entry: polib.POEntry) -> bool:
    """Every msgstr form non-empty, not fuzzy, not obsolete, not the header."""
    return bool(entry.msgid) and not entry.obsolete and not entry.fuzzy and _complete(entry)


def awaiting_review(entry: polib.POEntry) -> bool:
    """Marked for a reviewer: the fuzzy flag (machine output and update's fuzzy matches)."""
    return entry.fuzzy


def is_machine_output(entry: polib.POEntry) -> bool:
    """Machine output still awaiting review: fuzzy with the comment `translate` writes."""
    return entry.fuzzy and any(line.startswith(MT_COMMENT_PREFIX) for line in (entry.tcomment or "").splitlines())


def is_reviewed(entry: polib.POEntry) -> bool:
    """Translated and not awaiting review: a translation other tools may trust and reuse."""
    return is_translated(entry) and not awaiting_review(entry)


def is_usable(entry: polib.POEntry, include_fuzzy: bool = False) -> bool:
    """Shipped by build/compile: reviewed, or (previews) fuzzy with every form filled."""
    if is_reviewed(entry):
        return True
    return include_fuzzy and bool(entry.msgid) and not entry.obsolete and _complete(entry)


def is_wanted_by_mt(entry: polib.POEntry, overwrite_fuzzy: bool = False) -> bool:
    """An entry `translate` fills: not the header, not obsolete, no text (or fuzzy when overwriting)."""
    if entry.obsolete or not entry.msgid:
        return False
    if entry.fuzzy:
        return overwrite_fuzzy
    return not has_text(entry)


class State(enum.Enum):
    """An entry's state for counting (stats, update summaries)."""

    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


def state(entry: polib.POEntry) -> State:
    if entry.obsolete:
        return State.OBSOLETE
    if entry.fuzzy:
        return State.FUZZY
    return State.TRANSLATED if is_translated(entry) else State.UNTRANSLATED


def missing_catalog(path: Path, locale: str) -> L10nError:
    """The one error every command gives for a configured locale without a catalogue."""
    return L10nError(f"no catalogue for {locale}; create it with `l10n init -l {locale}`", path)


def require_catalogs(cfg, locales: list[str]) -> dict[str, Path]:
    """locale -> catalogue path, all checked first; a missing one is `missing_catalog`."""
    paths = {locale: cfg.po_path(locale) for locale in locales}
    for locale, path in paths.items():
        if not path.is_file():
            raise missing_catalog(path, locale)
    return paths
