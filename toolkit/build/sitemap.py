"""``sitemap.xml`` with ``xhtml:link`` alternates: every page in every locale it is published in, error pages
(``404.html``) left out (and pages asking not to be indexed, `head.says_noindex`, and fragments, `head.is_fragment`:
the build does not pass them).

Written only when ``base_url`` is set (a sitemap needs absolute URLs).  Past sitemaps.org's limits for one file
(50,000 URLs, 50 MB), ``sitemap.xml`` is a sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml``… (a site of
100,000 pages in 30 locales has 3 million URLs, each with 31 alternates: gigabytes, made and written a file at a
time).  Every URL and attribute is XML-escaped (`html.escape`: xml.sax.saxutils would import urllib.request and
the email package, 16 ms of every build's start), so each file is well-formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING

from toolkit.build.links import is_error_page

if TYPE_CHECKING:
    from toolkit.build.links import SiteLayout

SITEMAP = "sitemap.xml"
PART = re.compile(r"sitemap-[1-9]\d*\.xml")  # the files a sitemap index lists


def replaced_by_build(rel: str) -> bool:
    """Whether a file of the source is a sitemap the build's own replaces (with `base_url`): ``sitemap.xml``, the
    parts an index lists, and their gzip copies (MkDocs writes ``sitemap.xml.gz``, naming the source pages only)."""
    name = rel.removesuffix(".gz")
    return name == SITEMAP or PART.fullmatch(name) is not None


# sitemaps.org: at most 50,000 URLs and 50 MB (52,428,800 bytes, uncompressed) in one file
MAX_URLS = 50_000
MAX_BYTES = 52_428_800
_HEAD = (b'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
         b'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
_TAIL = b"</urlset>\n"
_FRAME = len(_HEAD) + len(_TAIL)


def _urlset(entries: list[bytes]) -> bytes:
    return b"".join([_HEAD, *entries, _TAIL])


def sitemap_files(layout: SiteLayout, pages: list[str]) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of each file of the sitemap, each made once the one before is taken: ``sitemap.xml``
    alone, or its parts and then ``sitemap.xml`` indexing them."""
    chunk: list[bytes] = []
    size, parts = _FRAME, 0
    for entry in _url_entries(layout, pages):
        if chunk and (len(chunk) == MAX_URLS or size + len(entry) > MAX_BYTES):
            parts += 1
            yield f"sitemap-{parts}.xml", _urlset(chunk)
            chunk, size = [], _FRAME
        chunk.append(entry)
        size += len(entry)
    if not parts:
        yield SITEMAP, _urlset(chunk)
        return
    parts += 1
    yield f"sitemap-{parts}.xml", _urlset(chunk)
    locs = "".join(f"  <sitemap>\n    <loc>{escape(f'{layout.base_url}sitemap-{n}.xml')}</loc>\n  </sitemap>\n"
                   for n in range(1, parts + 1))
    yield SITEMAP, ('<?xml version="1.0" encoding="utf-8"?>\n'
                    f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</sitemapindex>\n'
                    ).encode()


def _url_entries(layout: SiteLayout, pages: list[str]) -> Iterator[bytes]:
    """One ``<url>`` per page and published locale, each listing all versions and x-default."""
    for rel in pages:
        if is_error_page(rel):
            continue
        versions = layout.page_locales(rel)
        # every version lists the same alternates (absolute URLs): written once a page, not once a version
        urls = {locale: layout.href(layout.source_locale, rel, locale) for locale in versions}
        links = [(layout.lang(locale), urls[locale]) for locale in versions]
        links.append(("x-default", urls[layout.source_locale]))
        alternates = "".join(f'    <xhtml:link rel="alternate" hreflang="{escape(lang)}" href="{escape(href)}" />\n'
                             for lang, href in links)
        for locale in versions:
            yield f"  <url>\n    <loc>{escape(urls[locale])}</loc>\n{alternates}  </url>\n".encode()
