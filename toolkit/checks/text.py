"""Text helpers several checks share: scripts, URLs, and text with placeholders removed."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from toolkit import placeholders
from toolkit.locales import script_name, written_script


@functools.cache  # by character: a catalogue has a few thousand distinct ones, and millions of characters
def is_cjk_char(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "IDEOGRAPHIC"))


@functools.cache
def is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")


# The Unicode names a script's letters start with, where they are not its English name: Japanese is written in
# kanji and kana, Chinese in Han characters, Korean in Hangul (its Han characters, hanja, are rare in running text)
_SCRIPT_LETTERS = {"Jpan": ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH KATAKANA"), "Hans": ("CJK",),
                   "Hant": ("CJK",), "Hani": ("CJK",), "Kore": ("HANGUL", "HALFWIDTH HANGUL"), "Beng": ("BENGALI",),
                   "Orya": ("ORIYA",), "Latn": ("LATIN",)}


@functools.cache
def script_letters(locale: str) -> tuple[str, ...]:
    """What the names of the letters a locale's text is written in start with (ja: CJK, HIRAGANA, KATAKANA; ar:
    ARABIC), by its written script (CLDR likely subtags); Latin for a locale CLDR has no script for."""
    script = written_script(locale) or "Latn"
    name = script_name(script)
    return _SCRIPT_LETTERS.get(script) or ((name.upper(),) if name else ("LATIN",))


@functools.cache
def is_letter_of(ch: str, letters: tuple[str, ...]) -> bool:
    """Whether `ch` is a letter of the script `letters` names (`script_letters`)."""
    return ch.isalpha() and unicodedata.name(ch, "").startswith(letters)


_ASCII_LETTER = re.compile("[A-Za-z]")


def mostly_latin(text: str) -> bool:
    if text.isascii():  # (most sources): every letter is a Latin one
        return _ASCII_LETTER.search(text) is not None
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(not is_cjk_char(c) for c in letters) >= 0.8 * len(letters)


# ASCII-only on purpose: CJK text often touches a URL with no space ("詳細はhttps://…。").
URL_RE = re.compile(r"(?<![A-Za-z0-9])(?:(?:https?|ftp)://|www\.)[!#-;=?-~]+")
# The last label is a top-level domain, which starts with a letter: `lodash@4.17.21` is a package version.
EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                      r"\.[A-Za-z][A-Za-z0-9-]*")


def may_hold_urls(text: str) -> bool:
    """Whether `text` has what every match of URL_RE or EMAIL_RE has (most texts have none: no scan needed)."""
    return "://" in text or "www." in text or "@" in text


def urls(text: str) -> Counter[str]:
    """URLs and e-mail addresses, without sentence punctuation that follows them."""
    found: Counter[str] = Counter()
    if not may_hold_urls(text):
        return found
    for m in URL_RE.finditer(text):
        url = m.group().rstrip(".,;:!?'\"")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        found[url] += 1
    for m in EMAIL_RE.finditer(text):
        found[m.group().rstrip(".")] += 1
    return found


def without_markup(text: str, names: set[str] | frozenset[str], boundary: str = "") -> str:
    """Text with the unit's placeholder tags removed (they are not words, digits or length), literals unescaped.
    `boundary` takes each tag's place where what stood on either side must not join (`501<br/>2007`), but a
    `<wbr/>`'s: it only allows a line break inside a word or a number (`1,<wbr/>000`)."""
    if "<" not in text:  # no tag: nothing to remove (most texts)
        return placeholders.unescape_literal(text) if names else text
    kept, at = [], 0
    for tok in placeholders.tokens(text, names):  # in order, not overlapping
        kept.append(text[at:tok.start])
        kept.append("" if tok.name.rstrip("0123456789") == "wbr" else boundary)
        at = tok.end
    text = "".join(kept) + text[at:] if kept else text
    return placeholders.unescape_literal(text) if names else text


def without_urls(text: str, replacement: str = " ") -> str:
    """`text` with each URL and e-mail address replaced (by a character that is no word, for checks that must not
    see the words on either side as neighbours)."""
    return EMAIL_RE.sub(replacement, URL_RE.sub(replacement, text)) if may_hold_urls(text) else text
