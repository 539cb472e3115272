"""Locale codes: what a code may say, and the tags derived from it (`lang`, hreflang, og:locale)."""

from __future__ import annotations

import re

import pytest

from toolkit.cli import main
from toolkit.errors import L10nError
from toolkit.locales import (
    LangTag,
    bcp47,
    gettext_name,
    locale_tag,
    normalize_locale,
    og_locale,
    other_script,
    parse_tag,
)


@pytest.mark.parametrize("code, said", [
    ("sr@latn", "did you mean sr@latin?"),  # a typo was built as lang="sr": Cyrillic
    ("ar@sorani", "unknown locale modifier @sorani"),
    ("de@euro", "use de"),  # a currency, dropped from lang: a second "de"
    ("en@quot", "use en"),
    ("sr_Cyrl@latin", "two scripts"),
])
def test_a_modifier_the_page_lang_cannot_carry_is_refused(code, said):
    with pytest.raises(L10nError, match=said) as info:
        normalize_locale(code)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("code", ["sr@latin", "sr@cyrillic", "uz@cyrillic", "ca@valencia", "ca_ES@valencia",
                                  "tt@iqtelif", "en@shaw", "sr@ijekavian", "be@tarask"])
def test_the_known_modifiers_are_kept(code):
    assert normalize_locale(code) == code


@pytest.mark.parametrize("code, tag", [("sr@ijekavian", "sr-ijekavsk"), ("be@tarask", "be-tarask"),
                                       ("ca@valencia", "ca-valencia")])
def test_a_variant_modifier_is_its_registered_variant_subtag(code, tag):
    """glibc's and KDE's sr@ijekavian and be@tarask could not be configured at all (and their folders beside a site's
    stopped every command): they are the registered variants ijekavsk and tarask, and read back as themselves."""
    assert bcp47(code) == tag
    assert gettext_name(parse_tag(tag)) == code


@pytest.mark.parametrize("code", ["C", "POSIX", "root", "und", "und_US"])
def test_codes_that_name_no_language_are_refused(code):
    """C and POSIX became catalogues c/ and posix/ with lang="c"; root and und were accepted as targets."""
    with pytest.raises(L10nError, match="not a language pages are written in"):
        normalize_locale(code)


@pytest.mark.parametrize("code, tag, og", [
    ("iw", "he", "he_IL"), ("in", "id", "id_ID"), ("mo", "ro", "ro_RO"), ("ji", "yi", "yi_UA"), ("jw", "jv", "jv_ID"),
])
def test_a_deprecated_language_code_keeps_its_folder_and_is_tagged_with_the_preferred_one(code, tag, og):
    """RFC 5646 §4.5: lang and hreflang carry the preferred value; the catalogue keeps the name it was given."""
    assert normalize_locale(code) == code
    assert bcp47(code) == tag and og_locale(code) == og


@pytest.mark.parametrize("locale, og", [
    ("es_419", "es_LA"),  # was es_ES: Spain for Latin-American Spanish
    ("ar_001", "ar_AR"), ("en_150", "en_US"),  # no numeric region in Open Graph
    ("ko", "ko_KR"), ("zh_Hant", "zh_TW"), ("zh_TW", "zh_TW"), ("sr@latin", "sr_RS"), ("pt", "pt_BR"),
])
def test_og_locale_is_a_language_and_a_country(locale, og):
    assert og_locale(locale) == og


@pytest.mark.parametrize("code, hint", [
    ("fr_XX", "did you mean fr?"),  # was: fr_YT or fr_WF or fr_VU
    ("ja_JA", "did you mean ja?"),
    ("zh_Hant_XX", "did you mean zh_Hant?"),
    ("en_UK", "did you mean en_GB?"),  # Babel reads en_UK as en_GB, but en-UK is no tag
    ("kr", "did you mean ko?"),
])
def test_an_unknown_code_suggests_the_locale_meant(code, hint):
    with pytest.raises(L10nError, match=hint.replace("?", r"\?")):
        normalize_locale(code)


def test_og_locale_alternates_are_listed_once_each(tmp_path):
    """zh_TW and zh_Hant_TW are both zh_TW in Open Graph, pt and pt_BR both pt_BR: each was listed twice."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["es_419", "zh_TW", "zh_Hant_TW", "pt", "pt_BR"]\n', encoding="utf-8")
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(
        '<html><head><meta property="og:locale" content="en_US"><title>Rockets</title></head>'
        "<body><p>Soyuz lifts off.</p></body></html>", encoding="utf-8")
    for command in ("extract", "init", "build"):
        assert main(["--root", str(tmp_path), command, "-q"]) == 0
    page = (tmp_path / "build" / "es_419" / "index.html").read_text("utf-8")
    assert re.findall(r'property="og:locale" content="([^"]+)"', page) == ["es_LA"]
    assert re.findall(r'og:locale:alternate" content="([^"]+)"', page) == ["en_US", "zh_TW", "pt_BR"]


@pytest.mark.parametrize("locale, tag, name", [
    ("sr@latin", "sr-Latn", "sr@latin"), ("sr_Latn", "sr-Latn", "sr@latin"), ("zh_TW", "zh-TW", "zh_TW"),
    ("zh_Hant", "zh-Hant", "zh_Hant"), ("es_419", "es-419", "es_419"),
    ("ca_ES@valencia", "ca-ES-valencia", "ca_ES@valencia"), ("iw", "he", "he"),
])
def test_a_gettext_name_and_its_tag_parse_to_one_record(locale, tag, name):
    """Discovery (a link's hreflang) and the engines' codes (a catalogue's locale) read one record, so sr@latin and a
    page's sr-Latn are the same Latin-script Serbian to both; the record's gettext name is the one a link gives."""
    assert locale_tag(locale) == parse_tag(tag) == parse_tag(bcp47(locale))
    assert gettext_name(locale_tag(locale)) == name


def test_a_script_other_than_the_languages_usual_one():
    assert other_script(LangTag("sr", "Latn")) and not other_script(LangTag("sr", "Cyrl"))
    assert not other_script(LangTag("en", "Latn")) and not other_script(LangTag("sr"))


@pytest.mark.parametrize(("general", "specific", "same"), [
    ("en", "en_US", True), ("pt", "pt_BR", True), ("zh_Hant", "zh_TW", True), ("pt", "pt_PT", False),
    ("en_US", "en", False), ("tt@iqtelif", "tt_RU", False),  # Latin Tatar is not Russia's (Cyrillic) Tatar
])
def test_a_locale_said_with_less_is_the_same_version(general, specific, same):
    from toolkit.locales import generalises

    assert generalises(general, specific) is same
