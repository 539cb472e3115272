"""Locale codes: validate against CLDR (Babel) and turn any spelling into the gettext form."""

from __future__ import annotations

import difflib
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers

from toolkit.errors import L10nError


@cache
def normalize_locale(code: str) -> str:
    """'zh-tw', 'zh_TW', 'zh-Hant-TW' -> 'zh_TW'; 'ko' -> 'ko'; unknown codes raise with a suggestion."""
    raw = code.strip().replace("-", "_")
    try:
        loc = Locale.parse(raw)
    except (UnknownLocaleError, ValueError):
        raise L10nError(f"unknown locale {code!r}{_suggestion(raw)}") from None
    parts = raw.split("_")
    has_territory = len(parts) > 1 and any((p.isalpha() and len(p) == 2) or p.isdigit() for p in parts[1:])
    if loc.territory and has_territory:
        return f"{loc.language}_{loc.territory}"
    return loc.language


# Country codes people type for languages: kr for Korean, jp for Japanese, cn for Chinese.
COUNTRY_MISTAKES = {"kr": "ko", "jp": "ja", "cn": "zh_CN",
                    "gr": "el", "dk": "da", "se": "sv", "cz": "cs", "ua": "uk", "vn": "vi"}


def _suggestion(raw: str) -> str:
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


def babel_locale(code: str) -> Locale:
    return Locale.parse(normalize_locale(code))
