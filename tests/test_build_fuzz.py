"""Fuzz: byte soup through extract and build never crashes, and hostile catalogues add no markup.

Every msgid gets a hostile translation (its placeholders kept, tags, quotes, entities, comment and
CDATA openers around them).  The built page, parsed by html5lib as a browser would, must have no
element and no attribute that the source lacks, beyond the build's declared edits (`lang`/`dir`,
the charset `<meta>`, the alternate `<link>`s, the fallback `<span lang>`).
"""

from __future__ import annotations

from collections import Counter

import html5lib
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st

from toolkit.build import SiteLayout, build_page
from toolkit.errors import L10nError
from toolkit.extract import page_messages
from toolkit.html import decode_html, parse_document
from toolkit.html.elements import FORMATTING

LAYOUT = SiteLayout("en", ["ko"], {"en": "en", "ko": "ko"})
HOSTILE_HEAD = "</p></title></textarea></script><script>alert(1)</script><img src=x onerror=alert(1)>\"'&amp;<!--"
HOSTILE_TAIL = "]]>--><b title=\"x\">&"
ADDED_ELEMENTS = {"link", "meta", "span"}
# selected: a switcher's option; aria-current: a language link to the page itself (its text names the language)
ADDED_ATTRIBUTES = {"lang", "dir", "charset", "rel", "hreflang", "href", "selected", "aria-current"}

PIECES = [
    b"<p>", b"</p>", b"<div>", b"<b>", b"</b>", b"<a href=x title='Link title'>", b"</a>", b"<br>", b"<img alt=Picture>",
    b"<script>", b"</script>", b"<!--", b"-->", b"<style>", b"</style>", b"<title>", b"</title>", b"<textarea>",
    b"<svg>", b"</svg>", b"<![CDATA[", b"]]>", b"<math>", b"<mi>", b"<noscript>", b"<plaintext>", b"<xmp>",
    b"<table>", b"<td>", b"<li>", b"<pre>", b"<html>", b"<head>", b"<body>", b"<!DOCTYPE html>",
    b"<meta name=description content='Meta words'>", b'<meta http-equiv="refresh" name="description" content="1">',
    b"<meta charset=latin1>", b'<span translate="no">', b"</span>", b"<input type=submit value='Send it'>",
    b"Hello world", b"Some words", b" ", b"\n", b"&amp;", b"&nbsp;", b"&", b"<", b">", b'"', b"'", b"=", b"\xe9",
    b"\xff", b"\x00", b"\r", b"<select aria-label=Language><option value=/soup.html selected>English", b"</select>", b"<optgroup label=Group>", b"</option>",
    b"<option value=/ko/x.html>\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", b"<option value='javascript:go()' selected>English",
    b"<option value=de selected>Deutsch",
]
SOUP = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join),
    st.binary(max_size=300),
)


def hostile(msgid: str) -> str:
    return HOSTILE_HEAD + msgid + HOSTILE_TAIL


def markup_census(html: str) -> tuple[Counter, Counter]:
    """Elements and attributes by name, but empty formatting elements: a build opens one the source leaves open
    again after a translation had to close it (`render._opened_again`), and where nothing follows it is empty."""
    tree = html5lib.parse(html, namespaceHTMLElements=False, scripting=True)
    elements: Counter = Counter()
    attributes: Counter = Counter()
    for el in tree.iter():
        if not isinstance(el.tag, str):  # comments
            continue
        if el.tag in FORMATTING and not el.text and not len(el):
            continue
        elements[el.tag] += 1
        for name in el.attrib:
            attributes[(el.tag, name)] += 1
    return elements, attributes


@given(SOUP)
@example(b'Hello world<span translate="no"><b></span>')  # the parser re-opens <b> before text moved after it
@example(b"&amp;<b>Hello world")  # never closed: text follows its end in the translation, so it is opened again
@example(b"<p>Hello world<select aria-label=Language><option value=/soup.html selected>English"  # a switcher
         b"<option value='javascript:go()' selected>English<option value=/ko/x.html>\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4"
         b"<optgroup label=Group><option value=de>Deutsch</select>Some words")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_byte_soup_extracts_and_builds_without_adding_markup(data):
    try:
        text, encoding = decode_html(data, "soup.html")
    except L10nError:  # empty or undecodable: a one-line user error, not a crash
        return
    doc = parse_document(text, encoding)
    messages = page_messages(doc)
    translations = {(ctx, msgid): hostile(msgid) for ctx, msgid, _line, _notes in messages}
    built = build_page(doc, "soup.html", "ko", translations, LAYOUT).html

    try:
        source_elements, source_attributes = markup_census(text)
    except AssertionError:  # html5lib 1.1 asserts on a few soups (e.g. "<table><math><html>"): no oracle
        reject()
    built_elements, built_attributes = markup_census(built)
    new_elements = built_elements - source_elements
    new_attributes = built_attributes - source_attributes
    # declared additions by local name: in soup with an unclosed <svg> before <body> they land in SVG
    assert {tag.rpartition("}")[2] for tag in new_elements} <= ADDED_ELEMENTS, (new_elements, text, built)
    assert {name for _tag, name in new_attributes} <= ADDED_ATTRIBUTES, (new_attributes, text, built)
    assert "alert(1)" not in "".join(el.text or "" for el in html5lib.parse(built, namespaceHTMLElements=False).iter()
                                     if el.tag == "script")
    assert "onerror" not in {name for _tag, name in built_attributes}
