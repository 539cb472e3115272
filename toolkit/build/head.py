"""Edits of the document as a whole: ``<html lang dir>``, the charset declaration, alternates."""

from __future__ import annotations

from functools import cache

from babel import Locale

from toolkit.build.links import SiteLayout
from toolkit.build.splice import Edit
from toolkit.html import Document
from toolkit.html.render import escape_attr


@cache
def text_direction(locale: str) -> str:
    """'rtl' or 'ltr' from CLDR (some Babel locales lack the data: they are ltr)."""
    try:
        return Locale.parse(locale).text_direction
    except (KeyError, ValueError):
        return "ltr"


def document_edits(doc: Document, rel: str, locale: str, layout: SiteLayout) -> list[Edit]:
    """<html lang dir>, the charset declaration, and the hreflang alternates."""
    return [*_lang_edits(doc, locale, layout), *_charset_edits(doc), *_alternate_edits(doc, rel, locale, layout)]


def _lang_edits(doc: Document, locale: str, layout: SiteLayout) -> list[Edit]:
    edits: list[Edit] = []
    html = next((t for t in doc.tags if t.name == "html"), None)
    if html is None:
        return edits
    tag = layout.lang_tags.get(locale, locale.replace("_", "-"))
    direction = text_direction(locale)
    at = html.start + 5
    for name, value in (("lang", tag), ("xml:lang", tag), ("dir", direction)):
        attr = html.attrs.get(name)
        if attr is not None and attr.end > attr.start:
            edits.append(Edit(attr.start, attr.end, f'"{value}"'))
        elif name != "xml:lang" and (name == "lang" or direction == "rtl"):
            edits.append(Edit(at, at, f' {name}="{value}"'))
    return edits


def _charset_edits(doc: Document) -> list[Edit]:
    """Built pages are UTF-8: rewrite the declaration, or add one at the top of <head>."""
    edits = []
    for t in doc.tags:
        if t.name != "meta":
            continue
        if "charset" in t.attrs:
            edits.append(Edit(t.attrs["charset"].start, t.attrs["charset"].end, '"utf-8"'))
        elif (equiv := t.attrs.get("http-equiv")) is not None and equiv.value.lower() == "content-type" \
                and "content" in t.attrs:
            edits.append(Edit(t.attrs["content"].start, t.attrs["content"].end, '"text/html; charset=utf-8"'))
    if not edits:
        head = next((t for t in doc.tags if t.name == "head"), None)
        html = next((t for t in doc.tags if t.name == "html"), None)
        at = head.end if head is not None else (html.end if html is not None else 0)
        edits.append(Edit(at, at, '<meta charset="utf-8">'))
    return edits


def _alternate_edits(doc: Document, rel: str, locale: str, layout: SiteLayout) -> list[Edit]:
    """``<link rel=alternate hreflang>`` for every locale and x-default the page does not list yet."""
    existing = {t.attrs["hreflang"].value.lower() for t in doc.tags
                if t.name == "link" and "hreflang" in t.attrs}
    links = []
    for loc in [layout.source_locale, *layout.locales]:
        lang = layout.lang_tags.get(loc, loc.replace("_", "-"))
        if lang.lower() in existing:
            continue
        target = None if loc == layout.source_locale else loc
        links.append(f'<link rel="alternate" hreflang="{lang}" href="{escape_attr(layout.href(locale, rel, target))}">')
    if "x-default" not in existing:
        default_href = escape_attr(layout.href(locale, rel, None))
        links.append(f'<link rel="alternate" hreflang="x-default" href="{default_href}">')
    head = next((t for t in doc.tags if t.name == "head"), None)
    at = doc.head_end if doc.head_end is not None else (head.end if head is not None else None)
    if at is None or not links:
        return []
    nl = "\r\n" if "\r\n" in doc.text[:2000] else "\n"
    return [Edit(at, at, nl.join(links) + nl)]
