"""``sitemap.xml`` with ``xhtml:link`` alternates: every page in every locale it is published in, error pages
(``404.html``) left out (and pages asking not to be indexed: the build does not pass them, `head.says_noindex`).

Written only when ``base_url`` is set (a sitemap needs absolute URLs).  Serialised by
ElementTree, so every URL is escaped and the file is well-formed XML.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.build.links import SiteLayout

SITEMAP = "sitemap.xml"
# an error page a server sends for a missing address (404.html, as GitHub Pages and Netlify look for it), no page
# for search engines to list
_ERROR_PAGE = re.compile(r"(?:^|/)[45]\d\d\.html?\Z", re.IGNORECASE)
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"


def sitemap_xml(layout: SiteLayout, pages: list[str]) -> bytes:
    """One ``<url>`` per page and published locale, each listing all versions and x-default."""
    import xml.etree.ElementTree as ET  # here: only a site with base_url pays for it

    ET.register_namespace("", _NS)
    ET.register_namespace("xhtml", _XHTML)
    urlset = ET.Element(f"{{{_NS}}}urlset")
    for rel in pages:
        if _ERROR_PAGE.search(rel):
            continue
        versions = layout.page_locales(rel)
        for locale in versions:
            url = ET.SubElement(urlset, f"{{{_NS}}}url")
            ET.SubElement(url, f"{{{_NS}}}loc").text = layout.href(locale, rel, locale)
            for other in versions:
                ET.SubElement(url, f"{{{_XHTML}}}link", rel="alternate", hreflang=layout.lang(other),
                              href=layout.href(locale, rel, other))
            ET.SubElement(url, f"{{{_XHTML}}}link", rel="alternate", hreflang="x-default",
                          href=layout.href(locale, rel, None))
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
