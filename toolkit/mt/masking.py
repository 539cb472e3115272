"""Hide a msgid's inline placeholders from MT engines as ``[X1X]`` tokens, restore and verify them.

Why ``[X<n>X]``: the token has to come back from the engine unchanged, as plain text.
Markup tokens (``<x id=1/>``, ``<span translate=no>``) cannot work through deep-translator:
its Google engine scrapes the result with BeautifulSoup ``get_text()``, which flattens any
markup in the reply.  ``{1}`` and ``%1`` are placeholder syntaxes some engines rewrite
(``{ 1 }``, ICU handling), and ``⟦1⟧``/``__0__`` are split by tokenisers and dropped
more often.  ``[X1X]`` reads as an untranslatable code (brackets, a Latin capital, digits)
and is what Weblate sends to its plain-text engines (Google, MyMemory, LibreTranslate, …).
Restoring accepts the mutations engines do make: spaces inside, full-width ``［Ｘ１Ｘ］`` or
a lower-case ``x`` in CJK output.  An inline code, key or program-output element
(``<code>…</code>``, `VERBATIM_RE`) is one token with its text: an engine would translate the
command in it.  Only the unit's real placeholders are masked; a literal ``<`` in the text stays
text.  A reply with tag-shaped text the source lacks (``<script>``) is
refused like one that lost a token: the build would publish it as visible text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from toolkit.html.elements import VERBATIM
from toolkit.placeholders import (
    ENTITY_RE,
    TEMPLATE_CODE,
    Token,
    escape_literal,
    may_hold_template_code,
    names_in,
    problems,
    stray_tags,
    template_code_changes,
    tokens,
)

TOKEN_RE = re.compile(r"[\[［]\s*[XxＸｘ]\s*(\d+)\s*[XxＸｘ]\s*[\]］]")
# what an engine makes of a token it rewrites: a letter, digits and a letter in brackets ([Y1Y], [Х1Х], [x 1 y])
_TOKEN_LIKE = re.compile(r"[\[［]\s*[^\W\d_]\s*\d+\s*[^\W\d_]\s*[\]］]")


class MaskError(ValueError):
    """The text cannot be masked safely (it already contains ``[X1X]``-like text)."""


@dataclass(frozen=True)
class Masked:
    source: str  # the msgid (or msgid_plural) as translators see it
    text: str  # what the engine is sent
    originals: tuple[str, ...]  # originals[i] is what [X{i+1}X] stands for
    names: frozenset[str]

    def restore(self, reply: str) -> tuple[str, list[str]]:
        """Put the placeholders back into an engine reply; also return what is wrong with it."""
        invented: list[str] = []

        def put_back(m: re.Match) -> str:
            n = int(m.group(1))
            if 1 <= n <= len(self.originals):
                return self.originals[n - 1]
            invented.append(m.group(0))
            return m.group(0)

        reply = reply.strip()
        if "&" in reply and ENTITY_RE.search(reply) and not ENTITY_RE.search(self.text):
            # an engine that escaped its reply as HTML (Google's v2 API, Microsoft's textType=html, MyMemory):
            # `Don&#39;t` is "Don't" (a `<` so decoded stays text: escape_literal)
            reply = escape_literal(html.unescape(reply))
        text = TOKEN_RE.sub(put_back, reply)
        lead = self.source[: len(self.source) - len(self.source.lstrip())]
        trail = self.source[len(self.source.rstrip()) :]
        text = lead + text + trail
        found = problems(self.source, text, set(self.names))
        # markup the source does not have: an engine echoing HTML, or a model told to by the page's text
        added = stray_tags(text, self.names) - stray_tags(self.source, self.names)
        if added:
            found.append("reply adds markup the source does not have: " + " ".join(sorted(added.elements())))
        in_source = {m.group() for m in _TOKEN_LIKE.finditer(self.source)}  # (each looked for in the whole source
        # was quadratic in a reply of thousands)
        changed = [m.group() for m in _TOKEN_LIKE.finditer(text)
                   if m.group() not in in_source and not TOKEN_RE.fullmatch(m.group())]  # (those are `invented`)
        missing, added = template_code_changes(self.source, text)
        if missing or added:
            found.append("reply changes the template code: " + " ".join(sorted((missing + added).elements())))
        if invented or changed:  # ([Y1Y], a Cyrillic [Х1Х]: a token the engine rewrote, which only a line break's
            # being optional let through; the page would show it)
            found.append("unknown token(s) " + " ".join(invented + changed))
        return text, found

    def hide(self, translation: str) -> str:
        """Mask a translation of the same source (e.g. a reviewed one) into this token space: a code-like element
        is one token where the translation has it as the source does, else its tags are, one token each."""
        numbers: dict[str, list[int]] = {}
        for i, original in enumerate(self.originals, 1):
            numbers.setdefault(original, []).append(i)
        names = set(self.names)
        wholes = {o for o in numbers if len(tokens(o, names)) > 1}  # code-like elements `mask` took whole
        found = tokens(translation, names)
        # where each code-like element of the translation ends (one looked for among all the source's at each start
        # tag was quadratic in a text of thousands)
        element_end = {start: end for start, end, verbatim in _token_spans(found) if verbatim} if wholes else {}
        used: dict[str, int] = {}
        out, pos = [], 0
        for t in found:
            if t.start < pos:
                continue  # inside a code-like element taken whole
            whole = translation[t.start:element_end[t.start]] if t.start in element_end else None
            original = whole if whole in wholes else translation[t.start : t.end]
            choices = numbers.get(original)
            if not choices:
                continue  # not one of ours: restore() will report it missing/extra
            k = used.get(original, 0)
            used[original] = k + 1
            out.append(translation[pos : t.start] + f"[X{choices[min(k, len(choices) - 1)]}X]")
            pos = t.start + len(original)
        out.append(translation[pos:])
        return "".join(out)


# Elements whose text is code, keys or program output (`<code>`, `<code2>`, `<kbd>`, `<samp>`): an engine would
# translate `pip install`, so the whole element, text and all, is one token and comes back as written.
VERBATIM_RE = re.compile(rf"(?:{'|'.join(sorted(VERBATIM))})\d*")


def _token_spans(found: list[Token]) -> list[tuple[int, int, bool]]:
    """What each token of a text stands for, in order: a placeholder, or a code-like element (`VERBATIM_RE`) with
    all it holds (then True)."""
    spans = []
    i = 0
    while i < len(found):
        t, end, i = found[i], found[i].end, i + 1
        verbatim = t.kind == "open" and VERBATIM_RE.fullmatch(t.name) is not None
        if verbatim:
            depth = 1
            while i < len(found) and depth:  # to its own end tag (placeholders nest properly: names_in's)
                depth += {"open": 1, "close": -1}.get(found[i].kind, 0) if found[i].name == t.name else 0
                end, i = found[i].end, i + 1
        spans.append((t.start, end, verbatim))
    return spans


def verbatim_texts(text: str, names: AbstractSet[str]) -> Counter[str]:
    """The code, key and program-output elements of `text` (`<code>pip install</code>`), each as written: what
    an engine keeps, and a translator should."""
    return Counter(text[start:end] for start, end, verbatim in _token_spans(tokens(text, names)) if verbatim)


def mask(source: str) -> Masked:
    """Replace each real placeholder of `source` by a numbered token, in order of appearance; a code-like element
    (`VERBATIM_RE`) with all it holds is one token."""
    if TOKEN_RE.search(source):
        raise MaskError("the text already contains [X…X]-like tokens; translate it by hand")
    names = names_in(source)
    spans = [(start, end) for start, end, _verbatim in _token_spans(tokens(source, names))]
    if may_hold_template_code(source):  # the page's template code: an engine rewrote `{{ c.name }}`
        ends = [end for _start, end in spans]
        code = [(m.start(), m.end()) for m in TEMPLATE_CODE.finditer(source)]
        spans = sorted(spans + [(start, end) for start, end in code  # (none inside a token already: a <code>'s)
                                if (k := bisect_right(ends, start)) == len(spans) or spans[k][0] >= end])
    originals: list[str] = []
    out, pos = [], 0
    for start, end in spans:
        originals.append(source[start:end])
        out.append(source[pos:start] + f"[X{len(originals)}X]")
        pos = end
    out.append(source[pos:])
    return Masked(source, "".join(out), tuple(originals), frozenset(names))
