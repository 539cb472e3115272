"""Typography: edge whitespace, line breaks, doubled spaces and words, sentence-end punctuation, bracket pairs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from toolkit.checks.registry import ERROR, WARNING, Context, Need, check
from toolkit.checks.text import without_markup, without_urls
from toolkit.locales import is_cjk, language_of


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


@check("whitespace", WARNING)
def check_whitespace(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Leading/trailing whitespace is layout; a translation should not add or drop it."""
    (sl, st), (tl, tt) = _edges(src), _edges(tr)
    if sl != tl:
        yield f"leading whitespace {tl!r} differs from the source's {sl!r}"
    if st != tt:
        yield f"trailing whitespace {tt!r} differs from the source's {st!r}"


@check("line-breaks", WARNING)
def check_line_breaks(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Only preformatted text (pre, textarea) keeps its line breaks in a msgid, and there they are layout:
    a translation with more or fewer of them shows different lines (a code sample, a poem, an address)."""
    want, got = src.count("\n"), tr.count("\n")
    if want != got:
        yield f"{got} line break(s) where the source has {want} (preformatted text shows them as they are)"


_SPACES = " \u00a0\u3000"
_DOUBLE_SPACE = re.compile(f"[{_SPACES}]{{2}}")
_SPACE_RUN = re.compile(f"[{_SPACES}]{{2,}}")


@check("double-space", WARNING)
def check_double_space(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Doubled spaces are usually typos.  CJK text may use ideographic spaces (U+3000) for
    layout, so there only runs involving an ASCII/no-break space are flagged."""
    if _DOUBLE_SPACE.search(src):
        return
    cjk = is_cjk(ctx.locale)
    for m in _SPACE_RUN.finditer(tr.strip()):
        if cjk and set(m.group()) == {"\u3000"}:
            continue
        yield "doubled space not in the source"
        return


_WORD = re.compile(r"\w+")


def _repeated_words(text: str) -> Iterator[str]:
    """Each word that follows itself with only white space between (one pass: a backreference
    pattern would retry every split of a long run of letters)."""
    before = None
    for m in _WORD.finditer(text):
        word = m.group().casefold()
        if before is not None and word == before[0] and text[before[1]:m.start()].isspace() \
                and any(c.isalpha() for c in word):
            yield m.group()
        before = (word, m.end())


@check("repeated-word", WARNING, needs={Need.LANGUAGE})
def check_repeated_word(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A word typed twice in a row ("the the", "를 를") is a slip, unless the source repeats it too.
    Pseudo-localised text only repeats the source's words, accented, so they match none of the source's."""
    repeated = list(_repeated_words(without_urls(without_markup(tr, ctx.names))))
    if not repeated:  # (most translations) the source's words need not be looked at
        return
    in_source = {w.casefold() for w in _repeated_words(without_urls(without_markup(src, ctx.names)))}
    for word in repeated:
        if word.casefold() not in in_source:
            yield f"“{word}” twice in a row"
            return


# Kind of sentence end, by last character; full-width forms count as the same kind.
_END_KIND = {
    ".": "stop", "。": "stop", "．": "stop", "｡": "stop",
    "?": "question", "？": "question",
    "!": "exclamation", "！": "exclamation",
    ":": "colon", "：": "colon",
    "…": "ellipsis", "‥": "ellipsis",
}
_CLOSERS = "\"'”’»)]）」』】》〉"


def end_kind(text: str, names: set[str] | frozenset[str] = frozenset()) -> str | None:
    """How `text` ends ("stop", "question", …), looking past closing quotes and tags."""
    text = without_markup(text, set(names)).rstrip().rstrip(_CLOSERS).rstrip()
    if text.endswith("..."):
        return "ellipsis"
    return _END_KIND.get(text[-1:]) if text else None


@check("end-punctuation", WARNING, needs={Need.LANGUAGE})
def check_end_punctuation(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A sentence should end like its source: `.` ↔ `。`, `?` ↔ `？` …; a heading without
    punctuation should not gain any.  Japanese questions may end in `か。`."""
    want, got = end_kind(src, ctx.names), end_kind(tr, ctx.names)
    if want == got:
        return
    if want == "question" and got == "stop" and language_of(ctx.locale) == "ja":
        return
    if want is None:
        yield "translation ends with punctuation the source does not have"
    else:
        yield f"source ends with {want} punctuation, translation with {got or 'none'}"


_BRACKETS = {")": "(", "]": "[", "}": "{", "）": "（", "」": "「", "』": "『", "】": "【",
             "》": "《", "〉": "〈", "］": "［", "｝": "｛", "〕": "〔"}
_OPENERS = set(_BRACKETS.values())
_BRACKET = re.compile("[" + re.escape("".join([*_BRACKETS, *_OPENERS])) + "]")


def bracket_problem(text: str) -> str | None:
    """Why the brackets of `text` do not pair up, or None when they do."""
    stack: list[str] = []
    for ch in _BRACKET.findall(text):  # (a scan in `re`, not a loop over every character)
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _BRACKETS:
            if not stack:
                return f"unmatched {ch}"
            if stack.pop() != _BRACKETS[ch]:
                return f"{ch} closes a different bracket"
    return f"unclosed {stack[-1]}" if stack else None


@check("brackets", ERROR)
def check_brackets(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Brackets (ASCII and full-width) must pair up when the source's do.

    An unpaired bracket in the source (a list marker "1)") is the source's business."""
    if bracket_problem(without_urls(src)) is None:
        problem = bracket_problem(without_urls(tr))
        if problem:
            yield problem
