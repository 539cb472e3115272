"""Locale codes: the one owner of what a code means.

Settings normalise every code once, on load, to its gettext name (``zh_TW``, ``sr@latin``, ``zh_Hant``),
and everything else derives from that name here: the BCP 47 tag for ``lang``/``hreflang``, the text
direction, whether the script is CJK, and ITS 2.0 locale-filter matching (RFC 4647 extended filtering).
A code keeps the information it carries: ``zh-Hant`` stays ``zh_Hant`` and ``sr@latin`` keeps its script.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from typing import TYPE_CHECKING

from toolkit.errors import L10nError

if TYPE_CHECKING:
    from babel import Locale

# Babel (CLDR) is imported by the functions that need its data, not on every command's start-up:
# validating a code usually needs only to see that Babel has a data file of that name.

# glibc/gettext modifiers that name a script, and the ISO 15924 code CLDR uses for it.
SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "devanagari": "Deva", "arabic": "Arab",
                    "iqtelif": "Latn", "shaw": "Shaw", "hebrew": "Hebr"}
# Modifiers that are registered BCP 47 variant subtags (ca@valencia -> ca-valencia).
VARIANT_MODIFIERS = {"valencia"}

CJK_LANGUAGES = frozenset({"ja", "zh", "ko", "yue"})

# Country codes people type for languages: kr for Korean, jp for Japanese, cn for Chinese.
COUNTRY_MISTAKES = {"kr": "ko", "jp": "ja", "cn": "zh_CN",
                    "gr": "el", "dk": "da", "se": "sv", "cz": "cs", "ua": "uk", "vn": "vi"}

_SUBTAG = re.compile(r"[A-Za-z0-9]+")


@cache
def normalize_locale(code: str) -> str:
    """Any spelling -> the gettext name: 'zh-tw' -> 'zh_TW', 'zh-Hant' -> 'zh_Hant', 'SR@Latin' -> 'sr@latin'.

    Unknown codes raise L10nError with a suggestion ('kr' -> did you mean ko?).
    """
    raw = code.strip()
    base, _, modifier = raw.partition("@")
    parts = [p for p in re.split(r"[-_]", base) if p]
    if not parts or not all(_SUBTAG.fullmatch(p) for p in parts) or (modifier and not modifier.isalnum()):
        raise L10nError(f"unknown locale {code!r}{_suggestion(base)}")
    language = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    territory = next((p.upper() for p in parts[1:] if (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit())),
                     None)
    if len(parts) > 1 + (script is not None) + (territory is not None):
        raise L10nError(f"unknown locale {code!r}; use a gettext code such as ko, ja, zh_CN, zh_TW, sr@latin")
    name = "_".join(p for p in (language, script, territory) if p)
    if not _has_locale_data(name):
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            raise L10nError(f"unknown locale {code!r}{_suggestion(base)}") from None
    return f"{name}@{modifier.lower()}" if modifier else name


@cache
def _babel_data_dir() -> str | None:
    """Babel's locale-data directory, found where ``import babel`` would find the package (None: not found)."""
    for entry in sys.path:
        package = os.path.join(entry or ".", "babel")
        if os.path.isfile(os.path.join(package, "__init__.py")):
            data = os.path.join(package, "locale-data")
            return data if os.path.isdir(data) else None
    return None


def _has_locale_data(name: str) -> bool:
    """Babel has a data file of exactly this name, so ``Locale.parse(name)`` succeeds (without importing Babel)."""
    data = _babel_data_dir()
    return data is not None and name.isascii() and name.replace("_", "").isalnum() \
        and os.path.isfile(os.path.join(data, name + ".dat"))


def babel_locale(locale: str) -> Locale:
    """CLDR data for a gettext name; a script modifier becomes the script (sr@latin -> sr_Latn)."""
    from babel import Locale

    base, _, modifier = locale.partition("@")
    script = SCRIPT_MODIFIERS.get(modifier)
    if script:
        parts = base.split("_")
        parts.insert(1, script)
        base = "_".join(parts)
    return Locale.parse(base)


@cache
def bcp47(locale: str) -> str:
    """BCP 47 tag of a gettext name: zh_TW -> zh-TW, zh_Hant -> zh-Hant, sr@latin -> sr-Latn."""
    base, _, modifier = locale.partition("@")
    parts = base.split("_")
    if modifier in SCRIPT_MODIFIERS and not any(len(p) == 4 for p in parts[1:]):
        parts.insert(1, SCRIPT_MODIFIERS[modifier])
    elif modifier in VARIANT_MODIFIERS:
        parts.append(modifier)
    return "-".join(parts)


@cache
def og_locale(locale: str) -> str:
    """Open Graph ``og:locale`` (language_TERRITORY) of a gettext name: ko -> ko_KR, ja -> ja_JP, zh_TW -> zh_TW.

    The territory, when the code has none, is CLDR's likely one (via Babel's likely subtags).
    """
    base = locale.partition("@")[0]
    parts = base.split("_")
    territory = next((p for p in parts[1:] if len(p) in (2, 3) and p.isupper()), None)
    if territory is None:
        from babel.core import get_global

        likely = get_global("likely_subtags").get("_".join(parts)) or get_global("likely_subtags").get(parts[0], "")
        territory = next((p for p in likely.split("_")[1:] if len(p) in (2, 3) and p.isupper()), None)
    return f"{parts[0]}_{territory}" if territory else parts[0]


def native_name(locale: str) -> str:
    """The language's name in itself, for Language-Team: 한국어, 繁體中文, srpski (latinica), português (Portugal)."""
    from babel.core import get_global

    loc = babel_locale(locale)
    scripted = f"{loc.language}_{loc.script}" if loc.script else loc.language
    name = loc.languages.get(scripted) or loc.languages.get(loc.language) or locale
    likely_subtags = get_global("likely_subtags")
    likely = likely_subtags.get(scripted) or likely_subtags.get(loc.language, "")
    if loc.territory and not likely.endswith("_" + loc.territory):
        name += f" ({loc.territories.get(loc.territory, loc.territory)})"
    return name


@cache
def text_direction(locale: str) -> str:
    """'rtl' or 'ltr' from CLDR (ar, he, fa… are rtl)."""
    from babel import UnknownLocaleError

    try:
        return babel_locale(locale).text_direction
    except (UnknownLocaleError, ValueError):
        return "ltr"


@cache
def groups_digits_by_two(locale: str) -> bool:
    """Whether CLDR groups the locale's numbers in twos after the first three, as India writes them (1,00,000 for
    100,000: hi, bn, en_IN…): there "1,00,000" is one number, elsewhere no number at all."""
    from babel import UnknownLocaleError

    try:
        pattern = babel_locale(locale).decimal_formats.get(None)
    except (UnknownLocaleError, ValueError):
        return False
    return pattern is not None and pattern.grouping[1] == 2


def is_cjk(locale: str) -> bool:
    """Chinese, Japanese, Korean: no spaces between words, full-width punctuation, shorter strings."""
    return re.split(r"[-_@]", locale, maxsplit=1)[0].lower() in CJK_LANGUAGES


def language_of(locale: str) -> str:
    """The language subtag: zh_TW -> zh, sr@latin -> sr."""
    return re.split(r"[-_@]", locale, maxsplit=1)[0].lower()


def its_range_match(language_range: str, tag: str) -> bool:
    """RFC 4647 §3.3.2 extended filtering, as ITS 2.0 Locale Filter uses it: '*-CA' matches fr-CA and en-CA.

    `tag` is a BCP 47 tag (use `bcp47()` for a gettext name).
    """
    ranges = [s.lower() for s in re.split(r"[-_]", language_range.strip()) if s]
    subtags = [s.lower() for s in tag.split("-") if s]
    if not ranges or not subtags:
        return False
    if ranges[0] != "*" and ranges[0] != subtags[0]:
        return False
    r, t = 1, 1
    while r < len(ranges):
        if ranges[r] == "*":
            r += 1
        elif t >= len(subtags):
            return False
        elif ranges[r] == subtags[t]:
            r += 1
            t += 1
        elif len(subtags[t]) == 1:
            return False
        else:
            t += 1
    return True


def locale_filter_allows(ranges: tuple[str, ...] | None, exclude: bool, locale: str) -> bool:
    """Whether an ITS locale filter (`ranges`, type include/exclude) lets `locale` have the content."""
    if ranges is None:
        return True
    tag = bcp47(locale)
    hit = any(its_range_match(r, tag) for r in ranges)
    return hit != exclude


def _suggestion(raw: str) -> str:
    import difflib

    from babel import Locale
    from babel.localedata import locale_identifiers

    if raw.lower() in COUNTRY_MISTAKES:
        return f"; did you mean {COUNTRY_MISTAKES[raw.lower()]}? ({raw} is a country code)"
    known = {i.split("_")[0] for i in locale_identifiers()} | {
        i for i in locale_identifiers() if i.count("_") == 1
    }
    lower = {k.lower(): k for k in known}
    by_name = {name.lower(): code for code, name in Locale("en").languages.items() if code in known}
    if raw.lower() in by_name:
        return f"; did you mean {by_name[raw.lower()]}?"
    close = difflib.get_close_matches(raw.lower(), list(lower), n=3, cutoff=0.6)
    if not close:
        return "; use a gettext code such as ko, ja, zh_CN, zh_TW"
    return "; did you mean " + " or ".join(lower[c] for c in close) + "?"
