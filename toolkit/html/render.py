"""Turn a translation back into markup: placeholders get their source elements, the rest is text.

This is the safety boundary of the build.  A translation can reorder the unit's placeholders,
nothing more: any other ``<``, ``&`` or quote is escaped, so no tag, attribute or script can
come from a catalogue.  Around placeholders, text reads as msgids write it (``&lt;b>`` is a
literal ``<b>``, see ``toolkit.placeholders``); a unit without placeholders is plain text.
"""

from __future__ import annotations

from toolkit.html.elements import FORMATTING, START_TAG_NAME
from toolkit.html.jsonld import ATTRIBUTE as JSON_LD
from toolkit.html.jsonld import json_string
from toolkit.html.segment import Placeholder, Unit
from toolkit.placeholders import PLACEHOLDER_RE, Token, matching_tokens, source_order, unescape_literal

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u00a0": "&nbsp;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;", "\u00a0": "&nbsp;"})
# XHTML parsed as XML knows no &nbsp; (only the five XML entities): a numeric reference reads the same in both; and
# a character XML forbids (C0 controls but tab and line ends, U+FFFE, U+FFFF: no reference can spell them either)
# would stop the parser with an error page, so it is U+FFFD
_XML_FORBIDDEN = {c: "\ufffd" for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]}
_XML_TEXT_ESCAPES = {**_TEXT_ESCAPES, **_XML_FORBIDDEN, 0xA0: "&#160;"}
# (and in an attribute, XML reads a tab or a line end as a space: a reference keeps it)
_XML_ATTR_ESCAPES = {**_ATTR_ESCAPES, **_XML_FORBIDDEN, 0xA0: "&#160;", 0x09: "&#9;", 0x0A: "&#10;", 0x0D: "&#13;"}


def escape_text(s: str, xml: bool = False) -> str:
    # four substring tests are several times faster than one character-class search (every text piece of every
    # unit, in every locale, comes through here)
    if xml:
        return s.translate(_XML_TEXT_ESCAPES)
    if "&" in s or "<" in s or ">" in s or "\u00a0" in s:
        return s.translate(_TEXT_ESCAPES)
    return s


def escape_attr(s: str, xml: bool = False) -> str:
    return s.translate(_XML_ATTR_ESCAPES if xml else _ATTR_ESCAPES)


def render_translation(unit: Unit, msgstr: str, opens: dict[str, str] | None = None,
                       xml: bool = False) -> str | None:
    """Markup to splice over `unit`'s span, or None when the placeholders don't match the source.

    `opens` replaces the source markup of some placeholders (the build's rewritten tags); `xml`: the page is
    XHTML parsed as XML (no `&nbsp;`).
    """
    if unit.attribute is not None:
        if unit.attribute == JSON_LD:
            return json_string(msgstr.translate(_XML_FORBIDDEN) if xml else msgstr)
        return '"' + escape_attr(msgstr, xml) + '"'
    if not unit.placeholders:
        return escape_text(msgstr, xml) + unit.comments
    in_order = _render_in_order(unit, msgstr, opens, xml)
    return in_order if in_order is not None else _render_tokens(unit, msgstr, opens, xml)


def _render_tokens(unit: Unit, msgstr: str, opens: dict[str, str] | None, xml: bool) -> str | None:
    """`render_translation` of a unit with placeholders, whatever their order (None: they do not match)."""
    toks = matching_tokens(unit.msgid, msgstr, unit.placeholders.keys())
    if toks is None:
        return None
    out = []
    pos = 0
    kept_open = _kept_open(toks, unit, len(msgstr))
    # Formatting elements the source never closes in the unit stay active after it: a browser re-opens one before the
    # next text (`<p>x <b>y</p><p>z`: z is bold; `<b>y <i>z</b> w</i>`: w is italic).  Where a translation must
    # close one (text follows it), it is opened again: after the run of end tags that closes it when that run has
    # the end tag that closed it in the source, else at the unit's end, so the page after the unit is as before.
    closing: list[str] = []  # the placeholders of the current run of end tags' formatting elements to open again
    real_end = False  # that run has an end tag the source writes
    at_end: list[str] = []

    def run_over(here: bool) -> None:
        nonlocal real_end
        if here and real_end:
            out.extend(_opened_again(closing, unit, opens))
        else:
            at_end.extend(closing)
        closing.clear()
        real_end = False

    for i, tok in enumerate(toks):
        between = msgstr[pos:tok.start]
        if closing and (between or tok.kind != "close"):
            run_over(True)
        out.append(escape_text(unescape_literal(between), xml))
        ph = unit.placeholders[tok.name]
        if tok.kind == "close":
            if i >= kept_open:
                out.append("")
            else:
                out.append(ph.close)
                if ph.unclosed and _formatting(ph):
                    closing.append(tok.name)
                elif closing and not ph.unclosed:
                    real_end = True
        else:
            out.append(opens[tok.name] if opens and tok.name in opens else ph.open)
        pos = tok.end
    tail = msgstr[pos:]
    if closing:
        run_over(bool(tail))
    out.append(escape_text(unescape_literal(tail), xml))
    out.extend(_opened_again(at_end, unit, opens))
    out.append(unit.comments)
    return "".join(out)


def _formatting(ph: Placeholder) -> bool:
    name = START_TAG_NAME.match(ph.open)
    return name is not None and name[1].lower() in FORMATTING


def _opened_again(closed: list[str], unit: Unit, opens: dict[str, str] | None) -> list[str]:
    """The start tags of the placeholders named `closed`, in the source's order (a browser's list of active
    formatting elements)."""
    placeholders = unit.placeholders
    return [opens[name] if opens and name in opens else placeholders[name].open
            for name in sorted(closed, key=lambda name: placeholders[name].start)]


def _render_in_order(unit: Unit, msgstr: str, opens: dict[str, str] | None, xml: bool) -> str | None:
    """`_render_tokens` of the usual case, in one pass over `msgstr` without Token records (the build renders every
    unit in every locale): the msgid's placeholders in the msgid's order (so properly nested), and no end tag of an
    element the source leaves open (`Placeholder.unclosed`).  None: anything else, for `_render_tokens`."""
    expected = source_order(unit.msgid, tuple(unit.placeholders))
    if expected is None:
        return None
    placeholders = unit.placeholders
    out = []
    pos = i = 0
    for m in PLACEHOLDER_RE.finditer(msgstr):
        slash, name, selfclose = m.groups()
        ph = placeholders.get(name)
        if ph is None or (slash and selfclose):
            continue  # text that looks like a placeholder of another name
        if i == len(expected) or m.group() != expected[i] or (slash and ph.unclosed):
            return None  # (an element the source leaves open: `_render_tokens` knows what to do with its end)
        i += 1
        out.append(escape_text(unescape_literal(msgstr[pos:m.start()]), xml))
        out.append(ph.close if slash else (opens[name] if opens and name in opens else ph.open))
        pos = m.end()
    if i != len(expected):
        return None
    out.append(escape_text(unescape_literal(msgstr[pos:]), xml))
    out.append(unit.comments)
    return "".join(out)


def _kept_open(toks: list[Token], unit: Unit, size: int) -> int:
    """Index of the first of the closing tokens that end the translation and close elements the source never
    closes: those write nothing (the source leaves the elements open, and a browser carries them on)."""
    i, end = len(toks), size
    while i and toks[i - 1].kind == "close" and toks[i - 1].end == end and unit.placeholders[toks[i - 1].name].unclosed:
        i -= 1
        end = toks[i].start
    return i
