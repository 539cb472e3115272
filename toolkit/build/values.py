"""The data a page's text carries, kept when the text is translated: an option's value, a time's date.

A browser takes an ``<option>``'s value from its text when it has no ``value`` attribute (the data its form
submits, what a script reads), and a ``<time>``'s machine-readable date from its text when it has no ``datetime``.
A translated option (``<option>Petit</option>``) sent ``size=Petit`` to a server expecting ``Small``: the built start
tag now states the source's (``<option value="Small">``), and a translated date (``<time>1 mai 2024</time>``) keeps
``datetime="2024-05-01"``.  Untranslated text, or a translation leaving that text as it was, needs no attribute.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from html import unescape

from toolkit.build.splice import Edit
from toolkit.html.elements import START_TAG_NAME
from toolkit.html.render import escape_attr
from toolkit.html.segment import Unit
from toolkit.html.tokenize import parse_attrs
from toolkit.placeholders import PLACEHOLDER_RE

_COMMENT = re.compile(r"<!--.*?(?:--!?>|\Z)", re.S)
_TAG = re.compile(r"""</?[A-Za-z](?:[^>"']|"[^"]*"|'[^']*')*>""")
_ASCII_SPACE = re.compile(r"[\t\n\f\r ]+")
_CONTENT_REST = re.compile(r"(?:[^<]|<!--.*?(?:--!?>|\Z))*", re.S)  # what follows a whole unit in its element

# HTML's date and time microsyntaxes (WHATWG §2.3.5), their common forms: a year, month, date, yearless date, week,
# time, local or global date and time, and a duration (ISO 8601's P…, or "4h 18m 3s")
_YEAR = r"(?:\d{4,})"
_MONTH = rf"{_YEAR}-(?:0[1-9]|1[0-2])"
_DATE = rf"{_MONTH}-(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?"
_ZONE = r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)"
_SECONDS = r"\d+(?:\.\d{1,3})?"
_DURATION = (rf"P(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:{_SECONDS}S)?)?"
             rf"|(?:[\t\n\f\r ]*(?:\d+[\t\n\f\r ]*[WwDdHhMm]|{_SECONDS}[\t\n\f\r ]*[Ss]))+")
_DATE_TIME = re.compile(
    rf"{_YEAR}|{_MONTH}|{_DATE}|(?:--)?(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|{_YEAR}-W(?:0[1-9]|[1-4]\d|5[0-3])"
    rf"|{_TIME}|{_DATE}[T ]{_TIME}{_ZONE}?|{_ZONE}|{_DURATION}")


def is_date_time(text: str) -> bool:
    """Whether `text` is a valid HTML date, time or duration string (what a ``<time>`` without ``datetime`` must
    hold); "P" alone, a duration of nothing, is none."""
    return text != "P" and _DATE_TIME.fullmatch(text) is not None


def text_content(markup: str) -> str:
    """The text a browser reads from an element's content, as an option's value: tags and comments out, references
    decoded, ASCII white space stripped and collapsed (a no-break space stays)."""
    text = _TAG.sub("", _COMMENT.sub("", markup)) if "<" in markup else markup
    return _ASCII_SPACE.sub(" ", unescape(text) if "&" in text else text).strip("\t\n\f\r ")


def _attribute_edit(text: str, tag: tuple[int, int], name_end: int, name: str, value: str,
                    xml: bool) -> list[Edit]:
    """`name="value"` added to a start tag (`tag`: its span) that has no such attribute."""
    if name in parse_attrs(text, name_end, tag[1] - 1):
        return []
    return [Edit(name_end, name_end, f' {name}="{escape_attr(value, xml)}"')]


def option_value_edits(unit: Unit, text: str, rendered: str, xml: bool) -> list[Edit]:
    """``value`` on the start tag of an ``<option>`` whose whole text the unit is (built as `rendered`), when it has
    none and the translation changed its text: the option's value stays what the source's form submitted."""
    if unit.element != "option" or not unit.whole or unit.owner_tag is None:
        return []
    start, end = unit.owner_tag
    if _in_datalist(text, start):  # a suggestion, put into a text field as it reads: its translation is right there
        return []
    rest = _CONTENT_REST.match(text, unit.end)
    stop = rest.end() if rest is not None else unit.end
    value = text_content(text[end:stop])
    if text_content(text[end:unit.start] + rendered + text[unit.end:stop]) == value:
        return []
    return _attribute_edit(text, (start, end), start + len("<option"), "value", value, xml)


_DATALIST = re.compile(r"<(/?)datalist[\t\n\f\r />]", re.I)


@lru_cache(maxsize=4)
def _datalists(text: str) -> tuple[list[int], list[int]]:
    """Where the page's ``<datalist>`` elements start and end (found once a page, not once an option)."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _DATALIST.finditer(text):
        if not m.group(1) and len(starts) == len(ends):
            starts.append(m.start())
        elif m.group(1) and len(starts) > len(ends):
            ends.append(m.start())
    if len(starts) > len(ends):
        ends.append(len(text))
    return starts, ends


def _in_datalist(text: str, at: int) -> bool:
    """Whether offset `at` is inside a ``<datalist>``, whose options are suggestions a browser puts into a text field
    (their value, when they have one: a `value` added there would put the source's words into the field)."""
    starts, ends = _datalists(text)
    i = bisect_right(starts, at) - 1
    return i >= 0 and at < ends[i]


def time_datetime_edits(text: str, element: tuple[int, int, int] | None, unit: Unit, msgstr: str,
                        xml: bool) -> list[Edit]:
    """``datetime`` on the start tag of a ``<time>`` whose whole text the translated unit is (`element`: its
    start, end and the end of its name, `splice._lang_element`'s), when it has none, its source text is a date or
    time and the translation changed it: a machine reading the page keeps the date."""
    if element is None or unit.placeholders:
        return []
    start, end, name_end = element
    if text[start + 1:name_end].lower() != "time":
        return []
    source = unit.msgid.strip("\t\n\f\r ")
    if not is_date_time(source) or msgstr.strip("\t\n\f\r ") == source:
        return []
    return _attribute_edit(text, (start, end), name_end, "datetime", source, xml)


def time_placeholders(unit: Unit) -> set[str]:
    """The names of the unit's placeholders that are ``<time>`` elements."""
    return {name for name, ph in unit.placeholders.items() if ph.close and _is_time(ph.open)}


def _is_time(tag: str) -> bool:
    m = START_TAG_NAME.match(tag)
    return m is not None and m.group(1).lower() == "time"


def time_placeholder_opens(unit: Unit, opens: dict[str, str] | None, changed: set[str],
                           xml: bool) -> dict[str, str] | None:
    """`opens` with ``datetime`` added to the inline ``<time>`` elements named in `changed` (`time_placeholders`
    whose content the translation changed) whose text, with no element in it, is a date or time."""
    added_to: dict[str, str] = {}
    for name in sorted(changed):
        tag = opens[name] if opens and name in opens else unit.placeholders[name].open
        content = _content(unit.msgid, name)
        if content is None or not is_date_time(content):
            continue
        added = _attribute_edit(tag, (0, len(tag)), len("<time"), "datetime", content, xml)
        if added:
            added_to[name] = tag[:5] + added[0].text + tag[5:]
    return {**(opens or {}), **added_to} if added_to else opens


def _content(msgid: str, name: str) -> str | None:
    """The text between a placeholder pair in a msgid, stripped, or None when another placeholder is in it."""
    opening = next((m for m in PLACEHOLDER_RE.finditer(msgid) if m.group(2) == name and not m.group(1)
                    and not m.group(3)), None)
    if opening is None:
        return None
    closing = PLACEHOLDER_RE.search(msgid, opening.end())
    if closing is None or closing.group(2) != name or not closing.group(1):
        return None
    return msgid[opening.end():closing.start()].strip("\t\n\f\r ")
