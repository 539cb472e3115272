"""The inline-markup placeholders translators see: ``<a>…</a>``, ``<a1>…</a1>``, ``<br/>``.

A msgid shows each inline element of its unit as an attribute-free tag named after the
element (numbered when the name repeats in the unit).  Only the placeholders that the
source unit has are markup; any other ``<…>`` in a translation is literal text.  This module
is the one place that parses them, for the build, the checks and machine translation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

PLACEHOLDER_RE = re.compile(r"<(/?)([a-z][a-z0-9]*)(/?)>")


@dataclass(frozen=True)
class Token:
    kind: str  # "open", "close" or "void"
    name: str
    start: int
    end: int


def tokens(text: str, names: set[str] | None = None) -> list[Token]:
    """The placeholder tokens of `text`; with `names`, only those naming one of them."""
    out = []
    for m in PLACEHOLDER_RE.finditer(text):
        slash, name, selfclose = m.groups()
        if slash and selfclose:
            continue
        if names is not None and name not in names:
            continue
        kind = "close" if slash else ("void" if selfclose else "open")
        out.append(Token(kind, name, m.start(), m.end()))
    return out


def signature(text: str, names: set[str] | None = None) -> Counter:
    """Multiset of placeholder tokens (as written) in `text`."""
    return Counter(text[t.start : t.end] for t in tokens(text, names))


def names_in(msgid: str) -> set[str]:
    """Placeholder names a msgid defines: paired tags that open and close, and void tags."""
    toks = tokens(msgid)
    opened = {t.name for t in toks if t.kind == "open"}
    closed = {t.name for t in toks if t.kind == "close"}
    return (opened & closed) | {t.name for t in toks if t.kind == "void"}


def is_balanced(text: str, names: set[str]) -> bool:
    """Paired placeholders nest properly (no `<a><b></a></b>`, no stray closer)."""
    stack: list[str] = []
    for t in tokens(text, names):
        if t.kind == "open":
            stack.append(t.name)
        elif t.kind == "close" and (not stack or stack.pop() != t.name):
            return False
    return not stack


def problems(msgid: str, msgstr: str, names: set[str] | None = None) -> list[str]:
    """What is wrong with the placeholders of `msgstr` against `msgid`; empty when fine.

    `names` are the unit's real placeholders; without it they are inferred from the msgid.
    """
    if names is None:
        names = names_in(msgid)
    if not names:
        return []
    want = signature(msgid, names)
    got = signature(msgstr, names)
    out = []
    missing = want - got
    extra = got - want
    if missing:
        out.append("missing placeholder(s) " + " ".join(sorted(missing.elements())))
    if extra:
        out.append("extra placeholder(s) " + " ".join(sorted(extra.elements())))
    if not missing and not extra and not is_balanced(msgstr, names):
        out.append("placeholders are not properly nested")
    return out
