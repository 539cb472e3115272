"""The one link finder: a page's ``<a href>`` anchors and the options of its dropdowns, the label a
reader sees on each, and its ``<link rel=alternate hreflang>`` versions.

Discovery (``l10n locales``, ``init --from-links``) and the build both read language links
from here, off the already parsed `Document`, so they can never disagree about a label and
no page is parsed twice.  The label is the anchor's text (tags stripped, entities decoded,
whitespace collapsed); a link without text is named by its image's ``alt``, else its ``title``.

An option of a ``<select>`` (a dropdown switcher: ``onchange="location.href=this.value"``) is a
link too: its URL is its ``data-url``, ``data-href`` or URL-shaped ``value``, its label what the
dropdown shows (the ``label`` attribute, else its text).  Options without a URL keep their value
(``ko``, for a script or a form to make a URL of) and their select, for `toolkit.discover` to weigh.
A select with fewer than two options, or one taking several (``multiple``), switches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from toolkit.html.elements import is_inline
from toolkit.html.segment import Document, Tag
from toolkit.html.tokenize import END, EOF, START, TAG_RE, Attr, parse_attrs, tokenize

# An anchor's text ends at its </a>, at the next <a> (HTML5 closes the open one there), or
# where an enclosing block ends: a missing </a> never swallows the rest of the page.
_STOP_AT_START = frozenset({"a"})
# Plain text up to a `</a` end tag: what the tokeniser would find first, without starting it.
_TEXT_THEN_END_A = re.compile(r"[^<]*+</(?=[aA][\t\n\f\r />])")
# Where a select's content ends (its end tag, or a start tag the parser closes it for) and where an
# option's text ends, as the HTML parser's "in select" insertion mode reads them.
_SELECT_ENDS = frozenset({"select", "input", "keygen", "textarea"})
_OPTION_ENDS = frozenset({"option", "optgroup", "select", "datalist"})
_OPTION_STARTS = frozenset({"option", "optgroup", "hr", *_SELECT_ENDS})
# The attributes an option's URL may be in, in the order a dropdown script reads them.
OPTION_URL_ATTRS = ("data-url", "data-href", "value")
_SELECT = re.compile(r"<select", re.I)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_PAGE_NAME = re.compile(r"\.(?:x?html?|shtml|php|aspx?|jsp)\Z", re.I)


@dataclass(frozen=True)
class Anchor:
    """A link of the page, an ``<a href>`` or an ``<option>`` of a select: its start tag (for the build's
    edits) and its label."""

    href: str  # an option without a URL: ""
    label: str
    hreflang: str | None = None
    lang: str | None = None
    tag: Tag | None = None
    content_end: int = -1  # where the link's content ends (its </a>, or what closes it implicitly)
    value: str | None = None  # an option's value when it is no URL (its text without a value attribute)
    select: Tag | None = None  # an option's <select>


def page_links(doc: Document) -> list[Anchor]:
    """Every link of the page, anchors and the options of its dropdowns, in page order."""
    options = page_options(doc)
    anchors = page_anchors(doc)
    if not options:
        return anchors
    return sorted(anchors + options, key=lambda a: a.tag.start if a.tag is not None else -1)


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
        if tok.kind is END and (tok.name == "a" or (not is_inline(tok.name) and tok.name != "br")):
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


def page_options(doc: Document) -> list[Anchor]:
    """The options of every select of the page that can switch between at least two of them."""
    out: list[Anchor] = []
    tags, text = doc.tags, doc.text
    if _SELECT.search(text) is None:  # most pages: no tag to walk
        return out
    i = 0
    while i < len(tags):
        select = tags[i]
        i += 1
        if select.name != "select":
            continue
        close = _select_end(text, select.end)
        options = []
        while i < len(tags) and tags[i].start < close:
            if tags[i].name == "option":
                options.append(tags[i])
            i += 1
        if len(options) < 2 or "multiple" in select.attrs:
            continue
        for tag in options:
            shown, content_end = _option_text(text, tag.end)
            label = tag.attrs["label"].value.strip() if "label" in tag.attrs else ""
            urls = option_urls(tag)
            value = tag.attrs["value"].value.strip() if "value" in tag.attrs else shown
            lang = tag.attrs.get("lang")
            out.append(Anchor(urls[0].value.strip() if urls else "", " ".join(label.split()) or shown, None,
                              lang.value if lang is not None else None, tag, content_end,
                              None if urls and urls[-1].name == "value" else value, select))
    return out


def option_urls(tag: Tag) -> list[Attr]:
    """The attributes of an ``<option>`` holding a URL (`OPTION_URL_ATTRS` order): what the build points
    at the built pages.  A value such as ``ko`` or ``m`` is no URL; ``javascript:…`` is one (a script
    navigates to it), never left in a switcher the build rewrites."""
    return [attr for name in OPTION_URL_ATTRS if (attr := tag.attrs.get(name)) is not None and is_url(attr.value)]


def is_url(value: str) -> bool:
    """Whether an option's value is shaped as a URL: a scheme, a path, query or fragment, or a page's name."""
    v = value.strip()
    return bool(v) and (_SCHEME.match(v) is not None or any(c in v for c in "/?#") or _PAGE_NAME.search(v) is not None)


def _select_end(text: str, pos: int) -> int:
    """Where the select whose content starts at `pos` ends (its ``</select>``, or what closes it)."""
    for tok in tokenize(text, pos):
        if tok.kind is EOF or (tok.name in _SELECT_ENDS and tok.kind in (START, END)):
            return tok.start
    return len(text)  # pragma: no cover (the tokeniser always ends with EOF)


def _option_text(text: str, pos: int) -> tuple[str, int]:
    """(collapsed text, end offset) of the option content starting at `pos`."""
    pieces: list[str] = []
    end = len(text)
    for tok in tokenize(text, pos):
        pieces.append(text[pos:tok.start])
        end = tok.start
        pos = tok.after if tok.raw is not None else tok.end  # script text is no label
        if tok.kind is EOF or (tok.kind is END and tok.name in _OPTION_ENDS) or \
                (tok.kind is START and tok.name in _OPTION_STARTS):
            break
    return " ".join(unescape("".join(pieces)).split()), end


def link_rels(t: Tag) -> list[str]:
    """The link types of a ``<link>`` or ``<a>`` start tag (``rel``, case-insensitive, space-separated)."""
    rel = t.attrs.get("rel")
    return rel.value.lower().split() if rel is not None else []


def alternate_tags(doc: Document) -> list[Tag]:
    """The page's own ``<link rel=alternate hreflang>`` tags: the versions it says it has."""
    return [t for t in doc.tags if t.name == "link" and "hreflang" in t.attrs and "alternate" in link_rels(t)]

