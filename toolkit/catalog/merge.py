"""Merging a template into a catalogue the way ``msgmerge --previous`` does.

rapidfuzz finds the fuzzy matches (Babel's difflib-based update is far too slow for a
20,000-entry catalogue).
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polib

from toolkit.catalog.read import WIDTH, make_entry
from toolkit.catalog.status import State, entry_key, has_text, is_reviewed, state
from toolkit.processes import in_two_halves
from toolkit.similar import closest

FUZZY_CUTOFF = 60.0  # msgmerge's FUZZY_THRESHOLD (0.6); fuzz.ratio is the same measure as its fstrcmp


def plural_count(po: polib.POFile) -> int:
    """nplurals from the Plural-Forms header (2, gettext's default, when it is missing)."""
    m = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else 2


@dataclass
class MergeStats:
    """The merged catalogue's state, and what this merge did to get there."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0  # entries no longer in the template, kept as #~
    matched: int = 0  # fuzzy matches made by this merge (previous msgid shown)
    revived: int = 0  # obsolete entries whose msgid came back

    def count(self, entry_state: State) -> None:
        name = entry_state.value
        setattr(self, name, getattr(self, name) + 1)

    def __str__(self) -> str:
        news = [f"{self.matched} new fuzzy matches"] if self.matched else []
        news += [f"{self.revived} revived"] if self.revived else []
        return (f"{self.translated} translated, {self.fuzzy} fuzzy, {self.untranslated} untranslated, "
                f"{self.obsolete} obsolete" + (f" ({', '.join(news)})" if news else ""))


def merge_catalogs(template: polib.POFile, catalog: polib.POFile, fuzzy_matching: bool = True,
                   reuse_template: bool = False) -> tuple[polib.POFile, MergeStats]:
    """Merge `template` into `catalog` the way ``msgmerge --previous`` does; return a new catalogue.

    Order and content come from the template; translations, translator comments and the
    header from the catalogue.  Exact (msgctxt, msgid) matches keep their translation, even
    from an obsolete entry (which comes back to life).  Other entries get the best fuzzy match
    (ratio >= 60%): first among translated entries that left the template (an edited sentence's
    old version), then among reviewed entries still in use.  Translated entries nobody uses
    become obsolete; untranslated ones are dropped, like msgmerge.

    `reuse_template`: the template's entries become the result's, given their translations in place, rather than
    copied (a site-sized template is hundreds of MB of entries).  For a caller that is done with the result before
    it merges the template again (update, one catalogue at a time): the next merge gives them new translations.
    """
    stats = MergeStats()
    out = polib.POFile(wrapwidth=WIDTH)
    out.header = catalog.header
    out.metadata = dict(catalog.metadata)
    for name in ("POT-Creation-Date", "Report-Msgid-Bugs-To"):
        if template.metadata.get(name):
            out.metadata[name] = template.metadata[name]
    out.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    nplurals = plural_count(catalog)

    by_key = {entry_key(d): d for d in catalog}  # read_catalog rejects duplicate keys

    used: set[int] = set()
    active: set[tuple[str | None, str]] = set()  # the keys in `out`
    pending: list[int] = []  # positions in `out` still untranslated
    entries: list[polib.POEntry] = out  # (POFile.append would look for duplicates, were it asked to)
    for t in template:
        if t.obsolete:
            continue
        key = entry_key(t)
        if key in active:
            continue
        active.add(key)
        d = by_key.get(key)
        if d is not None:
            used.add(id(d))
            stats.revived += d.obsolete
        else:
            pending.append(len(out))
        list.append(entries, new_entry(t, d, nplurals, reuse=reuse_template))

    if fuzzy_matching and pending:
        _fuzzy_fill(out, pending, catalog, used, nplurals)  # (keeps every entry's key)
    stats.matched = sum(1 for i in pending if out[i].fuzzy)
    for e in out:
        stats.count(state(e))

    for d in catalog:
        if id(d) in used or not has_text(d):
            continue
        key = entry_key(d)
        if key in active:
            continue
        active.add(key)
        out.append(_obsolete(d))
        stats.obsolete += 1
    return out, stats


def _fuzzy_fill(out: polib.POFile, pending: list[int], catalog: polib.POFile, used: set[int],
                nplurals: int) -> None:
    """Give each pending entry the translation of its most similar old msgid, marked fuzzy."""
    # Likely predecessors first: translated entries the template no longer has (fuzzy ones too: an
    # older msgid's text).
    gone = [d for d in catalog if id(d) not in used and has_text(d)]
    # Then, like msgmerge, any reviewed entry still in use ("Hello world" for "Hello world!").
    # Unlike msgmerge, not fuzzy ones: a guess built on a guess (often a machine translation of
    # another sentence) is noise, and an empty entry gets a fresh `l10n translate` instead.
    left = {id(d) for d in gone}
    pools = [_Pool(lambda: gone), _Pool(lambda: [d for d in catalog if id(d) not in left and is_reviewed(d)])]
    for i, (pool, index) in zip(pending, _best_matches([out[i].msgid for i in pending], pools)):
        if pool >= 0:
            d = pools[pool].entries[index]
            used.add(id(d))
            out[i] = new_entry(out[i], d, nplurals, force_fuzzy=True)


class _Pool:
    """Old entries a new msgid may match, listed when first needed (often every match is in the first pool)."""

    def __init__(self, make: Callable[[], list[polib.POEntry]]) -> None:
        self._make = make

    @functools.cached_property
    def entries(self) -> list[polib.POEntry]:
        return self._make()

    @functools.cached_property
    def msgids(self) -> list[str]:
        return [d.msgid for d in self.entries]


_SHARED_COMPARISONS = 2_000_000  # from this many (about 0.3 s) a second core looks for half the matches


def _best_matches(msgids: list[str], pools: list[_Pool]) -> list[tuple[int, int]]:
    """(pool, index) of each msgid's most similar old msgid, by msgmerge's measure and threshold: from the first
    pool that has one, (-1, -1) if none has.

    Every new msgid is compared with every old one, as msgmerge does: a template whose every text
    changed is as many comparisons as new times old msgids, so past `_SHARED_COMPARISONS` a forked
    child takes the second half of the new msgids (each match is independent of the others).
    """
    if len(msgids) < 2 or len(msgids) * len(pools[0].msgids) < _SHARED_COMPARISONS:
        return _matches(msgids, pools)
    first, second = in_two_halves(msgids, lambda part: _matches(part, pools), _flat, _pairs)
    return first + second


def _matches(msgids: Sequence[str], pools: list[_Pool]) -> list[tuple[int, int]]:
    out = []
    for msgid in msgids:
        for number, pool in enumerate(pools):
            hit = closest(msgid, pool.msgids, FUZZY_CUTOFF)
            if hit is not None:
                out.append((number, hit[0]))
                break
        else:
            out.append((-1, -1))
    return out


def _flat(pairs: list[tuple[int, int]]) -> bytes:
    return array("q", [n for pair in pairs for n in pair]).tobytes()


def _pairs(data: bytes) -> list[tuple[int, int]]:
    numbers = array("q")
    numbers.frombytes(data)
    return list(zip(numbers[0::2], numbers[1::2]))


def new_entry(t: polib.POEntry, d: polib.POEntry | None, nplurals: int,
              force_fuzzy: bool = False, reuse: bool = False) -> polib.POEntry:
    """Template entry `t` carrying definition `d`'s translation (msgmerge's message_merge); with `reuse`, `t`
    itself, what it carried before replaced (see `merge_catalogs`)."""
    flags = [f for f in t.flags if f != "fuzzy"] if t.flags else []  # format flags come from the template
    tcomment = d.tcomment if d is not None else ""
    if reuse:
        e = t
        e.flags, e.tcomment, e.msgstr, e.msgstr_plural = flags, tcomment, "", {}
        e.previous_msgctxt = e.previous_msgid = e.previous_msgid_plural = None
    else:
        e = make_entry(msgctxt=t.msgctxt, msgid=t.msgid, msgid_plural=t.msgid_plural, comment=t.comment,
                       occurrences=list(t.occurrences), flags=flags, tcomment=tcomment)
    if d is None:
        if t.msgid_plural:
            e.msgstr_plural = {i: "" for i in range(nplurals)}
        return e
    fuzzy = force_fuzzy or d.fuzzy
    if t.msgid_plural:
        if d.msgid_plural:
            e.msgstr_plural = dict(d.msgstr_plural)
        else:
            e.msgstr_plural = {i: (d.msgstr if i == 0 else "") for i in range(nplurals)}
            fuzzy = True
    else:
        e.msgstr = d.msgstr if not d.msgid_plural else d.msgstr_plural.get(0, "")
        fuzzy = fuzzy or bool(d.msgid_plural)
    if fuzzy:
        e.flags.insert(0, "fuzzy")
        if d.fuzzy:  # the translation still belongs to its older msgid, or (none recorded: machine output, work
            # marked unfinished) to no msgid it is known to translate: msgmerge --previous adds none then either
            e.previous_msgctxt = d.previous_msgctxt
            e.previous_msgid = d.previous_msgid
            e.previous_msgid_plural = d.previous_msgid_plural
        elif (d.msgctxt, d.msgid, d.msgid_plural) != (t.msgctxt, t.msgid, t.msgid_plural):
            e.previous_msgctxt = d.msgctxt
            e.previous_msgid = d.msgid
            e.previous_msgid_plural = d.msgid_plural or None
    return e


def _obsolete(d: polib.POEntry) -> polib.POEntry:
    """`d` as an obsolete (#~) entry: translation, translator comment and flags; no locations."""
    e = make_entry(
        msgctxt=d.msgctxt, msgid=d.msgid, msgid_plural=d.msgid_plural, msgstr=d.msgstr,
        tcomment=d.tcomment, flags=list(d.flags), obsolete=True,
        previous_msgctxt=d.previous_msgctxt, previous_msgid=d.previous_msgid,
        previous_msgid_plural=d.previous_msgid_plural,
    )
    if d.msgid_plural:
        e.msgstr_plural = dict(d.msgstr_plural)
    return e


