"""Locale codes: the one owner of what a code means.

Settings normalise every code once, on load, to its gettext name (``zh_TW``, ``sr@latin``, ``zh_Hant``),
and everything else derives from that name here: the BCP 47 tag for ``lang``/``hreflang``, the text
direction, whether the script is CJK, and ITS 2.0 locale-filter matching (RFC 4647 extended filtering).
A code keeps the information it carries: ``zh-Hant`` stays ``zh_Hant`` and ``sr@latin`` keeps its script.
A BCP 47 tag read from a page or an engine's table is parsed here too (`parse_tag`, the one `LangTag` record),
turned into a gettext name (`gettext_name`) and matched to the site's locales (`matching_locale`); CLDR's likely
subtags are read through `likely_subtags` alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from toolkit.errors import L10nError

if TYPE_CHECKING:
    from babel import Locale

# Babel (CLDR) is imported by the functions that need its data, not on every command's start-up:
# validating a code usually needs only to see that Babel has a data file of that name.

# glibc/gettext modifiers that name a script, and the ISO 15924 code CLDR uses for it.
SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "devanagari": "Deva", "arabic": "Arab",
                    "iqtelif": "Latn", "shaw": "Shaw", "hebrew": "Hebr"}
# Modifiers that are registered BCP 47 variant subtags (ca@valencia -> ca-valencia; glibc's and KDE's be@tarask,
# sr@ijekavian -> be-tarask, sr-ijekavsk).
VARIANT_MODIFIERS = {"valencia": "valencia", "tarask": "tarask", "ijekavian": "ijekavsk"}
# Only these: any other modifier would be dropped from the page's lang (sr@latn, a typo, built as Cyrillic sr).
KNOWN_MODIFIERS = frozenset(SCRIPT_MODIFIERS) | frozenset(VARIANT_MODIFIERS)
# glibc modifiers that say nothing about the language (@euro: the currency), and what to write instead.
_MODIFIER_MISTAKES = {"euro": "names a currency", "quot": "is gettext's English with curly quotation marks",
                      "boldquot": "is gettext's English with curly quotation marks"}
# Codes CLDR or POSIX know that name no language a page can be written in.
NOT_LANGUAGES = {"c": "the POSIX C locale", "posix": "the POSIX C locale", "root": "CLDR's root locale",
                 "und": "the code for an undetermined language"}
# RFC 5646 §4.5: deprecated language subtags and their preferred values, which `lang` and hreflang should carry.
# The gettext name keeps the old code (Java and Android still name folders iw/ and in/).
PREFERRED_LANGUAGE = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
# Open Graph (Facebook) names Latin-American Spanish es_LA; its locales have no numeric UN M.49 regions.
_OG_REGIONS = {("es", "419"): "LA", ("ar", "001"): "AR"}
# Region codes people type that ISO 3166 does not have (Babel reads en_UK as en_GB; en-UK is no BCP 47 tag).
_REGION_MISTAKES = {"UK": "GB"}

CJK_LANGUAGES = frozenset({"ja", "zh", "ko", "yue"})

# Country codes people type for languages: kr for Korean, jp for Japanese, cn for Chinese.
COUNTRY_MISTAKES = {"kr": "ko", "jp": "ja", "cn": "zh_CN",
                    "gr": "el", "dk": "da", "se": "sv", "cz": "cs", "ua": "uk", "vn": "vi"}

_SUBTAG = re.compile(r"[A-Za-z0-9]+")


@cache
def normalize_locale(code: str) -> str:
    """Any spelling -> the gettext name: 'zh-tw' -> 'zh_TW', 'zh-Hant' -> 'zh_Hant', 'SR@Latin' -> 'sr@latin'.

    Unknown codes raise L10nError with a suggestion ('kr' -> did you mean ko?), and so do codes that name no
    language (C, POSIX, root, und) and modifiers the page's lang could not carry (sr@latn, de@euro).
    """
    raw = code.strip()
    base, _, modifier = raw.partition("@")
    parts = [p for p in re.split(r"[-_]", base) if p]
    if not parts or not all(_SUBTAG.fullmatch(p) for p in parts) or (modifier and not modifier.isalnum()):
        raise L10nError(f"unknown locale {code!r}{_suggestion(base)}")
    language = parts[0].lower()
    if language in NOT_LANGUAGES:
        raise L10nError(f"{code!r} is {NOT_LANGUAGES[language]}, not a language pages are written in; "
                        "name a language such as ko, ja, zh_TW")
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    territory = next((p.upper() for p in parts[1:] if (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit())),
                     None)
    if len(parts) > 1 + (script is not None) + (territory is not None):
        raise L10nError(f"unknown locale {code!r}; use a gettext code such as ko, ja, zh_CN, zh_TW, sr@latin")
    name = "_".join(p for p in (language, script, territory) if p)
    if territory in _REGION_MISTAKES:
        raise L10nError(f"unknown locale {code!r}{_suggestion(base)} ({territory} is no ISO 3166 region)")
    if not _has_locale_data(name):
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            raise L10nError(f"unknown locale {code!r}{_suggestion(base)}") from None
    modifier = modifier.lower()
    if modifier:
        _check_modifier(code, name, script, modifier)
    return f"{name}@{modifier}" if modifier else name


def _check_modifier(code: str, name: str, script: str | None, modifier: str) -> None:
    """A modifier is one that becomes a BCP 47 script or variant (`KNOWN_MODIFIERS`), and agrees with the script."""
    known = ", ".join(f"@{m}" for m in sorted(KNOWN_MODIFIERS))
    if modifier in _MODIFIER_MISTAKES:
        raise L10nError(f"locale {code!r}: @{modifier} {_MODIFIER_MISTAKES[modifier]}, not a language or script a "
                        f"page's lang can carry; use {name}")
    if modifier not in KNOWN_MODIFIERS:
        import difflib

        close = difflib.get_close_matches(modifier, sorted(KNOWN_MODIFIERS), n=1, cutoff=0.6)
        hint = f"; did you mean {name}@{close[0]}?" if close else ""
        raise L10nError(f"unknown locale modifier @{modifier} in {code!r}{hint} (known: {known})")
    if script and modifier in SCRIPT_MODIFIERS and SCRIPT_MODIFIERS[modifier] != script:
        raise L10nError(f"locale {code!r} names two scripts, {script} and @{modifier}; keep one")


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
    """BCP 47 tag of a gettext name: zh_TW -> zh-TW, zh_Hant -> zh-Hant, sr@latin -> sr-Latn, iw -> he.

    A deprecated language subtag becomes its preferred value (RFC 5646 §4.5), as `lang` and hreflang should carry."""
    base, _, modifier = locale.partition("@")
    parts = base.split("_")
    parts[0] = PREFERRED_LANGUAGE.get(parts[0], parts[0])
    if modifier in SCRIPT_MODIFIERS and not any(len(p) == 4 for p in parts[1:]):
        parts.insert(1, SCRIPT_MODIFIERS[modifier])
    elif modifier in VARIANT_MODIFIERS:
        parts.append(VARIANT_MODIFIERS[modifier])
    return "-".join(parts)


def _region(parts: list[str]) -> str | None:
    """The region subtag among a code's parts after the language: two capitals (TW) or three digits (419)."""
    return next((p for p in parts[1:] if (len(p) == 2 and p.isupper()) or (len(p) == 3 and p.isdigit())), None)


class LangTag(NamedTuple):
    """A BCP 47 language tag (RFC 5646) in canonical case, extensions and private use left out."""

    language: str
    script: str | None = None
    region: str | None = None
    variants: tuple[str, ...] = ()


_LANGTAG = re.compile(
    r"(?P<language>[A-Za-z]{2,3})(?:[-_](?P<extlang>[A-Za-z]{3}))?(?:[-_](?P<script>[A-Za-z]{4}))?"
    r"(?:[-_](?P<region>[A-Za-z]{2}|\d{3}))?(?P<variants>(?:[-_](?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*)"
    r"(?:[-_][0-9A-WYZa-wyz](?:[-_][A-Za-z0-9]{2,8})+)*(?:[-_][Xx](?:[-_][A-Za-z0-9]{1,8})+)?")


@lru_cache(maxsize=4096)
def parse_tag(tag: str) -> LangTag | None:
    """A BCP 47 tag's parts (2- and 3-letter languages, script, region, numeric 419 too, variants); an extended
    language is the language (zh-yue is yue), and a deprecated code the one CLDR replaces it with (cmn is zh, iw he,
    tl fil, sh sr-Latn).  None: no language tag (x-default, a word)."""
    m = _LANGTAG.fullmatch(tag.strip())
    if m is None:
        return None
    language = (m["extlang"] or m["language"]).lower()
    script = m["script"].title() if m["script"] else None
    region = m["region"].upper() if m["region"] else None
    from babel.core import get_global

    alias = get_global("language_aliases").get(language)
    if alias:
        parts = alias.split("_")
        language = parts[0]
        script = script or next((p for p in parts[1:] if len(p) == 4), None)
        region = region or next((p for p in parts[1:] if len(p) != 4), None)
    return LangTag(language, script, region, tuple(v.lower() for v in re.split(r"[-_]", m["variants"]) if v))


def locale_tag(locale: str) -> LangTag:
    """The parts of a gettext name's BCP 47 tag (`bcp47`; a BCP 47 tag's own): sr@latin and sr_Latn are both
    sr + Latn."""
    return parse_tag(bcp47(locale)) or LangTag(language_of(locale))


@cache
def likely_subtags(*keys: str) -> str:
    """CLDR's likely subtags (via Babel) of the first key that has them, "" when none has: ("sr",) -> sr_Cyrl_RS,
    ("und_KR",) -> ko_Kore_KR, ("zh_Hant", "zh") -> zh_Hant_TW."""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    return next((hit for key in keys if key and (hit := likely.get(key))), "")


@lru_cache(maxsize=4096)
def maximal(tag: LangTag) -> LangTag:
    """The tag with the script and region it implies (CLDR likely subtags): zh-Hant and zh-TW are zh-Hant-TW, ko and
    ko-KR ko-Kore-KR, sr sr-Cyrl-RS but sr-Latn sr-Latn-RS."""
    language, script, region = tag.language, tag.script, tag.region
    keys = [f"{language}_{script}_{region}" if script and region else "", f"{language}_{region}" if region else "",
            f"{language}_{script}" if script else "", language]
    if hit := likely_subtags(*keys):
        parts = hit.split("_")[1:]
        return tag._replace(script=script or next((p for p in parts if len(p) == 4), None),
                            region=region or next((p for p in parts if len(p) != 4), None))
    return tag


@cache
def usual_script(language: str) -> str | None:
    """The script a language is written in when its code names none (CLDR likely subtags: sr -> Cyrl)."""
    return next((p for p in likely_subtags(language).split("_")[1:] if len(p) == 4), None)


@cache
def written_script(locale: str) -> str | None:
    """The ISO 15924 script a locale's text is written in, said or implied (CLDR likely subtags): zh_TW and yue Hant,
    zh_CN and zh_SG Hans, ja Jpan (Han and kana), ko Kore (Hangul and Han), sr@latin Latn."""
    return maximal(locale_tag(locale)).script


@cache
def script_name(script: str) -> str | None:
    """An ISO 15924 script's English name (CLDR): Arab Arabic, Cyrl Cyrillic, Deva Devanagari."""
    from babel import Locale

    return Locale("en").scripts.get(script)


def other_script(tag: LangTag) -> bool:
    """Written in a script other than the language's usual one (sr Latn; not sr Cyrl, not en Latn)."""
    return tag.script is not None and tag.script != usual_script(tag.language)


@cache
def likely_region(locale: str) -> str | None:
    """The region a gettext name says (zh_TW -> TW, es_419 -> 419), else CLDR's likely one (ko -> KR, zh_Hant -> TW)."""
    parts = locale.partition("@")[0].split("_")
    region = _region(parts)
    if region is None:
        region = _region(likely_subtags("_".join(parts), parts[0]).split("_"))
    return region


_SCRIPT_NAMES = {script: modifier for modifier, script in reversed(SCRIPT_MODIFIERS.items())}  # Latn -> latin


@cache
def gettext_name(tag: LangTag) -> str:
    """The gettext locale of a language tag, keeping the script and region it declares: pt-BR is pt_BR, ko-KR ko_KR,
    zh-Hant zh_Hant, sr-Latn sr@latin (gettext's script modifier), ca-ES-valencia ca_ES@valencia; a script the rest
    implies is left out (zh-Hant-TW is zh_TW, sr-Cyrl sr), and Chinese without either is zh_CN.  What Babel has no
    data for is dropped, region first (en-XA is en)."""
    script, region = tag.script, tag.region
    if script is not None and script == maximal(LangTag(tag.language, region=region)).script:
        script = None
    if tag.language == "zh" and script is None and region is None:
        region = "CN"
    modifier = _SCRIPT_NAMES.get(script or "") or next(
        (m for m, variant in VARIANT_MODIFIERS.items() if variant in tag.variants), None)
    written = None if modifier in SCRIPT_MODIFIERS else script
    for parts in ((tag.language, written, region), (tag.language, written)):
        name = "_".join(filter(None, parts))
        code = f"{name}@{modifier}" if modifier else name
        with contextlib.suppress(L10nError):
            return normalize_locale(code)
    return tag.language


@lru_cache(maxsize=4096)
def matching_locale(tag: str, versions: tuple[tuple[str, str], ...], lookup: bool = True) -> str | None:
    """The site locale a link's language tag names, of `versions` ((locale, its tag): `Config.lang_tag`'s), by RFC
    4647 lookup with the site's locales as the candidates: the one whose tag it is, else the one naming the same
    language version (the same tag with the script and region each implies: zh-Hant is a zh_TW site's, ko-KR a ko
    site's, pt-BR a pt site's), else with `lookup` the one the tag names with its last subtags taken off, in the same
    script (de-CH leads to de, es-419 to es; sr-Latn not to Cyrillic sr).  None: the site has no such version."""
    wanted = parse_tag(tag)
    if wanted is None:
        return None
    candidates = [(locale, parsed) for locale, own in versions if (parsed := parse_tag(own)) is not None]
    for locale, parsed in candidates:
        if parsed == wanted:
            return locale
    full = maximal(wanted)
    for locale, parsed in candidates:
        if maximal(parsed) == full:
            return locale
    if lookup:
        for shorter in _truncations(wanted):
            for locale, parsed in candidates:
                if parsed == shorter and maximal(parsed).script == full.script:
                    return locale
    return None


def _truncations(tag: LangTag) -> list[LangTag]:
    """RFC 4647 lookup's fallbacks, longest first: the variants, the region, the script taken off in turn."""
    out = [tag._replace(variants=tag.variants[:n]) for n in range(len(tag.variants) - 1, -1, -1)]
    if tag.region is not None:
        out.append(LangTag(tag.language, tag.script))
    if tag.script is not None:
        out.append(LangTag(tag.language))
    return out


@cache
def og_locale(locale: str) -> str:
    """Open Graph ``og:locale`` (language_TERRITORY) of a gettext name: ko -> ko_KR, ja -> ja_JP, zh_TW -> zh_TW.

    The territory, when the code has none, is CLDR's likely one (via Babel's likely subtags).  Open Graph has no
    numeric regions: es_419 is es_LA, Facebook's Latin-American Spanish (ar_001 its ar_AR); another is the
    language's likely country.
    """
    language = PREFERRED_LANGUAGE.get(language_of(locale), language_of(locale))
    region = likely_region(locale)
    if region is not None and region.isdigit():
        region = _OG_REGIONS.get((language, region)) or likely_region(language)
    return f"{language}_{region}" if region else language


def generalises(general: str, specific: str) -> bool:
    """Whether `general` is `specific` said with less, CLDR's likely subtags filling in the rest: en is en_US, pt is
    pt_BR, zh_Hant is zh_TW (not pt for pt_PT; nor en_US for en: a variety of a general source is a target of its
    own).  Babel only for two names of one language."""
    if language_of(general) != language_of(specific):
        return False
    said, more = babel_locale(general), babel_locale(specific)
    return (said.script, said.territory).count(None) > (more.script, more.territory).count(None) and \
        maximal(locale_tag(general))[:3] == maximal(locale_tag(specific))[:3]


def native_name(locale: str) -> str:
    """The language's name in itself, for Language-Team: 한국어, 繁體中文, srpski (latinica), português (Portugal)."""
    loc = babel_locale(locale)
    scripted = f"{loc.language}_{loc.script}" if loc.script else loc.language
    name = loc.languages.get(scripted) or loc.languages.get(loc.language) or locale
    likely = likely_subtags(scripted, loc.language)
    if loc.territory and not likely.endswith("_" + loc.territory):
        name += f" ({loc.territories.get(loc.territory, loc.territory)})"
    return name


@cache
def language_names(locale: str) -> tuple[str, str]:
    """The language's name in English and in itself (CLDR, the language alone: "French", "français" for fr_CA);
    "" for a name CLDR lacks."""
    from babel import Locale, UnknownLocaleError

    language = language_of(locale)
    try:
        own = babel_locale(locale).languages.get(language, "")
    except (UnknownLocaleError, ValueError):
        own = ""
    return Locale("en").languages.get(language, ""), own


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


# The characters of Chinese and Japanese text (Han, kana, half-width katakana), a regular expression class's body:
# what tells such text, which puts no space between its words (Hangul is Korean's, which does)
HAN_OR_KANA = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"


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
    """'; did you mean …?' for a code that is no locale: a language typed as a country, a known language with a
    region CLDR does not pair with it (fr_XX -> fr, en_UK -> en_GB), a language's English name, a near spelling."""
    import difflib

    from babel import Locale
    from babel.localedata import locale_identifiers

    if raw.lower() in COUNTRY_MISTAKES:
        return f"; did you mean {COUNTRY_MISTAKES[raw.lower()]}? ({raw} is a country code)"
    parts = [p for p in re.split(r"[-_]", raw) if p]
    if len(parts) > 1:
        fixed = [_REGION_MISTAKES.get(p.upper(), p) for p in parts]
        for candidate in ([fixed] if fixed != parts else []) + [parts[:-1], parts[:1]]:
            try:
                return f"; did you mean {normalize_locale('_'.join(candidate))}?"
            except L10nError:
                continue
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
