"""Segment an HTML page into translation units (docs/ARCHITECTURE.md, "Segmentation rules").

One pass over the tokens drives the open elements (``tree.py``: where implied end tags fall and
what ``translate``/ITS attributes are inherited) and fills a buffer with the pieces of the current
segment (``pieces.py``): the text and inline markup between two block boundaries.  At each
boundary the buffer becomes zero or more units.  Every unit keeps the exact source span it
replaces and, for each placeholder, the source markup it stands for.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.html import jsonld
from toolkit.html.elements import (
    CLOSES_P,
    CODE_IN_PRE,
    FOREIGN_CODE,
    FORMATTING,
    HEADINGS,
    IMPLIED,
    INLINE,
    INLINE_FOREIGN,
    INLINE_VOID,
    INTERESTING_ATTRS,
    INTERESTING_ATTRS_WITH_ID,
    KEPT_ATTRS,
    KEPT_TAGS,
    MATH_NOTATION,
    RUBY_ANNOTATION,
    RUBY_BASE,
    SCREEN_READER_ONLY,
    SVG_KEPT_TAGS,
    SVG_TAG_PREFIX,
    TRANSLATE_SWITCH,
    VERBATIM,
    VERBATIM_NOTES,
    VOID,
    inline_foreign_end,
    is_code_listing_class,
    is_custom_element,
    is_inline,
    is_translatable_attr,
    is_xml_page,
    may_declare_its_rules,
)
from toolkit.html.jsonld import is_json_ld
from toolkit.html.letters import has_letter
from toolkit.html.pieces import ClosePiece, CommentPiece, OpenPiece, Piece, TextPiece, VoidPiece
from toolkit.html.tokenize import (
    CDATA,
    CONDITIONAL,
    END,
    START,
    Attr,
    Markup,
    Scans,
    conditional_content,
    line_counter,
    parse_attrs,
    raw_text_end,
    tokenize,
)
from toolkit.html.tokenize import (
    COMMENT as MARKUP_COMMENT,
)
from toolkit.html.tree import (
    ALLOWED_CHARACTERS_PREFIX,
    NO_INFO,
    ROOT,
    ElementInfo,
    Frame,
    OpenElements,
    Props,
    StorageSize,
    element_info,
    props_for,
    term_note,
)
from toolkit.locales import HAN_OR_KANA, language_of, locale_filter_allows
from toolkit.placeholders import (
    PLACEHOLDER_RE,
    TEMPLATE_CODE,
    can_name,
    escape_literal,
    line_break_vanishes,
    may_hold_template_code,
)

if TYPE_CHECKING:
    from toolkit.html.its import PageRules, ProjectRules

_COLLAPSE = re.compile(r"[\t\n\f\r ]+")
# start tags that may close open elements (OpenElements.implied_end)
_CLOSES_OTHERS = CLOSES_P | frozenset(IMPLIED) | HEADINGS
_WORD = re.compile(r"[^\W_]")  # a letter or a digit
# A value that is data, not prose, where generators put it in place of text (an attribute's value, an element's
# whole text: `_Segmenter.plain_unit`): a URL or path (Sphinx's ``alt="../_images/x.png"``), a file name (a camera's
# ``IMG_1234.JPG``, a product named like one: "Node.js" is written so in every language; with a few words around a
# date, as screen-capture tools name files: "Screenshot 2024-03-02 at 10.00.00.png"; "Powered by Node.js" and "Save
# as data.csv" are sentences), an e-mail address, a query string (Wikipedia's COinS
# ``title="ctx_ver=Z39.88-2004&rft…"``), a dotted name starting in lower case (Sphinx's
# ``title="requests.Response"``, a host name ``www.example.gov``; not "Mt.Fuji" or "No.1"), a name joined by
# underscores (a cookie's, ``_ga``, ``cookies_policy``), a JSON object, TeX (MediaWiki's
# ``alt="{\displaystyle E=mc^{2}}"``, a formula alone between ``\(…\)`` or ``\[…\]``; not "\(x\) is the unknown");
# in an attribute a timestamp too (`_TIMESTAMP`).  Each alternative is matched in linear time (a lookahead where a
# part must come before another: ``a=a=…`` of 40 KB took 12 s as ``\S*=\S*[&%;]\S*``; possessive repeats where a
# part could be given back: ``a.a.…`` of 1 MB took a second), and all but the JSON and TeX ones give up at the first
# space past a few words: prose costs its first words.
_EXTENSION = (r"(?i:png|jpe?g|gif|svg|webp|avif|bmp|tiff?|ico|pdf|docx?|xlsx?|pptx?|odt|html?|css|js|json|xml|txt"
              r"|csv|zip|gz|tgz|mp[34]|webm|mov|avi|wav)")
_DATA_VALUE = re.compile(
    r"""(?=\S*+\Z)(?:                                           # one word:
        (?:\w+:)?//\S+|\.{0,2}/\S*|(?=\S*/)\S*\.\w{1,5}          # a URL, a path (not "on/off")
        |(?:[^/\\.]*+\.)++""" + _EXTENSION + r"""|(?:IMG|DSC|PXL)_?\d+   # a file name, a camera's
        |[^@]+@[^@]+\.\w+|[^=]*=[^&%;]*[&%;]\S*                   # an e-mail address, a query string
        |[a-z_$][\w$-]*+(?:\.[\w$-]++)++                          # a dotted name
        |_*+[^\W_]++(?:_++[^\W_]++)++|_++[^\W_]++)                # a name joined by underscores
      |(?:[^/\\\s\d][^/\\\s]*+\ ){0,3}+\d{4}-\d\d-\d\d(?:\ [^/\\\s]+){0,3}\.""" + _EXTENSION + r"""  # a screenshot's
      |\{\s*"[^"]*"\s*:[\s\S]*\}                                 # a JSON object
      |\s*(?:\{\s*)?\\(?:displaystyle|textstyle)[\s\S]*           # TeX
      |\s*\\\((?:[^\\]|\\(?!\)))*\\\)\s*|\s*\\\[(?:[^\\]|\\(?!\]))*\\\]\s*""", re.X)
# Letters of the scripts that put no space between words (Chinese, Japanese, Thai, Lao, Myanmar, Khmer) and of
# Hangul, whose particles join the word before them: "お問い合わせ：info@example.jp", "请下载年度报告.pdf" and
# "문의는help@example.kr로" are one "word" of `_DATA_VALUE`'s, and sentences.  Compiled when first needed (`re`'s
# own cache): a class of tens of thousands of characters takes milliseconds to compile, at every start
_UNSPACED_LETTER = f"[{HAN_OR_KANA}\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"


def _is_data(value: str) -> bool:
    """Whether `value` (an attribute's, an element's whole text) is data, not prose (`_DATA_VALUE`)."""
    return _DATA_VALUE.fullmatch(value) is not None and re.search(_UNSPACED_LETTER, value) is None


# A timestamp: data in an attribute (Hugo's ``title``), but the text of an element is what readers read, and its
# translation may write it as their language does (a ``<time>``'s, whose date the build keeps in ``datetime``)
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?(?: ?(?:Z|[+-]\d\d:?\d\d))?"
                        r"(?: [A-Z]{2,5})?")
_PAIRED = frozenset({"Ps", "Pe", "Pi", "Pf"})  # brackets and quotes (Unicode categories)


# A quoted string in template code that is text the page shows (`{{ saving ? 'Saving…' : 'Save changes' }}`,
# `'NEW'`, in a Vue or Angular template the browser renders), which its translators translate in place: words with a
# space, a capital or a letter outside ASCII; not a name (`'home'`, `'SERVER_NAME'`), a key (`'nav.home'`), a file
# (`'footer.html'`, `'img/logo.png'`) or a format (`"%B %d"`)
_TEMPLATE_STRING = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"|`([^`\n]*)`")
_SHOWN_STRING = re.compile(r"(?!.*[_/%])(?!.*\w\.\w)(?:.*\s|.*[^\x00-\x7f]|[A-Z])", re.S)
def _template_code_only(text: str) -> bool:
    """Whether every letter of `text` is inside template code (`TEMPLATE_CODE`) and none in a string it shows."""
    return (may_hold_template_code(text) and not has_letter(TEMPLATE_CODE.sub(" ", text))
            and not any(_shown(next(filter(None, string.groups()), ""))
                        for code in TEMPLATE_CODE.finditer(text) for string in _TEMPLATE_STRING.finditer(code[0])))


def _shown(string: str) -> bool:
    """Whether a quoted string in template code is text the page shows (`_SHOWN_STRING`, with a letter)."""
    return has_letter(string) and _SHOWN_STRING.match(string) is not None


@dataclass(slots=True)
class Placeholder:
    """What a placeholder stands for: the source start tag and end tag (or the whole element)."""

    open: str
    close: str  # "" for void/opaque placeholders
    start: int = -1  # source offset of the start tag (the build may rewrite that tag, e.g. an href)
    # the source never closes it (`<p>x <b>y</p>`: the msgid closes it at its end); a translation that keeps that
    # close at its own end gets no end tag either, so the page's elements stay as the source has them
    unclosed: bool = False


@dataclass(slots=True)
class Unit:
    """One translatable string and where it lives in the source (_Segmenter.text_unit passes the fields in order)."""

    msgid: str
    start: int  # span in the decoded source that a translation replaces
    end: int
    line: int
    context: str | None = None
    notes: list[str] = field(default_factory=list)
    placeholders: dict[str, Placeholder] = field(default_factory=dict)
    attribute: str | None = None  # name of the attribute for attribute units
    element: str = ""  # tag name of the owning element
    owner_tag: tuple[int, int] | None = None  # span of the owning element's start tag
    whole: bool = False  # the unit is the owning element's entire content
    locales: tuple[str, ...] | None = None  # ITS locale filter: locales that get this unit
    locales_exclude: bool = False  # filter type "exclude"
    preserve: bool = False  # whitespace preserved (pre/textarea)
    comments: str = ""  # comments inside the unit: re-emitted after a translation, not dropped
    storage: StorageSize | None = None  # ITS Storage Size of the text
    allowed: str | None = None  # ITS Allowed Characters: a regular-expression character class
    nested: bool = False  # inside another unit's placeholder (ITS withinText="nested"): built before that unit
    lang: str | None = None  # the language its element declares (inherited `lang`): the build marks a translated
    # unit of a third language (a French quote on an English page) with the target's

    def for_locale(self, locale: str) -> bool:
        """Whether the ITS locale filter lets `locale` (a gettext name) have this unit translated."""
        return locale_filter_allows(self.locales, self.locales_exclude, locale)


@dataclass(slots=True)
class Tag:
    """A start tag worth remembering for the build (html, meta charset, head, links)."""

    name: str
    start: int
    end: int
    attrs: dict[str, Attr]
    content_end: int = -1  # a raw-text element's (script, style, noscript, title, textarea) content ends here, as the
    # tokeniser found it (`end` for XHTML's `<script/>`), a conditional comment's at its `<![endif]`: the build's
    # helpers read the content without tokenising again (in HTML's rules, wrong for XHTML, to the end of the page)


@dataclass
class Document:
    text: str
    units: list[Unit]
    tags: list[Tag]  # start tags of elements.KEPT_TAGS (and with KEPT_ATTRS), in source order
    head_end: int | None  # offset of </head> (or the first body content) for inserting links
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)  # ITS rules that could not be used

    def tag(self, name: str) -> Tag | None:
        """The first start tag named `name` the page has (`<html>`, `<head>`), or None."""
        return next((t for t in self.tags if t.name == name), None)


@dataclass(slots=True)
class _Readings:
    """The notes of a unit's ruby annotations left out of its msgid (`_Segmenter.ruby_end`): "ruby: 宇宙 (うちゅう)",
    the base text before each annotation and what the annotation says of it."""

    notes: list[str] = field(default_factory=list)
    base: list[str] = field(default_factory=list)
    reading: list[str] = field(default_factory=list)

    def text(self, decoded: str) -> None:
        if self.reading:  # a base after an annotation: the next pair (`漢<rt>かん</rt>字<rt>じ</rt>`)
            self.end()
        self.base.append(decoded)

    def end(self) -> None:
        """A ruby element starts or ends (or the unit does): the note of the annotations read since."""
        reading = _collapse("".join(self.reading)).strip()
        if reading:
            base = _collapse("".join(self.base)).strip()
            self.notes.append(f"ruby: {base} ({reading})" if base else f"ruby: ({reading})")
        self.base.clear()
        self.reading.clear()


_RUBY = RUBY_BASE | RUBY_ANNOTATION
_RUBY_REACH = 64  # pieces a ruby may hold and leave the msgid (`_Segmenter.plain_annotations`)
_NESTED_REACH = 16  # withinText="nested" elements that may hold one another in a sentence (`_Segmenter.nests`)


@dataclass(slots=True, eq=False)
class _Opaque:
    """A ``translate="no"`` (or withinText="nested") inline element inside a translatable unit: one void placeholder."""

    start: int
    end: int
    name: str
    text: str  # its text, shown to translators in a note
    notes: tuple[str, ...] = ()  # ITS notes set on the element itself
    nested: bool = False  # withinText="nested": its text is translated as a unit of its own


def parse_document(text: str, encoding: str = "utf-8", source: str | Path | None = None,
                   id_as_context: bool = False, its_rules: ProjectRules | None = None,
                   kept: Collection[int] = ()) -> Document:
    """Segment a decoded page into units.

    `source` is the page's path: ITS rules linked from the page are read relative to it.  With
    `id_as_context`, ITS ID Value (``id`` or an idValueRule) is the msgctxt of an element's text.
    `its_rules`: the project's ITS rules, applied before the page's own.  `kept`: start offsets of inline
    elements whose content is kept as written, as with ``translate="no"`` (their attributes are still
    text): what the caller found after a first segmentation (`discover.segment_page`: a language
    switcher's links inside a sentence).
    L10nError: a malformed ITS rules file (named, with its line).
    """
    rules = None
    if its_rules is not None or may_declare_its_rules(text):  # only pages that may have rules pay for them
        from toolkit.html.its import page_rules

        rules = page_rules(text, source, its_rules)
    segmenter = _Segmenter(text, rules, id_as_context, project=(its_rules, source))
    if kept:
        segmenter.kept = frozenset(kept)
    doc = segmenter.run(encoding)
    if rules is not None:
        doc.warnings = rules.warnings + doc.warnings
    if "\0" in text or "\x04" in text:  # rare: every other page pays one scan
        for unit in doc.units:
            unit.msgid = unit.msgid.translate(_UNHOLDABLE)
            unit.context = unit.context.translate(_UNHOLDABLE) if unit.context else unit.context
            unit.notes = [note.translate(_UNHOLDABLE) for note in unit.notes]
    return doc


# Characters no catalogue can hold: NUL ends a C string, U+0004 separates a .mo key's context from its msgid
# (msgfmt refuses both).  Browsers show neither (they drop NUL in text), so the message shows U+FFFD instead;
# the page keeps its bytes wherever it is not translated.
_UNHOLDABLE = str.maketrans({"\0": "\ufffd", "\x04": "\ufffd"})
_UNPAIRED = re.compile("[\ud800-\udfff]")  # a surrogate a JSON escape left alone (a pair decodes to one character)


def _merged(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Regions (start, end) sorted and merged where they overlap or touch: a noscript's markup running on past it
    may cover a translate:off region, or start inside one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class _Segmenter:
    def __init__(self, text: str, rules: PageRules | None = None, id_as_context: bool = False,
                 root: Frame = ROOT, project: tuple[ProjectRules | None, str | Path | None] = (None, None)):
        """`root`: what the text's top level inherits (a ``<noscript>``'s content: that element's properties);
        `project`: the project's ITS rules and the page's path, for the rules of a ``<noscript>``'s content."""
        self.text = text
        self.rules = rules
        self.project = project
        self.xml = project[1] is not None and is_xml_page(str(project[1]))  # (XML's markup rules: `tokenize`)
        self.voided_at = -1  # where the last inline element an XML page closes with "/>" ends (`start_tag`)
        self.rule_attr_owners = {start for start, _ in rules.attributes} if rules is not None else set()
        self.listing_parents: dict[int, bool] = {}  # `listing_parent`'s answers by start tag
        self.id_as_context = id_as_context
        self.interesting = (INTERESTING_ATTRS_WITH_ID if id_as_context else INTERESTING_ATTRS).search
        self.off_regions: list[tuple[int, int]] = []  # <!-- translate:off --> … <!-- translate:on -->
        self.scans = Scans()  # shared by the tokenisers of this text
        self.off_at = -1
        self.units: list[Unit] = []
        self.tags: list[Tag] = []
        self.head_end: int | None = None
        self.top_level = root is ROOT  # the page itself, not a noscript's content
        if rules is not None and rules.implied is not None and root is ROOT:  # rules for the <html> left out
            root = Frame(root.name, root.start, root.end, props_for("html", None, root.props, rules.implied), False)
        self.root = root
        self.tree = OpenElements(root)
        self.stack = self.tree.stack  # the same list, read often
        self.block = root  # innermost open non-inline element
        self.pieces: list[Piece] = []
        self.seg_owner = root
        self.seg_fresh = True  # segment began right after the owner's start tag
        self.seg_mixed = False  # an inline element in the segment switches `translate` (or its locale filter)
        self.cut_short = False  # the segment being emitted ends at a start tag or switch, not an end tag
        # formatting elements closed without their end tag (by another element's end tag or an implied end): a
        # browser keeps them active and re-opens them, so their own end tag, when it comes, ends something
        self.still_active: dict[str, int] = {}  # name -> how many
        # inline elements of the segment with ITS properties of their own (locale filter, allowed characters)
        self.inline_frames: dict[OpenPiece, Frame] = {}
        self.line_at = line_counter(text)
        self.its_problems: list[str] = []  # what the element read last says that ITS does not allow
        self.problems: list[tuple[int, str]] = []  # (offset, message): the page's ITS markup ITS does not allow
        self.kept: frozenset[int] = frozenset()  # inline elements' start tags: content kept as with translate="no"
        self.shadow_hosts: set[int] = set()  # start tags of elements with a declarative shadow root (`slotted`)
        self.translator_notes: list[tuple[int, int, str]] = []  # (start, end, text) of `translator_note` comments

    # --- driver ---------------------------------------------------------------------------

    def run(self, encoding: str) -> Document:
        text = self.text
        pos = 0
        pieces = self.pieces
        stack = self.stack
        for tok in tokenize(text, 0, self.xml, self.scans):  # ends with an EOF token where the text ends
            lt = tok.start
            if lt < pos:  # inside an <svg>/<math> that start_tag kept whole as a placeholder
                if tok.kind is START and tok.foreign and tok.attrs_start < tok.attrs_end:
                    self.foreign_reference(tok.name, lt, tok.end, tok.attrs_start, tok.attrs_end)
                continue
            if lt > pos and (pieces or not text[pos:lt].isspace()):  # whitespace between blocks: no segment
                pieces.append(TextPiece(pos, lt, stack[-1].props.translate))
            pos = tok.end
            kind = tok.kind
            if kind is START:
                pos = self.start_tag(tok.name, lt, pos, tok.attrs_start, tok.attrs_end, tok)
            elif kind is END:
                self.end_tag(tok.name, lt, pos)
            elif kind is MARKUP_COMMENT:
                if self.top_level and (content := conditional_content(text, lt, pos)) is not None:
                    self.conditional_comment(lt, pos, content)
                    continue
                pieces.append(CommentPiece(lt, pos))
                switch = TRANSLATE_SWITCH.match(text, lt, pos)
                if switch is not None:
                    self.translate_switch(switch.group(1).lower() == "off", lt, pos)
                elif (note := translator_note(text, lt, pos)) is not None:
                    self.translator_notes.append((lt, pos, note))
            elif kind is CDATA and pieces:  # SVG/MathML CDATA: kept as it is, never translated
                pieces.append(VoidPiece(lt, pos, "cdata"))
            # doctype, bogus comments (<?…>, </ …>), end of file: markup with no text
        self.boundary(self.stack)  # end of file closes every open element
        if self.off_at >= 0:
            self.off_regions.append((self.off_at, len(text)))
        if self.off_regions:  # (merged in page order: only the last region starting before a unit's end can
            # overlap it, found by bisection; every unit against every region was quadratic)
            regions = _merged(self.off_regions)
            starts = [s for s, _e in regions]
            self.units = [u for u in self.units
                          if (i := bisect_left(starts, u.end) - 1) < 0 or regions[i][1] <= u.start]
        self.units.sort(key=lambda u: u.start)
        if self.translator_notes:
            self.add_translator_notes()
        page = self.project[1] if self.project[1] is not None else "<page>"
        warnings = [f"{page}:{self.line_at(at)}: {problem}" for at, problem in self.problems]
        return Document(text, self.units, self.tags, self.head_end, encoding, warnings)

    def add_translator_notes(self) -> None:
        """Each `translator_note` comment is a note of the unit it is inside, else of the first unit after it (an
        element's attribute units come before its text).  Found by bisection: a page of thousands stays linear."""
        units = self.units
        starts = [u.start for u in units]
        for start, end, note in self.translator_notes:
            i = bisect_right(starts, start)
            if i and units[i - 1].end >= end:  # (the unit the comment is inside)
                i -= 1
            if i < len(units):
                units[i].notes = [*units[i].notes, note]  # (a new list: units may share one)

    def translate_switch(self, off: bool, start: int, end: int) -> None:
        """`<!-- translate:off -->` starts a region nothing is extracted from; `translate:on` ends it.

        A switch inside a sentence ends the segment there, so the text before and after it stays
        translatable (only units overlapping the region are dropped).
        """
        if self.pieces and off == (self.off_at < 0):  # a switch that changes the state, mid-segment
            self.pieces.pop()  # the switch comment itself belongs to neither side
            self.boundary(None)
        if off and self.off_at < 0:
            self.off_at = start
        elif not off and self.off_at >= 0:
            self.off_regions.append((self.off_at, end))
            self.off_at = -1

    # --- tags -----------------------------------------------------------------------------

    def listing_parent(self, outer: Frame) -> bool:
        """Whether `outer`'s class names a code listing (`elements.CODE_IN_PRE`), read once an element: a page of
        thousands of ``<pre>`` in one parent with a long start tag is not quadratic."""
        if outer.end == outer.start:  # a root: no tag
            return False
        known = self.listing_parents.get(outer.start)
        if known is None:
            attrs = parse_attrs(self.text, outer.start + 1 + len(outer.name), outer.end)
            known = self.listing_parents[outer.start] = is_code_listing_class(attrs, False)
        return known

    def slotted(self, name: str, attrs: Mapping[str, Attr]) -> bool:
        """Whether the element is a child that a shadow root shows where one of its slots is (`slot="plan"` on a child
        of a custom element, or of an element with a declarative shadow root): its text is a unit of its own, kept
        out of the text around it as withinText="nested" keeps an element's (the host's own text, or the slotted
        child next to it, may be shown elsewhere in the component, in another block).  A ``<template
        shadowrootmode>`` makes its parent such a host, for the children after it."""
        parent = self.stack[-1]
        if parent is self.root:
            return False
        if name == "template" and "shadowrootmode" in attrs:
            self.shadow_hosts.add(parent.start)
            return False
        slot = attrs.get("slot")  # (an empty name is the default slot's, which shows the host's own text too)
        return slot is not None and slot.value != "" and \
            (is_custom_element(parent.name) or parent.start in self.shadow_hosts)

    def foreign_reference(self, name: str, start: int, end: int, astart: int, aend: int) -> None:
        """Keep an SVG element's start tag that holds a reference (``<use href>``, ``<image href>``) inside an
        icon kept whole as a sentence's placeholder (`start_tag`): the build rewrites its URL in the placeholder's
        markup as anywhere else (an icon mid-sentence pointed to img/icons.svg under the locale's folder)."""
        if name in SVG_KEPT_TAGS and "href" in self.text[astart:aend].lower():
            attrs = parse_attrs(self.text, astart, aend)
            if any(not a.value.strip().startswith("#") for n, a in attrs.items() if n in ("href", "xlink:href")):
                self.tags.append(Tag(SVG_TAG_PREFIX + name, start, end, attrs))  # (not a sprite's #icon: no file)

    def start_tag(self, name: str, start: int, end: int, astart: int, aend: int, tok: Markup) -> int:
        """Handle a start tag; returns where tokenising resumes (past a raw-text element's content)."""
        if name == "image" and not tok.foreign:
            name = "img"  # as browsers read it: its src is an image to point at, its alt text
        text = self.text
        attrs = None
        rules = self.rules
        kept = name in KEPT_TAGS
        svg_ref = tok.foreign and name in SVG_KEPT_TAGS
        if astart < aend and (kept or svg_ref or self.interesting(text[astart:aend].lower())
                              or start in self.rule_attr_owners or name == "pre"):
            attrs = parse_attrs(text, astart, aend)
        code = tok.foreign and name in FOREIGN_CODE and not tok.self_closing  # CSS or code: as HTML's raw text
        if code:
            content_end, stop = raw_text_end(text, name, end)[:2]
        else:
            content_end = tok.content_end if tok.raw is not None else end
        if svg_ref and attrs:
            self.tags.append(Tag(SVG_TAG_PREFIX + name, start, end, attrs))
        elif code and name == "style":
            self.tags.append(Tag(SVG_TAG_PREFIX + name, start, end, attrs or {}, content_end))
        # an <html> or <meta> inside <svg> is no page metadata, whatever its attributes
        elif (kept and not tok.foreign) or (attrs and not KEPT_ATTRS.isdisjoint(attrs) and not (tok.foreign and kept)):
            self.tags.append(Tag(name, start, end, attrs or {}, content_end))
            if name == "body" and self.head_end is None:
                self.head_end = start
        if code:
            if self.pieces:  # inside a sentence it is kept as a placeholder; elsewhere untouched
                self.pieces.append(VoidPiece(start, stop, name))
            return stop
        node = rules.elements.get(start) if rules is not None else None
        problems = self.its_problems
        info = element_info(attrs, node, self.id_as_context, problems) if attrs or node is not None else NO_INFO
        if problems:
            self.problems += [(start, problem) for problem in problems]
            problems.clear()
        inline, inline_void = is_inline(name, tok.foreign), name in INLINE_VOID
        if inline and tok.self_closing and self.xml and not tok.foreign:  # `<a id="top"/>` in XML: empty, a void
            inline, inline_void = False, True
            self.voided_at = end  # (the tokeniser's END of no width there closes nothing: `end_tag`)
        slotted = attrs is not None and not tok.foreign and ("slot" in attrs or "shadowrootmode" in attrs) \
            and self.slotted(name, attrs)
        if info.within_text is not None and tok.raw is None:  # ITS Elements Within Text overrides the tables
            inline = info.within_text != "no" and name not in VOID and can_name(name)
            inline_void = info.within_text != "no" and name in VOID
            if inline and name not in INLINE and name in _CLOSES_OTHERS:
                self.close_implied(self.tree.implied_end(name))
        # MathML's notation (`MATH_NOTATION`) inside a formula; an HTML or SVG element of the same name is not.
        # A code listing (`CODE_IN_PRE`) is notation too.
        if tok.foreign:
            notation = name in MATH_NOTATION and self.tree.find("math") is not None
        else:  # (a <pre> is decided below, once the elements it closes are closed)
            notation = name in CODE_IN_PRE and self.tree.find("pre") is not None
        if inline:
            parent = self.stack[-1].props
            props = props_for(name, attrs, parent, node, notation)
            if attrs:
                self.attribute_units(name, attrs, props, start, end)
            if self.kept and start in self.kept:
                props = replace(props, translate=False)
            if props.translate != self.block.props.translate:
                self.seg_mixed = True
            notes: tuple[str, ...] = ()
            if props.note is not None and props.note != parent.note:
                notes = (props.note,)
            if info.term:
                notes += (term_note(info),)
            if attrs and (cls := attrs.get("class")) is not None and \
                    not SCREEN_READER_ONLY.isdisjoint(cls.value.lower().split()):
                notes += ("read by screen readers only (visually hidden)",)
            if props.lang and props.lang != parent.lang and language_of(props.lang) != language_of(parent.lang or ""):
                # (a French quote in a sentence: the build's `splice._placeholder_langs`)
                notes += (f'lang="{props.lang}" (kept as written, it stays so marked; translated, it is marked as '
                          "the translation's language)",)
            piece = OpenPiece(start, end, name, props.translate, len(self.pieces))
            if name in VERBATIM and not tok.foreign and not props.asked and info is NO_INFO and \
                    (props.note, props.allowed, props.locales, props.context) == \
                    (parent.note, parent.allowed, parent.locales, parent.context):
                piece.verbatim = True  # (one annotated for translators, `its-allowed-characters` or a note, is text)
            if notes:
                piece.notes = notes
            if info is not NO_INFO:
                piece.info = info
            self.pieces.append(piece)
            frame = Frame(name, start, end, props, True, piece, info)
            if (info.within_text == "nested" or (slotted and info.within_text is None)) and \
                    (nests := self.nests()) < _NESTED_REACH:
                piece.nested = frame
                frame.nests = nests + 1
            self.tree.push(frame)
            if props.translate and (props.locales != parent.locales or props.locales_exclude != parent.locales_exclude
                                    or props.allowed != parent.allowed or props.context != parent.context):
                self.inline_frames[piece] = frame
                if props.locales != parent.locales or props.locales_exclude != parent.locales_exclude:
                    self.seg_mixed = True  # its text is for other locales: a unit of its own
            return end
        if name in INLINE_FOREIGN and self.in_sentence():  # an icon or a formula inside a sentence
            after = end if tok.self_closing else inline_foreign_end(text, name, end)
            if after is not None:  # one placeholder, the sentence stays whole
                inline_void = True
                end = after  # run() skips the tokens up to it
        if inline_void:
            if attrs:
                self.attribute_units(name, attrs, props_for(name, attrs, self.stack[-1].props, node), start, end)
            self.pieces.append(VoidPiece(start, end, name))
            return end
        if name in _CLOSES_OTHERS and (target := self.tree.implied_end(name)) is not None:
            self.close_implied(target)
        if name == "pre" and not tok.foreign:
            notation = is_code_listing_class(attrs, True) or self.listing_parent(self.stack[-1])
        props = props_for(name, attrs, self.stack[-1].props, node, notation)
        if attrs:
            self.attribute_units(name, attrs, props, start, end)
        if tok.raw is not None:  # the tokeniser found where its content and end tag end
            stop, after = tok.content_end, tok.after
            if tok.raw != "rcdata":
                if name == "noscript" and self.top_level:  # (inside one, a noscript is one level too many)
                    # (its content's root: the element's properties, the owner of the text directly in it)
                    self.noscript_units(end, stop, Frame(name, 0, 0, props, False, None, info), bool(self.pieces))
                elif name == "script" and props.translate and tok.closed and is_json_ld(attrs):
                    self.json_ld_units(end, stop, props, (start, end))
                if self.pieces:  # inside a sentence it is kept as a placeholder; elsewhere untouched
                    self.pieces.append(VoidPiece(start, after, name))
                return after
            # title, textarea: text without tags, entities decoded
            frame = Frame(name, start, end, props, False, None, info)
            self.boundary(None)
            self.open_block(frame)
            self.pieces.append(TextPiece(end, stop, props.translate))
            self.boundary([frame])
            self.tree.pop_to(len(self.stack) - 1)
            self.reset_block()
            return after
        if self.pieces:
            self.boundary(None)
        if name in VOID:
            self.seg_fresh = self.seg_mixed = False
        else:
            self.open_block(Frame(name, start, end, props, False, None, info))
        return end

    def nests(self) -> int:
        """How many withinText="nested" elements of the segment hold an inline element starting now (`_NESTED_REACH`
        when that many inline elements are open above it: too deep to tell).  Each builds its units inside the one
        around it and reads its pieces again: more than `_NESTED_REACH` deep are placeholders of the innermost one,
        so a page of a thousand nested ones is neither quadratic nor a recursion too deep."""
        stack = self.stack
        for k in range(len(stack) - 1, max(len(stack) - 1 - _NESTED_REACH, -1), -1):
            frame = stack[k]
            if not frame.inline:  # a block: the segment starts inside it
                return 0
            if frame.nests:
                return frame.nests
        return _NESTED_REACH

    def noscript_units(self, start: int, stop: int, root: Frame, nested: bool) -> None:
        """The units of a ``<noscript>``'s content, text[start:stop]: raw text to the tokeniser (as to a browser
        running scripts), markup that a browser without scripts shows and search engines read, so segmented as a
        document of its own with the element's properties and the project's ITS rules (the page's own rules see
        the content as text, as their tree does).  Inside a sentence, where the element is one placeholder, they
        are built into that placeholder first (as withinText="nested" units are).  Their translations are escaped
        like any other, so no text or attribute can end the element early; where markup inside it runs on past
        the element's end for a browser without scripts (``<img alt="</noscript>…">``), nothing up to where it
        ends is translated.  One level only: a noscript inside one stays raw text.  A conditional comment's content
        is segmented here too (`conditional_comment`)."""
        text = self.text
        for tok in tokenize(text, start, self.xml, self.scans):  # markup a browser without scripts reads on past
            # the noscript's end (the terminators found for one are not looked for again for the next: `Scans`)
            if tok.start >= stop:
                break
            reach = tok.after if tok.raw is not None else tok.end
            if reach > stop:  # (`<img alt="</noscript>…">`, a comment or a <style> holding it): never text to us
                self.off_regions.append((stop, reach))
                break
        fragment = text[start:stop]
        if not _has_letters(fragment, 0, len(fragment)):
            return
        rules = None
        project, source = self.project
        if project is not None or may_declare_its_rules(fragment):  # the project's rules reach it, the page's not
            from toolkit.html.its import page_rules

            rules = page_rules(fragment, source, project)
        segmenter = _Segmenter(fragment, rules, self.id_as_context, root, self.project)
        inner = segmenter.run("")
        self.problems += [(at + start, problem) for at, problem in segmenter.problems]
        first_line = self.line_at(start) - 1
        for unit in inner.units:
            unit.start += start
            unit.end += start
            unit.line += first_line
            if unit.owner_tag is not None:
                unit.owner_tag = (unit.owner_tag[0] + start, unit.owner_tag[1] + start)
            for ph in unit.placeholders.values():
                if ph.start >= 0:
                    ph.start += start
            unit.nested = unit.nested or (nested and unit.attribute is None)
        self.units += inner.units

    def conditional_comment(self, start: int, end: int, content: tuple[int, int]) -> None:
        """A downlevel-hidden conditional comment (`tokenize.conditional_content`): its content is markup to IE and
        Outlook (an e-mail's Outlook button, an IE-only notice), segmented as a ``<noscript>``'s is, with the
        properties of the element it is in.  Inside a sentence the comment is one placeholder (``<comment/>``),
        which its units are built into, where the source has it: its markup must not move.  Its translations are
        escaped as any other (no ``>`` or ``<`` of theirs is markup), so none can write the ``-->``, ``--!>`` or
        ``<![endif]`` that would end it early."""
        self.tags.append(Tag(CONDITIONAL, start, content[0], {}, content[1]))  # (the build's references, the review)
        root = Frame(CONDITIONAL, 0, 0, self.stack[-1].props, False, None, NO_INFO)
        self.noscript_units(content[0], content[1], root, bool(self.pieces))
        self.pieces.append(VoidPiece(start, end, "comment") if self.pieces else CommentPiece(start, end))

    def json_ld_units(self, start: int, stop: int, props: Props, owner_tag: tuple[int, int]) -> None:
        """The prose of a JSON-LD block, text[start:stop] (`jsonld.texts`): entries noted with their schema.org type
        and property, each replaced in the build by a JSON string of its translation."""
        def holdable(s: str) -> str:  # an escape may spell what no catalogue holds: NUL, U+0004, a lone surrogate
            return _UNPAIRED.sub("\ufffd", s.translate(_UNHOLDABLE))

        for found in jsonld.texts(self.text, start, stop):
            value = holdable(_collapse(unescape(found.value) if self.xml else found.value).strip(" "))  # (XML
            # reads a script's `&amp;` as "&", then JSON; the build writes "&" as "\u0026")
            if not has_letter(value):
                continue
            where = " ".join((f"{found.owner_type}.{found.key}" if found.owner_type else found.key).split())
            self.units.append(Unit(
                msgid=value, start=found.start, end=found.end, line=self.line_at(found.start), context=props.context,
                notes=[holdable(f"JSON-LD {where}")], attribute=jsonld.ATTRIBUTE, element="script", owner_tag=owner_tag,
                locales=props.locales, locales_exclude=props.locales_exclude))

    def in_sentence(self) -> bool:
        """Whether the segment being collected has text with letters already."""
        text = self.text
        return any(type(p) is TextPiece and _has_letters(text, p.start, p.end) for p in self.pieces)

    def between_blocks(self) -> bool:
        """Whether nothing but comments and white space has been collected since the last segment ended."""
        text = self.text
        return all(type(p) is CommentPiece or (type(p) is TextPiece and text[p.start:p.end].isspace())
                   for p in self.pieces)

    def open_block(self, frame: Frame) -> None:
        self.tree.push(frame)
        self.block = frame
        self.seg_owner = frame
        self.seg_fresh = True

    def end_tag(self, name: str, start: int, end: int) -> None:
        if start == end == self.voided_at:  # the END after an inline element XML closed with "/>": a void placeholder
            return
        if name == "head" and self.head_end is None and self.between_blocks():  # (one inside a sentence is ignored)
            self.head_end = start
        i = self.tree.find(name)
        if i is None:
            if name == "br":  # </br> is a <br> to browsers
                self.pieces.append(VoidPiece(start, end, "br"))
            elif name == "p" or self.still_active.get(name):
                # Not nothing to browsers: a stray </p> is an empty paragraph (a break in the text), and </b> ends a
                # formatting element they re-opened after its own was closed by another tag (<p><font>x<div>y</div>
                # z</font>: "z" is red, and without that </font> the rest of the page is): the sentence ends here
                # and the end tag stays where it is.  (A </b> with no such element, `</b></b>`, is nothing.)
                if name != "p":
                    self.still_active[name] -= 1
                self.boundary(None)
            elif is_inline(name):
                self.pieces.append(ClosePiece(start, end, None))  # stray: dropped if translated
            return
        stack = self.stack
        opened = stack[i].piece
        if opened is not None:  # an inline element
            pieces = self.pieces
            for inner in reversed(stack[i + 1:]):  # misnested inline elements close here too
                if inner.piece is not None and inner.piece.close_idx < 0:
                    inner.piece.close_idx = len(pieces)
                    pieces.append(ClosePiece(start, start, inner.piece))
            opened.close_idx = len(pieces)
            opened.close_start, opened.close_end = start, end
            pieces.append(ClosePiece(start, end, opened))
            self.pop_to(i, closed=opened)
            return
        if self.pieces:
            self.boundary(stack[i:])
        else:
            self.seg_fresh = self.seg_mixed = False
        self.pop_to(i)
        self.reset_block()

    def pop_to(self, i: int, closed: OpenPiece | None = None) -> None:
        """Close the open elements from stack[i] up, noting the formatting elements among them that no end tag of
        their own closed (`closed`: the one this end tag does) in `still_active`."""
        for frame in self.stack[i:]:
            if frame.inline and frame.name in FORMATTING and frame.piece is not closed:
                self.still_active[frame.name] = self.still_active.get(frame.name, 0) + 1
        self.tree.pop_to(i)

    def close_implied(self, target: int | None) -> None:
        """End the segment and pop the elements a new block start tag closes (p before a block, li before li…):
        from `target` (OpenElements.implied_end) up."""
        if target is not None:
            self.boundary(self.stack[target:])
            self.pop_to(target)
            self.reset_block()

    def reset_block(self) -> None:
        """After elements closed: the next segment belongs to the innermost open block."""
        top = self.stack[-1]
        self.block = self.seg_owner = top if not top.inline else self.tree.block()
        self.seg_fresh = False

    # --- attributes -----------------------------------------------------------------------

    def attribute_units(self, name: str, attrs: Mapping[str, Attr], props: Props, tag_start: int, tag_end: int) -> None:
        """Entries for the element's translatable attributes (HTML5 table, or ITS rules selecting attributes).

        ITS 2.0: an element's Translate (HTML5: for its translatable attributes), Locale Filter and
        context reach its attributes; its Localization Note, Terminology and Storage Size do not.
        """
        rules = self.rules
        if not props.translate and rules is None:
            return
        for aname, attr in attrs.items():
            node = rules.attributes.get((tag_start, aname)) if rules is not None else None
            if node is not None and node.translate is not None:
                if not node.translate or props.ignored:
                    continue
            elif not props.translate or not is_translatable_attr(name, aname, attrs):
                continue
            value = _collapse(attr.value).strip(" ")
            asked = node is not None and node.translate  # an ITS rule asking for its translation: taken at its word
            if not has_letter(value) or (not asked and (_is_data(value) or _TIMESTAMP.fullmatch(value)
                                                            or _template_code_only(value))):
                continue  # (`alt="{{ img.alt }}"`: the template fills it)
            notes = [_attribute_note(name, aname, attrs)]
            unit = Unit(
                msgid=value, start=attr.start, end=attr.end, line=self.line_at(attr.start),
                context=props.context, notes=notes, attribute=aname, element=name,
                owner_tag=(tag_start, tag_end), locales=props.locales, locales_exclude=props.locales_exclude,
                lang=props.lang,  # (the element's own: `<img lang="de" alt="Die Katze">`)
            )
            if node is not None:
                if node.note:
                    notes.insert(0, node.note)
                if node.term:
                    notes.append(term_note(ElementInfo(term=True, term_info=node.term_info)))
                if node.locales is not None:
                    unit.locales, unit.locales_exclude = node.locales, node.locales_exclude
                if node.ident and self.id_as_context and unit.context is None:
                    unit.context = node.ident
                unit.storage, unit.allowed = node.storage, node.allowed
            self.units.append(unit)

    # --- segments -------------------------------------------------------------------------

    def boundary(self, closing: list[Frame] | None) -> None:
        """End the current segment; `closing` are the elements whose end caused it, if any."""
        pieces = self.pieces
        if pieces:
            owner = self.seg_owner
            whole = self.seg_fresh and closing is not None and owner in closing and owner is not self.root
            self.cut_short = closing is None  # by a start tag or a switch: open inline elements go on
            try:
                self.emit_segment(0, len(pieces), owner, whole)
            finally:
                pieces.clear()
                if self.inline_frames:
                    self.inline_frames.clear()
        self.seg_fresh = False
        self.seg_mixed = False

    def emit_segment(self, lo: int, hi: int, owner: Frame, whole: bool) -> None:
        pieces = self.pieces
        text = self.text
        if hi - lo == 1:  # the common case: one run of text and nothing else
            piece = pieces[lo]
            if type(piece) is TextPiece and piece.translate:
                self.plain_unit(piece, owner.props, owner, whole)
            return
        if hi - lo == 3:  # the next most common: <a>text</a> alone in a cell or list item
            first, piece, last = pieces[lo:hi]
            if (type(first) is OpenPiece and type(piece) is TextPiece and type(last) is ClosePiece
                    and last.opened is first and piece.translate and owner.props.translate and not first.verbatim
                    and not self.seg_mixed and not first.notes and first.info is None and not self.inline_frames):
                self.plain_unit(piece, owner.props, owner, whole)
                return
        # quick exit: no letters at all
        if not any(type(p) is TextPiece and _has_letters(text, p.start, p.end) for p in pieces[lo:hi]):
            return
        if not self.seg_mixed:
            if owner.props.translate:
                self.make_unit(lo, hi, owner, whole)
            return
        self.split(lo, hi, owner.props.translate, owner)

    def split(self, lo: int, hi: int, translate: bool, owner: Frame) -> None:
        """Translate state changes inside the segment: cut at elements that switch it back.

        An inline element with a locale filter of its own is cut out the same way: its text is a
        unit of its own (owned by the element), the text around it is for every other locale.
        """
        pieces = self.pieces
        run = lo
        i = lo
        while i < hi:
            p = pieces[i]
            own = self.own_unit(p, owner) if type(p) is OpenPiece else None
            if type(p) is OpenPiece and (p.translate != translate or own is not None):
                close = p.close_idx if lo <= p.close_idx < hi else hi
                switch_back = (not translate) or own is not None or self.has_translatable(i + 1, close, p.translate)
                if switch_back:
                    if translate:
                        self.make_unit(run, i, owner, False)
                    self.split(i + 1, close, p.translate, own or owner)
                    i = close + 1
                    run = i
                    continue
                i = close + 1  # opaque: stays inside the unit as one placeholder
                continue
            i += 1
        if translate:
            self.make_unit(run, min(hi, len(pieces)), owner, False)

    def own_unit(self, piece: OpenPiece, owner: Frame) -> Frame | None:
        """The frame of an inline element whose locale filter differs from `owner`'s (None: same filter)."""
        frame = self.inline_frames.get(piece) if self.inline_frames else None
        if frame is None or not frame.props.translate:
            return None
        props, around = frame.props, owner.props
        if props.locales == around.locales and props.locales_exclude == around.locales_exclude:
            return None
        return frame

    def has_translatable(self, lo: int, hi: int, translate: bool) -> bool:
        text = self.text
        return any(
            type(p) is TextPiece and p.translate != translate and _has_letters(text, p.start, p.end)
            for p in self.pieces[lo:hi]
        )

    def make_unit(self, lo: int, hi: int, owner: Frame, whole: bool) -> None:
        pieces = self.pieces
        text = self.text
        lo0, hi0 = lo, hi
        lo, hi = self.trim(lo, hi)
        if lo >= hi:
            return
        # inline elements wrapping the whole unit (trimmed away): their ITS notes apply to all of it
        wrappers = [p for p in pieces[lo0:lo]
                    if type(p) is OpenPiece and not lo0 <= p.close_idx < lo
                    and (p.notes or p.info is not None or p in self.inline_frames)]
        first = pieces[lo]
        if hi - lo == 1 and type(first) is TextPiece:  # the common case: plain text, no markup
            self.plain_unit(first, owner.props, owner, whole and self._only(lo, hi), wrappers)
            return
        # pass 1: decoded text and the markup that becomes placeholders
        # text is a list of runs (joined once: growing one string comment by comment would be quadratic)
        items: list[list[str] | OpenPiece | ClosePiece | VoidPiece | _Opaque] = []
        counts: dict[str, int] = {}  # placeholder name -> occurrences (numbered when > 1)
        letters = False
        opened: set[OpenPiece] = set()
        comments: list[str] = []
        nested_runs: list[tuple[int, int, Frame]] = []  # withinText="nested" elements: their content, its owner
        verbatim: list[OpenPiece] = []  # the code-like elements open at a point of the unit (`elements.VERBATIM`)
        prose = False  # letters outside them
        verbatim_text: set[str] = set()  # the code-like elements holding letters
        verbatim_seen = 0  # the frames at the bottom of `verbatim` already in it (each frame is added once)
        readings = _Readings()
        left_out: set[int] = set()  # end tags of ruby bases left out of the msgid (`ruby_end`)
        start = end = -1  # span of the unit: from the first item to the last
        i = lo
        while i < hi:
            p = pieces[i]
            if type(p) is TextPiece:
                s, e = p.start, p.end
                if i == lo:
                    s = _lstrip(text, s, e)
                if i == hi - 1:
                    e = _rstrip(text, s, e)
                raw = text[s:e]
                decoded = unescape(raw) if "&" in raw else raw
                if (not letters or not prose) and has_letter(decoded):
                    letters = True
                    if verbatim and verbatim[-1].verbatim:  # (not in one asked for: `<code translate="yes">`)
                        verbatim_text.update(v.name for v in verbatim[verbatim_seen:])
                        verbatim_seen = len(verbatim)
                    else:
                        prose = True
                readings.text(decoded)
                last = items[-1] if items else None
                if isinstance(last, list):  # text on both sides of a comment: one run
                    last.append(decoded)
                else:
                    items.append([decoded])
            elif type(p) is OpenPiece:
                if p.name in _RUBY and (close := self.ruby_end(p, i, hi)) >= 0:
                    if start < 0:
                        start = p.start
                    if p.name in RUBY_BASE:
                        if p.name == "ruby":
                            readings.end()
                        left_out.add(close)
                        end, i = p.end, i + 1
                    else:
                        readings.reading.append(self.annotation_text(p, i, close, comments))
                        end, i = pieces[close].end, close + 1
                    continue
                counts[p.name] = counts.get(p.name, 0) + 1
                if not p.translate or p.nested is not None:  # protected (translate="no") or nested: one placeholder
                    close = p.close_idx if lo <= p.close_idx < hi else hi - 1
                    content_end = close if close == p.close_idx else hi  # its end tag, or the segment's end
                    if any(type(q) is OpenPiece and (not lo <= q.close_idx <= close
                                                     or (q.close_start < 0 and q.name in FORMATTING))
                           for q in pieces[i + 1:close]):
                        # it leaves an element open, or one the parser re-opens after it (<span translate=no><b>
                        # </span> x: x is bold): that markup cannot move with a translation, so the unit ends
                        # before it and resumes after it
                        self.make_unit(lo0, i, owner, False)
                        self.make_unit(close + 1, hi, owner, False)
                        if p.nested is not None and p.translate:
                            self.nested_unit(i + 1, content_end, p.nested)
                        return
                    s, e = p.start, pieces[close].end
                    inner = "".join(text[q.start:q.end] for q in pieces[i + 1:content_end] if type(q) is TextPiece)
                    nested = p.nested if p.translate else None
                    items.append(_Opaque(s, e, p.name, _COLLAPSE.sub(" ", unescape(inner)).strip(), p.notes,
                                         nested is not None))
                    if nested is not None:
                        nested_runs.append((i + 1, content_end, nested))
                    i = close + 1
                    if start < 0:
                        start = s
                    end = e
                    continue
                s, e = p.start, p.end
                opened.add(p)
                items.append(p)
                if p.name in VERBATIM:
                    verbatim.append(p)
            elif type(p) is ClosePiece:
                if i in left_out:
                    if p.opened is not None and p.opened.name == "ruby":
                        readings.end()
                    end = p.end
                    i += 1
                    continue
                if p.opened is not None and p.opened not in opened:
                    # the end tag of an element opened before the unit (<b>x <div>…</div> y</b> z):
                    # it must stay in the page, so the unit ends before it and resumes after it
                    self.make_unit(lo0, i, owner, False)
                    self.make_unit(i + 1, hi, owner, False)
                    return
                if p.opened is None:  # stray end tag: browsers ignore it
                    i += 1
                    continue
                s, e = p.start, p.end
                items.append(p)
                opened.discard(p.opened)
                if verbatim and verbatim[-1] is p.opened:
                    verbatim.pop()
                    verbatim_seen = min(verbatim_seen, len(verbatim))
            elif type(p) is VoidPiece:
                s, e = p.start, p.end
                counts[p.name] = counts.get(p.name, 0) + 1
                items.append(p)
            else:  # a comment: kept, outside the msgid
                comments.append(text[p.start:p.end])
                i += 1
                continue
            if start < 0:
                start = s
            end = e
            i += 1
        if letters and not owner.props.asked and _template_code_only(
                "".join(run for it in items if isinstance(it, list) for run in it)):
            letters = False
        if letters and not prose and verbatim_text == {"code"}:  # code alone, no sentence: notation
            letters = False
        if not letters:
            for run in nested_runs:
                self.nested_unit(*run)
            return
        # An element the unit leaves open and that goes on after it (<a>x<svg></a>, the unit cut by the
        # <svg>): its end tag is not the unit's to write, so the unit ends before its start tag and
        # resumes after it.  One closed by the unit's end (<p>x <b>y</p>) is closed in the msgid.
        goes_on = self.cut_short or (hi0 < len(pieces) and type(pieces[hi0]) is not ClosePiece)
        for item in items:
            if type(item) is OpenPiece and item in opened and (item.close_idx >= hi or goes_on):
                at = pieces.index(item, lo, hi)
                self.make_unit(lo0, at, owner, False)
                self.make_unit(at + 1, hi, owner, False)
                return
        # pass 2: the msgid, with placeholders named (and numbered where a name repeats); with
        # placeholders in it, literal text that would read as one is escaped (toolkit.placeholders)
        literal = escape_literal if counts else str
        seen: dict[str, int] = {}
        names: dict[OpenPiece, str] = {}
        placeholders: dict[str, Placeholder] = {}
        out: list[str] = []
        notes: list[str] = []
        for it in items:
            if isinstance(it, list):
                out.append(literal("".join(it)))
                continue
            if isinstance(it, ClosePiece):
                assert it.opened is not None
                out.append(f"</{names[it.opened]}>")
                continue
            name = it.name
            if counts[name] > 1:
                seen[name] = seen.get(name, 0) + 1
                pname = f"{name}{seen[name]}"
            else:
                pname = name
            if type(it) is OpenPiece:
                names[it] = pname
                closed = it.close_end > it.close_start
                end_tag = text[it.close_start:it.close_end] if closed else f"</{name}>"
                placeholders[pname] = Placeholder(text[it.start:it.end], end_tag, it.start, not closed)
                out.append(f"<{pname}>")
                if it.notes:
                    notes.extend(f"<{pname}>: {note}" for note in it.notes)
                if it.info is not None or self.inline_frames:
                    notes.extend(f"<{pname}>: {limit}" for limit in self.inline_limits(it, owner))
                    frame = self.inline_frames.get(it)
                    if frame is not None and frame.props.context and frame.props.context != owner.props.context:
                        # part of a sentence: no unit of its own to carry it as msgctxt, so the translator is told
                        notes.append(f'<{pname}>: context "{frame.props.context}"')
            else:
                placeholders[pname] = Placeholder(text[it.start:it.end], "", it.start)
                out.append(f"<{pname}/>")
                if type(it) is _Opaque:
                    if it.nested:
                        notes.append(f'<{pname}/> is "{it.text}", translated on its own')
                    elif it.text:
                        notes.append(f'<{pname}/> is "{it.text}", not to be translated')
                    notes.extend(f"<{pname}/>: {note}" for note in it.notes)
        if opened:  # unclosed inline elements close at the end of the unit
            unclosed = [it for it in items if type(it) is OpenPiece and it in opened]
            out.extend(f"</{names[p]}>" for p in reversed(unclosed))
        msgid = "".join(out)
        props = owner.props
        if not props.preserve:
            msgid = _collapse(msgid, bool(counts)).strip(" ")
        elif "\r" in msgid:
            msgid = _NEWLINES.sub("\n", msgid)
        readings.end()
        notes += readings.notes
        if props.note:
            notes.insert(0, props.note)
        if not prose:  # keyboard input or a program's output alone
            notes += [f"<{name}>: {VERBATIM_NOTES[name]}" for name in sorted(verbatim_text) if name in VERBATIM_NOTES]
        unit = self.text_unit(msgid, start, end, props, owner, whole and self._only(lo, hi), notes, placeholders)
        unit.comments = "".join(comments)
        self.add_unit(unit, owner, wrappers)
        for run in nested_runs:
            self.nested_unit(*run)

    def ruby_end(self, piece: OpenPiece, i: int, hi: int) -> int:
        """Index of the end of the ruby element `piece` (pieces[i]) when it leaves the msgid (`elements.RUBY_BASE`:
        its tags, `RUBY_ANNOTATION`: all of it), else -1: closed inside the unit, and it and the annotations it
        is or holds are plain (`plain_annotations`)."""
        close = piece.close_idx
        if not (i < close < hi and self.plain_ruby(piece)):
            return -1
        lo, end = (i + 1, close) if piece.name in RUBY_BASE else (i, close + 1)
        return close if self.plain_annotations(lo, end) else -1

    def plain_ruby(self, piece: OpenPiece) -> bool:
        """Translatable, with nothing of ITS on it."""
        return piece.translate and piece.nested is None and not piece.notes and piece.info is None and \
            piece not in self.inline_frames

    def plain_annotations(self, lo: int, hi: int) -> bool:
        """Whether the ruby annotations in pieces[lo:hi] may leave the msgid: plain, closed inside, holding text alone
        (and the rt and rp an rtc holds): markup in one would be lost, so its ruby stays placeholders.  A ruby is a
        word or two: one of more than `_RUBY_REACH` pieces stays placeholders (nested ones stay linear)."""
        if hi - lo > _RUBY_REACH:
            return False
        pieces = self.pieces
        depth = 0  # annotations open
        for j in range(lo, hi):
            q = pieces[j]
            if type(q) is OpenPiece:
                if q.name not in RUBY_ANNOTATION:
                    if depth:
                        return False
                elif not (j < q.close_idx < hi and self.plain_ruby(q)):
                    return False
                else:
                    depth += 1
            elif type(q) is ClosePiece and q.opened is not None:
                if q.opened.name in RUBY_ANNOTATION:
                    depth -= 1
                elif depth:
                    return False
            elif type(q) is VoidPiece and depth:
                return False
        return True

    def annotation_text(self, piece: OpenPiece, i: int, close: int, comments: list[str]) -> str:
        """The reading a ruby annotation (pieces[i:close + 1], `ruby_end`) gives: the text of its rt, not of the
        parentheses an rp shows where ruby is not supported.  Its comments join the unit's (kept after a
        translation)."""
        text = self.text
        out = []
        in_rp = 1 if piece.name == "rp" else 0
        for q in self.pieces[i + 1:close]:
            if type(q) is TextPiece:
                if not in_rp:
                    out.append(unescape(text[q.start:q.end]))
            elif type(q) is OpenPiece:
                in_rp += q.name == "rp"
            elif type(q) is ClosePiece:
                in_rp -= q.opened is not None and q.opened.name == "rp"
            else:
                comments.append(text[q.start:q.end])
        return "".join(out)

    def nested_unit(self, lo: int, hi: int, frame: Frame) -> None:
        """The content of a withinText="nested" element (pieces[lo:hi]): units of their own, owned by it, marked
        so the build splices them into the placeholder their element is in the enclosing unit."""
        first = len(self.units)
        self.emit_segment(lo, hi, frame, False)
        for unit in self.units[first:]:
            unit.nested = True

    def text_unit(self, msgid: str, start: int, end: int, props: Props, owner: Frame, whole: bool, notes: list[str],
                  placeholders: dict[str, Placeholder]) -> Unit:
        """A unit of an element's text, with what the element's content inherits (`props`)."""
        # by position: with 13 of its 17 fields by keyword, making a Unit costs twice as much
        return Unit(msgid, start, end, self.line_at(start), props.context, notes, placeholders, None, owner.name,
                    (owner.start, owner.end) if owner is not self.root else None, whole, props.locales,
                    props.locales_exclude, props.preserve, "", None, props.allowed, False, props.lang)

    def add_unit(self, unit: Unit, owner: Frame, wrappers: list[OpenPiece] | None = None) -> None:
        """Record a text unit with what its owner element (and inline wrappers) say of it alone:
        ID Value as msgctxt (when configured), Storage Size, Terminology, wrappers' notes, and a wrapper's
        context (`data-translate-context` on the `<span>` or `<a>` that holds all of the unit's text)."""
        info = owner.info
        if info is not NO_INFO:
            if info.ident and unit.context is None:
                unit.context = info.ident
            if info.storage is not None:
                unit.storage = info.storage
            if info.term:
                unit.notes.append(term_note(info))
        if wrappers:
            for w in wrappers:
                unit.notes[:0] = [n for n in w.notes if n not in unit.notes]
                if w.info is not None and w.info.storage is not None:
                    unit.storage = w.info.storage
                frame = self.inline_frames.get(w) if self.inline_frames else None
                if frame is not None and frame.props.allowed != owner.props.allowed:
                    unit.allowed = frame.props.allowed
                if frame is not None and frame.props.context != owner.props.context:  # the innermost's, as notes
                    unit.context = frame.props.context
        self.units.append(unit)

    def inline_limits(self, piece: OpenPiece, owner: Frame) -> list[str]:
        """ITS limits an inline element inside the unit sets on its own text, in their comment forms
        (``l10n check`` reads ``<code>: its:allowed-characters=…`` back and checks that element's text)."""
        out = []
        frame = self.inline_frames.get(piece) if self.inline_frames else None
        if frame is not None and frame.props.allowed and frame.props.allowed != owner.props.allowed:
            out.append(ALLOWED_CHARACTERS_PREFIX + frame.props.allowed)
        if piece.info is not None and piece.info.storage is not None:
            out.append(piece.info.storage.comment())
        return out

    def plain_unit(self, piece: TextPiece, props: Props, owner: Frame, whole: bool,
                   wrappers: list[OpenPiece] | None = None) -> None:
        text = self.text
        s, e = piece.start, piece.end
        if s >= e:
            return
        if text[s] in _PAD_START:
            s = _lstrip(text, s, e)
        if s < e and text[e - 1] in _PAD_END:
            e = _rstrip(text, s, e)
        raw = text[s:e]
        if "&" in raw:
            msgid = unescape(raw)
            if not has_letter(msgid):
                return
        elif has_letter(raw):
            msgid = raw
        else:
            return
        if not props.preserve:
            msgid = _collapse(msgid)
        elif "\r" in msgid:
            msgid = _NEWLINES.sub("\n", msgid)
        if not props.asked and _template_code_only(msgid):
            return
        if not (props.asked or props.note or props.allowed or wrappers) and _is_data(msgid):
            return  # data, as an attribute's (`<td>_ga</td>`, `<a href="mailto:…">help@…</a>`), unless annotated
        unit = self.text_unit(msgid, s, e, props, owner, whole, [props.note] if props.note else [], {})
        if owner.info is NO_INFO and not wrappers:
            self.units.append(unit)
        else:
            self.add_unit(unit, owner, wrappers)

    def _only(self, lo: int, hi: int) -> bool:
        """Pieces outside [lo, hi) carry no words: the unit is still the element's whole content (a permalink's
        ``¶`` trimmed off a heading is no content of its own)."""
        return not any(type(p) is VoidPiece or self._has_word(p) for p in (*self.pieces[:lo], *self.pieces[hi:]))

    def trim(self, lo: int, hi: int) -> tuple[int, int]:
        """Drop edge pieces that carry no text (whitespace, comments, voids, stray tags, wrappers, and
        elements holding none: an anchor target ``<a id=…></a>``, an icon ``<i class=…></i>``), and edge
        elements whose text has neither letters nor digits: a heading's permalink ``<a class="headerlink">¶</a>``
        (Sphinx, MkDocs), a field name's ``<span class="colon">:</span>``.  In the msgid they would only be a
        placeholder to keep, and they part "Quickstart" from the same words in the table of contents."""
        pieces = self.pieces
        # The edges never pass the first and last pieces with text, so an element at the leading edge holds
        # none exactly when it ends before the first, and one at the trailing edge when it starts after the
        # last: one look each, not a scan of the element per step (nested wrappers made that quadratic).
        first_text = self._first_text(lo, hi)
        last_text = self._last_text(first_text, hi) if first_text < hi else lo - 1
        while True:
            while lo < min(hi, first_text):  # leading: anything but a start tag of an element holding text
                p = pieces[lo]
                if type(p) is OpenPiece:
                    if not lo < p.close_idx < first_text:
                        break
                    lo = p.close_idx
                lo += 1
            while hi > max(lo, last_text + 1):  # trailing: all but start tags not closed inside, elements with text
                p = pieces[hi - 1]
                if type(p) is ClosePiece:
                    opened = p.opened
                    if opened is None or not max(lo, last_text + 1) <= opened.index < hi - 1 \
                            or pieces[opened.index] is not opened:  # (opened in an earlier segment)
                        break
                    hi = opened.index + 1
                elif type(p) is OpenPiece and 0 <= p.close_idx < hi - 1:
                    break
                hi -= 1
            if lo >= hi:
                return lo, hi
            first = pieces[lo]
            if type(first) is OpenPiece and first.translate and not first.verbatim:  # (code stays: `make_unit`)
                if first.close_idx == hi - 1:  # <b>…</b> wrapping it all: the unit is inside
                    lo, hi = lo + 1, hi - 1
                    continue
                if first.close_idx < 0:  # never closed: it wraps everything up to the boundary
                    lo += 1
                    continue
            return lo, hi

    def _has_text(self, piece: Piece) -> bool:
        return type(piece) is TextPiece and not _is_pad(self.text, piece.start, piece.end)

    def _has_word(self, piece: Piece) -> bool:
        """Text with a letter, a digit, a bracket or a quote (entities decoded): what a translation may have to
        move or change.  ``<strong>(</strong><strong>optional</strong><strong>)</strong>`` keeps its parentheses
        together."""
        if type(piece) is not TextPiece:
            return False
        text, s, e = self.text, piece.start, piece.end
        amp = text.find("&", s, e) >= 0
        if not amp and _WORD.search(text, s, e) is not None:
            return True
        decoded = unescape(text[s:e]) if amp else text[s:e]
        return (amp and _WORD.search(decoded) is not None) or any(
            c in "\"'" or unicodedata.category(c) in _PAIRED for c in decoded)

    def _first_text(self, lo: int, hi: int) -> int:
        """Index of the first piece with text in [lo, hi) that is no part of an element closed before the first
        word (hi if none).  One pass: text inside elements opened since is pending, and an element that closes
        without a word takes back what it made pending."""
        pieces = self.pieces
        outer: list[int] = []  # for each element open in the scan (closed before hi): what was pending before it
        pending = -1
        for i in range(lo, hi):
            p = pieces[i]
            if type(p) is OpenPiece:
                if i < p.close_idx < hi:
                    outer.append(pending)
            elif type(p) is ClosePiece:
                o = p.opened
                if outer and o is not None and lo <= o.index < i and pieces[o.index] is o:
                    pending = outer.pop()
            elif self._has_text(p):
                if not outer or self._has_word(p):
                    return pending if pending >= 0 else i
                if pending < 0:
                    pending = i
        return hi

    def _last_text(self, lo: int, hi: int) -> int:
        """`_first_text` from the other end: the last piece with text in [lo, hi) (lo - 1 if none)."""
        pieces = self.pieces
        outer: list[int] = []
        pending = -1
        for i in range(hi - 1, lo - 1, -1):
            p = pieces[i]
            if type(p) is ClosePiece:
                o = p.opened
                if o is not None and lo <= o.index < i and pieces[o.index] is o:
                    outer.append(pending)
            elif type(p) is OpenPiece:
                if outer and i < p.close_idx < hi:
                    pending = outer.pop()
            elif self._has_text(p):
                if not outer or self._has_word(p):
                    return pending if pending >= 0 else i
                if pending < 0:
                    pending = i
        return lo - 1


# A comment for translators, as gettext's extractors take them (xgettext's --add-comments, pybabel's -c): its text
# begins with one of these tags, in any case (`<!-- Translators: "Soyuz" is a rocket's name -->`)
_NOTE_TAG = re.compile(r"<!--[\t\n\f\r ]*+(?:translators?|l10n|i18n)[\t\n\f\r ]*+:", re.I)


def translator_note(text: str, start: int, end: int) -> str | None:
    """The note the comment text[start:end] holds for translators (tag included, white space collapsed), if its
    text begins with a `_NOTE_TAG` tag; None for any other comment."""
    if _NOTE_TAG.match(text, start, end) is None:
        return None
    body = text[start + 4:end]
    body = body[:-4] if body.endswith("--!>") else body[:-3] if body.endswith("-->") else body  # (else cut off)
    return " ".join(body.split())


def _has_letters(text: str, s: int, e: int) -> bool:
    """Letters in text[s:e] once entities are decoded (`&nbsp;` alone has none)."""
    if "&" not in text[s:e]:
        return has_letter(text, s, e)
    return has_letter(unescape(text[s:e]))


# Edge padding kept outside a unit's span: whitespace and no-break spaces used as spacers, and the invisible
# characters an e-mail's preheader is filled with after its text, so that mail clients show none of the body after
# it in their preview (`&#847;&zwnj;&nbsp;` repeated: combining grapheme joiner, zero-width non-joiner, figure space,
# zero-width no-break space, soft hyphen, zero-width space, word joiner).  Inside a unit they stay (a ZWNJ is part
# of a Persian word); at its edges they were dozens of invisible characters in the msgid, for translators to copy.
_INVISIBLE_PAD = "\u034f\u200c\u2007\ufeff\u00ad\u200b\u2060"
_PAD_CODES = [0xA0, *map(ord, _INVISIBLE_PAD)]
_PAD_ENTITY_RE = (r"&(?:nbsp;?|zwnj;|numsp;|shy;|ZeroWidthSpace;|NoBreak;"
                  rf"|#0*(?:{'|'.join(map(str, _PAD_CODES))});|#[xX]0*(?i:{'|'.join(f'{c:x}' for c in _PAD_CODES)});)")
_PAD = rf"(?:[\t\n\f\r \xa0{_INVISIBLE_PAD}]|{_PAD_ENTITY_RE})"
_LEAD = re.compile(_PAD + "*+")
_ALL_PAD = re.compile(_PAD + "*+$")
_PAD_ENTITY = re.compile(_PAD_ENTITY_RE)  # each has one "&", its first character


_PAD_CHARS = frozenset("\t\n\f\r \xa0" + _INVISIBLE_PAD)
_PAD_START = _PAD_CHARS | {"&"}
_PAD_END = _PAD_CHARS | {";", "p"}  # the last character of a pad ("&nbsp" has no ";")
# CR LF and lone CR are newlines (HTML input stream preprocessing): a msgid has LF only
_NEWLINES = re.compile(r"\r\n?")


# wide characters begin at U+1100 (U+200B too); not é, — nor NBSP.  Written as what it is not: a class of the
# 60,000 characters from there takes `re` milliseconds to compile at every start
_FROM_WIDE = re.compile("[^\x00-\u10ff]")


def _collapse(s: str, tags: bool = False) -> str:
    """`_COLLAPSE.sub(" ", s)`, with substring tests first (the regex costs ~20 ns a character): most
    text has single spaces only, or single newlines between words.  A run with a line break between two wide
    characters is nothing instead (`_join_wide_lines`); `tags`: `s` is a msgid with placeholders."""
    if ("\n" in s or "\r" in s) and not s.isascii() and _FROM_WIDE.search(s):
        s = _join_wide_lines(s, tags)
    if "  " in s or "\t" in s or "\r" in s or "\f" in s:
        return _COLLAPSE.sub(" ", s)
    if "\n" not in s:
        return s
    spaced = s.replace("\n", " ")
    return spaced if "  " not in spaced else _COLLAPSE.sub(" ", s)


def _join_wide_lines(s: str, tags: bool) -> str:
    """`s` without the white space runs holding a line break that a browser shows as nothing
    (`placeholders.line_break_vanishes`: "その後、\n多くの" is "その後、多くの", not "その後、 多くの").
    With `tags`, the characters either side are looked for past the start and end tags next to the run
    (`宇宙</b>\n<i>多く`), as CSS looks across element boundaries; a void placeholder (an image) is no wide
    character."""
    ends: dict[int, int] = {}
    starts: dict[int, int] = {}
    if tags:
        for m in PLACEHOLDER_RE.finditer(s):
            if not m.group(3):
                ends[m.end()] = m.start()
                starts[m.start()] = m.end()

    def one(run: re.Match[str]) -> str:
        ws = run.group()
        if "\n" not in ws and "\r" not in ws:
            return ws
        at, to = run.start(), run.end()
        while at in ends:
            at = ends[at]
        while to in starts:
            to = starts[to]
        return "" if line_break_vanishes(s[at - 1:at], s[to:to + 1]) else ws

    return _COLLAPSE.sub(one, s)


def _is_pad(text: str, s: int, e: int) -> bool:
    return _ALL_PAD.match(text, s, e) is not None


def _lstrip(text: str, s: int, e: int) -> int:
    m = _LEAD.match(text, s, e)  # always matches (possibly empty)
    return m.end() if m else s


def _rstrip(text: str, s: int, e: int) -> int:
    """Where the edge padding at the end of text[s:e] starts.  Peeled off from the end, one pad at
    a time (a search for it from the start would try every position): a pad ending in ";" or "p"
    is an entity, which starts at the last "&"."""
    while e > s:
        c = text[e - 1]
        if c in _PAD_CHARS:
            e -= 1
        elif c in ";p" and (amp := text.rfind("&", s, e)) >= 0 and _PAD_ENTITY.fullmatch(text, amp, e):
            e = amp
        else:
            break
    return e


_META_KINDS = ("property", "name", "itemprop")
# what the note of a page's keywords says (the `keywords` check finds the entry by it)
KEYWORDS_HINT = "(comma-separated search keywords)"
_META_HINTS = {"keywords": f" {KEYWORDS_HINT}",
               "application-name": " (the web application's name, as browsers and app lists show it)",
               "apple-mobile-web-app-title": " (the name under the page's home-screen icon: keep it short)",
               **{f"twitter:data{n}": f" (the value shown beside twitter:label{n}: a name or an amount stays as "
                                      "written)" for n in (1, 2)}}


def _attribute_note(element: str, attribute: str, attrs: Mapping[str, Attr]) -> str:
    """The note naming where an attribute's text is: ``<img alt>``; a ``<meta>`` says which one it is (a page's
    description, its keywords, its title for social sites are different texts to translate)."""
    if element == "meta" and attribute == "content":
        kind = next(((k, " ".join(attrs[k].value.split())[:60]) for k in _META_KINDS
                     if k in attrs and attrs[k].value.strip()), None)
        if kind is not None:
            key, value = kind
            return f'<meta {key}="{value}" content>{_META_HINTS.get(value.lower(), "")}'
    return f"<{element} {attribute}>"
