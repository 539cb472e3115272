"""ITS 2.0 in HTML5 (docs/ITS.md): every supported data category, local and global, from the
Recommendation's HTML5 examples; rule files (linked, inline, missing, malformed, hostile); the
Weblate/Translate Toolkit markup; the extra translatable attributes; the two ITS checks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import polib
import pytest
from conftest import translate_project

import toolkit.html.its as its_module
from toolkit.build import SiteLayout, build_page
from toolkit.catalog import read_catalog
from toolkit.checks import check_catalog
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.errors import L10nError
from toolkit.extract import babel_extract, load_page, unit_comments
from toolkit.html import parse_document

REPO_ROOT = Path(__file__).resolve().parent.parent
H = 'xmlns:its="http://www.w3.org/2005/11/its" xmlns:h="http://www.w3.org/1999/xhtml" version="2.0"'
LAYOUT = SiteLayout("en", ["ko", "fr_CA", "en_CA", "fr"], {"en": "en", "ko": "ko", "fr_CA": "fr-CA",
                                                         "en_CA": "en-CA", "fr": "fr"})


def page(body: str, rules: str = "", head: str = "") -> str:
    """An HTML5 page as the ITS examples write them, with inline global rules if given."""
    script = f'<script type="application/its+xml"><its:rules {H}>{rules}</its:rules></script>' if rules else ""
    return (f"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=utf-8>\n<title>ITS test</title>\n{head}{script}\n"
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def units(html: str, **kw):
    return [u for u in parse_document(html, **kw).units if u.msgid != "ITS test"]


def msgids(html: str, **kw) -> list[str]:
    return [u.msgid for u in units(html, **kw)]


def one(html: str, msgid: str, **kw):
    return next(u for u in units(html, **kw) if u.msgid == msgid)


# --- Translate -----------------------------------------------------------------------------


@pytest.mark.parametrize("selector, html, expected", [
    # no <html> tag (the W3C suite's translate4html as some copies have it): the page still has its html element
    ("/h:html", "<!DOCTYPE html><title>EXAMPLE</title>{rules}<p>Text</p>", []),
    # no <body> tag: its paragraphs are still /h:html/h:body's
    ("/h:html/h:body", "<html><head><title>T</title>{rules}</head><p>Body text</p><p translate=yes>Yes</p></html>",
     ["T", "Yes"]),
    ("/h:html/h:head/h:title", "<title>T</title>{rules}<p>Body</p>", ["Body"]),
    ("//h:body", "<html><head>{rules}</head><body><p>x</p></body></html>", []),  # as before: a written <body>
    # a <head> left open ends where body content starts (no </head> and no <body>: valid HTML)
    ("//h:body", "<html><head><title>T</title>{rules}<p>Para</p><div>Div</div></html>", ["T"]),
    ("/h:html/h:body/h:p", "<html><head><title>T</title>{rules}<p>Para</p>Text</html>", ["T", "Text"]),
])
def test_rules_see_the_html_head_and_body_a_page_leaves_out(selector, html, expected):
    """A browser adds the optional <html>, <head> and <body> to every page, and ITS selectors are meant to see
    that tree: a selector naming them matched nothing when their tags were left out, and text that must not be
    translated was extracted (or, with translate="yes" rules, text that must be was left out)."""
    rules = f'<script type="application/its+xml"><its:rules {H}><its:translateRule selector="{selector}" ' \
            'translate="no"/></its:rules></script>'
    assert [u.msgid for u in parse_document(html.format(rules=rules)).units] == expected


@pytest.mark.parametrize("rule", ['<its:withinTextRule selector="//h:body" withinText="yes"/>',
                                  '<its:storageSizeRule selector="//h:body" storageSize="5"/>',
                                  '<its:termRule selector="//h:body" term="yes"/>'])
def test_what_the_missing_body_does_not_pass_on_stays_its_own(rule):
    """Elements Within Text, Storage Size and Terminology are an element's own, not its content's: given to a body
    the page leaves out, they were pushed onto its paragraphs (a <p> made inline markup of one message)."""
    script = f'<script type="application/its+xml"><its:rules {H}>{rule}</its:rules></script>'
    written = parse_document(f"<html><head><title>T</title>{script}</head><body><p>Para one here</p>"
                             "<p>Two</p></body></html>")
    left_out = parse_document(f"<html><head><title>T</title>{script}</head><p>Para one here</p><p>Two</p></html>")
    assert [(u.msgid, unit_comments(u)) for u in left_out.units] == \
        [(u.msgid, unit_comments(u)) for u in written.units] == [("T", []), ("Para one here", []), ("Two", [])]


def test_a_rule_for_the_missing_body_and_one_for_its_paragraphs():
    nobody = ('<!DOCTYPE html>\n<title>Shop</title>\n<script type="application/its+xml"><its:rules ' + H + '>'
              '<its:translateRule selector="//h:*" translate="no"/>'
              '<its:translateRule selector="/h:html/h:body//h:p" translate="yes"/></its:rules></script>\n'
              '<p>Welcome to our shop.</p><div>Not this</div>\n')
    assert [u.msgid for u in parse_document(nobody).units] == ["Welcome to our shop."]


def test_translate_local_html5_attribute():
    # ITS 2.0 Example (Translate, HTML5 local): translate="no" on an inline element
    html = page('<p>Click the <span translate="no">Resources</span> tab.</p>')
    u = one(html, "Click the <span/> tab.")
    assert '<span/> is "Resources", not to be translated' in u.notes


def test_translate_global_rule_in_html5():
    # ITS 2.0 Example (Translate, HTML5 global): <its:translateRule selector="//h:code" translate="no"/>
    html = page("<p>This is a <code>motherboard</code>.</p><pre><code>make all</code></pre><p>Text</p>",
                '<its:translateRule selector="//h:code" translate="no"/>')
    assert msgids(html) == ["This is a <code/>.", "Text"]


def test_translate_global_rule_inherits_and_local_markup_wins():
    html = page('<div class="legal"><p>Legal text</p><p translate="yes">Yes, this one</p></div><p>Other</p>',
                """<its:translateRule selector="//h:div[@class='legal']" translate="no"/>""")
    assert msgids(html) == ["Yes, this one", "Other"]
    # a rule selecting the element itself beats what its ancestor's local markup passes down
    html = page('<div translate="no"><p class="x">Selected</p><p>Not</p></div>',
                """<its:translateRule selector="//h:p[@class='x']" translate="yes"/>""")
    assert msgids(html) == ["Selected"]


def test_later_rules_override_earlier_and_inline_rules_come_after_linked(tmp_path):
    (tmp_path / "rules.xml").write_text(
        f'<its:rules {H}><its:translateRule selector="//h:p" translate="no"/></its:rules>', "utf-8")
    html = page("<p>Para</p>", '<its:translateRule selector="//h:p" translate="yes"/>',
                head='<link rel="its-rules" href="rules.xml">')
    (tmp_path / "a.html").write_text(html, "utf-8")
    assert [u.msgid for u in load_page(tmp_path / "a.html").units] == ["ITS test", "Para"]
    # the same rules in one document: the later one wins
    html = page("<p>Para</p>", '<its:translateRule selector="//h:p" translate="yes"/>'
                               '<its:translateRule selector="//h:p" translate="no"/>')
    assert msgids(html) == []


def test_attribute_selection_makes_an_attribute_translatable_or_not():
    html = page('<img src="a.png" alt="A rocket" data-caption="Launch at dawn"><p title="Tip">Body</p>',
                '<its:translateRule selector="//h:img/@data-caption" translate="yes"/>'
                '<its:translateRule selector="//h:p/@title" translate="no"/>')
    assert msgids(html) == ["A rocket", "Launch at dawn", "Body"]
    assert one(html, "Launch at dawn").notes == ["<img data-caption>"]


def test_rules_use_the_xhtml_namespace_and_params():
    # HTML elements are in the XHTML namespace; as in an HTML DOM, an unprefixed //p selects them too
    html = page("<p>Gone</p><p>Also</p>", '<its:translateRule selector="//p" translate="no"/>')
    assert msgids(html) == []
    html = page('<p class="a">A</p><p class="b">B</p>',
                '<its:param name="cls">b</its:param><its:translateRule selector="//h:p[@class=$cls]" translate="no"/>')
    assert msgids(html) == ["A"]


def test_other_query_languages_are_skipped_with_a_warning():
    html = page("<p>Kept</p>").replace(
        "</head>", f'<script type="application/its+xml"><its:rules {H} queryLanguage="css">'
                   '<its:translateRule selector="p" translate="no"/></its:rules></script></head>')
    doc = parse_document(html)
    assert "Kept" in [u.msgid for u in doc.units]
    assert any("queryLanguage='css'" in w for w in doc.warnings)


# --- Localization Note ---------------------------------------------------------------------


def test_loc_note_local_html5():
    # ITS 2.0 Example (Localization Note, HTML5 local)
    html = page('<p its-loc-note="Check with terminology engineer" its-loc-note-type="alert">Text</p>'
                '<p its-loc-note="Product name">Soyuz</p>')
    assert one(html, "Text").notes == ["Alert: Check with terminology engineer"]
    assert one(html, "Soyuz").notes == ["Product name"]


def test_loc_note_global_rule_with_text_and_pointer():
    # ITS 2.0 Example (Localization Note, HTML5 global: locNote child and locNotePointer)
    html = page("""<p id="p1">Click Resume Button on Status Display or Continue Button</p>
<p id="p2" data-note="The name of a button">Continue</p>""",
                """<its:locNoteRule selector="//h:p[@id='p1']" locNoteType="alert">
  <its:locNote>Check with terminology engineer</its:locNote></its:locNoteRule>
<its:locNoteRule selector="//h:p[@id='p2']" locNoteType="description" locNotePointer="@data-note"/>""")
    assert one(html, "Click Resume Button on Status Display or Continue Button").notes == [
        "Alert: Check with terminology engineer"]
    assert one(html, "Continue").notes == ["The name of a button"]


def test_loc_note_on_an_inline_element_names_its_placeholder():
    html = page('<p>Press <b its-loc-note="The key on the keyboard">Enter</b> to go on.</p>')
    u = one(html, "Press <b>Enter</b> to go on.")
    assert u.notes == ["<b>: The key on the keyboard"]
    # an element's note does not reach its attributes (ITS 2.0: "excluding attributes")
    html = page('<p its-loc-note="Sentence note" title="Hint">Body</p>')
    assert one(html, "Hint").notes == ["<p title>"]
    # a wrapper around the whole unit: the note is the unit's
    html = page('<li><a href="/x" its-loc-note="Menu entry">Home</a></li>')
    assert one(html, "Home").notes == ["Menu entry"]


# --- Locale Filter -------------------------------------------------------------------------


def test_locale_filter_local_and_global_with_rfc4647_ranges():
    # ITS 2.0 Example (Locale Filter): *-CA selects every Canadian locale
    html = page('<p its-locale-filter-list="*-CA">Canadian legal notice</p>'
                '<p class="eu">EU only text</p><p>Everyone</p>',
                """<its:localeFilterRule selector="//h:p[@class='eu']" localeFilterList="fr-CA, en-CA"
                    localeFilterType="exclude"/>""")
    ca = one(html, "Canadian legal notice")
    assert ca.for_locale("fr_CA") and ca.for_locale("en_CA") and not ca.for_locale("fr")
    eu = one(html, "EU only text")
    assert eu.for_locale("fr") and not eu.for_locale("fr_CA")
    assert unit_comments(eu) == ["Not for locales: fr-CA, en-CA"]
    tr = {(None, "Canadian legal notice"): "Avis juridique canadien", (None, "EU only text"): "Texte UE",
          (None, "Everyone"): "Tout le monde"}
    doc = parse_document(html)
    fr = build_page(doc, "p.html", "fr", tr, LAYOUT).html
    fr_ca = build_page(doc, "p.html", "fr_CA", tr, LAYOUT).html
    assert "Avis juridique canadien" not in fr and "Texte UE" in fr
    assert "Avis juridique canadien" in fr_ca and "Texte UE" not in fr_ca


@pytest.mark.parametrize("order", ["filtered first", "everyone first"])
def test_a_message_also_used_for_every_locale_is_not_noted_as_for_some(order):
    """One page's `its-locale-filter-list` made the merged entry say "Only for locales: fr-CA" although another page
    shows the same text to every locale: a German translator would skip it and that page ship in English. Filters
    of every occurrence (fr-CA here, en-CA there) are all noted; other notes stay."""
    from toolkit.extract import Template, page_messages

    filtered = page('<p its-locale-filter-list="fr-CA" its-loc-note="Legal">Hello there</p><p>Bye</p>')
    everyone = page("<p>Hello there</p>")
    other = page('<p its-locale-filter-list="en-CA">Bye</p>')
    pages = [("a.html", filtered), ("b.html", everyone), ("c.html", other)]
    if order == "everyone first":
        pages = pages[1:2] + pages[:1] + pages[2:]
    template = Template({})
    for rel, html in pages:
        template.add(rel, page_messages(parse_document(html)))
    notes = {e.msgid: e.comment for e in template.entries()}
    assert (notes["Hello there"], notes["Bye"]) == ("Legal", "")
    template.add("e.html", page_messages(parse_document(page('<p its-locale-filter-list="*">Everywhere</p>'
                                                             '<p its-locale-filter-list="fr-CA">Everywhere</p>'))))
    assert {e.msgid: e.comment for e in template.entries()}["Everywhere"] == ""  # "*" is every locale
    template.add("d.html", page_messages(parse_document(page('<p its-locale-filter-list="fr-CA">Only here</p>'
                                                             '<p its-locale-filter-list="en-CA">Only here</p>'))))
    assert {e.msgid: e.comment for e in template.entries()}["Only here"] == \
        "Only for locales: fr-CA\nOnly for locales: en-CA"


# --- Elements Within Text ------------------------------------------------------------------


def test_within_text_rules_make_elements_inline_or_split():
    html = page('<p>Use <span class="sep">a separate unit</span> here and <label>inline</label> too.</p>',
                """<its:withinTextRule selector="//h:span[@class='sep']" withinText="no"/>
                   <its:withinTextRule selector="//h:label" withinText="yes"/>""")
    assert msgids(html) == ["Use", "a separate unit", "here and <label>inline</label> too."]
    # local markup: its-within-text
    html = page('<p>Footnote<span its-within-text="nested">the note</span> and <q its-within-text="no">q</q>.</p>')
    assert msgids(html) == ["Footnote<span/> and", "the note", "q"]  # "nested": a placeholder and a unit of its own
    assert msgids(page('<p>Text <img src=x alt=Pic its-within-text="no"> more</p>')) == ["Text", "Pic", "more"]


def test_nested_elements_are_one_placeholder_of_the_sentence_and_units_of_their_own():
    """ITS withinText="nested" (a footnote, an index term): the sentence keeps its place as one placeholder, and its
    own text, at any depth, is a unit owned by the element."""
    html = page('<p>Thrust<span its-within-text="nested">Measured in <a href="kn.html">kN</a>.</span> rose.</p>'
                '<p>A <em its-within-text="nested">first <b its-within-text="nested">second</b> level</em> b.</p>'
                '<p><span its-within-text="nested">Alone</span></p>'
                '<p>Code <code its-within-text="nested" translate="no">x = 1</code> stays.</p>',
                '<its:withinTextRule selector="//h:sup" withinText="nested"/>')
    doc = parse_document(html.replace("</body>", '<p>E = mc<sup>2 (see note)</sup> holds.</p></body>'))
    units = {u.msgid: u for u in doc.units if u.msgid != "ITS test"}
    assert list(units) == ["Thrust<span/> rose.", "Measured in <a>kN</a>.", "A <em/> b.", "first <b/> level",
                           "second", "Alone", "Code <code/> stays.", "E = mc<sup/> holds.", "2 (see note)"]
    assert units["Thrust<span/> rose."].notes == ['<span/> is "Measured in kN.", translated on its own']
    assert units["Code <code/> stays."].notes == ['<code/> is "x = 1", not to be translated']
    nested = [m for m, u in units.items() if u.nested]
    assert nested == ["Measured in <a>kN</a>.", "first <b/> level", "second", "2 (see note)"]
    assert units["second"].element == "b" and units["Measured in <a>kN</a>."].element == "span"


@pytest.mark.parametrize(("body", "expected"), [
    ('<ul><li>A<span its-within-text="nested">B<li>C</ul>', ["A<span/>", "B", "C"]),  # ended by the next item
    ('<p>A<span its-within-text="nested">B<div>C</div>D</span>E</p>', ["A<span/>", "B", "C", "DE"]),  # cut by a block
    ('<p>A<span its-within-text="nested">B <b>C</p> D', ["A", "B <b>C</b>", "D"]),  # leaves a <b> for the parser
])
def test_a_nested_element_the_sentence_does_not_close_keeps_its_text(body, expected):
    """Its content ends where the segment does: the last piece of it was lost (and the note's text with it)."""
    doc = parse_document(page(body))
    assert [u.msgid for u in doc.units if u.msgid != "ITS test"] == expected
    html = build_page(doc, "p.html", "ko", {(None, m): "X" + m for m in expected}, LAYOUT).html
    assert "XB" in html and ">B" not in html


def test_nested_elements_a_thousand_deep_are_neither_a_crash_nor_quadratic():
    """Each nested element's units were built inside the one around it, reading its pieces again: a thousand deep was
    a RecursionError (no page extracted).  Past 16 levels they are placeholders of the innermost unit; nothing is
    lost."""
    n = 2000
    body = "<p>" + "".join(f'w{i} <span its-within-text="nested">' for i in range(n)) + "end" + "</span>" * n + "</p>"
    started = time.process_time()
    units = [u.msgid for u in parse_document(page(body)).units if u.msgid != "ITS test"]
    assert time.process_time() - started < 3
    assert len(units) == 17 and units[0] == "w0 <span/>" and units[15] == "w15 <span/>"
    assert units[16].startswith("w16 <span1>w17 <span2>") and "w1999 <span1984>end</span1984></span1983>" in units[16]


def test_a_nested_translation_is_spliced_into_the_placeholder_of_the_sentence_around_it():
    body = ('<p>Thrust<span its-within-text="nested">Measured in <a href="kn.html">kN</a> <img src="n.png" alt="">'
            '</span> rose <em its-within-text="nested">a <b its-within-text="nested">lot</b></em>.</p>')
    doc = parse_document(page(body))
    outer, note, em, deep = "Thrust<span/> rose <em/>.", "Measured in <a>kN</a>", "a <b/>", "lot"
    assert [u.msgid for u in doc.units if u.msgid != "ITS test"] == [outer, note, em, deep]
    everything = {(None, outer): "추력이<span/> 올랐다 <em/>.", (None, note): "<a>kN</a> 단위",
                  (None, em): "많이 <b/>", (None, deep): "크게"}
    nested = ' its-within-text="nested"'

    def body_of(tr: dict, rel: str = "p.html") -> str:
        html = build_page(doc, rel, "ko", tr, LAYOUT).html
        return html[html.index("<p"):html.index("</p>") + 4]

    # translated at every depth; a reference inside the note follows the page to ko/sub/ (the image is shared)
    assert body_of(everything, "sub/p.html") == (
        f'<p>추력이<span lang="ko"{nested}><a href="kn.html">kN</a> 단위 <img src="../../sub/n.png" alt=""></span> '
        f'올랐다 <em lang="ko"{nested}>많이 <b lang="ko"{nested}>크게</b></em>.</p>')
    # the sentence untranslated: it says so on its element, the translated note says its own language
    assert body_of({(None, note): "<a>kN</a> 단위"}) == (
        f'<p lang="en">Thrust<span lang="ko"{nested}><a href="kn.html">kN</a> 단위 <img src="../n.png" alt=""></span> '
        f'rose <em lang="en"{nested}>a <b lang="en"{nested}>lot</b></em>.</p>')
    # the note untranslated inside the translated sentence: English, marked so
    html = body_of({(None, outer): "추력이<span/> 올랐다 <em/>."})
    assert f'<p>추력이<span lang="en"{nested}>Measured in' in html and f'올랐다 <em lang="en"{nested}>a' in html
    source = build_page(doc, "p.html", "en", everything, LAYOUT).html
    assert source[source.index("<p>"):] == doc.text[doc.text.index("<p>"):]  # the source-language page: as it was


# --- Preserve Space ------------------------------------------------------------------------


def test_preserve_space_global_rule():
    html = page('<p class="verse">Roses  are red,\n   violets are blue</p><p>Plain   text</p>',
                """<its:preserveSpaceRule selector="//h:p[@class='verse']" space="preserve"/>""")
    assert msgids(html) == ["Roses  are red,\n   violets are blue", "Plain text"]
    html = page("<pre>keep   this</pre>", '<its:preserveSpaceRule selector="//h:pre" space="default"/>')
    assert msgids(html) == ["keep this"]


# --- ID Value ------------------------------------------------------------------------------


def test_id_value_is_msgctxt_only_when_configured():
    html = page('<p id="intro">Welcome</p><p name="n1">Hello</p>',
                '<its:idValueRule selector="//h:p[@name]" idValue="@name"/>')
    assert [u.context for u in units(html)] == [None, None]
    assert [u.context for u in units(html, id_as_context=True)] == ["intro", "n1"]
    # an explicit context wins over the ID
    html = page('<p id="intro" data-l10n-context="menu">Welcome</p>')
    assert units(html, id_as_context=True)[0].context == "menu"


# --- Storage Size and Allowed Characters ---------------------------------------------------


def test_storage_size_local_and_global_become_comments():
    # ITS 2.0 Example (Storage Size, HTML5 local)
    html = page('<p><button its-storage-size="8">Continue</button></p>'
                '<p id="m">Message</p>',
                """<its:storageSizeRule selector="//h:p[@id='m']" storageSize="12" storageEncoding="ISO-8859-1"
                    lineBreakType="crlf"/>""")
    assert unit_comments(one(html, "Continue")) == ["its:storage-size=8"]
    assert unit_comments(one(html, "Message")) == ["its:storage-size=12 encoding=ISO-8859-1 line-break=crlf"]



@pytest.mark.parametrize("attrs", ['its-storage-size="-3"', 'its-storage-size="abc"', 'its-storage-size="2.5"',
                                   'its-storage-size="' + "9" * 5000 + '"'])
def test_a_local_storage_size_that_is_no_number_of_bytes_is_a_warning_naming_the_line(tmp_path, attrs):
    """-3 was written as a limit l10n check could not read; "abc" was dropped without a word; 5,000 digits stopped
    extract with a traceback (int() refuses more than 4,300)."""
    (tmp_path / "a.html").write_text(page(f"<p>Kept</p>\n<p {attrs}>Text</p>"), "utf-8")
    doc = load_page(tmp_path / "a.html")
    assert unit_comments(next(u for u in doc.units if u.msgid == "Text")) == []
    [w] = doc.warnings
    assert "a.html:10:" in w and attrs.split('"')[1][:30] in w and "storage size" in w and len(w) < 200


def test_a_storage_size_rule_that_gives_no_number_of_bytes_is_a_warning(tmp_path):
    rules = """<its:storageSizeRule selector="//h:p[@id='a']" storageSize="-3"/>
               <its:storageSizeRule selector="//h:p[@data-size]" storageSizePointer="@data-size"/>"""
    (tmp_path / "a.html").write_text(page('<p id="a">First</p><p data-size="ten">Second</p>'
                                          '<p data-size="12">Third</p>', rules), "utf-8")
    doc = load_page(tmp_path / "a.html")
    by = {u.msgid: unit_comments(u) for u in doc.units}
    assert by["First"] == by["Second"] == [] and by["Third"] == ["its:storage-size=12"]
    assert len(doc.warnings) == 2 and all("a.html:" in w and "storage size" in w for w in doc.warnings)
    assert "'-3'" in doc.warnings[0] and "'ten'" in doc.warnings[1]


def test_a_line_break_type_its_does_not_name_is_a_warning_and_lf(tmp_path):
    (tmp_path / "a.html").write_text(page('<p its-storage-size="8" its-line-break-type="lfcr">Text</p>'), "utf-8")
    doc = load_page(tmp_path / "a.html")
    assert unit_comments(doc.units[-1]) == ["its:storage-size=8"]
    [w] = doc.warnings
    assert "a.html:9:" in w and "'lfcr'" in w

def test_allowed_characters_local_and_global_become_comments():
    # ITS 2.0 Example (Allowed Characters, HTML5 local)
    html = page('<p its-allowed-characters="[a-zA-Z ]">Letters only</p><p class="n">Code 42</p>',
                """<its:allowedCharactersRule selector="//h:p[@class='n']" allowedCharacters="[A-Za-z0-9 ]"/>""")
    assert unit_comments(one(html, "Letters only")) == ["its:allowed-characters=[a-zA-Z ]"]
    assert unit_comments(one(html, "Code 42")) == ["its:allowed-characters=[A-Za-z0-9 ]"]


def _entry_findings(tmp_path, msgid, msgstr, comment, locale="fr"):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": locale,
                   "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, comment=comment))
    po.save(str(tmp_path / "x.po"))
    return {(f.check, f.severity) for f in check_catalog(read_catalog(tmp_path / "x.po"), locale)}


def test_storage_size_check(tmp_path):
    assert ("storage-size", "error") in _entry_findings(tmp_path, "Continue", "Continuer", "its:storage-size=8")
    assert ("storage-size", "error") not in _entry_findings(tmp_path, "Continue", "Suite", "its:storage-size=8")
    # bytes, not characters: é is two bytes in UTF-8, one in ISO-8859-1
    assert ("storage-size", "error") in _entry_findings(tmp_path, "Go", "Éééé", "its:storage-size=7")
    assert ("storage-size", "error") not in _entry_findings(
        tmp_path, "Go", "Éééé", "its:storage-size=7 encoding=ISO-8859-1")
    assert ("storage-size", "error") in _entry_findings(
        tmp_path, "Go", "日本", "its:storage-size=70 encoding=ISO-8859-1")  # not storable at all
    # placeholders are markup, not stored text
    assert ("storage-size", "error") not in _entry_findings(
        tmp_path, "Go <b>now</b>", "<b>Va</b>", "its:storage-size=2")



def test_a_nel_line_break_is_read_and_counted_in_the_storage_encoding(tmp_path):
    """ITS 2.0 allows lineBreakType nel (U+0085; W3C test storagesize1html): extraction wrote it and the check
    called the comment unreadable."""
    html = page('<p its-storage-size=25 its-storage-encoding=ISO-8859-1 its-line-break-type=NEL>Text</p>')
    [comment] = unit_comments(one(html, "Text"))
    assert comment == "its:storage-size=25 encoding=ISO-8859-1 line-break=nel"
    assert _entry_findings(tmp_path, "Te\nxt", "Tex\nte", comment) == set()
    nel = "its:storage-size=5 encoding=ISO-8859-1 line-break=nel"
    assert _entry_findings(tmp_path, "Te\nxt", "ab\ncd", nel) == set()  # U+0085 is one byte in ISO-8859-1
    assert ("storage-size", "error") in _entry_findings(tmp_path, "Te\nxt", "ab\ncd", nel.replace("nel", "crlf"))
    assert ("storage-size", "error") in _entry_findings(tmp_path, "Te\nxt", "ab\ncd", "its:storage-size=5 line-break=nel")
    for encoding in ("windows-1252", "Shift_JIS"):  # no NEL in them: the line break is stored as LF, no error
        nel = f"its:storage-size=5 encoding={encoding} line-break=nel"
        assert _entry_findings(tmp_path, "ab\ncd", "xy\nzw", nel) == set()
        assert ("storage-size", "error") in _entry_findings(tmp_path, "ab\ncd", "xyz\nzw", nel)


def test_allowed_characters_check(tmp_path):
    rule = "its:allowed-characters=[a-zA-Z ]"
    assert ("allowed-characters", "error") in _entry_findings(tmp_path, "Letters only", "Lettres 2", rule)
    assert ("allowed-characters", "error") not in _entry_findings(tmp_path, "Letters only", "Lettres seules", rule)
    assert ("allowed-characters", "error") not in _entry_findings(tmp_path, "Go <b>x</b>", "Va <b>x</b>", rule)


# --- Terminology ---------------------------------------------------------------------------


def test_terminology_local_and_global():
    # ITS 2.0 Example (Terminology, HTML5 local)
    html = page('<p>We need a new <span its-term="yes" its-term-info-ref="http://en.wikipedia.org/wiki/Motherboard">'
                'motherboard</span></p>')
    u = one(html, "We need a new <span>motherboard</span>")
    assert u.notes == ["<span>: Term; see http://en.wikipedia.org/wiki/Motherboard"]
    html = page('<p>The <b class="t" title="Main circuit board">motherboard</b> failed.</p><dfn>Chip</dfn>',
                """<its:termRule selector="//h:b[@class='t']" term="yes" termInfoPointer="@title"/>
                   <its:termRule selector="//h:dfn" term="yes"/>""")
    assert one(html, "The <b>motherboard</b> failed.").notes == ["<b>: Term; see Main circuit board"]
    assert one(html, "Chip").notes == ["Term"]


# --- rule files ----------------------------------------------------------------------------


def test_missing_rules_file_is_a_warning_naming_the_page(tmp_path):
    (tmp_path / "a.html").write_text(page("<p>Text</p>", head='<link rel="its-rules" href="gone.xml">'), "utf-8")
    doc = load_page(tmp_path / "a.html")
    assert [u.msgid for u in doc.units] == ["ITS test", "Text"]
    [w] = doc.warnings
    assert "a.html:6" in w and "gone.xml" in w and "not found" in w


def test_malformed_rules_file_is_an_error_naming_file_and_line(tmp_path):
    (tmp_path / "rules.xml").write_text(f'<its:rules {H}>\n<its:translateRule selector="//h:p"\n</its:rules>\n',
                                        "utf-8")
    (tmp_path / "a.html").write_text(page("<p>Text</p>", head='<link rel="its-rules" href="rules.xml">'), "utf-8")
    with pytest.raises(L10nError) as err:
        load_page(tmp_path / "a.html")
    assert str(err.value).startswith(f"{tmp_path / 'rules.xml'}:3: malformed ITS rules")
    # inline rules: the page and the page's line
    html = page("<p>Text</p>", '\n<its:translateRule selector="//h:p" translate="no">\n')
    with pytest.raises(L10nError) as err:
        parse_document(html, source="p.html")
    assert str(err.value).startswith("p.html:8: malformed ITS rules")  # the page line of </its:rules>


def test_a_rules_file_that_is_not_its_is_an_error(tmp_path):
    (tmp_path / "rules.xml").write_text("<rules/>", "utf-8")
    (tmp_path / "a.html").write_text(page("<p>Text</p>", head='<link rel="its-rules" href="rules.xml">'), "utf-8")
    with pytest.raises(L10nError, match="not ITS rules"):
        load_page(tmp_path / "a.html")


def _standoff(root: str, ident: str) -> str:
    """ITS 2.0 standoff markup (§2.5) in the script HTML5 carries it in, as the W3C suite's pages have it."""
    record = "locQualityIssue locQualityIssueType=\"misspelling\"" if root == "locQualityIssues" else \
        "provenanceRecord revPerson=\"James Joyce\""
    return (f'<script type="application/its+xml">\n<its:{root} xml:id="{ident}" {H}>\n'
            f'  <its:{record}/>\n</its:{root}>\n</script>\n')


STANDOFF_PAGE = page('<p>This is <span its-loc-quality-issues-ref="#lq1">teh</span> text.</p>',
                     head=_standoff("locQualityIssues", "lq1"))


def test_standoff_markup_in_a_script_is_no_rules_source_and_the_page_is_built(project):
    """Localization Quality and Provenance are not supported: their records are skipped, not refused as bad rules."""
    root = project({"a.html": STANDOFF_PAGE}, locales=["fr"])
    translate_project(root, "fr", "FR ")
    assert main(["build", "--root", str(root), "-q"]) == 0
    for built in (root / "build" / "a.html", root / "build" / "fr" / "a.html"):
        assert _standoff("locQualityIssues", "lq1") in built.read_text("utf-8")
    assert "FR This is <span" in (root / "build" / "fr" / "a.html").read_text("utf-8")


def test_two_standoff_scripts_and_standoff_beside_rules():
    provenance = page("<p>Translated by a machine.</p><p>By a person.</p>",
                      head=_standoff("provenanceRecords", "pr1") + _standoff("provenanceRecords", "pr2"))
    assert msgids(provenance, source="p.html") == ["Translated by a machine.", "By a person."]
    mixed = page("<p>Kept</p><p class='x'>Dropped</p>", '<its:translateRule selector="//h:p[@class=\'x\']" '
                 'translate="no"/>', head=_standoff("locQualityIssues", "lq1"))
    assert msgids(mixed, source="p.html") == ["Kept"]


@pytest.mark.parametrize("body", ["<other/>", '<locQualityIssues version="2.0"/>',
                                  f"<its:locNote {H}>not standoff</its:locNote>"])
def test_a_script_neither_rules_nor_standoff_markup_is_still_an_error(body):
    html = page("<p>Text</p>", head=f'<script type="application/its+xml">{body}</script>')
    with pytest.raises(L10nError, match="not ITS rules"):
        parse_document(html, source="p.html")


def test_a_linked_rules_file_holding_standoff_markup_is_an_error(tmp_path):
    """Standoff markup belongs in the page; a link naming it as rules names the wrong file."""
    (tmp_path / "r.xml").write_text(f'<its:provenanceRecords xml:id="pr1" {H}/>', "utf-8")
    (tmp_path / "a.html").write_text(page("<p>Text</p>", head='<link rel="its-rules" href="r.xml">'), "utf-8")
    with pytest.raises(L10nError, match="not ITS rules"):
        load_page(tmp_path / "a.html")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE its:rules [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<its:rules HDR><its:locNoteRule selector="//h:p" locNoteType="description"><its:locNote>&lol9;</its:locNote>
</its:locNoteRule></its:rules>
""".replace("HDR", H)

XXE = """<?xml version="1.0"?>
<!DOCTYPE its:rules [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<its:rules HDR><its:locNoteRule selector="//h:p" locNoteType="description"><its:locNote>&xxe;</its:locNote>
</its:locNoteRule></its:rules>
""".replace("HDR", H)


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_attacks_in_rules_are_refused(tmp_path, attack):
    (tmp_path / "rules.xml").write_text(attack, "utf-8")
    (tmp_path / "a.html").write_text(page("<p>Text</p>", head='<link rel="its-rules" href="rules.xml">'), "utf-8")
    with pytest.raises(L10nError, match="DOCTYPE") as err:
        load_page(tmp_path / "a.html")
    assert "root:" not in str(err.value) and "lollol" not in str(err.value)
    # inline, too
    inline = page("<p>Text</p>").replace("</head>", '<script type="application/its+xml">'
                                         + attack.replace('<?xml version="1.0"?>\n', "") + "</script></head>")
    with pytest.raises(L10nError, match="DOCTYPE"):
        parse_document(inline, source=str(tmp_path / "b.html"))


def test_rules_linked_from_rules_and_remote_rules(tmp_path):
    (tmp_path / "base.xml").write_text(
        f'<its:rules {H}><its:translateRule selector="//h:p" translate="no"/></its:rules>', "utf-8")
    (tmp_path / "rules.xml").write_text(
        f'<its:rules {H} xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="base.xml">'
        """<its:translateRule selector="//h:p[@class='y']" translate="yes"/></its:rules>""", "utf-8")
    (tmp_path / "a.html").write_text(page('<p>No</p><p class="y">Yes</p>',
                                          head='<link rel="its-rules" href="rules.xml">'), "utf-8")
    assert [u.msgid for u in load_page(tmp_path / "a.html").units] == ["ITS test", "Yes"]
    (tmp_path / "b.html").write_text(page("<p>Text</p>", head='<link rel="its-rules" '
                                          'href="https://example.com/rules.xml">'), "utf-8")
    doc = load_page(tmp_path / "b.html")
    assert "Text" in [u.msgid for u in doc.units] and "no network" in doc.warnings[0]


def test_pages_without_rules_never_build_the_xml_tree(monkeypatch):
    def boom(*args):
        raise AssertionError("rules looked for on a page without any")

    monkeypatch.setattr(its_module, "page_rules", boom)
    assert msgids(page('<p its-loc-note="n" translate="yes">Plain page</p>')) == ["Plain page"]


# --- Weblate / Translate Toolkit markup ----------------------------------------------------


def test_weblate_markup():
    html = page('<p data-translate-ignore>Ignored <b translate="yes">even this</b></p>'
                '<p data-translate-comment="Shown on the home page">Hello</p>'
                '<p data-translate-context="verb">Open</p>'
                '<p>Before</p><!-- translate:off --><p>Secret one</p><img alt="Secret alt"><p>Secret two</p>'
                '<!-- translate:on --><p>After</p>')
    assert msgids(html) == ["Hello", "Open", "Before", "After"]
    assert one(html, "Hello").notes == ["Shown on the home page"]
    assert one(html, "Open").context == "verb"


def test_a_context_on_an_inline_element_holding_the_whole_unit_is_its_msgctxt():
    """`<span data-translate-context="verb">Save</span>` as a button or menu label lost its context: two meanings of
    "Save" merged into one entry (Translate Toolkit's test_resumed_span_inherits_metadata).  The innermost element's
    context wins, as its note does; on part of a sentence no unit is the element's: the sentence gets a note."""
    html = page('<p><span data-translate-context="verb">Save</span></p><p><span data-translate-context="noun">Save'
                '</span></p><span data-translate-context="cta" data-translate-comment="Button label">'
                '<i data-translate-ignore>skip</i>Go</span><ul><li><a href="/x" data-translate-context="menu">Home</a>'
                '</li></ul><p data-translate-context="outer"><b data-translate-context="inner">Open</b></p>'
                '<p data-translate-context="outer"><b>Close</b></p>'
                '<p>Click <span data-translate-context="verb">Send</span> now</p>')
    got = [(u.context, u.msgid) for u in parse_document(html).units if u.msgid != "ITS test"]  # (the title)
    assert got == [("verb", "Save"), ("noun", "Save"), ("cta", "<i/>Go"), ("menu", "Home"), ("inner", "Open"),
                   ("outer", "Close"), (None, "Click <span>Send</span> now")]
    assert one(html, "<i/>Go").notes[0] == "Button label"
    assert one(html, "Click <span>Send</span> now").notes == ['<span>: context "verb"']
    tr = {("verb", "Save"): "저장", ("noun", "Save"): "저장본", ("menu", "Home"): "홈"}
    out = build_page(parse_document(html), "p.html", "ko", tr, LAYOUT).html
    assert '<span data-translate-context="verb">저장</span>' in out and ">저장본</span>" in out and ">홈</a>" in out


def test_the_build_never_replaces_ignored_text():
    html = page('<p data-translate-ignore>Ignored</p><!-- translate:off --><p>Off</p><!-- translate:on -->'
                "<p>Hello</p>")
    doc = parse_document(html)
    tr = {(None, "Ignored"): "무시", (None, "Off"): "꺼짐", (None, "Hello"): "안녕"}
    out = build_page(doc, "p.html", "ko", tr, LAYOUT).html
    assert "안녕" in out and "무시" not in out and "꺼짐" not in out
    assert '<p data-translate-ignore>Ignored</p><!-- translate:off --><p>Off</p><!-- translate:on -->' in out


# --- more translatable attributes ----------------------------------------------------------


def test_more_translatable_attributes():
    html = page('<table summary="Launch dates by year"><tr><td>1957</td></tr></table>'
                '<map><area href="/a" alt="Area one"></map>'
                '<select><optgroup label="Group"><option>Choice</option></optgroup></select>'
                '<video><track kind="captions" label="English captions"></video>'
                '<input type="submit" value="Send"><input type="reset" value="Clear"><input type="button" value="Push">'
                '<input type="text" value="Not me">',
                head='<meta property="og:image:alt" content="A rocket on the pad">'
                     '<meta name="twitter:image:alt" content="Rocket picture">'
                     '<meta property="og:site_name" content="Space Site">'
                     '<meta property="article:section" content="Launchers">'
                     '<meta property="article:tag" content="Soyuz rockets">'
                     '<meta property="og:image" content="https://example.com/a.png">')
    found = {u.msgid: u.notes for u in units(html)}
    assert found == {
        "A rocket on the pad": ['<meta property="og:image:alt" content>'],
        "Rocket picture": ['<meta name="twitter:image:alt" content>'],
        "Space Site": ['<meta property="og:site_name" content>'], "Launchers": ['<meta property="article:section" content>'],
        "Soyuz rockets": ['<meta property="article:tag" content>'],
        "Launch dates by year": ["<table summary>"], "Area one": ["<area alt>"], "Group": ["<optgroup label>"],
        "Choice": [], "English captions": ["<track label>"], "Send": ["<input value>"], "Clear": ["<input value>"],
        "Push": ["<input value>"],
    }


# --- extract and the pybabel plugin --------------------------------------------------------


RULES_PAGE = page('<p>Press <b its-loc-note="A key">Enter</b>.</p><p class="x">Skipped</p><p id="hello">Hi</p>'
                  '<button its-storage-size="8">Continue</button>',
                  head='<link rel="its-rules" href="../rules/site.xml">')


def _rules_project(project, id_as_context=False):
    root = project({"index.html": RULES_PAGE})
    (root / "rules").mkdir()
    (root / "rules" / "site.xml").write_text(textwrap.dedent(f"""\
        <its:rules {H}>
          <its:translateRule selector="//h:p[@class='x']" translate="no"/>
          <its:allowedCharactersRule selector="//h:button" allowedCharacters="[A-Za-z]"/>
        </its:rules>
        """), "utf-8")
    if id_as_context:
        with (root / "pyproject.toml").open("a") as fh:
            fh.write("its_id_as_context = true\n")
    return root


@pytest.mark.parametrize("id_as_context", [False, True])
def test_pybabel_gives_the_same_messages_with_rules(project, tmp_path, id_as_context):
    root = _rules_project(project, id_as_context)
    assert main(["extract", "--root", str(root), "-q"]) == 0
    out = tmp_path / "babel.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(out), "."], cwd=root, check=True)
    ours = polib.pofile(str(root / "locales" / "messages.pot"))
    theirs = polib.pofile(str(out))
    key = lambda e: (e.msgctxt or "", e.msgid)  # noqa: E731
    assert sorted(map(key, ours)) == sorted(map(key, theirs))
    for e in theirs:
        assert next(o for o in ours if key(o) == key(e)).comment == e.comment
    by_id = {e.msgid: e for e in ours}
    assert "Skipped" not in by_id
    assert by_id["Press <b>Enter</b>."].comment == "<b>: A key"
    assert by_id["Continue"].comment == "its:storage-size=8\nits:allowed-characters=[A-Za-z]"
    assert by_id["Hi"].msgctxt == ("hello" if id_as_context else None)


def test_extract_reports_a_missing_rules_file_and_a_malformed_one(project, capsys):
    root = project({"index.html": page("<p>Text</p>", head='<link rel="its-rules" href="nope.xml">')})
    assert main(["extract", "--root", str(root)]) == 0
    assert "index.html:6" in capsys.readouterr().err
    (root / "source_html" / "bad.xml").write_text("<its:rules", "utf-8")
    (root / "source_html" / "index.html").write_text(
        page("<p>Text</p>", head='<link rel="its-rules" href="bad.xml">'), "utf-8")
    assert main(["extract", "--root", str(root)]) == 2
    assert "bad.xml:1: malformed ITS rules" in capsys.readouterr().err


def test_a_page_that_fails_keeps_its_messages_in_the_template(project, capsys):
    """A page whose rules file breaks fails (exit 2); the template was written without its messages, and the next
    `update` made its reviewed translations obsolete.  Its messages stay as the template had them (locations and
    notes too); the other pages are extracted as usual."""
    root = project({"a.html": page("<p>Text of a</p><p>Shared</p>", head='<link rel="its-rules" href="r.xml">'),
                    "b.html": page("<p>Shared</p><p>Text of b</p>")}, locales=["ko"])
    (root / "source_html" / "r.xml").write_text(f'<its:rules {H}/>', "utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    pot = root / "locales" / "messages.pot"
    before = pot.read_bytes()
    where = {e.msgid: e.occurrences for e in polib.pofile(str(pot))}
    (root / "source_html" / "r.xml").write_text("<its:rules", "utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 2
    assert "its messages in the template are kept" in capsys.readouterr().err
    assert pot.read_bytes() == before
    (root / "source_html" / "b.html").write_text(page("<p>Shared</p><p>New in b</p>"), "utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 2
    entries = {e.msgid: e for e in polib.pofile(str(pot))}
    assert "Text of b" not in entries and "New in b" in entries
    assert entries["Text of a"].occurrences == where["Text of a"]
    assert entries["Shared"].occurrences == where["Shared"] and len(where["Shared"]) == 2
    assert main(["init", "--root", str(root), "-q", "-l", "ko"]) == 0
    assert main(["update", "--root", str(root), "-q"]) == 0
    po = polib.pofile(str(root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"))
    assert "Text of a" in {e.msgid for e in po if not e.obsolete}


def test_a_failing_page_beside_an_unreadable_template_writes_no_template(project, capsys):
    """The old template in conflict after a merge, and a page failing: extract said the page's messages "are kept
    as they were" but wrote the template without them (the unreadable template gave none), and `update` made their
    translations obsolete.  Now it writes nothing, in one line naming both problems."""
    root = project({"a.html": page("<p>Text of a</p>", head='<link rel="its-rules" href="r.xml">'),
                    "b.html": page("<p>Text of b</p>")}, locales=["ko"])
    (root / "source_html" / "r.xml").write_text(f'<its:rules {H}/>', "utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    pot = root / "locales" / "messages.pot"
    conflicted = pot.read_bytes().replace(b'msgid "Text of b"', b'<<<<<<< HEAD\nmsgid "Text of b"', 1)
    pot.write_bytes(conflicted)
    (root / "source_html" / "r.xml").write_text("<its:rules", "utf-8")
    for check in ([], ["--check"]):
        capsys.readouterr()
        assert main(["extract", "--root", str(root), "-q", *check]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "r.xml:1: malformed ITS rules" in err[0] and "unresolved merge conflict" in err[0]
        assert "nothing was written" in err[0] and "are kept" not in err[0]
        assert pot.read_bytes() == conflicted
    (root / "source_html" / "r.xml").write_text(f'<its:rules {H}/>', "utf-8")  # the page fixed: written anew
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert {"Text of a", "Text of b"} <= {e.msgid for e in polib.pofile(str(pot))}


def test_babel_extract_direct_call_reads_linked_rules(tmp_path):
    (tmp_path / "rules.xml").write_text(
        f'<its:rules {H}><its:translateRule selector="//h:p" translate="no"/></its:rules>', "utf-8")
    path = tmp_path / "a.html"
    path.write_text(page("<p>Gone</p><h2>Kept</h2>", head='<link rel="its-rules" href="rules.xml">'), "utf-8")
    with path.open("rb") as fh:
        got = [m[2] for m in babel_extract(fh, [], [], {})]
    assert got == ["ITS test", "Kept"]


def test_an_edited_rules_file_rebuilds_the_pages_that_link_it(project):
    """The build's key of a page covers the ITS rules files it links (and those they link): editing one
    rebuilds the page without --force; a page without rules is not rebuilt."""
    root = project({"a.html": page("<p>Keep me</p><p>Translate me</p>",
                                   head='<link rel="its-rules" href="rules/main.xml">'),
                    "b.html": page("<p>Translate me</p>")}, locales=["ko"])
    rules = root / "source_html" / "rules"
    rules.mkdir()
    (rules / "main.xml").write_text(f'<its:rules {H} xmlns:xlink="http://www.w3.org/1999/xlink" '
                                    'xlink:href="more.xml"/>', "utf-8")
    (rules / "more.xml").write_text(f'<its:rules {H}/>', "utf-8")
    translate_project(root, "ko", "번역: ")
    assert main(["build", "--root", str(root), "-q"]) == 0
    built_a, built_b = root / "build" / "ko" / "a.html", root / "build" / "ko" / "b.html"
    assert "번역: Keep me" in built_a.read_text("utf-8")
    b_mtime = built_b.stat().st_mtime_ns
    # the linked-from-linked file says "Keep me" is not to be translated
    (rules / "more.xml").write_text(f'<its:rules {H}><its:translateRule selector="//h:p[1]" translate="no"/>'
                                    '</its:rules>', "utf-8")
    assert main(["build", "--root", str(root), "-q"]) == 0
    text = built_a.read_text("utf-8")
    assert "번역: Keep me" not in text and "Keep me" in text and "번역: Translate me" in text
    assert built_b.stat().st_mtime_ns == b_mtime


# --- project rules ([tool.l10n] its_rules) -------------------------------------------------

NO_PRE = f'<its:rules {H}><its:translateRule selector="//h:pre" translate="no"/></its:rules>'
CODE_PAGE = page("<p>Run this:</p><pre>make all</pre>")


def _with_project_rules(root: Path, rules: str, setting: str = '["its/rules.xml"]') -> Path:
    (root / "its").mkdir(exist_ok=True)
    (root / "its" / "rules.xml").write_text(rules, "utf-8")
    with (root / "pyproject.toml").open("a") as fh:
        fh.write(f"its_rules = {setting}\n")
    return root


def _pot_ids(root: Path) -> set[str]:
    return {e.msgid for e in polib.pofile(str(root / "locales" / "messages.pot"))}


def test_project_rules_keep_pre_out_of_the_template_and_the_build(project):
    root = _with_project_rules(project({"a.html": CODE_PAGE}, locales=["ko"]), NO_PRE)
    translate_project(root, "ko", "번역: ")
    assert _pot_ids(root) == {"ITS test", "Run this:"}
    assert main(["build", "--root", str(root), "-q"]) == 0
    built = (root / "build" / "ko" / "a.html").read_text("utf-8")
    assert "번역: Run this:" in built and "<pre>make all</pre>" in built


def test_the_page_overrides_project_rules(tmp_path):
    """As if each page linked the project's rules first: its own linked and inline rules and its local markup
    come after them (ITS 2.0 §5.5)."""
    from toolkit.html.its import load_project_rules

    (tmp_path / "rules.xml").write_text(NO_PRE.replace("</its:rules>", """
        <its:translateRule selector="//h:p[@class='x']" translate="no"/></its:rules>"""), "utf-8")
    project = load_project_rules([tmp_path / "rules.xml"])
    (tmp_path / "page.xml").write_text(
        f"""<its:rules {H}><its:translateRule selector="//h:pre[@class='linked']" translate="yes"/></its:rules>""",
        "utf-8")
    html = page('<pre>Dropped</pre><pre translate="yes">Local</pre><pre class="inline">Inline</pre>'
                '<pre class="linked">Linked</pre><p class="x">Gone</p><p class="x" translate="yes">Kept</p>',
                """<its:translateRule selector="//h:pre[@class='inline']" translate="yes"/>""",
                head='<link rel="its-rules" href="page.xml">')
    doc = parse_document(html, source=tmp_path / "a.html", its_rules=project)
    assert [u.msgid for u in doc.units] == ["ITS test", "Local", "Inline", "Linked", "Kept"]
    assert not doc.warnings
    # a page without rules of its own gets the project's alone; without them, everything
    assert msgids(CODE_PAGE, its_rules=project) == ["Run this:"]
    assert msgids(CODE_PAGE) == ["Run this:", "make all"]


def test_an_edited_project_rules_file_changes_extract_and_rebuilds_every_page(project):
    """The units cache and the build key each page by the project's rules (and the files they link): an
    edit re-segments and rebuilds every page, without --force."""
    root = project({"a.html": CODE_PAGE, "b.html": page("<p>Plain</p>")}, locales=["ko"])
    _with_project_rules(root, f'<its:rules {H} xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="more.xml"/>')
    (root / "its" / "more.xml").write_text(f"<its:rules {H}/>", "utf-8")
    translate_project(root, "ko", "번역: ")
    assert "make all" in _pot_ids(root)
    cached = root / "locales" / ".cache" / "units"
    assert len(list(cached.glob("*.json"))) == 2  # pages with project rules are cached (keyed by the rules)
    assert main(["build", "--root", str(root), "-q"]) == 0
    built = root / "build" / "ko" / "a.html"
    assert "번역: make all" in built.read_text("utf-8")
    manifest = root / "build" / ".l10n-build.json"
    before = json.loads(manifest.read_text("utf-8"))["pages"]
    assert main(["build", "--root", str(root), "-q"]) == 0
    assert json.loads(manifest.read_text("utf-8"))["pages"] == before
    (root / "its" / "more.xml").write_text(NO_PRE, "utf-8")  # the file the configured one links
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert "make all" not in _pot_ids(root)
    assert main(["build", "--root", str(root), "-q"]) == 0
    after = json.loads(manifest.read_text("utf-8"))["pages"]
    assert after.keys() == before.keys() and all(after[k] != before[k] for k in before)  # every page, every locale
    text = built.read_text("utf-8")
    assert "번역: make all" not in text and "<pre>make all</pre>" in text and "번역: Run this:" in text


@pytest.mark.parametrize("rules, setting, expected", [
    (None, '["its/rules.xml"]', "its/rules.xml: ITS rules file not found (named by [tool.l10n] its_rules)"),
    (f"<its:rules {H}>", '["its/rules.xml"]', "its/rules.xml:1: malformed ITS rules"),
    ("<rules/>", '["its/rules.xml"]', "not ITS rules"),
    (f'<its:rules {H} xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="gone.xml"/>', '["its/rules.xml"]',
     "its/gone.xml: ITS rules file not found (named by"),
    (f'<its:rules {H} queryLanguage="css"><its:translateRule selector="pre" translate="no"/></its:rules>',
     '["its/rules.xml"]', "its/rules.xml:1: ITS rules with queryLanguage='css' are not supported"),
    (f'<its:rules {H}>\n<its:translateRule selector="//h:pre[" translate="no"/></its:rules>', '["its/rules.xml"]',
     "its/rules.xml:2: ITS translateRule selector '//h:pre[' is not valid XPath 1.0"),
    (f'<its:rules {H}><its:translateRule selector="//h:pre[@id=$nope]" translate="no"/></its:rules>',
     '["its/rules.xml"]', "is not valid XPath 1.0"),
    (f'<its:rules {H}><its:locNoteRule selector="//h:p" locNotePointer="@@"/></its:rules>', '["its/rules.xml"]',
     "ITS locNoteRule locNotePointer '@@' is not valid XPath 1.0"),
    (BILLION_LAUGHS, '["its/rules.xml"]', "DOCTYPE"),
    (NO_PRE, '"its/rules.xml"', "`its_rules` must be a list of ITS rules files"),
    (None, '["its"]', "its: cannot read ITS rules file: Is a directory"),
])
def test_a_bad_project_rules_file_is_one_line_and_exit_2(project, capsys, rules, setting, expected):
    root = project({"a.html": CODE_PAGE}, locales=["ko"])
    _with_project_rules(root, NO_PRE, setting)
    if rules is None:
        (root / "its" / "rules.xml").unlink()
    else:
        (root / "its" / "rules.xml").write_text(rules, "utf-8")
    for command in (["extract"], ["extract", "--check"], ["build"]):
        assert main([*command, "--root", str(root)]) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and expected in err and "Traceback" not in err, (command, err)
    assert not (root / "build").exists()
    if "must be a list" not in expected:
        from toolkit.review.model import ReviewSite

        with pytest.raises(L10nError, match=re.escape(expected)):
            ReviewSite(load_config(root))


def test_extract_build_review_and_pybabel_agree_on_project_rules(project):
    from toolkit.review.model import ReviewSite

    rules = NO_PRE.replace("</its:rules>", '<its:locNoteRule selector="//h:h1" locNoteType="description">'
                                           "<its:locNote>Page heading</its:locNote></its:locNoteRule></its:rules>")
    pages = {"a.html": page("<h1>Tools</h1><p>Run this:</p><pre>make all</pre><p>Then <code>go</code>.</p>"),
             "sub/b.html": page('<pre class="x">ls -l</pre><pre translate="yes">Said in a pre</pre>')}
    root = _with_project_rules(project(pages, locales=["ko"]), rules)
    translate_project(root, "ko", "번역: ")
    pot = polib.pofile(str(root / "locales" / "messages.pot"))
    ours = {(e.msgid, e.comment) for e in pot}
    assert {"Tools", "Run this:", "Then <code>go</code>.", "Said in a pre"} <= {m for m, _ in ours}
    assert ("Tools", "Page heading") in ours and not {"make all", "ls -l"} & {m for m, _ in ours}
    site = ReviewSite(load_config(root))
    reviewed = {(u.msgid, "\n".join(unit_comments(u))) for rel in site.pages() for u in site.document(rel).units}
    assert reviewed == ours
    plugin = set()
    for path in (root / "source_html").rglob("*.html"):
        with path.open("rb") as fh:
            plugin |= {(m[2], "\n".join(m[3])) for m in babel_extract(fh, [], [], {})}
    assert plugin == ours
    assert main(["build", "--root", str(root), "-q"]) == 0
    for rel in pages:
        built = (root / "build" / "ko" / rel).read_text("utf-8")
        assert all(f"번역: {m}" in built for m, _ in ours if m != "ITS test" and m in pages[rel])
        assert "번역: make all" not in built and "번역: ls -l" not in built


def test_without_project_rules_no_command_imports_lxml(project):
    """The fast path: a project without its_rules (and pages without rules) never loads lxml."""
    root = project({"a.html": CODE_PAGE}, locales=["ko"])
    code = ("import sys; from toolkit.cli import main; "
            f"assert main(['extract', '--root', {str(root)!r}, '-q']) == 0; "
            "assert 'lxml' not in sys.modules, 'lxml imported'")
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})


def test_a_meta_text_says_which_meta_it_is():
    """Every one said `<meta content>`: a page's description, its keywords and its title for social sites could not
    be told apart in Poedit."""
    html = page("<p>Body</p>", head='<meta name="keywords" content="rockets, Soyuz">'
                                   '<meta name="description" content="About launchers">'
                                   '<meta property="og:title" content="Launchers">')
    found = {u.msgid: u.notes for u in units(html)}
    assert found["rockets, Soyuz"] == ['<meta name="keywords" content> (comma-separated search keywords)']
    assert found["About launchers"] == ['<meta name="description" content>']
    assert found["Launchers"] == ['<meta property="og:title" content>']


def test_a_page_s_rules_files_are_keyed_by_their_bytes_and_place_not_the_project_s_folder(tmp_path):
    """The key named each rules file by its absolute path: the same project checked out elsewhere (a CI job with
    build/ cached) rebuilt every page that links one."""
    from toolkit.html.its import rules_files_digest

    digests = []
    for where in ("one", "two"):
        site = tmp_path / where / "source_html"
        site.mkdir(parents=True)
        (site / "rules.xml").write_text(f'<its:rules {H}><its:translateRule selector="//h:p" translate="no"/>'
                                        "</its:rules>", "utf-8")
        page_text = page("<p>Text</p>", head='<link rel="its-rules" href="rules.xml">')
        (site / "a.html").write_text(page_text, "utf-8")
        digests.append(rules_files_digest(page_text, site / "a.html"))
    assert digests[0] == digests[1] != ""
    (tmp_path / "two" / "source_html" / "rules.xml").write_text(f'<its:rules {H}/>', "utf-8")
    assert rules_files_digest(page_text, tmp_path / "two" / "source_html" / "a.html") != digests[0]
