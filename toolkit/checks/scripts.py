"""Scripts: a translation for a Chinese, Japanese or Korean locale holding letters its locale does not write.

These locales are the ones a catalogue is easily mixed up with: a Korean text pasted into the Japanese catalogue, a
Simplified Chinese one into Traditional Chinese (whole, or a few characters a converter or an input method left).
Other locales are not checked: a French page quoting 한글 or a German one Союз is normal text, and a Serbian locale's
script is its code's to say.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator
from typing import NamedTuple

from toolkit import chinese
from toolkit.checks.registry import WARNING, Context, Need, check
from toolkit.locales import language_of, likely_region, written_script

# What each script's text is called in a message.
_WRITES = {"Hans": "Simplified Chinese", "Hant": "Traditional Chinese", "Jpan": "Japanese", "Kore": "Korean"}
SHOWN = 8  # characters named in a message


@functools.cache
def _letter_script(char: str) -> str | None:
    """"hangul", "kana" or "han" for a letter of those scripts, else None.  Not the kana middle dot, which Chinese
    writes between the parts of a foreign name (約翰・甘迺迪), nor the prolonged sound mark, a letter only after kana;
    not a Hangul filler (an invisible character: the `invisible` check's)."""
    if char < "\u1100" or not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    if name.startswith(("HANGUL", "HALFWIDTH HANGUL")):
        return None if "FILLER" in name else "hangul"
    if name.startswith(("HIRAGANA", "KATAKANA", "HALFWIDTH KATAKANA")):
        return None if "PROLONGED SOUND MARK" in name else "kana"
    return "han" if name.startswith("CJK") else None


class Foreign(NamedTuple):
    """Letters a script does not write: which script's, how to tell them, and the form to use instead (or None)."""

    script: str
    what: str
    belongs: Callable[[str], bool]
    instead: Callable[[str], str] | None = None


def _hangul(char: str) -> bool:
    return _letter_script(char) == "hangul"


def _kana(char: str) -> bool:
    return _letter_script(char) == "kana"


@functools.cache
def _japanese(char: str) -> bool:
    """A character of JIS X 0208, the character set Japanese text is written in (its 6,355 kanji: 国, 体, 携, 内,
    which Simplified Chinese writes too; not 开, 发, 这)."""
    try:
        char.encode("shift_jis")
    except UnicodeEncodeError:
        return False
    return True


def _simplified_not_japanese(char: str) -> bool:
    return chinese.simplified_only(char) and not _japanese(char)


_HANGUL = Foreign("hangul", "Hangul", _hangul)
_KANA = Foreign("kana", "kana", _kana)


@functools.cache
def foreign_letters(locale: str) -> tuple[Foreign, ...]:
    """What a Chinese, Japanese or Korean locale's text should not hold (nothing for another locale).  Simplified and
    Traditional forms only for Chinese: Cantonese writes characters of its own that the converters take for
    Simplified ones (晒, its particle, is no 曬)."""
    script = written_script(locale)
    chinese_language = language_of(locale) == "zh"
    if script == "Hant":
        traditional = functools.partial(chinese.traditional_form, region=likely_region(locale))
        return (_HANGUL, _KANA) + (Foreign("han", "characters only Simplified Chinese writes", chinese.simplified_only,
                                           traditional),) * chinese_language
    if script == "Hans":
        return (_HANGUL, _KANA) + (Foreign("han", "characters only Traditional Chinese writes",
                                           chinese.traditional_only, chinese.simplified_form),) * chinese_language
    if script == "Jpan":
        return (_HANGUL, Foreign("han", "characters only Simplified Chinese writes", _simplified_not_japanese,
                                 chinese.japanese_form))
    if script == "Kore":
        return (_KANA,)
    return ()


def _found(foreign: Foreign, letters: dict[str, None]) -> list[str]:
    return [c for c in letters if _letter_script(c) == foreign.script and foreign.belongs(c)]


def _listed(chars: list[str], instead: Callable[[str], str] | None) -> str:
    shown = [f"{c}→{form}" if instead and (form := instead(c)) != c else c for c in chars[:SHOWN]]
    return ", ".join(shown) + (", …" if len(chars) > SHOWN else "")


@check("script", WARNING, needs={Need.LANGUAGE})
def check_script(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A Chinese, Japanese or Korean translation with letters of a script its locale does not write (Hangul in
    Japanese or Chinese, kana in Chinese or Korean, characters only Simplified Chinese writes in Traditional Chinese
    or Japanese, only Traditional in Simplified) is likely another locale's text, or was left half converted.
    Characters the source has are its own (a name quoted as written)."""
    if tr.isascii():  # (every translation of a Latin-script locale, and many short ones)
        return
    writes = _WRITES.get(written_script(ctx.locale) or "")
    if writes is None:
        return
    own = set(src)
    letters = dict.fromkeys(c for c in tr if c not in own and _letter_script(c))  # (in order, once each)
    for foreign in foreign_letters(ctx.locale):
        chars = _found(foreign, letters)
        if chars:
            yield (f"{foreign.what} in a translation for {ctx.locale}, which writes {writes}: "
                   f"{_listed(chars, foreign.instead)} (another locale's text?)")
