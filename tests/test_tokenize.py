"""The tokeniser's WHATWG states, and what they protect: nothing a catalogue says lands in raw text."""

from __future__ import annotations

import time

import html5lib
import pytest

from toolkit.build import SiteLayout, build_page
from toolkit.html import parse_document
from toolkit.html.tokenize import (
    CDATA,
    COMMENT,
    DOCTYPE,
    DROPPED,
    END,
    EOF,
    START,
    prologue_end,
    raw_text_end,
    tokenize,
)

LAYOUT = SiteLayout("en", ["ko"], {"en": "en", "ko": "ko"})
HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "--></script><img src=x onerror=alert(1)>",
    "</style><style>*{}</style>",
    "]]><script>alert(1)</script>",
    "</textarea></title><b onclick=x>",
    "&lt;/script&gt; &amp; \u00a0 \"' <a1> </a>",
]


def kinds(text: str) -> list[tuple]:
    return [(t.kind, t.name, text[t.start:t.end]) for t in tokenize(text)]


def msgids(html: str) -> list[str]:
    return [u.msgid for u in parse_document(html).units]


# --- script data -------------------------------------------------------------------------------

BRIEF = '<script><!-- document.write("<script src=x></script>"); var s = "text"; //--></script><p>After</p>'


def test_escaped_script_with_a_script_inside_is_one_element():
    script = next(t for t in tokenize(BRIEF) if t.kind == START)
    assert (script.name, script.raw, script.closed) == ("script", "script", True)
    assert BRIEF[script.end:script.content_end] == '<!-- document.write("<script src=x></script>"); var s = "text"; //-->'
    assert BRIEF[script.content_end:script.after] == "</script>"
    assert msgids(BRIEF) == ["After"]  # the JS tail is not a message


@pytest.mark.parametrize(("script", "content"), [
    ("<script>a</script>", "a"),
    ("<script>a</SCRIPT >", "a"),  # any case; whitespace before ">"
    ("<script>a</script/>", "a"),
    ("<script>a</scripts></script>", "a</scripts>"),  # not an appropriate end tag
    ("<script><!-- a </script> b -->", "<!-- a "),  # escaped, but not double-escaped: ends here
    ("<script><!--<script></script>--></script>", "<!--<script></script>-->"),  # double-escaped
    ("<script><!--<script>--></script>", "<!--<script>-->"),  # "-->" leaves both escapes
    ("<script><!--><script></script>", "<!--><script>"),  # "<!-->" escapes and unescapes at once
    ("<script><!---><script></script>", "<!---><script>"),
    ("<script><!--<scripts></script>", "<!--<scripts>"),  # "<scripts" does not double-escape
    ("<script><!--<script/></script></script>", "<!--<script/></script>"),
    ("<script><!--<SCRIPT>a</script>b</script>c--></script>", "<!--<SCRIPT>a</script>b"),  # back to escaped
    ("<script><! --<script></script>", "<! --<script>"),
    ("<script>if (a<!--b) x</script>", "if (a<!--b) x"),
    ("<script><!--<script>never closed", "<!--<script>never closed"),
])
def test_script_data_states(script, content):
    tok = next(t for t in tokenize(script) if t.kind == START)
    assert script[tok.end:tok.content_end] == content


def test_raw_text_end_reports_a_missing_or_cut_end_tag():
    text = "<style>a{}</style"
    assert raw_text_end(text, "style", 7) == (len(text), len(text), False)  # "</style" + EOF: not an end tag
    text = '<style>a{}</style x=">'
    assert raw_text_end(text, "style", 7) == (10, len(text), False)  # end tag cut off by the end of file
    text = '<title>a</title x=">">b'
    assert raw_text_end(text, "title", 7, "rcdata") == (8, len(text) - 1, True)  # end tags have attributes


# --- the other states ----------------------------------------------------------------------------

def test_rcdata_has_no_tags_and_decodes_entities():
    assert msgids("<title>Fish &amp; <b>chips</b></title><textarea>a <i>b</i></textarea>") == [
        "Fish & <b>chips</b>", "a <i>b</i>"]


@pytest.mark.parametrize("name", ["style", "xmp", "iframe", "noembed", "noframes"])
def test_rawtext_elements_are_never_extracted(name):
    html = f"<div><{name}><p>Hidden words</p></{name}><p>Shown words</p></div>"
    assert msgids(html) == ["Shown words"]


def test_plaintext_runs_to_the_end_of_the_file():
    html = "<p>Before words</p><plaintext><p>not a tag</p></plaintext><p>still text"
    toks = list(tokenize(html))
    assert [t.kind for t in toks] == [START, END, START, EOF]
    assert toks[2].content_end == toks[2].after == len(html)
    assert msgids(html) == ["Before words"]


def test_unclosed_attribute_quote_swallows_the_rest_of_the_page():
    html = '<p>Kept words</p><a title="never closed>Lost words</a><p>Also lost</p>'
    toks = list(tokenize(html))
    assert toks[-1].kind == EOF and toks[-1].start == html.index("<a")
    assert msgids(html) == ["Kept words"]


def test_a_quoted_gt_does_not_end_a_tag_even_in_an_end_tag():
    html = '<p title="a > b">Words</p title=">">1'
    assert [k[0] for k in kinds(html)] == [START, END, EOF]
    assert msgids(html) == ["a > b", "Words"]


@pytest.mark.parametrize(("html", "expected"), [
    ("<!-->x", [(COMMENT, "<!-->")]),
    ("<!--->x", [(COMMENT, "<!--->")]),
    ("<!---->x", [(COMMENT, "<!---->")]),
    ("<!-- a --!>x", [(COMMENT, "<!-- a --!>")]),
    ("<!-- a --->x", [(COMMENT, "<!-- a --->")]),
    ("<!-- a -- b -->x", [(COMMENT, "<!-- a -- b -->")]),
    ("<?php echo 1 ?>x", [(COMMENT, "<?php echo 1 ?>")]),
    ("</ 1>x", [(COMMENT, "</ 1>")]),
    ("<!x>x", [(COMMENT, "<!x>")]),
    ("</>x", [(DROPPED, "</>")]),
    ("<![CDATA[a>x", [(COMMENT, "<![CDATA[a>")]),  # no CDATA outside SVG/MathML: a bogus comment
    ('<!DOCTYPE html PUBLIC "a>x', [(DOCTYPE, '<!DOCTYPE html PUBLIC "a>')]),
])
def test_comments_and_bogus_comments(html, expected):
    toks = [t for t in tokenize(html) if t.kind != EOF]
    assert [(t.kind, html[t.start:t.end]) for t in toks] == expected
    assert html[toks[-1].end:] == "x"


def test_unclosed_comment_runs_to_the_end():
    html = "<p>Kept words</p><!-- <p>Lost words</p>"
    assert msgids(html) == ["Kept words"]


def test_lt_that_opens_nothing_is_text():
    assert msgids("<p>a < b <3 <> <\u00e9</p>") == ["a < b <3 <> <\u00e9"]
    assert msgids("<p>x</ y</p>z") == ["xz"]  # "</ y</p>" is a bogus comment: the p goes on
    assert msgids("<p>a <</p>") == ["a <"]


# --- foreign content --------------------------------------------------------------------------

def test_cdata_only_in_svg_and_math():
    html = "<svg><![CDATA[a & b]]></svg><math><![CDATA[c]]></math><![CDATA[d]]>"
    assert [(t.kind, html[t.start:t.end]) for t in tokenize(html) if t.kind in (CDATA, COMMENT)] == [
        (CDATA, "<![CDATA[a & b]]>"), (CDATA, "<![CDATA[c]]>"), (COMMENT, "<![CDATA[d]]>")]


def test_cdata_is_never_translated_and_keeps_its_ampersand():
    html = "<svg><text>Hello <![CDATA[a & b]]> world</text><text><![CDATA[Only cdata]]></text></svg>"
    doc = parse_document(html)
    assert [u.msgid for u in doc.units] == ["Hello <cdata/> world"]
    built = build_page(doc, "p.html", "ko", {(None, "Hello <cdata/> world"): "Bonjour & <cdata/> ]]> monde"},
                       LAYOUT).html
    assert "Bonjour &amp; <![CDATA[a & b]]> ]]&gt; monde" in built
    assert "<![CDATA[Only cdata]]>" in built


def test_raw_text_names_inside_svg_are_not_raw():
    html = "<svg><title>Chart <b>title</b></title><style>x</style></svg><style><p>raw</p></style>"
    starts = [(t.name, t.raw) for t in tokenize(html) if t.kind == START]
    assert starts == [("svg", None), ("title", None), ("b", None), ("style", None), ("style", "rawtext")]


def test_integration_points_switch_back_to_html_rules():
    html = ("<svg><foreignObject><style><p>a</p></style></foreignObject></svg>"
            "<math><mi><textarea><b></textarea></mi></math>")
    raws = [(t.name, t.raw) for t in tokenize(html) if t.kind == START and t.raw]
    assert raws == [("style", "rawtext"), ("textarea", "rcdata")]


def test_html_and_meta_inside_svg_are_not_page_metadata():
    doc = parse_document('<svg><html lang="x"><meta charset="latin1"></svg><p>Words</p>')
    assert [t.name for t in doc.tags] == ["meta"]  # <meta> breaks out of SVG: an HTML element; <html> does not
    built = build_page(doc, "p.html", "ko", {}, LAYOUT).html
    assert built.startswith('<html lang="ko"><link rel="alternate" hreflang="en" ')  # the page has no <html> of its own
    assert '<svg><html lang="x"><meta charset="utf-8"></svg>' in built


# --- meta http-equiv --------------------------------------------------------------------------

def test_meta_http_equiv_content_is_never_an_entry():
    html = ('<head><meta name="description" http-equiv="refresh" content="0; url=Somewhere else">'
            '<meta name="description" content="A real description"></head>')
    assert msgids(html) == ["A real description"]


def test_meta_with_name_and_http_equiv_content_type_builds():
    html = ('<html><head><meta name="description" http-equiv="content-type" '
            'content="text/html; charset=iso-8859-1"></head><body><p>Words here</p></body></html>')
    doc = parse_document(html)
    out = build_page(doc, "p.html", "ko", {(None, "text/html; charset=iso-8859-1"): "evil",
                                           (None, "Words here"): "Mots"}, LAYOUT).html
    assert 'content="text/html; charset=utf-8"' in out and "evil" not in out and "Mots" in out


# --- catalogue text never lands in raw text -----------------------------------------------------

RAW_NAMES = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript")

PAGES = [
    BRIEF,
    "<p>Before the script<script>var a = '<p>not text</p>';</script> and after it.</p>",
    "<p>One <b>bold</b> word<script><!--<script>x</script>--></script> two <i>three</i></p><p>Next one</p>",
    "<div>Text<style>p:before{content:'</p>'}</style>More text<noscript><p>Enable it</p></noscript>End</div>",
    "<title>Page title</title><p>Para <textarea>Area text</textarea> tail words</p>",
    "<p>x<script>a<!--b</script>Tail words<xmp><p>y</p></xmp>Last words</p>",
    '<p title="Attr words">Para words<iframe><b>z</b></iframe></p><script src="a.js"></script>',
]


def raw_texts(html: str, scripting: bool = True) -> list[tuple[str, str]]:
    tree = html5lib.parse(html, namespaceHTMLElements=False, scripting=scripting)
    return [(el.tag, el.text or "") for el in tree.iter() if el.tag in RAW_NAMES]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_translations_never_reach_script_or_raw_text(page, hostile):
    doc = parse_document(page)
    assert doc.units
    translations = {}
    for u in doc.units:
        placeholders = "".join(f"<{n}></{n}>" if p.close else f"<{n}/>" for n, p in u.placeholders.items())
        translations[(u.context, u.msgid)] = hostile + placeholders + hostile
    built = build_page(doc, "p.html", "ko", translations, LAYOUT).html
    source_raw = raw_texts(page)
    built_raw = raw_texts(built)
    # title/textarea are RCDATA units and noscript content is markup to a browser without scripts: their text is
    # translated, escaped; the others are byte for byte
    translated = ("title", "textarea", "noscript")
    assert [r for r in built_raw if r[0] not in translated] == [r for r in source_raw if r[0] not in translated]
    assert [r[0] for r in built_raw] == [r[0] for r in source_raw]
    assert "alert" not in "".join(text for name, text in built_raw if name not in translated)
    # and a browser without scripts, which parses noscript content as markup, finds no element the page lacks
    source_raw, built_raw = raw_texts(page, scripting=False), raw_texts(built, scripting=False)
    assert [r[0] for r in built_raw] == [r[0] for r in source_raw]
    assert [r for r in built_raw if r[0] not in translated] == [r for r in source_raw if r[0] not in translated]


# --- linear time ------------------------------------------------------------------------------

@pytest.mark.parametrize("soup", [
    "<script><!--<script>",
    "<script><!--",
    "<a b='",
    '<a b="c" ',
    "<!--",
    "<svg><![CDATA[",
    "<p title=x>a &amp b",
    "</script <",
])
def test_megabyte_of_soup_is_tokenised_fast(soup):
    text = soup * (1_000_000 // len(soup))
    t = time.process_time()
    for _ in tokenize(text):
        pass
    assert time.process_time() - t < 1.5


def test_megabyte_of_script_soup_extracts_fast():
    text = "<p>Words</p>" + "<script><!--<script>" * 50_000
    t = time.process_time()
    assert msgids(text) == ["Words"]
    assert time.process_time() - t < 1.5


@pytest.mark.parametrize("page, top", [
    ("<!DOCTYPE html><html><p>x", 15),
    ("\ufeff <!-- a --> <!doctype HTML>\n<html>", 29),
    ('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">\n<html>', 80),
    ("<!DOCTYPE html><!-- built --><p>x", 29),
    ("<html><p>x", 0),
    ("<p>no doctype", 0),
    ("text first<!-- a -->", 0),
    ("<!--->\n<!DOCTYPE html><p>a</p><!-- footer --><p>b", 22),  # `<!--->` is a whole comment
    ('<!--><script src="data:," data-x="<!-- -->', 5),  # so is `<!-->`: the script is the page's
    ("<!-- a --!><!DOCTYPE html><p>", 26),  # `--!>` ends a comment
    ("<!-- a --!><p>--></p>", 11),
    ("<!-- never closed <!doctype html>", 0),
    ("<!DOCTYPE html><!-- never closed", 15),
    ("<!-- cut --", 0),
    ("<!-- a -- b>", 0),  # (`--` then a space does not end it: cut off by the end of the file)
    ("<!DOCTYPE html", 0),
    ("<!DOCTYPE html>", 15),
    ("<!-->", 5),
])
def test_a_page_s_prologue_ends_where_the_tokeniser_ends_its_comments(page, top):
    """The review script goes there, and the build's `<html lang>` when the page has none: before the first element,
    never before the doctype (quirks mode), never inside a comment (a regex ran `<!-->` on to the next `-->`), nor
    after one the end of the file cuts off (it would be inside it)."""
    assert prologue_end(page) == top
