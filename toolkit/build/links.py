"""Where each locale's copy of a page lives, and the language-switcher edits that lead there.

The switcher's anchors come from the one link finder (`toolkit.html.links`) weighed by
`toolkit.discover`; only links sure enough (`rewritable`: two signals, or hreflang/lang, or a
language name) get their ``href`` pointed at the built page of their locale.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from toolkit.build.splice import Edit
from toolkit.discover import LanguageLink, language_links, rewritable
from toolkit.html import Document
from toolkit.html.links import page_anchors
from toolkit.html.render import escape_attr


@dataclass
class SiteLayout:
    """Where each locale's copy of a page lives, for alternates and language links."""

    source_locale: str
    locales: list[str]
    lang_tags: dict[str, str]  # gettext locale -> BCP 47

    def href(self, from_locale: str, rel: str, to_locale: str | None) -> str:
        """Relative URL from build/<from_locale>/<rel> to the same page in `to_locale`.

        The source pages are assumed to be served from the site root and each locale from
        /<ll_CC>/ beside them (the layout of build/ when the source is published at its root).
        """
        here = posixpath.dirname(posixpath.join(from_locale, rel))
        target = rel if to_locale is None else posixpath.join(to_locale, rel)
        return posixpath.relpath(target, here or ".")


def page_language_links(doc: Document, source_locale: str) -> list[LanguageLink]:
    """The page's language-switcher anchors (한국 대만 중국 일본) that the build rewrites.

    Every anchor with the href of a sure language link is one too (a flag image beside the
    name, linking to the same page).
    """
    anchors = page_anchors(doc)
    by_href: dict[str, LanguageLink] = {}
    for link in language_links(anchors, source_locale):
        if rewritable(link):
            by_href.setdefault(link.href, link)
    out = []
    for a in anchors:
        sure = by_href.get(a.href)
        if sure is not None:
            out.append(LanguageLink(sure.locale, a.href, a.label, sure.reason, a.tag))
    return out


def language_link_edits(links: list[LanguageLink], rel: str, locale: str, layout: SiteLayout) -> list[Edit]:
    """Point the language-switcher links at the built pages of their locales."""
    edits = []
    for link in links:
        if link.tag is None:
            continue
        href = link.tag.attrs["href"]
        if link.locale == layout.source_locale:
            target = layout.href(locale, rel, None)
        elif link.locale in layout.locales:
            target = layout.href(locale, rel, link.locale)
        else:
            continue
        edits.append(Edit(href.start, href.end, f'"{escape_attr(target)}"'))
    return edits
