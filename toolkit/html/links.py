"""The one link finder: a page's ``<a href>`` anchors and the label a reader sees on each, and its
``<link rel=alternate hreflang>`` versions.

Discovery (``l10n locales``, ``init --from-links``) and the build both read language links
from here, off the already parsed `Document`, so they can never disagree about a label and
no page is parsed twice.  The label is the anchor's text (tags stripped, entities decoded,
whitespace collapsed); a link without text is named by its image's ``alt``, else its ``title``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from toolkit.html.segment import INLINE, Document, Tag
from toolkit.html.tokenize import END, EOF, START, TAG_RE, parse_attrs, tokenize

# An anchor's text ends at its </a>, at the next <a> (HTML5 closes the open one there), or
# where an enclosing block ends: a missing </a> never swallows the rest of the page.
_STOP_AT_START = frozenset({"a"})
# Plain text up to a `</a` end tag: what the tokeniser would find first, without starting it.
_TEXT_THEN_END_A = re.compile(r"[^<]*+</(?=[aA][\t\n\f\r />])")


@dataclass(frozen=True)
class Anchor:
    """An ``<a href>`` of the page: its start tag (for the build's href edit) and its label."""

    href: str
    label: str
    hreflang: str | None = None
    lang: str | None = None
    tag: Tag | None = None
    content_end: int = -1  # where the anchor's content ends (its </a>, or what closes it implicitly)


def page_anchors(doc: Document) -> list[Anchor]:
    """Every ``<a href>`` of the page, in page order."""
    out = []
    for tag in doc.tags:
        if tag.name != "a" or "href" not in tag.attrs:
            continue
        text, alt, content_end = _anchor_text(doc.text, tag.end)
        label = text or alt
        if not label and (title := tag.attrs.get("title")) is not None:
            label = title.value.strip()
        hreflang, lang = tag.attrs.get("hreflang"), tag.attrs.get("lang")
        out.append(Anchor(tag.attrs["href"].value, label,
                          hreflang.value if hreflang is not None else None,
                          lang.value if lang is not None else None, tag, content_end))
    return out


def _anchor_text(text: str, pos: int) -> tuple[str, str, int]:
    """(collapsed text, first image alt, end offset) of the anchor content starting at `pos`."""
    simple = _TEXT_THEN_END_A.match(text, pos)
    if simple is not None and TAG_RE.match(text, simple.end()) is not None:  # the common `text</a>`
        end = simple.end() - 2
        return " ".join(unescape(text[pos:end]).split()), "", end
    pieces: list[str] = []
    alt = ""
    end = len(text)
    for tok in tokenize(text, pos):
        pieces.append(text[pos:tok.start])
        end = tok.start
        pos = tok.after if tok.raw is not None else tok.end  # script/style text is no label
        if tok.kind is EOF:
            break
        if tok.kind is END and (tok.name == "a" or (tok.name not in INLINE and tok.name != "br")):
            break
        if tok.kind is START:
            if tok.name in _STOP_AT_START:
                break
            if tok.name == "img" and not alt:
                found = parse_attrs(text, tok.attrs_start, tok.attrs_end).get("alt")
                alt = found.value.strip() if found is not None else ""
        pieces.append(" ")
    label = " ".join(unescape("".join(pieces)).split())
    return label, alt, end


def link_rels(t: Tag) -> list[str]:
    """The link types of a ``<link>`` or ``<a>`` start tag (``rel``, case-insensitive, space-separated)."""
    rel = t.attrs.get("rel")
    return rel.value.lower().split() if rel is not None else []


def alternate_tags(doc: Document) -> list[Tag]:
    """The page's own ``<link rel=alternate hreflang>`` tags: the versions it says it has."""
    return [t for t in doc.tags if t.name == "link" and "hreflang" in t.attrs and "alternate" in link_rels(t)]

