"""The pieces of a segment: the text and inline markup between two block boundaries.

The segmenter buffers these (spans in the source, no copies) and turns a finished segment into
units.  Each kind is its own small record; `Piece` is their union.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.html.tree import ElementInfo, Frame


@dataclass(slots=True, eq=False)
class TextPiece:
    """A run of text (entities still encoded)."""

    start: int
    end: int
    translate: bool  # inherited from the innermost open element


@dataclass(slots=True, eq=False)
class OpenPiece:
    """The start tag of an inline element: becomes ``<name>`` (and its end tag ``</name>``)."""

    start: int
    end: int
    name: str
    translate: bool  # False: the whole element is one opaque placeholder
    index: int = -1  # its own index in the segment buffer
    close_idx: int = -1  # index of the ClosePiece that ends it in the segment buffer (-1: not yet)
    close_start: int = -1  # span of its real end tag (-1: ended implicitly, written `</name>`)
    close_end: int = -1
    notes: tuple[str, ...] = ()  # ITS notes set on this element itself (named with its placeholder)
    info: ElementInfo | None = None  # its own ITS properties, when it has any
    # ITS withinText="nested": its frame; the element is one placeholder of the sentence, its content a unit of its own
    nested: Frame | None = None
    verbatim: bool = False  # code, keyboard input or output (`elements.VERBATIM`), not asked to be translated


@dataclass(slots=True, eq=False)
class ClosePiece:
    """The end of an inline element (an implied end has an empty span)."""

    start: int
    end: int
    opened: OpenPiece | None  # None: a stray end tag, dropped from a translation


@dataclass(slots=True, eq=False)
class VoidPiece:
    """An inline void element (``<br>``, ``<img>``) or a raw-text element inside a sentence (``<script>``)."""

    start: int
    end: int
    name: str


@dataclass(slots=True, eq=False)
class CommentPiece:
    """A comment: no text, but kept and re-emitted after a translation."""

    start: int
    end: int


Piece = TextPiece | OpenPiece | ClosePiece | VoidPiece | CommentPiece
