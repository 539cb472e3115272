"""A msgid's placeholders as the inline codes of exchange formats, and back.

Both XLIFF 2 and TMX carry markup inside a segment as codes that CAT tools protect: a
paired placeholder (``<a1>…</a1>``) is a start and an end code, a void one (``<br/>``) a
standalone code.  What a code stands for is the placeholder text itself (``<a1>``): the
catalogue has no attributes to record.  Codes are numbered in the order the source shows
them; a translation uses the same numbers for the same placeholders, in its own order.

Text between codes is plain text in the exchange file.  In a msgid with placeholders,
literal placeholder-shaped text is escaped (``&lt;b>``, see `toolkit.placeholders`), so it is
unescaped on the way out and escaped again on the way in; a msgid without placeholders is
plain text throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.placeholders import escape_literal, is_balanced, names_in, tokens, unescape_literal


@dataclass(frozen=True)
class Code:
    """One placeholder token of a text: `kind` open/close/void, `number` shared by a pair."""

    kind: str
    number: int  # 1-based, in order of the source's placeholders (a pair shares its open's number)
    text: str  # the placeholder as written: "<a1>", "</a1>", "<br/>"


Piece = str | Code


@dataclass(frozen=True)
class Codes:
    """The placeholders of one source text and the numbers they get."""

    names: frozenset[str]
    numbers: dict[str, int]  # placeholder text ("<a1>", "</a1>", "<br/>") -> its code number

    @classmethod
    def of(cls, source: str) -> Codes:
        names = names_in(source)
        numbers: dict[str, int] = {}
        pair: dict[str, int] = {}
        number = 0  # the last number given
        for t in tokens(source, names):
            text = source[t.start : t.end]
            if text in numbers:
                continue
            if t.kind == "close" and t.name in pair:
                numbers[text] = pair[t.name]
                continue
            number += 1
            numbers[text] = number
            if t.kind == "open":
                pair[t.name] = number
        return cls(frozenset(names), numbers)

    def pieces(self, text: str) -> list[Piece]:
        """`text` (the source or a translation of it) as plain-text runs and codes."""
        out: list[Piece] = []
        pos = 0
        for t in tokens(text, set(self.names)):
            if t.start > pos:
                out.append(self._plain(text[pos : t.start]))
            token = text[t.start : t.end]
            number = self.numbers.get(token)
            if number is None:  # a placeholder the source lacks: keep it as text
                out.append(self._plain(token))
            else:
                out.append(Code(t.kind, number, token))
            pos = t.end
        if pos < len(text):
            out.append(self._plain(text[pos:]))
        return _merge_text(out)

    def paired_ok(self, text: str) -> bool:
        """The text's paired codes nest properly, so they can be written as enclosing elements."""
        return is_balanced(text, set(self.names))

    def _plain(self, run: str) -> str:
        return unescape_literal(run) if self.names else run

    def text(self, pieces: list[Piece]) -> str:
        """The catalogue text of pieces read back from a file.

        Adjacent text pieces are joined before escaping: a file may split one run of text (a ``<`` written as
        ``<cp hex="3C"/>`` or inside an ``<mrk>``), and escaped apart, ``<`` and ``b>`` would make a real ``<b>``.
        """
        return "".join(p.text if isinstance(p, Code) else (escape_literal(p) if self.names else p)
                       for p in _merge_text(pieces))


def _merge_text(pieces: list[Piece]) -> list[Piece]:
    """Adjacent text pieces as one, each run joined once (adding piece by piece copied the run each time)."""
    out: list[Piece] = []
    run: list[str] = []
    for p in pieces:
        if isinstance(p, str):
            run.append(p)
            continue
        if run:
            out.append("".join(run))
            run.clear()
        out.append(p)
    if run:
        out.append("".join(run))
    return out
