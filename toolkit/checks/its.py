"""ITS 2.0 limits the page sets on a text: Storage Size and Allowed Characters.

Extraction writes them as extracted comments (``#. its:storage-size=25``,
``#. its:allowed-characters=[a-zA-Z ]``; the format's owner is ``toolkit.html.tree``); these
checks read them back from the entry, so the limits travel with the catalogue (docs/ITS.md).
The text measured is what the page will show: the translation without its placeholders.  A
limit an inline element inside the sentence sets is written with its placeholder
(``#. <code>: its:allowed-characters=[a-z_]``) and measured on that element's text alone.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from toolkit.checks.registry import ERROR, Context, Problem, check
from toolkit.checks.text import without_markup
from toolkit.html.tree import ALLOWED_CHARACTERS_PREFIX, LINE_BREAKS, STORAGE_SIZE_PREFIX, StorageSize
from toolkit.placeholders import tokens

_ANY_BREAK = re.compile(r"\r\n|\r|\n")
_ON_PLACEHOLDER = re.compile(r"<([^<>/\s]+)>: (its:\S.*)$")


def _limited_texts(prefix: str, tr: str, ctx: Context) -> Iterator[tuple[str, str, str]]:
    """(limit comment, text it measures, where) for each `prefix` limit of the entry: the whole
    translation, or for ``<name>: its:…`` the text of that placeholder's element in it."""
    for line in ctx.comments:
        if line.startswith(prefix):
            yield line, without_markup(tr, ctx.names), ""
            continue
        m = _ON_PLACEHOLDER.match(line)
        if m is None or not m.group(2).startswith(prefix) or m.group(1) not in ctx.names:
            continue
        name = m.group(1)
        toks = tokens(tr, ctx.names)
        start = next((t for t in toks if t.kind == "open" and t.name == name), None)
        end = next((t for t in toks if t.kind == "close" and t.name == name and start and t.start >= start.end), None)
        if start is not None and end is not None:  # a missing placeholder is the placeholder check's to report
            yield m.group(2), without_markup(tr[start.end:end.start], ctx.names), f"<{name}>: "


@check("storage-size", ERROR)
def check_storage_size(src: str, tr: str, ctx: Context) -> Iterator[str | Problem]:
    """A translation must fit the bytes ITS Storage Size gives it, in its encoding."""
    for line, measured, where in _limited_texts(STORAGE_SIZE_PREFIX, tr, ctx):
        limit = StorageSize.from_comment(line)
        if limit is None:
            yield Problem(f"unreadable ITS storage size comment {line!r}", "warning")
            continue
        try:
            codecs.lookup(limit.encoding)
        except LookupError:
            yield Problem(f"ITS storage encoding {limit.encoding!r} is unknown; size not checked", "warning")
            continue
        text = _ANY_BREAK.sub(_stored_line_break(limit), measured)
        try:
            size = len(text.encode(limit.encoding))
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start:exc.end]
            yield f"{where}{bad!r} cannot be stored in {limit.encoding} (ITS storage encoding)"
            continue
        if size > limit.size:
            yield f"{where}translation takes {size} bytes in {limit.encoding}; ITS storage size allows {limit.size}"


def _stored_line_break(limit: StorageSize) -> str:
    """The line break the storage holds: its type's, or LF where the encoding has no such character (NEL, U+0085,
    in windows-1252 or Shift_JIS: the page's own rule is no error of the translation's)."""
    line_break = LINE_BREAKS.get(limit.line_break, "\n")
    try:
        line_break.encode(limit.encoding)
    except UnicodeEncodeError:
        return "\n"
    return line_break


# what ITS allows as Allowed Characters: a single character class (`[a-zA-Z_]`, `[^<>]`) or any character (`.`)
_ONE_CLASS = re.compile(r"\.|\[\^?\]?(?:[^\]\\]|\\.)*+\]")


@check("allowed-characters", ERROR)
def check_allowed_characters(src: str, tr: str, ctx: Context) -> Iterator[str | Problem]:
    """Every character of a translation must be one ITS Allowed Characters permits."""
    for line, measured, where in _limited_texts(ALLOWED_CHARACTERS_PREFIX, tr, ctx):
        pattern = line[len(ALLOWED_CHARACTERS_PREFIX):]
        if _ONE_CLASS.fullmatch(pattern) is None:  # (a page's `(?:a?|a?){30}b` took minutes a character)
            yield Problem(f"ITS allowed characters {pattern[:80]!r} is not one character class ([…] or .), as ITS "
                          "defines it; not checked", "warning")
            continue
        try:
            allowed = re.compile(pattern)
        except re.error as exc:
            yield Problem(f"ITS allowed characters {pattern!r} is not a usable pattern ({exc}); not checked",
                          "warning")
            continue
        bad = sorted({c for c in measured if not allowed.fullmatch(c)})
        if bad:
            shown = "".join(bad[:10]) + ("…" if len(bad) > 10 else "")
            yield f"{where}characters {shown!r} are not allowed here (ITS allowed characters {pattern})"
