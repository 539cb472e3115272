"""ITS 2.0 behaviours found by running the W3C ITS 2.0 test suite's HTML inputs against our model
(docs/ITS.md, "Conformance"). The pages here are our own small ones, one per behaviour."""

from __future__ import annotations

import pytest

from toolkit.errors import L10nError
from toolkit.html import parse_document
from toolkit.html.its import _html_name_tests

H = 'xmlns:its="http://www.w3.org/2005/11/its" xmlns:h="http://www.w3.org/1999/xhtml" version="2.0"'


def page(body: str, rules: str = "", script: str | None = None) -> str:
    if script is None:
        script = f'<script type="application/its+xml"><its:rules {H}>{rules}</its:rules></script>' if rules else ""
    return f"<!DOCTYPE html>\n<html><head><title>T</title>{script}</head><body>\n{body}\n</body></html>\n"


def units(html: str, **kw):
    return [u for u in parse_document(html, **kw).units if u.msgid != "T"]


# --- selectors see an HTML DOM: unprefixed element names are HTML elements ----------------------


def test_unprefixed_element_names_in_selectors_match_html_elements():
    html = page('<div id="ca"><p>Only in Canada</p></div><p>Everywhere</p>',
                "<its:param name=\"where\">ca</its:param>"
                '<its:localeFilterRule selector="//div[@id=$where]" localeFilterList="en-CA, fr-CA"/>')
    by = {u.msgid: u for u in units(html)}
    assert by["Only in Canada"].locales == ("en-CA", "fr-CA")
    assert by["Everywhere"].locales is None


def test_unprefixed_names_in_pointers_and_mixed_with_prefixed_ones():
    html = page('<section><p>Shown when the file is missing.</p><span>Cannot find it.</span></section>'
                '<p class="x"><img src="a.png" alt="A horse"></p>',
                '<its:translateRule selector="//section/p" translate="no"/>'
                '<its:locNoteRule selector="//section/h:span" locNotePointer="../p"/>'
                '<its:locNoteRule selector="//h:p/img/@alt" locNoteType="alert"><its:locNote>Breed name</its:locNote>'
                "</its:locNoteRule>")
    by = {u.msgid: u for u in units(html)}
    assert "Shown when the file is missing." not in by
    assert by["Cannot find it."].notes == ["Shown when the file is missing."]
    assert by["A horse"].notes[0] == "Alert: Breed name"


def test_storage_size_rule_with_an_unprefixed_selector():
    html = page('<p id="a">Papua New Guinea</p><p id="b">Dominican Republic</p>',
                '<its:storageSizeRule selector="//p[@id=\'a\']" storageSize="25" storageEncoding="ISO-8859-1"/>')
    by = {u.msgid: u for u in units(html)}
    assert by["Papua New Guinea"].storage is not None and by["Papua New Guinea"].storage.size == 25
    assert by["Dominican Republic"].storage is None


@pytest.mark.parametrize(("expr", "expected"), [
    ("//p", "//x:p"),
    ("//h:p/img/@alt", "//h:p/x:img/@alt"),  # attributes have no default namespace
    ("child::p/attribute::title", "child::x:p/attribute::title"),
    ("//p[contains(., 'p and div')]", "//x:p[contains(., 'p and div')]"),  # functions and literals untouched
    ("//div[2 * 3 div 1] | //*[@id=$div]", "//x:div[2 * 3 div 1] | //*[@id=$div]"),  # operators, variables
    ("count(//p) > 1 and //div mod 2", "count(//x:p) > 1 and //x:div mod 2"),
    ("ancestor-or-self::*[@lang][1]/@lang", "ancestor-or-self::*[@lang][1]/@lang"),
    ("//text() | self::node() | //svg:svg", "//text() | self::node() | //svg:svg"),
])
def test_html_name_tests_follow_the_xpath_lexical_rules(expr, expected):
    assert _html_name_tests(expr, "x") == expected


# --- inline rules wrapped in another element ---------------------------------------------------


def test_inline_rules_wrapped_in_another_element_are_used():
    script = (f'<script type="application/its+xml"><head><its:rules {H}>'
              '<its:locNoteRule selector="//h:p" locNoteType="alert"><its:locNote>Keep {0}</its:locNote>'
              "</its:locNoteRule></its:rules></head></script>")
    assert units(page("<p>The {0} is off.</p>", script=script))[0].notes == ["Alert: Keep {0}"]
    # a document holding no its:rules at all is still an error
    with pytest.raises(L10nError, match="not ITS rules"):
        parse_document(page("<p>x</p>", script='<script type="application/its+xml"><head/></script>'))


# --- ID Value: an idValueRule overrides the HTML id ------------------------------------------


def test_id_value_rule_overrides_the_html_id():
    html = page('<section id="settings"><p id="text">Missing file.</p><p id="other">Kept id.</p></section>',
                "<its:idValueRule selector=\"//h:p[@id='text']\" idValue=\"concat(../@id, '_t')\"/>")
    assert [u.context for u in units(html, id_as_context=True)] == ["settings_t", "other"]


# --- local ITS markup on inline elements ---------------------------------------------------


def test_inline_locale_filter_inside_a_sentence_is_a_unit_of_its_own():
    from toolkit.build import SiteLayout, build_page

    html = page('<p>Call us at <span its-locale-filter-list="*-CA">our Toronto office</span> today.</p>')
    by = {u.msgid: u for u in units(html)}
    assert sorted(by) == ["Call us at", "our Toronto office", "today."]
    assert by["our Toronto office"].locales == ("*-CA",) and by["Call us at"].locales is None
    layout = SiteLayout("en", ["fr", "fr_CA"], {"en": "en", "fr": "fr", "fr_CA": "fr-CA"})
    tr = {(None, "Call us at"): "Appelez", (None, "our Toronto office"): "notre bureau de Toronto",
          (None, "today."): "aujourd'hui."}
    doc = parse_document(html)
    fr = build_page(doc, "p.html", "fr", tr, layout).html
    fr_ca = build_page(doc, "p.html", "fr_CA", tr, layout).html
    assert "Appelez" in fr and "our Toronto office" in fr and "notre bureau" not in fr
    assert "Appelez <span its-locale-filter-list=\"*-CA\">notre bureau de Toronto</span> aujourd" in fr_ca


def test_inline_element_wrapping_the_unit_gives_it_its_locale_filter_and_allowed_characters():
    html = page('<p><a href="/ca" its-locale-filter-list="fr-CA" its-loc-note="Quebec only">Nos bureaux</a></p>'
                '<li><code its-allowed-characters="[a-z_]">user_name</code></li>')
    by = {u.msgid: u for u in units(html)}
    assert by["Nos bureaux"].locales == ("fr-CA",) and by["Nos bureaux"].notes == ["Quebec only"]
    assert by["user_name"].allowed == "[a-z_]"


def test_limits_on_an_inline_element_inside_a_sentence_are_noted_with_its_placeholder():
    html = page('<p>Log in as <code its-allowed-characters="[a-zA-Z_]">Huck_Finn</code>, '
                'max <b its-storage-size="6">Finn!</b>.</p>')
    u = units(html)[0]
    assert u.msgid == "Log in as <code>Huck_Finn</code>, max <b>Finn!</b>."
    assert u.allowed is None and u.storage is None  # the sentence itself is not limited
    assert u.notes == ["<code>: its:allowed-characters=[a-zA-Z_]", "<b>: its:storage-size=6"]


def _findings(tmp_path, msgid: str, msgstr: str, comment: str) -> set[tuple[str, str]]:
    import polib

    from toolkit.catalog import read_catalog
    from toolkit.checks import check_catalog

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr",
                   "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, comment=comment))
    po.save(str(tmp_path / "x.po"))
    return {(f.check, f.message) for f in check_catalog(read_catalog(tmp_path / "x.po"), "fr")}


def test_checks_measure_a_placeholder_limit_on_that_elements_text_only(tmp_path):
    msgid = "Log in as <code>Huck_Finn</code>, max <b>Finn!</b>."
    notes = "<code>: its:allowed-characters=[a-zA-Z_]\n<b>: its:storage-size=6"
    # spaces and accents around the elements are fine; only their own text is limited
    assert _findings(tmp_path, msgid, "Connectez-vous en tant que <code>Huck_Finn</code>, <b>Finn!</b> au plus.",
                     notes) == set()
    found = _findings(tmp_path, msgid, "Connectez-vous : <code>Huck Finn</code>, <b>Finnégan</b>.", notes)
    assert ("allowed-characters", "<code>: characters ' ' are not allowed here "
                                  "(ITS allowed characters [a-zA-Z_])") in found
    assert ("storage-size", "<b>: translation takes 9 bytes in UTF-8; ITS storage size allows 6") in found
