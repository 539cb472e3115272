"""Numbers: a translation keeps the source's numbers (years, quantities, prices), whatever the script.

Numbers are compared by value, so the legitimate ways of writing one are not findings:
full-width or other native digits (２００５), group separators (10,000 · 10.000 · 10 000 · １０，０００),
CJK myriads (1万 = 10,000; 1.5万 = 15,000; 1億2000万), "2.5 million" = 250万, and native numerals
(三段 for "3 stages").  Then:

* a number of the source that is missing while another number appears -> **error** (changed);
* a large number missing -> **error** (dropped);
* a small number (up to SPELLED_OUT_MAX) missing with nothing in its place -> **warning**: it may be
  spelled out ("3 rockets" -> "trois fusées");
* a number the source does not have -> **warning**, unless the source wrote it as a word
  ("Two stages" -> "2段", "in March" -> "3月").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from toolkit.checks.registry import ERROR, WARNING, Context, Problem, check
from toolkit.checks.text import without_markup, without_urls

SPELLED_OUT_MAX = 100  # style guides spell out whole numbers up to one hundred (Chicago 9.2; French and German too)

_SEPARATORS = ",. \u00a0\u202f\u2009'’，"
_INTEGER = rf"\d{{1,3}}(?:[{_SEPARATORS}]\d{{3}})+(?!\d)|\d+"
# Multipliers written after a number: CJK myriads (also with 千/百 before them: 2천만 = 2000×10⁴)
# and the Latin words for million and milliard/billion.
_CJK_UNITS = {"万": 10**4, "萬": 10**4, "만": 10**4, "億": 10**8, "亿": 10**8, "억": 10**8, "兆": 10**12,
              "조": 10**12, "千": 1000, "천": 1000, "百": 100, "백": 100}
_CJK_UNIT = "(?:[千천百백]?[万萬만億亿억兆조]|[千천])"
_WORD_UNIT = r"(?:[Mm]ill?i?[oó]n|[Mm]ill?iard|[Bb]illion)[a-zа-я]*"
# A number scaled by a word ("10 million"): pseudo-translation keeps the word, so this check still reads 10⁷.
WORD_SCALED_RE = re.compile(rf"\d\s?{_WORD_UNIT}\b")
_NUMBER_RE = re.compile(
    rf"(?P<int>{_INTEGER})(?:(?P<scaled>(?:[.,](?P<frac>\d{{1,3}}))?\s?(?P<unit>{_CJK_UNIT}|{_WORD_UNIT}\b)))?"
)

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12}
_KANJI_RE = re.compile("[" + "".join([*_KANJI_DIGITS, *_KANJI_SMALL, *_KANJI_BIG]) + "]+")

# English words for numbers (the source language's), used to explain digits a translation adds.
_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_WORDS |= {w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth "
                                      "eleventh twelfth".split(), 1)}
_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
           "hundred": 100, "thousand": 1000, "dozen": 12, "noon": 12, "midnight": 0}
for _n, _month in enumerate("january february march april may june july august september october "
                            "november december".split(), 1):
    _WORDS[_month] = _WORDS[_month[:3]] = _n


_ANY_DIGIT = re.compile(r"\d")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # \d: every decimal digit (Unicode Nd), as str.isdecimal


def _ascii_digits(text: str) -> str:
    """Every decimal digit (full-width, Arabic-Indic, Devanagari…) as its ASCII digit.  Found by `re`, not
    character by character in Python: a long code sample took milliseconds an entry."""
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m[0])), text)


def _scale(m: re.Match[str]) -> tuple[int, int]:
    """(value, multiplier) of one number match."""
    whole = int(re.sub(r"\D", "", m["int"]))
    unit = m["unit"]
    if not unit:
        return whole, 1
    if unit[-1] in _CJK_UNITS:
        mult = _CJK_UNITS[unit[-1]] * (_CJK_UNITS[unit[0]] if len(unit) == 2 else 1)
    else:
        mult = 10**9 if re.match(r"[Mm]ill?iard|[Bb]illion", unit) else 10**6
    value = Decimal(whole) + (Decimal("0." + m["frac"]) if m["frac"] else 0)
    return int(value * mult), mult


def numbers(text: str) -> Counter[str]:
    """Multiset of the numbers in `text` by value, as plain ASCII digit strings.

    Group separators are part of the number (10,000 == 10000); CJK myriads and million/milliard
    words multiply (1万 == 10000), and adjacent CJK groups add up (1億2000万 == 120000000).
    """
    text = _ascii_digits(text)
    values: list[int] = []
    open_mult, open_end = 0, -1  # multiplier and end of the last CJK-scaled group, which may continue
    for m in _NUMBER_RE.finditer(text):
        value, mult = _scale(m)
        if open_mult and value < open_mult and not text[open_end:m.start()].strip() and m.start() - open_end <= 1:
            values[-1] += value  # 1億 2000万, 1万5000
        else:
            values.append(value)
        cjk = bool(m["unit"]) and m["unit"][-1] in _CJK_UNITS
        open_mult, open_end = (mult, m.end()) if cjk else (0, -1)
    return Counter(str(v) for v in values)


def kanji_value(numeral: str) -> int:
    """二千二十四 -> 2024, 二〇二四 -> 2024, 三 -> 3, 十二万 -> 120000."""
    total = section = digits = 0
    for ch in numeral:
        if ch in _KANJI_DIGITS:
            digits = digits * 10 + _KANJI_DIGITS[ch]
        elif ch in _KANJI_SMALL:
            section += (digits or 1) * _KANJI_SMALL[ch]
            digits = 0
        else:
            total += ((section + digits) or 1) * _KANJI_BIG[ch]
            section = digits = 0
    return total + section + digits


def native_numerals(text: str) -> Counter[str]:
    """Values of the Chinese/Japanese numerals in `text` (三 -> 3, 二千 -> 2000); a myriad after
    digits (10万) belongs to that number, not to the numerals."""
    text = _NUMBER_RE.sub(" ", _ascii_digits(text))
    return Counter(str(kanji_value(m.group())) for m in _KANJI_RE.finditer(text))


def number_words(text: str) -> Counter[str]:
    """Values of the English number words and month names in `text` ("Two", "March" -> 2, 3)."""
    return Counter(str(_WORDS[w]) for w in re.findall(r"[a-z]+", text.lower()) if w in _WORDS)


def _listed(found: Counter[str]) -> str:
    return " ".join(sorted(found.elements(), key=lambda n: (len(n), n)))


# `&#39;` typed into a translation: the markup check reports it (the page would show it as text); its digits are
# no number of the sentence
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX][0-9A-Fa-f]+|[0-9]+);?")


@check("numbers", ERROR)
def check_numbers(src: str, tr: str, ctx: Context) -> Iterator[Problem]:
    """Every number of the source (years, quantities) must survive translation, by value."""
    if not _ANY_DIGIT.search(src) and not _ANY_DIGIT.search(tr):
        return  # (most texts) no number on either side, and removing markup and URLs adds no digit
    # (a tag parts numbers: "Flight 501<br/>2007 season" holds 501 and 2007; "\n" is no group separator)
    source = _CHARACTER_REFERENCE.sub(" ", without_urls(without_markup(src, ctx.names, "\n")))
    target = _CHARACTER_REFERENCE.sub(" ", without_urls(without_markup(tr, ctx.names, "\n")))
    want, got = numbers(source), numbers(target)
    missing = want - got - native_numerals(target)
    extra = got - want - number_words(source)
    if missing and extra:
        yield Problem(f"number(s) changed: {_listed(missing)} in the source, {_listed(extra)} in the translation")
    elif missing and any(int(n) > SPELLED_OUT_MAX for n in missing):
        yield Problem(f"number(s) missing from the translation: {_listed(missing)}")
    elif missing:
        yield Problem(f"number(s) missing from the translation: {_listed(missing)} (fine if spelled out)", WARNING)
    elif extra:
        yield Problem(f"number(s) not in the source: {_listed(extra)}", WARNING)
