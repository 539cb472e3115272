"""Chinese characters in their Simplified and Traditional forms, as OpenCC converts them: the one user of the opencc
package (the opencc engine's conversions, the `script` check's forms).

A character is one standard's only if converting it to the other standard changes it and converting it back does not,
unless the other standard writes it too: OpenCC converts 后 to 後, yet Traditional Chinese writes 皇后, 干 (幹, 乾)
is Traditional in 干擾, and Taiwan writes 群 where OpenCC's standard has 羣.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# Characters OpenCC converts that the other standard writes as well: its character tables give them among their own
# conversions (STCharacters: 后 -> 後 后; TSCharacters: 乾 -> 干 乾), read from OpenCC 1.4.2.  Erring this way leaves
# a rare slip unreported (价 for 價), never a right character reported.
SIMPLIFIED_ALSO_TRADITIONAL = frozenset(
    "㐹万丑丰于云亘仆价伙余佣党准几凶划占厂厘台叶吁吃后咨咸唇坏夸尸岩岳帘干广征愿挂据斗朴杠杰极柜涂涌淀游熏皂确种筑胜"
    "腊腌膻苧苹范荐虫蚝蜡蝎跖辟适郁采里雇")
TRADITIONAL_ALSO_SIMPLIFIED = frozenset("乾剋劄吒夥徵扞於昇氾祕脩苧蒐薹袷谿釐陞麽")


@cache
def converter(config: str) -> Any:
    """An OpenCC converter for a configuration name (s2t, t2s, s2twp, jp2t…), built once per process."""
    import opencc

    try:
        return opencc.OpenCC(config)  # opencc >= 1.1.7 accepts the bare name
    except Exception:
        return opencc.OpenCC(config + ".json")  # older bindings want the file name


@cache
def _converted(config: str, char: str) -> str:
    return converter(config).convert(char)


# OpenCC's Traditional standard (s2t) and those of Taiwan and Hong Kong, which write some characters in other forms
# (群 where OpenCC writes 羣, 秘 for 祕, 為 for 爲).
TRADITIONAL_STANDARDS = {None: "s2t", "TW": "s2tw", "HK": "s2hk", "MO": "s2hk"}


def traditional_form(char: str, region: str | None = None) -> str:
    """The Traditional form of a character, as the region writes it (TW, HK, MO; another region or None: OpenCC's)."""
    return _converted(TRADITIONAL_STANDARDS.get(region, "s2t"), char)


def simplified_form(char: str) -> str:
    return _converted("t2s", char)


def japanese_form(char: str) -> str:
    """How Japanese writes a Chinese character (its shinjitai: 發 and 发 are 発)."""
    return _converted("t2jp", traditional_form(char))


def simplified_only(char: str) -> bool:
    """A character only Simplified Chinese writes (国, 发, 苏): every Traditional standard converts it, and converting
    to Simplified does not; not 后, 台, 干, 里, which Traditional writes too, nor 群, which Taiwan does."""
    return char not in SIMPLIFIED_ALSO_TRADITIONAL and simplified_form(char) == char \
        and all(_converted(standard, char) != char for standard in set(TRADITIONAL_STANDARDS.values()))


def traditional_only(char: str) -> bool:
    """A character only Traditional Chinese writes (國, 發, 蘇): not 乾, 於, 徵, which Simplified writes too."""
    return char not in TRADITIONAL_ALSO_SIMPLIFIED and simplified_form(char) != char \
        and traditional_form(char) == char
