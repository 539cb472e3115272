"""ITS 2.0 limits the page sets on a text: Storage Size and Allowed Characters.

Extraction writes them as extracted comments (``#. its:storage-size=25``,
``#. its:allowed-characters=[a-zA-Z ]``; the format's owner is ``toolkit.html.tree``); these
checks read them back from the entry, so the limits travel with the catalogue (docs/ITS.md).
The text measured is what the page will show: the translation without its placeholders.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from toolkit.checks.registry import ERROR, Context, Problem, check
from toolkit.checks.text import without_markup
from toolkit.html.tree import ALLOWED_CHARACTERS_PREFIX, STORAGE_SIZE_PREFIX, StorageSize

_LINE_BREAKS = {"lf": "\n", "cr": "\r", "crlf": "\r\n"}
_ANY_BREAK = re.compile(r"\r\n|\r|\n")


@check("storage-size", ERROR)
def check_storage_size(src: str, tr: str, ctx: Context) -> Iterator[str | Problem]:
    """A translation must fit the bytes ITS Storage Size gives it, in its encoding."""
    for line in ctx.comments:
        if not line.startswith(STORAGE_SIZE_PREFIX):
            continue
        limit = StorageSize.from_comment(line)
        if limit is None:
            yield Problem(f"unreadable ITS storage size comment {line!r}", "warning")
            continue
        text = _ANY_BREAK.sub(_LINE_BREAKS.get(limit.line_break, "\n"), without_markup(tr, ctx.names))
        try:
            codecs.lookup(limit.encoding)
        except LookupError:
            yield Problem(f"ITS storage encoding {limit.encoding!r} is unknown; size not checked", "warning")
            continue
        try:
            size = len(text.encode(limit.encoding))
        except UnicodeEncodeError as exc:
            yield f"{exc.object[exc.start:exc.end]!r} cannot be stored in {limit.encoding} (ITS storage encoding)"
            continue
        if size > limit.size:
            yield f"translation takes {size} bytes in {limit.encoding}; ITS storage size allows {limit.size}"


@check("allowed-characters", ERROR)
def check_allowed_characters(src: str, tr: str, ctx: Context) -> Iterator[str | Problem]:
    """Every character of a translation must be one ITS Allowed Characters permits."""
    for line in ctx.comments:
        if not line.startswith(ALLOWED_CHARACTERS_PREFIX):
            continue
        pattern = line[len(ALLOWED_CHARACTERS_PREFIX):]
        try:
            allowed = re.compile(pattern)
        except re.error as exc:
            yield Problem(f"ITS allowed characters {pattern!r} is not a usable pattern ({exc}); not checked",
                          "warning")
            continue
        bad = sorted({c for c in without_markup(tr, ctx.names) if not allowed.fullmatch(c)})
        if bad:
            shown = "".join(bad[:10]) + ("…" if len(bad) > 10 else "")
            yield f"characters {shown!r} are not allowed here (ITS allowed characters {pattern})"
