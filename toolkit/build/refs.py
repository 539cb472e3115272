"""References from a built page to the rest of the site, rewritten so they work from its new place.

build/ is the site root: resources (CSS, images, scripts, downloads) exist once, at their source
paths, and every locale's pages sit one URL segment deeper.  So from ``ko/about/team.html`` the
source's ``../css/site.css`` must become ``../../css/site.css``, while a link to another page of
the site must lead to that page in the same locale (or to its source page where the locale does
not publish it).  A page linked as a server answers it without its suffix (``/about`` for about.html, a
"clean URL") or a folder without its slash is such a link, and keeps that form.  Root-absolute references
(``/about/team.html``) are site paths: resources stay as they are, page links get the locale's segment.
``<base href>`` is honoured: references are resolved against it in the source and written relative to it in the
built page.  A relative reference above the site root (a site published under a sub-path, linking
``../std/index.html`` beside it) keeps leading to the same place: one ``../`` more per segment.  Fragments and
query strings are kept; external URLs, ``mailto:``, ``data:`` and in-page links are left alone.

Covered: ``href`` (and ``xlink:href`` in inline SVG), ``src``, ``srcset`` (and a preload link's ``imagesrcset``),
``poster``, ``data`` (and an ``<object>``'s ``<param name=movie|src|url|filename value>``), legacy
``background``, form ``action`` and ``formaction``, lazy loading's ``data-src``, ``data-srcset``, ``data-lazy-src``,
``data-lazy-srcset``, ``data-original``, ``data-poster`` and ``data-bg`` (`LAZY_URL_ATTRS`: a script copies them to
``src``) where the value names a page or another file of the site, the URL of a
``<meta http-equiv=refresh>`` redirect, CSS ``url()``, ``image-set()`` strings and ``@import`` in ``style``
attributes and ``<style>`` elements, an import map's addresses, ``og:image``/``og:url``/``twitter:image`` metas
and Windows' tile metas (``msapplication-TileImage``, ``-config``, ``-square150x150logo``…), JSON-LD's URL
properties (``"image": "../img/a.jpg"``, `jsonld.url_strings`),
and the same references in markup a browser parses as the page's own: ``<noscript>`` content (raw text to our
tokeniser, as to a browser running scripts; markup to one that does not), a downlevel-hidden conditional comment's
content (``<!--[if lt IE 9]><script src="js/html5shiv.js"></script><![endif]-->``: markup to IE and Outlook) and an
``<iframe srcdoc>`` document (its URLs resolve against the page's).  Each rewrite is an `Edit` of one attribute
value (escaped with the build's attribute escaping) or of one URL inside a ``<style>``, ``<noscript>`` or ``<script
type=importmap>`` element; the page's own CSP hashes of the inline code so edited follow it (`csp.csp_edits`).

An inline script's relative module specifiers (``import { a } from "./js/a.mjs"``, ``import("./b.js")``) are
rewritten as an import map's addresses are.

Not covered: other URLs in script code (``fetch()``, a computed ``import()``, mdBook's ``path_to_root``)
and relative paths a script reads from other ``data-*`` attributes (rustdoc's ``data-root-path="../"``, from which it
loads its search index and settings script), which resolve against the page too: nothing in the markup says what
they are, so such a script should name them root-relative (``/js/x.js``) or through the import map, or the
project sets ``locale_assets`` so that the files are also where the script looks (`site._asset_places`).
`script_asset_hint` says so for the commonest case, a rollover or ``document.write`` naming a file of the site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from toolkit.build.links import SiteLayout, is_error_page, relative_path
from toolkit.build.splice import Edit
from toolkit.html import Document, jsonld
from toolkit.html.elements import SVG_KEPT_TAGS, SVG_TAG_PREFIX
from toolkit.html.render import escape_attr
from toolkit.html.segment import Tag
from toolkit.html.tokenize import CONDITIONAL
from toolkit.placeholders import URL_TEMPLATE_CODE

# attribute -> elements it is a URL on
_SVG_REFS = frozenset(SVG_TAG_PREFIX + name for name in SVG_KEPT_TAGS)  # as the segmenter names those tags
URL_ATTRS: dict[str, frozenset[str]] = {
    "href": frozenset({"a", "area", "link"}) | _SVG_REFS,
    "xlink:href": _SVG_REFS,
    "src": frozenset({"img", "script", "iframe", "frame", "embed", "source", "track", "audio", "video", "input"}),
    "poster": frozenset({"video"}),
    "data": frozenset({"object"}),
    "background": frozenset({"body", "table", "td", "th", "tr"}),
    "action": frozenset({"form"}),  # where a form is sent: a page of the site leads to the locale's page
    "formaction": frozenset({"button", "input"}),
    "longdesc": frozenset({"img", "iframe", "frame"}),  # the page describing an image at length (screen readers)
}
SRCSET_ATTRS: dict[str, frozenset[str]] = {"srcset": frozenset({"img", "source"}),
                                            "imagesrcset": frozenset({"link"})}  # <link rel=preload as=image>
# lazy loading (lazysizes, lozad, vanilla-lazyload, jQuery Lazy Load, WordPress plug-ins): the real URL waits in a
# data-* attribute until a script copies it to src/srcset (a background's to the style: data-bg, on any element)
LAZY_URL_ATTRS: dict[str, frozenset[str] | None] = {
    "data-src": frozenset({"img", "source", "iframe", "video", "audio"}),
    "data-lazy-src": frozenset({"img", "source", "iframe"}),
    "data-original": frozenset({"img"}),
    "data-poster": frozenset({"video"}),
    "data-lazy": frozenset({"img"}),  # Slick's lazy slides
    "data-src-retina": frozenset({"img"}),  # Unveil's and Owl Carousel's high-density image
    "data-zoom-image": frozenset({"img"}),  # elevateZoom's large image
    "data-thumb": None,  # FlexSlider's thumbnail of a slide (`<li data-thumb="img/s1.jpg">`)
    "data-bg": None,
    # reveal.js slide backgrounds (`<section data-background-image="img/map.png">`): loaded by its script alike
    "data-background": None,
    "data-background-image": None,
    "data-background-video": None,
}
LAZY_SRCSET_ATTRS: dict[str, frozenset[str]] = {"data-srcset": frozenset({"img", "source"}),
                                                 "data-lazy-srcset": frozenset({"img", "source"})}
# lazysizes' bgset plug-in: a background chosen like an image from a srcset, or from sets each with a media query
# (`data-bgset="a.jpg [(max-width: 600px)] | b.jpg 1x, b@2x.jpg 2x"`), on any element
LAZY_BGSET = "data-bgset"
# (one search of a page for any of them: a substring test a name read each page 14 times, 40 ms a 300-page rebuild)
_LAZY_NAMES = re.compile(b"|".join(re.escape(name.encode())
                                   for name in (*LAZY_URL_ATTRS, *LAZY_SRCSET_ATTRS, LAZY_BGSET)))
# <param name=… value=URL> of an <object>: a plug-in's file (Flash's movie, a media player's src or url)
PARAM_URL_NAMES = frozenset({"movie", "src", "url", "filename", "data"})
# <meta property|name=…> whose content is a URL: resources (images) and the page's own address
META_RESOURCE = frozenset({"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src",
                           "og:video", "og:audio"})
META_PAGE = frozenset({"og:url"})
_TILE_FILES = ("tileimage", "logo", "config")  # Windows' pinned-site tiles: msapplication-TileImage, -square150x150logo
_REMEMBERED = 50_000  # URL rewrites a layout remembers before it starts afresh
# <meta http-equiv="refresh" content="5; url=next.html">: what comes before the URL (WHATWG's declarative refresh)
_REFRESH_DELAY = re.compile(r"(?i)\s*([0-9.]+)(?:\s*[;,]\s*|\s+)(?:url\s*=\s*)?")
_CSS_URL = re.compile(r"""(?i)url\(\s*+(?:"(?P<dq>[^"\\\n]*)"|'(?P<sq>[^'\\\n]*)'|(?P<bare>[^()'"\s\\]++))\s*+\)"""
                      r"""|@import\s+(?:"(?P<idq>[^"\\\n]*)"|'(?P<isq>[^'\\\n]*)')""")
# JSON strings, read from the start: escapes stay inside; one left open ends at its line (group 2 empty), read once
_JSON_STRING = re.compile(r'"((?:[^"\\\n]++|\\.)*+)("?)')
_IMAGE_SET = re.compile(r"(?i)\bimage-set\(")  # and -webkit-image-set(: a string option is an image's URL


@dataclass(frozen=True)
class PagePlace:
    """Where references of one page resolve: in the source site and in the built one."""

    rel: str  # the source page, relative to the source dir
    locale: str
    source_base: str | None  # directory (site path, "" = root) relative references resolve in; None: off-site
    built_base: str | None
    layout: SiteLayout
    base_href: str | None = None  # the page's ``<base href>`` (the first), as written less outer white space
    rooted: bool = False  # relative references are written root-absolute: a locale's copy of an error page, which a
    # server sends at whatever address was missed (`links.is_error_page`)


def page_place(doc: Document, rel: str, locale: str, layout: SiteLayout) -> PagePlace:
    """The page's base directories, before and after the build, honouring ``<base href>``."""
    here_src = posixpath.dirname(rel)
    here_built = posixpath.dirname(layout.site_path(locale, rel))
    rooted = locale != layout.source_locale and is_error_page(rel)  # (the source's copy keeps its author's form)
    base = next((t for t in doc.tags if t.name == "base" and "href" in t.attrs), None)
    if base is None:
        return PagePlace(rel, locale, here_src, here_built, layout, rooted=rooted)
    href = base.attrs["href"].value.strip()
    return PagePlace(rel, locale, _base_dir(href, here_src, layout), _base_dir(href, here_built, layout), layout,
                     href, rooted)


def link_dir(place: PagePlace) -> str | None:
    """For `SiteLayout.href`: the site directory a ``<base href>`` makes the page's relative URLs resolve in
    (None: the page's own, or a base off the site, which no relative URL leads back from)."""
    return place.built_base if place.base_href is not None else None


def _base_dir(href: str, here: str, layout: SiteLayout) -> str | None:
    """The site directory a ``<base href>`` sets, from a page in `here` (None: outside the site)."""
    try:
        url = urlsplit(href)
    except ValueError:
        return None
    path = url.path
    if url.scheme or url.netloc:
        if not layout.base_url or not href.startswith(layout.base_url):
            return None
        path = "/" + href[len(layout.base_url):].split("?")[0].split("#")[0]
    if not path:
        return here
    if not path.endswith("/"):
        path = posixpath.dirname(path) + "/"
    full = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(here, path))
    if full == ".":
        return ""
    return None if full.startswith("..") else full


def rewrite_url(url: str, place: PagePlace, link: bool = False) -> str | None:
    """The URL as the built page must write it, or None when it stays as it is.

    `link`: the href of an ``<a>`` or ``<area>``, where a URL without a path ("", "?q", "#top") leads where a
    ``<base href>`` does (elsewhere "" is the page itself, a form's action, or nothing at all, an image's src).
    Remembered per layout: a site's pages share most of their URLs (navigation, styles, images),
    and the answer depends only on the URL, the locale and the page's two base directories.
    """
    memo = place.layout.rewrites
    key = (url, place.locale, place.source_base, place.built_base, place.base_href if link else None, place.rooted)
    try:
        return memo[key]
    except KeyError:
        pass
    if len(memo) >= _REMEMBERED:
        memo.clear()
    new = memo[key] = _rewrite_url(url, place, link and place.base_href is not None)
    return new


_URL_INVISIBLE = {ord("\t"): None, ord("\n"): None, ord("\r"): None}  # what URL parsing removes from inside a URL


@dataclass
class _Resolved:
    """Where a reference of the source page leads in the source site."""

    parts: SplitResult  # the URL as written
    path: str  # its path, as a browser reads it (a <base>'s file for one without a path)
    target: str  # the site path it names ("" = the root), percent-encoded as written; "../x" above the site
    page: str  # the page a server answers for it (a folder's index), decoded
    rooted: bool
    absolute_site: bool  # written with base_url
    above: bool  # above the site's root (a neighbour of a site published under a sub-path)
    directory: bool
    from_base: bool  # no path of its own: it leads where the <base href> does


# a URL that is one e-mail merge tag the template code pattern leaves (`[unsubscribe]`, `[webversion]`: Campaign
# Monitor's; `[[UNSUB_LINK_EN]]`: Mailjet's; `%unsubscribe_url%`: Mailgun's, ActiveCampaign's `%UNSUBSCRIBELINK%`)
# is the service's to fill; a file's name is not written so.  (Only a whole URL: in text, `%name%` may be part of a
# percent-encoded address.)
_MERGE_TAG_URL = re.compile(r"\[\[?[A-Za-z][\w ,=.-]{0,100}\]\]?|%[A-Za-z_][\w.]{0,100}%")


def _resolve(raw: str, place: PagePlace, via_base: bool = False) -> _Resolved | None:
    """Where the reference `raw` (stripped) leads in the source site; None: off the site, the page itself, or no
    URL yet."""
    if (not via_base and (not raw or raw.startswith("#"))) or URL_TEMPLATE_CODE.search(raw) or \
            _MERGE_TAG_URL.fullmatch(raw):
        return None  # the page itself, a place in it, or no URL yet (its template's to fill)
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    layout = place.layout
    absolute_site = False
    if parts.scheme or parts.netloc:
        if not layout.base_url or not raw.startswith(layout.base_url):
            return None  # another site, mailto:, data:, javascript:
        absolute_site = True
        path = "/" + urlsplit(raw[len(layout.base_url):]).path
    else:
        path = parts.path.replace("\\", "/")  # as a browser reads a path against an http(s) page
        if path.startswith("//"):
            return None  # \\host\x: another host, as //host/x is
    from_base = via_base and not path and not absolute_site
    if from_base:
        path = _base_file(place.base_href or "")  # "", "?q", "#top" lead where the <base> does (the home page)
    if not path:
        return None  # "?query" or "": the page itself
    rooted = path.startswith("/")
    if rooted:
        target = posixpath.normpath(path.lstrip("/")) if path.strip("/") else ""
    else:
        if place.source_base is None:
            return None
        target = posixpath.normpath(posixpath.join(place.source_base, path))
    if target == ".":
        target = ""
    above = target.startswith("../") or target == ".."
    if above and (rooted or absolute_site):
        return None  # "/../x" is "/x" to a browser
    directory = path.endswith("/") or target == ""
    page = _folder_page(layout, unquote(target)) if directory else unquote(target)
    if not directory and layout.pages is not None and page not in layout.pages:
        page = _unsuffixed_page(layout, page)
    return _Resolved(parts, path, target, page, rooted, absolute_site, above, directory, from_base)


def linked_page(url: str, place: PagePlace) -> str | None:
    """The page of the site (its source path) a reference of the source page leads to; None for anything else."""
    found = _resolve(url.strip(), place)
    return found.page if found is not None and not found.above and place.layout.is_page(found.page) else None


def rebased_url(url: str, place: PagePlace) -> str | None:
    """The URL as the built page must write it to lead where it does from the source page, never to the locale's copy
    of a page (None: as written): a language link to a language the site does not build, another part of the site."""
    return _rewrite_url(url, place, localise=False)


def _rewrite_site_file(url: str, place: PagePlace) -> str | None:
    """`rewrite_url` of a lazy-loading attribute's URL, where it names a file the site has (one of its pages or
    other files); None for anything else: a data-* attribute's value may look like a path without being one."""
    found = _resolve(url.strip(), place)
    if found is None or found.above or not _names_site_file(found, place.layout):
        return None
    return rewrite_url(url, place)


def _rewrite_lazy_url(value: str, place: PagePlace) -> str | None:
    """`_rewrite_site_file` of a lazy-loading attribute, whose value is a URL or, for a background, may be CSS:
    vanilla-lazyload's `data-bg="url(img/hero.jpg)"` (and themes' `data-bg="url(a.jpg), url(b.jpg)"`)."""
    if "url(" in value.lower():
        return _rewrite_spans(value, _css_urls(value), place, _rewrite_site_file)
    return _rewrite_site_file(value, place)


def _names_site_file(found: _Resolved, layout: SiteLayout) -> bool:
    """Whether a resolved reference leads to a page of the site or another file of its source dir (the layout's
    `assets`; unknown, None: none counts)."""
    if layout.pages is not None and found.page in layout.pages:
        return True
    return not found.directory and layout.assets is not None and unquote(found.target) in layout.assets


def names_lazily(data: bytes) -> bool:
    """Whether a page's bytes may hold a lazy-loading attribute (a text search): its build then depends on which
    files the site has (`_rewrite_site_file`), so the manifest's key of it names them."""
    lowered = data.lower()
    return _LAZY_NAMES.search(lowered) is not None


def _rewrite_url(url: str, place: PagePlace, via_base: bool = False, localise: bool = True) -> str | None:
    raw = url.strip()
    found = _resolve(raw, place, via_base)
    if found is None:
        return None
    layout = place.layout
    parts, path, target, page, rooted = found.parts, found.path, found.target, found.page, found.rooted
    absolute_site, above, directory, from_base = found.absolute_site, found.above, found.directory, found.from_base
    new_target = target
    if localise and not above and layout.is_page(page) and layout.published(place.locale, page):
        seg = layout.segment(place.locale)
        new_target = (posixpath.join(seg, target) if target else seg) if seg else target
    if from_base and (new_target == target or (place.built_base is not None and not rooted and posixpath.normpath(
            posixpath.join(place.built_base, path)) == posixpath.normpath(new_target or "."))):
        return None  # still where the <base> leads (a base relative to the page follows it to the locale's folder)
    suffix = "/" if directory and new_target else ""
    if absolute_site:
        new_path = layout.base_url + new_target + suffix if layout.base_url else new_target
        new = urlunsplit(("", "", new_path, parts.query, parts.fragment))
    elif rooted:
        new = urlunsplit(("", "", "/" + new_target + suffix, parts.query, parts.fragment))
    else:
        if place.built_base is None:
            return None
        if place.rooted and not above:
            return urlunsplit(("", "", layout.base_path + new_target + suffix, parts.query, parts.fragment))
        rel_path = relative_path(new_target or ".", place.built_base or ".")
        if rel_path == ".":
            rel_path = "./" if directory else rel_path
        elif directory:
            rel_path += "/"
        new = urlunsplit(("", "", rel_path, parts.query, parts.fragment))
    # (a line break inside a URL, which a browser drops too, is no reason to rewrite one that stays where it leads)
    return None if new == raw or new == raw.translate(_URL_INVISIBLE) else new


def _base_file(base_href: str) -> str:
    """What a reference without a path names under a ``<base href>``, relative to the base's folder: its file,
    "./" for a folder, "" for a base without a path (the page itself)."""
    try:
        path = urlsplit(base_href).path
    except ValueError:
        return ""
    if not path:
        return ""
    return "./" if path.endswith("/") else posixpath.basename(path)


def _unsuffixed_page(layout: SiteLayout, path: str) -> str:
    """The page a server answers for `path`, which is no page itself (`layout.pages` is known): ``path.html`` (or
    ``.htm``) for a clean URL (``/about`` of an about.html, as Next.js exports, VitePress's cleanUrls, Hugo's
    uglyURLs link them), else the index of a folder named without its slash (a server redirects "sub" to "sub/").
    Where both are pages the file wins, as GitHub Pages, Netlify and Cloudflare Pages serve it (Apache's mod_dir
    redirects to the folder).  Either way the link keeps its form: the locale's copy is named the same."""
    assert layout.pages is not None
    for suffix in (".html", ".htm"):
        if path + suffix in layout.pages:
            return path + suffix
    return _folder_page(layout, path)


def _folder_page(layout: SiteLayout, folder: str) -> str:
    """The page a server answers for `folder`/ ("" = the root): its index.html, or its index.htm where only that is
    a page of the site (servers look for both, in that order)."""
    page = posixpath.join(folder, "index.html")
    if layout.pages is None or page in layout.pages:
        return page
    htm = posixpath.join(folder, "index.htm")
    return htm if htm in layout.pages else page


def absolute_url(url: str, place: PagePlace) -> str | None:
    """A metadata URL (og:image, og:url) made absolute against `base_url`, after the rewrite."""
    layout = place.layout
    new = rewrite_url(url, place)
    value = new if new is not None else url.strip()
    if not layout.base_url or urlsplit(value).scheme:
        return new
    built_dir = place.built_base if place.built_base is not None else ""
    site_path = value.lstrip("/") if value.startswith("/") else posixpath.normpath(posixpath.join(built_dir, value))
    if site_path.startswith(".."):
        return new
    return layout.base_url + ("" if site_path == "." else site_path)


_FRAGMENT_DEPTH = 8  # markup inside markup (a noscript's noscript, a srcdoc in a noscript) read this deep


def reference_edits(doc: Document, place: PagePlace, skip: set[int], depth: int = 0) -> list[Edit]:
    """Edits of every reference of the page (tags whose start offset is in `skip` are left to others).

    `depth`: how deep `doc` is inside the page (a noscript's content, a srcdoc document: 1), whose own noscripts
    and srcdocs are read up to `_FRAGMENT_DEPTH` (`'<noscript>' * 500` made a RecursionError)."""
    edits: list[Edit] = []
    text = doc.text
    for tag in doc.tags:
        if tag.start in skip:
            continue
        for name, attr in tag.attrs.items():
            if attr.end <= attr.start:
                continue
            new: str | None = None
            if name in URL_ATTRS and tag.name in URL_ATTRS[name]:
                if name == "src" and tag.name == "input" and _value(tag, "type") != "image":
                    continue
                new = rewrite_url(attr.value, place, name == "href" and tag.name in ("a", "area"))
            elif name in SRCSET_ATTRS and tag.name in SRCSET_ATTRS[name]:
                new = _rewrite_spans(attr.value, _srcset_urls(attr.value), place)
            elif name in LAZY_URL_ATTRS and _lazy_on(tag, LAZY_URL_ATTRS[name]):
                new = _rewrite_lazy_url(attr.value, place)
            elif name in LAZY_SRCSET_ATTRS and tag.name in LAZY_SRCSET_ATTRS[name]:
                new = _rewrite_spans(attr.value, _srcset_urls(attr.value), place, _rewrite_site_file)
            elif name == LAZY_BGSET:
                new = _rewrite_spans(attr.value, _bgset_urls(attr.value), place, _rewrite_site_file)
            elif name == "value" and tag.name == "param" and (_value(tag, "name") or "").lower() in PARAM_URL_NAMES:
                new = rewrite_url(attr.value, place)
            elif name == "srcdoc" and tag.name == "iframe" and depth < _FRAGMENT_DEPTH:
                new = _fragment(attr.value, place, depth + 1)
            elif name == "style":
                new = _rewrite_spans(attr.value, _css_urls(attr.value), place)
            elif name == "content" and tag.name == "meta":
                kind = (_value(tag, "property") or _value(tag, "name") or "").lower()
                if kind in META_RESOURCE or kind in META_PAGE:
                    new = absolute_url(attr.value, place)
                elif kind.startswith("msapplication-") and kind.endswith(_TILE_FILES):  # resolved against the page
                    new = rewrite_url(attr.value, place)
                elif (_value(tag, "http-equiv") or "").lower() == "refresh" and \
                        (span := refresh_url(attr.value)) is not None:
                    new = _rewrite_spans(attr.value, [span], place)  # a redirect page: where it leads
            if new is not None and new != attr.value:
                edits.append(Edit(attr.start, attr.end, f'"{escape_attr(new)}"'))
        if tag.name in ("style", SVG_TAG_PREFIX + "style"):  # an inline SVG's CSS styles the whole page too
            edits += _style_element_edits(text, tag, place)
        elif tag.name == "script" and (kind := (_value(tag, "type") or "").lower()) == "importmap":
            edits += _import_map_edits(text, tag, place)
        elif tag.name == "script" and "src" not in tag.attrs and kind in _SCRIPT_TYPES:
            edits += _module_specifier_edits(text, tag, place)
        elif tag.name == "script" and jsonld.is_json_ld(tag.attrs):
            edits += [Edit(found.start, found.end, jsonld.json_string(new))
                      for found in jsonld.url_strings(text, tag.end, tag.content_end)
                      if (new := rewrite_url(found.value, place)) is not None and new != found.value]
        elif tag.name in ("noscript", CONDITIONAL) and depth < _FRAGMENT_DEPTH:
            stop = tag.content_end
            if "<" in text[tag.end:stop]:
                edits += [Edit(e.start + tag.end, e.end + tag.end, e.text)
                          for e in _fragment_edits(text[tag.end:stop], place, depth + 1)]
    return edits


def _lazy_on(tag: Tag, elements: frozenset[str] | None) -> bool:
    return elements is None or tag.name in elements


def _fragment_edits(html: str, place: PagePlace, depth: int) -> list[Edit]:
    """The reference edits of markup inside the page (noscript or conditional comment content, a srcdoc document):
    its relative URLs resolve as the page's own do."""
    return reference_edits(_parsed_fragment(html), place, set(), depth)


@lru_cache(maxsize=256)
def _parsed_fragment(html: str) -> Document:
    """Parsed once for every locale, and once for a site whose pages share it (a tag manager's noscript)."""
    from toolkit.html import parse_document  # the segmenter: only for the pages that have such markup

    return parse_document(html)


def _fragment(html: str, place: PagePlace, depth: int) -> str | None:
    """A srcdoc document with its references rewritten (None: none changed)."""
    from toolkit.build.splice import apply_edits

    edits = _fragment_edits(html, place, depth)
    return apply_edits(html, edits) if edits else None


def refresh_url(content: str) -> tuple[int, int] | None:
    """Span of the URL in a refresh's `content` (None: a delay alone).  Found without a backtracking pattern: a
    URL followed by thousands of spaces made one take quadratic time."""
    m = _REFRESH_DELAY.match(content)
    if m is None:
        return None
    start, end = m.end(), len(content.rstrip())
    if start < end and content[start] in "\"'":  # quoted: up to the same quote, as browsers read it
        close = content.find(content[start], start + 1)
        start, end = start + 1, end if close < 0 else close
    return (start, end) if start < end else None


def redirects_at_once(content: str) -> bool:
    """Whether a refresh's `content` sends the reader to its URL at once: a delay of 0 (``0.5`` too, which a browser
    reads as 0), what redirect pages (Hugo's aliases, jekyll-redirect-from, Sphinx's and MkDocs' redirect plug-ins)
    write and Google takes for a permanent redirect.  A longer delay shows the page first (a temporary redirect to
    Google, which keeps the page's own URL), and a delay alone reloads the page."""
    m = _REFRESH_DELAY.match(content)
    return m is not None and not m.group(1).split(".")[0].strip("0") and refresh_url(content) is not None


def _value(tag: Tag, name: str) -> str | None:
    attr = tag.attrs.get(name)
    return attr.value.strip() if attr is not None else None


def _style_element_edits(text: str, tag: Tag, place: PagePlace) -> list[Edit]:
    out = []
    for start, end in _css_urls(text, tag.end, tag.content_end):
        new = rewrite_url(text[start:end], place)
        if new is not None and "<" not in new and "\\" not in new:
            out.append(Edit(start, end, new))
    return out


def _import_map_edits(text: str, tag: Tag, place: PagePlace) -> list[Edit]:
    """An import map's relative addresses and URL-like specifiers (``"./js/lib.js"``, in imports, scopes and
    integrity alike) resolve against the page: each JSON string starting ``./`` or ``../`` is one."""
    out = []
    for m in _JSON_STRING.finditer(text, tag.end, tag.content_end):
        value = m.group(1)
        if m.group(2) and value.startswith(("./", "../")) and "\\" not in value:
            new = rewrite_url(value, place)
            if new is not None and not new.startswith(("./", "../", "/")):
                new = "./" + new  # "js/x.js" is a bare specifier to an import map: it takes URL-like addresses only
            if new is not None and new != value and "<" not in new:
                out.append(Edit(m.start(1), m.end(1), new))
    return out


_SCRIPT_TYPES = frozenset({"", "module", "text/javascript", "application/javascript", "text/ecmascript",
                           "application/ecmascript"})
# a module specifier that is a relative URL, as a string literal: `import x from "./a.js"`, `import "./a.js"`,
# `export * from "../b.js"`, `import("./c.js")`
_RELATIVE_SPECIFIER = re.compile(r"""(?:(?<![\w$.])import\s*+(?:\(\s*+)?|(?<![\w$.])from\s*+)"""
                                 r"""(["'])(\.\.?/[^"'\\\n]*+)\1""")


def _module_specifier_edits(text: str, tag: Tag, place: PagePlace) -> list[Edit]:
    """An inline script's relative module specifiers resolve against the page, as an import map's addresses do: the
    locale's copy of the page imported ``ja/m/util.mjs``, which is not there, and its module never ran."""
    stop = tag.content_end
    if "import" not in text[tag.end:stop]:
        return []
    out = []
    for m in _RELATIVE_SPECIFIER.finditer(text, tag.end, stop):
        value = m.group(2)
        new = rewrite_url(value, place)
        if new is not None and not new.startswith(("./", "../", "/")):
            new = "./" + new  # (a bare specifier names a package, not a file)
        if new is not None and new != value and "<" not in new and m.group(1) not in new:
            out.append(Edit(m.start(2), m.end(2), new))
    return out


def _css_urls(css: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Spans of the URLs in CSS text (url(...) and @import strings)."""
    hi = len(css) if hi is None else hi
    spans = []
    for m in _CSS_URL.finditer(css, lo, hi):
        for group in ("dq", "sq", "bare", "idq", "isq"):
            if m.group(group) is not None:
                spans.append((m.start(group), m.end(group)))
    strings = _image_set_strings(css, lo, hi)
    return sorted(spans + strings) if strings else spans


def _image_set_strings(css: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of the URLs written as strings in ``image-set("a.png" 1x, url(b.png) 2x, "c.avif" type("image/avif"))``:
    the strings directly among its arguments (not those of ``type()``, nor ``url()``, which `_CSS_URL` finds)."""
    spans = []
    at = lo
    while (m := _IMAGE_SET.search(css, at, hi)) is not None:  # the next one after this one's end: each
        depth, i = 1, m.end()  # character is scanned once, an unclosed image-set( never scanned again
        while i < hi and depth:
            c = css[i]
            if c in "\"'":
                close = css.find(c, i + 1, hi)
                if close < 0:
                    break
                if depth == 1 and not any(ch in css[i + 1:close] for ch in "\\\n"):
                    spans.append((i + 1, close))
                i = close
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            i += 1
        at = max(i, m.end())
    return spans


def _bgset_urls(value: str) -> list[tuple[int, int]]:
    """Spans of the image URLs in a lazysizes bgset: srcsets separated by "|", each with an optional `[media]`."""
    spans, at = [], 0
    for part in value.split("|"):
        spans += [(at + start, at + end) for start, end in _srcset_urls(part[:_media_start(part)])]
        at += len(part) + 1
    return spans


def _media_start(part: str) -> int:
    """Where a bgset part's trailing `[media]` starts (its length if it has none): the first "[" after the "]" before
    the last one.  Found from the end (a pattern searched from every "[" of `[[[[…` was quadratic)."""
    end = len(part.rstrip())
    if not part[:end].endswith("]"):
        return len(part)
    opening = part.find("[", part.rfind("]", 0, end - 1) + 1, end - 1)
    return len(part) if opening < 0 else opening


def _srcset_urls(value: str) -> list[tuple[int, int]]:
    """Spans of the image URLs in a srcset (HTML's candidate parsing: URL, descriptors, comma)."""
    spans = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        end = pos
        if end > start and value[end - 1] == ",":
            while end > start and value[end - 1] == ",":
                end -= 1
        else:
            depth = 0
            while pos < n and (value[pos] != "," or depth):
                depth += {"(": 1, ")": -1}.get(value[pos], 0)
                pos += 1
        if end > start:
            spans.append((start, end))
    return spans


def _rewrite_spans(value: str, spans: list[tuple[int, int]], place: PagePlace,
                   rewrite: Callable[[str, PagePlace], str | None] = rewrite_url) -> str | None:
    """`value` with the URLs at `spans` rewritten, or None if none changed."""
    out, pos, changed = [], 0, False
    for start, end in spans:
        new = rewrite(value[start:end], place)
        if new is None:
            continue
        out.append(value[pos:start])
        out.append(new)
        pos = end
        changed = True
    if not changed:
        return None
    out.append(value[pos:])
    return "".join(out)


# Where a page's script builds a file's address at run time: Dreamweaver's rollovers (MM_swapImage,
# MM_preloadImages), an image's src set by script, document.write of markup, a worker's or a service worker's script,
# a fetch, a dynamic import, an old Sphinx search page's index, Material for MkDocs' search worker (its config JSON).
# Then the first string literal that is a relative path with a file's extension (what a locale's copy of the page
# looks for under its folder).
_SCRIPT_URL_AT = re.compile(rb"MM_(?:swapImage|preloadImages)\s*\(|\.src\s*=|document\.write(?:ln)?\s*\(|new\s+Image\b"
                            rb"|new\s+(?:Shared)?Worker\s*\(|serviceWorker\.register\s*\(|importScripts\s*\(|\bfetch\s*\("
                            rb"|\bimport\s*\((?!\s*['\"])"  # (`import("./x.js")`: rewritten)
                            rb"|Search\.loadIndex\s*\(|\"search\"\s*:")  # (Sphinx 4's search page; Material's worker)
_SCRIPT_URL_HINTS = (b"MM_", b".src", b"document.write", b"Image", b"Worker", b"importScripts", b"fetch", b"import",
                     b"loadIndex", b'"search"')
_RELATIVE_FILE_LITERAL = re.compile(
    rb"""['"]((?![a-zA-Z][a-zA-Z0-9+.-]*:|/|\#)[^'"\s<>()\\]{1,200}\.(?:gif|jpe?g|png|svg|webp|bmp|ico|css|m?js|swf|"""
    rb"""mp3|mp4|webm|ogg|pdf|json|wasm|xml|txt|csv))['"]""")


def script_asset_hint(data: bytes, source_page: Path, rel: str) -> str | None:
    """The warning for a page whose script builds the relative address of one of the site's files (a rollover's
    image, a worker's script) while `locale_assets` is off: in every locale's copy that address leads under the
    locale's folder, where the file is not, and the images break without a word.  None when the page has no such
    script.  Found in the bytes (the build's parent reads every page only to hash it); only a path naming a file
    that exists counts."""
    if not any(hint in data for hint in _SCRIPT_URL_HINTS):
        return None
    for at in _SCRIPT_URL_AT.finditer(data):
        literal = _RELATIVE_FILE_LITERAL.search(data, at.end(), at.end() + 400)
        if literal is None:
            continue
        path = unquote(literal.group(1).decode("utf-8", "replace")).split("?", 1)[0]
        if (source_page.parent / path).is_file():
            line = data.count(b"\n", 0, literal.start()) + 1
            return (f"{rel}:{line}: a script builds the address {path!r} at run time; in every locale's copy it leads "
                    "under the locale's folder, where the site's files are not: set [tool.l10n] locale_assets = true")
    return None
