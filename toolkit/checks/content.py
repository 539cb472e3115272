"""Content: blank translations, text left in the source language, translations of a suspicious length."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from toolkit import placeholders
from toolkit.checks.registry import ERROR, WARNING, Context, Need, check
from toolkit.checks.text import is_letter_of, mostly_latin, script_letters, without_markup, without_urls
from toolkit.locales import is_cjk, language_names, language_of, native_name


def _is_name_only(text: str, ctx: Context) -> bool:
    """True when nothing needs translating: no letters of the source language's script left once glossary terms,
    URLs and tags are gone (a brand in Latin letters on a Japanese page; a language switcher, `<a1>한국어</a1>
    <a2>English</a2>`, names each language in its own script and is copied on purpose), or only a name.  In a script
    with capitals, a name is a proper-noun-looking remainder (one capitalised word the catalogue's sources never
    write in lower case, or codes and acronyms such as ISS, MS-25); in one without (Han, kana, Arabic), text the
    target's script writes as it is (a name in Han characters kept in Chinese, an Arabic one in Persian) that is no
    sentence.  Kana copied into Korean or Chinese, or Arabic into French, is never a name."""
    text = without_urls(without_markup(text, ctx.names))
    for rule in ctx.glossary:
        text = rule.rx.sub(" ", text)
    letters = script_letters(ctx.source_locale)
    own = [c for c in text if is_letter_of(c, letters)]
    if not own or text.strip().casefold() in _own_names(ctx.source_locale):
        return True  # (or the source language's own name: a language switcher's label, 日本語 on every page)
    if not any(c.isupper() or c.islower() for c in own):  # no capital to tell a name by
        target = script_letters(ctx.locale)
        return all(is_letter_of(c, target) for c in own) and not _SENTENCE_MARK.search(text)
    words = [w for w in re.split(r"[^\w'-]+", text) if any(c.isalpha() for c in w)]
    if len(words) == 1 and words[0][0].isupper():
        return words[0].lower() not in ctx.vocabulary  # "Soyuz", not "Search" when the site writes "search"
    return all(w.upper() == w and any(c.isupper() for c in w) for w in words)


@functools.cache
def _own_names(locale: str) -> frozenset[str]:
    """What a language calls itself (CLDR): 日本語, 繁體中文 and 中文, français."""
    return frozenset(name.casefold() for name in (native_name(locale), language_names(locale)[1]) if name)


# What ends or divides a sentence, in any script: a text holding one is no name
_SENTENCE_MARK = re.compile("[。．，、！？；,.!?;،؛؟۔।]")


@check("blank", ERROR)
def check_blank(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A translation that shows nothing (white space, a zero-width space, a lone `<br/>`): the build uses the source
    text there instead, with a warning; as published by gettext programs, the text would vanish."""
    if placeholders.shows_nothing(tr) and not placeholders.shows_nothing(src):
        yield ("the translation shows nothing (white space, invisible characters or a line break only; the build "
               "uses the source text instead); translate it or empty it")


@check("untranslated", WARNING, needs={Need.LANGUAGE})
def check_untranslated(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A copy of the source is usually a forgotten string, not a translation.  Names, codes and text not in the
    source language (by the source locale's script) are copied on purpose."""
    if tr == src and not _is_name_only(src, ctx):
        yield "translation is identical to the source"


# Expected translation/source length for an English (Latin-script) source, by target script,
# widened generously: CJK is typically 0.3-1.0 of the English length, Latin 0.7-2.0; Chinese and
# Japanese labels go lower ("Telecommunications satellites" -> "通信卫星", 0.14).
LENGTH_BOUNDS = {"hanzi": (0.12, 1.5), "cjk": (0.15, 1.5), "latin": (0.35, 3.0)}
MIN_LENGTH = 20


@check("length", WARNING, needs={Need.LANGUAGE})
def check_length(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A translation far shorter or longer than expected from a Latin-script source is often truncated or misplaced.
    Only for Latin-script sources of at least MIN_LENGTH characters: the bounds are an English source's, and no
    sound ratio is known from a Chinese, Japanese, Korean or Arabic one, which it leaves alone."""
    s = " ".join(without_markup(src, ctx.names).split())
    t = " ".join(without_markup(tr, ctx.names).split())
    if len(s) < MIN_LENGTH or not mostly_latin(s):
        return
    script = "hanzi" if language_of(ctx.locale) in ("zh", "ja") else "cjk" if is_cjk(ctx.locale) else "latin"
    lo, hi = LENGTH_BOUNDS[script]
    ratio = len(t) / len(s)
    if not lo <= ratio <= hi:
        yield f"translation is {ratio:.2f}× the source length (expected {lo}–{hi})"


@check("plural-forms", ERROR)
def check_plural_forms(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A plural entry needs as many forms as the header's Plural-Forms names (msgfmt -c refuses
    other counts, and a program asks for forms that are not there)."""
    if ctx.form == 0 and ctx.forms != ctx.nplurals:
        yield f"the entry has {ctx.forms} plural form(s), the header's Plural-Forms nplurals={ctx.nplurals}"


@check("header", ERROR, needs={Need.CATALOGUE})
def check_header(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """The catalogue needs a header msgfmt -c accepts: present (it names the charset), with a valid Plural-Forms.

    Checked once per catalogue, by the runner (`catalog.header_problem` in `check_catalog`), not per entry."""
    return iter(())
