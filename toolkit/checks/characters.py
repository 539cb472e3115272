"""Characters that make a page show other than what a reviewer reads: bidirectional controls, combining marks
without a base.

Both are judged per text run: the text between two placeholders (or a placeholder and an end, or a line break in
preformatted text).  A placeholder stands for an element whose kind and attributes the translation does not see:
one with ``dir`` or a ``<bdi>`` isolates its content (UAX #9 as HTML applies it), so a control opened on one side
of it and closed on the other is not closed at all, and a block element ends the paragraph.  Only a run that
closes what it opens is closed whatever the element is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from toolkit import placeholders
from toolkit.checks.registry import ERROR, WARNING, Context, Problem, check
from toolkit.locales import text_direction

_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF (U+202C)
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI (U+2069)
_PDF, _PDI = "\u202c", "\u2069"
_MARKS = "\u200e\u200f\u061c"  # LRM, RLM, ALM: no scope, nothing to close
_OVERRIDES = "\u202d\u202e"  # LRO, RLO: characters shown in the order they are forced to, whatever they are
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Where UAX #9 ends a paragraph, and with it every embedding and isolate: a line break (preformatted text) or U+2029
_PARAGRAPH_END = re.compile("[\n\r\u2029]")
_CLOSER = {c: _PDF for c in _EMBEDDINGS} | {c: _PDI for c in _ISOLATES}


def _runs(text: str, names: set[str]) -> Iterator[tuple[str, str]]:
    """(run, what ends it) for each text run of `text`: the placeholder after it, "a line break" or "the end"."""
    at = 0
    for tok in placeholders.tokens(text, names):
        yield from _lines(text[at:tok.start], text[tok.start:tok.end])
        at = tok.end
    yield from _lines(text[at:], "the end")


def _lines(run: str, end: str) -> Iterator[tuple[str, str]]:
    parts = _PARAGRAPH_END.split(run)
    for part in parts[:-1]:
        yield part, "a line break"
    yield parts[-1], end


def _unbalanced(run: str) -> list[str]:
    """The controls of `run` left open at its end, then those closing nothing in it.  As UAX #9 (X6a) has it, a PDI
    also closes the embeddings opened inside its isolate, and a PDF does not close what is outside one."""
    open_: list[str] = []
    stray: list[str] = []
    isolates = 0  # open isolates among open_ (a search of open_ at each PDI was quadratic)
    for c in _BIDI.findall(run):
        if c in _CLOSER:
            open_.append(c)
            isolates += c in _ISOLATES
        elif c == _PDF:
            if open_ and open_[-1] in _EMBEDDINGS:
                open_.pop()
            else:
                stray.append(c)
        elif c == _PDI:
            if isolates:
                while open_.pop() not in _ISOLATES:
                    pass
                isolates -= 1
            else:
                stray.append(c)
    return open_ + stray


def _problems(text: str, names: set[str]) -> Counter[tuple[str, str]]:
    """(control, what ends its run) for each control `_unbalanced` finds."""
    return Counter((c, end) for run, end in _runs(text, names) if _BIDI.search(run) for c in _unbalanced(run))


def _name(c: str) -> str:
    return f"U+{ord(c):04X} ({unicodedata.name(c).lower()})"


@check("bidi", ERROR)
def check_bidi(src: str, tr: str, ctx: Context) -> Iterator[Problem]:
    """A bidirectional control left open runs on to the end of the paragraph, reordering the page's text after the
    translation too (an override reverses it: a link reading "moc.elpmaxe" shows "example.com"): an error unless
    closed in its text run.  A control the source lacks is a warning (the displayed order is not the typed one), but
    for marks and isolates in a right-to-left language, which need them; an override the source lacks is an error,
    closed or not (no translation needs one, and it shows text reversed)."""
    if not (_BIDI.search(tr) or _BIDI.search(src)):  # (nearly every translation)
        return
    wrong = _problems(tr, ctx.names) - _problems(src, ctx.names)
    for (c, end), _ in sorted(wrong.items()):
        if c in _CLOSER:
            yield Problem(f"{_name(c)} is not closed by {_name(_CLOSER[c])} before {end}: it reorders what follows, "
                          "up to the end of the paragraph, the page's text included", ERROR)
        else:
            yield Problem(f"{_name(c)} before {end} closes nothing in its text run", ERROR)
    reported = {c for c, _ in wrong}
    added = Counter(_BIDI.findall(tr)) - Counter(_BIDI.findall(src))
    if text_direction(ctx.locale) == "rtl":
        added = Counter({c: n for c, n in added.items() if c not in _MARKS + _ISOLATES + _PDI})
    overrides = sorted(c for c in added if c in _OVERRIDES and c not in reported)
    for c in overrides:  # (no translation needs one: right-to-left text takes isolates and marks)
        yield Problem(f"{_name(c)} not in the source: it displays the characters after it in reverse, so the page "
                      "shows other than what a reviewer reads (a link reading \"moc.elpmaxe\" shows \"example.com\"); "
                      "use an isolate (U+2067 … U+2069) or a mark (U+200F) if the text needs one", ERROR)
    shown = sorted(c for c in added if c not in reported and c not in overrides)
    if shown:
        yield Problem("bidirectional control(s) not in the source: " + ", ".join(map(_name, shown))
                      + " (the text displays in another order than it is written)", WARNING)


def _is_mark(c: str) -> bool:
    return unicodedata.category(c)[0] == "M"


def _bare_marks(text: str, names: set[str]) -> Counter[str]:
    """What ends the run before each text run that begins with a combining mark ("the start" for the first)."""
    found: Counter[str] = Counter()
    before = "the start"
    for run, end in _runs(text, names):
        if run and _is_mark(run[0]):
            found[before] += 1
        before = end  # (what ends this run is what the next one begins after)
    return found


@check("combining-mark", WARNING)
def check_combining_mark(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A text run that begins with a combining mark (`<b>太字</b>\u0301`) has no base character to combine with (a
    defective combining sequence, Unicode §3.6): it shows on a dotted circle, or on the element's last letter."""
    if not (tr and _is_mark(tr[0])) and "<" not in tr and "\n" not in tr:  # (nearly every translation)
        return
    for after, _ in sorted((_bare_marks(tr, ctx.names) - _bare_marks(src, ctx.names)).items()):
        where = "at the start" if after == "the start" else f"after {after}"
        yield f"a combining mark {where} has no base character: move it onto a letter, or drop it"
