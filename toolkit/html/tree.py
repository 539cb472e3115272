"""The open elements of a page: where implied end tags fall, and what each element inherits.

Just enough of the HTML5 tree rules for segmentation: a stack of open elements, the end tags a
start tag implies (``<p>`` before a block, ``<li>`` before ``<li>``, table cells, options,
headings), and the inheritance of HTML5 ``translate`` and ITS 2.0 local markup.  The segmenter
drives it and turns what closes into unit boundaries.

Every element's properties are decided in one place, :func:`props_for` (what the content
inherits) and :func:`element_info` (what belongs to the element alone).  Both apply, in ITS 2.0
precedence order (docs/ITS.md): what the parent passes down, then the page's ITS global rules for
this element (`NodeRules`, from ``its.py``), then local markup (``translate``, ``its-*``, the
Weblate/Translate Toolkit ``data-translate-*`` attributes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from toolkit.html.elements import (
    BUTTON_SCOPE,
    CLOSES_P,
    HEADINGS,
    IMPLIED,
    INFO_ATTRS,
    INLINE_FOREIGN,
    NOTRANSLATE_CLASSES,
    PRESERVE_WS,
    PROPS_ATTRS,
    VOID,
)
from toolkit.html.tokenize import END, START, Attr, Markup, tokenize

if TYPE_CHECKING:
    from toolkit.html.pieces import OpenPiece


# Extracted-comment forms of the ITS limits, written by extract and read back by `l10n check` (docs/ITS.md):
#   #. its:storage-size=25 [encoding=ISO-8859-1] [line-break=crlf]
#   #. its:allowed-characters=[a-zA-Z ]
STORAGE_SIZE_PREFIX = "its:storage-size="
ALLOWED_CHARACTERS_PREFIX = "its:allowed-characters="
# ITS 2.0 lineBreakType values, and the line break each stores (nel: U+0085, NEXT LINE)
LINE_BREAKS = {"lf": "\n", "cr": "\r", "crlf": "\r\n", "nel": "\u0085"}
_STORAGE_COMMENT = re.compile(
    rf"its:storage-size=(\d+)(?: encoding=(\S+))?(?: line-break=({'|'.join(LINE_BREAKS)}))?\s*$")


@dataclass(frozen=True, slots=True)
class StorageSize:
    """ITS Storage Size: at most `size` bytes in `encoding`, line breaks written as `line_break`."""

    size: int
    encoding: str = "UTF-8"
    line_break: str = "lf"  # a key of LINE_BREAKS

    def comment(self) -> str:
        """The extracted-comment form `l10n check` reads back (docs/ITS.md)."""
        out = f"its:storage-size={self.size}"
        if self.encoding.upper() != "UTF-8":
            out += f" encoding={self.encoding}"
        if self.line_break != "lf":
            out += f" line-break={self.line_break}"
        return out

    @classmethod
    def from_comment(cls, line: str) -> StorageSize | None:
        m = _STORAGE_COMMENT.match(line.strip())
        if m is None:
            return None
        return cls(int(m.group(1)), m.group(2) or "UTF-8", m.group(3) or "lf")


@dataclass(frozen=True, slots=True)
class NodeRules:
    """What the page's ITS global rules say about one element or attribute (None: nothing).

    Built by ``its.py``; later rules have already overridden earlier ones.
    """

    translate: bool | None = None
    note: str | None = None  # already prefixed for alerts
    locales: tuple[str, ...] | None = None
    locales_exclude: bool = False
    preserve: bool | None = None
    within_text: str | None = None  # yes | no | nested
    ident: str | None = None  # ID Value
    storage: StorageSize | None = None
    allowed: str | None = None  # Allowed Characters: a regular-expression character class
    term: bool | None = None
    term_info: str | None = None


@dataclass(frozen=True, slots=True)
class Props:
    """What an element's content inherits: HTML5 ``translate``, ITS data categories, ignore markup.

    Immutable and shared: an element without relevant attributes reuses its parent's record.
    """

    translate: bool = True
    note: str | None = None  # ITS localization note, a `#.` comment for translators
    context: str | None = None  # msgctxt
    locales: tuple[str, ...] | None = None  # ITS locale filter (None: every locale)
    locales_exclude: bool = False  # the filter lists locales that do NOT get the text
    preserve: bool = False  # whitespace preserved (pre, textarea, ITS Preserve Space)
    ignored: bool = False  # data-translate-ignore: nothing inside is translatable, translate="yes" included
    allowed: str | None = None  # ITS Allowed Characters (inherited by the content, not attributes)
    lang: str | None = None  # the language the content declares (`lang`, else `xml:lang`; "" unknown)
    asked: bool = False  # translate="yes" said here or above, by the page or a rule: notation defaults yield to it


@dataclass(frozen=True, slots=True)
class ElementInfo:
    """What belongs to one element and is not inherited (ITS 2.0: no inheritance for these)."""

    within_text: str | None = None  # yes | no | nested; None: the element tables decide
    ident: str | None = None  # ID Value: the msgctxt of the element's own text when configured
    storage: StorageSize | None = None
    term: bool = False
    term_info: str | None = None


ROOT_PROPS = Props()
NO_INFO = ElementInfo()
_LIST_SEP = re.compile(r"[\s,]+")
NOTE_ALERT_PREFIX = "Alert: "


def locale_list(value: str) -> tuple[str, ...]:
    """An ITS locale filter list (comma-separated ranges; empty: no locale)."""
    return tuple(x for x in _LIST_SEP.split(value.strip()) if x)


def _value(attrs: Mapping[str, Attr], *names: str) -> str | None:
    for name in names:
        a = attrs.get(name)
        if a is not None:
            return a.value.strip()
    return None


def _notranslate(attrs: Mapping[str, Attr]) -> bool:
    """A class of `NOTRANSLATE_CLASSES` (an explicit `translate` attribute decides over it)."""
    cls = attrs.get("class")
    return cls is not None and not NOTRANSLATE_CLASSES.isdisjoint(cls.value.lower().split())


def props_for(name: str, attrs: Mapping[str, Attr] | None, parent: Props, rules: NodeRules | None = None,
              notation: bool = False) -> Props:
    """The properties of element `name` with `attrs` whose parent has `parent`, and global `rules` for it.

    Precedence (ITS 2.0 §5.5): local markup over global rules over inheritance.  `notation`: a MathML element
    of `elements.MATH_NOTATION` inside a formula, untranslated unless the page or a rule says otherwise.
    """
    preserve = parent.preserve or name in PRESERVE_WS
    notation = notation and not parent.asked
    if rules is None and (not attrs or (PROPS_ATTRS.isdisjoint(attrs) and not _notranslate(attrs))):
        if notation and parent.translate:
            return replace(parent, translate=False, preserve=preserve)
        return parent if preserve == parent.preserve else replace(parent, preserve=preserve)
    translate, note, context = parent.translate and not notation, parent.note, parent.context
    asked = parent.asked
    locales, exclude, ignored, allowed = parent.locales, parent.locales_exclude, parent.ignored, parent.allowed
    lang = parent.lang
    if rules is not None:
        if rules.translate is not None:
            translate = asked = rules.translate
        if rules.note is not None:
            note = rules.note
        if rules.locales is not None:
            locales, exclude = rules.locales, rules.locales_exclude
        if rules.preserve is not None:
            preserve = rules.preserve
        if rules.allowed is not None:
            allowed = rules.allowed
    if attrs:
        v = _value(attrs, "translate")
        if v is not None:
            v = v.lower()
            if v == "no":
                translate = asked = False
            elif v in ("yes", ""):
                translate = asked = True
            # any other value: inherited
        elif _notranslate(attrs):
            translate = asked = False
        if "data-translate-ignore" in attrs:
            ignored = True
        v = _value(attrs, "its-loc-note", "data-its-loc-note", "data-translate-comment")
        if v is not None:
            kind = (_value(attrs, "its-loc-note-type", "data-its-loc-note-type") or "").lower()
            note = (NOTE_ALERT_PREFIX + v if kind == "alert" else v) if v else None
        else:
            v = _value(attrs, "its-loc-note-ref")
            if v:
                note = f"See {v}"
        v = _value(attrs, "data-l10n-context", "its-l10n-context", "data-translate-context")
        if v is not None:
            context = v or None
        v = _value(attrs, "its-locale-filter-list")
        if v is not None:
            locales = locale_list(v)
            exclude = (_value(attrs, "its-locale-filter-type") or "").lower() == "exclude"
        v = _value(attrs, "its-allowed-characters")
        if v is not None:
            allowed = v or None
        v = _value(attrs, "lang", "xml:lang")
        if v is not None:
            lang = v
    if ignored:
        translate = False
    props = Props(translate, note, context, locales, exclude, preserve, ignored, allowed, lang, asked and translate)
    return parent if props == parent else props


def element_info(attrs: Mapping[str, Attr] | None, rules: NodeRules | None, id_as_context: bool,
                 problems: list[str]) -> ElementInfo:
    """The element's own ITS properties: Elements Within Text, ID Value, Storage Size, Terminology; `problems` gets
    what its markup says that ITS does not allow (`storage_limit`)."""
    if rules is None and (not attrs or (INFO_ATTRS.isdisjoint(attrs) and not (id_as_context and "id" in attrs))):
        return NO_INFO
    within = ident = term_info = None
    storage: StorageSize | None = None
    term = False
    if rules is not None:
        within, ident, storage = rules.within_text, rules.ident, rules.storage
        term, term_info = bool(rules.term), rules.term_info
    if attrs:
        v = _value(attrs, "its-within-text")
        if v is not None and v.lower() in ("yes", "no", "nested"):
            within = v.lower()
        if id_as_context and not ident:  # the HTML id is the default ID Value: an idValueRule overrides it
            v = _value(attrs, "id")
            if v:
                ident = v
        storage = storage_size(attrs.get, storage, problems)
        v = _value(attrs, "its-term")
        if v is not None:
            term = v.lower() == "yes"
            term_info = _value(attrs, "its-term-info-ref") or (term_info if term else None)
    if within is None and ident is None and storage is None and not term:
        return NO_INFO
    return ElementInfo(within, ident if id_as_context else None, storage, term, term_info)


def term_note(info: ElementInfo) -> str:
    """The `#.` note ITS Terminology gives: the text is a term (and where it is defined)."""
    return "Term" + (f"; see {info.term_info}" if info.term_info else "")


def storage_size(get: Callable[[str], Attr | None], default: StorageSize | None,
                 problems: list[str]) -> StorageSize | None:
    """Local Storage Size markup (`its-storage-size`, `its-storage-encoding`, `its-line-break-type`); a size that is
    not one leaves `default` (`storage_limit`)."""
    size = get("its-storage-size")
    if size is None:
        return default
    enc = get("its-storage-encoding")
    lb = get("its-line-break-type")
    limit = storage_limit(size.value, enc.value if enc is not None else None, lb.value if lb is not None else None,
                          problems)
    return default if limit is None else limit


_BYTES = re.compile(r"\s*\+?0*[0-9]{1,18}\s*")  # xsd:nonNegativeInteger (ITS 2.0's storageSize), short of an exabyte


def storage_limit(size: str, encoding: str | None, line_break: str | None, problems: list[str]) -> StorageSize | None:
    """ITS Storage Size from its values as the page or a rule writes them (None: no limit).  What ITS does not allow
    goes to `problems` for extract to warn of, never into the catalogue (where `l10n check` could not read it): a
    size that is no number of bytes sets no limit, a line break type ITS does not name counts as lf."""
    if not _BYTES.fullmatch(size):
        problems.append(f"ITS storage size {size[:40]!r} is not a number of bytes (0 up to 18 digits); ignored")
        return None
    kind = (line_break or "").strip().lower() or "lf"
    if kind not in LINE_BREAKS:
        problems.append(f"ITS line break type {line_break!r} is none of {', '.join(LINE_BREAKS)}; lf assumed")
        kind = "lf"
    return StorageSize(int(size), (encoding or "").strip() or "UTF-8", kind)


@dataclass(slots=True, eq=False)
class Frame:
    """An open element: its start tag's span and what its content inherits."""

    name: str
    start: int  # span of the start tag
    end: int
    props: Props
    inline: bool  # inside a unit as a placeholder, not a block boundary
    piece: OpenPiece | None = None  # for inline elements: the segment piece their start tag made
    info: ElementInfo = NO_INFO  # the element's own ITS properties (ID Value, Storage Size, Terminology…)
    nests: int = 0  # a withinText="nested" element: how many of them hold its content, itself included


ROOT = Frame("#root", 0, 0, ROOT_PROPS, False)


class OpenElements:
    """The stack of open elements; ``stack[0]`` is the document root and is never popped.

    Where each element name is open is kept alongside, so an end tag finds its element without
    walking the stack (a hostile page of ``<b></p>`` nests thousands of elements deep); so are the
    indices of the block elements, so the innermost block is found without walking thousands of inline ones.
    """

    __slots__ = ("_blocks", "_where", "stack")

    def __init__(self, root: Frame = ROOT) -> None:
        self.stack: list[Frame] = [root]
        self._where: dict[str, list[int]] = {}  # name -> its indices on the stack, innermost last
        self._blocks: list[int] = [0]  # indices of the frames that are not inline, innermost last

    def push(self, frame: Frame) -> None:
        stack = self.stack
        where = self._where.get(frame.name)
        if where is None:
            self._where[frame.name] = [len(stack)]
        else:
            where.append(len(stack))
        if not frame.inline:
            self._blocks.append(len(stack))
        stack.append(frame)

    def pop_to(self, i: int) -> None:
        """Close the elements from stack[i] up."""
        stack, where, blocks = self.stack, self._where, self._blocks
        while len(stack) > i:
            where[stack.pop().name].pop()
        while blocks and blocks[-1] >= i:
            blocks.pop()

    def find(self, name: str) -> int | None:
        """Index of the innermost open element an end tag `</name>` closes (None: a stray end tag)."""
        at = self._where.get(name)
        return at[-1] if at else None

    def implied_end(self, name: str) -> int | None:
        """Index from which start tag `<name>` implicitly closes open elements (None: it closes nothing).

        In HTML5 order: its own rule (li before li, td before td…), then an open ``<p>`` in button
        scope, then for a heading a heading that is the current node.
        """
        stack = self.stack
        target = len(stack)
        rule = IMPLIED.get(name)
        if rule is not None:
            for i in range(target - 1, 0, -1):
                f = stack[i]
                if f.name in rule.closes:
                    target = i
                    break
                if f.name in rule.stops:
                    break
        if name in CLOSES_P and self._where.get("p"):  # an open <p>: most block tags need not look
            for i in range(target - 1, 0, -1):
                f = stack[i]
                if f.name == "p":
                    target = i
                    break
                if f.name in BUTTON_SCOPE:
                    break
        if name in HEADINGS and target > 1 and stack[target - 1].name in HEADINGS:
            target -= 1
        return target if target < len(stack) else None

    def block(self) -> Frame:
        """The innermost open element that is not inline."""
        return self.stack[self._blocks[-1]] if self._blocks else self.stack[0]


def walk(text: str) -> Iterator[tuple[Markup, OpenElements]]:
    """Each token of `text` with the elements open where it stands: for a start tag, after the end tags it implies
    and before it opens; for an end tag, before it closes.  For the build's questions about a page's tree (which
    element is a fragment's root, which `dir` a unit's block inherits); the segmenter keeps its own stack."""
    tree = OpenElements()
    for tok in tokenize(text):
        if tok.kind is START:
            name = tok.name
            if name in CLOSES_P or name in IMPLIED or name in HEADINGS:
                target = tree.implied_end(name)
                if target is not None:
                    tree.pop_to(target)
            yield tok, tree
            if tok.raw is None and not (name in VOID and not tok.foreign) and \
                    not (tok.self_closing and (tok.foreign or name in INLINE_FOREIGN)):
                tree.push(Frame(name, tok.start, tok.end, ROOT_PROPS, False))
        elif tok.kind is END:
            yield tok, tree
            i = tree.find(tok.name)
            if i is not None:
                tree.pop_to(i)
        else:
            yield tok, tree
