"""The open elements of a page: where implied end tags fall, and what each element inherits.

Just enough of the HTML5 tree rules for segmentation: a stack of open elements, the end tags a
start tag implies (``<p>`` before a block, ``<li>`` before ``<li>``, table cells, options,
headings), and the inheritance of HTML5 ``translate`` and ITS 2.0 local markup.  The segmenter
drives it and turns what closes into unit boundaries.

Every element's properties are decided in one place, :func:`props_for`: that is where ITS global
rules (selected nodes overriding translate, notes, filters), Weblate markup
(``data-translate-ignore``) or ``translate:off`` comments would be applied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from toolkit.html.elements import BUTTON_SCOPE, CLOSES_P, HEADINGS, IMPLIED, PRESERVE_WS
from toolkit.html.tokenize import Attr

if TYPE_CHECKING:
    from toolkit.html.pieces import OpenPiece


@dataclass(frozen=True, slots=True)
class Props:
    """What an element's content inherits: HTML5 ``translate`` and ITS local markup.

    Immutable and shared: an element without relevant attributes reuses its parent's record.
    """

    translate: bool = True
    note: str | None = None  # ITS localization note, a `#.` comment for translators
    context: str | None = None  # msgctxt
    locales: tuple[str, ...] | None = None  # ITS locale filter (None: every locale)
    locales_exclude: bool = False  # the filter lists locales that do NOT get the text
    preserve: bool = False  # whitespace preserved (pre, textarea)


ROOT_PROPS = Props()
_LIST_SEP = re.compile(r"[\s,]+")


def props_for(name: str, attrs: Mapping[str, Attr] | None, parent: Props) -> Props:
    """The properties of element `name` with `attrs` whose parent has `parent`."""
    preserve = parent.preserve or name in PRESERVE_WS
    if not attrs:
        return parent if preserve == parent.preserve else replace(parent, preserve=preserve)
    translate, note, context = parent.translate, parent.note, parent.context
    locales, exclude = parent.locales, parent.locales_exclude
    a = attrs.get("translate")
    if a is not None:
        v = a.value.strip().lower()
        if v == "no":
            translate = False
        elif v in ("yes", ""):
            translate = True
        # any other value: inherited
    a = attrs.get("its-loc-note") or attrs.get("data-its-loc-note")
    if a is not None:
        note = a.value.strip() or None
    a = attrs.get("data-l10n-context") or attrs.get("its-l10n-context")
    if a is not None:
        context = a.value.strip() or None
    a = attrs.get("its-locale-filter-list")
    if a is not None:
        locales = tuple(x for x in _LIST_SEP.split(a.value.strip()) if x)
        ftype = attrs.get("its-locale-filter-type")
        exclude = bool(ftype and ftype.value.strip().lower() == "exclude")
    props = Props(translate, note, context, locales, exclude, preserve)
    return parent if props == parent else props


@dataclass(slots=True, eq=False)
class Frame:
    """An open element: its start tag's span and what its content inherits."""

    name: str
    start: int  # span of the start tag
    end: int
    props: Props
    inline: bool  # inside a unit as a placeholder, not a block boundary
    piece: OpenPiece | None = None  # for inline elements: the segment piece their start tag made


ROOT = Frame("#root", 0, 0, ROOT_PROPS, False)


class OpenElements:
    """The stack of open elements; ``stack[0]`` is the document root and is never popped."""

    __slots__ = ("open_p", "stack")

    def __init__(self) -> None:
        self.stack: list[Frame] = [ROOT]
        self.open_p = 0  # <p> elements on the stack: most block tags need not look for one

    def push(self, frame: Frame) -> None:
        if frame.name == "p":
            self.open_p += 1
        self.stack.append(frame)

    def pop_to(self, i: int) -> None:
        """Close the elements from stack[i] up."""
        if self.open_p:
            self.open_p -= sum(1 for f in self.stack[i:] if f.name == "p")
        del self.stack[i:]

    def find(self, name: str) -> int | None:
        """Index of the innermost open element an end tag `</name>` closes (None: a stray end tag)."""
        stack = self.stack
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].name == name:
                return i
        return None

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
        if name in CLOSES_P and self.open_p:
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
        for f in reversed(self.stack):
            if not f.inline:
                return f
        return ROOT
