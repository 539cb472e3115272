"""An HTML tokeniser that follows the WHATWG states and keeps exact source spans.

Every token is a span of the source, never a re-serialisation, so the build can splice
translations in and copy the rest byte for byte.  Where a token ends is decided exactly as the
HTML standard's tokenizer (section 13.2.5) decides it:

- tags: the tag, attribute-name and attribute-value states (a quoted ``>`` does not end a tag,
  an attribute quote that is never closed swallows the rest of the document, end tags have
  attributes too); a tag cut off by the end of the file is dropped;
- comments (``<!-->``, ``<!--->`` are empty comments, ``--!>`` ends one, an unclosed one runs
  to the end), bogus comments (``<?…>``, ``</ 1>``, ``<!x>``), doctypes;
- the content of RCDATA (title, textarea), RAWTEXT (style, xmp, iframe, noembed, noframes and,
  as in a browser with scripting on, noscript), script data with its escaped and
  double-escaped states, and plaintext (the rest of the file);
- CDATA sections, which exist only inside SVG/MathML (foreign) content.

Which of those states applies after a start tag is the tree builder's call in the standard.
The few tree rules it depends on (is the current node SVG/MathML, breakout tags, integration
points) are followed by `_Foreign`; the rest of tree building is not this module's job.
Differences from a browser are listed in `tests/test_tokenize_differential.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from html.entities import html5 as _NAMED

_NAME = r"[A-Za-z][^\t\n\f\r />]*+"
# one attribute: name, then either `= value` or (lookahead) no `=` at all; once `=` is seen a
# value is required, so an unclosed quote makes the whole tag fail to match (= end of file)
_ATTR = r"""[^\t\n\f\r />][^\t\n\f\r />=]*+
    (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >"'][^\t\n\f\r >]*+|(?=>))
      |(?![\t\n\f\r ]*+=))"""
# a whole tag after its "<" or "</"; possessive quantifiers keep every match linear
TAG_RE = re.compile(
    rf"""(?P<name>{_NAME})
    (?P<attrs>(?:[\t\n\f\r /]*+{_ATTR})*+)
    (?P<tail>[\t\n\f\r /]*+)>""",
    re.X,
)
# the value part is optional as "(?:…|)", not "(?:…)?": an optional group with groups in it is a slow
# general repeat in `re`, an alternative with an empty branch is not
ATTR_RE = re.compile(
    r"""[\t\n\f\r /]*+([^\t\n\f\r />][^\t\n\f\r />=]*+)
        (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"([^"]*+)"|'([^']*+)'|([^\t\n\f\r >"'][^\t\n\f\r >]*+)|)|)""",
    re.X,
)
# The next markup ("<" then a letter, "!", "/" or "?"): a complete start or end tag is matched whole
# (groups: 1 name, 2 attributes, 3 tail, as TAG_RE's; an end tag's "/" is not captured: a group around it
# would be a slow general repeat in `re`); anything else matches empty after its "<" and is read by hand
# (comments, doctypes, bogus comments, a tag cut off by the end of file).
_NEXT = re.compile(
    rf"""<(?:/?({_NAME})((?:[\t\n\f\r /]*+{_ATTR})*+)([\t\n\f\r /]*+)>|(?=[A-Za-z!/?]))""",
    re.X,
)
_COMMENT_ABRUPT = re.compile(r"-?>")  # matched just after "<!--": `<!-->` and `<!--->` are whole comments
_COMMENT_CLOSE = re.compile(r"--!?>")  # else the first of these ends it
_CDATA_CLOSE = re.compile(r"\]\]>")
_PI_CLOSE = re.compile(r"\?>")


class Scans:
    """The first match of each terminator at or after a position, remembered (the last one looked for, per pattern).

    A ``<noscript>``'s or conditional comment's content is tokenised again from its start, and a comment, a style or
    a script in it may run on to a terminator far past its end (``<noscript><!--</noscript>``, the ``-->`` at the
    end of the page): a page of thousands, each looked for again from a little further on, was quadratic.  Every
    search from inside a span already known to hold none is answered at once, so they all stay linear.  Only
    patterns that look ahead, never behind, so a match found from one position is the first from any later one
    up to where it starts."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last: dict[re.Pattern, tuple[int, re.Match | None]] = {}

    def search(self, pattern: re.Pattern, text: str, pos: int) -> re.Match | None:
        last = self._last.get(pattern)
        if last is not None and last[0] <= pos and (last[1] is None or pos <= last[1].start()):
            return last[1]
        m = pattern.search(text, pos)
        self._last[pattern] = (pos, m)
        return m

RCDATA = frozenset({"textarea", "title"})
RAWTEXT = frozenset({"style", "xmp", "iframe", "noembed", "noframes", "noscript"})
RAW_TEXT = RAWTEXT | {"script", "plaintext"}  # content that is never text for translators

# token kinds
START, END, COMMENT, DOCTYPE, CDATA, DROPPED, EOF = "start", "end", "comment", "doctype", "cdata", "dropped", "eof"


@dataclass(slots=True)
class Markup:
    """One piece of markup: text[start:end].  Text is what lies between two of them.

    A start tag that switches the tokeniser to RCDATA/RAWTEXT/script/plaintext (`raw`) also
    carries its content span [end, content_end) and `after`, the end of its end tag; the
    tokeniser resumes there.  `closed` says whether that end tag exists (else the content or
    the end tag ran into the end of the file).  The last token is always EOF: its `start` is
    where the document's text ends (a tag cut off by the end of the file is not text).
    """

    kind: str
    start: int
    end: int
    name: str = ""  # lower-case tag name
    attrs_start: int = 0  # attribute text of a tag
    attrs_end: int = 0
    self_closing: bool = False
    raw: str | None = None  # "rcdata", "rawtext", "script" or "plaintext"
    foreign: bool = False  # a start tag the foreign-content (SVG/MathML) rules process: not an HTML element
    content_end: int = 0
    after: int = 0
    closed: bool = False


def tokenize(text: str, pos: int = 0, xml: bool = False, scans: Scans | None = None) -> Iterator[Markup]:
    """The markup tokens of `text` from `pos` on, in order, ending with an EOF token.

    `xml`: the page is XHTML a browser parses as XML (`elements.is_xml_page`), whose markup differs from HTML's where
    a page may rely on it: ``/>`` closes any element (``<a id="top"/>``, ``<script src="x.js"/>``; followed by an END
    token of no width), a void element's end tag right after it belongs to it (``<br></br>``: one token), CDATA
    sections are text anywhere, a processing instruction ends at ``?>``, a doctype's internal subset at ``]>``, and a
    script's or a title's content ends at its end tag outside CDATA sections.

    `scans`: the terminators already found in this text, shared by the tokenisers run on parts of it."""
    n = len(text)
    if scans is None:
        scans = Scans()
    foreign = _Foreign()
    outer = foreign.outer
    find = _NEXT.search
    while True:
        m = find(text, pos)  # the next markup, and in one go the whole tag when it is a complete one
        if m is None:
            yield Markup(EOF, n, n)
            return
        lt, end = m.span()
        raw_name = m[1]
        if raw_name is None:  # not a complete tag
            c = text[lt + 1]
            if c == "/":
                if lt + 2 >= n:  # "</" at the very end is text
                    yield Markup(EOF, n, n)
                    return
                c2 = text[lt + 2]
                if c2 == ">":  # "</>" is dropped: markup that makes no token
                    yield Markup(DROPPED, lt, lt + 3)
                    pos = lt + 3
                    continue
                if not ("a" <= c2 <= "z" or "A" <= c2 <= "Z"):
                    end = _bogus_end(text, lt + 2)
                    yield Markup(COMMENT, lt, end)
                    pos = end
                    continue
                yield Markup(EOF, lt, n)  # end of file inside the end tag
                return
            if c == "!":
                if text.startswith("--", lt + 2):
                    e = _COMMENT_ABRUPT.match(text, lt + 4) or scans.search(_COMMENT_CLOSE, text, lt + 4)
                    end = e.end() if e else n
                    yield Markup(COMMENT, lt, end)
                elif text[lt + 2:lt + 9].lower() == "doctype":
                    end = _xml_doctype_end(text, lt + 9) if xml else _bogus_end(text, lt + 2)
                    yield Markup(DOCTYPE, lt, end)
                elif text.startswith("[CDATA[", lt + 2) and (xml or foreign.in_foreign()):
                    e = scans.search(_CDATA_CLOSE, text, lt + 9)
                    end = n if e is None else e.end()
                    yield Markup(CDATA, lt, end, content_end=n if e is None else e.start())
                else:
                    end = _bogus_end(text, lt + 2)
                    yield Markup(COMMENT, lt, end)
                pos = end
                continue
            if c == "?":
                end = _xml_pi_end(text, lt + 2, scans) if xml else _bogus_end(text, lt + 1)
                yield Markup(COMMENT, lt, end)
                pos = end
                continue
            yield Markup(EOF, lt, n)  # a letter: end of file inside the start tag
            return
        name = raw_name.lower()
        astart, aend = m.span(2)
        if text[lt + 1] == "/":  # an end tag
            if foreign.stack:
                foreign.end_tag(name)
            elif outer and outer[-1] == name:  # the common case, inline
                outer.pop()
            elif outer:
                foreign.close_outer(name)
            yield Markup(END, lt, end, name, astart, aend)
            pos = end
            continue
        tag = Markup(START, lt, end, name, astart, aend, text[end - 2] == "/" and m.end(3) > aend)
        if name in _HTML_VOID and not tag.self_closing and (xml or name != "br") and text.startswith("</", end) \
                and (void_end := _end_tag_re(name).match(text, end)) is not None \
                and (t := TAG_RE.match(text, void_end.start() + 2)) is not None:
            tag.end = end = t.end()  # `<img …></img>`, XHTML's spelling: the end tag is nothing else (in HTML
            # `</br>` is a line break of its own)
        if xml and tag.self_closing and name not in _HTML_VOID and name not in _ENTERS_FOREIGN \
                and not foreign.in_foreign():  # (SVG and MathML elements close so in HTML too)
            yield tag
            yield Markup(END, end, end, name, end, end)
            pos = end
            continue
        pos = end
        if not foreign.stack and name not in _ENTERS_FOREIGN:
            html = True
            if name not in _NOT_PUSHED:
                outer.append(name)
        else:
            html = foreign.start_tag(name, text, tag)
            tag.foreign = not html
        if html and xml and name in _RAW_KIND:
            tag.raw = _RAW_KIND[name]
            tag.content_end, tag.after, tag.closed = _xml_content_end(text, name, pos, scans)
            pos = tag.after
        elif html:
            raw = _RAW_KIND.get(name)
            if raw is not None:
                tag.raw = raw
                tag.content_end, tag.after, tag.closed = raw_text_end(text, name, pos, raw, scans)
                pos = tag.after
        yield tag


_RAW_KIND = {name: "rcdata" for name in RCDATA} | {name: "rawtext" for name in RAWTEXT} | {
    "script": "script", "plaintext": "plaintext"}


def _xml_pi_end(text: str, pos: int, scans: Scans) -> int:
    """End of an XML processing instruction (``<?php echo "a > b"; ?>``): its ``?>``, or the end of the file."""
    m = scans.search(_PI_CLOSE, text, pos)
    return len(text) if m is None else m.end()


def _xml_doctype_end(text: str, pos: int) -> int:
    """End of an XML doctype: its first ``>`` outside the internal subset (``[ <!ENTITY co "a <b>"> ]``, its comments
    and processing instructions) and quotes."""
    m = _XML_DOCTYPE_REST.match(text, pos)
    return m.end() if m is not None else len(text)


# possessive (*+): a failed match never backtracks into the comments it skipped, so an unclosed subset is linear
_XML_DOCTYPE_REST = re.compile(r"""(?:[^\["'>]|"[^"]*"|'[^']*'"""
                               r"""|\[(?:<!--.*?-->|<\?.*?\?>|[^\]"'<]|<(?!!--|\?)|"[^"]*"|'[^']*')*+\])*+>""", re.S)


_XML_HIDES_MARKUP = re.compile(r"<!\[CDATA\[|<!--|<\?")  # what may hold a "</script>" that ends nothing in XML
_XML_HIDING_END = {"<![CDATA[": _CDATA_CLOSE, "<!--": re.compile("-->"), "<?": _PI_CLOSE}


def _xml_content_end(text: str, name: str, pos: int, scans: Scans) -> tuple[int, int, bool]:
    """`raw_text_end` in an XML page: no raw text there, so a ``</script>`` inside a CDATA section, a comment or a
    processing instruction is the script's.  Linear: the end tag is looked for again only when one hid it."""
    n = len(text)
    end_tag = _end_tag_re(name)
    m = scans.search(end_tag, text, pos)
    while m is not None:
        hiding = _XML_HIDES_MARKUP.search(text, pos, m.start())
        if hiding is None:
            break
        close = scans.search(_XML_HIDING_END[hiding.group()], text, hiding.end())
        if close is None:
            return n, n, False
        pos = close.end()
        if m.start() < pos:
            m = scans.search(end_tag, text, pos)
    if m is None:
        return n, n, False
    t = TAG_RE.match(text, m.start() + 2)
    return (m.start(), n, False) if t is None else (m.start(), t.end(), True)


def _bogus_end(text: str, pos: int) -> int:
    """End of a bogus comment or doctype: the first ">" or the end of the file."""
    close = text.find(">", pos)
    return len(text) if close < 0 else close + 1


_raw_end_cache: dict[str, re.Pattern] = {}


def _end_tag_re(name: str) -> re.Pattern:
    """ "</name" as an appropriate end tag: followed by whitespace, "/" or ">"; any case."""
    pat = _raw_end_cache.get(name)
    if pat is None:
        pat = _raw_end_cache[name] = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.I)
    return pat


# script data states: what moves the tokeniser on, from each of the three states
_SCRIPT_DATA = re.compile(r"</script(?=[\t\n\f\r />])|<!--", re.I)
_SCRIPT_ESCAPED = re.compile(r"</script(?=[\t\n\f\r />])|<script(?=[\t\n\f\r />])|-->", re.I)
_SCRIPT_DOUBLE_ESCAPED = re.compile(r"</script(?=[\t\n\f\r />])|-->", re.I)


def raw_text_end(text: str, name: str, pos: int, raw: str = "rawtext",
                 scans: Scans | None = None) -> tuple[int, int, bool]:
    """Where the content of a raw element that starts at `pos` ends.

    Returns (content_end, after_end_tag, closed).  `raw` is the tokeniser state: "rcdata" and
    "rawtext" end at the first appropriate end tag, "script" runs the script-data states
    (``<!--`` escapes, ``<script>`` inside an escape double-escapes, ``-->`` leaves both), and
    "plaintext" never ends.
    """
    n = len(text)
    if raw == "plaintext":
        return n, n, False
    if scans is None:
        scans = Scans()
    if raw == "script":
        stop = _script_end(text, pos, scans)
    else:
        m = scans.search(_end_tag_re(name), text, pos)
        stop = m.start() if m else -1
    if stop < 0:
        return n, n, False
    t = TAG_RE.match(text, stop + 2)
    if t is None:  # the end tag runs into the end of the file: browsers drop it
        return stop, n, False
    return stop, t.end(), True


def _script_end(text: str, pos: int, scans: Scans) -> int:
    """Offset of the "</script" that ends script data starting at `pos`, or -1."""
    state = 0  # 0: script data, 1: escaped, 2: double escaped
    finders = (_SCRIPT_DATA, _SCRIPT_ESCAPED, _SCRIPT_DOUBLE_ESCAPED)
    while True:
        m = scans.search(finders[state], text, pos)
        if m is None:
            return -1
        hit = m.group()
        if hit == "<!--":  # script data escape start: lands in "escaped dash dash"
            state = 1
            pos = m.start() + 2  # so that "<!-->" and "<!--->" leave the escape at once
        elif hit.endswith(">"):  # "-->": back to script data
            state = 0
            pos = m.end()
        elif hit[1] == "/":
            if state == 0 or state == 1:
                return m.start()
            state = 1  # "</script" only ends the double escape
            pos = m.end()
        else:  # "<script" inside an escape
            state = 2
            pos = m.end()


_PROLOGUE_KINDS = frozenset({COMMENT, DOCTYPE, DROPPED})
_SPACE = "\t\n\f\r "


def prologue_end(text: str) -> int:
    """Where a page's first element (or text) may begin: past a byte order mark, white space, comments (bogus ones
    too: ``<?xml …?>``) and doctypes, each ending where the tokeniser ends it (``<!-->`` and ``<!--->`` are whole
    comments, ``--!>`` ends one).  Markup put there precedes the page's own and stays out of its comments; nothing
    may go before it (before a doctype a page is in quirks mode).  A comment or doctype the end of the file cuts off
    is not passed: what follows it would be inside it."""
    pos = at = 1 if text.startswith("\ufeff") else 0
    for tok in tokenize(text, pos):
        if text[at:tok.start].strip(_SPACE) or tok.kind not in _PROLOGUE_KINDS or _cut_off(text, tok):
            break
        at = tok.end
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at


def _cut_off(text: str, tok: Markup) -> bool:
    """A comment, bogus comment or doctype that runs into the end of the file unclosed."""
    if tok.end < len(text):
        return False
    if text.startswith("<!--", tok.start):
        at = tok.start + 4
        return _COMMENT_ABRUPT.match(text, at) is None and _COMMENT_CLOSE.search(text, at) is None
    return not text.endswith(">")


# A downlevel-hidden conditional comment, ``<!--[if EXPR]>CONTENT<![endif]-->``: a comment to browsers, markup to
# Internet Explorer (9 and before) and to Outlook's Word engine where EXPR holds (an e-mail's Outlook button, an
# IE-only notice).  The downlevel-revealed form's markers (``<!--[if !mso]><!-- -->``, ``<!--<![endif]-->``) are
# comments around the page's own markup, and no such comment.
_IF = re.compile(r"<!--\[if[\t\n\f\r ][^\]]*+\]>", re.I)
_ENDIF = re.compile(r"<!\[endif\]", re.I)
_ENDIF_CLOSE = re.compile(r"<!\[endif\][\t\n\f\r ]*+--!?>", re.I)
_OFFICE_SETTINGS = re.compile(r"[\t\n\f\r ]*+<xml[\t\n\f\r />]", re.I)
CONDITIONAL = "!--[if]"  # the name a downlevel-hidden conditional comment is known by among a page's tags


def conditional_content(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the CONTENT of the comment text[start:end] when it is a downlevel-hidden conditional comment,
    else None.  CONTENT ends at the first ``<![endif]`` (where IE and Outlook end it), which must end the comment.
    One whose content is an ``<xml>`` island (Word's and Outlook's document settings: ``<o:OfficeDocumentSettings>``,
    ``<w:WordDocument>``) is data to them, no markup to show: a plain comment."""
    m = _IF.match(text, start, end)
    if m is None or _OFFICE_SETTINGS.match(text, m.end(), end):
        return None
    stop = _ENDIF.search(text, m.end(), end)  # (bounded by the comment: a page of ten thousand stays linear)
    if stop is None or _ENDIF_CLOSE.fullmatch(text, stop.start(), end) is None:
        return None
    return m.end(), stop.start()


# --- the few tree-construction rules the tokeniser states depend on ---------------------------

_BREAKOUT = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img "
    "li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul "
    "var".split()
)
_SVG_HTML_POINTS = frozenset({"foreignobject", "desc", "title"})
_MATH_TEXT_POINTS = frozenset({"mi", "mo", "mn", "ms", "mtext"})
_HTML_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    "source track wbr".split()
)
# HTML elements an unmatched end tag may not close through ("special" category, in part)
_SPECIAL = frozenset(
    "address applet area article aside base basefont bgsound blockquote body br button caption "
    "center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form "
    "frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input li link listing "
    "main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script "
    "section select source style summary table tbody td template textarea tfoot th thead title "
    "tr track ul wbr xmp".split()
)
_HTML, _SVG, _MATH = "html", "svg", "math"
_ENTERS_FOREIGN = frozenset({_SVG, _MATH})
_NOT_PUSHED = _HTML_VOID | frozenset(_RAW_KIND)
_OUTER_REACH = 256  # how far back an end tag looks for its element (here and outside): keeps the tokeniser linear


class _Foreign:
    """The open SVG/MathML elements (and HTML ones inside their integration points).

    Empty while the page is plain HTML.  Only what decides the tokeniser's states is kept:
    whether the current node is foreign (CDATA allowed, raw-text tags are not raw) and
    whether a start tag is processed by the HTML rules (integration points, breakout tags).
    """

    __slots__ = ("outer", "stack")

    def __init__(self) -> None:
        self.stack: list[tuple[str, str, bool]] = []  # (lower-case name, namespace, integration point)
        self.outer: list[str] = []  # open HTML elements around it (implied end tags not followed)

    def close_outer(self, name: str) -> bool:
        """An end tag reaching the HTML elements outside: close the nearest one of that name."""
        outer = self.outer
        for i in range(len(outer) - 1, max(-1, len(outer) - 1 - _OUTER_REACH), -1):
            if outer[i] == name:
                del outer[i:]
                self.stack.clear()
                return True
        return False

    def in_foreign(self) -> bool:
        return bool(self.stack) and self.stack[-1][1] != _HTML

    def start_tag(self, name: str, text: str, tag: Markup) -> bool:
        """Track the start tag; True when the HTML rules process it (raw-text states apply)."""
        stack = self.stack
        if not stack:
            if name in _ENTERS_FOREIGN:
                if not tag.self_closing:
                    stack.append((name, name, False))
            elif name not in _NOT_PUSHED:
                self.outer.append(name)
            return True
        node, ns, point = stack[-1]
        foreign = ns != _HTML
        if foreign and point and ns == _MATH and node in _MATH_TEXT_POINTS:
            foreign = name in ("mglyph", "malignmark")
        elif foreign and point:  # HTML integration point
            foreign = False
        elif foreign and node == "annotation-xml" and name == _SVG:
            foreign = False  # svg in annotation-xml is SVG, inserted by the foreign rules below
            stack.append((_SVG, _SVG, False))
            return False
        if foreign:
            if name in _BREAKOUT or (name == "font" and _has_font_attr(text, tag)):
                while stack and stack[-1][1] != _HTML and not stack[-1][2]:
                    stack.pop()
                return self.start_tag(name, text, tag)
            if not tag.self_closing:
                stack.append((name, ns, _is_point(ns, name, text, tag)))
            return False
        # HTML rules inside an integration point
        if name in (_SVG, _MATH):
            if not tag.self_closing:
                stack.append((name, name, False))
            return True
        if name not in _HTML_VOID and name not in _RAW_KIND:
            stack.append((name, _HTML, False))
        return True

    def end_tag(self, name: str) -> None:
        stack = self.stack
        if not stack:
            return
        bottom = max(-1, len(stack) - 1 - _OUTER_REACH)  # an element deeper than that is not looked for
        i = len(stack) - 1
        if stack[i][1] != _HTML:  # foreign rules: close the nearest foreign element of that name
            while i > bottom and stack[i][1] != _HTML:
                if stack[i][0] == name:
                    del stack[i:]
                    return
                i -= 1
            if i < 0:
                self.close_outer(name)
                return
            if i == bottom:
                return
        for i in range(len(stack) - 1, bottom, -1):  # HTML rules, "any other end tag"
            node, ns, point = stack[i]
            if ns == _HTML and node == name:
                del stack[i:]
                return
            if point or (ns == _HTML and node in _SPECIAL) or (ns == _MATH and node == "annotation-xml"):
                return
        if bottom < 0:
            self.close_outer(name)


def _has_font_attr(text: str, tag: Markup) -> bool:
    return any(a in ("color", "face", "size") for a in parse_attrs(text, tag.attrs_start, tag.attrs_end))


def _is_point(ns: str, name: str, text: str, tag: Markup) -> bool:
    if ns == _SVG:
        return name in _SVG_HTML_POINTS
    if name in _MATH_TEXT_POINTS:
        return True
    if name == "annotation-xml":
        enc = parse_attrs(text, tag.attrs_start, tag.attrs_end).get("encoding")
        return enc is not None and enc.value.lower() in ("text/html", "application/xhtml+xml")
    return False


# --- attributes -------------------------------------------------------------------------------


@dataclass(slots=True)
class Attr:
    name: str  # lower-case
    value: str  # entity-decoded
    start: int  # span of the raw value in the source, quotes included (== end of name if no value)
    end: int
    quoted: bool


def parse_attrs(text: str, start: int, end: int) -> dict[str, Attr]:
    """Attributes of a tag whose attribute text is text[start:end]; first one wins (HTML5)."""
    attrs: dict[str, Attr] = {}
    for m in ATTR_RE.finditer(text, start, end):
        name, double, single, unquoted = m.groups()
        name = name.lower()
        if name in attrs:
            continue
        raw = double if double is not None else single
        if raw is not None:  # quoted: the span takes the quotes in
            vs, ve = m.span(2 if double is not None else 3)
            attrs[name] = Attr(name, unescape_attr(raw) if "&" in raw else raw, vs - 1, ve + 1, True)
        elif unquoted is not None:
            vs, ve = m.span(4)
            attrs[name] = Attr(name, unescape_attr(unquoted) if "&" in unquoted else unquoted, vs, ve, False)
        else:
            attrs[name] = Attr(name, "", m.end(), m.end(), False)
    return attrs


_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def unescape_attr(value: str) -> str:
    """Decode character references as in an attribute value.

    Unlike text, a legacy named reference without ";" followed by "=" or a letter or digit
    stays as written (``?a=1&copy=2`` keeps its ``&copy``).
    """
    return _CHARREF.sub(_attr_ref, value)


def _attr_ref(m: re.Match) -> str:
    ref = m.group(0)
    if ref[1] == "#" or (ref[-1] == ";" and ref[1:] in _NAMED):
        return unescape(ref)
    name = ref[1:]
    for k in range(min(len(name), 32), 1, -1):
        if name[:k] in _NAMED:  # the longest legacy name that is a prefix
            following = name[k] if k < len(name) else m.string[m.end():m.end() + 1]
            if following == "=" or (following.isascii() and following.isalnum()):
                return ref
            return _NAMED[name[:k]] + name[k:]
    return ref


_LINE_BREAK = re.compile(r"\r\n?|\n")


def line_counter(text: str) -> Callable[[int], int]:
    """Return a function offset -> 1-based line (binary search over the line breaks' offsets).  A line ends at a
    CR LF, a LF or a CR alone, as editors and browsers read one (a classic Mac OS page's lines are CR's)."""
    if "\r" in text:
        newlines = [m.end() - 1 for m in _LINE_BREAK.finditer(text)]
    else:
        newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(pos: int) -> int:
        return bisect_right(newlines, pos - 1) + 1

    return line_at
