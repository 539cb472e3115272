"""Numbers: a translation keeps the source's numbers (years, quantities, prices), whatever the script.

Numbers are compared by value, so the legitimate ways of writing one are not findings:
full-width or other native digits (２００５), group separators (10,000 · 10.000 · 10 000 · １０，０００ · ١٠٬٠٠٠),
CJK myriads (1万 = 10,000; 1.5万 = 15,000; 1億2000万), "2.5 million" = "$2.5M" = 250万 ("£4.2m" = 420万: a
lower-case m or k only after a currency sign, "5m" being five metres), and native numerals
(三段 for "3 stages", 삼백 명 for "300 people"); the 千 of a Chinese unit's name is no multiplier (2500千克 is
2,500 kg).  Then:

Some numbers have more than one right reading: the hour of "8:17 p.m." (or "8.17 p.m."), 午後8時17分, 下午8点17分 or
오후 8시 17분 is 20 on the 24-hour clock (noon, "12 p.m." or "12:00", is 午後0時), the "08" of "2007-08" is 2008, "the
'90s" are the 1990s, a Japanese era or Minguo year (平成19年, 民國96年) is a Gregorian one, 5割 or 五成 is 50 (per
cent), "30% off" is 七折, "1.5 hours" is 1時間半, "10:30" is 10時半 (10点半, 10시 반), "10:00" is 10時 (10点, 10시).
A decimal is one number ("1.05" is not "1.5"; "1,5" in a German translation is 1.5), which a translation may also
write as its two parts ("Section 3.2" as 第3章第2節, "1,2 and 3" as 1、2、3); a dotted version ("1.0.2") is its parts.
Every reading holds whichever side is the source: a site written in Japanese, Chinese or French has 平成19年
translated "2007", 20時30分 or "20 h 30" as "8:30 p.m.", 午後8時30分 as "20:30", 五十億 as "5 billion", 3月 as
"March", "XXIe siècle" as "21st century" (numerals, English number words and month names, and Roman numerals are read
on both sides).

* a number of the source that is missing while another number appears -> **error** (changed);
* a large number missing -> **error** (dropped);
* a small number (up to SPELLED_OUT_MAX) missing with nothing in its place -> **warning**: it may be
  spelled out ("3 rockets" -> "trois fusées");
* a number the source does not have -> **warning**, unless the source wrote it as a word
  ("Two stages" -> "2段", "in March" -> "3月", 五十億 -> "5 billion"); an **error** (changed) when a numeral of the
  source of more than one character stands for no number of the translation (六十億 with a stale "5 billion"); a
  single one is as often part of a word (一般, 千葉).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from toolkit.checks.registry import ERROR, WARNING, Context, Problem, check
from toolkit.checks.text import without_markup, without_urls
from toolkit.locales import groups_digits_by_two

SPELLED_OUT_MAX = 100  # style guides spell out whole numbers up to one hundred (Chicago 9.2; French and German too)

_SEPARATORS = ",. \u00a0\u202f\u2009'’，\u066c"  # U+066C: the Arabic one (CLDR's for ar, fa)
_INTEGER = rf"\d{{1,3}}(?:[{_SEPARATORS}]\d{{3}})+(?!\d)|\d+"
# Indian grouping, in twos after the first three (1,00,000; 1,23,45,678): read only for a locale CLDR groups so
# (`groups_digits_by_two`), on both sides; elsewhere "1,00,000" is read as before (1 and 000)
_LAKH_INTEGER = rf"\d{{1,2}}(?:,\d\d(?=,)){{1,6}}+,\d{{3}}(?!\d)|{_INTEGER}"  # (bounded: a list 10,11,12… is linear)
# Multipliers written after a number: CJK myriads (also with 千/百 before them: 2천만 = 2000×10⁴; 1千5百 is 1500),
# the Latin words for thousand, million, milliard/billion and trillion, their abbreviations (Mio., Mrd., bn) and
# the letters K, M, B right after a number ($2.5M, 10K users).
_CJK_UNITS = {"万": 10**4, "萬": 10**4, "만": 10**4, "億": 10**8, "亿": 10**8, "억": 10**8, "兆": 10**12,
              "조": 10**12, "千": 1000, "천": 1000, "百": 100, "백": 100}
# A 千 (百) right before a unit's character is part of the unit's Chinese name, not a multiplier: 2500千克 is
# 2,500 kg (千克 kilogram, 千米 kilometre, 千牛/千牛顿 kilonewton, 千瓦 kilowatt, 千字节 kilobyte, 千赫 kilohertz,
# 千焦 kilojoule, 千帕/百帕 kilo- and hectopascal, 千卡 kilocalorie, 千伏 kilovolt, 千升 kilolitre…), while 5千元
# is 5,000 yuan and 5千字 5,000 characters (the currencies 克朗 and 欧元 are no units here).
_KILO_UNIT_NAMES = "克(?!朗)|米|牛|瓦|字[节節]|位元|比特|赫|焦|帕|卡|伏|升|公[尺克升]|欧姆|歐姆|安培"
_CJK_UNIT = rf"(?:[千천百백]?[万萬만億亿억兆조]|千(?!{_KILO_UNIT_NAMES})|百(?!帕)|[천백])"
_UNIT_PREFIX = re.compile(rf"(?<=\d)(\s?)(?:千(?={_KILO_UNIT_NAMES})|百(?=帕))")  # (the 千 of 2500千克)
# (and Arabic's, Persian's and Hebrew's thousand, million, milliard: ١٫٥ مليون)
_RTL_THOUSAND, _RTL_MILLIARD = "آلاف|ألف|هزار|אלפים|אלף", "مليارات|مليار|میلیارد|מיליארד"
_WORD_UNIT = (r"(?:(?:[Mm]ill?i?[oó]n|[Mm]ill?iard|[Bb]illion|[Tt]rillion|[Tt]housand)[a-zа-я]*|Mio\b\.?|Mrd\b\.?"
              rf"|bn\b|(?<=\d)[KMB](?![A-Za-z])|{_RTL_THOUSAND}|{_RTL_MILLIARD}|ملايين|مليون|میلیون|מיליון)")
_WORD_SCALE = [(re.compile(rf"[Mm]ill?iard|[Bb]illion|Mrd|bn|B|{_RTL_MILLIARD}"), 10**9),
               (re.compile(r"[Tt]rillion"), 10**12), (re.compile(rf"[Tt]housand|K|{_RTL_THOUSAND}"), 10**3)]
# (else a million)
# An amount after a currency sign or an ISO 4217 code scaled by a lower-case letter, as British papers write it
# (£4.2m, $600k, €3bn, GBP 4.2m; "mn" as the Financial Times): a million and a thousand as M and K.  Only after a
# sign or a code (`_upper_scale` asks CLDR's list which three capitals are one): "5m" alone is five metres and
# "600k" unclear.
_CURRENCY_SIGNS = "$£€¥₩₹＄￡￥￦"
_CURRENCY_SCALED = rf"(?:[{_CURRENCY_SIGNS}]|(?<![A-Za-z])[A-Z]{{3}}\s?)\d(?:[\d.,]*\d)?(?:mn|[mk])\b"
_CURRENCY_SCALED_RE = re.compile(_CURRENCY_SCALED)
# A number scaled by a word ("10 million", "£4.2m"): pseudo-translation keeps the word, so this check still reads
# 10⁷.
WORD_SCALED_RE = re.compile(rf"\d\s?{_WORD_UNIT}\b|{_CURRENCY_SCALED}")
# A decimal: one separator between digits, not a group of three after at most three digits (1.050 is 1050, as
# German writes it), not part of a longer dotted run (1.0.2), not scaled (2.5 million, 1.5万: below).
_DECIMAL = (r"(?<![\d.,．])(?:\d{4,}[.,．]\d+|\d{1,3}[.,．](?:\d{1,2}|\d{4,}))(?![.,．]?\d)"
            r"|(?<![\w.,．])[.．]\d+(?![.,．]?\d)")  # (and ".5%", with no leading zero)
# A number scaled by a unit reads "." as its decimal point (1.234 million, as English and CJK write it), "," as a
# group separator before three digits (1,000 million), else as a decimal comma (1,5 Mio.).
_SCALED_INTEGER = rf"\d{{1,3}}(?:[{_SEPARATORS.replace('.', '')}]\d{{3}})+(?!\d)|\d+"


def _number_re(integer: str) -> re.Pattern[str]:
    """The pattern of one number, whose unscaled integers are written as `integer` reads them."""
    return re.compile(
        rf"(?P<dec>{_DECIMAL})(?!\s?(?:{_CJK_UNIT}|{_WORD_UNIT}\b))"
        rf"|(?P<int>(?>{_SCALED_INTEGER}))(?:[.．](?P<frac>\d++)|,(?P<cfrac>\d{{1,2}}|\d{{4,}}))?\s?"
        rf"(?P<unit>{_CJK_UNIT}|{_WORD_UNIT}(?:\b|(?<=\.)))"
        rf"|(?P<plain>{integer})"
    )


_NUMBER_RE, _LAKH_NUMBER_RE = _number_re(_INTEGER), _number_re(_LAKH_INTEGER)

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12}
_NUMERAL_CHARS = "".join([*_KANJI_DIGITS, *_KANJI_SMALL, *_KANJI_BIG])
_KANJI_RE = re.compile(f"[{_NUMERAL_CHARS}]+")
# Sino-Korean numerals in Hangul (삼백 명 for "300 people"), read as the kanji they stand for.  Their syllables
# are as often parts of words (만들다, 이사, 백신, 천천히), so a numeral is only a run with a place value (십 백 천
# 만 억 조) that is a word of its own or stands before a counter (삼백명의); a lone 삼 or 이 is not read (the small
# number missing stays the warning it was).
_HANGUL_NUMERALS = str.maketrans("일이삼사오육칠팔구십백천만억조", "一二三四五六七八九十百千万億兆")
_COUNTERS = "명|개|년|원|번|대|권|달|분|초|살|배|곳|척|가지|층|쪽|장|회|시간|개월|킬로|미터|톤|달러"
_HANGUL_PLACE = re.compile("[십백천만억조]")
_COUNTER_AFTER = re.compile(f" ?(?:{_COUNTERS})")
_HANGUL_RE = re.compile(f"(?<![\uac00-\ud7a3])[일이삼사오육칠팔구]?(?:[십백천만억조][일이삼사오육칠팔구]?)+"
                        f"(?:(?![\uac00-\ud7a3])|(?={_COUNTERS}))")

# English words for numbers, used to explain digits the other side writes.
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


# Arabic's decimal separator (٣٫٥) and its comma written as a group separator (١٠،٠٠٠, as often typed for ٬)
_ARABIC_POINT = re.compile(r"(?<=\d)\u066b(?=\d)|(?<=\d)\u060c(?=\d{3}(?!\d))")


def _ascii_digits(text: str) -> str:
    """Every decimal digit (full-width, Arabic-Indic, Devanagari…) as its ASCII digit, and Arabic's decimal
    separator between digits as ".", its comma before three digits as ",".  Found by `re`, not character by
    character in Python: a long code sample took milliseconds an entry."""
    if "\u066b" in text or "\u060c" in text:
        text = _ARABIC_POINT.sub(lambda m: "." if m[0] == "\u066b" else ",", text)
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m[0])), text)


_INT_DIGITS = 1000  # a longer run of digits (a pasted serial, a hash) is read as a Decimal


def _scale(m: re.Match[str]) -> tuple[int | Decimal, int]:
    """(value, multiplier) of one number match."""
    if m["dec"]:
        return Decimal(re.sub("[,．]", ".", m["dec"])), 1
    digits = re.sub(r"\D", "", m["plain"] or m["int"])
    if len(digits) > _INT_DIGITS:  # (int() refuses over 4,300 digits: a pasted serial, a hash)
        return Decimal(digits), 1
    if m["plain"]:
        return int(digits), 1
    unit = m["unit"]
    if unit[-1] in _CJK_UNITS:
        mult = _CJK_UNITS[unit[-1]] * (_CJK_UNITS[unit[0]] if len(unit) == 2 else 1)
    else:
        mult = next((scale for word, scale in _WORD_SCALE if word.match(unit)), 10**6)
    fraction = m["frac"] or m["cfrac"]
    value = Decimal(digits) + (Decimal("0." + fraction) if fraction else 0)
    scaled = value * mult
    return (int(scaled) if scaled == scaled.to_integral_value() else scaled), mult


_VULGAR = {"½": ".5", "¼": ".25", "¾": ".75"}
_VULGAR_RE = re.compile("(\\d?)\\s?([½¼¾])")


def _vulgar(m: re.Match[str]) -> str:
    return (m[1] or "0") + _VULGAR[m[2]]  # 2½ and 2 ½ as 2.5, ½ alone as 0.5


def _upper_scale(m: re.Match[str]) -> str:
    """£4.2m as £4.2M, $600k as $600K, £5mn as £5M, GBP 4.2m as GBP 4.2M (not "ABC 5m": no currency's code)."""
    if m[0][0].isascii() and m[0][0].isalpha() and m[0][:3] not in _currency_codes():
        return m[0]
    amount = m[0].rstrip("mnk")
    return amount + m[0][len(amount)].upper()


@functools.cache
def _currency_codes() -> frozenset[str]:
    from babel.numbers import get_currency_symbol, list_currencies  # (only a text with three capitals asks)

    # only those CLDR gives an English symbol of their own ($, £, ¥, ₩…): "ALL 5k runners", "TOP 5k", "CUP 3m" and
    # "PEN 2m" are words before a distance (Albania's lek, Tonga's paʻanga, Cuba's and Peru's codes), and XXX is "no
    # currency"
    return frozenset(code for code in list_currencies() if get_currency_symbol(code, "en") != code and code != "XXX")


def numbers(text: str, lakh: bool = False) -> Counter[str]:
    """Multiset of the numbers in `text` by value, as plain ASCII digit strings.

    Group separators are part of the number (10,000 == 10000; with `lakh`, 1,00,000 == 100000 too); CJK myriads
    and million/milliard words multiply (1万 == 10000), and adjacent CJK groups add up (1億2000万 == 120000000).
    """
    if not _ANY_DIGIT.search(text) and "½" not in text:
        return Counter()  # (most texts: the pattern's lookbehinds make it try every position)
    text = _CURRENCY_SCALED_RE.sub(_upper_scale, _ascii_digits(text))
    if "½" in text or "¼" in text or "¾" in text:
        text = _VULGAR_RE.sub(_vulgar, text)
    values: list[int | Decimal] = []
    open_mult, open_end = 0, -1  # multiplier and end of the last CJK-scaled group, which may continue
    for m in _number_matches(text, lakh):
        value, mult = _scale(m)
        if open_mult and value < open_mult and not text[open_end:m.start()].strip() and m.start() - open_end <= 1:
            values[-1] += value  # 1億 2000万, 1万5000
        else:
            values.append(value)
        cjk = bool(m["unit"]) and m["unit"][-1] in _CJK_UNITS
        open_mult, open_end = (mult, m.end()) if cjk else (0, -1)
    return Counter(_shown(v) for v in values)


_NUMBER_START = re.compile(r"[\d.．]")


def _number_matches(text: str, lakh: bool = False) -> Iterator[re.Match[str]]:
    """`_NUMBER_RE.finditer(text)` (`_LAKH_NUMBER_RE`'s with `lakh`), tried only where a number can start: the
    pattern opens with lookbehinds, which keep `re` from skipping to such places itself (it tried every character,
    doubling the check's time)."""
    pattern, end = _LAKH_NUMBER_RE if lakh else _NUMBER_RE, 0
    for start in _NUMBER_START.finditer(text):
        at = start.start()
        if at < end:
            continue
        m = pattern.match(text, at)
        if m is not None:
            end = max(m.end(), at + 1)
            yield m


def _without_numbers(text: str, lakh: bool) -> str:
    """`text` with each number `numbers` reads replaced by a space."""
    out, at = [], 0
    for m in _number_matches(text, lakh):
        out += [text[at:m.start()], " "]
        at = m.end()
    return "".join(out) + text[at:] if out else text


def _shown(value: int | Decimal) -> str:
    """A value as the check compares and reports it: 2005, 1.5 (1.50 is 1.5), every digit kept (normalize() would
    round a long one to 28 digits)."""
    if isinstance(value, int):
        return str(value)
    shown = format(value, "f")
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


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


def native_numerals(text: str, lakh: bool = False) -> Counter[str]:
    """Values of the Chinese/Japanese numerals in `text` (三 -> 3, 二千 -> 2000) and of the Korean ones in Hangul
    words (삼백 -> 300: `_HANGUL_RE`); a myriad after
    digits (10万) belongs to that number, not to the numerals, and so does a unit's 千 (2500千克)."""
    return Counter(value for value, _written in _numerals(text, lakh))


def _numerals(text: str, lakh: bool = False) -> Iterator[tuple[str, str]]:
    """(value, numeral as written) of each numeral `native_numerals` reads."""
    text = _ascii_digits(text)
    text = _without_numbers(_UNIT_PREFIX.sub(r"\1", text) if "千" in text or "百" in text else text, lakh)
    for m in _KANJI_RE.finditer(text):
        yield str(kanji_value(m[0])), m[0]
    if _HANGUL_PLACE.search(text):  # (a scan for one class of characters: most texts have none)
        for m in _HANGUL_RE.finditer(text):
            if len(m[0]) == 1 and not _COUNTER_AFTER.match(text, m.end()):
                continue  # a lone 백, 천, 만, 조 is a word as often (back, cloth, bay, Joe): only before a counter
            yield str(kanji_value(m[0].translate(_HANGUL_NUMERALS))), m[0]


def compound_numerals(text: str, lakh: bool = False) -> Counter[str]:
    """Values of the numerals of `text` of more than one character (五十億, 二百七十, 삼백): numbers, where a single
    character is as often part of a word (一般, 千葉, 十分)."""
    return Counter(value for value, written in _numerals(text, lakh) if len(written) > 1)


def number_words(text: str) -> Counter[str]:
    """Values of the English number words and month names in `text` ("Two", "March" -> 2, 3); "may" is the month
    only capitalised ("in May", not "you may")."""
    return Counter(str(_WORDS[w.lower()]) for w in re.findall(r"[A-Za-z]+", text)
                   if w.lower() in _WORDS and w != "may")


# A Roman numeral: two letters or more, or one with a French ordinal ending (XXIe siècle, Ier, IIIe République)
_ROMAN = re.compile(r"\b(?=[IVXLCDM]{2,}\b|[IVXLCDM]+(?:e|er|re|ème)\b)"
                    r"(M{0,3})(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})(?:e|er|re|ème)?\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_numerals(text: str) -> Counter[str]:
    """Values of the Roman numerals in `text` (XXIe siècle -> 21, Louis XIV -> 14)."""
    found: Counter[str] = Counter()
    if not any(c in text for c in "IVXLCDM"):
        return found
    for m in _ROMAN.finditer(text):
        digits = "".join(m.groups())
        if digits:
            found[str(sum(-_ROMAN_VALUES[a] if _ROMAN_VALUES[a] < _ROMAN_VALUES[b] else _ROMAN_VALUES[a]
                          for a, b in zip(digits, digits[1:] + "I", strict=True)))] += 1
    return found


def in_words(text: str, lakh: bool = False) -> Counter[str]:
    """The numbers `text` writes without digits: numerals (三段, 五十億, 삼백 명), English number words and month
    names ("two", "March"), Roman numerals (XXIe siècle)."""
    return native_numerals(text, lakh) + number_words(text) + roman_numerals(text)


# Readings of a number that are the same number written another way (see the module docstring): the 12-hour clock,
# a year range's short end, a decade; a Japanese era or Minguo year; 割 or 成 (tenths); 半 after an hour.
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2})(?::[0-5]\d)?\s?([AaPp])\.?\s?[Mm](?![a-zA-Z])")
_YEAR_RANGE = re.compile(r"(?<!\d)(\d\d)(\d\d)\s?[-–—/~〜]\s?(\d\d)(?!\d)")
_DECADE = re.compile(r"(?<![\w'’])['’]?(\d0)s(?![a-zA-Z])")
_ERA_START = {"昭和": 1925, "平成": 1988, "令和": 2018, "民國": 1911, "民国": 1911}
_ERA = re.compile(rf"({'|'.join(_ERA_START)})\s?(\d{{1,3}}|元|[{''.join([*_KANJI_DIGITS, *_KANJI_SMALL])}]+)\s?年")
_TENTHS = re.compile(rf"(?<![\d{_NUMERAL_CHARS}])(\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s?[割成]")  # 5割, 五成
# a half hour after the hour (10時半, 10点半, 10點半, 10시 반 for "10:30"; 반 as a word or before a particle, 반에,
# not a syllable: 10시 반드시)
_HALF_PAST = re.compile(rf"(?<![\d{_NUMERAL_CHARS}])(\d{{1,2}}|[{_NUMERAL_CHARS}]+)\s?"
                        r"(?:[時点點]\s?半|시\s?반(?![\uac00-\ud7a3])|시\s?반(?=에|까지|부터|쯤|경|입니다))")
_THIRTY_PAST = re.compile(r"(?<![\d:])(\d{1,2}):30(?![\d:])")
_SHORT_DECADE = re.compile(r"(?<!\d)(\d0)\s?年代")
# a number, then a counter and "and a half" (1時間半, 2日半, 1시간 반, 两个半): 반 as a word of its own, not a
# syllable (반드시, 반환)
# (each number read whole, once: restarting inside a long run of digits was quadratic)
_HALF = re.compile(rf"((?<!\d)\d++|(?<![{_NUMERAL_CHARS}])[{_NUMERAL_CHARS}]++)"
                   rf"(?:[^\d\s%.,．{_NUMERAL_CHARS}]{{0,3}}\s?)?(?:半|반(?![\uac00-\ud7a3]))")
# an hour after noon on the 12-hour clock, after the word for afternoon or evening (午後8時, 夕方6時, 夜8時 but not
# 深夜2時, 下午8点, 晚上8點, 오후 8시, 저녁 7시, 밤 10시; 時間 and 시간 are hours, no clock), and an hour of the
# 24-hour clock (20:30, 20時, 20点)
_O_CLOCK = r"(?:[時点點]|시(?!간))"
_PM_HOUR = re.compile(r"(?:午後|夕方|(?<!深)夜|下午|傍晚|晚[上间間]?|中午|오후|저녁|밤)\s?"
                      rf"(\d{{1,2}}|[{_NUMERAL_CHARS}]+)\s?(?:{_O_CLOCK}|:[0-5]\d)")
_CLOCK_HOUR = re.compile(rf"(?<![\d.:])(\d{{1,2}})(?::[0-5]\d(?!\d)|\s?{_O_CLOCK})")
# on the hour (10:00), and an hour with no minutes after it (10時, 8点, 10시: not 10時5分 nor 10時半)
_ON_THE_HOUR = re.compile(r"(?<![\d:])(\d{1,2}):00(?![\d:])")
_PM_AFTER = re.compile(r"\s?[Pp]\.?\s?[Mm](?![a-zA-Z])")  # after a time: "p.m.", "pm", "PM"
_AM_AFTER = re.compile(r"\s?[Aa]\.?\s?[Mm](?![a-zA-Z])")
_HOUR_ONLY = re.compile(rf"(?<![\d{_NUMERAL_CHARS}])(\d{{1,2}}|[{_NUMERAL_CHARS}]+)\s?{_O_CLOCK}"
                        rf"(?!\s?[\d{_NUMERAL_CHARS}半반])")
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.([0-5]\d)(?=\s?[AaPp]\.?\s?[Mm](?![a-zA-Z]))")  # 8.30 a.m.
_PERCENT_OFF = re.compile(r"(?<!\d)(\d{1,2})\s?%\s?off\b", re.I)


def _readings(source: str, target: str) -> Iterator[tuple[str | None, str | None]]:
    """(source value, translation value) pairs that name the same number, whichever side writes it which way
    (`_one_way` both ways round: "8 p.m." for 20時 and 20時 for "8 p.m."); None: that side writes it with no number
    (令和元年, the first year of an era)."""
    yield from _one_way(source, target)
    for written, other in _one_way(target, source):
        yield other, written


def _one_way(text: str, other: str) -> Iterator[tuple[str, str | None]]:
    """(value in `text`, value in `other`) pairs where `text` writes a number the Latin way (8 p.m., 20:30, 2007,
    50%, 1.5 hours, 10:30, 10:00) and `other` another way (20時, 午後8時30分, 平成19年, 5割, 1時間半, 10時半, 10時);
    None: `other` writes it with no number."""
    for m in _CLOCK.finditer(text):
        hour, pm = int(m[1]), m[2] in "Pp"
        if pm and 1 <= hour < 12:
            yield str(hour), str(hour + 12)
        elif hour == 12 and pm == _afternoon_zero(other):
            yield "12", "0"  # 12 a.m. as 0時 (midnight); 12 p.m. as 午後0時, 中午0点 (noon), not the other way round
    for m in _YEAR_RANGE.finditer(text):
        first = int(m[1] + m[2])
        last = first - first % 100 + int(m[3])
        yield str(int(m[3])), str(last if last > first else last + 100)
    for m in _DECADE.finditer(text):
        yield m[1], "19" + m[1]
        yield m[1], "20" + m[1]
    halves = _halves(other)
    for m in re.finditer(_DECIMAL, text):
        value = _shown(Decimal(re.sub("[,．]", ".", m[0])))
        if value.endswith(".5") and value[:-2] in halves:
            yield value, value[:-2]  # 1時間半, 1시간 반: the whole number, and "and a half" in words
    for m in _PERCENT_OFF.finditer(text):
        paid = 100 - int(m[1])
        if "折" in other:
            yield m[1], str(paid // 10 if paid % 10 == 0 else paid)  # 30% off: 七折 (seven tenths paid); 15%: 八五折
    other = _ascii_digits(other)
    for m in _ERA.finditer(other):
        year = 1 if m[2] == "元" else int(m[2]) if m[2].isdigit() else kanji_value(m[2])
        yield str(_ERA_START[m[1]] + year), None if m[2] == "元" else str(year)
    if _PM_HOUR.search(other):  # 20:30 as 午後8時30分, 下午8点30分, 오후 8시 30분
        latin = _ascii_digits(text)
        hours = {int(m[1]) for m in _CLOCK_HOUR.finditer(latin) if not _AM_AFTER.match(latin, m.end())}
        for m in _PM_HOUR.finditer(other):
            hour = int(_numeral_value(m[1]))
            if hour + 12 in hours:
                yield str(hour + 12), str(hour)
    for m in _TENTHS.finditer(other):
        tenths = int(_numeral_value(m[1]))
        if tenths <= 10:
            yield str(tenths * 10), str(tenths)
    if _THIRTY_PAST.search(text) and ("半" in other or "반" in other):
        half_past = {int(_numeral_value(m[1])) % 12 for m in _HALF_PAST.finditer(other)}
        for m in _THIRTY_PAST.finditer(text):
            if int(m[1]) % 12 in half_past:
                yield "30", None  # 10時半: the half hour in words
    if ":00" in text:
        afternoon = {m.start(1) for m in _PM_HOUR.finditer(other)}  # 午後10時 is 22:00, not 10:00
        exact, either = set(), set()  # hours of the 24-hour clock; hours that may be a.m. or p.m.
        zeros = set()  # where an hour is written 0: after the word for afternoon (午後0時, noon) or not (0時, midnight)
        for m in _HOUR_ONLY.finditer(other):
            hour = int(_numeral_value(m[1]))
            if hour == 0:
                zeros.add(m.start(1) in afternoon)
            if m.start(1) in afternoon:
                exact.add(hour + 12 if hour < 12 else hour)
            else:
                either.add(hour % 12)
        for m in _ON_THE_HOUR.finditer(text):
            hour = int(m[1])
            if hour < 12 and _PM_AFTER.match(text, m.end()):
                hour += 12  # "10:00 p.m."
            if hour in exact or hour % 12 in either:
                # 10時, 午後8時: no minutes past the hour.  12:00 as 午後0時 (12:00 a.m. as 0時): the 0 is the hour,
                # which the numbers compared already paired with the source's 00, so what is left is the source's 12
                noon = _AM_AFTER.match(text, m.end()) is None
                yield ("12" if m[1] == "12" and noon in zeros else "0"), None
    for m in _YEAR_RANGE.finditer(other):  # 2007〜08年: the other side's short end year
        first = int(m[1] + m[2])
        last = first - first % 100 + int(m[3])
        yield str(last if last > first else last + 100), str(int(m[3]))
    for m in _SHORT_DECADE.finditer(other):  # 90年代 for "the 1990s"
        yield "19" + m[1], m[1]
        yield "20" + m[1], m[1]


def _afternoon_zero(text: str) -> bool:
    """Whether `text` writes an hour 0 after the word for afternoon (午後0時, 中午0点: noon)."""
    return any(_numeral_value(m[1]) == "0" for m in _PM_HOUR.finditer(_ascii_digits(text)))


def _halves(text: str) -> set[str]:
    """The numbers `text` says "and a half" after (1時間半, 1시간 반, 两个半: 1 and 2)."""
    if "半" not in text and "반" not in text:
        return set()
    return {_numeral_value(m[1]) for m in _HALF.finditer(_ascii_digits(text))}


def _numeral_value(numeral: str) -> str:
    """Digits or a kanji numeral (两 = 2) as the check's value."""
    return str(int(numeral)) if numeral.isdigit() else str(kanji_value(numeral))


_DURATION = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(hours?|hrs?|h|minutes?|mins?|years?|yrs?)\b", re.I)


def _splits(text: str, halves: set[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Numbers of `text` the other side may write as several: a decimal as its two parts as written ("8.30" as 8
    and 30, "Section 3.2" as 第3章第2節), a duration in other units (1.5 hours as 1時間30分 or 90分, 2.5 years as
    2年6か月, 90 minutes as 1時間30分 or 1時間半; `halves`: the other side's, see `_halves`)."""
    for m in re.finditer(_DECIMAL, text):
        whole, fraction = re.split("[.,．]", m[0])
        yield _shown(Decimal(f"{whole or 0}.{fraction}")), (whole.lstrip("0") or "0", fraction.lstrip("0") or "0")
    for m in _DURATION.finditer(text):
        value, unit = Decimal(m[1].replace(",", ".")), m[2][0].lower()
        if unit == "m":  # minutes
            if value >= 60 and value == value.to_integral_value():
                hours, minutes = divmod(int(value), 60)
                yield _shown(value), (str(hours), str(minutes)) if minutes else (str(hours),)
                if minutes == 30 and str(hours) in halves:
                    yield _shown(value), (str(hours),)
            continue
        per = 12 if unit == "y" else 60  # months a year, minutes an hour
        whole, rest = divmod(value, 1)
        if rest:
            yield _shown(value), (_shown(whole), _shown(rest * per))
            yield _shown(value), (_shown(value * per),)


def _explain(was: str | None, now: str | None, found: tuple[Counter[str], Counter[str]],
             others: tuple[Counter[str], Counter[str]]) -> None:
    """Take one reading (`was` in the source, `now` in the translation; None: written with no number) off the
    numbers `found` missing and extra, when one side is such a number and the other that number too, or a numeral
    `others` holds (平成十九年 for 2007), or None."""
    taken = []
    for value, digits, numerals in zip((was, now), found, others, strict=True):
        if value is None:
            continue
        if digits[value]:
            taken.append((digits, value, True))
        elif numerals[value]:
            taken.append((numerals, value, False))
        else:
            return
    if any(finding for _counter, _value, finding in taken):  # (not a numeral read as a numeral)
        for counter, value, _finding in taken:
            counter[value] -= 1


def _listed(found: Counter[str]) -> str:
    return " ".join(n if len(n) <= 40 else n[:20] + "…" + n[-8:]  # (a pasted serial number is not worth a screen)
                    for n in sorted(found.elements(), key=lambda n: (len(n), n)))


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
    source, target = _DOTTED_TIME.sub(r"\1:\2", source), _DOTTED_TIME.sub(r"\1:\2", target)  # "8.30 a.m." is a time
    lakh = groups_digits_by_two(ctx.locale)  # (both sides: a source's "1,00,000" kept as it is is no finding)
    want, got = numbers(source, lakh), numbers(target, lakh)
    missing, extra = want - got, got - want
    if not missing and not extra:
        return  # (most entries)
    # numbers either side writes in words (三段 for "3 stages", "March" for 3月, 五十億 for "5 billion")
    missing, extra = missing - in_words(target, lakh), extra - in_words(source, lakh)
    if missing or extra:  # (every reading and split explains a number: nearly every entry has none)
        # numerals a reading may name (平成十九年); alone they are words as often (千葉, 九州)
        others = (native_numerals(source, lakh) - got, native_numerals(target, lakh) - want)
        for was, now in _readings(source, target):
            _explain(was, now, (missing, extra), others)
        for side, lacking, surplus, other in ((source, missing, extra, target), (target, extra, missing, source)):
            for value, parts in _splits(_ascii_digits(side), _halves(other)):
                need = Counter(parts)
                if lacking[value] and all(surplus[part] >= n for part, n in need.items()):
                    lacking[value] -= 1
                    surplus -= need  # (in place: `surplus` is `extra` or `missing`)
        missing, extra = +missing, +extra
        if extra and not missing:  # a numeral of the source no number of the translation stands for: changed
            missing = +(compound_numerals(source, lakh) & others[0])
        elif missing and not extra:  # and one of the translation no number of the source stands for ("60" as 五十)
            extra = +(compound_numerals(target, lakh) & others[1])
    if missing and extra:
        yield Problem(f"number(s) changed: {_listed(missing)} in the source, {_listed(extra)} in the translation")
    elif missing and any(Decimal(n) > SPELLED_OUT_MAX for n in missing):
        yield Problem(f"number(s) missing from the translation: {_listed(missing)}")
    elif missing:
        yield Problem(f"number(s) missing from the translation: {_listed(missing)} (fine if spelled out)", WARNING)
    elif extra:
        yield Problem(f"number(s) not in the source: {_listed(extra)}", WARNING)
