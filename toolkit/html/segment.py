"""Segment an HTML page into translation units (see DESIGN.md, "Segmentation rules").

One pass over the tokens keeps a light stack of open elements (enough of the HTML5 tree rules
to know where implied end tags fall, and what ``translate``/ITS attributes are inherited) and a
buffer of the pieces of the current segment: the text and inline markup between two block
boundaries.  At each boundary the buffer becomes zero or more units.  Every unit keeps the exact
source span it replaces and, for each placeholder, the source markup it stands for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from toolkit.html.tokenize import (
    CDATA,
    END,
    START,
    Attr,
    Markup,
    line_counter,
    parse_attrs,
    tokenize,
)
from toolkit.html.tokenize import (
    COMMENT as MARKUP_COMMENT,
)

INLINE = frozenset(
    "a abbr acronym b bdi bdo big blink cite code data del dfn em font i ins kbd mark nobr q "
    "rb rp rt rtc ruby s samp small span strike strong sub sup time tt u var".split()
)
INLINE_VOID = frozenset("br img wbr input".split())
VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    "source track wbr".split()
)
PRESERVE_WS = frozenset("pre textarea listing plaintext".split())
CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li dd dt listing main menu nav ol "
    "p plaintext pre section summary table ul xmp".split()
)
# elements that end the search for an open <p> ("has a p element in button scope")
BUTTON_SCOPE = frozenset("applet button caption html marquee object table td template th".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# start tag -> (elements it implicitly closes, elements that stop the search)
IMPLIED = {
    "li": ({"li"}, {"ul", "ol", "menu", "table"}),
    "dt": ({"dt", "dd"}, {"dl", "table"}),
    "dd": ({"dt", "dd"}, {"dl", "table"}),
    "option": ({"option"}, {"select", "datalist", "optgroup"}),
    "optgroup": ({"option", "optgroup"}, {"select", "datalist"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "rt": ({"rt", "rp"}, {"ruby"}),
    "rp": ({"rt", "rp"}, {"ruby"}),
}
# attribute -> elements it is translatable on (None: any element)
TRANSLATABLE_ATTRS = {
    "title": None,
    "alt": None,
    "aria-label": None,
    "aria-description": None,
    "placeholder": None,
    "label": {"option", "optgroup", "track", "menuitem"},
    "abbr": {"th"},
}
BUTTON_INPUTS = {"button", "submit", "reset"}
META_CONTENT = {
    "description", "keywords", "og:title", "og:description", "og:site_name",
    "twitter:title", "twitter:description",
}
# attribute names the segmenter cares about; tags without any are not parsed further
_INTERESTING = re.compile(r"(?i)translate|its-|l10n|title|alt|aria-|placeholder|label|abbr|value|content")
_COLLAPSE = re.compile(r"[\t\n\f\r ]+")
_LETTER = re.compile(r"[^\W\d_]")

TEXT, OPEN, CLOSE, VOIDP, RAW, COMMENT = range(6)


@dataclass(slots=True)
class Placeholder:
    """What a placeholder stands for: the source start tag and end tag (or the whole element)."""

    open: str
    close: str  # "" for void/opaque placeholders
    start: int = -1  # source offset of the start tag (the build may rewrite that tag, e.g. an href)


@dataclass(slots=True)
class Unit:
    """One translatable string and where it lives in the source."""

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
    quote: bool = False  # attribute value was quoted in the source
    locales: tuple[str, ...] | None = None  # ITS locale filter: locales that get this unit
    locales_exclude: bool = False  # filter type "exclude"
    preserve: bool = False  # whitespace preserved (pre/textarea)
    comments: str = ""  # comments inside the unit: re-emitted after a translation, not dropped

    def for_locale(self, locale: str) -> bool:
        """Whether the ITS locale filter lets `locale` have this unit translated."""
        if self.locales is None:
            return True
        tag = locale.replace("_", "-").lower()
        hit = any(_range_matches(r, tag) for r in self.locales)
        return hit != self.locales_exclude


def _range_matches(rng: str, tag: str) -> bool:
    rng = rng.lower()
    return rng == "*" or tag == rng or tag.startswith(rng + "-") or (rng.endswith("-*") and tag.startswith(rng[:-1]))


@dataclass(slots=True)
class Tag:
    """A start tag worth remembering for the build (html, meta charset, head, links)."""

    name: str
    start: int
    end: int
    attrs: dict[str, Attr]


@dataclass
class Document:
    text: str
    units: list[Unit]
    tags: list[Tag]  # html, head, meta, link, a, base start tags, in source order
    head_end: int | None  # offset of </head> (or the first body content) for inserting links
    encoding: str = "utf-8"


class _Frame:
    __slots__ = (
        "close_end",
        "close_idx",
        "close_start",
        "context",
        "end",
        "exclude",
        "inline",
        "locales",
        "name",
        "note",
        "open_idx",
        "preserve",
        "start",
        "translate",
    )

    def __init__(self, name, start, end, translate, note, context, locales, exclude, preserve, inline):
        self.name = name
        self.start = start
        self.end = end
        self.translate = translate
        self.note = note
        self.context = context
        self.locales = locales
        self.exclude = exclude
        self.preserve = preserve
        self.inline = inline
        self.open_idx = -1
        self.close_idx = -1
        self.close_start = -1
        self.close_end = -1


_ROOT = _Frame("#root", 0, 0, True, None, None, None, False, False, False)
_KEEP_TAGS = frozenset({"html", "head", "meta", "link", "a", "base", "body"})


def parse_document(text: str, encoding: str = "utf-8") -> Document:
    return _Segmenter(text).run(encoding)


class _Segmenter:
    def __init__(self, text: str):
        self.text = text
        self.units: list[Unit] = []
        self.tags: list[Tag] = []
        self.head_end: int | None = None
        self.stack: list[_Frame] = [_ROOT]
        self.block = _ROOT  # innermost open non-inline element
        self.open_p = 0  # <p> elements on the stack: most block tags need not look for one
        self.pieces: list[tuple] = []
        self.seg_owner = _ROOT
        self.seg_fresh = True  # segment began right after the owner's start tag
        self.seg_mixed = False  # an inline element in the segment switches `translate`
        self.line_at = line_counter(text)

    # --- driver ---------------------------------------------------------------------------

    def run(self, encoding: str) -> Document:
        text = self.text
        pos = 0
        pieces = self.pieces
        for tok in tokenize(text):  # ends with an EOF token where the text ends
            lt = tok.start
            if lt > pos and (pieces or not text[pos:lt].isspace()):  # whitespace between blocks: no segment
                pieces.append((TEXT, pos, lt, self.stack[-1]))
            pos = tok.end
            kind = tok.kind
            if kind is START:
                pos = self.start_tag(tok.name, lt, pos, tok.attrs_start, tok.attrs_end, tok)
            elif kind is END:
                self.end_tag(tok.name, lt, pos)
            elif kind is MARKUP_COMMENT:
                pieces.append((COMMENT, lt, pos, None))
            elif kind is CDATA and pieces:  # SVG/MathML CDATA: kept as it is, never translated
                pieces.append((RAW, lt, pos, "cdata"))
            # doctype, bogus comments (<?…>, </ …>), end of file: markup with no text
        self.boundary(self.stack)  # end of file closes every open element
        self.units.sort(key=lambda u: u.start)
        return Document(text, self.units, self.tags, self.head_end, encoding)

    # --- tags -----------------------------------------------------------------------------

    def start_tag(self, name: str, start: int, end: int, astart: int, aend: int, tok: Markup) -> int:
        text = self.text
        attrs = None
        if astart < aend and (name in _KEEP_TAGS or _INTERESTING.search(text, astart, aend)):
            attrs = parse_attrs(text, astart, aend)
        if name in _KEEP_TAGS and not tok.foreign:  # an <html> or <meta> inside <svg> is no page metadata
            self.tags.append(Tag(name, start, end, attrs or {}))
            if name == "body" and self.head_end is None:
                self.head_end = start
        if name in INLINE:
            frame = self.frame_for(name, start, end, attrs, self.stack[-1], True)
            if attrs:
                self.attribute_units(name, attrs, frame, start)
            if frame.translate != self.block.translate:
                self.seg_mixed = True
            frame.open_idx = len(self.pieces)
            self.pieces.append((OPEN, start, end, frame))
            self.stack.append(frame)
            return end
        if name in INLINE_VOID:
            if attrs:
                frame = self.frame_for(name, start, end, attrs, self.stack[-1], True)
                self.attribute_units(name, attrs, frame, start)
            self.pieces.append((VOIDP, start, end, name))
            return end
        if name in CLOSES_P or name in IMPLIED or name in HEADINGS:
            self.close_implied(name)
        frame = self.frame_for(name, start, end, attrs, self.stack[-1], False)
        if attrs:
            self.attribute_units(name, attrs, frame, start)
        if tok.raw is not None:  # the tokeniser found where its content and end tag end
            stop, after = tok.content_end, tok.after
            if tok.raw != "rcdata":
                if self.pieces:  # inside a sentence it is kept as a placeholder; elsewhere untouched
                    self.pieces.append((RAW, start, after, name))
                return after
            # title, textarea: text without tags, entities decoded
            self.boundary(None)
            self.open_block(frame)
            self.pieces.append((TEXT, end, stop, frame))
            self.boundary([frame])
            self.stack.pop()
            self.reset_block()
            return after
        if self.pieces:
            self.boundary(None)
        if name in VOID:
            self.seg_fresh = self.seg_mixed = False
        else:
            self.open_block(frame)
        return end

    def pop_to(self, i: int) -> None:
        """Close the elements from stack[i] up."""
        if self.open_p:
            self.open_p -= sum(1 for f in self.stack[i:] if f.name == "p")
        del self.stack[i:]

    def open_block(self, frame: _Frame) -> None:
        if frame.name == "p":
            self.open_p += 1
        self.stack.append(frame)
        self.block = frame
        self.seg_owner = frame
        self.seg_fresh = True

    def frame_for(self, name, start, end, attrs, parent, inline) -> _Frame:
        """A stack frame inheriting translate/ITS settings from `parent`, overridden by `attrs`."""
        if not attrs:
            return _Frame(name, start, end, parent.translate, parent.note, parent.context, parent.locales,
                          parent.exclude, parent.preserve or name in PRESERVE_WS, inline)
        translate, note, context = parent.translate, parent.note, parent.context
        locales, exclude = parent.locales, parent.exclude
        t = attrs.get("translate")
        if t is not None:
            v = t.value.strip().lower()
            if v in ("no",):
                translate = False
            elif v in ("yes", ""):
                translate = True
        a = attrs.get("its-loc-note") or attrs.get("data-its-loc-note")
        if a is not None:
            note = a.value.strip() or None
        a = attrs.get("data-l10n-context") or attrs.get("its-l10n-context")
        if a is not None:
            context = a.value.strip() or None
        a = attrs.get("its-locale-filter-list")
        if a is not None:
            locales = tuple(x for x in re.split(r"[\s,]+", a.value.strip()) if x)
            ftype = attrs.get("its-locale-filter-type")
            exclude = bool(ftype and ftype.value.strip().lower() == "exclude")
        return _Frame(name, start, end, translate, note, context, locales, exclude,
                      parent.preserve or name in PRESERVE_WS, inline)

    def end_tag(self, name: str, start: int, end: int) -> None:
        if name == "head" and self.head_end is None:
            self.head_end = start
        stack = self.stack
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].name == name:
                frame = stack[i]
                break
        else:
            if name == "br":  # </br> is a <br> to browsers
                self.pieces.append((VOIDP, start, end, "br"))
            elif name in INLINE:
                self.pieces.append((CLOSE, start, end, None))  # stray: dropped if translated
            return
        if frame.inline:
            for inner in stack[i + 1:]:  # misnested inline elements close here too
                if inner.inline and inner.close_idx < 0:
                    inner.close_idx = len(self.pieces)
                    self.pieces.append((CLOSE, start, start, inner))
            frame.close_idx = len(self.pieces)
            frame.close_start, frame.close_end = start, end
            self.pieces.append((CLOSE, start, end, frame))
            self.pop_to(i)
            return
        if self.pieces:
            self.boundary(stack[i:])
        else:
            self.seg_fresh = self.seg_mixed = False
        self.pop_to(i)
        self.reset_block()

    def close_implied(self, name: str) -> None:
        """Pop the elements a new block start tag closes (p before a block, li before li…)."""
        stack = self.stack
        target = None
        if name in CLOSES_P and self.open_p:
            for i in range(len(stack) - 1, 0, -1):
                f = stack[i]
                if f.name == "p":
                    target = i
                    break
                if f.name in BUTTON_SCOPE:
                    break
        rule = IMPLIED.get(name)
        if rule is not None and target is None:
            closes, stops = rule
            for i in range(len(stack) - 1, 0, -1):
                f = stack[i]
                if f.name in closes:
                    target = i
                    break
                if f.name in stops:
                    break
        if target is None and name in HEADINGS and stack[-1].name in HEADINGS:
            target = len(stack) - 1
        if target is not None:
            self.boundary(stack[target:])
            self.pop_to(target)
            self.reset_block()

    def reset_block(self) -> None:
        top = self.stack[-1]
        if not top.inline:
            self.block = self.seg_owner = top
            self.seg_fresh = False
            return
        for f in reversed(self.stack):
            if not f.inline:
                self.block = f
                break
        self.seg_owner = self.block
        self.seg_fresh = False

    # --- attributes -----------------------------------------------------------------------

    def attribute_units(self, name: str, attrs: dict[str, Attr], frame: _Frame, tag_start: int) -> None:
        if not frame.translate:
            return
        for aname, attr in attrs.items():
            allowed = TRANSLATABLE_ATTRS.get(aname, False)
            if allowed is False:
                if aname == "value" and name == "input":
                    t = attrs.get("type")
                    if t is None or t.value.strip().lower() not in BUTTON_INPUTS:
                        continue
                elif aname == "content" and name == "meta":
                    if "http-equiv" in attrs:  # a pragma (refresh, CSP, content-type), whatever its name says
                        continue
                    key = attrs.get("name") or attrs.get("property")
                    if key is None or key.value.strip().lower() not in META_CONTENT:
                        continue
                else:
                    continue
            elif isinstance(allowed, set) and name not in allowed:
                continue
            if aname == "alt" and name not in ("img", "area", "input"):
                continue
            value = _COLLAPSE.sub(" ", attr.value).strip(" ")
            if not _LETTER.search(value):
                continue
            notes = [f"<{name} {aname}>"]
            if frame.note:
                notes.insert(0, frame.note)
            self.units.append(Unit(
                msgid=value, start=attr.start, end=attr.end, line=self.line_at(attr.start),
                context=frame.context, notes=notes, attribute=aname, element=name,
                owner_tag=(tag_start, frame.end), quote=attr.quoted,
                locales=frame.locales, locales_exclude=frame.exclude,
            ))

    # --- segments -------------------------------------------------------------------------

    def boundary(self, closing: list[_Frame] | None) -> None:
        """End the current segment; `closing` are the elements whose end caused it, if any."""
        pieces = self.pieces
        if pieces:
            owner = self.seg_owner
            whole = self.seg_fresh and closing is not None and owner in closing and owner is not _ROOT
            try:
                self.emit_segment(0, len(pieces), owner, whole)
            finally:
                pieces.clear()
        self.seg_fresh = False
        self.seg_mixed = False

    def emit_segment(self, lo: int, hi: int, owner: _Frame, whole: bool) -> None:
        pieces = self.pieces
        text = self.text
        if hi - lo == 1:  # the common case: one run of text and nothing else
            piece = pieces[lo]
            if piece[0] == TEXT and piece[3].translate:
                self.plain_unit(piece, owner, whole)
            return
        if hi - lo == 3:  # the next most common: <a>text</a> alone in a cell or list item
            first, piece, last = pieces[lo:hi]
            if (first[0] == OPEN and piece[0] == TEXT and last[0] == CLOSE and last[3] is first[3]
                    and piece[3].translate and owner.translate and not self.seg_mixed):
                self.plain_unit(piece, owner, whole)
                return
        # quick exit: no letters at all
        if not any(p[0] == TEXT and _has_letters(text, p[1], p[2]) for p in pieces[lo:hi]):
            return
        if not self.seg_mixed:
            if owner.translate:
                self.make_unit(lo, hi, owner, whole)
            return
        self.split(lo, hi, owner.translate, owner)

    def split(self, lo: int, hi: int, translate: bool, owner: _Frame) -> None:
        """Translate state changes inside the segment: cut at elements that switch it back."""
        pieces = self.pieces
        run = lo
        i = lo
        while i < hi:
            kind, _s, _e, frame = pieces[i]
            if kind == OPEN and frame.translate != translate:
                close = frame.close_idx if frame.open_idx == i and lo <= frame.close_idx < hi else hi
                switch_back = (not translate) or self.has_translatable(i + 1, close, frame.translate)
                if switch_back:
                    if translate:
                        self.make_unit(run, i, owner, False)
                    self.split(i + 1, close, frame.translate, owner)
                    i = close + 1
                    run = i
                    continue
                i = close + 1  # opaque: stays inside the unit as one placeholder
                continue
            i += 1
        if translate:
            self.make_unit(run, min(hi, len(pieces)), owner, False)

    def has_translatable(self, lo: int, hi: int, translate: bool) -> bool:
        pieces = self.pieces
        return any(
            p[0] == TEXT and p[3].translate != translate and _has_letters(self.text, p[1], p[2])
            for p in pieces[lo:hi]
        )

    def make_unit(self, lo: int, hi: int, owner: _Frame, whole: bool) -> None:
        pieces = self.pieces
        text = self.text
        lo, hi = self.trim(lo, hi)
        if lo >= hi:
            return
        if hi - lo == 1 and pieces[lo][0] == TEXT:  # the common case: plain text, no markup
            self.plain_unit(pieces[lo], owner, whole and self._only(lo, hi))
            return
        # collect tokens: ("t", str) | ("o"/"c"/"v", frame-or-piece)
        items: list[tuple] = []
        counts: dict[str, int] = {}
        letters = False
        opened: set[int] = set()
        comments: list[str] = []
        i = lo
        while i < hi:
            kind, s, e, frame = pieces[i]
            if kind == TEXT:
                if i == lo:
                    s = _lstrip(text, s, e)
                if i == hi - 1:
                    e = _rstrip(text, s, e)
                raw = text[s:e]
                decoded = unescape(raw) if "&" in raw else raw
                if not letters and _LETTER.search(decoded):
                    letters = True
                items.append(("t", decoded, s, e))
            elif kind == OPEN:
                name = frame.name
                counts[name] = counts.get(name, 0) + 1
                if not frame.translate:  # protected (translate="no"): one opaque placeholder
                    close = frame.close_idx if frame.open_idx == i and lo <= frame.close_idx < hi else hi - 1
                    end = pieces[close][2] if close < hi and pieces[close][0] == CLOSE else pieces[hi - 1][2]
                    inner = "".join(
                        text[p[1]:p[2]] for p in pieces[i + 1:close] if p[0] == TEXT
                    )
                    items.append(("v", name, s, end, _COLLAPSE.sub(" ", unescape(inner)).strip()))
                    i = close + 1
                    continue
                opened.add(id(frame))
                items.append(("o", name, s, e, frame))
            elif kind == CLOSE:
                if frame is not None and id(frame) in opened:
                    items.append(("c", frame.name, s, e, frame))
                    opened.discard(id(frame))
            elif kind in (VOIDP, RAW):
                counts[frame] = counts.get(frame, 0) + 1
                items.append(("v", frame, s, e, None))
            elif kind == COMMENT:
                comments.append(text[s:e])
            i += 1
        if not letters:
            return
        start = items[0][2]
        end = items[-1][3]
        # unclosed inline elements close at the end of the unit
        unclosed = [it for it in items if it[0] == "o" and id(it[4]) in opened]
        seen: dict[str, int] = {}
        names: dict[int, str] = {}
        placeholders: dict[str, Placeholder] = {}
        out: list[str] = []
        notes: list[str] = []
        for it in items:
            tag = it[0]
            if tag == "t":
                out.append(it[1])
                continue
            name = it[1]
            if tag == "c":
                out.append(f"</{names[id(it[4])]}>")
                continue
            if counts[name] > 1:
                seen[name] = seen.get(name, 0) + 1
                pname = f"{name}{seen[name]}"
            else:
                pname = name
            if tag == "o":
                frame = it[4]
                names[id(frame)] = pname
                close = text[frame.close_start:frame.close_end] if frame.close_end > frame.close_start else f"</{name}>"
                placeholders[pname] = Placeholder(text[it[2]:it[3]], close, it[2])
                out.append(f"<{pname}>")
            else:
                placeholders[pname] = Placeholder(text[it[2]:it[3]], "", it[2])
                out.append(f"<{pname}/>")
                if len(it) > 4 and it[4]:
                    notes.append(f'<{pname}/> is "{it[4]}", not to be translated')
        for it in reversed(unclosed):
            out.append(f"</{names[id(it[4])]}>")
        msgid = "".join(out)
        preserve = owner.preserve
        if not preserve:
            msgid = _COLLAPSE.sub(" ", msgid).strip(" ")
        if owner.note:
            notes.insert(0, owner.note)
        self.units.append(Unit(
            msgid=msgid, start=start, end=end, line=self.line_at(start), context=owner.context,
            notes=notes, placeholders=placeholders, element=owner.name,
            owner_tag=(owner.start, owner.end) if owner is not _ROOT else None,
            whole=whole and self._only(lo, hi),
            locales=owner.locales, locales_exclude=owner.exclude, preserve=preserve,
            comments="".join(comments),
        ))

    def plain_unit(self, piece: tuple, owner: _Frame, whole: bool) -> None:
        text = self.text
        s, e = piece[1], piece[2]
        if s >= e:
            return
        if text[s] in _PAD_START:
            s = _lstrip(text, s, e)
        if s < e and text[e - 1] in _PAD_END:
            e = _rstrip(text, s, e)
        raw = text[s:e]
        if "&" in raw:
            msgid = unescape(raw)
            if not _LETTER.search(msgid):
                return
        elif _LETTER.search(raw):
            msgid = raw
        else:
            return
        if not owner.preserve and _NEEDS_COLLAPSE.search(msgid):
            msgid = _COLLAPSE.sub(" ", msgid)
        self.units.append(Unit(
            msgid=msgid, start=s, end=e, line=self.line_at(s), context=owner.context,
            notes=[owner.note] if owner.note else [], element=owner.name,
            owner_tag=(owner.start, owner.end) if owner is not _ROOT else None, whole=whole,
            locales=owner.locales, locales_exclude=owner.exclude, preserve=owner.preserve,
        ))

    def _only(self, lo: int, hi: int) -> bool:
        """Pieces outside [lo, hi) carry no text: the unit is still the element's whole content."""
        text = self.text
        for idx, p in enumerate(self.pieces):
            if lo <= idx < hi:
                continue
            if p[0] == TEXT and not _is_pad(text, p[1], p[2]):
                return False
            if p[0] in (VOIDP, RAW):
                return False
        return True

    def trim(self, lo: int, hi: int) -> tuple[int, int]:
        """Drop edge pieces that carry no text (whitespace, comments, voids, stray tags, wrappers)."""
        pieces = self.pieces
        text = self.text
        while True:
            while lo < hi:
                kind, s, e, frame = pieces[lo]
                if (kind == TEXT and _is_pad(text, s, e)) or kind in (COMMENT, VOIDP, RAW, CLOSE):
                    lo += 1
                else:
                    break
            while hi > lo:
                kind, s, e, frame = pieces[hi - 1]
                dangling_open = kind == OPEN and (frame.close_idx < 0 or frame.close_idx >= hi - 1)
                if (kind == TEXT and _is_pad(text, s, e)) or kind in (COMMENT, VOIDP, RAW) or dangling_open:
                    hi -= 1
                else:
                    break
            if lo >= hi:
                return lo, hi
            first = pieces[lo]
            if first[0] == OPEN and first[3].translate:
                frame = first[3]
                if frame.open_idx == lo and frame.close_idx == hi - 1:
                    lo, hi = lo + 1, hi - 1
                    continue
                if frame.close_idx < 0:  # never closed: it wraps everything up to the boundary
                    lo += 1
                    continue
            return lo, hi


def _has_letters(text: str, s: int, e: int) -> bool:
    """Letters in text[s:e] once entities are decoded (`&nbsp;` alone has none)."""
    if "&" not in text[s:e]:
        return _LETTER.search(text, s, e) is not None
    return _LETTER.search(unescape(text[s:e])) is not None


# Edge padding kept outside a unit's span: whitespace and no-break spaces used as spacers.
_PAD = r"(?:[\t\n\f\r \xa0]|&nbsp;?|&#0*160;|&#[xX]0*[aA]0;)"
_LEAD = re.compile(_PAD + "*+")
_TRAIL = re.compile(_PAD + "+$")
_ALL_PAD = re.compile(_PAD + "*+$")


_PAD_START = frozenset("\t\n\f\r \xa0&")
_PAD_END = frozenset("\t\n\f\r \xa0;")
_NEEDS_COLLAPSE = re.compile(r"[\t\n\f\r]|  ")


def _is_pad(text: str, s: int, e: int) -> bool:
    return _ALL_PAD.match(text, s, e) is not None


def _lstrip(text: str, s: int, e: int) -> int:
    m = _LEAD.match(text, s, e)  # always matches (possibly empty)
    return m.end() if m else s


def _rstrip(text: str, s: int, e: int) -> int:
    m = _TRAIL.search(text, s, e)
    return m.start() if m else e
