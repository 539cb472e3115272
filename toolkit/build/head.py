"""Edits of the document as a whole: ``<html lang dir>``, the charset, alternates and metadata.

Every page (the source-language ones included) gets the charset declaration (built pages are
UTF-8) and mutual ``hreflang`` alternates listing only the versions build/ actually holds;
with ``base_url`` they are absolute and a canonical link is added.  Localised pages also get
``<html lang dir>``, ``og:locale`` (with ``og:locale:alternate`` for the other versions), the language
``<meta>``s (``Content-Language``) and JSON-LD ``inLanguage``; a container's ``lang`` naming the source language
follows the page too (`container_lang_edits`).  A fragment (an include file, `is_fragment`) gets only its
language, on its root.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from toolkit.build.links import SiteLayout, unsuffixed
from toolkit.build.refs import PagePlace, absolute_url, link_dir, linked_page, redirects_at_once
from toolkit.build.splice import HAS_DIR, Edit
from toolkit.html import Document
from toolkit.html.elements import is_inline
from toolkit.html.jsonld import block_objects, is_json_ld, language_members, takes_language
from toolkit.html.links import alternate_tags, link_rels
from toolkit.html.render import escape_attr
from toolkit.html.segment import Tag
from toolkit.html.tokenize import END, EOF, START, TAG_RE, parse_attrs, prologue_end, tokenize
from toolkit.html.tree import ROOT_PROPS, props_for, walk
from toolkit.locales import language_names, language_of, matching_locale, parse_tag, text_direction


def document_edits(doc: Document, place: PagePlace, authored: list[tuple[Tag, str]], xml: bool = False,
                   fragment: bool = False) -> list[Edit]:
    """<html lang dir>, the charset declaration, alternates, canonical, og:locale, language metas, JSON-LD inLanguage.

    `place`: where the page's references resolve (`refs.page_place`); `authored`: its own alternates
    (`authored_alternates`, which the caller edits); `xml`: the page is XHTML parsed as XML, so the tags added are
    closed (``<link … />``); `fragment`: it is an include file (`is_fragment`), which gets only its language.
    """
    rel, locale, layout = place.rel, place.locale, place.layout
    end = " />" if xml else ">"
    source = locale == layout.source_locale
    if fragment:  # (an include file, `is_fragment`: the page that includes it has the head)
        if source:
            return []
        source_language = language_of(layout.lang(layout.source_locale))
        return (_code_direction_edits(doc, turned_direction(layout, locale))
                + _json_ld_edits(doc, layout.lang(locale), source_language))
    nl = "\r\n" if "\r\n" in doc.text[:2000] else "\n"
    edits = [] if source else _lang_edits(doc, locale, layout, xml)
    body = None if source else doc.tag("body")
    if body is not None:
        edits += _direction_edits(body, turned_direction(layout, locale))
    if not source:
        edits += _code_direction_edits(doc, turned_direction(layout, locale))
    edits += _charset_edits(doc, end)
    redirect = is_redirect(doc.text)  # (no alternates: each version would name versions that are redirects too, which
    # search consoles report as hreflang errors; the page it leads to has its own)
    head_links = ([] if redirect else _alternate_links(place, {loc for _tag, loc in authored}, end)) \
        + _canonical(doc, place, edits, end, redirect)
    at = _head_end(doc)
    if head_links:
        # line breaks only where the source already has white space: in a page whose head was closed early,
        # new white-space text would make a parser re-open formatting elements (a <b> the source never had)
        sep = nl if doc.text[at - 1:at].isspace() else ""
        edits.append(Edit(at, at, sep.join(head_links) + sep))
    edits += _og_locale_edits(doc, rel, locale, layout, nl, end)
    if not source:
        edits += _language_meta_edits(doc, locale, layout, xml)
        edits += _json_ld_edits(doc, layout.lang(locale), language_of(layout.lang(layout.source_locale)))
    return edits


# what makes a file a page: the tags only a whole document has (all three may be left out of one: a page may begin
# with its <title>, a <meta> or a stylesheet's <link>), or a doctype; an SVG's own <title> (an icon's name) does not
_PAGE_MARK = re.compile(r"<(?:html|head|body|meta|link|base)[\t\n\f\r />]|<!doctype[\t\n\f\r >]", re.IGNORECASE)
_TITLE_OR_SVG = re.compile(r"<(/?)(svg|title)[\t\n\f\r />]", re.IGNORECASE)


def is_fragment(source: str | bytes) -> bool:
    """Whether a source file is a fragment of a page, not a page: no ``<html>``, ``<head>`` or ``<body>`` tag, no
    doctype, no ``<title>`` (but an SVG's), ``<meta>``, ``<link>`` or ``<base>`` (an include file, a partial a script
    fetches into a page's ``innerHTML``).  The page that includes it has the head: the build adds no head elements,
    alternates or ``<html>`` to it, writes its source-language copy as the source has it, and lists it in no sitemap.
    (A tag in a comment or script makes it a page: the build's old ways.)"""
    text = source.decode("latin-1") if isinstance(source, bytes) else source  # (the marks are ASCII)
    if _PAGE_MARK.search(text) is not None:
        return False
    in_svg = 0
    for m in _TITLE_OR_SVG.finditer(text):
        if m.group(2).lower() == "svg":
            in_svg = max(0, in_svg - 1) if m.group(1) else in_svg + 1
        elif not m.group(1) and not in_svg:
            return False
    return True


def fragment_lang_edits(text: str, locale: str, layout: SiteLayout) -> dict[int, list[Edit]]:
    """A fragment's language (and a right-to-left direction) on its root element, when it has exactly one (white
    space and comments aside) and that says no language of its own (one naming the source language follows the page:
    `container_lang_edits`); a fragment of several roots, or with text of its own at the top, gets none (a wrapper
    would change its tree, and what CSS matches in the page that includes it).  Keyed by the root's start, as
    `container_lang_edits`: a root whose own text stays untranslated keeps the source's language instead (it got
    both, ``<p lang="ko" lang="en">``)."""
    root = _single_root(text)
    if root is None or "lang" in root.attrs or "xml:lang" in root.attrs:
        return {}
    at = root.start + 1 + len(root.name)
    said = f' lang="{escape_attr(layout.lang(locale))}"'
    direction = root.attrs.get("dir")
    if direction is None:
        said += ' dir="rtl"' if text_direction(locale) == "rtl" else ""
        return {root.start: [Edit(at, at, said)]}
    return {root.start: [Edit(at, at, said), *_direction_edits(root, turned_direction(layout, locale))]}


def _single_root(text: str) -> Tag | None:
    """The start tag of a fragment's one top-level element, as the browser's tree has it (a ``<p>`` a ``<div>`` ends
    is not the root of both); None when it has none, several, or text at the top level."""
    root = None
    pos = 0
    for tok, tree in walk(text):
        top = len(tree.stack) == 1
        if top and text[pos:tok.start].strip():
            return None
        pos = tok.after if tok.raw is not None else tok.end
        if tok.kind == START and top:
            if root is not None:
                return None
            root = tok
    if root is None:
        return None
    return Tag(root.name, root.start, root.end, parse_attrs(text, root.attrs_start, root.attrs_end))


def document_top(doc: Document) -> int:
    """Where the page's `<html>` starts, or would if it left the tag out (HTML lets a page omit ``<html>``,
    ``<head>`` and ``<body>``; minifiers do): after the doctype and the comments around it.  Nothing may be added
    before that point: markup before the doctype puts the page in quirks mode."""
    html = doc.tag("html")
    if html is not None:
        return html.start
    return prologue_end(doc.text)


def _head_top(doc: Document) -> int:
    """Where the head's content begins: after ``<head>``, else after ``<html>``, else at the top of the page."""
    head, html = doc.tag("head"), doc.tag("html")
    return head.end if head is not None else (html.end if html is not None else document_top(doc))


def _head_end(doc: Document) -> int:
    return doc.head_end if doc.head_end is not None else _head_top(doc)


def _lang_edits(doc: Document, locale: str, layout: SiteLayout, xml: bool = False) -> list[Edit]:
    """The page's language on ``<html>``; a page that leaves that tag out gets one (as a browser implies it), so
    that its language is said: fonts and CJK glyph variants, hyphenation and speech follow it."""
    tag = layout.lang(locale)
    direction = text_direction(locale)
    html = doc.tag("html")
    if html is None:
        if xml:  # an XML page has its root element; without one it is not well-formed, and no tag mends that
            return []
        at = document_top(doc)
        rtl = ' dir="rtl"' if direction == "rtl" else ""
        return [Edit(at, at, f'<html lang="{escape_attr(tag)}"{rtl}>')]
    edits: list[Edit] = []
    at = html.start + 5
    for name, value in (("lang", tag), ("xml:lang", tag), ("dir", direction)):
        attr = html.attrs.get(name)
        if attr is not None and attr.end > attr.start:
            edits.append(Edit(attr.start, attr.end, f'"{escape_attr(value)}"'))
        elif name != "xml:lang" and (name == "lang" or direction == "rtl"):
            edits.append(Edit(at, at, f' {name}="{escape_attr(value)}"'))
    return edits


def container_lang_edits(doc: Document, locale: str, layout: SiteLayout) -> dict[int, list[Edit]]:
    """The ``lang``/``xml:lang`` of elements other than ``<html>`` that name the source language, made the page's.

    Generators repeat the document's language on containers (texinfo ``<body lang="en">``, DocBook and gtk-doc
    ``<div class="sect1" lang="en">``); left alone, the translated text under them would be in the source language
    to a browser (fonts and CJK glyph variants, hyphenation, speech).  Keyed by the tag's start, so that the build
    can keep the source's where the element's own text stays untranslated.  Inline elements (a term marked as
    English inside a sentence), other languages and ``translate="no"`` elements keep theirs.
    """
    edits: dict[int, list[Edit]] = {}
    source = language_of(layout.source_locale)
    value = f'"{escape_attr(layout.lang(locale))}"'
    turned = turned_direction(layout, locale)
    for t in doc.tags:
        if t.name == "html" or is_inline(t.name) or ("lang" not in t.attrs and "xml:lang" not in t.attrs):
            continue
        attrs = [a for name in ("lang", "xml:lang") if (a := t.attrs.get(name)) is not None
                 and a.end > a.start and language_of(a.value.strip()) == source]
        if attrs and props_for(t.name, t.attrs, ROOT_PROPS).translate:
            edits[t.start] = [Edit(a.start, a.end, value) for a in attrs] + _direction_edits(t, turned)
    return edits


def turned_direction(layout: SiteLayout, locale: str) -> tuple[str, str] | None:
    """(the source's direction, the target's) when they differ (an English site built in Arabic), else None."""
    source, target = text_direction(layout.source_locale), text_direction(locale)
    return (source, target) if source != target else None


def _direction_edits(tag: Tag, turned: tuple[str, str] | None) -> list[Edit]:
    """A ``dir`` stating the source's direction made the target's: on a container whose ``lang`` follows the page
    (MediaWiki's ``<div lang="en" dir="ltr" class="mw-content-ltr">``), and on ``<body>``, which states the page's.
    Other ``dir``s (a code block's ``dir="ltr"``, ``auto``) are the author's."""
    attr = tag.attrs.get("dir")
    if turned is None or attr is None or attr.end <= attr.start or attr.value.strip().lower() != turned[0]:
        return []
    return [Edit(attr.start, attr.end, f'"{turned[1]}"')]


def owner_direction_edits(text: str, owners: dict[int, tuple[int, str]], turned: tuple[str, str] | None,
                          turning: set[tuple[int, int]]) -> dict[int, list[Edit]]:
    """The target's direction on the block element of each translated unit whose nearest ``dir`` (below ``<html>``
    and ``<body>``, which say the page's) states the source's: Arabic inside the source's ``<div dir="ltr">`` was
    left-aligned, its punctuation at the wrong end.  The element's own ``dir`` is made the target's, else one is
    added.  `owners`: the start of each such element's start tag -> (its end, its name); keyed by that start, as
    `container_lang_edits` is.  `turning`: the spans of the ``dir`` values other edits turn already (a container
    whose ``lang`` follows the page, a fragment's root): what they hold is left to them.  An inline ``style="direction:
    ltr"`` is the author's and stays."""
    if turned is None or not owners:
        return {}
    inherited = _inherited_directions(text)
    edits: dict[int, list[Edit]] = {}
    for start, (end, name) in owners.items():
        said = inherited.get(start)
        if said is None or said[0] != turned[0] or said[1:] in turning:
            continue
        at = start + 1 + len(name)
        own = parse_attrs(text, at, end - 1).get("dir")
        if own is None:
            edits[start] = [Edit(at, at, f' dir="{turned[1]}"')]
        elif own.end > own.start:
            edits[start] = [Edit(own.start, own.end, f'"{turned[1]}"')]
    return edits


@functools.lru_cache(maxsize=2)  # (a page's every locale of the other direction asks, one after the other)
def _inherited_directions(text: str) -> dict[int, tuple[str, int, int]]:
    """The start of each start tag -> the ``dir`` (lower case) its nearest element with one declares, its own
    included, with the span of that value; ``<html>`` and ``<body>`` do not count (the build gives them the page's).
    Tags under none are not listed."""
    if not HAS_DIR.search(text):
        return {}
    out: dict[int, tuple[str, int, int]] = {}
    for tok, tree in walk(text):
        if tok.kind is not START:
            continue
        parent = tree.stack[-1]
        said = out.get(parent.start) if parent is not tree.stack[0] else None
        if tok.name not in ("html", "body") and "dir" in text[tok.attrs_start:tok.attrs_end].lower():
            own = parse_attrs(text, tok.attrs_start, tok.attrs_end).get("dir")
            if own is not None:
                said = (own.value.strip().lower(), own.start, own.end)
        if said is not None:
            out[tok.start] = said
    return out


_PRE_END = re.compile(r"</pre[\t\n\f\r />]", re.IGNORECASE)
CODE_TAGS = frozenset({"code", "kbd", "samp"})  # computer text: read in the source's direction wherever it stands


def _code_direction_edits(doc: Document, turned: tuple[str, str] | None) -> list[Edit]:
    """Code keeps the source's direction in a page of the other one: a ``<pre>`` with no text to translate (a code
    listing, a shell session) was right-aligned under ``<html dir="rtl">``, indentation on the right, punctuation
    reordered (``configure --prefix=/usr/local/. $``), and a ``<code>`` in an Arabic sentence showed a path as
    ``config/acme/config.toml./~`` (an element with ``dir`` is isolated from the text around it).  A ``<pre>`` with a
    unit (a poem) and an element with a ``dir`` are left."""
    if turned is None:
        return []
    tags = [t for t in doc.tags if t.name == "pre" or t.name in CODE_TAGS]
    if not tags:
        return []
    starts = sorted(u.start for u in doc.units if u.attribute is None)
    closes = [m.start() for m in _PRE_END.finditer(doc.text)] if any(t.name == "pre" for t in tags) else []
    out = []
    pre_end = -1  # the end of the <pre> the tags are in: the code of a listing takes the listing's direction
    for tag in tags:
        if tag.name == "pre":
            i = bisect_left(closes, tag.end)  # (one scan of the page: 20,000 unclosed <pre> took 3 s a locale)
            pre_end = closes[i] if i < len(closes) else len(doc.text)
            i = bisect_left(starts, tag.end)
            if "dir" in tag.attrs or (i < len(starts) and starts[i] < pre_end):
                continue
        elif "dir" in tag.attrs or tag.start < pre_end:
            continue
        at = tag.start + 1 + len(tag.name)  # after "<pre", "<code"
        out.append(Edit(at, at, f' dir="{turned[0]}"'))
    return out


_XML_ENCODING = re.compile(r"""<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _charset_edits(doc: Document, end: str) -> list[Edit]:
    """Built pages are UTF-8: rewrite the declaration, or add one at the top of <head>.

    An XML declaration's encoding (XHTML) says UTF-8 too: an XML reader trusts it over any ``<meta>``.
    """
    edits = []
    for t in doc.tags:
        if t.name != "meta":
            continue
        if "charset" in t.attrs:
            edits.append(Edit(t.attrs["charset"].start, t.attrs["charset"].end, '"utf-8"'))
        elif (equiv := t.attrs.get("http-equiv")) is not None and equiv.value.lower() == "content-type" \
                and "content" in t.attrs:
            media = t.attrs["content"].value.split(";", 1)[0].strip() or "text/html"  # application/xhtml+xml stays
            edits.append(Edit(t.attrs["content"].start, t.attrs["content"].end,
                              f'"{escape_attr(media)}; charset=utf-8"'))
    if not edits:
        at = _head_top(doc)
        edits.append(Edit(at, at, f'<meta charset="utf-8"{end}'))
    xml = _XML_ENCODING.match(doc.text)
    if xml is not None:
        group = 1 if xml.group(1) is not None else 2
        if xml.group(group).lower() != "utf-8":
            edits.append(Edit(xml.start(group), xml.end(group), "utf-8"))
    return edits


_LINK_TAG = re.compile(rb"<link\b[^<>]*>", re.I)
_META_TAG = re.compile(rb"<meta\b[^<>]*>", re.I)
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)  # (one left open runs to the end, as in a browser)


def _tag_attributes(data: bytes, pattern: re.Pattern[bytes]) -> Iterator[dict[str, str]]:
    """The attributes (names lower case) of each ``<link>`` or ``<meta>`` tag `pattern` finds in a page's bytes
    outside its comments: what the build's parent, which reads every page only to hash it, learns of a page without
    parsing it."""
    comments = [c.span() for c in _COMMENT.finditer(data)]  # (once: looking back from each tag was quadratic)
    for m in pattern.finditer(data):
        i = bisect_right(comments, (m.start(), len(data))) - 1
        if i >= 0 and m.start() < comments[i][1]:
            continue  # inside a comment
        tag = m.group().decode("utf-8", "replace")
        yield {name.lower(): a.value for name, a in parse_attrs(tag, 5, len(tag) - 1).items()}  # (after "<link")


def says_noindex(data: bytes) -> bool:
    """Whether the page asks search engines not to index it (``<meta name="robots" content="noindex">``, or
    ``none``, or a crawler's own ``name="googlebot"``): such a page is no entry of the sitemap (a search console
    reports each as an error)."""
    lowered = data.lower()
    if b"noindex" not in lowered and b"none" not in lowered:
        return False
    return any(_ROBOTS.fullmatch(attrs.get("name", "").strip())
               and {"noindex", "none"} & set(_DIRECTIVES.split(attrs.get("content", "").lower()))
               for attrs in _tag_attributes(data, _META_TAG))


def is_redirect(text: str | bytes) -> bool:
    """Whether the page is a redirect: a ``<meta http-equiv="refresh">`` sending the reader on at once
    (`refs.redirects_at_once`), one a browser acts on: read by the tokeniser, so not in a comment, a ``<noscript>``
    (which a browser running scripts does not read: a page of a script's sending readers without one to a plain
    version is a page), a script, a textarea or an attribute's value, nor in a ``<template>``'s inert content.  Such a
    page is no entry of the sitemap, which lists the URLs to index, and names no canonical URL of its own
    (`_canonical`).  The page's bytes are read as Latin-1: the markup is ASCII, the URL is not needed."""
    if isinstance(text, bytes):
        if b"refresh" not in text.lower():
            return False
        text = text.decode("latin-1")
    elif "refresh" not in text.lower():
        return False
    templates = 0
    for tag in tokenize(text):
        if tag.kind == EOF or tag.foreign or tag.name not in ("meta", "template"):
            continue
        if tag.name == "template" and tag.kind == START:
            templates += 1
        elif tag.name == "template" and tag.kind == END:
            templates = max(0, templates - 1)
        elif tag.kind == START and not templates:
            attrs = parse_attrs(text, tag.attrs_start, tag.attrs_end)
            equiv, content = attrs.get("http-equiv"), attrs.get("content")
            if equiv is not None and content is not None and equiv.value.strip().lower() == "refresh" \
                    and redirects_at_once(content.value):
                return True
    return False


_ROBOTS = re.compile(r"robots|\w*bot", re.I)  # all crawlers, or one (googlebot, bingbot): its console reports it
_DIRECTIVES = re.compile(r"[\s,;]+")


def canonical_base_hint(data: bytes, rel: str) -> str | None:
    """The warning for a page that names its own absolute canonical URL while `base_url` is not set, suggesting the
    setting that URL implies; None if it names none, or one that is not the page's (another site's, a comment's).
    Found in the bytes, without parsing the page: the build's parent reads every page only to hash it."""
    href = canonical_href(data)
    if href is None:
        return None
    try:
        parts = urlsplit(href.strip())
        port = parts.port
    except ValueError:  # not a URL a browser could follow either
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    path = unquote(parts.path)
    tails = [rel] + ([rel[:-len("index.html")]] if rel.endswith("index.html") else [])
    base = next((path[:len(path) - len(t)] for t in tails if path.endswith(t) and
                 path[:len(path) - len(t)].endswith("/")), None)
    if base is None:
        return None  # not this page's place (a canonical on another site, another layout): nothing to infer
    host = parts.hostname + (f":{port}" if port else "")
    suggested = urlunsplit((parts.scheme, host, quote(base), "", ""))
    return (f"{rel}: names its canonical URL ({parts.geturl()[:80]}) but [tool.l10n] base_url is not set, so "
            "every locale's copy keeps it (telling search engines it is a duplicate of the source page) and lists "
            f'its hreflang alternates as relative URLs (search engines want absolute ones); set base_url = '
            f'"{suggested}"')


def canonical_href(data: bytes) -> str | None:
    """The href of the page's canonical link (the first), read from its bytes; None if it has none."""
    if b"canonical" not in data.lower():  # (a search ignoring case took as long as reading the page)
        return None
    return next((attrs.get("href", "") for attrs in _tag_attributes(data, _LINK_TAG)
                 if "canonical" in attrs.get("rel", "").lower().split()), None)


def names_another_page(href: str, rel: str, layout: SiteLayout) -> bool:
    """Whether a canonical `href` of the source page `rel` (one without ``<base href>``) names another page of the
    site: the page is then a duplicate, no entry of the sitemap (which lists canonical URLs only)."""
    here = posixpath.dirname(rel)
    return linked_page(href, PagePlace(rel, layout.source_locale, here, here, layout)) not in (None, rel)


def names_clean_url(href: str, rel: str, layout: SiteLayout) -> bool:
    """Whether a canonical `href` of the source page `rel` (one without ``<base href>``) names it without its suffix
    (``https://example.org/about`` for about.html): the site's host serves clean URLs (`public_path`)."""
    stem = unsuffixed(rel)
    if stem is None or posixpath.basename(rel).lower().startswith("index."):
        return False
    try:
        path = unquote(urlsplit(href.strip()).path)
    except ValueError:
        return False
    here = posixpath.dirname(rel)
    return path.endswith("/" + stem) and linked_page(href, PagePlace(rel, layout.source_locale, here, here,
                                                                      layout)) == rel


def canonical_tag(doc: Document) -> Tag | None:
    return next((t for t in doc.tags if t.name == "link" and "href" in t.attrs and "canonical" in link_rels(t)),
                None)


def _alternate_links(place: PagePlace, authored: set[str], end: str) -> list[str]:
    """``<link rel=alternate hreflang>`` for every published version and x-default, unless the source has one
    for it (`authored`: ``hreflang="en-US"`` is the English version's, pointed at it: `authored_alternates`)."""
    rel, locale, layout, here = place.rel, place.locale, place.layout, link_dir(place)
    links = []
    for loc in layout.page_locales(rel):
        if loc in authored:
            continue
        lang = layout.lang(loc)
        href = layout.href(locale, rel, loc, link_dir=here)
        links.append(f'<link rel="alternate" hreflang="{escape_attr(lang)}" href="{escape_attr(href)}"{end}')
    if X_DEFAULT not in authored:
        default_href = escape_attr(layout.href(locale, rel, None, link_dir=here))
        links.append(f'<link rel="alternate" hreflang="x-default" href="{default_href}"{end}')
    return links


X_DEFAULT = "x-default"


def authored_alternates(doc: Document, rel: str, layout: SiteLayout) -> list[tuple[Tag, str]]:
    """The source's own alternates for the site's versions, each with the locale it names (or x-default): this
    module points them at the built pages.  A code names a version when it is the version's (``ko``) or names the
    same language version, the script and region each implies filled in (``ko-KR`` and ``en-US`` for ko and en
    versions, ``zh-Hant`` for zh_TW; not ``ko-US``, ``sr-Latn`` for Cyrillic sr, nor ``tw``, Twi, or ``kr``, Kanuri:
    `locales.matching_locale` without its lookup): left as links, they were pointed at the page itself in every
    locale, and a second code was added for the same version.  Others (``hreflang="de"`` to a German site or folder
    the build does not make, ``en-GB``) are references like any link (`refs.py`)."""
    versions = layout.version_tags()
    out = []
    for t in alternate_tags(doc):
        code = t.attrs["hreflang"].value.strip()
        if code.lower() == X_DEFAULT:
            out.append((t, X_DEFAULT))
        elif (loc := matching_locale(code, versions, lookup=False)) is not None:
            out.append((t, loc))
    return out


def existing_alternate_edits(alternates: list[tuple[Tag, str]], place: PagePlace) -> list[Edit]:
    """The source's own alternates for the site's versions (`authored_alternates`) point at the built pages (one for
    a version this page is not published in is removed: it led to no page); its x-default keeps leading where it
    leads from the source page, as an absolute URL with base_url (the page itself: the source page)."""
    layout, rel, locale = place.layout, place.rel, place.locale
    published = layout.page_locales(rel)
    edits = []
    for t, loc in alternates:
        if loc != X_DEFAULT and loc not in published:
            edits.append(Edit(t.start, t.end, ""))
            continue
        href = t.attrs.get("href")
        if href is None or href.end <= href.start:
            continue
        raw = href.value.strip()
        if loc != X_DEFAULT or not raw or raw.startswith(("#", "?")):  # ("", "#top": the source page itself)
            target = layout.href(locale, rel, None if loc == X_DEFAULT else loc, link_dir=link_dir(place))
        else:  # (absolute with base_url; without, where it leads from the built page)
            target = absolute_url(raw, replace(place, locale=layout.source_locale)) or href.value
        if target != href.value:
            edits.append(Edit(href.start, href.end, f'"{escape_attr(target)}"'))
    return edits


def _canonical(doc: Document, place: PagePlace, edits: list[Edit], end: str, redirect: bool) -> list[str]:
    """With base_url: the page's canonical link is its own absolute URL (rewritten or added), or the version in its
    locale of the other page of the site the author's names."""
    rel, locale, layout = place.rel, place.locale, place.layout
    if not layout.base_url:
        return []
    tag = canonical_tag(doc)
    if tag is None:
        if redirect:
            return []  # a redirect page's URL is no canonical one (and the page it leads to has its own)
        return [f'<link rel="canonical" href="{escape_attr(layout.href(locale, rel, locale))}"{end}']
    href = tag.attrs["href"]
    # the author's canonical naming another page of the site (a print version's article) names that page's
    # version in this locale; anything else is this page in another form (extension-less, a query): its own URL
    other = linked_page(href.value, place)
    url = escape_attr(layout.href(locale, rel, locale, to_rel=other))
    if href.end > href.start:
        edits.append(Edit(href.start, href.end, f'"{url}"'))
    return []


def _meta_kind(t: Tag) -> str:
    a = t.attrs.get("property") or t.attrs.get("name")
    return a.value.strip().lower() if a is not None else ""


def _og_locale_edits(doc: Document, rel: str, locale: str, layout: SiteLayout, nl: str, end: str) -> list[Edit]:
    """``og:locale`` is the page's locale; ``og:locale:alternate`` lists the other published versions."""
    metas = [t for t in doc.tags if t.name == "meta" and _meta_kind(t).startswith("og:")]
    og_locale = next((t for t in metas if _meta_kind(t) == "og:locale"), None)
    if og_locale is None or "content" not in og_locale.attrs:
        return []
    content = og_locale.attrs["content"]

    def og(loc: str) -> str:  # the source page's own og:locale as it wrote it (en_GB is no en_US)
        return content.value.strip() if loc == layout.source_locale else layout.og_locales.get(loc, loc)

    edits = []
    own = og(locale)
    if own != content.value and content.end > content.start:
        edits.append(Edit(content.start, content.end, f'"{escape_attr(own)}"'))
    listed = {t.attrs["content"].value.strip() for t in metas
              if _meta_kind(t) == "og:locale:alternate" and "content" in t.attrs}
    # once each: versions can share one (zh_TW and zh_Hant_TW are both zh_TW, pt and pt_BR both pt_BR)
    alternates = dict.fromkeys(og(loc) for loc in layout.page_locales(rel) if loc != locale)
    others = [f'{nl}<meta property="og:locale:alternate" content="{escape_attr(alternate)}"{end}'
              for alternate in alternates if alternate not in listed and alternate != own]
    if others:
        edits.append(Edit(og_locale.end, og_locale.end, "".join(others)))
    return edits


_LIST = re.compile(r"[\s,;]+")


def _language_meta_edits(doc: Document, locale: str, layout: SiteLayout, xml: bool) -> list[Edit]:
    """The ``<meta>``s saying the page's language say the target's: ``http-equiv="Content-Language"`` is the tag
    ``<html lang>`` gets (one, where the source lists several); ``name="language"`` (no standard, read by some search
    tools) too where it names the source language by tags (``en``, ``en-US``), and by name where it names it in
    English or in itself (``English`` is ``French``, ``Deutsch`` ``français``).  Any other value stays."""
    tag = layout.lang(locale)
    source = layout.source_locale
    edits = []
    for t in doc.tags:
        content = t.attrs.get("content")
        if t.name != "meta" or content is None or content.end <= content.start:
            continue
        equiv = t.attrs.get("http-equiv")
        if equiv is not None and equiv.value.strip().lower() == "content-language":
            value: str | None = tag
        elif (name := t.attrs.get("name")) is not None and name.value.strip().lower() == "language":
            value = _language_name(content.value.strip(), source, locale, tag)
        else:
            continue
        if value is not None and value != content.value:
            edits.append(Edit(content.start, content.end, f'"{escape_attr(value, xml)}"'))
    return edits


def _language_name(said: str, source: str, locale: str, tag: str) -> str | None:
    """What a ``<meta name="language">`` saying `said` says in `locale`'s page (`tag`: its language tag), or None
    when it does not name the source language."""
    items = [item for item in _LIST.split(said) if item]
    if items and all(parse_tag(item) is not None for item in items):
        return tag if any(language_of(item) == language_of(source) for item in items) else None
    names, target = language_names(source), language_names(locale)
    for name, new in zip(names, target):
        if name and new and said.casefold() == name.casefold():
            return new
    return None


def _json_ld_edits(doc: Document, lang: str, source_language: str) -> list[Edit]:
    """``inLanguage`` in each JSON-LD block that parses (a block that does not is left alone).

    Spliced, as the rest of the page: each top-level object's ``inLanguage`` value is replaced (or the member
    added after its last one, laid out like it), and so is one naming the source language deeper in (the nodes
    of an ``@graph``, which gets none added); the rest of the block keeps its bytes, layout and key order.
    """
    edits = []
    text = doc.text
    value = json.dumps(lang)
    for t in doc.tags:
        if t.name != "script" or not is_json_ld(t.attrs) or not props_for(t.name, t.attrs, ROOT_PROPS).translate:
            continue  # (a block marked translate="no" keeps its text, so its language too)
        stop = t.content_end
        if TAG_RE.match(text, stop + 2) is None:  # cut off by the end of the file: no block to edit
            continue
        for members, close in block_objects(text, t.end, stop) or ():
            edits += [Edit(m.value_start, m.value_end, value)
                      for m in language_members(text, members, source_language)]
            if any(m.key in ("inLanguage", "@graph") for m in members) or not takes_language(text, members):
                continue
            if not members:
                edits.append(Edit(close, close, f'"inLanguage":{value}'))
                continue
            last = members[-1]  # the new member is laid out as the last one: its indent, its colon spacing
            lead, colon = text[last.lead:last.key_start], text[last.key_end:last.value_start]
            if len(members) == 1 and "\n" not in lead:  # after "{", not after a comma: spaced as the colon is
                lead = " " if colon.endswith(" ") else ""
            edits.append(Edit(last.value_end, last.value_end, f',{lead}"inLanguage"{colon}{value}'))
    return edits
