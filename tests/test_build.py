"""`l10n build`: splicing, identity, injection safety, legacy encodings, language links, incremental."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_segment import OUTLOOK_BUTTON

from toolkit.build import SiteLayout, build_page
from toolkit.cli import main
from toolkit.discover import content_units
from toolkit.html import decode_html, parse_document
from toolkit.html.links import option_urls
from toolkit.html.tokenize import ATTR_RE, CONDITIONAL, parse_attrs

REPO = Path(__file__).resolve().parent.parent
LAYOUT = SiteLayout("en", ["ko", "zh_TW", "zh_CN", "ja"],
                    {"en": "en", "ko": "ko", "zh_TW": "zh-TW", "zh_CN": "zh-CN", "ja": "ja"})

LANG = r'"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"'
LANG_MARK = rf'(?: lang={LANG}(?: dir="(?:ltr|rtl)")?)?'  # an element's language (and direction) added
# one per line where the source has white space before </head>, else run together (see build/head.py)
ALTERNATES = (r'(?:<link rel="alternate" hreflang="[A-Za-z-]+" href="[^"<>]*">(?:\r?\n)?)*'
              r'(?:<link rel="canonical" href="[^"<>]*">(?:\r?\n)?)?')
OG_LOCALE = r'"[A-Za-z]{2,3}(?:_[A-Za-z0-9]{2,4})*"'
OG_ALTERNATES = rf'(?:\r?\n<meta property="og:locale:alternate" content={OG_LOCALE}>)*'
DATA_MARK = r'(?: (?:value|datetime)="[^"<>]*")?'  # what an <option>'s or a <time>'s text said, kept (build/values.py)
SWITCHER_MARKS = rf'(?: lang={LANG})?(?: hreflang={LANG})?(?: aria-current="page")?'
OPTION_SELECTED = '(?: selected(?:="selected")?)?'
# JSON-LD as the build writes it (the source block with inLanguage spliced in): nothing in it ends the script
# or opens a comment
JSON_TEXT = r"(?:[^<]|<(?!/script|!--))*"
URL_VALUE = r'"[^"<>]*"'
# attributes a build may change: lang/dir, the charset declaration, references (hrefs of links and
# language links, src, srcset…, og:image/og:url contents), and translatable attributes (when
# translations are given); on language links hreflang and aria-current may be added
REFERENCE_ATTRS = {"href", "xlink:href", "src", "srcset", "imagesrcset", "srcdoc", "poster", "data", "background",
                   "style", "action", "formaction"}
EDITABLE_ATTRS = {"lang", "dir", "xml:lang", "charset", "content", *REFERENCE_ATTRS,
                  "{http://www.w3.org/1999/xlink}href"}  # xlink:href as html5lib names it
SWITCHER_ATTRS = {"hreflang", "aria-current"}
OPTION_ATTRS = {"selected", "value", "data-url", "data-href"}  # a dropdown switcher's option: where it leads
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
TRANSLATABLE_ATTRS = {"title", "alt", "aria-label", "aria-description", "aria-placeholder", "aria-valuetext",
                      "aria-roledescription", "aria-braillelabel", "aria-brailleroledescription", "placeholder", "label",
                      "abbr", "value", "summary", "data-bs-title", "data-bs-content", "alttext"}
_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)([^>]*)>")
_ATTR_NAME = re.compile(r"""([^\t\n\f\r />"'=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")


def build(html: str, translations=None, locale="ko", rel="page.html"):
    doc = parse_document(html)
    return doc, build_page(doc, rel, locale, translations or {}, LAYOUT)


def _tag_shape(markup: str) -> tuple[str, str, frozenset]:
    """(slash, name, attribute names) of one tag's markup."""
    m = _TAG.fullmatch(markup)
    assert m, markup
    names = frozenset(a.lower() for a in _ATTR_NAME.findall(m.group(3)))
    return m.group(1), m.group(2).lower(), names - EDITABLE_ATTRS - {"lang"} - SWITCHER_ATTRS


def declared_regions(doc):
    """(start, end, pattern or None) of every place a build may change; None: a unit's span."""
    text = doc.text
    regions = []

    def attr(a, allowed):
        if a.end > a.start:
            regions.append((a.start, a.end, f"(?:{re.escape(text[a.start:a.end])}|{allowed})"))

    html = next((t for t in doc.tags if t.name == "html"), None)
    head = next((t for t in doc.tags if t.name == "head"), None)
    if xml := re.match(r"""<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)""", text):  # XHTML: the XML declaration
        regions.append((xml.start(1), xml.end(1), f"(?:{re.escape(xml.group(1))}|utf-8)"))
    if html is not None:
        regions.append((html.start + 5, html.start + 5, rf'(?: lang={LANG})?(?: dir="rtl")?'))
        for name in ("lang", "xml:lang"):
            if name in html.attrs:
                attr(html.attrs[name], LANG)
        if "dir" in html.attrs:
            attr(html.attrs["dir"], '"(?:rtl|ltr)"')
    from toolkit.discover import switcher_links

    for link in switcher_links(doc, "en"):  # the language switcher: lang, hreflang, aria-current
        tag = link.tag
        if tag.name == "option":  # a dropdown's: lang, its URLs, selected moved to the page's language
            at = tag.start + len("<option")
            regions.append((at, at, rf'(?: lang={LANG})?{OPTION_SELECTED}'))
            for a in option_urls(tag):
                attr(a, URL_VALUE)
            if "selected" in tag.attrs:
                m = next(m for m in ATTR_RE.finditer(text, at, tag.end - 1) if m.group(1).lower() == "selected")
                regions.append((m.start(), m.end(), f"(?:{re.escape(m.group())})?"))
        else:
            regions.append((tag.start + 2, tag.start + 2, SWITCHER_MARKS))
        for name in ("lang", "hreflang"):
            if name in tag.attrs:
                attr(tag.attrs[name], LANG)
    for t in doc.tags:
        # a container declaring the source language follows the page (build/head.py); so does the element of a
        # translated unit of a third language (build/splice.py, `_third_language`)
        if t.name != "html":
            for name in ("lang", "xml:lang"):
                if name in t.attrs:
                    attr(t.attrs[name], LANG)
            if "dir" in t.attrs and (t.name == "body" or "lang" in t.attrs or "xml:lang" in t.attrs):
                attr(t.attrs["dir"], '"(?:rtl|ltr)"')  # the page's direction, or that of a container's language
            if t.name in ("pre", "code", "kbd", "samp") and "dir" not in t.attrs:  # code keeps the source's direction
                at = t.start + 1 + len(t.name)
                regions.append((at, at, '(?: dir="(?:ltr|rtl)")?'))
        kind = (t.attrs["property"].value if "property" in t.attrs else
                t.attrs["name"].value if "name" in t.attrs else "").strip().lower()
        if t.name == "meta" and "charset" in t.attrs:
            attr(t.attrs["charset"], '"utf-8"')
        elif t.name == "meta" and "content" in t.attrs and "http-equiv" in t.attrs:
            attr(t.attrs["content"], f'(?:"text/html; charset=utf-8"|{LANG})')  # (Content-Language: the page's)
        elif t.name == "meta" and "content" in t.attrs and kind == "language":  # its language, by tag or name
            attr(t.attrs["content"], r'"[^"<>&]*"')
        elif t.name == "meta" and "content" in t.attrs and kind in ("og:image", "og:url", "twitter:image"):
            attr(t.attrs["content"], URL_VALUE)
        elif t.name == "meta" and "content" in t.attrs and kind == "og:locale":
            attr(t.attrs["content"], OG_LOCALE)
            regions.append((t.end, t.end, OG_ALTERNATES))
        elif t.name == "script" and "type" in t.attrs and t.attrs["type"].value.strip().lower() == "application/ld+json":
            close = re.compile(r"</script", re.I).search(text, t.end)
            regions.append((t.end, close.start(), f"(?:{re.escape(text[t.end:close.start()])}|{JSON_TEXT})"))
        elif t.name in ("noscript", CONDITIONAL):  # markup to a browser without scripts, to IE and Outlook: its
            # references follow the page too
            close = re.compile(r"</noscript" if t.name == "noscript" else r"<!\[endif\]", re.I).search(text, t.end)
            inner = parse_document(text[t.end:close.start() if close else len(text)])
            regions += [(start + t.end, end + t.end, pattern) for start, end, pattern in _reference_regions(inner)]
    regions += _reference_regions(doc)
    top = None
    if html is None:  # a page that leaves <html> out gets one with its language, after the doctype and comments
        top = re.match(r"(?:\s+|<!--[\s\S]*?-->|<!doctype[^>]*>)*", text, re.I).end()
        regions.append((top, top, rf'(?:<html lang={LANG}(?: dir="rtl")?>)?'))
    at = head.end if head is not None else (html.end if html is not None else top)
    regions.append((at, at, '(?:<meta charset="utf-8">)?'))
    at = doc.head_end if doc.head_end is not None else at
    regions.append((at, at, ALTERNATES))
    for u in doc.units:
        if u.attribute is not None:
            regions.append((u.start, u.end, f'(?:{re.escape(text[u.start:u.end])}|"[^"<>]*")'))
            if u.element in ("img", "area") and u.owner_tag is not None:  # an image whose text stays the source's
                at = u.owner_tag[0] + 1 + len(u.element)
                regions.append((at, at, LANG_MARK))
        else:
            if u.owner_tag is not None:  # its language; in a page of the other direction, its block's direction; an
                # option's value and a time's date, which a translation of its text would change
                at = u.owner_tag[0] + 1 + len(u.element)
                regions.append((at, at, rf'{DATA_MARK}{LANG_MARK}(?: dir="(?:ltr|rtl)")?'))
                if (own := parse_attrs(text, at, u.owner_tag[1] - 1).get("dir")) is not None:
                    attr(own, '"(?:rtl|ltr)"')
            # the element whose content the unit may be, and empty elements before the unit
            lo = max(0, u.start - 2000)
            if m := re.search(r"(?:<[A-Za-z][^<>]*>(?:\s*</[A-Za-z][^<>]*>)?\s*)+\Z", text[lo:u.start]):
                for t in re.finditer(r"<[A-Za-z][^\t\n\f\r />]*", m.group()):
                    regions.append((lo + m.start() + t.end(), lo + m.start() + t.end(), DATA_MARK + LANG_MARK))
            regions.append((u.start, u.end, None))
    return regions


def _reference_regions(doc) -> list[tuple[int, int, str]]:
    """The URLs of `doc` a build may rewrite: reference attributes and CSS URLs in <style>."""
    text, regions = doc.text, []
    for t in doc.tags:
        if t.name in ("style", "svg:style"):
            close = re.compile(r"</style", re.I).search(text, t.end)
            for m in _CSS_URL.finditer(text, t.end, close.start() if close else len(text)):
                group = next(g for g in range(1, 6) if m.group(g) is not None)
                regions.append((m.start(group), m.end(group), r"[^<>()\s'\"\\]*"))
        elif t.name == "script" and "type" in t.attrs and t.attrs["type"].value.strip().lower() == "importmap":
            close = re.compile(r"</script", re.I).search(text, t.end)
            for m in _JSON_STRING.finditer(text, t.end, close.start() if close else len(text)):
                regions.append((m.start(1), m.end(1), r"[^<>\"\\]*"))
        for name in REFERENCE_ATTRS & set(t.attrs):
            a = t.attrs[name]
            if a.end > a.start:
                regions.append((a.start, a.end, f"(?:{re.escape(text[a.start:a.end])}|{URL_VALUE})"))
    return regions


def assert_only_declared_edits(source: str, built: str, translated: bool = False):
    """The built page is the source outside the declared edits, checked on the HTML itself.

    1. Text: the built page must match the source with every declared region (lang/dir,
       charset, alternates, language-link hrefs, translatable attributes, unit spans) allowed to
       differ in its declared way; a translated unit span may only hold the unit's own tags.
    2. Tree: html5lib parses both into the same elements and attributes, except the declared ones.
    """
    doc = parse_document(source)
    merged: list[list] = []  # overlapping regions (an href inside a unit) become one unit-like region
    for start, end, pattern in sorted(declared_regions(doc), key=lambda r: (r[0], r[1])):
        prev = merged[-1] if merged else None
        if prev is not None and (start < prev[1] or (start == prev[1] and None in (pattern, prev[2]))):
            prev[1], prev[2] = max(prev[1], end), None
        elif prev is not None and start == prev[1]:  # touching: one edit after the other
            prev[1], prev[2] = end, prev[2] + pattern
        else:
            merged.append([start, end, pattern])
    # the page as a sequence: source text between the regions, each region's pattern, None for a unit's span
    pieces: list[str | None] = []
    pos = 0
    for start, end, pattern in merged:
        pieces += [re.escape(source[pos:start]), pattern]
        pos = end
    pieces += [re.escape(source[pos:]) + r"\Z"]
    parts, spans = [], []
    for i, piece in enumerate(pieces):
        if piece is not None:
            parts.append(piece)
            continue
        # a unit's span: anything up to where the source goes on, which is all of it up to the next unit's span
        # (text that follows the unit may also be inside it: `Hello<a href="/x"></a>Hello<a href="/x"></a>`)
        k = i // 2
        ahead = "".join(itertools.takewhile(lambda p: p is not None, pieces[i + 1:]))
        parts.append(rf"(?P<u{k}>(?>[\s\S]*?(?={ahead})))")
        spans.append((k, merged[k][0], merged[k][1]))
    m = re.fullmatch("".join(parts), built)
    assert m, "the built page differs from the source outside the declared edits:\n" + _first_difference(source, built)
    for k, start, end in spans:
        allowed = {_tag_shape(t.group(0)) for t in _TAG.finditer(source, start, end)}
        allowed |= {("/", name, frozenset()) for slash, name, _ in list(allowed) if not slash}  # implied ends written
        allowed |= {("", "span", frozenset()), ("/", "span", frozenset()), ("", "tspan", frozenset()),
                    ("/", "tspan", frozenset()), ("", "meta", frozenset()),
                    ("", "link", frozenset({"rel"})), ("", "html", frozenset())}  # edits next to its span
        allowed |= {(slash, name, names | {"datetime"}) for slash, name, names in list(allowed) if name == "time"}
        for t in _TAG.finditer(m.group(f"u{k}")):
            assert _tag_shape(t.group(0)) in allowed, f"markup not from the source unit: {t.group(0)!r}"
    assert _elements(built, translated) == _elements(source, translated)
    assert _compat_mode(built) == _compat_mode(source), "the build changed the page's rendering mode (quirks)"


def _compat_mode(html: str) -> str:
    """"no quirks", "limited quirks" or "quirks", as html5lib's parser (the HTML standard's) decides it."""
    import html5lib

    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(html)
    return parser.compatMode


def _first_difference(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"source: {a[max(0, i - 60):i + 60]!r}\nbuilt:  {b[max(0, i - 60):i + 60]!r}"


def _elements(html: str, translated: bool) -> list:
    """Elements in tree order with their attributes, the declared edits left out."""
    import html5lib

    ignore = EDITABLE_ATTRS | (TRANSLATABLE_ATTRS if translated else set())
    out = []
    for el in html5lib.parse(html, namespaceHTMLElements=False).iter():
        if not isinstance(el.tag, str):
            continue  # comments
        attrs = dict(el.attrib)
        if el.tag in ("span", "{http://www.w3.org/2000/svg}tspan") and set(attrs) in ({"lang"}, {"lang", "dir"}):
            continue  # the source-language marker of an untranslated unit (its direction in a page of the other)
        if (el.tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs) or \
                (el.tag == "meta" and set(attrs) == {"charset"}) or \
                (el.tag == "link" and attrs.get("rel") == "canonical") or \
                (el.tag == "meta" and attrs.get("property") == "og:locale:alternate"):
            continue
        dropped = {"lang", "dir", "xml:lang"} | (SWITCHER_ATTRS if el.tag == "a" else set()) | \
            ({"selected"} if el.tag == "option" else set())
        if el.tag == "option":
            attrs = {k: "" if k in OPTION_ATTRS else v for k, v in {"value": "", **attrs}.items()}  # (its text's)
        if el.tag == "time":  # without a datetime, its text is its date: a translated one is kept in the attribute
            said = attrs.get("datetime", "".join([el.text or "", *(c.tail or "" for c in el)]).strip())
            attrs["datetime"] = "" if translated else said
        out.append((el.tag, sorted((k, "" if k in ignore else v) for k, v in attrs.items() if k not in dropped)))
    return out


def assert_identity_but_allowed(html: str, rel="page.html", translations=None):
    """With no translations the page is the source except lang, charset, alternates, language hrefs."""
    _, res = build(html, translations, rel=rel)
    assert_only_declared_edits(html, res.html, translated=bool(translations))


def bracketed(doc):
    """A translation of every unit (placeholders kept, reordered text): exercises every unit splice."""
    return {(u.context, u.msgid): f"«{u.msgid}» 번역 & <미>" for u in doc.units}


def sample_pages():
    return sorted((REPO / "source_html").rglob("*.html"))


@pytest.mark.parametrize("path", sample_pages(), ids=lambda p: p.name)
def test_identity_on_sample_pages(path):
    text, _ = decode_html(path.read_bytes())
    assert_identity_but_allowed(text, path.relative_to(REPO / "source_html").as_posix())


@pytest.mark.parametrize("path", sample_pages(), ids=lambda p: p.name)
def test_every_unit_translated_changes_only_unit_spans(path):
    text, _ = decode_html(path.read_bytes())
    assert_identity_but_allowed(text, path.relative_to(REPO / "source_html").as_posix(),
                                bracketed(parse_document(text)))


SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("where", ["outside a unit", "inside a unit", "as an attribute"])
def test_identity_check_catches_a_splice_routed_around_the_edits(monkeypatch, where):
    """The identity check reads the built HTML: an injection past the edit list fails it."""
    from toolkit.build import splice

    html = ('<!DOCTYPE html><html><head><title>T</title></head><body>'
            '<p>Go <a href="/x">there</a> now</p><div><p>Two</p></div></body></html>')
    real = splice.apply_edits

    def tampered(text, edits):
        out = real(text, edits)
        if text is not html:
            return out
        if where == "outside a unit":
            return out.replace("<div>", "<div>" + SCRIPT)
        if where == "inside a unit":
            return out.replace("there</a>", "there</a>" + SCRIPT)
        return out.replace('<a href="/x"', '<a href="/x" onclick="alert(1)"')

    assert_identity_but_allowed(html)
    assert_identity_but_allowed(html, translations=bracketed(parse_document(html)))
    monkeypatch.setattr(splice, "apply_edits", tampered)
    with pytest.raises(AssertionError):
        assert_identity_but_allowed(html)


def test_identity_on_a_table_with_translatable_attributes():
    html = ('<table summary="Launches by year"><caption>Launches</caption><thead><tr><th abbr="Yr">Year</th>'
            "<th>Count</th></tr></thead><tbody><tr><td>Soyuz</td><td>Ariane</td></tr></tbody></table>")
    assert_identity_but_allowed(html)
    assert_identity_but_allowed(html, translations=bracketed(parse_document(html)))


def test_identity_is_byte_exact_outside_edits():
    html = ('<!DOCTYPE html>\n<HTML>\n<Head><META CHARSET=utf-8><title>T</title></Head>\n<BODY bgcolor=#fff>'
            "<P ALIGN=center>Hello <B>World</B>&nbsp;&amp; you<br>\r\n  next line</P>"
            "<!-- c --><script>if (a<b) x='<p>no</p>'</script><p>One<p>Two</BODY></HTML>")
    _, res = build(html)
    out = res.html
    stripped = re.sub(r'<link rel="alternate"[^>]*>(?:\r?\n)?', "", out)
    stripped = stripped.replace(' lang="en"', "").replace('<span lang="en">', "").replace("</span>", "")
    stripped = stripped.replace('<HTML lang="ko">', "<HTML>").replace('CHARSET="utf-8"', "CHARSET=utf-8")
    assert stripped == html


def tree(depth):
    text = st.sampled_from(["Hello", "the &amp; world", "R&D", " spaced  out ", "&nbsp;", "a < b", "2007"])
    inline = st.deferred(lambda: st.tuples(st.sampled_from(["b", "a", "span", "em"]),
                                           st.lists(st.one_of(text, inline), max_size=3)))
    leaf = st.tuples(st.sampled_from(["p", "li", "td", "h2"]), st.lists(st.one_of(text, inline), max_size=4))
    if depth == 0:
        return leaf
    return st.one_of(leaf, st.tuples(st.sampled_from(["div", "section"]),
                                     st.lists(st.one_of(text, tree(depth - 1)), max_size=3)))


def serial(node) -> str:
    if isinstance(node, str):
        return node
    name, kids = node
    attrs = ' href="/x?a=1&amp;b=2" title="T"' if name == "a" else ""
    inner = "".join(serial(k) for k in kids)
    if name in ("li", "td"):
        wrap = {"li": ("<ul>", "</ul>"), "td": ("<table><tr>", "</tr></table>")}[name]
        return f"{wrap[0]}<{name}{attrs}>{inner}</{name}>{wrap[1]}"
    return f"<{name}{attrs}>{inner}</{name}>"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(tree(2), min_size=1, max_size=4))
def test_identity_on_generated_pages(nodes):
    html = "<!DOCTYPE html><html><head><title>x</title></head><body>" + "".join(map(serial, nodes)) + "</body></html>"
    assert_identity_but_allowed(html)
    assert_identity_but_allowed(html, translations=bracketed(parse_document(html)))


def test_translation_rehydrates_placeholders_and_reorders():
    html = '<html><body><p>Read about <a href="/soyuz" class="x" title="Soyuz page">Soyuz</a> at <b>ESA</b>.</p></body></html>'
    tr = {(None, "Read about <a>Soyuz</a> at <b>ESA</b>."): "<b>ESA</b>에서 <a>소유스</a>에 대해 읽어 보세요.",
          (None, "Soyuz page"): "소유스 페이지"}
    _, res = build(html, tr)
    assert '<p><b>ESA</b>에서 <a href="/soyuz" class="x" title="소유스 페이지">소유스</a>에 대해 읽어 보세요.</p>' in res.html
    assert res.translated == 2 and res.fallback == 0


def test_a_unit_that_is_data_is_left_as_written():
    """A cookie's name, an address or a host alone in a cell is no unit: a catalogue that still has one (as
    pseudo-localisation or machine translation filled it before) changes nothing of it, and the sentence is built."""
    html = ('<table><tr><td>_ga</td><td>Tells visits apart</td></tr><tr><td>www.example.gov</td>'
            '<td><a href="mailto:help@passports.example.gov">help@passports.example.gov</a></td></tr></table>')
    tr = {(None, "_ga"): "[_ĝà]", (None, "www.example.gov"): "[ŵŵŵ.éxàmþľé.ĝôṽ]",
          (None, "help@passports.example.gov"): "[ĥéľþ@þàššþôŕţš.éxàmþľé.ĝôṽ]",
          (None, "Tells visits apart"): "방문을 구별합니다"}
    _, res = build(html, tr)
    assert ('<table lang="ko"><tr><td>_ga</td><td>방문을 구별합니다</td></tr><tr><td>www.example.gov</td>'
            '<td><a href="mailto:help@passports.example.gov">help@passports.example.gov</a></td></tr></table>'
            in res.html)
    assert res.translated == 1


@pytest.mark.parametrize(("html", "msgid", "msgstr"), [
    ("<p>x <b>y</p><p>z</p>", "x <b>y</b>", "Kx <b>Ky</b>"),  # the browser carries <b> on into "z"
    ("<p>One <b>b <i>i<p>Two</p>", "One <b>b <i>i</i></b>", "KOne <b>Kb <i>Ki</i></b>"),
])
def test_an_element_the_source_never_closes_stays_open_in_the_built_page(html, msgid, msgstr):
    """The msgid closes it at its end; a translation that keeps that end writes no end tag the source lacks."""
    doc, res = build(f"<html><body>{html}</body></html>", {(None, msgid): msgstr})
    assert [u.msgid for u in doc.units if u.msgid.startswith(msgid[:3])] == [msgid]
    assert res.translated >= 1 and res.html.count("</b>") == 0 and res.html.count("</i>") == 0
    assert_only_declared_edits(f"<html><body>{html}</body></html>", res.html, translated=True)


def text_in(html: str) -> dict[str, list[str]]:
    """Each text of the page (stripped) -> the elements it is in, outermost first, as html5lib (a browser's parser)
    builds the tree: SVG's named `svg:…`."""
    out: dict[str, list[str]] = {}

    def walk(el, names: list[str]) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        here = [*names, tag.replace("{http://www.w3.org/2000/svg}", "svg:")] if tag else names
        for text in (el.text, *(child.tail for child in el)):
            if text and text.strip():
                out[text.strip()] = here
        for child in el:
            walk(child, here)

    walk(html5lib.parse(html, namespaceHTMLElements=False), [])
    return out


def translated_all(html: str) -> tuple[list[str], str]:
    """Every unit's msgid and the page built with each translated as "K" + its msgid."""
    doc = parse_document(html)
    _, res = build(html, {(u.context, u.msgid): "K" + u.msgid for u in doc.units})
    return [u.msgid for u in doc.units], res.html


def test_a_translation_that_moves_the_never_closed_end_closes_it_where_it_says():
    """It is closed where the translation says, and opened again at the unit's end: a browser carries an element
    the source never closes on into the next paragraph (z is bold), and so it still does."""
    _, res = build("<html><body><p>x <b>y</p><p>z</p></body></html>", {(None, "x <b>y</b>"): "<b>Ky</b> Kx"})
    assert "<p><b>Ky</b> Kx<b></p>" in res.html
    texts = text_in(res.html)
    assert texts["Ky"][-2:] == ["p", "b"] and texts["Kx"][-1] == "p" and texts["z"][-2:] == ["p", "b"]


@pytest.mark.parametrize(("html", "msgids", "where"), [
    # a stray </p> is an empty paragraph to browsers: a break in the text, not part of one sentence
    ("<div>First line</p>Second line</div>", ["First line", "Second line"], {"KSecond line": ["div"]}),
    # </font> ends the <font> the parser re-opened after the <div>: dropped, the rest of the page was red
    ('<p><font color="red">Red <div>block</div> after</font> end</p><p>Tail</p>', ["Red", "block", "after", "end", "Tail"],
     {"Kafter": ["font"], "Kend": [], "KTail": ["p"]}),
    # the <a> re-opened in the second paragraph is a link around "guide" only
    ('<p>See <a href="x.html">the <p>guide</a> now</p>', ["See <a>the</a>", "guide", "now"],
     {"Kguide": ["p", "a"], "Know": ["p"]}),
    # misnested: </b> ends the <i> inside it, which the parser re-opens for " four"
    ("<p>One <b>two <i>three</b> four</i> five</p>", ["One <b>two <i>three</i></b> four", "five"],
     {"three": ["p", "b", "i"], "four": ["p", "i"], "Kfive": ["p"]}),
    # an end tag that closes several misnested elements closes the innermost first: "</b></i>" was written in the
    # msgid, which no translation could match
    ("<p>Go <span><b>Click <i>here</span> now</p>", ["Go <span><b>Click <i>here</i></b></span> now"],
     {"Click": ["p", "span", "b"], "here": ["p", "span", "b", "i"], "now": ["p", "b", "i"]}),
    ("<p>One <b>two <i>three <u>four</b> five</p>", ["One <b>two <i>three <u>four</u></i></b> five"],
     {"four": ["p", "b", "i", "u"], "five": ["p", "i", "u"]}),
    # end tags that close nothing, in a browser's tree too: the sentence stays whole
    ("<p>Please read <b>this</b></b> before you continue.</p>", ["Please read <b>this</b> before you continue."],
     {"this": ["p", "b"], "before you continue.": ["p"]}),
    ("<p>Our prices </span></b>include VAT.</p>", ["Our prices include VAT."], {"KOur prices include VAT.": ["p"]}),
])
def test_stray_and_misnested_end_tags_build_the_tree_the_source_has(html, msgids, where):
    """The page's end tags that close nothing in our tree were dropped with the unit's text they sat in, and an
    element closed by another's end tag stayed closed: links, line breaks and formatting changed in every locale."""
    page = f"<html><body>{html}</body></html>"
    found, built = translated_all(page)
    assert found == msgids
    texts = text_in(built)
    for text, inside in where.items():
        assert texts[text] == ["html", "body", *inside], (text, texts[text])
    assert_only_declared_edits(page, built, translated=True)


def test_untranslated_text_in_svg_keeps_the_drawing_whole():
    """English left in a chart was wrapped in an HTML <span>, which ends the <svg> for a browser's parser: the rest of
    the drawing and the page below it (here the caption, inside a <rect>) became HTML.  A sentence goes on through
    <tspan>; text that is part of an SVG element's content is marked with a <tspan lang>."""
    page = ('<html><body><svg><text><tspan>Sales</tspan> per month</text><rect width="9" height="9"/></svg>'
            "<svg><text>First part<desc>Legend</desc>second part</text><rect/></svg><p>Caption</p></body></html>")
    doc = parse_document(page)
    assert [u.msgid for u in doc.units] == ["<tspan>Sales</tspan> per month", "First part", "Legend", "second part",
                                            "Caption"]
    _, res = build(page, {(None, "Caption"): "KCaption", (None, "Legend"): "KLegend"})
    texts = text_in(res.html)
    assert texts["KCaption"] == ["html", "body", "p"]
    assert texts["per month"] == ["html", "body", "svg:svg", "svg:text"]
    assert texts["First part"] == texts["second part"] == ["html", "body", "svg:svg", "svg:text", "svg:tspan"]
    assert '<text lang="en"><tspan>Sales' in res.html and '<tspan lang="en">First part</tspan>' in res.html
    assert_only_declared_edits(page, res.html)


def test_an_image_tag_is_an_img():
    """Browsers read <image> in HTML as <img>: its alt is text to translate, its src an image the locale's page must
    still find, and it stays inside its sentence."""
    page = '<html><body><p>See the <image src="chart.png" alt="Sales chart"> below.</p></body></html>'
    msgids, built = translated_all(page)
    assert msgids == ["See the <img/> below.", "Sales chart"]
    assert '<image src="../chart.png" alt="KSales chart">' in built


def test_a_formula_inside_a_sentence_stays_one_placeholder_whatever_words_it_holds():
    """Cutting the sentence at a formula with a unit (`<mtext>km</mtext>`) or a piecewise formula's "if" gave the
    translator fragments that cannot be reordered; a formula on its own has its `<mtext>` extracted."""
    msgids, built = translated_all("<html><body><p>The distance is <math><mn>5</mn><mtext>km</mtext></math> from the "
                                   "station.</p><math><mtext>is the speed of light</mtext></math></body></html>")
    assert msgids == ["The distance is <math/> from the station.", "is the speed of light"]
    assert "<mtext>Kis the speed of light</mtext>" in built


INJECTIONS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><b>bold</b>',
    '<a href="javascript:alert(1)" onclick="x()">link</a>',
    "</p><p>new paragraph",
    "<a onclick=x>click</a>",
]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.attrs = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs if name != "lang"))))
        self.attrs.append(dict(attrs))

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag, ()))


def tags_of(html: str) -> list:
    c = TagCollector()
    c.feed(html)
    return [t for t in c.tags if t[0] not in ("link", "meta", "span", "/span")]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_translations_cannot_inject_markup(payload):
    html = ('<html><head><meta charset="utf-8"></head><body><p>Plain text here</p>'
            '<p>Go <a href="/safe">there</a> now</p><img src="p.png" alt="Picture"></body></html>')
    tr = {(None, "Plain text here"): payload,
          (None, "Go <a>there</a> now"): f"<a>{payload}</a> {payload}",
          (None, "Picture"): payload}
    _, res = build(html, tr)
    assert tags_of(res.html) == tags_of(html)  # same elements, same attribute names
    c = TagCollector()
    c.feed(res.html)
    assert next(a for a in c.attrs if "alt" in a)["alt"] == payload  # the payload survived, as text
    assert next(a for a in c.attrs if "href" in a and a["href"] == "/safe")


def test_extra_attributes_on_placeholders_are_text():
    html = '<p>Go <a href="/safe">there</a></p>'
    _, res = build(html, {(None, "Go <a>there</a>"): '<a href="/evil">거기</a>'})
    assert "/evil" not in re.findall(r'href="([^"]*)"', res.html)
    assert res.translated == 0 and res.warnings  # the placeholder is not <a>: whole unit falls back


def test_mismatched_placeholders_fall_back_with_warning():
    html = "<html><body><p>Go <b>now</b></p></body></html>"
    _, res = build(html, {(None, "Go <b>now</b>"): "지금 가세요"})
    assert "<p lang=\"en\">Go <b>now</b></p>" in res.html
    assert res.fallback == 1 and "placeholders" in res.warnings[0]


def test_html_lang_charset_and_alternates():
    html = '<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><p>Hi</p></body></html>'
    _, res = build(html, {(None, "Hi"): "안녕"}, rel="esa/page.html")
    out = res.html
    assert '<html lang="ko">' in out
    assert 'content="text/html; charset=utf-8"' in out
    for lang, href in [("en", "../../esa/page.html"), ("zh-TW", "../../zh_TW/esa/page.html"),
                       ("ja", "../../ja/esa/page.html"), ("x-default", "../../esa/page.html"),
                       ("ko", "page.html")]:
        assert f'<link rel="alternate" hreflang="{lang}" href="{href}">' in out


@pytest.mark.parametrize("last_in_head", ["<!-- analytics -->", "<!--[if IE]><link rel=stylesheet href=ie.css><![endif]-->"])
def test_alternates_go_into_the_head_when_a_comment_ends_it(last_in_head):
    """A comment just before `</head>` put the alternates after it, between `</head>` and `<body>`."""
    html = f"<html><head><title>T</title>{last_in_head}\n</head><body><p>Hi</p></body></html>"
    _, res = build(html, {(None, "Hi"): "안녕"})
    head = res.html[:res.html.index("</head>")]
    assert head.count('<link rel="alternate"') == 6 and last_in_head[:12] in head


def test_an_alternate_for_a_language_the_build_does_not_make_is_a_link_like_any_other():
    """A German site deployed beside the built one (build/de/, not a page of the source): its alternate kept
    ``de/page.html`` in ko/page.html, which leads to ko/de/page.html."""
    html = ('<html><head><link rel="alternate" hreflang="de" href="de/page.html">'
            '<link rel="alternate" hreflang="ko" href="ko/page.html"></head><body><p>Hi</p></body></html>')
    layout = replace(LAYOUT, pages=frozenset({"page.html"}))
    out = build_page(parse_document(html), "page.html", "ko", {}, layout).html
    assert '<link rel="alternate" hreflang="de" href="../de/page.html">' in out
    assert '<link rel="alternate" hreflang="ko" href="page.html">' in out
    assert_only_declared_edits(html, out)


def test_a_folder_page_is_named_by_its_folder_in_absolute_urls():
    """MkDocs (and Hugo, Jekyll) publish ``api/Agent/index.html`` as ``api/Agent/``, link it so and say so in its
    canonical link; with base_url the build named it ``…/index.html``, on the source-language page too."""
    layout = replace(LAYOUT, base_url="https://example.org/")
    html = ('<html><head><title>Agent</title><link rel="canonical" href="https://example.org/api/Agent/"></head>'
            '<body><p>Agent</p></body></html>')
    en = build_page(parse_document(html), "api/Agent/index.html", "en", {}, layout).html
    assert '<link rel="canonical" href="https://example.org/api/Agent/">' in en
    ko = build_page(parse_document(html), "api/Agent/index.html", "ko", {}, layout).html
    assert '<link rel="canonical" href="https://example.org/ko/api/Agent/">' in ko
    assert '<link rel="alternate" hreflang="ja" href="https://example.org/ja/api/Agent/">' in ko
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/api/Agent/">' in ko
    own = html.replace('<link rel="canonical" href="https://example.org/api/Agent/">', "")  # (it names another page)
    root = build_page(parse_document(own), "index.html", "ko", {}, layout).html
    assert '<link rel="canonical" href="https://example.org/ko/">' in root
    assert '<link rel="alternate" hreflang="en" href="https://example.org/">' in root
    other = build_page(parse_document(own), "api/agent.html", "ko", {}, layout).html
    assert '<link rel="canonical" href="https://example.org/ko/api/agent.html">' in other


def test_language_links_keep_the_source_s_folder_and_clean_urls():
    """A Hugo or Jekyll switcher links `/blog/` and `../ja/blog/`: the build wrote `/blog/index.html` and
    `../../ja/blog/index.html` (which resolve, but a clean-URL host redirects, and the site then names one page two
    ways); so for `/about` (`/about.html`).  A link the source writes with the file name keeps it."""
    def switcher(page: str, rel: str, locale: str) -> list[str]:
        built = build_page(parse_document(page), rel, locale, {}, LAYOUT).html
        return re.findall(r'href="([^"]*)"', built[built.index("<nav"):])

    html = ('<html lang="en"><body><nav><a href="/blog/" hreflang="en">English</a> <a href="/ja/blog/" hreflang="ja">'
            '日本語</a> <a href="../ko/blog/" hreflang="ko">한국어</a> <a href="/zh_CN/blog/index.html" hreflang="zh-CN">'
            "简体中文</a></nav><p>Posts</p></body></html>")
    assert switcher(html, "blog/index.html", "ko") == ["/blog/", "/ja/blog/", "./", "/zh_CN/blog/index.html"]
    home = html.replace("/blog/", "/").replace("../ko/blog/", "ko/")
    assert switcher(home, "index.html", "ja") == ["/", "/ja/", "../ko/", "/zh_CN/index.html"]
    clean = ('<html lang="en"><body><nav><a href="/about" hreflang="en">English</a> <a href="../ja/about" hreflang="ja">'
             '日本語</a> <a href="/ko/about.html" hreflang="ko">한국어</a> <a href="/zh_CN/docs" hreflang="zh-CN">简体中文</a>'
             "</nav></body></html>")
    assert switcher(clean, "about.html", "ko") == ["/about", "../ja/about", "/ko/about.html", "/zh_CN/about"]
    assert switcher(clean, "about/index.html", "ko")[:2] == ["/about/", "../../ja/about/"]


def test_untranslated_units_get_source_lang():
    html = "<body><div>Intro text <p>Para</p></div><p>Done</p></body>"
    _, res = build(html, {(None, "Done"): "완료"})
    assert '<span lang="en">Intro text</span>' in res.html
    assert '<p lang="en">Para</p>' in res.html
    assert "<p>완료</p>" in res.html


def test_heading_permalinks_stay_as_they_are():
    """Sphinx's and MkDocs' headings end in a permalink ``<a class="headerlink">¶</a>``: outside the unit, the
    translation of "Quickstart" (the same entry as the table of contents') leaves it as the source has it, and an
    untranslated heading is marked on its element, not with a span."""
    html = ('<body><ul><li><a href="#quickstart">Quickstart</a></li></ul>\n<h1>Quickstart<a class="headerlink" '
            'href="#quickstart" title="Link to this heading">¶</a></h1><h2>Install<a class="headerlink" '
            'href="#install" title="Link to this heading">¶</a></h2></body>')
    _, res = build(html, {(None, "Quickstart"): "빠른 시작", (None, "Link to this heading"): "제목 링크"})
    assert '<li><a href="#quickstart">빠른 시작</a></li>' in res.html
    assert ('<h1>빠른 시작<a class="headerlink" href="#quickstart" title="제목 링크">¶</a></h1>'
            '<h2 lang="en">Install<a class="headerlink" href="#install" title="제목 링크">¶</a></h2>') in res.html
    assert_only_declared_edits(html, res.html, translated=True)


def test_untranslated_elements_get_source_lang_without_a_wrapper():
    """A unit made of elements (a command beside a button) marks those elements: a `<span lang>` around them broke
    `pre > kbd` and `input:checked ~ .cjs`, so an untranslated page showed both versions of every sample.  The
    Node.js docs' samples themselves are code, which stays as it is (`elements.CODE_IN_PRE`); their button is text."""
    html = ('<body><pre><input type="checkbox" checked><code class="mjs">import fs</code>\n'
            '<code class="cjs" lang="en-US">require(fs)</code><button>copy</button></pre>'
            '<pre><kbd>ls</kbd> <b>-l</b> <button>copy</button></pre><pre><kbd>ls</kbd> -l <button>copy</button></pre>')
    _, res = build(html)
    assert ('<pre><input type="checkbox" checked><code class="mjs">import fs</code>\n'
            '<code class="cjs" lang="en-US">require(fs)</code><button lang="en">copy</button></pre>') in res.html
    assert '<pre><kbd lang="en">ls</kbd> <b lang="en">-l</b> <button lang="en">copy</button></pre>' in res.html
    assert '<pre><span lang="en"><kbd>ls</kbd> -l</span> <button lang="en">' in res.html  # text of its own: a span
    assert_only_declared_edits(html, res.html)
    # the element whose content the unit is, in a container that goes on: `li.picker a span` styled the span
    html = ('<body><a href="#main">\n  Skip to content </a><div><ul><li><a href="#open"><em>Open a file</em></a>'
            '<ul><li>Opens</li></ul></li></ul><p>Text <b>bold</b></p></div></body>')
    _, res = build(html)
    assert '<a lang="en" href="#main">\n  Skip to content </a>' in res.html
    assert '<li><a href="#open"><em lang="en">Open a file</em></a><ul><li lang="en">Opens' in res.html
    assert "<span" not in res.html
    assert_only_declared_edits(html, res.html)
    html = ('<body><ul><li><a href="#toc"><span class="arrow"></span>\n Contents\n</a><div>More</div></li>'
            '<li><a href="#i"><i title="Info"></i> Index</a><div>More</div></li></ul></body>')
    _, res = build(html)
    assert '<a lang="en" href="#toc"><span class="arrow"></span>\n Contents\n</a>' in res.html
    assert '<i title="Info"></i> <span lang="en">Index</span></a>' in res.html  # the title may be translated
    assert_only_declared_edits(html, res.html)


def test_a_container_declaring_the_source_language_follows_the_page():
    """texinfo writes ``<body lang="en">``, DocBook and gtk-doc ``<div class="sect1" lang="en">``: left as they were,
    the translated text under them was English to the browser (fonts, glyph variants, hyphenation, speech).
    Text left in the source language keeps ``en``; an inline ``lang``, another language and translate="no" stay."""
    html = ('<html lang="en"><body lang="en"><div class="sect1" lang="en" xml:lang="en"><h2>Intro</h2>'
            '<p lang="en">Para</p><p>See <i lang="en">foo</i> here</p><p lang="fr">Bonjour</p>'
            '<div lang="en" translate="no"><p>code</p></div></div></body></html>')
    _, res = build(html, {(None, "Intro"): "소개", (None, "See <i>foo</i> here"): "<i>foo</i> 참조"})
    assert ('<body lang="ko"><div class="sect1" lang="ko" xml:lang="ko"><h2>소개</h2><p lang="en">Para</p>'
            '<p><i lang="en">foo</i> 참조</p><p lang="fr">Bonjour</p><div lang="en" translate="no">') in res.html
    assert_only_declared_edits(html, res.html, translated=True)
    # an element the untranslated text fills (an empty element before it aside) keeps its source lang too, whether
    # the unit is the element's whole content or only fills it (`<label></label>` is no part of the unit)
    html = ('<body lang="en"><div lang="en"><span class="icon"></span> Text</div><div lang="en"><label></label>Fill'
            '</div><div lang="en">Other</div></body>')
    _, res = build(html, {(None, "Other"): "다른"})
    assert ('<body lang="ko"><div lang="en"><span class="icon"></span> Text</div><div lang="en"><label></label>Fill'
            '</div><div lang="ko">다른</div>') in res.html
    assert_only_declared_edits(html, res.html, translated=True)


def test_language_links_point_to_built_pages():
    html = ('<html><body><table><tr><td><a href="http://www.esa.int/esaKO/index.html">&#54620;&#44397;</a> '
            '<a href="http://www.esa.int/esaTW/index.html">&#45824;&#47564;</a> '
            '<a href="http://www.esa.int/esaCN/index.html">&#51473;&#44397;</a> '
            '<a href="http://www.esa.int/esaJP/index.html">&#51068;&#48376;</a></td></tr></table></body></html>')
    _, res = build(html, {}, locale="ja", rel="esa/coop.html")
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', res.html)
    assert hrefs == ["../../ko/esa/coop.html", "../../zh_TW/esa/coop.html", "../../zh_CN/esa/coop.html",
                     "coop.html"]
    marks = re.findall(r'<a lang="([^"]*)" hreflang="([^"]*)"( aria-current="page")? href', res.html)
    # the labels are Korean words (Taiwan, China, Japan): `lang` says so, `hreflang` where each link leads
    assert marks == [("ko", "ko", ""), ("ko", "zh-TW", ""), ("ko", "zh-CN", ""),
                     ("ko", "ja", ' aria-current="page"')]
    assert "&#51068;&#48376;</a>" in res.html  # the labels name languages: kept as they are


def test_legacy_windows_1252_page_builds_to_utf8(project):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
            "<body><p>Europe’s Spaceport</p><p><a href=\"/esaKO/\">&#54620;&#44397;</a></p></body></html>").encode("cp1252")
    root = project({"legacy.html": page}, locales=["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    (root / "locales" / "ko" / "LC_MESSAGES").mkdir(parents=True)
    po.save(str(root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"))
    assert main(["build", "--root", str(root), "-q"]) == 0
    data = (root / "build" / "ko" / "legacy.html").read_bytes()
    text = data.decode("utf-8")
    assert "Europe\u2019s Spaceport" in text and "\x92" not in text
    assert "charset=utf-8" in text


def make_site(project, pages, translations):
    root = project(pages, locales=["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for msgid, msgstr in translations.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return root


def test_incremental_build_touches_only_the_changed_page(project, capsys):
    pages = {f"p{i}.html": f"<html><body><p>Page {i} text</p></body></html>" for i in range(10)}
    root = make_site(project, pages, {"Page 3 text": "3쪽 본문"})
    assert main(["build", "--root", str(root), "-q"]) == 0
    out = root / "build" / "ko"
    assert "3쪽 본문" in (out / "p3.html").read_text("utf-8")
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
    assert main(["build", "--root", str(root)]) == 0
    assert "0 pages written" in capsys.readouterr().err
    (root / "source_html" / "p5.html").write_text("<html><body><p>Page 5 changed</p></body></html>")
    assert main(["build", "--root", str(root)]) == 0
    assert "2 pages written" in capsys.readouterr().err  # the source-language page and the Korean one
    changed = [p.name for p in out.glob("*.html") if p.stat().st_mtime_ns != mtimes[p.name]]
    assert changed == ["p5.html"]


def test_the_sitemap_is_not_counted_as_a_page(project, capsys):
    """With base_url the build writes sitemap.xml too: "3 pages written" for two pages was a page too many."""
    root = make_site(project, {"a.html": "<p>Page text</p>"}, {"Page text": "본문"})
    toml = root / "pyproject.toml"
    toml.write_text(toml.read_text("utf-8").replace("[tool.l10n]", '[tool.l10n]\nbase_url = "https://example.org/"'),
                    "utf-8")
    assert main(["build", "--root", str(root)]) == 0
    assert "2 pages written, 1 sitemap file(s) written, 0 up to date" in capsys.readouterr().err
    assert main(["build", "--root", str(root), "--force", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] == [] and report["sitemap_written"] == 0


def test_include_fuzzy_builds_a_preview(project):
    root = make_site(project, {"a.html": "<p>Hello there</p>"}, {})
    path = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="Hello there", msgstr="안녕하세요", flags=["fuzzy"]))
    po.save(str(path))
    assert main(["build", "--root", str(root), "-q"]) == 0
    assert "안녕하세요" not in (root / "build" / "ko" / "a.html").read_text("utf-8")
    assert main(["build", "--root", str(root), "-q", "--include-fuzzy", "-o", str(root / "preview")]) == 0
    assert "안녕하세요" in (root / "preview" / "ko" / "a.html").read_text("utf-8")


def test_parallel_build_matches_serial(project):
    pages = {f"s/p{i}.html": f"<html><body><p>Text {i}</p><p>Common</p></body></html>" for i in range(12)}
    root = make_site(project, pages, {"Common": "공통"})
    assert main(["build", "--root", str(root), "-q", "-j", "2", "-o", str(root / "par")]) == 0
    assert main(["build", "--root", str(root), "-q", "-j", "1", "-o", str(root / "ser")]) == 0
    serial = sorted(p.relative_to(root / "ser") for p in (root / "ser").rglob("*.html"))
    assert serial == sorted(p.relative_to(root / "par") for p in (root / "par").rglob("*.html"))
    for rel in serial:
        assert (root / "ser" / rel).read_bytes() == (root / "par" / rel).read_bytes()


def test_the_parent_loads_pages_while_the_catalogues_are_parsed(project, tmp_path):
    """The store is written in a child; the parent meanwhile works through its own steps (loading pages the
    workers inherit), and the store is complete all the same.  With one job nothing runs beside it."""
    from contextlib import ExitStack

    from toolkit.build import site as b
    from toolkit.build.translations import TranslationStore, store_digest, store_keys

    root = make_site(project, {f"p{i}.html": f"<p>Text {i}</p>" for i in range(3)}, {"Text 1": "글 1"})
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    for workers, expect_steps in ((2, True), (1, False)):
        steps: list[int] = []
        target = tmp_path / f"store-{workers}.sqlite"
        with ExitStack() as scratch:
            written = b._write_stores([(str(po), str(target), False, store_digest("x", False))], workers, scratch,
                                      (time.sleep(0.001) or steps.append(n) for n in range(100_000)))
        assert written == {str(po): str(target)}
        assert TranslationStore(target).lookup(store_keys([(None, "Text 1")])) == {(None, "Text 1"): "글 1"}
        assert bool(steps) is expect_steps and len(steps) < 100_000  # stopped when the child was done


def test_build_without_catalogue_is_a_clear_error(project, capsys):
    root = project({"a.html": "<p>x</p>"}, locales=["ko"])
    assert main(["build", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "l10n init" in err and "Traceback" not in err


@pytest.mark.parametrize("path", sample_pages(), ids=lambda p: p.name)
def test_build_finds_the_same_language_links_as_discovery(path):
    from toolkit.discover import discover_language_links, rewritable, switcher_links

    text, _ = decode_html(path.read_bytes())
    doc = parse_document(text)
    ours = [(link.tag.attrs["href"].value, link.locale, link.text) for link in switcher_links(doc, "en")]
    theirs = [(link.href, link.locale, link.text) for link in discover_language_links(text) if rewritable(link)]
    assert ours == theirs and len(ours) >= 4


def test_translations_cache_follows_the_catalogue(tmp_path):
    from toolkit.build import load_translations

    po_path = tmp_path / "ko" / "LC_MESSAGES" / "messages.po"
    po_path.parent.mkdir(parents=True)
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Hello", msgstr="안녕"))
    po.append(polib.POEntry(msgid="Draft", msgstr="초안", flags=["fuzzy"]))
    po.save(str(po_path))
    cache = tmp_path / "cache"
    assert load_translations(po_path, False, cache) == {(None, "Hello"): "안녕"}
    assert (cache / "build-ko.sqlite").is_file() and not list(cache.glob("*.pickle"))
    assert load_translations(po_path, True, cache) == {(None, "Hello"): "안녕", (None, "Draft"): "초안"}
    po[0].msgstr = "안녕하세요"
    po.save(str(po_path))
    assert load_translations(po_path, False, cache) == {(None, "Hello"): "안녕하세요"}


def test_building_one_locale_still_links_every_locale(project):
    root = project({"a.html": "<html><head></head><body><p>Hello</p></body></html>"})
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    assert main(["build", "--root", str(root), "-q", "-l", "ja"]) == 0
    out = (root / "build" / "ja" / "a.html").read_text("utf-8")
    for lang in ("ko", "zh-TW", "zh-CN", "ja", "en", "x-default"):
        assert f'hreflang="{lang}"' in out
    assert not (root / "build" / "ko").exists()


def test_pseudo_preview_of_the_sample_translates_every_unit(sample_project):
    root = str(sample_project)
    assert main(["init", "--root", root, "-q", "-l", "de"]) == 0
    assert main(["translate", "--root", root, "-q", "-l", "de", "--engine", "pseudo"]) == 0
    assert main(["build", "--root", root, "-q", "-l", "de", "--include-fuzzy"]) == 0
    for page in sample_pages():
        rel = page.relative_to(REPO / "source_html")
        out = (sample_project / "build" / "de" / rel).read_text("utf-8")
        doc = parse_document(out)
        untranslated = [u.msgid for u in doc.units if "[!!" not in u.msgid and not u.msgid.startswith("<a1>")]
        assert untranslated == [], untranslated  # only the language switcher row is kept as is


def test_its_locale_filter_is_honoured_by_the_build():
    html = '<body><p its-locale-filter-list="ja">Japan only</p><p>Everyone</p></body>'
    tr = {(None, "Japan only"): "日本だけ", (None, "Everyone"): "皆"}
    _, ja = build(html, tr, locale="ja")
    _, ko = build(html, tr, locale="ko")
    assert "日本だけ" in ja.html and "皆" in ja.html
    assert "日本だけ" not in ko.html and "皆" in ko.html
    assert '<p lang="en" its-locale-filter-list="ja">Japan only</p>' in ko.html  # kept, marked English


def test_its_locale_filter_holds_for_attributes_too():
    """The template is shared, so machine translation fills an `alt` a filter keeps for Japanese in every catalogue:
    only the locales the filter allows may publish it."""
    html = '<body><div its-locale-filter-list="ja"><img src="m.png" alt="Map of Japan"><p>Japan only</p></div></body>'
    tr = {(None, "Map of Japan"): "日本地図", (None, "Japan only"): "日本だけ"}
    _, ja = build(html, tr, locale="ja")
    _, ko = build(html, tr, locale="ko")
    assert 'alt="日本地図"' in ja.html
    assert "日本地図" not in ko.html and 'alt="Map of Japan"' in ko.html


def test_html_lang_xml_lang_and_direction_say_the_target_language():
    """XHTML served as XML reads `xml:lang` over `lang`: left English, a localised page claimed to be English; and
    an Arabic page needs `dir="rtl"` on its root, or every paragraph runs left to right."""
    page = '<html lang="en" xml:lang="en" xmlns="http://www.w3.org/1999/xhtml"><body><p>Hello</p></body></html>'
    _, ko = build(page, {(None, "Hello"): "안녕"}, locale="ko")
    assert '<html lang="ko" xml:lang="ko" xmlns=' in ko.html
    layout = SiteLayout("en", ["ar"], {"en": "en", "ar": "ar"})
    res = build_page(parse_document(page), "page.html", "ar", {(None, "Hello"): "مرحبا"}, layout)
    root = html5lib.parse(res.html, namespaceHTMLElements=False)
    assert (root.get("lang"), root.get("xml:lang"), root.get("dir")) == ("ar", "ar", "rtl")


def test_a_language_links_wrong_lang_and_hreflang_are_corrected():
    """A switcher's links copied from one another keep `lang="en"`: screen readers read 한국어 and 日本語 in an English
    voice.  Each link says the language it leads to."""
    html = ('<body><p><a href="ko/page.html" lang="en">한국어</a> | '
            '<a href="ja/page.html" lang="en">日本語</a></p></body>')
    _, res = build(html, {}, locale="ko")
    links = {a.text: dict(a.attrib) for a in html5lib.parse(res.html, namespaceHTMLElements=False).iter("a")}
    assert links["한국어"]["lang"] == links["한국어"]["hreflang"] == "ko"
    assert links["日本語"]["lang"] == links["日本語"]["hreflang"] == "ja"


def test_links_with_a_locale_only_in_the_url_are_left_alone():
    html = ('<body><p>See <a href="https://learn.example.com/en-us/windows/cfg">Control Flow Guard</a> and '
            '<a href="https://vendor.example/ja/products/x">the product page</a>.</p>'
            '<p><a href="/ko/page.html">한국어</a> <a href="/ja/page.html" hreflang="ja">JA</a></p></body>')
    _, res = build(html, {}, locale="ko")
    assert 'href="https://learn.example.com/en-us/windows/cfg"' in res.html
    assert 'href="https://vendor.example/ja/products/x"' in res.html
    # the switcher's own links keep the root-absolute form their source wrote
    assert 'href="/ko/page.html">한국어' in res.html and 'href="/ja/page.html" hreflang="ja"' in res.html


DROPDOWN = ('<body><select onchange="location.href=this.value" aria-label="Language">\n'
            '  <option value="/index.html" selected>English</option>\n'
            '  <option value="/ko/index.html">한국어</option>\n'
            '  <option value="/ja/">日本語</option>\n'
            '</select><p>Hello</p></body>')


ERROR_PAGE = ('<!doctype html><html lang="en"><head><title>Not found</title><link rel="stylesheet" href="css/site.css">'
              '<script type="importmap">{"imports": {"lib": "./js/lib.js"}}</script></head><body><nav>'
              '<a href="/" hreflang="en">English</a> <a href="/ko/" hreflang="ko">한국어</a> '
              '<a href="ja/404.html" hreflang="ja">日本語</a></nav><p>Page not found.</p>'
              '<a href="index.html">Home</a> <img src="img/logo.png" alt="Logo"></body></html>')


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_an_error_pages_links_work_from_whatever_address_was_missed(locale):
    """A server sends 404.html at the address that was missed: at /nope/x.html every language link and alternate the
    build wrote relative (`ko/404.html`, `../ja/404.html`) led to /nope/ko/404.html.  On an error page they are
    root-absolute, and so are the references the build rewrites in a locale's copy; the source's copy keeps its
    author's references."""
    from urllib.parse import urljoin

    layout = replace(LAYOUT, pages=frozenset({"404.html", "index.html"}))
    out = build_page(parse_document(ERROR_PAGE), "404.html", locale, {}, layout).html
    links = {a.text: a.get("href") for a in html5lib.parse(out, namespaceHTMLElements=False).iter("a")}
    missed = "https://example.org/nope/x.html"
    assert {text: urljoin(missed, href) for text, href in links.items() if text != "Home"} == {
        "English": "https://example.org/404.html", "한국어": "https://example.org/ko/404.html",
        "日本語": "https://example.org/ja/404.html"}
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', out)
    assert alternates == [("en", "/404.html"), ("ko", "/ko/404.html"), ("zh-TW", "/zh_TW/404.html"),
                          ("zh-CN", "/zh_CN/404.html"), ("ja", "/ja/404.html"), ("x-default", "/404.html")]
    if locale == "ko":
        assert 'href="/css/site.css"' in out and 'src="/img/logo.png"' in out and links["Home"] == "/ko/index.html"
        assert '"lib": "/js/lib.js"' in out  # (an import map takes a root-absolute address as it is)
    else:  # the source's copy: its own references as written
        assert 'href="css/site.css"' in out and 'src="img/logo.png"' in out and links["Home"] == "index.html"
    # under a base path the configuration knows, root-absolute means under it; alternates are absolute
    sub = replace(layout, base_url="https://example.org/docs/")
    out = build_page(parse_document(ERROR_PAGE), "404.html", locale, {}, sub).html
    links = {a.text: a.get("href") for a in html5lib.parse(out, namespaceHTMLElements=False).iter("a")}
    assert links["日本語"] == "/docs/ja/404.html" and links["한국어"] == "/docs/ko/404.html"
    assert '<link rel="alternate" hreflang="ja" href="https://example.org/docs/ja/404.html">' in out
    if locale == "ko":
        assert 'href="/docs/css/site.css"' in out and links["Home"] == "/docs/ko/index.html"
    # any other page: what the build writes stays relative (a root-absolute link keeps its form)
    out = build_page(parse_document(ERROR_PAGE), "about.html", locale, {}, layout).html
    assert '<a lang="ja" href="' + ("ja/about.html" if locale == "en" else "../ja/about.html") in out
    assert '<link rel="alternate" hreflang="en" href="' + ("about.html" if locale == "en" else "../about.html") in out


HOURS = '<div class="hours"><h2>Opening hours</h2><p>Monday to Friday.</p><a href="/ko/">한국어</a></div>\n'


def test_a_fragment_gets_no_page_head():
    """An include file (no <html>, <head>, <body>, no doctype) was given a page's head: `<html lang="fr"><meta
    charset><link rel=alternate>`×4 before its <div>, in the source-language copy too, so the page including it (SSI,
    a fetch into innerHTML) got stray head markup.  Its language goes on its one root element; its source copy is the
    source; its language links lead where they did (to the fragment's copies, they led nowhere useful)."""
    done = {(None, "Opening hours"): "영업 시간"}
    for layout in (LAYOUT, replace(LAYOUT, base_url="https://example.org/")):
        assert build_page(parse_document(HOURS), "partials/hours.html", "en", {}, layout).html == HOURS
        out = build_page(parse_document(HOURS), "partials/hours.html", "ko", done, layout).html
        assert out == ('<div lang="ko" class="hours"><h2>영업 시간</h2><p lang="en">Monday to Friday.</p>'
                       '<a href="/ko/">한국어</a></div>\n')
    out = build_page(parse_document(HOURS), "partials/hours.html", "ar", {}, RTL_LAYOUT).html
    assert out.startswith('<div lang="ar" dir="rtl" class="hours">')
    html = '<!-- hours --><div class="hours" dir="ltr"><p>Monday to Friday.</p></div>'
    out = build_page(parse_document(html), "hours.html", "ar", {(None, "Monday to Friday."): "من الاثنين"},
                     RTL_LAYOUT).html
    assert out == '<!-- hours --><div lang="ar" class="hours" dir="rtl"><p>من الاثنين</p></div>'


def test_a_fragment_whose_root_is_its_untranslated_text_says_the_source_language_once():
    """A one-paragraph include file left untranslated was built `<p lang="ko" lang="en">A</p>`: two `lang`s on one
    tag, invalid, and the first (the wrong one) is what browsers read.  Its root's text is English, so it says so."""
    assert build_page(parse_document("<p>Hello</p>"), "a.html", "ko", {}, LAYOUT).html == '<p lang="en">Hello</p>'
    out = build_page(parse_document("<p>Hello</p>"), "a.html", "ko", {(None, "Hello"): "안녕"}, LAYOUT).html
    assert out == '<p lang="ko">안녕</p>'
    out = build_page(parse_document("<p>Hello</p>"), "a.html", "ar", {}, RTL_LAYOUT).html
    assert out == '<p lang="en" dir="ltr">Hello</p>'  # English in a right-to-left page


@pytest.mark.parametrize("html", [
    "<h2>Opening hours</h2><p>Monday to Friday.</p>",  # two roots
    '<h2><svg><title>Clock</title><path d="M0 0"/></svg>Opening hours</h2><p>Monday to Friday.</p>',  # (an icon's)
    "Opening hours: <b>Monday to Friday</b>",  # text of its own at the top
    "<p>Opening hours<div>Monday to Friday</div>",  # the <div> ends the <p>: two roots, as a browser builds them
    "<style>p { color: red }</style><p>Opening hours</p>",
])
def test_a_fragment_of_several_roots_says_no_language_of_its_own(html):
    out = build_page(parse_document(html), "hours.html", "ko", {}, LAYOUT).html
    assert "<html" not in out and "<meta" not in out and "<link" not in out and 'lang="ko"' not in out
    assert build_page(parse_document(html), "hours.html", "en", {}, LAYOUT).html == html


def test_a_page_that_leaves_out_html_head_and_body_is_still_a_page():
    """HTML lets a page leave out all three tags: one that begins with its <title> or a <meta charset> is a page
    (built as a fragment, its translation in UTF-8 had no charset to say so); an icon's <title> in an SVG is not."""
    for html in ("<!doctype html><title>Hours</title><p>Monday to Friday.</p>", "<body><p>Monday to Friday.</p>",
                 "<title>Hours</title>\n<p>Monday to Friday.</p>", "<meta charset=windows-1252><p>Monday to Friday.</p>",
                 '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1"><p>Monday to Friday.</p>',
                 "<svg><title>Clock</title></svg><title>Hours</title><p>Monday to Friday.</p>",
                 '<meta name="viewport" content="width=device-width"><h1>Hours</h1><p>Monday to Friday.</p>',
                 '<link rel="stylesheet" href="site.css"><h1>Hours</h1><p>Monday to Friday.</p>'):
        out = build_page(parse_document(html), "hours.html", "ko", {}, LAYOUT).html
        assert '<html lang="ko">' in out and 'rel="alternate"' in out
        assert '<meta charset="utf-8">' in out or 'charset=utf-8"' in out


@pytest.mark.parametrize("pages", [None, frozenset({"about/team.html"})])
def test_a_language_link_to_a_locale_the_site_does_not_build_still_leads_there(pages):
    """A switcher link to a language the site has no catalogue for is another part of the site: its relative URL
    was left as written (as the switcher's it was no reference), so one folder deeper it led nowhere; it is rebased
    as ../files/report.pdf is, and never made the locale's copy of a page (root-absolute it stays)."""
    html = ('<html lang="en"><body><nav><a href="team.html" hreflang="en">English</a> | '
            '<a href="../de/about/team.html" hreflang="de">Deutsch</a> | '
            '<a href="/fr/about/team.html" hreflang="fr">Français</a></nav><select onchange="location.href=this.value">'
            '<option value="team.html">English</option><option value="../de/about/team.html">Deutsch</option>'
            '</select><p>Hi <a href="../files/report.pdf">PDF</a></p></body></html>')
    ko = build_page(parse_document(html), "about/team.html", "ko", {}, replace(LAYOUT, pages=pages)).html
    assert '<a href="../../de/about/team.html" hreflang="de">Deutsch</a>' in ko
    assert '<a href="/fr/about/team.html" hreflang="fr">Français</a>' in ko
    assert '<option value="../../de/about/team.html">Deutsch</option>' in ko
    assert '<a href="../../files/report.pdf">PDF</a>' in ko
    en = build_page(parse_document(html), "about/team.html", "en", {}, replace(LAYOUT, pages=pages)).html
    assert '<a href="../de/about/team.html" hreflang="de">Deutsch</a>' in en  # the source's copy: where it was


def test_a_dropdown_switcher_leads_to_the_built_pages():
    """Each option's value leads to the built page of its locale in the form the source wrote (a script reads it),
    gets lang, and the page's own language is the selected option; the labels stay; nothing else changes."""
    _, ko = build(DROPDOWN, {(None, "Hello"): "안녕"}, locale="ko", rel="index.html")
    assert ('<select onchange="location.href=this.value" aria-label="Language">\n'
            '  <option lang="en" value="/index.html">English</option>\n'
            '  <option lang="ko" selected value="/ko/index.html">한국어</option>\n'
            '  <option lang="ja" value="/ja/">日本語</option>\n'  # (a folder's URL, as the source wrote)
            '</select>') in ko.html
    assert_only_declared_edits(DROPDOWN, ko.html, translated=True)
    _, en = build(DROPDOWN, {}, locale="en", rel="index.html")
    assert '<option lang="en" value="/index.html" selected>English</option>' in en.html
    assert '<option lang="ja" value="/ja/">日本語</option>' in en.html
    assert_identity_but_allowed(DROPDOWN, rel="index.html")
    relative = DROPDOWN.replace('"/index.html"', '"../index.html"').replace('"/ko/index.html"', '"../ko/index.html"')
    _, ja = build(relative, {}, locale="ja", rel="docs/index.html")
    assert '<option lang="en" value="../../docs/index.html">English</option>' in ja.html
    assert '<option lang="ko" value="../../ko/docs/index.html">한국어</option>' in ja.html
    assert '<option lang="ja" selected value="/ja/docs/">日本語</option>' in ja.html
    absolute = DROPDOWN.replace('"/ko/index.html"', '"https://example.org/ko/index.html"')
    _, ja = build(absolute, {}, locale="ja", rel="index.html")
    assert 'value="../ko/index.html">한국어' in ja.html  # no base_url: relative, as an anchor's
    layout = replace(LAYOUT, base_url="https://example.org/")
    doc = parse_document(absolute)
    ja = build_page(doc, "index.html", "ja", {}, layout)
    assert 'value="https://example.org/ko/index.html">한국어' in ja.html


def test_dropdown_options_without_urls_keep_their_values():
    """A form or a script makes the URL of a code (value="ko"): the value stays, lang and selected follow the page;
    data-url/data-href are the URL a script reads."""
    html = ('<body><form action="/search"><select name="hl"><option value="en" selected>English</option>'
            '<option value="ko">Korean</option><option value="ja">日本語</option></select></form>'
            '<select id="site" onchange="go(this)"><option data-url="/index.html" value="en">English</option>'
            '<option data-href="/ko/index.html" value="ko" selected="selected">한국어</option></select></body>')
    _, ja = build(html, {}, locale="ja", rel="index.html")
    assert ('<select name="hl"><option lang="en" value="en">English</option><option lang="en" value="ko">Korean</option>'
            '<option lang="ja" selected value="ja">日本語</option></select>') in ja.html  # "Korean" is English
    # no option for ja: the select keeps its selected option
    assert ('<option lang="en" data-url="/index.html" value="en">English</option>'
            '<option lang="ko" data-href="/ko/index.html" value="ko" selected="selected">한국어</option>') in ja.html
    _, ko = build(html, {}, locale="ko", rel="index.html")
    assert '<option lang="ko" data-href="/ko/index.html" value="ko" selected="selected">한국어</option>' in ko.html
    assert '<option lang="en" selected value="ko">Korean</option>' in ko.html
    assert_identity_but_allowed(html, rel="index.html")


SURVEY = ('<body><form action="https://example.org/survey"><select name="size"><option>Small</option>'
          '<option>\n  Large &amp; &quot;wide&quot;\n</option><option value="m">Medium</option>'
          '<option>&nbsp;Pear<!-- x --> tart </option><option>Same</option><option>Kept</option></select></form>'
          '<select onchange="location.href=this.value" aria-label="Language"><option value="/index.html">English</option>'
          '<option value="/ko/index.html">한국어</option></select></body>')
SURVEY_KO = {(None, "Small"): "작은", (None, 'Large & "wide"'): "큰", (None, "Medium"): "중간",
             (None, "Pear tart"): "배 타르트", (None, "Same"): "Same"}


def submitted(html: str, parse=html5lib.parse) -> list[str]:
    """Each option's value as a browser has it: its value attribute, else its text, stripped and collapsed."""
    def text(el) -> str:  # (its comments' aside)
        return (el.text or "") + "".join((text(c) if isinstance(c.tag, str) else "") + (c.tail or "") for c in el)

    root = parse(html, namespaceHTMLElements=False) if parse is html5lib.parse else parse(html)
    return [o.get("value") if o.get("value") is not None else re.sub(r"[\t\n\f\r ]+", " ", text(o)).strip(" \t\n\f\r")
            for o in root.iter() if isinstance(o.tag, str) and o.tag.split("}")[-1] == "option"]


def test_a_translated_option_without_a_value_keeps_the_value_its_form_submitted():
    """An option's value is its text when it has no value attribute: a translated <option>Small</option> built as
    <option>작은</option> sent size=작은 to a server expecting Small.  The built option states the source's value;
    one untranslated, translated as it was, or with a value of its own, and the switcher's options, are left."""
    _, ko = build(SURVEY, SURVEY_KO, rel="index.html")
    assert submitted(ko.html) == submitted(SURVEY) == ["Small", 'Large & "wide"', "m", "\u00a0Pear tart", "Same", "Kept",
                                                      "/index.html", "/ko/index.html"]
    assert '<option value="Small">작은</option>' in ko.html
    assert '<option value="Large &amp; &quot;wide&quot;">\n  큰\n</option>' in ko.html
    assert '<option value="m">중간</option><option value="&nbsp;Pear tart">&nbsp;배 타르트<!-- x --> </option>' in ko.html
    assert "<option>Same</option>" in ko.html and '<option lang="en">Kept</option>' in ko.html
    assert ('<option lang="en" value="/index.html">English</option><option lang="ko" selected value="/ko/index.html">'
            "한국어</option>") in ko.html
    assert_only_declared_edits(SURVEY, ko.html, translated=True)


def test_a_translated_datalist_suggestion_gets_no_value():
    """A <datalist>'s options are suggestions a browser puts into a text field as their value: a value added to a
    translated one put the English "Apple" into a French user's field.  A <select>'s option after it still gets its
    value."""
    html = ('<body><input list="fruits"><datalist id="fruits"><option>Apple</option></datalist>'
            '<select name="size"><option>Small</option></select></body>')
    _, ko = build(html, {(None, "Apple"): "사과", (None, "Small"): "작은"}, rel="index.html")
    assert "<datalist id=\"fruits\"><option>사과</option></datalist>" in ko.html
    assert '<option value="Small">작은</option>' in ko.html


def test_a_translated_option_of_an_xhtml_page_keeps_its_value_well_formed():
    from xml.etree import ElementTree

    page = f'<html xmlns="http://www.w3.org/1999/xhtml">{SURVEY.replace("&nbsp;", "&#160;")}</html>'
    _, ko = build(page, SURVEY_KO, rel="index.xhtml")
    assert '<option value="&#160;Pear tart">&#160;배 타르트<!-- x --> </option>' in ko.html
    assert submitted(ko.html, ElementTree.fromstring)[:6] == submitted(page, ElementTree.fromstring)[:6]


DATES = ('<body><p>Published <time>2024-05-01</time> by us.</p><p>At <time class="t">\n 10:00 </time> today, '
         '<time>soon</time>.</p><p>Since <time>2019</time>, <time datetime="2020-01">January</time>.</p>'
         '<p><time>2024-05-01T10:00Z</time></p><div><time>PT2H30M</time></div></body>')
DATES_KO = {(None, "Published <time>2024-05-01</time> by us."): "우리가 <time>2024년 5월 1일</time>에 게시함.",
            (None, "At <time1> 10:00 </time1> today, <time2>soon</time2>."): "오늘 <time1>10시</time1>, <time2>곧</time2>.",
            (None, "Since <time1>2019</time1>, <time2>January</time2>."): "<time1>2019</time1>년부터, <time2>1월</time2>.",
            (None, "2024-05-01T10:00Z"): "2024년 5월 1일 10:00 UTC", (None, "PT2H30M"): "2시간 30분"}


def test_a_translated_time_keeps_its_date_in_datetime():
    """Without datetime a <time>'s text is its date (HTML requires a valid one there): translated, it was no date.
    The built <time> states the source's text, when that is a date or time and the translation changed it."""
    doc, ko = build(DATES, DATES_KO)
    assert {u.msgid for u in doc.units} == {m for _c, m in DATES_KO}
    assert '우리가 <time datetime="2024-05-01">2024년 5월 1일</time>에 게시함.' in ko.html
    assert '오늘 <time datetime="10:00" class="t">10시</time>, <time>곧</time>.' in ko.html  # ("soon": no date)
    assert '<time>2019</time>년부터, <time datetime="2020-01">1월</time>.' in ko.html  # (unchanged; its own)
    assert '<p><time datetime="2024-05-01T10:00Z">2024년 5월 1일 10:00 UTC</time></p>' in ko.html
    assert '<div><time datetime="PT2H30M">2시간 30분</time></div>' in ko.html
    assert_only_declared_edits(DATES, ko.html, translated=True)
    assert_identity_but_allowed(DATES)  # untranslated: as it was
    _, ko = build(f'<html xmlns="http://www.w3.org/1999/xhtml">{DATES}</html>', DATES_KO, rel="page.xhtml")
    assert '우리가 <time datetime="2024-05-01">2024년 5월 1일</time>에 게시함.' in ko.html


@pytest.mark.parametrize("text, valid", [
    ("2024", True), ("2024-05", True), ("2024-05-01", True), ("--05-01", True), ("05-01", True), ("2024-W18", True),
    ("10:00", True), ("23:59:59.123", True), ("2024-05-01T10:00", True), ("2024-05-01 10:00:30Z", True),
    ("2024-05-01T10:00+02:00", True), ("+0530", True), ("PT2H30M", True), ("P3D", True), ("4h 18m 3s", True),
    ("2024-13-01", False), ("24:00", False), ("May 1", False), ("P", False), ("PT", False), ("10h30", False),
    ("2024-05-01T", False), ("soon", False), ("", False)])
def test_html_date_and_time_strings(text, valid):
    from toolkit.build.values import is_date_time

    assert is_date_time(text) is valid


def test_selects_that_are_no_language_switchers_are_left_as_they_are():
    html = ('<body><form action="/order"><select name="country"><option value="KR">대한민국</option>'
            '<option value="JP" selected>日本</option></select>'
            '<select name="size"><option value="s">S</option><option value="m" selected>M</option></select>'
            '<select onchange="location.href=this.value"><option value="/ko/" selected>한국어</option></select>'
            '<select multiple><option value="/ko/">한국어</option><option value="/ja/">日本語</option></select>'
            '<select><option>English</option><option selected>한국어</option></select></form></body>')
    tr = {(None, u.msgid): u.msgid for u in parse_document(html).units}  # "translated" as they are: no lang marks
    _, ja = build(html, tr, locale="ja")
    body = html[html.index("<body>"):]
    assert body in ja.html
    assert sorted(tr) == sorted({(None, m) for m in ("대한민국", "日本", "S", "M", "한국어", "日本語", "English")})


def test_dropdown_edits_on_an_xhtml_page_stay_xml():
    html = ('<html xmlns="http://www.w3.org/1999/xhtml"><body><select aria-label="Language">'
            '<option value="/index.xhtml" selected="selected">English</option>'
            '<option value="/ko/index.xhtml">한국어</option></select></body></html>')
    _, ko = build(html, {}, locale="ko", rel="index.xhtml")
    assert ('<option lang="en" value="/index.xhtml">English</option>'
            '<option lang="ko" selected="selected" value="/ko/index.xhtml">한국어</option>') in ko.html


def test_a_hostile_dropdown_lets_no_markup_in():
    """A script's value (javascript:) in a sure option is replaced by the built page's URL, never kept as a
    target; a value or label holding markup stays text."""
    html = ('<body><select onchange="location.href=this.value">'
            '<option value="/index.html">English</option>'
            '<option value="javascript:alert(1)">한국어</option>'
            '<option value="/ja/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">日本語</option>'
            '<option value="/zh-tw/">&lt;script&gt;alert(1)&lt;/script&gt;</option></select></body>')
    _, ko = build(html, {(None, "<script>alert(1)</script>"): "<script>alert(2)</script>"}, locale="ko")
    assert "javascript:" not in ko.html and "<script" not in ko.html
    assert '<option lang="ko" selected value="page.html">한국어</option>' in ko.html
    assert '<option lang="ja" value="/ja/page.html">日本語</option>' in ko.html
    assert 'value="/zh-tw/">&lt;script&gt;alert(2)&lt;/script&gt;</option>' in ko.html  # no language: a message
    assert_only_declared_edits(html, ko.html, translated=True)


def test_language_links_are_matched_to_the_sites_locales_by_their_tags():
    """A link's hreflang names the site's version whose tag it is (pt-BR, sr-Latn, fil), or the same language version
    (zh-Hant of zh_TW, ko-KR of ko), or by RFC 4647 lookup in the same script (de-CH of de): it leads to the built
    page, says the site's tag, and the page's own link is aria-current; sr-Latn is no link to Cyrillic sr."""
    layout = SiteLayout("en", ["pt_BR", "sr@latin", "fil", "zh_TW", "ko", "de", "sr"],
                        {"en": "en", "pt_BR": "pt-BR", "sr@latin": "sr-Latn", "fil": "fil", "zh_TW": "zh-TW", "ko": "ko",
                         "de": "de", "sr": "sr"})
    html = ('<body><ul><li><a href="/pt-br/page.html" hreflang="pt-BR">Português (Brasil)</a></li>'
            '<li><a href="/sr-latn/page.html" hreflang="sr-Latn">Srpski</a></li>'
            '<li><a href="/fil/page.html" hreflang="fil">Filipino</a></li>'
            '<li><a href="/zh-hant/page.html" hreflang="zh-Hant">繁體中文</a></li>'
            '<li><a href="/ko-kr/page.html" hreflang="ko-KR">한국어</a></li>'
            '<li><a href="/de-ch/page.html" hreflang="de-CH">Deutsch (Schweiz)</a></li></ul><p>Hello</p></body>')
    doc = parse_document(html)
    assert [u.msgid for u in content_units(doc)] == ["Hello"]  # no language name is a message
    pt = build_page(doc, "page.html", "pt_BR", {(None, "Hello"): "Olá"}, layout)
    assert pt.translated == 1 and pt.fallback == 0
    # (each keeps the root-absolute form its source wrote)
    assert '<a lang="pt-BR" aria-current="page" href="/pt_BR/page.html" hreflang="pt-BR">' in pt.html
    assert '<a lang="sr-Latn" href="/sr@latin/page.html" hreflang="sr-Latn">Srpski' in pt.html
    assert '<a lang="fil" href="/fil/page.html" hreflang="fil">Filipino' in pt.html
    assert '<a lang="zh-TW" href="/zh_TW/page.html" hreflang="zh-TW">繁體中文' in pt.html
    assert '<a lang="ko" href="/ko/page.html" hreflang="ko">한국어' in pt.html
    assert '<a lang="de" href="/de/page.html" hreflang="de">Deutsch (Schweiz)' in pt.html
    assert "<a lang=\"sr\"" not in pt.html


def test_an_authored_alternate_names_the_version_of_its_script():
    """``sr-Latn`` is a Latin-script site's alternate (sr@latin's tag), never Cyrillic sr's; ``zh-Hant`` is zh_TW's."""
    from toolkit.build.head import authored_alternates

    doc = parse_document('<html><head><link rel="alternate" hreflang="sr-Latn" href="/sr-latn/">'
                         '<link rel="alternate" hreflang="zh-Hant" href="/zh-hant/"></head><body><p>Hi</p></body></html>')
    named = {t.attrs["hreflang"].value: loc for t, loc in
             authored_alternates(doc, "page.html", SiteLayout("en", ["sr", "zh_TW"], {"sr": "sr", "zh_TW": "zh-TW"}))}
    assert named == {"zh-Hant": "zh_TW"}
    latin = SiteLayout("en", ["sr@latin"], {"sr@latin": "sr-Latn"})
    assert [loc for _, loc in authored_alternates(doc, "page.html", latin)] == ["sr@latin"]


def test_a_page_with_both_anchors_and_a_dropdown():
    html = ('<body><nav><a href="/ko/page.html">한국어</a> <a href="/ja/page.html">日本語</a></nav>'
            '<select aria-label="Language"><option value="/page.html" selected>English</option>'
            '<option value="/ko/page.html">한국어</option><option value="/ja/page.html">日本語</option></select>'
            '<p><a href="#">Top</a></p></body>')
    _, ko = build(html, {}, locale="ko")
    assert ('<a lang="ko" hreflang="ko" aria-current="page" href="/ko/page.html">한국어</a> '
            '<a lang="ja" hreflang="ja" href="/ja/page.html">日本語</a>') in ko.html
    assert ('<option lang="en" value="/page.html">English</option><option lang="ko" selected value="/ko/page.html">'
            '한국어</option><option lang="ja" value="/ja/page.html">日本語</option>') in ko.html
    assert '<a href="#">Top</a>' in ko.html
    assert_identity_but_allowed(html)


def test_a_sure_language_link_to_no_page_names_no_other_link():
    """`href="#"` on a script's language link is shared with "Back to top": that link stays as it is."""
    html = '<body><nav><a href="#" onclick="setLang(\'ko\')">한국어</a></nav><p><a href="#">Back to top</a></p></body>'
    _, ja = build(html, {(None, "Back to top"): "トップへ"}, locale="ja")
    assert '<a lang="ko" hreflang="ko" href="../ko/page.html" onclick="setLang(\'ko\')">한국어</a>' in ja.html
    assert '<a href="#">トップへ</a>' in ja.html


@pytest.mark.parametrize("decl, expected", [
    ('<meta charset="windows-1252">', '<meta charset="utf-8">'),
    ("<META CHARSET=iso-8859-1>", '<META CHARSET="utf-8">'),
    ('<meta http-equiv="content-type" content="text/html;charset=euc-kr">',
     '<meta http-equiv="content-type" content="text/html; charset=utf-8">'),
    ("", '<head><meta charset="utf-8">'),
])
def test_charset_declaration_is_rewritten_or_added(decl, expected):
    _, res = build(f"<html><head>{decl}<title>T</title></head><body><p>Hi</p></body></html>")
    assert expected in res.html
    assert res.html.lower().count("charset") == 1


@pytest.mark.parametrize("prolog, expected", [
    ("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>", "<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
    ("<?xml version='1.0' encoding='Shift_JIS' standalone='yes'?>", "<?xml version='1.0' encoding='utf-8' standalone='yes'?>"),
    ("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\"?>"),  # no encoding: XML's default is UTF-8
])
def test_an_xml_declaration_says_utf_8_too(prolog, expected):
    """XHTML pages start with one; an XML reader trusts it over <meta>, and the built page is UTF-8."""
    _, res = build(f"{prolog}\n<html><head><title>T</title></head><body><p>Hi</p></body></html>")
    assert res.html.startswith(expected + "\n") and '<head><meta charset="utf-8">' in res.html


MINIFIED = "<!DOCTYPE html><!-- built by a minifier --><title>Launches</title>Hello <b>world</b>"  # no html/head/body


def test_a_page_that_leaves_out_html_and_head_keeps_its_doctype_first():
    """HTML lets a page omit ``<html>``, ``<head>`` and ``<body>`` (minifiers do): the charset was added before the
    doctype (the page then renders in quirks mode), the translated page said no language and had no alternates."""
    for locale, translations in (("ko", {(None, "Launches"): "발사", (None, "Hello <b>world</b>"): "안녕 <b>세계</b>"}),
                                 ("ko", {}), ("en", {})):
        _, res = build(MINIFIED, translations, locale=locale)
        top = "<!DOCTYPE html><!-- built by a minifier -->" + ('<html lang="ko">' if locale == "ko" else "")
        assert res.html.startswith(top + '<meta charset="utf-8"><link rel="alternate" hreflang="en" ')
        assert _compat_mode(res.html) == "no quirks"
        assert_only_declared_edits(MINIFIED, res.html, translated=bool(translations))
    import html5lib

    root = html5lib.parse(res.html.replace("<!-- built", "<!DOCTYPE html><!-- built"), namespaceHTMLElements=False)
    assert root.find("head/link[@hreflang='ko']") is not None  # the alternates are in the (implied) head


def test_a_right_to_left_page_without_html_says_its_direction():
    layout = SiteLayout("en", ["ar"], {"en": "en", "ar": "ar"})
    out = build_page(parse_document("<!doctype html><p>Hi"), "page.html", "ar", {(None, "Hi"): "مرحبا"}, layout).html
    assert out.startswith('<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8">') and "<p>مرحبا" in out


@pytest.mark.parametrize("html", ["<!doctype html><html>Hello world", "<!doctype html>Hello world",
                                  "<html lang=en>\nHello world", "<body>Hello world"])
def test_what_a_page_gets_before_its_first_text_survives_that_texts_translation(html):
    """The charset (and `<html lang>`, the alternates) go just before the text of a page whose body has no tags:
    a translated unit took in every edit its span touched, and dropped those."""
    _, res = build(html, {(None, "Hello world"): "안녕하세요"})
    assert '<meta charset="utf-8"><link rel="alternate" hreflang="en" ' in res.html
    assert 'lang="ko"' in res.html and res.html.endswith("안녕하세요")
    assert_only_declared_edits(html, res.html, translated=True)


def test_an_xhtml_page_without_its_root_element_gets_none():
    """XML has one root element: a page without `<html>` is not well-formed, and a start tag with no end mends
    nothing."""
    doc = parse_document('<?xml version="1.0"?><!DOCTYPE html><p>Hi</p>')
    out = build_page(doc, "page.xhtml", "ko", {(None, "Hi"): "안녕"}, LAYOUT).html
    assert "<html" not in out and out.startswith('<?xml version="1.0"?><!DOCTYPE html><meta charset="utf-8" />')


def test_a_custom_element_keeps_its_element_in_a_reordered_translation():
    """Its placeholder (a hyphen in the name) was read as text: a correct translation was published as
    ``&lt;relative-time&gt;…`` (the element and its datetime gone) and `check` said nothing."""
    html = '<html><body><p>Last updated <relative-time datetime="2024-05-01">May 1, 2024</relative-time> by the team.</p></body></html>'
    msgid = "Last updated <relative-time>May 1, 2024</relative-time> by the team."
    _, res = build(html, {(None, msgid): "<relative-time>2024年5月1日</relative-time>にチームが更新しました。"},
                   locale="ja")
    assert '<p><relative-time datetime="2024-05-01">2024年5月1日</relative-time>にチームが更新しました。</p>' in res.html
    assert res.translated == 1 and not res.warnings
    assert_only_declared_edits(html, res.html, translated=True)
    _, res = build(html, {(None, msgid): "2024年5月1日にチームが更新しました。"}, locale="ja")  # the element dropped
    assert res.fallback == 1 and "placeholders" in res.warnings[0]


RTL_LAYOUT = SiteLayout("en", ["ar", "ja"], {"en": "en", "ar": "ar", "ja": "ja"})
MEDIAWIKI = ('<!DOCTYPE html><html lang="en" dir="ltr"><head><title>Launch</title></head><body dir="ltr">'
             '<div lang="en" dir="ltr" class="mw-content-ltr"><p>Launch went well.</p>'
             "<p>Restart the app (version 2.1) and try again.</p>"
             '<p>Type <code>make</code> and <b>wait</b> for it.</p>'
             '<pre dir="ltr">make install</pre></div></body></html>')


def test_english_left_in_an_arabic_page_says_it_reads_left_to_right():
    """The page turned right-to-left (`<html dir="rtl">`), but `<body dir="ltr">` and MediaWiki's content container
    kept it left-to-right, and an untranslated paragraph, now `lang="en"` in a right-to-left page, was shown with its
    full stop at its start."""
    doc = parse_document(MEDIAWIKI)
    done = {(None, "Launch"): "إطلاق", (None, "Launch went well."): "سار الإطلاق بشكل جيد."}
    out = build_page(doc, "page.html", "ar", done, RTL_LAYOUT).html
    assert '<body dir="rtl"><div lang="ar" dir="rtl" class="mw-content-ltr"><p>سار الإطلاق' in out
    assert '<p lang="en" dir="ltr">Restart the app' in out
    assert '<p lang="en" dir="ltr">Type <code dir="ltr">make</code> and <b>wait</b> for it.</p>' in out
    assert '<pre lang="en" dir="ltr">make install</pre>' in out  # a code block's own direction is the author's
    assert_only_declared_edits(MEDIAWIKI, out, translated=True)
    ja = build_page(doc, "page.html", "ja", {}, RTL_LAYOUT).html  # the same direction: nothing said about it
    assert '<body dir="ltr"><div lang="ja" dir="ltr"' in ja and '<p lang="en">Restart' in ja


def test_a_code_listing_keeps_the_sources_direction_in_a_right_to_left_page():
    """Under `<html dir="rtl">` a code listing was right-aligned, its indentation on the right and its punctuation
    reordered (`configure --prefix=/usr/local/. $`): a <pre> with no text to translate says `dir="ltr"`; a poem
    translated in one reads right to left, an author's `dir` stays, and a left-to-right target is left alone."""
    html = ('<html><body><p>Install it:</p><pre><code>$ ./configure --prefix=/usr/local\ndef main():\n'
            '    print("done.")</code></pre><pre class="verse">Roses are red,\nviolets are blue.</pre>'
            '<pre dir="auto">$ make</pre></body></html>')
    doc = parse_document(html)
    done = {(None, "Install it:"): "ثبّته:", (None, "Roses are red,\nviolets are blue."): "الورود حمراء،\nوالبنفسج أزرق."}
    out = build_page(doc, "page.html", "ar", done, RTL_LAYOUT).html
    assert '<pre dir="ltr"><code>$ ./configure' in out and '<pre class="verse">الورود' in out
    assert 'dir="auto">$ make</pre>' in out and 'dir="ltr" dir=' not in out
    assert_only_declared_edits(html, out, translated=True)
    assert "<pre><code>" in build_page(doc, "page.html", "ja", {}, RTL_LAYOUT).html
    # inline: a path in an Arabic sentence read right to left (config/acme/config.toml./~): isolated as code
    html = "<html><body><p>The file is in <code>~/.config/acme.toml</code>: press <kbd>Ctrl</kbd>.</p></body></html>"
    done = {(None, "The file is in <code>~/.config/acme.toml</code>: press <kbd>Ctrl</kbd>."):
            "الملف في <code>~/.config/acme.toml</code>: اضغط <kbd>Ctrl</kbd>."}
    out = build_page(parse_document(html), "page.html", "ar", done, RTL_LAYOUT).html
    assert '<p>الملف في <code dir="ltr">~/.config/acme.toml</code>: اضغط <kbd dir="ltr">Ctrl</kbd>.</p>' in out
    assert_only_declared_edits(html, out, translated=True)


def test_unclosed_code_listings_are_given_their_direction_in_linear_time():
    """Each <pre> looked for its end tag from where it starts: 20,000 never closed took 3 s a locale, 40,000 13 s."""
    import time

    html = "<html><body>" + "<pre><code>$ x</code>" * 40_000 + "</body></html>"
    doc = parse_document(html)
    started = time.process_time()
    out = build_page(doc, "page.html", "ar", {}, RTL_LAYOUT).html
    assert time.process_time() - started < 3.0
    assert out.count('<pre dir="ltr">') == 40_000 and '<code dir="ltr">' not in out


def test_text_of_a_turned_container_that_stays_english_says_its_direction():
    html = '<html><body dir="ltr"><div lang="en" dir="ltr">Intro text here.<p>Launch went well.</p></div></body></html>'
    out = build_page(parse_document(html), "page.html", "ar", {(None, "Launch went well."): "سار الإطلاق."},
                     RTL_LAYOUT).html
    assert '<body dir="rtl"><div lang="ar" dir="rtl"><span lang="en" dir="ltr">Intro text here.</span>' \
           '<p>سار الإطلاق.</p>' in out
    assert_only_declared_edits(html, out, translated=True)
    html = '<html><body><p lang="en" dir="ltr">Intro text here.</p></body></html>'  # its whole text stays English
    out = build_page(parse_document(html), "page.html", "ar", {}, RTL_LAYOUT).html
    assert '<p lang="en" dir="ltr">Intro text here.</p>' in out


LTR_MARKED = ('<!doctype html><html lang="en" dir="ltr"><head><title>Hi</title></head><body dir="ltr">'
              '<div dir="ltr"><p>Hello world.</p></div><p dir="ltr">Second paragraph.</p><p dir="ltr">Third one.</p>'
              '<div dir="LTR"><p style="direction: ltr">Styled.</p><p dir="auto">Auto.</p></div>'
              '<section dir="ltr"><div dir="rtl"><p>Already.</p></div></section></body></html>')


def test_a_translated_unit_inside_the_sources_ltr_reads_right_to_left():
    """<html> and <body> turned right-to-left, but an Arabic paragraph inside the source's `<div dir="ltr">` or with
    `<p dir="ltr">` kept the left-to-right base direction: left-aligned, its full stop at the wrong end.  Its block
    says the target's direction now; an untranslated one keeps the source's; `dir="auto"`, an element already
    right-to-left and an inline `style="direction: ltr"` (the author's) are left as they are."""
    done = {(None, "Hello world."): "مرحبا بالعالم.", (None, "Second paragraph."): "الفقرة الثانية.",
            (None, "Styled."): "بنمط.", (None, "Auto."): "تلقائي.", (None, "Already."): "سلفا."}
    out = build_page(parse_document(LTR_MARKED), "page.html", "ar", done, RTL_LAYOUT).html
    assert '<body dir="rtl"><div dir="ltr"><p dir="rtl">مرحبا بالعالم.</p></div><p dir="rtl">الفقرة الثانية.</p>' \
           '<p lang="en" dir="ltr">Third one.</p>' in out
    assert '<div dir="LTR"><p dir="rtl" style="direction: ltr">بنمط.</p><p dir="auto">تلقائي.</p></div>' in out
    assert '<section dir="ltr"><div dir="rtl"><p>سلفا.</p></div></section>' in out
    assert_only_declared_edits(LTR_MARKED, out, translated=True)
    ja = build_page(parse_document(LTR_MARKED), "page.html", "ja", {(None, "Hello world."): "こんにちは。"},
                    RTL_LAYOUT).html  # the same direction: nothing said about it
    assert '<div dir="ltr"><p>こんにちは。</p></div>' in ja
    # the other way round: Hebrew inside the source's dir="rtl", translated into English
    layout = SiteLayout("he", ["en"], {"he": "he", "en": "en"})
    html = '<html lang="he" dir="rtl"><body><div dir="rtl"><p>שלום.</p><p>עוד.</p></div></body></html>'
    out = build_page(parse_document(html), "page.html", "en", {(None, "שלום."): "Hello."}, layout).html
    assert '<div dir="rtl"><p dir="ltr">Hello.</p><p lang="he" dir="rtl">עוד.</p></div>' in out
    # a `dir` another edit turns already is not edited twice: a fragment's root, a tag in a translated sentence
    out = build_page(parse_document('<p dir="ltr">Hi</p>'), "hi.html", "ar", {(None, "Hi"): "مرحبا"}, RTL_LAYOUT).html
    assert out == '<p lang="ar" dir="rtl">مرحبا</p>'
    html = '<body><p>Hello <noscript dir="ltr">Enable scripts</noscript> world</p></body>'
    out = build_page(parse_document(html), "page.html", "ar", {(None, "Hello <noscript/> world"): "مرحبا <noscript/>",
                                                               (None, "Enable scripts"): "فعّل"}, RTL_LAYOUT).html
    assert '<p>مرحبا <noscript lang="ar" dir="ltr">فعّل</noscript></p>' in out  # (inline: the author's)


def test_an_absolute_base_without_base_url_is_named_once_a_page():
    """`<base href="https://example.com/guide/">` makes every relative link of a localised page lead to the source
    site's pages; without base_url the build cannot tell that address is the site's own, so it says so."""
    layout = replace(LAYOUT, pages=frozenset({"guide/a.html", "guide/media.html"}))
    html = '<html><head><base href="https://example.com/guide/"></head><body><p><a href="media.html">Media</a></p></body></html>'
    doc = parse_document(html)
    warned = {loc: build_page(doc, "guide/a.html", loc, {}, layout).warnings for loc in ("en", *layout.locales)}
    assert [loc for loc, w in warned.items() if w] == [layout.locales[0]]  # once a page, not once a locale
    assert "base_url" in warned[layout.locales[0]][0] and "https://example.com/guide/" in warned[layout.locales[0]][0]
    on_site = replace(layout, base_url="https://example.com/")
    assert not build_page(doc, "guide/a.html", "ko", {}, on_site).warnings
    relative = parse_document(html.replace("https://example.com/guide/", "../"))
    assert not build_page(relative, "guide/a.html", layout.locales[0], {}, layout).warnings


def test_unchanged_pages_are_not_even_rebuilt(project):
    from toolkit.build import build_site
    from toolkit.config import load_config

    pages = {f"p{i}.html": f"<html><body><p>Page {i}</p></body></html>" for i in range(4)}
    root = make_site(project, pages, {"Page 1": "1쪽"})
    cfg = load_config(root)
    first = build_site(cfg, ["ko"], jobs=1)
    assert len(first.written) == 8 and first.skipped == 0  # build/p*.html and build/ko/p*.html
    again = build_site(cfg, ["ko"], jobs=1)
    assert again.skipped == 8 and again.unchanged == 0 and not again.written  # the manifest said so
    po = cfg.po_path("ko")
    po.write_text(po.read_text("utf-8").replace("1쪽", "첫째 쪽"), "utf-8")
    after_po = build_site(cfg, ["ko"], jobs=1)  # a catalogue change re-checks every page...
    assert after_po.skipped == 4 and [p.relative_to(cfg.output_path).as_posix() for p in after_po.written] \
        == ["ko/p1.html"]  # ...writes one; the source-language pages do not depend on it


def test_a_change_of_the_build_code_rebuilds_every_page(project, monkeypatch, tmp_path):
    """Only the version was in the manifest key: a build fix pulled into an editable install (same version) left
    every page as the old code built it until `build --force`."""
    from toolkit.build import build_site
    from toolkit.build import site as b
    from toolkit.config import load_config
    from toolkit.fingerprint import code_files, hash_code

    pages = {f"p{i}.html": f"<html><body><p>Page {i}</p></body></html>" for i in range(2)}
    cfg = load_config(make_site(project, pages, {"Page 1": "1쪽"}))
    assert len(build_site(cfg, ["ko"], jobs=1).written) == 4
    monkeypatch.setattr(b, "build_code", lambda: "fixed")
    again = build_site(cfg, ["ko"], jobs=1)
    assert again.skipped == 0 and again.unchanged == 4  # built again (same bytes: the files were left alone)

    package = tmp_path / "package"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    (package / "notes.txt").write_text("not code")
    digests = []
    for text in ("x = 1\n", "x = 2\n"):
        (package / "a.py").write_text(text)
        h = hashlib.sha256()
        hash_code(h, code_files(package))
        digests.append(h.hexdigest())
    assert code_files(package) == [package / "a.py"] and digests[0] != digests[1]


def test_an_interrupted_build_keeps_the_pages_it_finished(project, monkeypatch):
    from toolkit.build import site as b
    from toolkit.config import load_config

    pages = {f"p{i}.html": f"<html><body><p>Page {i}</p></body></html>" for i in range(5)}
    cfg = load_config(make_site(project, pages, {}))
    real, done = b._build_one, []

    def flaky(job):
        if len(done) == 3:
            raise KeyboardInterrupt
        done.append(job)
        return real(job)

    monkeypatch.setattr(b, "_build_one", flaky)
    with pytest.raises(KeyboardInterrupt):
        b.build_site(cfg, ["ko"], jobs=1)
    monkeypatch.setattr(b, "_build_one", real)
    again = b.build_site(cfg, ["ko"], jobs=1)
    assert again.skipped == 6 and len(again.written) == 4  # the finished three were kept and recorded


class Boom:
    """Unpickling this creates a marker file: proof that a pickle was loaded."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).touch, ())


def test_a_planted_pickle_in_the_old_build_cache_is_never_loaded(project):
    import pickle

    root = make_site(project, {"a.html": "<p>Hello there</p>"}, {"Hello there": "안녕하세요"})
    marker = root / "pwned"
    cache = root / "locales" / ".cache"
    cache.mkdir(parents=True, exist_ok=True)  # extract made it (its units cache)
    for name in ("build-ko.pickle", "build-ko.json", "build-ko.sqlite"):  # the old caches' names, and the new one's
        (cache / name).write_bytes(pickle.dumps(Boom(str(marker))))
    assert main(["build", "--root", str(root), "-q"]) == 0
    assert not marker.exists()
    assert "안녕하세요" in (root / "build" / "ko" / "a.html").read_text("utf-8")


def test_a_corrupt_build_cache_is_a_miss_with_one_warning(project, capsys):
    import sqlite3

    root = make_site(project, {"a.html": "<p>Hello there</p>"}, {"Hello there": "안녕하세요"})
    assert main(["build", "--root", str(root), "-q"]) == 0
    cache = root / "locales" / ".cache" / "build-ko.sqlite"
    assert cache.is_file()
    good = cache.read_bytes()
    for corrupt in (b"not a database at all" * 100, good[:1024], b""):
        cache.write_bytes(corrupt)
        if not corrupt:  # an empty database: no tables
            sqlite3.connect(cache).close()
        capsys.readouterr()
        assert main(["build", "--root", str(root), "-q", "--force", "-o", str(root / "again")]) == 0
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and err[0].startswith("l10n: warning: ") and "build-ko.sqlite" in err[0], err
        assert "안녕하세요" in (root / "again" / "ko" / "a.html").read_text("utf-8")
        with sqlite3.connect(cache) as db:  # rewritten
            assert db.execute("SELECT k, msgstr FROM tr").fetchall() == [("nHello there", "안녕하세요")]


def test_a_build_looks_up_only_the_keys_of_its_pages(tmp_path):
    from toolkit.build.translations import TranslationStore, open_store, store_keys

    po_path = tmp_path / "ko" / "LC_MESSAGES" / "messages.po"
    po_path.parent.mkdir(parents=True)
    po = polib.POFile()
    for msgid, ctx, msgstr in (("Hello", None, "안녕"), ("Hello", "", "빈"), ("Hello", "menu", "메뉴"),
                               ("Bye", None, ""), ("Odd\x04key", "c\x04", "이상")):
        po.append(polib.POEntry(msgid=msgid, msgctxt=ctx, msgstr=msgstr))
    po.save(str(po_path))
    store = open_store(po_path, False, tmp_path / "cache")
    keys = [(None, "Hello"), ("", "Hello"), ("menu", "Hello"), (None, "Bye"), (None, "Missing"),
            ("c\x04", "Odd\x04key")]
    assert store.lookup(store_keys(keys)) == {(None, "Hello"): "안녕", ("", "Hello"): "빈", ("menu", "Hello"): "메뉴",
                                  ("c\x04", "Odd\x04key"): "이상"}
    assert store.lookup(store_keys([(None, f"k{i}") for i in range(2000)] + [(None, "Hello")])) == {(None, "Hello"): "안녕"}
    assert TranslationStore(store.path).all() == store.lookup(store_keys(keys))


def test_build_reports_progress_through_its_callback(project):
    from toolkit.build import build_site
    from toolkit.config import load_config

    pages = {f"p{i}.html": f"<html><body><p>Page {i}</p></body></html>" for i in range(3)}
    cfg = load_config(make_site(project, pages, {}))
    calls = []
    build_site(cfg, ["ko"], jobs=1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    calls.clear()
    build_site(cfg, ["ko"], jobs=1, progress=lambda done, total: calls.append((done, total)))
    assert calls == []  # nothing to build, nothing to report


def test_built_pages_are_synced_once_before_the_manifest_names_them(project, monkeypatch):
    import os

    import toolkit.build.site as site_mod
    from toolkit.build import MANIFEST

    root = make_site(project, {f"p{i}.html": f"<p>Hello there {i}</p>" for i in range(3)}, {"Hello there 1": "안녕"})
    fsyncs, syncs = [], []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (fsyncs.append(fd), real_fsync(fd))[1])
    monkeypatch.setattr(site_mod, "sync_filesystem",
                        lambda path: syncs.append((path, (root / "build" / MANIFEST).exists())))
    assert main(["build", "--root", str(root), "-q", "-j", "1"]) == 0
    assert syncs == [(root / "build", False)]  # one sync, before the manifest is written
    assert len(fsyncs) <= 3  # the manifest and the catalogue store, not one per page
    assert main(["build", "--root", str(root), "-q", "-j", "1"]) == 0
    assert len(syncs) == 1  # nothing written: nothing to sync


def test_translate_switch_inside_a_sentence_translates_both_sides_and_keeps_the_rest():
    src = "<body><p>Run the <!-- translate:off -->l10n build<!-- translate:on --> command first.</p>"
    _, result = build(src, {(None, "Run the"): "다음", (None, "command first."): "명령을 먼저 실행하세요."})
    assert "<p>다음 <!-- translate:off -->l10n build<!-- translate:on --> 명령을 먼저 실행하세요.</p>" in result.html


def test_end_tag_of_an_inline_element_around_a_block_survives_translation():
    src = "<body><div><b>Bold <div>Inner</div> tail</b> end</div>"
    tr = {(None, "Bold"): "굵게", (None, "Inner"): "안쪽", (None, "tail"): "꼬리", (None, "end"): "끝"}
    _, result = build(src, tr)
    assert "<div><b>굵게 <div>안쪽</div> 꼬리</b> 끝</div>" in result.html


def test_translated_pre_keeps_the_pages_cr_lf_newlines():
    _, result = build("<body><pre>first line\r\n  second line</pre>", {(None, "first line\n  second line"): "첫 줄\n  둘째 줄"})
    assert "<pre>첫 줄\r\n  둘째 줄</pre>" in result.html


def test_inline_svg_placeholder_brings_the_whole_icon_back():
    icon = '<svg viewBox="0 0 9 9" aria-label="gear"><use href="#gear"/></svg>'
    tr = {(None, "Click <svg/> to open the settings."): "설정을 열려면 <svg/>을 누르세요.", (None, "gear"): "톱니바퀴"}
    _, result = build(f"<body><p>Click {icon} to open the settings.</p>", tr)
    assert '<p>설정을 열려면 <svg viewBox="0 0 9 9" aria-label="톱니바퀴"><use href="#gear"/></svg>을 누르세요.</p>' in result.html


def test_an_anchor_target_at_the_start_of_a_unit_stays_in_place():
    _, result = build('<h2><a id="launch"></a>Launch dates</h2><p>Go <a href="#launch"></a>there</p>',
                      {(None, "Launch dates"): "발사 일정", (None, "Go <a></a>there"): "<a></a>거기로 가세요"})
    assert '<h2><a id="launch"></a>발사 일정</h2><p><a href="#launch"></a>거기로 가세요</p>' in result.html


def test_a_unit_with_thousands_of_translated_attributes_is_built_in_linear_time():
    """Each placeholder looked through every attribute edit of its unit: 20,000 images took about 13 s."""
    html = "<p>" + "x<img alt=Picture>" * 20_000 + "</p>"
    doc = parse_document(html)
    translations = {(u.context, u.msgid): "그림" if u.msgid == "Picture" else u.msgid for u in doc.units}
    started = time.process_time()
    _, result = build(html, translations)
    assert time.process_time() - started < 5  # about 0.6 s
    assert result.html.count('alt="그림"') == 20_000


@pytest.mark.parametrize("shape", ["nested", "side by side"])
def test_inline_elements_of_another_language_are_marked_in_linear_time(shape):
    """Comparing each `<span lang>` placeholder's whole content took 32 s for a sentence of 16,000 nested ones."""
    n = 16_000
    inner = ("".join(f'<span lang="fr">m{i} ' for i in range(n)) + "end" + "</span>" * n if shape == "nested" else
             " ".join(f'w{i} <span lang="fr">m{i}</span>' for i in range(n)))
    doc = parse_document(f'<html lang="en"><body><p>Start {inner} tail</p></body></html>')
    unit = next(u for u in doc.units if u.attribute is None)
    started = time.process_time()
    out = build_page(doc, "p.html", "ko", {(None, unit.msgid): unit.msgid.replace("m", "단")}, LAYOUT).html
    assert time.process_time() - started < 5  # about 0.3 s
    assert out.count('<span lang="ko">') == n


def test_the_metas_naming_the_source_language_name_the_pages():
    """<meta http-equiv="Content-Language"> and <meta name="language"> said English in every localised page."""
    head = ('<head><meta http-equiv="content-language" content="en-US, de"><meta name="language" content="English">'
            '<meta name="Language" content="en"><meta name="language" content="Deutsch"><meta name="language" '
            'content="fr"></head><body><p>Hello</p></body>')
    _, zh = build(head, {(None, "Hello"): "你好"}, locale="zh_TW")
    assert ('<meta http-equiv="content-language" content="zh-TW"><meta name="language" content="Chinese">'
            '<meta name="Language" content="zh-TW"><meta name="language" content="Deutsch">'
            '<meta name="language" content="fr">') in zh.html
    assert_only_declared_edits(head, zh.html, translated=True)
    _, en = build(head, {}, locale="en")
    assert '<meta http-equiv="content-language" content="en-US, de"><meta name="language" content="English">' in en.html
    _, ko = build(head.replace("English", "english"), {}, locale="ko")  # (its own name, in any case)
    assert '<meta name="language" content="Korean">' in ko.html


@pytest.mark.parametrize("block, built", [
    # the value is spliced: layout, key order, number spellings and escapes stay as the page wrote them
    ('\n  {\n    "@type": "Article",\n    "n": 1E5,\n    "inLanguage": "en",\n    "publisher": { "name": "ESA" }\n  }\n',
     '\n  {\n    "@type": "Article",\n    "n": 1E5,\n    "inLanguage": "ko",\n    "publisher": { "name": "ESA" }\n  }\n'),
    ('{"a":"<\\/b>","in\\u004canguage":"en"}', '{"a":"<\\/b>","in\\u004canguage":"ko"}'),
    # added after the last member, laid out like it
    ('{\n\t"@type": "Event",\n\t"name": "x"\n}', '{\n\t"@type": "Event",\n\t"name": "x",\n\t"inLanguage": "ko"\n}'),
    ('[{"a": 1}, 2, {}]', '[{"a": 1, "inLanguage": "ko"}, 2, {"inLanguage":"ko"}]'),
    ('{"a": 1', '{"a": 1'),  # does not parse: left alone
    # none added to a type schema.org gives no inLanguage (a breadcrumb list, an organisation)
    ('[{"@type": "BreadcrumbList"}, {"@type": "schema:Organization"}, {"@type": "Article"}]',
     '[{"@type": "BreadcrumbList"}, {"@type": "schema:Organization"}, {"@type": "Article", "inLanguage": "ko"}]'),
    # Yoast's @graph: its nodes' languages naming the source's, at any depth; none added; another language kept
    ('{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "inLanguage": "en-US", "image": '
     '{"inLanguage": "en"}, "translationOfWork": {"inLanguage": "fr"}}, {"@type": "BreadcrumbList"}]}',
     '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "inLanguage": "ko", "image": '
     '{"inLanguage": "ko"}, "translationOfWork": {"inLanguage": "fr"}}, {"@type": "BreadcrumbList"}]}'),
    ("[" * 100_000 + "]" * 100_000, "[" * 100_000 + "]" * 100_000),  # a hostile page's: left alone (a traceback)
])
def test_json_ld_gets_its_in_language_and_keeps_every_other_byte(block, built):
    page = f'<html><head><script type="application/ld+json">{block}</script></head><body><p>Text</p></body></html>'
    html = build_page(parse_document(page), "a.html", "ko", {}, LAYOUT).html
    assert re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1) == built
    kept = page.replace("<script ", '<script translate="no" ')  # its text stays, so does its language
    assert build_page(parse_document(kept), "a.html", "ko", {}, LAYOUT).html.count(block) == 1


@pytest.mark.parametrize("base", ["/", "../", "./"])
@pytest.mark.parametrize("locale", ["en", "ko"])
def test_alternates_and_language_links_resolve_against_the_base_href(base, locale):
    """A <base href> moves every relative URL of the page, the alternates and switcher links the build writes too."""
    from urllib.parse import urljoin

    page = (f'<html><head><base href="{base}"></head><body><p>Some text here</p>'
            '<p><a href="/about/team.html" hreflang="en">English</a> <a href="/ko/about/team.html" hreflang="ko">한국어</a>'
            '</p></body></html>')
    _, res = build(page, locale=locale, rel="about/team.html")
    here = "https://example.org/" + ("ko/" if locale == "ko" else "") + "about/team.html"
    resolved = {hreflang: urljoin(urljoin(here, base), href)
                for hreflang, href in re.findall(r'hreflang="([^"]+)" href="([^"]*)"', res.html)}
    resolved |= {hreflang: urljoin(urljoin(here, base), href)
                 for href, hreflang in re.findall(r'href="([^"]*)" hreflang="([^"]+)"', res.html)}
    assert resolved == {"en": "https://example.org/about/team.html", "x-default": "https://example.org/about/team.html",
                        "ko": "https://example.org/ko/about/team.html", "zh-TW": "https://example.org/zh_TW/about/team.html",
                        "zh-CN": "https://example.org/zh_CN/about/team.html", "ja": "https://example.org/ja/about/team.html"}


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_language_links_under_a_base_off_the_site_are_absolute_with_base_url(locale):
    """`<base href="https://old.example.com/specials/">`: a relative switcher link resolved on that other site (the
    esaKO links of a 2007 page led to old.example.com/ko/…); with base_url they are absolute, as the alternates."""
    from urllib.parse import urljoin

    base = "https://old.example.com/specials/"
    page = (f'<html><head><base href="{base}"></head><body><p>Some text here</p>'
            '<p><a href="https://example.org/about/team.html" hreflang="en">English</a> '
            '<a href="https://example.org/ko/about/team.html" hreflang="ko">한국어</a></p></body></html>')
    res = build_page(parse_document(page), "about/team.html", locale, {}, replace(LAYOUT, base_url="https://example.org/"))
    links = {hreflang: urljoin(base, href) for href, hreflang in re.findall(r'href="([^"]*)" hreflang="([^"]+)"',
                                                                           res.html)}
    alternates = {hreflang: href for hreflang, href in re.findall(r'hreflang="([^"]+)" href="([^"]*)"', res.html)}
    assert links == {"en": "https://example.org/about/team.html", "ko": "https://example.org/ko/about/team.html"}
    assert alternates["ko"] == links["ko"] and alternates["en"] == links["en"]


def test_references_inside_noscript_srcdoc_and_preloads_are_the_only_edits():
    """The build rewrites URLs inside <noscript> content and a srcdoc document: nothing else there changes."""
    html = ('<html><head><noscript><link rel="stylesheet" href="css/a.css"></noscript></head><body>'
            '<p>Hi <noscript><img src="img/a.png" alt="A"></noscript> there</p><noscript><a href="page.html">x</a>'
            '<img srcset="a.png 2x"><style>p{background:url(b.png)}</style></noscript>'
            '<iframe srcdoc="<img src=a.png>"></iframe><link rel=preload as=image imagesrcset="a.png 1x"></body></html>')
    _doc, res = build(html)
    assert 'href="../css/a.css"' in res.html and 'src="../img/a.png"' in res.html and "url(../b.png)" in res.html
    assert_only_declared_edits(html, res.html)


def test_an_import_map_s_addresses_are_the_only_edits_in_it():
    html = ('<html><head><script type="importmap">{"imports": {"lib": "./js/lib.js", "x": "/js/x.js"}}</script>'
            '</head><body><p>Hi</p></body></html>')
    _doc, res = build(html)
    assert '"lib": "../js/lib.js"' in res.html
    assert_only_declared_edits(html, res.html)


def test_an_inline_element_of_another_language_says_the_target_language_once_its_content_is_translated():
    """`<q lang="fr">` inside a sentence is a placeholder: its start tag was written as the source has it, so the
    Korean words a translator put in it were French to a screen reader (read in a French voice).  Its content
    changed, its `lang` is the target's; kept as written (the proverb left in French), it keeps its own; the
    source language's own `lang` on a brand name kept as written stays too.  The translator is told in a note."""
    html = ('<html lang="en"><body><p>The proverb <q lang="fr">Qui va lentement</q> sums it up.</p>'
            '<p>Call it <span lang="en">Ariane</span> or <i lang="la" title="motto">Ad astra</i>.</p>'
            '<p>Kept <q lang="fr">Qui va</q> here.</p>'
            '<p xml:lang="en">Say <b xml:lang="de" lang="de-AT">Servus</b> now.</p></body></html>')
    doc = parse_document(html)
    notes = {u.msgid: u.notes for u in doc.units}
    assert notes["The proverb <q>Qui va lentement</q> sums it up."] == [
        '<q>: lang="fr" (kept as written, it stays so marked; translated, it is marked as the translation\'s language)']
    assert [n[:13] for n in notes["Call it <span>Ariane</span> or <i>Ad astra</i>."]] == ['<i>: lang="la']
    tr = {(None, "The proverb <q>Qui va lentement</q> sums it up."): "속담 <q>천천히 가는 자</q>가 요약한다.",
          (None, "Call it <span>Ariane</span> or <i>Ad astra</i>."): "<span>아리안</span> 또는 <i>Ad astra</i>라 부르라.",
          (None, "Kept <q>Qui va</q> here."): "여기 <q>Qui va</q> 유지.",
          (None, "Say <b>Servus</b> now."): "지금 <b>안녕</b>이라 하라.",
          (None, "motto"): "좌우명"}
    out = build_page(doc, "p.html", "ko", tr, LAYOUT).html
    assert '<p>속담 <q lang="ko">천천히 가는 자</q>가 요약한다.</p>' in out
    assert '<p><span lang="ko">아리안</span> 또는 <i lang="la" title="좌우명">Ad astra</i>라 부르라.</p>' in out
    assert '<p>여기 <q lang="fr">Qui va</q> 유지.</p>' in out
    assert '<b xml:lang="ko" lang="ko">안녕</b>' in out
    assert_only_declared_edits(html, out, translated=True)


def test_an_image_whose_text_stays_the_source_s_says_its_language():
    """An untranslated `alt` under `<html lang="ko">` was read by a screen reader in a Korean voice: an image (its only
    text its attributes) whose every text is untranslated is marked with the source language, in a sentence too; one
    with any text translated, or a `lang` of its own, is left as it is."""
    html = ('<html lang="en"><body><img src="a.png" alt="Site map"><img src="b.png" alt="Logo" title="Our logo">'
            '<img src="c.png" alt="Chart"><img lang="fr" src="d.png" alt="Carte">'
            '<p>See <img src="e.png" alt="the map"> here.</p><map><area href="x.html" alt="North"></map></body></html>')
    doc = parse_document(html)
    tr = {(None, "Logo"): "로고", (None, "Chart"): "도표", (None, "See <img/> here."): "<img/> 보기."}
    out = build_page(doc, "p.html", "ko", tr, LAYOUT).html
    assert '<img lang="en" src="../a.png" alt="Site map">' in out
    assert '<img src="../b.png" alt="로고" title="Our logo">' in out and '<img src="../c.png" alt="도표">' in out
    assert '<img lang="fr" src="../d.png" alt="Carte">' in out
    assert '<p><img lang="en" src="../e.png" alt="the map"> 보기.</p>' in out
    assert '<area lang="en" href="x.html" alt="North">' in out
    assert_only_declared_edits(html, out, translated=True)
    assert 'img lang="en"' not in build_page(doc, "p.html", "en", {}, LAYOUT).html  # the source-language page


def test_an_image_s_own_lang_follows_its_text():
    """`<img lang="en" alt="Cat">` left untranslated was made `lang="ja"` (as a container repeating the page's language
    is), and `<img lang="de" alt="Die Katze">` translated kept `lang="de"`: a Japanese alt read in a German voice.  The
    German alt is extracted as German (the unit's `lang`)."""
    html = ('<html lang="en"><body><img lang="en" src="a.png" alt="Dog"><img lang="en" src="b.png" alt="Cat">'
            '<img lang="de" src="c.png" alt="Die Katze"><img lang="de" src="d.png" alt="Der Hund" title="Hund">'
            '<p>See <img lang="de" src="e.png" alt="Ein Bild"> here.</p><img xml:lang="de-AT" alt="Katzerl"></body></html>')
    doc = parse_document(html)
    assert [u.lang for u in doc.units if u.attribute] == ["en", "en", "de", "de", "de", "de", "de-AT"]
    tr = {(None, "Dog"): "犬", (None, "Die Katze"): "猫", (None, "Der Hund"): "犬", (None, "Ein Bild"): "絵",
          (None, "Katzerl"): "子猫"}
    out = build_page(doc, "p.html", "ja", tr, LAYOUT).html
    assert '<img lang="ja" src="../a.png" alt="犬"><img lang="en" src="../b.png" alt="Cat">' in out
    assert '<img lang="ja" src="../c.png" alt="猫">' in out
    assert '<img lang="de" src="../d.png" alt="犬" title="Hund">' in out  # (its title is still German)
    assert '<img lang="ja" src="../e.png" alt="絵">' in out and '<img xml:lang="ja" alt="子猫">' in out
    assert_only_declared_edits(html, out, translated=True)


def test_a_translated_attribute_in_a_sentence_left_in_the_source_language_says_the_target_s():
    """`<p lang="en">See <img alt="사진"> here.</p>`: the Korean alt was read in an English voice.  An element the
    untranslated sentence holds whole (an image, a field, a formula) whose every attribute is translated says the
    target language (and direction; not on MathML, whose `dir` mirrors the formula); one with text of its own in
    the sentence (an `<abbr title>`) or an attribute left untranslated keeps the sentence's; one whose `lang` names
    a third language says the target's instead (`test_an_image_s_own_lang_follows_its_text`)."""
    html = ('<html lang="en"><body><p>See <img src="a.png" alt="A cat"> here.</p>'
            '<p>Formula <math alttext="x squared"><mi>x</mi></math> done.</p>'
            '<p>Type <input placeholder="Your name" aria-label="Name"> now.</p>'
            '<p>Hover <abbr title="World Health Organization">WHO</abbr> now.</p>'
            '<p>Own <img lang="de" src="b.png" alt="Ein Hund"> lang.</p>'
            '<p>Half <img src="c.png" alt="A bird" title="Bird"> done.</p>'
            '<p>Both <img src="d.png" alt="A fish"> kept.</p></body></html>')
    doc = parse_document(html)
    tr = {(None, "A cat"): "고양이", (None, "x squared"): "x 제곱", (None, "Your name"): "이름", (None, "Name"): "이름",
          (None, "World Health Organization"): "세계보건기구", (None, "Ein Hund"): "개", (None, "A bird"): "새"}
    out = build_page(doc, "p.html", "ko", tr, LAYOUT).html
    assert '<p lang="en">See <img lang="ko" src="../a.png" alt="고양이"> here.</p>' in out
    assert '<p lang="en">Formula <math lang="ko" alttext="x 제곱"><mi>x</mi></math> done.</p>' in out
    assert '<p lang="en">Type <input lang="ko" placeholder="이름" aria-label="이름"> now.</p>' in out
    assert '<p lang="en">Hover <abbr title="세계보건기구">WHO</abbr> now.</p>' in out
    assert '<p lang="en">Own <img lang="ko" src="../b.png" alt="개"> lang.</p>' in out
    assert '<p lang="en">Half <img src="../c.png" alt="새" title="Bird"> done.</p>' in out
    assert re.search(r'<p lang="en">Both <img (lang="en" )?src="../d.png" alt="A fish"> kept.</p>', out)
    assert_only_declared_edits(html, out, translated=True)
    rtl = build_page(doc, "p.html", "ar", {(None, "A cat"): "قطة", (None, "x squared"): "س تربيع"}, RTL_LAYOUT).html
    assert '<p lang="en" dir="ltr">See <img lang="ar" dir="rtl" src="../a.png" alt="قطة"> here.</p>' in rtl
    assert '<math lang="ar" alttext="س تربيع">' in rtl
    assert_only_declared_edits(html, rtl, translated=True)
    # the other way round: a translated sentence around an image whose alt stays the source's (the image says so)
    back = build_page(doc, "p.html", "ko", {(None, "See <img/> here."): "<img/> 보기."}, LAYOUT).html
    assert '<p><img lang="en" src="../a.png" alt="A cat"> 보기.</p>' in back
    assert_only_declared_edits(html, back, translated=True)


def test_a_translation_that_changes_template_code_is_not_published():
    """Template code is the page's program: a translation that drops `{% endif %}` left the template broken, and
    one that adds `{{ constructor.constructor('alert(1)')() }}` ran it in an AngularJS page (the build escapes
    markup, not template code).  Such a translation is the source text, with a warning; one that keeps the code
    as it is (moved, too) is published."""
    html = ('<html><body><p>Hello {{ user }}, {% if n %}you have {{ n }} new{% endif %}.</p><p>Welcome home.</p>'
            '<img src="a.png" alt="Photo of {{ name }}"></body></html>')
    doc = parse_document(html)
    kept = {(None, "Hello {{ user }}, {% if n %}you have {{ n }} new{% endif %}."):
            "{% if n %}새 메시지 {{ n }}개{% endif %}, {{ user }}님.",
            (None, "Welcome home."): "환영합니다.", (None, "Photo of {{ name }}"): "{{ name }} 사진"}
    res = build_page(doc, "p.html", "ko", kept, LAYOUT)
    assert "<p>{% if n %}새 메시지 {{ n }}개{% endif %}, {{ user }}님.</p>" in res.html
    assert 'alt="{{ name }} 사진"' in res.html and not res.warnings
    broken = {(None, "Hello {{ user }}, {% if n %}you have {{ n }} new{% endif %}."): "{% if n %}새 메시지 {{ n }}개, {{ 사용자 }}님.",
              (None, "Welcome home."): "환영합니다 {{ constructor.constructor('alert(1)')() }}",
              (None, "Photo of {{ name }}"): "사진"}
    res = build_page(doc, "p.html", "ko", broken, LAYOUT)
    assert "Hello {{ user }}, {% if n %}you have {{ n }} new{% endif %}." in res.html and "constructor" not in res.html
    assert 'alt="Photo of {{ name }}"' in res.html and res.translated == 0
    assert len(res.warnings) == 3 and all("changes, drops or adds template code" in w for w in res.warnings)
    braces = {(None, "Welcome home."): "환영합니다 {{ {}.toString.constructor('alert(1)')() }}"}  # (no span the
    res = build_page(doc, "p.html", "ko", braces, LAYOUT)  # pattern sees whole: its delimiters are counted)
    assert "constructor" not in res.html and len(res.warnings) == 1


def test_a_translation_that_changes_an_e_mail_s_merge_tags_is_not_used():
    """Mailchimp's `*|FNAME|*` and Salesforce's `%%FirstName%%` are the mailer's code as `{{ }}` is a template's: a
    translation naming `*|이름|*` was sent with the tag unfilled (the build looked only for braces, `<%` and `<?`)."""
    page = "<html><body><p>Hello *|FNAME|*, welcome.</p><p>Hi %%FirstName%%, ok.</p><p>Bye *|FNAME|*.</p></body></html>"
    _, res = build(page, {(None, "Hello *|FNAME|*, welcome."): "안녕 *|이름|*", (None, "Hi %%FirstName%%, ok."): "안녕",
                          (None, "Bye *|FNAME|*."): "*|FNAME|*님 안녕히"})
    assert "Hello *|FNAME|*, welcome." in res.html and "Hi %%FirstName%%, ok." in res.html
    assert "<p>*|FNAME|*님 안녕히</p>" in res.html and res.translated == 1
    assert len(res.warnings) == 2 and all("changes, drops or adds template code" in w for w in res.warnings)


def test_a_translated_quote_of_a_third_language_says_the_target_language():
    """`<blockquote lang="fr">` on an English page: once its text is Korean, `lang="fr"` told the browser (fonts, CJK
    glyph variants, hyphenation, speech) it was French.  A translated unit of a language neither the source's nor the
    target's makes its element say the target's; kept as written (msgstr = msgid) or untranslated it keeps its own,
    and untranslated it is not marked as the source language (it is not English)."""
    html = ('<html lang="en"><body><blockquote lang="fr"><p>Bonjour tout le monde</p></blockquote>'
            '<p lang="fr">Salut</p><p xml:lang="fr" lang="fr-CA">Allo</p><div lang="de">Hallo <b>Welt</b>'
            '<p>Nicht übersetzt</p> und mehr</div><p lang="fr">Merci</p><p lang="ko">한국어 인용</p>'
            '<p>Not done</p><p lang="en-GB">Colour</p></body></html>')
    doc = parse_document(html)
    tr = {(None, "Bonjour tout le monde"): "모두 안녕", (None, "Salut"): "안녕", (None, "Allo"): "여보세요",
          (None, "Hallo <b>Welt</b>"): "안녕 <b>세계</b>", (None, "und mehr"): "그리고 더", (None, "Merci"): "Merci",
          (None, "한국어 인용"): "한국어 인용", (None, "Colour"): "색"}
    out = build_page(doc, "p.html", "ko", tr, LAYOUT).html
    assert '<blockquote lang="fr"><p lang="ko">모두 안녕</p></blockquote>' in out
    assert '<p lang="ko">안녕</p>' in out and '<p xml:lang="ko" lang="ko">여보세요</p>' in out
    assert ('<div lang="de"><span lang="ko">안녕 <b>세계</b></span><p>Nicht übersetzt</p> '
            '<span lang="ko">그리고 더</span></div>') in out
    assert '<p lang="fr">Merci</p>' in out and '<p lang="ko">한국어 인용</p>' in out
    assert '<p lang="en">Not done</p>' in out  # untranslated English: marked as before
    assert '<p lang="ko">색</p>' in out  # a variant of the source language: the container rule, as before
    assert_only_declared_edits(html, out, translated=True)
    again = build_page(doc, "p.html", "ja", {(None, "Salut"): "やあ"}, LAYOUT).html
    assert '<p lang="ja">やあ</p>' in again and '<blockquote lang="fr"><p>Bonjour tout le monde</p>' in again
    # a page whose <html lang> names another language (extract warns): that is the page's language, the build
    # makes it the target's, and its units are marked as before, not each given a lang or a span
    mislabelled = '<html lang="de"><body><p>Hello <b>you</b></p><div>Text <br> more</div><p>Left</p></body></html>'
    out = build_page(parse_document(mislabelled), "p.html", "ko",
                     {(None, "Hello <b>you</b>"): "안녕 <b>당신</b>", (None, "Text <br/> more"): "글 <br/> 더"}, LAYOUT).html
    assert out.endswith('<body><p>안녕 <b>당신</b></p><div>글 <br> 더</div><p lang="en">Left</p></body></html>')


def test_a_translation_without_the_sources_line_break_is_published():
    """It fell back to English: a Japanese translator who leaves out `<br>` (or a `<wbr>`) has not lost anything."""
    html = '<h1>Welcome to<br class="m">our <b>launch</b> site</h1><p>Super<wbr>long<wbr>word</p>'
    doc, res = build(html, {(None, "Welcome to<br/>our <b>launch</b> site"): "<b>発射場</b>へようこそ",
                            (None, "Super<wbr1/>long<wbr2/>word"): "とても<wbr2/>長い単語"}, locale="ja")
    assert [u.msgid for u in doc.units] == ["Welcome to<br/>our <b>launch</b> site", "Super<wbr1/>long<wbr2/>word"]
    assert res.html.endswith("<h1><b>発射場</b>へようこそ</h1><p>とても<wbr>長い単語</p>")  # the other <wbr> kept
    # the <b> is still required: without it the unit falls back to the source
    _, res = build(html, {(None, "Welcome to<br/>our <b>launch</b> site"): "発射場へようこそ"}, locale="ja")
    assert 'Welcome to<br class="m">our <b>launch</b> site' in res.html


@pytest.mark.parametrize("html", [
    '<p>Go <x-"onload=alert(1)>now</x-"onload=alert(1)> please.</p>',  # a custom-looking name no placeholder can have
    "<p>Go <a-b:c-->now</a-b:c--> please.</p>",
    '<p>Go <my_el its-within-text="yes">now</my_el> please.</p>',  # ITS asks for it inside the sentence
])
def test_an_element_whose_name_no_placeholder_can_have_stays_out_of_the_sentence(html):
    """Its placeholder would be text in the msgid: the build dropped the element and showed its tag as text."""
    doc = parse_document(html)
    assert [u.msgid for u in doc.units] == ["Go", "now", "please."]
    _, res = build(html, {(None, m): "번역 " + m for m in ("Go", "now", "please.")})
    assert_only_declared_edits(html, res.html, translated=True)


def test_noscript_content_is_translated_and_cannot_be_ended_by_a_translation():
    """A browser running scripts reads `<noscript>` content as raw text up to the first `</noscript`: a translation
    holding one (in text or in an attribute) would end it there and run what follows.  Translations are escaped as
    anywhere else, so the element ends where the source's does; a unit inside a sentence's `<noscript>` placeholder
    is built into it; an untranslated one says its language."""
    import html5lib

    html = ('<html><body><noscript>You need to enable JavaScript.</noscript>'
            '<p>Photo <noscript><img src="img/a.png" alt="A rocket"> (scripts off)</noscript> here.</p>'
            '<noscript><p>Left in English</p></noscript></body></html>')
    attack = "</noscript><script>alert(1)</script>"
    translations = {(None, "You need to enable JavaScript."): attack + "스크립트를 켜세요.",
                    (None, "A rocket"): '로켓"' + attack,
                    (None, "(scripts off)"): "(스크립트 꺼짐)",
                    (None, "Photo <noscript/> here."): "사진 <noscript/> 여기."}
    _doc, res = build(html, translations)
    assert "&lt;/noscript&gt;&lt;script&gt;alert(1)&lt;/script&gt;스크립트를 켜세요." in res.html
    assert ('사진 <noscript><img src="../img/a.png" alt="로켓&quot;&lt;/noscript&gt;&lt;script&gt;alert(1)'
            '&lt;/script&gt;"> (스크립트 꺼짐)</noscript> 여기.') in res.html
    assert '<p lang="en">Left in English</p>' in res.html
    for scripting in (True, False):  # both ways a browser parses it: no script element, text where it was
        tree = html5lib.parse(res.html, namespaceHTMLElements=False, scripting=scripting)
        assert tree.find(".//script") is None
        assert len(tree.findall(".//noscript")) == 3
    assert_only_declared_edits(html, res.html, True)


IE_NOTICE = ('<!--[if lt IE 9]><p class="browserupgrade">You are using an <strong>outdated</strong> browser. '
             'Please <a href="upgrade.html" title="How to upgrade">upgrade your browser</a>.</p>'
             '<link rel="stylesheet" href="css/ie.css"><![endif]-->')
NOTICE = "You are using an <strong>outdated</strong> browser. Please <a>upgrade your browser</a>."
CONDITIONAL_PAGE = (f"<html><body><table><tr><td>\n{OUTLOOK_BUTTON}\n</td></tr></table>\n{IE_NOTICE}\n"
                    "<p>Hello <!--[if IE]><b>IE</b> user<![endif]--> and welcome.</p></body></html>")


def _comments_and_text(page: str) -> tuple[list[str], str]:
    """The comments of a page as html5lib parses it, and the text outside them."""
    import xml.etree.ElementTree as ET

    tree = html5lib.parse(page, namespaceHTMLElements=False)
    comments = [node.text for node in tree.iter() if node.tag is ET.Comment]
    shown = []
    for node in tree.iter():
        if node.tag is not ET.Comment:
            shown.append(node.text or "")
        shown.append(node.tail or "")
    return comments, "".join(shown)


def test_conditional_comment_content_is_translated_inside_the_comment():
    """Outlook desktop shows the button in `<!--[if mso]>`, IE the notice in `<!--[if lt IE 9]>`: they were English in
    every locale.  Their translations are spliced inside the comment, which ends where it did; the revealed form's
    `<a>` is translated as before; references inside follow the page; a sentence's conditional comment stays where
    it is, its content translated inside it."""
    translations = {(None, "Reserve your place"): "席を予約する", (None, NOTICE):
                    "お使いのブラウザは<strong>古い</strong>です。<a>ブラウザを更新</a>してください。",
                    (None, "How to upgrade"): "更新の方法", (None, "<b>IE</b> user"): "<b>IE</b>の利用者",
                    (None, "Hello <comment/> and welcome."): "こんにちは<comment/>、ようこそ。"}
    source_comments, source_text = _comments_and_text(CONDITIONAL_PAGE)
    _doc, res = build(CONDITIONAL_PAGE, translations, locale="ja")
    comments, text = _comments_and_text(res.html)
    assert comments == [
        source_comments[0].replace("Reserve your place", "席を予約する"), "[if !mso]><!-- ", "<![endif]",
        '[if lt IE 9]><p class="browserupgrade">お使いのブラウザは<strong>古い</strong>です。<a href="upgrade.html" '
        'title="更新の方法">ブラウザを更新</a>してください。</p><link rel="stylesheet" href="../css/ie.css"><![endif]',
        "[if IE]><b>IE</b>の利用者<![endif]"]
    assert text == source_text.replace("Reserve your place", "席を予約する").replace("Hello  and welcome.",
                                                                                   "こんにちは、ようこそ。")
    assert not res.warnings
    assert_only_declared_edits(CONDITIONAL_PAGE, res.html, True)
    # the revealed form's markers are the page's comments, untouched
    assert '<!--[if !mso]><!-- --><a href="https://example.com/r" class="btn">席を予約する</a><!--<![endif]-->' in res.html


def test_a_translation_cannot_end_a_conditional_comment():
    """A comment ends at the first `-->` or `--!>`, whatever quoting, and IE's conditional at `<![endif]`: a
    translation (text or attribute) writing one would put the rest of Outlook's button, or markup of its own, in
    every reader's page.  Translations are escaped (`>` and `<` are `&gt;` and `&lt;` there, which IE and Outlook
    show as the characters), so every comment ends where the source's does."""
    attack = " --> <i>x</i> --!> <!-- <![endif]--> -- "
    translations = {(None, "Reserve your place"): "予約" + attack, (None, NOTICE): NOTICE + attack,
                    (None, "How to upgrade"): attack + '"', (None, "<b>IE</b> user"): "<b>IE</b>" + attack + "--",
                    (None, "Hello <comment/> and welcome."): "こんにちは<comment/>" + attack}
    source_comments, source_text = _comments_and_text(CONDITIONAL_PAGE)
    _doc, res = build(CONDITIONAL_PAGE, translations, locale="ja")
    comments, text = _comments_and_text(res.html)
    assert len(comments) == len(source_comments) == 5
    for before, after in zip(source_comments, comments, strict=True):
        assert after[:8] == before[:8] and after[-9:] == before[-9:]  # "[if mso]" … "<![endif]"
    escaped = " --&gt; &lt;i&gt;x&lt;/i&gt; --!&gt; &lt;!-- &lt;![endif]--&gt; -- "
    assert [c.count(escaped) for c in comments] == [1, 0, 0, 2, 1]  # (the notice: its text, its link's title)
    # outside the comments: the revealed <a>'s and the sentence's translations, as text
    assert text == source_text.replace("Reserve your place", "予約" + attack).replace("Hello  and welcome.",
                                                                                    "こんにちは" + attack)
    # what IE and Outlook read inside: the translation, its characters as written
    inside = html5lib.parseFragment(comments[0][len("[if mso]>"):-len("<![endif]")], namespaceHTMLElements=False)
    assert "".join(inside.itertext()) == "予約" + attack


def test_a_translated_double_hyphen_keeps_an_xhtml_page_s_conditional_comments_well_formed():
    """XML forbids "--" in a comment: "Upgrade -- now" (or "--" for a dash) in an XHTML page's conditional comment
    left the built page unreadable to every XML parser.  IE and Outlook, which read the content as HTML, still see
    the translation as written."""
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title>'
            '</head><body><!--[if lt IE 9]><p>Your browser is <a href="u.html" title="How">old</a>.</p><![endif]-->'
            "<p>Hello <!--[if IE]><b>IE</b> user<![endif]--> and welcome.</p>"
            '<script><![CDATA[ var c = "<!--[if IE]>"; i--; var e = "<![endif]"; ]]></script></body></html>')
    translations = {(None, "Your browser is <a>old</a>."): "ブラウザ -- <a>古い</a> ---",
                    (None, "How"): "方法 --", (None, "<b>IE</b> user"): "<b>IE</b>--利用者-",
                    (None, "Hello <comment/> and welcome."): "こんにちは--<comment/>--"}
    _doc, res = build(page, translations, locale="ja", rel="page.xhtml")
    assert not res.warnings
    root = ElementTree.fromstring(res.html.encode())  # well-formed
    assert "こんにちは--" in "".join(root.itertext())  # (outside a comment "--" is text like any other)
    comments, _text = _comments_and_text(res.html)
    inside = [html5lib.parseFragment(c[c.index("]>") + 2:-len("<![endif]")], namespaceHTMLElements=False)
              for c in comments]
    assert ["".join(i.itertext()) for i in inside] == ["ブラウザ -- 古い ---", "IE--利用者-"]
    assert inside[0].find("p/a").get("title") == "方法 --"
    assert root.find("{http://www.w3.org/1999/xhtml}body/{http://www.w3.org/1999/xhtml}script").text == \
        ' var c = "<!--[if IE]>"; i--; var e = "<![endif]"; '  # (a script's code is no comment's content)


def test_a_translated_preheader_keeps_its_invisible_filler():
    filler = "&#847;&zwnj;&nbsp;" * 20
    _doc, res = build(f'<body><div style="display:none">Your June newsletter{filler}</div></body>',
                      {(None, "Your June newsletter"): "6월 소식지"})
    assert f">6월 소식지{filler}</div>" in res.html


@pytest.mark.parametrize("element", ["style", "script", "noscript", 'script type="application/ld+json"',
                                     'script type="importmap"', 'script type="module"'])
def test_an_xhtml_page_s_self_closed_code_element_holds_nothing(element):
    """In XML ``<style/>`` is an element with no content.  The build's helpers read it again with HTML's rules, so
    its "content" ran on to the end of the page: the page's references were rewritten once more as CSS (a style
    attribute after it was edited twice and the build failed) or as JSON, and each such element read the rest of
    the page again (8,000 took seconds).  They read the content where the tokeniser found it ends."""
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title>'
            f'</head><body><{element}/><p style="background:url(i.png)">Hi</p><img src="i.png" alt=""/>'
            '<script type="application/ld+json">{"image": "i.png"}</script></body></html>')
    res = build_page(parse_document(page, source="page.xhtml"), "page.xhtml", "ko", {(None, "Hi"): "안녕"}, LAYOUT)
    root = ElementTree.fromstring(res.html.encode())  # well-formed
    assert "안녕" in "".join(root.itertext())
    assert res.html.count("../i.png") == 3, res.html
    many = parse_document(page.replace(f"<{element}/>", f"<{element}/>" * 8000), source="page.xhtml")
    started = time.perf_counter()
    build_page(many, "page.xhtml", "ko", {}, LAYOUT)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("shape", ["<!--[if IE]>Hi there<![endif]-->", "<noscript>Hi there</noscript>",
                                   '<span its-within-text="nested">Hi there</span>'])
def test_ten_thousand_units_inside_a_sentence_s_placeholders_are_built_in_linear_time(shape):
    """Each unit inside a sentence's placeholder (a conditional comment's, a noscript's, a withinText="nested"
    element's) sorted every edit of the page again: 10,000 took minutes."""
    html = "<p>" + f"Hello {shape} " * 10_000 + "end.</p><div>" + "<!--[if mso]><p>Hi there</p><![endif]-->" * 10_000
    doc = parse_document(html)
    translations = {(u.context, u.msgid): "訳" + u.msgid.replace("Hi there", "やあ") for u in doc.units}
    started = time.process_time()
    result = build_page(doc, "page.html", "ja", translations, LAYOUT)
    assert time.process_time() - started < 8  # about 0.5 s (10,000 one at a time: a minute)
    assert result.html.count("やあ") == 20_000 and result.translated == 20_001


FAQ_LD = '''{
  "@context": "https://schema.org",
  "@type": "FAQPage",
  "headline": "Launch questions",
  "author": {"@type": "Person", "name": "Jane Doe", "description": "Launch engineer"},
  "publisher": {"@type": ["Organization"], "name": "ESA", "url": "https://www.esa.int/"},
  "mainEntity": [
    {"@type": "Question", "name": "Why launch from Kourou?",
     "acceptedAnswer": {"@type": "Answer", "text": "It is close to the \\u0065quator."}},
    {"@type": "Question", "name": "  ", "@id": "#q2", "dateCreated": "2007-02-26"}
  ],
  "keywords": ["launch", "Soyuz"],
  "image": "rocket.png"
}'''


def test_json_ld_prose_is_extracted_with_its_type_and_property():
    """Search engines show a FAQ's questions and answers and an article's headline from the page's JSON-LD, whose
    `inLanguage` the build makes the target's: its prose is translated with the page.  Proper names (a person's, an
    organisation's), identifiers, URLs, dates and keywords are not entries."""
    page = f'<html><head><script type="application/ld+json">{FAQ_LD}</script></head><body><p>Text</p></body></html>'
    units = [u for u in parse_document(page).units if u.element == "script"]
    assert [(u.msgid, u.notes, u.line) for u in units] == [
        ("Launch questions", ["JSON-LD FAQPage.headline"], 4),
        ("Launch engineer", ["JSON-LD Person.description"], 5),
        ("Why launch from Kourou?", ["JSON-LD Question.name"], 8),
        ("It is close to the equator.", ["JSON-LD Answer.text"], 9)]
    assert all(page[u.start] == page[u.end - 1] == '"' for u in units)
    graph = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", '
             '"name": "Mini page"}, {"@type": "Organization", "name": "ESA"}]}</script>')
    assert [(u.msgid, u.notes) for u in parse_document(graph).units] == [("Mini page", ["JSON-LD WebPage.name"])]
    assert not [u for u in parse_document(page.replace("<html>", '<html translate="no">')).units
                if u.element == "script"]
    assert not [u for u in parse_document(page.replace("</script>", "")).units if u.element == "script"]


def test_json_ld_translations_are_json_strings_that_cannot_end_the_script():
    import json

    page = f'<html><head><script type="application/ld+json">{FAQ_LD}</script></head><body><p>Text</p></body></html>'
    attack = '"}</script><script>alert(1)</script><!--'
    translations = {(None, "Launch questions"): "발사 질문 " + attack, (None, "Why launch from Kourou?"): "왜 쿠루?",
                    (None, "It is close to the equator."): "적도 & <가깝다>", (None, "Text"): "텍스트"}
    for rel in ("a.html", "a.xhtml"):
        html = build_page(parse_document(page), rel, "ko", translations, LAYOUT).html
        block = re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1)
        data = json.loads(block)
        assert data["headline"] == "발사 질문 " + attack and data["inLanguage"] == "ko"
        assert data["mainEntity"][0]["name"] == "왜 쿠루?"
        assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "적도 & <가깝다>"
        assert data["author"] == {"@type": "Person", "name": "Jane Doe", "description": "Launch engineer"}
        assert "<" not in block and "&" not in block  # (no markup and no entity, in HTML and in XML)
        assert html.count("<script") == 1
        if rel == "a.html":
            assert_only_declared_edits(page, html, True)


@pytest.mark.parametrize("html, translations, built", [
    # a container naming the source language inside a translated sentence's placeholder is the sentence's markup
    ('<body><p>Hello <noscript lang="en">Enable scripts</noscript> world</p>',
     {"Hello <noscript/> world": "안녕 <noscript/> 세계", "Enable scripts": "켜세요"},
     '<p>안녕 <noscript lang="en">켜세요</noscript> 세계</p>'),
    ('<body><p>Hello <iframe lang="en"></iframe> world</p>', {"Hello <iframe/> world": "안녕 <iframe/> 세계"},
     '<p>안녕 <iframe lang="en"></iframe> 세계</p>'),
    # a stray </head> inside a sentence is no place to insert the head's links
    ('<html><head><title>T</title></head><body><p>Hello </head> world</p></body></html>',
     {"Hello world": "안녕 세계"}, "<body><p>안녕 세계</p>"),
])
def test_markup_inside_a_translated_sentence_takes_no_edit_of_its_own(html, translations, built):
    """Each of these was a traceback: 'overlapping edits' (the lang edit or the head's links inside the unit)."""
    _doc, res = build(html, {(None, k): v for k, v in translations.items()})
    assert built in res.html


@pytest.mark.parametrize("block, expect", [
    # schema.org's Language object: the page's language, replaced whole; its name is no entry
    ('{"@type": "Article", "headline": "Launch day", "inLanguage": {"@type": "Language", "name": "English"}}',
     {"@type": "Article", "headline": "발사일", "inLanguage": "ko"}),
    # escapes spelling what no catalogue holds are U+FFFD in the msgid; the translation replaces the whole string
    ('{"@type": "Article", "headline": "Launch \\ud800 day", "description": "Tea\\u0000time"}',
     {"@type": "Article", "headline": "발사일", "description": "차", "inLanguage": "ko"}),
    # proper names of businesses and prefixed types are no entries
    ('{"@type": "schema:Restaurant", "name": "Chez Paul", "description": "Fine food"}',
     {"@type": "schema:Restaurant", "name": "Chez Paul", "description": "좋은 음식"}),  # (a business: no inLanguage)
])
def test_json_ld_odd_values_build(block, expect):
    import json

    translations = {(None, "Launch day"): "발사일", (None, "English"): "영어", (None, "Launch \ufffd day"): "발사일",
                    (None, "Tea\ufffdtime"): "차", (None, "Fine food"): "좋은 음식", (None, "Chez Paul"): "폴"}
    page = f'<html><head><script type="application/ld+json; charset=utf-8">{block}</script></head><body></body></html>'
    html = build_page(parse_document(page), "a.html", "ko", translations, LAYOUT).html
    assert json.loads(re.search(r'ld\+json; charset=utf-8">(.*?)</script>', html, re.S).group(1)) == expect


def test_an_xhtml_page_stays_well_formed_whatever_characters_a_translation_holds():
    """A browser parses .xhtml as XML: a U+FFFF or a control character (no reference can spell them) stopped it with
    an error page instead of the page."""
    from xml.dom import minidom

    page = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title>'
            '<script type="application/ld+json">{"headline": "Launch day"}</script></head>'
            '<body><p title="Tip">Hello <b>world</b></p></body></html>')
    bad = "x\uffff\x01\x0by"
    translations = {(None, "T"): bad, (None, "Launch day"): bad, (None, "Tip"): bad,
                    (None, "Hello <b>world</b>"): bad + " <b>w</b>"}
    built = build_page(parse_document(page), "a.xhtml", "ko", translations, LAYOUT).html
    minidom.parseString(built.encode("utf-8"))
    assert built.count("x\ufffd\ufffd\ufffdy") == 4
    plain = page.replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    html = build_page(parse_document(plain), "a.html", "ko", translations, LAYOUT).html
    assert html.count(bad) == 3  # an HTML page keeps them, as it keeps any character a translator wrote


def test_an_xhtml_page_named_html_stays_well_formed_xml():
    """XHTML 1.0 served as text/html (the 2007 sites' doctype): the alternates and charset declaration the build
    added were HTML (`<link …>`), so XML tools reading the site (XSLT, lxml) failed on every built page."""
    from xml.dom import minidom

    page = ('<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'
            ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            '<head><title>Vega</title></head><body><p>Small&#160;launcher <br />here</p>'
            '<p><a href="a.html" hreflang="en">English</a> <a href="ko/a.html" hreflang="ko">한국어</a></p>'
            '<select><option value="a.html">English</option><option value="ko/a.html">한국어</option></select>'
            '</body></html>')
    translations = {(None, "Small\u00a0launcher <br/>here"): "소형\u00a0발사체 <br/>여기"}
    for locale in ("en", "ko"):
        built = build_page(parse_document(page), "a.html", locale, translations, LAYOUT).html
        minidom.parseString(built.encode("utf-8"))  # (the doctype's DTD is not fetched)
    assert "<link rel=\"alternate\" hreflang=\"ko\" href=\"a.html\" />" in built and "&nbsp;" not in built


XHTML_BODY = ('<p>Jump <a id="top"/> here and <em>now</em> please.</p><textarea name="t" title="Your note"/>'
              '<p>Line one<br></br>line two <img src="a.png" alt="A cat"></img> here.</p>'
              '<p>Text <![CDATA[a > b]]> more <?php echo "a > b"; ?> text.</p>'
              '<script type="text/javascript"><![CDATA[ document.write("</script><p>Written by script</p>"); ]]></script>'
              "<p>Last words.</p>")


def test_an_xhtml_page_is_read_with_xml_s_rules():
    """A browser parses .xhtml as XML, where `/>` closes any element, `<img></img>` is one image, and a CDATA section
    or a processing instruction ends at `]]>` and `?>`, not at the first `>`.  Read as HTML, `<script src="a.js"/>` in
    the head left the whole body unextracted, `<a id="top"/>` made a sentence that every translation broke
    (`</a>` written after it, the anchor duplicated), `<textarea/>` swallowed the page, and a script's CDATA holding
    `</script>` gave a unit whose translation was written inside the script (code a catalogue could run)."""
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [ <!ENTITY co "Acme <b>Corp</b>"> ]>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>T</title>'
            f'<script type="text/javascript" src="a.js"/></head><body>{XHTML_BODY}</body></html>')
    doc = parse_document(page, source="site/page.xhtml")
    assert [u.msgid for u in doc.units] == [
        "T", "Jump <a/> here and <em>now</em> please.", "Your note", "Line one<br/>line two <img/> here.", "A cat",
        "Text <cdata/> more text.", "Last words."]
    translated = {(u.context, u.msgid): "訳" + u.msgid[::-1].replace(">/a<", "<a/>").replace(">/rb<", "<br/>")
                  .replace(">/gmi<", "<img/>").replace(">/atadc<", "<cdata/>").replace(">me/<", "<em>")
                  .replace(">me<", "</em>") for u in doc.units}
    built = build_page(doc, "page.xhtml", "ja", translated, LAYOUT)
    assert not built.warnings and built.translated == len(doc.units)
    root = ElementTree.fromstring(built.html.encode())  # well-formed
    xhtml = "{http://www.w3.org/1999/xhtml}"
    script = root.find(f"{xhtml}body/{xhtml}script")
    assert script is not None and script.text == ' document.write("</script><p>Written by script</p>"); '
    assert [len(p) for p in root.iter(f"{xhtml}p")] == [2, 2, 0, 0]  # (<a/> <em>, <br/> <img/>; the rest text)
    assert root.find(f".//{xhtml}a").get("id") == "top" and built.html.count('id="top"') == 1
    inside = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Go to <a href="x.html">the <a id="y"/> page</a>.</p>'
    assert [u.msgid for u in parse_document(inside, source="b.xhtml").units] == ["Go to <a1>the <a2/> page</a1>."]
    # the same markup read as HTML (a page named .html) is the HTML it is to a browser: one sentence to the end
    assert len(parse_document(page, source="site/page.html").units) < len(doc.units)


@pytest.mark.parametrize("hider", ["<!-- </script> -->", "<?php echo '</script>'; ?>"])
def test_a_script_end_hidden_in_an_xhtml_comment_or_processing_instruction_ends_nothing(hider):
    """XML reads no end tag inside a comment or a processing instruction: the page's text after it was read as
    script, and the script's tail as a paragraph."""
    page = ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body>'
            f'<script type="text/javascript">{hider} var a = "<p>not text</p>";</script><p>Hello</p></body></html>')
    assert [u.msgid for u in parse_document(page, source="a.xhtml").units] == ["T", "Hello"]


@pytest.mark.parametrize("subset", ["<!-- the author's note -->", "<?pi it's here ?>", '<!ENTITY e "]>">'])
def test_an_xhtml_doctype_subset_ends_at_its_own_bracket(subset):
    """An apostrophe in a comment of the internal subset was read as an opening quote: the whole page became the
    doctype and nothing was extracted."""
    page = (f'<!DOCTYPE html [ {subset} ]>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title>'
            '</head><body><p>Hello</p></body></html>')
    assert [u.msgid for u in parse_document(page, source="a.xhtml").units] == ["T", "Hello"]


@pytest.mark.parametrize("body", [
    '<script type="text/javascript">' + "<![CDATA[ x ]]>" * 80_000 + "</script><p>after</p>",
    '<script type="text/javascript">' + "<!--" * 50_000 + "</script>",
    "<!DOCTYPE html [" + "<!--a-->" * 20_000 + "<p>after</p>",
])
def test_xhtml_comments_cdata_and_doctype_subsets_are_read_in_linear_time(body):
    """Each CDATA section restarted the search for the script's end (80,000: 17 s), and an internal subset without its
    `]` must not backtrack through the comments it skips (a lazy match there took seconds for 25, forever for more)."""
    page = f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>'
    start = time.perf_counter()
    units = parse_document(page, source="a.xhtml").units
    assert time.perf_counter() - start < 3
    assert [u.msgid for u in units] == (["after"] if "CDATA" in body else [])


def test_json_ld_in_an_xhtml_page_is_read_as_xml_reads_it():
    """XML decodes `&amp;` in a script before JSON reads it: the translator saw "Tom &amp; Jerry", and the built
    string "\\u0026amp;" read "&amp;" to every consumer."""
    page = ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title><script type="application/ld+json">'
            '{"@type": "Article", "headline": "Tom &amp; Jerry &lt;3"}</script></head><body></body></html>')
    doc = parse_document(page, source="a.xhtml")
    assert [u.msgid for u in doc.units] == ["T", "Tom & Jerry <3"]
    built = build_page(doc, "a.xhtml", "ko", {(None, "Tom & Jerry <3"): "톰 & 제리 <3"}, LAYOUT).html
    script = ElementTree.fromstring(built.encode()).find(".//{http://www.w3.org/1999/xhtml}script")
    assert json.loads(script.text)["headline"] == "톰 & 제리 <3"


@pytest.mark.parametrize("title", ["Line\none", "Tab\there", "CR\rhere"])
def test_a_line_break_in_a_translated_attribute_of_an_xhtml_page_stays_one(title):
    """XML reads a tab or a line end in an attribute as a space: the translator's line break in a tooltip vanished."""
    page = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p title="Tip">Hi</p></body></html>'
    built = build_page(parse_document(page), "a.xhtml", "ko", {(None, "Tip"): title}, LAYOUT).html
    assert ElementTree.fromstring(built.encode()).find(".//{http://www.w3.org/1999/xhtml}p").get("title") == title


def test_a_translation_of_only_white_space_falls_back_to_the_source_with_a_warning():
    """`check` calls it an error, but the build published it: the heading and the image's text vanished."""
    html = '<body><h1>Baikonur</h1><p>Launch <b>site</b></p><img src="a.png" alt="A rocket"></body>'
    html += "<p>Second <b>one</b></p><p>Third one</p>"
    _, res = build(html, {(None, "Baikonur"): "   ", (None, "Launch <b>site</b>"): "발사 <b>장소</b>",
                          (None, "A rocket"): "\n", (None, "Second <b>one</b>"): "<b></b><br/>",
                          (None, "Third one"): "\u200b"})
    assert '<h1 lang="en">Baikonur</h1>' in res.html and 'alt="A rocket"' in res.html
    assert "<p>발사 <b>장소</b></p>" in res.html and res.translated == 1 and res.fallback == 4
    assert '<p lang="en">Second <b>one</b></p><p lang="en">Third one</p>' in res.html
    said = " shows nothing (white space, invisible characters or a line break only); using the source text"
    assert [w.split(": ", 1)[1] for w in res.warnings] == [
        f"ko translation of {m!r}{said}" for m in ("A rocket", "Baikonur", "Second <b>one</b>", "Third one")]


@pytest.mark.parametrize(("rel", "error"), [("404.html", True), ("500.htm", True), ("products/401.html", False),
                                            ("errors/404.html", False), ("1404.html", False)])
def test_only_an_error_page_at_the_sites_top_is_one(rel, error):
    """A product page named 401.html in a folder was built as an error page: its links root-absolute, broken on a
    site served under a path.  Static hosts look for their error pages at the site's top."""
    from toolkit.build.links import is_error_page

    assert is_error_page(rel) is error


def test_a_switcher_labels_own_language_is_kept_or_found():
    """`lang` says what language a label is in (WCAG 3.1.2), `hreflang` where it leads: the ESA bar's Korean words
    for Taiwan, China and Japan keep the author's `lang="ko"` (a screen reader read 대만 in a Chinese voice), a label
    CLDR knows in one language only gets that language, an endonym its own."""
    html = ('<body><ul><li><a href="ko/p.html" hreflang="ko" lang="ko">한국</a></li>'
            '<li><a href="zh_TW/p.html" hreflang="zh-TW" lang="ko">대만</a></li>'
            '<li><a href="ja/p.html" hreflang="ja">일본</a></li>'
            '<li><a href="zh_CN/p.html" hreflang="zh-CN">简体中文</a></li>'
            '<li><a href="zh_TW/p.html" hreflang="zh-TW" lang="zh-TW">繁體中文</a></li></ul></body>')
    _, res = build(html, {}, locale="ja")
    marks = [(a.text, a.get("lang"), a.get("hreflang"))
             for a in html5lib.parse(res.html, namespaceHTMLElements=False).iter("a")]
    assert marks == [("한국", "ko", "ko"), ("대만", "ko", "zh-TW"), ("일본", "ko", "ja"), ("简体中文", "zh-CN", "zh-CN"),
                     ("繁體中文", "zh-TW", "zh-TW")]


def test_an_svg_links_tooltip_a_formulas_alttext_and_a_cells_abbr_are_translated():
    html = ('<html><body><p>See <svg width="9"><a href="/" xlink:title="Go home"><rect/></a></svg> the '
            '<math alttext="x squared"><msup><mi>x</mi><mn>2</mn></msup></math> term</p>'
            '<table><tr><td abbr="Temp.">Temperature</td></tr></table></body></html>')
    tr = {(None, "Go home"): "홈으로", (None, "x squared"): "x 제곱", (None, "Temp."): "온도.",
          (None, "the <math/> term"): "<math/> 항"}
    _, res = build(html, tr)
    assert '<a href="/ko/" xlink:title="홈으로"><rect/></a></svg> <math alttext="x 제곱"><msup>' in res.html
    assert '<td lang="en" abbr="온도.">Temperature</td>' in res.html
    assert res.translated == 4


def test_a_build_says_which_pages_a_script_framework_renders_again(project, capsys):
    """Only extract said so: a CI job building from committed catalogues published pages whose scripts turn them
    back into English, silently.  The build says it once for the pages it writes (in its JSON too), not again for
    pages up to date."""
    pages = {"app.html": '<html><body><div id="__nuxt"><p>Weather</p></div>'
                         '<script type="application/json" id="__NUXT_DATA__">[]</script></body></html>',
             "plain.html": "<html><body><p>Plain</p></body></html>"}
    root = make_site(project, pages, {"Weather": "날씨"})
    capsys.readouterr()
    assert main(["build", "--root", str(root), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err.count("rendered by") == 1 and "source_html/app.html: rendered by Nuxt" in err
    report = json.loads(out)
    assert report["rendered"] == {"source_html/app.html": "Nuxt"}
    assert any("rendered by Nuxt" in line for line in report["warnings"])
    assert main(["build", "--root", str(root)]) == 0
    assert "rendered by" not in capsys.readouterr().err
