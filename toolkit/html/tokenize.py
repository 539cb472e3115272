"""A fast HTML tokeniser that keeps exact source spans.

One compiled regex finds the markup; text is the gap between matches.  It follows the HTML5
tokeniser where that matters for translation (attribute quoting, comments, raw-text elements,
a ``<`` that opens no tag is text) and never re-serialises anything: every token is a slice of
the source, so the build can splice translations in and copy the rest byte for byte.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from html import unescape

WS = "\t\n\f\r "

# Possessive quantifiers keep an unterminated tag linear instead of backtracking exponentially.
TAG_RE = re.compile(
    r"""<(?:
        (?P<comment>!--.*?(?:--!?>|\Z))
      | /(?P<endname>[A-Za-z][^\t\n\f\r />]*+)[^>]*+>
      | (?P<name>[A-Za-z][^\t\n\f\r />]*+)
        (?P<attrs>(?:[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r />=]*+
            (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >]++))?+)*+)
        [\t\n\f\r /]*+>
      | (?P<decl>[!?/][^>]*+)>
    )""",
    re.S | re.X,
)

ATTR_RE = re.compile(
    r"""([^\t\n\f\r />][^\t\n\f\r />=]*+)
        (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"([^"]*+)"|'([^']*+)'|([^\t\n\f\r >]++)))?""",
    re.X,
)

RAW_TEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"}
RCDATA = {"textarea", "title"}
_raw_end_cache: dict[str, re.Pattern] = {}


def raw_end(name: str) -> re.Pattern:
    """Regex finding the end tag that closes a raw-text/RCDATA element."""
    pat = _raw_end_cache.get(name)
    if pat is None:
        pat = _raw_end_cache[name] = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.I)
    return pat


@dataclass(slots=True)
class Attr:
    name: str  # lower-case
    value: str  # entity-decoded
    start: int  # span of the raw value in the source, quotes included (== end of name if no value)
    end: int
    quoted: bool


def parse_attrs(text: str, start: int, end: int) -> dict[str, Attr]:
    """Attributes of a start tag whose attribute text is text[start:end]; first one wins (HTML5)."""
    attrs: dict[str, Attr] = {}
    for m in ATTR_RE.finditer(text, start, end):
        name = m.group(1).lower()
        if name in attrs:
            continue
        for i in (2, 3, 4):
            raw = m.group(i)
            if raw is not None:
                quoted = i != 4
                vs, ve = (m.start(i) - 1, m.end(i) + 1) if quoted else (m.start(i), m.end(i))
                attrs[name] = Attr(name, unescape(raw) if "&" in raw else raw, vs, ve, quoted)
                break
        else:
            attrs[name] = Attr(name, "", m.end(1), m.end(1), False)
    return attrs


def line_counter(text: str):
    """Return a function offset -> 1-based line (binary search over the newline offsets)."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(pos: int) -> int:
        return bisect_right(newlines, pos - 1) + 1

    return line_at
